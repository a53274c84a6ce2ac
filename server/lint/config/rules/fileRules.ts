// Cross-file rules: files a config points at must exist (resolved like DeepStream does, relative
// to the config's directory), and a detector's label file should have one line per class.
import * as path from 'node:path';
import type { Severity } from '../../diagnostic';
import type { ConfigEntry } from '../document';
import { getGroupSchema, type ConfigKind, type GroupSchema, type KeySchema } from '../schema';
import type { NvinferInfo } from '../nvinferInfo';
import { entryBool } from '../values';
import { isPlaceholder, nvinferInfoOf, resolveConfigPath, type RuleContext } from './context';

/** Paths DeepStream writes to (they need not exist before the run). */
const outputKey = /(output|-dir$|dir-path|folder|debug-payload)/;

/** Model inputs that nvinfer rebuilds or does without when another source exists. */
function missingSeverity(ctx: RuleContext, key: string, info: NvinferInfo | undefined): Severity {
  if (ctx.kind === 'nvinfer' && info) {
    const engineExists = info.engine !== undefined && ctx.files.exists(resolveConfigPath(ctx.path, info.engine));
    if (key === 'model-engine-file') return info.modelSource ? 'info' : 'error';
    if (['onnx-file', 'tlt-encoded-model', 'uff-file', 'model-file', 'proto-file'].includes(key)) return engineExists ? 'warning' : 'error';
    if (key === 'int8-calib-file') return engineExists ? 'info' : 'warning';
    if (key === 'op-tensor-files' || key === 'ip-tensor-file') return 'warning';
    return 'error';
  }
  if (ctx.kind === 'deepstream-app') {
    if (key === 'model-engine-file') return 'info';
    return 'error';
  }
  return 'warning';
}

/** Per group schema, key → its schema when it names a file (or is `uri`), memoized in a Map: the
 * schema objects are large and every entry of every config goes through this lookup. */
const pathKeyCache = new WeakMap<GroupSchema, (key: string) => KeySchema | undefined>();

function pathKeysOf(gs: GroupSchema): (key: string) => KeySchema | undefined {
  let f = pathKeyCache.get(gs);
  if (!f) {
    const memo = new Map<string, KeySchema | null>();
    f = (key) => {
      let s = memo.get(key);
      if (s === undefined) {
        const found = Object.prototype.hasOwnProperty.call(gs.keys, key) ? gs.keys[key] : gs.keyPatterns?.find((p) => p.match.test(key))?.schema;
        s = found && (found.type === 'path' || found.type === 'path-list' || key === 'uri') ? found : null;
        if (memo.size < 4096) memo.set(key, s);
      }
      return s ?? undefined;
    };
    pathKeyCache.set(gs, f);
  }
  return f;
}

/** Group name → its path-key lookup, per config kind (the schema matches group names with regular
 * expressions; the same few names come back in every config). */
const groupCache = new Map<ConfigKind, Map<string, ((key: string) => KeySchema | undefined) | null>>();

function pathKeysOfGroup(kind: ConfigKind, name: string): ((key: string) => KeySchema | undefined) | undefined {
  let byName = groupCache.get(kind);
  if (!byName) groupCache.set(kind, (byName = new Map()));
  let f = byName.get(name);
  if (f === undefined) {
    const gs = getGroupSchema(kind, name);
    f = gs ? pathKeysOf(gs) : null;
    if (byName.size < 4096) byName.set(name, f);
  }
  return f ?? undefined;
}

export function checkReferencedFiles(ctx: RuleContext): void {
  const info = ctx.kind === 'nvinfer' ? nvinferInfoOf(ctx.doc) : undefined;
  for (const g of ctx.doc.groups) {
    // deepstream-app only creates enabled components: files of a disabled group are never opened.
    if (ctx.kind === 'deepstream-app' && g.keys.has('enable') && entryBool(g.keys.get('enable')) === false) continue;
    const pathKeys = pathKeysOfGroup(ctx.kind, g.name);
    if (!pathKeys) continue;
    for (const e of g.entries) {
      if (e.overridden || e.locale !== undefined) continue;
      const s = pathKeys(e.key);
      const isUri = e.key === 'uri' && ctx.kind === 'deepstream-app';
      if (!s || (s.type !== 'path' && s.type !== 'path-list' && !isUri)) continue;
      if (outputKey.test(e.key)) continue;
      const values = s.type === 'path-list' ? e.items.map((i) => ({ text: i.text.trim(), range: i.range })) : [{ text: (e.yaml ? e.raw : e.value).trim(), range: e.valueTrimmedRange }];
      for (const v of values) {
        if (!v.text || isPlaceholder(v.text)) continue;
        if (isUri || /^[a-z][a-z0-9+.-]*:\/\//i.test(v.text)) {
          if (!v.text.startsWith('file://')) continue; // rtsp://, http://: not files
        }
        // The app passes these straight to the GIE, which resolves them itself.
        const abs = resolveConfigPath(ctx.path, v.text);
        if (ctx.files.exists(abs)) continue;
        checkMissing(ctx, e, v.text, abs, v.range, info);
      }
    }
  }
}

function checkMissing(ctx: RuleContext, e: ConfigEntry, text: string, abs: string, range: ConfigEntry['valueRange'], info: NvinferInfo | undefined): void {
  // Ask the disk why only when the folder exists (a symlink loop, a permission problem); under a
  // missing folder the answer is always "does not exist".
  const why = ctx.files.exists(path.dirname(abs)) ? ctx.files.readText(abs).error : undefined;
  const reason = why && !/does not exist/.test(why) ? ` (${why})` : '';
  const severity = missingSeverity(ctx, e.key, info);
  const consequence =
    severity === 'info' && e.key === 'model-engine-file'
      ? 'nvinfer will build the engine from the model at start (minutes) and save it under the standard name'
      : severity === 'error'
        ? 'DeepStream cannot start with this config'
        : 'it is only needed in some cases';
  ctx.report({
    code: 'config/missing-file',
    severity,
    message: `${e.key}: ${text} does not exist${reason} (resolved to ${abs}; relative paths are relative to the config's folder): ${consequence}.`,
    range,
  });
}

/** num-detected-classes against the label file of a detector. */
export function checkLabelCount(ctx: RuleContext): void {
  if (ctx.kind !== 'nvinfer') return;
  const info = nvinferInfoOf(ctx.doc);
  const detector = info.networkType === 0 || info.networkType === 3;
  if (!detector || info.numDetectedClasses === undefined || !info.labelFile) return;
  const abs = resolveConfigPath(ctx.path, info.labelFile);
  if (!ctx.files.exists(abs)) return;
  const r = ctx.files.readText(abs);
  const ncEntry = info.get('num-detected-classes');
  if (r.text === undefined) {
    ctx.report({ code: 'config/unreadable-file', severity: 'warning', message: `labelfile-path ${info.labelFile} cannot be read: ${r.error ?? 'unknown reason'}.`, range: info.get('labelfile-path')!.valueTrimmedRange });
    return;
  }
  const labels = r.text.split(/\r?\n/).filter((l) => l.trim() !== '').length;
  if (labels !== info.numDetectedClasses && ncEntry) {
    ctx.report({
      code: 'config/label-count',
      severity: 'warning',
      message: `num-detected-classes=${info.numDetectedClasses} but ${path.basename(abs)} has ${labels} label${labels === 1 ? '' : 's'}: ${labels < info.numDetectedClasses ? 'classes without a label are shown without a name' : 'classes beyond num-detected-classes are never reported'}.`,
      range: ncEntry.valueTrimmedRange,
      related: [{ file: abs, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, message: `${labels} labels` }],
      fixes: [{ title: `Set num-detected-classes=${labels}`, edits: [{ range: ncEntry.valueTrimmedRange, newText: String(labels) }] }],
    });
  }
}
