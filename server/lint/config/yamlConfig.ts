// Reads a YAML DeepStream config (nvinfer, deepstream-app, preprocess, ...) into the same model as
// the key-file reader: top-level mappings are groups, their scalar children are entries. DeepStream
// reads these files with yaml-cpp and converts scalars with `as<int>()`, `as<std::string>()`, ...;
// lists are strings split at ';' (split_string in gstnvinfer_yaml_parser.cpp).
//
// Aliases are never expanded (only an alias used directly as a group or a value is followed, one
// level) and the document is never converted with toJS(), so an alias bomb costs no more than its
// text; test/unit/config/badInput.test.ts checks it.
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import type { Range } from '../diagnostic';
import type { KeyFileListItem } from './keyFile';
import type { ConfigDoc, ConfigEntry, ConfigGroup, SyntaxProblem, YamlNodeKind } from './document';

/** At most this many entries are read (a generated file beyond it is reported, not walked). */
export const maxYamlEntries = 200_000;

function toRange(lc: LineCounter, start: number, end: number): Range {
  const a = lc.linePos(start);
  const b = lc.linePos(Math.max(start, end));
  return { start: { line: a.line - 1, character: a.col - 1 }, end: { line: b.line - 1, character: b.col - 1 } };
}

function resolve(node: unknown, doc: Document): unknown {
  if (isAlias(node)) {
    try {
      return node.resolve(doc);
    } catch {
      return undefined;
    }
  }
  return node;
}

function nodeRange(node: unknown): [number, number] | undefined {
  const r = (node as { range?: [number, number, number] } | null)?.range;
  return r ? [r[0], r[1]] : undefined;
}

export function parseYamlConfig(text: string): ConfigDoc {
  const rawLines = text.split('\n');
  let crlf = false;
  const lines = rawLines.map((l) => {
    if (l.endsWith('\r')) {
      crlf = true;
      return l.slice(0, -1);
    }
    return l;
  });
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  const problems: SyntaxProblem[] = [];
  const groups: ConfigGroup[] = [];
  const groupMap = new Map<string, ConfigGroup>();
  const orphans: ConfigEntry[] = [];
  const lc = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(blankBareDirective(text), { lineCounter: lc, uniqueKeys: false, prettyErrors: false });
  } catch (e) {
    problems.push({ code: 'config/syntax', fatal: true, message: `YAML could not be read: ${(e as Error).message}`, range: toRange(lc, 0, 0) });
    return { format: 'yaml', groups, groupMap, problems, lines, crlf, orphans };
  }
  for (const err of doc.errors) {
    const [s, e] = err.pos;
    problems.push({ code: 'config/syntax', fatal: true, message: `YAML syntax error: ${err.message.split('\n')[0]} (DeepStream's yaml-cpp refuses the file).`, range: toRange(lc, s, e) });
  }
  const top = doc.contents;
  if (top === null || top === undefined) return { format: 'yaml', groups, groupMap, problems, lines, crlf, orphans };
  if (!isMap(top)) {
    const r = nodeRange(top) ?? [0, 0];
    problems.push({ code: 'config/syntax', fatal: true, message: 'The top level of a DeepStream YAML config must be a mapping of groups (property:, streammux:, ...).', range: toRange(lc, r[0], r[1]) });
    return { format: 'yaml', groups, groupMap, problems, lines, crlf, orphans };
  }
  let count = 0;
  for (const pair of top.items) {
    if (!isPair(pair)) continue;
    const keyNode = pair.key;
    const kr = nodeRange(keyNode) ?? [0, 0];
    const name = isScalar(keyNode) ? String(keyNode.value) : '';
    const keyRange = toRange(lc, kr[0], kr[1]);
    const value = resolve(pair.value, doc);
    if (isMap(value)) {
      let g = groupMap.get(name);
      if (g) {
        g.headers.push(keyRange);
        problems.push({ code: 'config/duplicate-group', fatal: false, message: `Group "${name}" appears again; yaml-cpp keeps both, DeepStream applies the later values.`, range: keyRange, related: g.headerRange });
      } else {
        g = { name, nameRange: keyRange, headerRange: keyRange, headers: [keyRange], entries: [], keys: new Map(), lastLine: keyRange.end.line };
        groups.push(g);
        groupMap.set(name, g);
      }
      for (const item of value.items) {
        if (!isPair(item)) continue;
        if (++count > maxYamlEntries) {
          problems.push({ code: 'config/skipped', fatal: false, message: `More than ${maxYamlEntries} entries: the rest of the file is not checked.`, range: keyRange });
          return { format: 'yaml', groups, groupMap, problems, lines, crlf, orphans };
        }
        const entry = makeEntry(item.key, resolve(item.value, doc), name, lc, lines);
        if (!entry) continue;
        const prev = g.keys.get(entry.key);
        if (prev) {
          prev.overridden = true;
          problems.push({ code: 'config/duplicate-key', fatal: false, message: `Key "${entry.key}" is set again in ${name}; DeepStream applies both in order, so this last value (${JSON.stringify(entry.raw)}) wins over line ${prev.line + 1}.`, range: entry.keyRange, related: prev.keyRange });
        }
        g.keys.set(entry.key, entry);
        g.entries.push(entry);
        g.lastLine = Math.max(g.lastLine, entry.valueRange.end.line);
      }
    } else {
      const entry = makeEntry(keyNode, value, '', lc, lines);
      if (entry) orphans.push(entry);
    }
  }
  return { format: 'yaml', groups, groupMap, problems, lines, crlf, orphans };
}

/**
 * yaml-cpp accepts the OpenCV-style `%YAML:1.0` first line without a `---` after it (NVIDIA's
 * tracker and nvdspostprocess configs use it); the YAML spec does not. Blank it (same length, so
 * offsets stay) when no document start marker follows.
 */
function blankBareDirective(text: string): string {
  const m = /^%YAML[^\r\n]*/m.exec(text);
  if (!m) return text;
  // Only when nothing but comments and blank lines precede it.
  if (!/^(\s*(#[^\n]*)?\n)*\s*$/.test(text.slice(0, m.index))) return text;
  if (/^---/m.test(text.slice(m.index + m[0].length))) return text;
  return text.slice(0, m.index) + ' '.repeat(m[0].length) + text.slice(m.index + m[0].length);
}

function splitItems(raw: string, start: number, lc: LineCounter, exact: boolean, whole: Range): KeyFileListItem[] {
  const items: KeyFileListItem[] = [];
  let from = 0;
  for (let i = 0; i <= raw.length; i++) {
    if (i === raw.length || raw[i] === ';') {
      const text = raw.slice(from, i);
      items.push({ text, raw: text, range: exact ? toRange(lc, start + from, start + i) : whole });
      from = i + 1;
    }
  }
  return items;
}

function makeEntry(keyNode: unknown, value: unknown, group: string, lc: LineCounter, lines: string[]): ConfigEntry | undefined {
  if (!isScalar(keyNode)) return undefined;
  const kr = nodeRange(keyNode) ?? [0, 0];
  const keyRange = toRange(lc, kr[0], kr[1]);
  const key = String(keyNode.value);
  let node: YamlNodeKind = 'null';
  let raw = '';
  let typed: unknown = null;
  let quoted = false;
  let items: KeyFileListItem[] = [];
  let valueRange: Range = { start: keyRange.end, end: keyRange.end };
  const vr = nodeRange(value);
  if (vr) valueRange = toRange(lc, vr[0], vr[1]);
  if (isScalar(value)) {
    typed = value.value;
    quoted = value.type === 'QUOTE_DOUBLE' || value.type === 'QUOTE_SINGLE';
    const src = (value as { source?: string }).source;
    raw = typed === null ? '' : !quoted && typeof src === 'string' ? src : String(typed);
    node = typed === null ? 'null' : 'scalar';
    const exact = !quoted && valueRange.start.line === valueRange.end.line && vr !== undefined;
    items = raw === '' ? [] : splitItems(raw, vr ? vr[0] : 0, lc, exact, valueRange);
  } else if (isSeq(value)) {
    node = 'seq';
    const parts: string[] = [];
    for (const it of value.items) {
      const r = nodeRange(it);
      const t = isScalar(it) ? String(it.value) : '';
      parts.push(t);
      items.push({ text: t, raw: t, range: r ? toRange(lc, r[0], r[1]) : valueRange });
    }
    raw = parts.join(';');
  } else if (isMap(value)) {
    node = 'map';
  }
  const line = keyRange.start.line;
  return {
    key,
    keyRange,
    raw,
    value: raw,
    valueRange,
    valueTrimmedRange: valueRange,
    items,
    line,
    lineRange: { start: { line, character: 0 }, end: { line, character: (lines[line] ?? '').length } },
    group,
    overridden: false,
    yaml: { node, typed, quoted },
  };
}

