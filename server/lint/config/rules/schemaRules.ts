// Rules that follow from the schema alone: syntax problems the readers found, unknown groups and
// keys (with did-you-mean), wrong types, ranges, enums, list lengths, deprecated keys, inline
// comments that end up inside values, and values only valid on the other platform.
import type { ConfigEntry, ConfigGroup } from '../document';
import { getGroupSchema, getKindSchema, getRequiredGroups } from '../schema';
import { groupIndex, lookupGroupKey } from '../schema/groupIndex';
import type { Range } from '../../diagnostic';
import type { GroupSchema, KeySchema, ValueType } from '../schema/types';
import { elementType, isListType, readScalar } from '../values';
import { compareVersions, uncheckedBetween } from '../schema/versions';
import { deleteEntryFix, isPlaceholder, replaceValueFix, type RuleContext } from './context';
import { closest } from './didYouMean';

export function checkSyntax(ctx: RuleContext): void {
  for (const p of ctx.doc.problems) {
    const severity = p.fatal ? 'error' : p.code === 'config/duplicate-group' || p.code === 'config/skipped' ? 'info' : 'warning';
    ctx.report({ code: p.code, severity, message: p.message, range: p.range, related: p.related ? [{ range: p.related, message: 'earlier occurrence' }] : undefined });
  }
}

/** Keys where a `#` after the value is harmless (numbers: GLib stops at the blank before it). */
function inlineCommentMatters(s: KeySchema): boolean {
  return s.type === 'string' || s.type === 'path' || s.type === 'string-list' || s.type === 'path-list' || s.type === 'double' || s.type === 'double-list' || s.type === 'bool' || s.type === 'uint64';
}

export function checkSchema(ctx: RuleContext): void {
  const kindSchema = getKindSchema(ctx.kind);
  for (const req of getRequiredGroups(ctx.kind)) {
    if (!ctx.doc.groups.some((g) => req.match.test(g.name))) {
      ctx.report({
        code: 'config/missing-group',
        severity: 'error',
        message: `This ${kindSchema.title} has no ${ctx.doc.format === 'ini' ? `[${req.name}]` : `${req.name}:`} group; DeepStream refuses it.`,
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: (ctx.doc.lines[0] ?? '').length } },
      });
    }
  }
  for (const g of ctx.doc.groups) {
    const gs = getGroupSchema(ctx.kind, g.name);
    if (!gs) {
      if (!kindSchema.openGroups) reportUnknownGroup(ctx, g, kindSchema.groups);
      continue;
    }
    for (const e of g.entries) checkEntry(ctx, g, gs, e);
    checkRequiredKeys(ctx, g, gs);
  }
  checkPreprocessGroups(ctx);
}

/**
 * nvdspreprocess [group-N] checks as nvdspreprocess_parse_common_group makes them: what a group
 * needs depends on process-on-frame (primary: process-on-roi, plus roi-params-src-N when it is 1;
 * secondary: process-on-all-objects, plus roi-params-src-N when it is 0). The parser reads keys in
 * file order, so a roi-params-src-N before `process-on-roi=1` is skipped, and it records what was
 * set across groups (a key set by an earlier group satisfies later ones). INI only.
 */
function checkPreprocessGroups(ctx: RuleContext): void {
  if (ctx.kind !== 'preprocess' || ctx.doc.format !== 'ini') return;
  const bool = (e: ConfigEntry | undefined, dflt: boolean): boolean => {
    if (!e) return dflt;
    const r = readScalar(e.raw, 'bool', false);
    return r.ok ? r.value === true : dflt;
  };
  let onFrame = true; // DEFAULT_PROCESS_ON_FRAME in gstnvdspreprocess.cpp
  const seen = { 'src-ids': false, 'process-on-roi': false, 'process-on-all-objects': false, 'roi-params-src-<N>': false };
  for (const g of ctx.doc.groups) {
    if (g.name === 'property') {
      onFrame = bool(g.keys.get('process-on-frame'), onFrame);
      continue;
    }
    if (!g.name.startsWith('group-')) continue;
    let roi = false;
    let all = false;
    let skippedRoi: ConfigEntry | undefined;
    for (const e of g.entries) {
      if (e.overridden) continue;
      if (e.key === 'src-ids') seen['src-ids'] = true;
      else if (e.key === 'process-on-roi') {
        seen['process-on-roi'] = true;
        roi = bool(e, false);
      } else if (e.key === 'process-on-all-objects') {
        seen['process-on-all-objects'] = true;
        all = bool(e, false);
      } else if (e.key.startsWith('roi-params-src')) {
        if ((onFrame && roi) || (!onFrame && !all)) seen['roi-params-src-<N>'] = true;
        else skippedRoi ??= e;
      }
    }
    const need: (keyof typeof seen)[] = ['src-ids', onFrame ? 'process-on-roi' : 'process-on-all-objects'];
    if ((onFrame && roi) || (!onFrame && !all)) need.push('roi-params-src-<N>');
    const missing = need.filter((k) => !seen[k]);
    if (!missing.length) continue;
    const mode = onFrame ? 'primary mode (process-on-frame=1)' : 'secondary mode (process-on-frame=0)';
    const why = skippedRoi && missing.includes('roi-params-src-<N>') ? ` "${skippedRoi.key}" on line ${skippedRoi.line + 1} comes before ${onFrame ? '"process-on-roi=1"' : '"process-on-all-objects=0"'}: the parser reads keys in order and skipped it.` : '';
    ctx.report({
      code: 'config/missing-key',
      severity: 'error',
      message: `The nvdspreprocess config parser refuses [${g.name}] in ${mode}: it has no ${missing.map((k) => `"${k}"`).join(', ')} ("Some preprocess group config properties not set").${why}`,
      range: g.nameRange,
    });
  }
}

/** Keys without which the parser refuses the group (`required` in the schema). */
function checkRequiredKeys(ctx: RuleContext, g: ConfigGroup, gs: GroupSchema): void {
  const ix = groupIndex(gs);
  const ini = ctx.doc.format === 'ini';
  const required = ini ? ix.requiredIni : ix.requiredYaml;
  const patterns = ini ? ix.requiredPatternsIni : ix.requiredPatternsYaml;
  let missing: string[] | undefined;
  for (const s of required) if (!g.keys.has(s.key)) (missing ??= []).push(`"${s.key}"`);
  for (const p of patterns) if (!g.entries.some((e) => p.match.test(e.key))) (missing ??= []).push(`key matching "${p.schema.key}"`);
  if (!missing) return;
  const title = getKindSchema(ctx.kind).title;
  const shown = ini ? `[${g.name}]` : g.name;
  ctx.report({
    code: 'config/missing-key',
    severity: 'error',
    message: `The ${title} parser refuses ${shown}: it has no ${missing.join(', ')}.`,
    range: g.nameRange,
  });
}

/** Group names with a number for the placeholder, and closest() over them, per kind's group list (memoized). */
const groupGuesses = new WeakMap<GroupSchema[], { names: string[]; guesses: Map<string, string | null> }>();

function closestGroup(groups: GroupSchema[], name: string): string | undefined {
  let m = groupGuesses.get(groups);
  if (!m) {
    m = { names: groups.map((s) => s.name.replace(/<N>|<class-id>/, '0')), guesses: new Map() };
    groupGuesses.set(groups, m);
  }
  const hit = m.guesses.get(name);
  if (hit !== undefined) return hit ?? undefined;
  const guess = closest(name, m.names) ?? null;
  if (m.guesses.size < 1024) m.guesses.set(name, guess);
  return guess ?? undefined;
}

function reportUnknownGroup(ctx: RuleContext, g: ConfigGroup, groups: GroupSchema[]): void {
  // deepstream-app takes every INI group starting with "source" as a source and refuses the file
  // when the rest is not a number ("Source group ... is not in the form [source<%d>]").
  if (ctx.kind === 'deepstream-app' && ctx.doc.format === 'ini' && /^source/.test(g.name)) {
    const n = g.name.match(/\d+/)?.[0] ?? '0';
    ctx.report({
      code: 'config/unknown-group',
      severity: 'error',
      message: `deepstream-app refuses the config: group "[${g.name}]" starts with "source" but is not [source<N>].`,
      range: g.nameRange,
      fixes: [{ title: `Rename the group to "source${n}"`, edits: [{ range: g.nameRange, newText: `source${n}` }] }],
    });
    return;
  }
  const guess = closestGroup(groups, g.name.replace(/\d+$/, '0'));
  const what = ctx.kind === 'nvinfer' ? 'nvinfer ignores it' : ctx.kind === 'deepstream-app' ? 'deepstream-app ignores it' : 'it is not read';
  ctx.report({
    code: 'config/unknown-group',
    severity: ctx.foreignApp ? 'info' : 'warning',
    message: `Unknown group "${g.name}": ${what}${ctx.foreignApp ? ` (this config looks written for ${ctx.foreignApp}, which may read it)` : ''}.${guess ? ` Did you mean "${guess.replace(/0$/, g.name.match(/\d+$/)?.[0] ?? '0')}"?` : ''}`,
    range: g.nameRange,
    fixes: guess
      ? [{ title: `Rename the group to "${guess.replace(/0$/, g.name.match(/\d+$/)?.[0] ?? '0')}"`, edits: [{ range: g.nameRange, newText: guess.replace(/0$/, g.name.match(/\d+$/)?.[0] ?? '0') }] }]
      : undefined,
  });
}

/** closest() over a group's key names, memoized per group schema (a pure function of both). */
const keyGuesses = new WeakMap<GroupSchema, Map<string, string | null>>();

function closestKey(gs: GroupSchema, key: string): string | undefined {
  let byKey = keyGuesses.get(gs);
  if (!byKey) {
    byKey = new Map();
    keyGuesses.set(gs, byKey);
  }
  const hit = byKey.get(key);
  if (hit !== undefined) return hit ?? undefined;
  const guess = closest(key, groupIndex(gs).keyNames as string[]) ?? null;
  if (byKey.size < 1024) byKey.set(key, guess);
  return guess ?? undefined;
}

function checkEntry(ctx: RuleContext, g: ConfigGroup, gs: GroupSchema, e: ConfigEntry): void {
  if (e.locale !== undefined) return; // a translation (`key[fr]`): never read by DeepStream
  const s = lookupGroupKey(gs, e.key);
  if (!s) {
    if (gs.openKeys) return;
    const guess = closestKey(gs, e.key);
    ctx.report({
      code: 'config/unknown-key',
      severity: ctx.foreignApp ? 'info' : 'warning',
      message: `Unknown key "${e.key}" in ${ctx.doc.format === 'ini' ? `[${g.name}]` : g.name}: ${ctx.foreignApp ? `deepstream-app ignores it (this config looks written for ${ctx.foreignApp})` : ctx.kind === 'tracker' ? 'NvMultiObjectTracker does not document it, so it most likely has no effect' : 'DeepStream ignores it'}.${guess ? ` Did you mean "${guess}"?` : ''}`,
      range: e.keyRange,
      fixes: guess ? [{ title: `Change to "${guess}"`, edits: [{ range: e.keyRange, newText: guess }], isPreferred: true }] : undefined,
    });
    return;
  }
  checkVersion(ctx, s, e);
  checkValue(ctx, g, s, e);
}

/** How a key's versions compare with one target version; cached per key for the last target seen. */
interface VersionVerdict {
  target: string;
  /** target >= removedIn */
  removed: boolean;
  /** target < deprecatedSince */
  deprecationNotYet: boolean;
  /** target < since */
  newer: boolean;
  /** target <= sinceAfter */
  absentInTarget: boolean;
}
const verdicts = new WeakMap<KeySchema, VersionVerdict>();

function versionVerdict(s: KeySchema, target: string): VersionVerdict {
  let v = verdicts.get(s);
  if (!v || v.target !== target) {
    v = {
      target,
      removed: s.removedIn !== undefined && s.removedIn !== '' && compareVersions(target, s.removedIn) >= 0,
      deprecationNotYet: s.deprecatedSince !== undefined && s.deprecatedSince !== '' && compareVersions(target, s.deprecatedSince) < 0,
      newer: s.since !== undefined && s.since !== '' && compareVersions(target, s.since) < 0,
      absentInTarget: s.sinceAfter !== undefined && s.sinceAfter !== '' && compareVersions(target, s.sinceAfter) <= 0,
    };
    verdicts.set(s, v);
  }
  return v;
}

/**
 * The key against the target DeepStream version (LintOptions.dsVersion): removed or deprecated there
 * (warning / info), or only read by newer releases (hint). Versions come from the parser sources
 * that were checked (schema/versionEvidence.ts); keys without evidence are not judged.
 */
function checkVersion(ctx: RuleContext, s: KeySchema, e: ConfigEntry): void {
  if (!s.removedIn && !s.ignored && !s.deprecated && !(s.since && s.sinceAfter)) return;
  const target = ctx.options.dsVersion;
  const v = versionVerdict(s, target);
  if (v.removed) {
    ctx.report({
      code: 'config/deprecated-key',
      severity: 'warning',
      message: `"${e.key}" has no effect in DeepStream ${target}: ${s.deprecated ?? `not read since DeepStream ${s.removedIn}.`}`,
      range: e.keyRange,
      tags: ['deprecated'],
      fixes: s.ignored ? [deleteEntryFix(`Remove "${e.key}"`, e)] : undefined,
    });
    return;
  }
  if (s.ignored && !s.removedIn) {
    ctx.report({ code: 'config/deprecated-key', severity: 'warning', message: `"${e.key}" is no longer read: ${s.deprecated ?? 'DeepStream ignores it.'}`, range: e.keyRange, tags: ['deprecated'], fixes: [deleteEntryFix(`Remove "${e.key}"`, e)] });
    return;
  }
  if (s.deprecated && !s.removedIn && !v.deprecationNotYet) {
    ctx.report({ code: 'config/deprecated-key', severity: 'info', message: `"${e.key}" is deprecated${s.deprecatedSince ? ` since DeepStream ${s.deprecatedSince}` : ''}: ${s.deprecated}`, range: e.keyRange, tags: ['deprecated'] });
  }
  if (s.since && s.sinceAfter && v.newer) {
    const unchecked = uncheckedBetween(s.sinceAfter, s.since);
    const sure = v.absentInTarget;
    ctx.report({
      code: 'config/newer-key',
      severity: 'hint',
      message: sure
        ? `"${e.key}" is newer than the target DeepStream ${target}: its parser reads it from the DeepStream ${s.since} sources on (not in ${s.sinceAfter}), so DeepStream ${target} ignores it.`
        : `"${e.key}" may be newer than the target DeepStream ${target}: first seen in the DeepStream ${s.since} sources, absent from ${s.sinceAfter}${unchecked.length ? ` (${unchecked.join(', ')} sources were not checked)` : ''}.`,
      range: e.keyRange,
    });
  }
}

const enforcedSeverity = (_ctx: RuleContext, s: KeySchema) => (s.enforced ? 'error' : 'warning');

function checkValue(ctx: RuleContext, g: ConfigGroup, s: KeySchema, e: ConfigEntry): void {
  const yaml = e.yaml !== undefined;
  if (isPlaceholder(e.raw)) return;
  if (yaml && (e.yaml?.node === 'map' || (e.yaml?.node === 'seq' && !isListType(s.type)))) {
    ctx.report({ code: 'config/wrong-type', severity: 'error', message: `${whereOf(ctx, g, e)} must be a ${s.type === 'string' || s.type === 'path' ? 'string' : s.type}, not a YAML ${e.yaml?.node === 'map' ? 'mapping' : 'sequence'}; yaml-cpp cannot convert it.`, range: e.valueRange });
    return;
  }
  if (yaml && e.yaml?.node === 'seq' && isListType(s.type) && !s.yamlSeq) {
    ctx.report({ code: 'config/wrong-type', severity: 'error', message: `${whereOf(ctx, g, e)} is read as a string split at ';' (e.g. "a;b;c"), not as a YAML sequence; yaml-cpp cannot convert it.`, range: e.valueRange, fixes: [replaceValueFix('Write it as a ;-separated string', e, e.items.map((i) => i.text).join(';'))] });
    return;
  }
  if (yaml && e.yaml?.node === 'null') {
    ctx.report({ code: 'config/wrong-type', severity: 'error', message: `${whereOf(ctx, g, e)} has no value.`, range: e.keyRange });
    return;
  }
  if (!yaml && (s.type === 'string' || s.type === 'path') && e.escapeError) {
    ctx.report({ code: 'config/wrong-type', severity: 'error', message: `${whereOf(ctx, g, e)}: the value has an ${e.escapeError}; g_key_file_get_string fails on it (valid escapes: \\s \\n \\t \\r \\\\).`, range: e.valueTrimmedRange });
    return;
  }
  if (!yaml && isListType(s.type) && e.listEscapeError) {
    ctx.report({ code: 'config/wrong-type', severity: 'error', message: `${whereOf(ctx, g, e)}: the value has an ${e.listEscapeError}; g_key_file_get_string_list fails on it.`, range: e.valueTrimmedRange });
    return;
  }
  // `#` inside a value: GLib only knows whole-line comments.
  const hash = !yaml && e.raw.includes('#') ? /\s#/.exec(e.raw) : null;
  if (hash && inlineCommentMatters(s)) {
    const at = e.valueRange.start.character + hash.index;
    ctx.report({
      code: 'config/inline-comment',
      severity: 'warning',
      message: `GLib key files have no end-of-line comments: "${e.raw.slice(hash.index + 1).trim()}" is part of the value of ${e.key}${s.type === 'string' || s.type === 'path' ? '' : ' and makes it unreadable'}.`,
      range: { start: { line: e.line, character: at }, end: { line: e.line, character: e.lineRange.end.character } },
      fixes: [{ title: 'Move the comment to its own line', edits: [{ range: { start: { line: e.line, character: 0 }, end: { line: e.line, character: e.lineRange.end.character } }, newText: `#${e.raw.slice(hash.index + 1).replace(/^#\s*/, ' ').trimEnd()}${ctx.doc.crlf ? '\r\n' : '\n'}${ctx.doc.lines[e.line].slice(0, at).trimEnd()}` }] }],
    });
  }
  const et = elementType(s.type);
  if (et === 'string') {
    if (s.enum && !s.enum.some((v) => String(v.value) === e.value.trim())) badEnum(ctx, s, e, whereOf(ctx, g, e), e.value.trim());
    if (isListType(s.type)) checkListLength(ctx, g, s, e);
    return;
  }
  const list = isListType(s.type);
  if (!list) {
    const r = readScalar(e.raw, et, yaml);
    if (!r.ok) {
      reportUnreadable(ctx, g, e, et, yaml, r.error, e.raw, e.valueTrimmedRange);
      return;
    }
    if (typeof r.value === 'number') checkNumber(ctx, g, s, e, r.value, undefined);
    return;
  }
  const items = e.items;
  const values: (number | boolean)[] = [];
  for (const item of items) {
    const r = readScalar(item.text, et, yaml);
    if (!r.ok) {
      reportUnreadable(ctx, g, e, et, yaml, r.error, item.text, item.range);
      return;
    }
    values.push(r.value);
  }
  checkListLength(ctx, g, s, e);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === 'number') checkNumber(ctx, g, s, e, v, items[i].range);
  }
}

/** `[group] key` (INI) or `group.key` (YAML), for messages; built only when something is reported. */
function whereOf(ctx: RuleContext, g: ConfigGroup, e: ConfigEntry): string {
  return ctx.doc.format === 'ini' ? `[${g.name}] ${e.key}` : `${g.name}.${e.key}`;
}

function reportUnreadable(ctx: RuleContext, g: ConfigGroup, e: ConfigEntry, et: ValueType, yaml: boolean, error: string, text: string, range: Range): void {
  const asInt = et === 'bool' && !yaml ? readScalar(text, 'int', false) : undefined;
  const hint = asInt?.ok ? ' (numbers other than 0 and 1 are not booleans for GLib)' : '';
  ctx.report({
    code: 'config/wrong-type',
    severity: 'error',
    message: `${whereOf(ctx, g, e)}: ${error}${hint}; DeepStream fails to parse the config ("${et === 'bool' ? 'Value cannot be interpreted as a boolean' : 'cannot be interpreted as a number'}").`,
    range,
    fixes: et === 'double' && /\s$/.test(text) ? [{ title: 'Remove the trailing whitespace', edits: [{ range: e.valueRange, newText: e.raw.trimEnd() }], isPreferred: true }] : undefined,
  });
}

/** Enum membership (and platform) or min/max of one number of a value (`at`: the list item, else the whole value). */
function checkNumber(ctx: RuleContext, g: ConfigGroup, s: KeySchema, e: ConfigEntry, v: number, at: Range | undefined): void {
  if (s.enum) {
    const hit = s.enum.find((x) => x.value === v);
    if (!hit) {
      badEnum(ctx, s, e, whereOf(ctx, g, e), String(v), at ?? e.valueTrimmedRange);
      return;
    }
    if (hit.platform && hit.platform !== ctx.options.target) {
      ctx.report({ code: 'config/platform-value', severity: 'warning', message: `${whereOf(ctx, g, e)}=${v} (${hit.meaning}) is only valid on ${hit.platform === 'jetson' ? 'Jetson' : 'dGPU'}; the target platform is ${ctx.options.target === 'jetson' ? 'Jetson' : 'dGPU'}.`, range: at ?? e.valueTrimmedRange });
    }
    return;
  }
  if ((s.min !== undefined && v < s.min) || (s.max !== undefined && v > s.max)) {
    const bounds = s.min !== undefined && s.max !== undefined ? `between ${s.min} and ${s.max}` : s.min !== undefined ? `at least ${s.min}` : `at most ${s.max}`;
    ctx.report({ code: 'config/out-of-range', severity: enforcedSeverity(ctx, s), message: `${whereOf(ctx, g, e)}=${v} is out of range: it must be ${bounds}.`, range: at ?? e.valueTrimmedRange });
  }
}

function badEnum(ctx: RuleContext, s: KeySchema, e: ConfigEntry, where: string, v: string, range = e.valueTrimmedRange): void {
  const allowed = (s.enum ?? []).map((x) => `${x.value} (${x.meaning})`).join(', ');
  ctx.report({
    code: 'config/bad-enum',
    severity: enforcedSeverity(ctx, s),
    message: `${where}=${v} is not a valid value. Valid: ${allowed}.`,
    range,
  });
}

function checkListLength(ctx: RuleContext, g: ConfigGroup, s: KeySchema, e: ConfigEntry): void {
  if (!s.listMultipleOf && s.listLength === undefined) return;
  const where = whereOf(ctx, g, e);
  const n = e.items.length;
  if (s.listMultipleOf && n % s.listMultipleOf !== 0) {
    ctx.report({ code: 'config/list-length', severity: enforcedSeverity(ctx, s), message: `${where} has ${n} item${n === 1 ? '' : 's'}; it needs a multiple of ${s.listMultipleOf} (${s.doc})`, range: e.valueTrimmedRange });
    return;
  }
  if (s.listLength === undefined) return;
  const [lo, hi] = Array.isArray(s.listLength) ? s.listLength : [s.listLength, s.listLength];
  if (n < lo || n > hi) {
    const want = lo === hi ? `exactly ${lo}` : `${lo} to ${hi}`;
    ctx.report({ code: 'config/list-length', severity: enforcedSeverity(ctx, s), message: `${where} has ${n} item${n === 1 ? '' : 's'}; it needs ${want} (${s.doc})`, range: e.valueTrimmedRange });
  }
}
