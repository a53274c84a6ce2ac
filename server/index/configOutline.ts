// The two-level outline (group → key → value, with positions) of a DeepStream config, whichever
// syntax it uses: GLib key files (INI, read with the config core's parseKeyFile) or YAML
// (`group:` mappings of scalars). The index and the trace loop only need this much: which groups
// exist, the value of a key and where it is written.
import { LineCounter, parseDocument, isMap, isScalar, type Node as YamlNode } from 'yaml';
import type { Range } from '../lint/diagnostic';
import { parseKeyFile } from '../lint/config/keyFile';

export interface OutlineEntry {
  key: string;
  value: string;
  keyRange: Range;
  valueRange: Range;
  line: number;
}

export interface OutlineGroup {
  name: string;
  /** `[name]` in INI, `name:` in YAML. */
  headerRange: Range;
  keys: Map<string, OutlineEntry>;
}

export interface ConfigOutline {
  format: 'ini' | 'yaml';
  groups: Map<string, OutlineGroup>;
}

export function isYamlPath(path: string): boolean {
  return /\.ya?ml$/i.test(path);
}

export function readConfigOutline(path: string, text: string): ConfigOutline {
  return isYamlPath(path) ? readYamlOutline(text) : readIniOutline(text);
}

function readIniOutline(text: string): ConfigOutline {
  const kf = parseKeyFile(text);
  const groups = new Map<string, OutlineGroup>();
  for (const g of kf.groups) {
    const keys = new Map<string, OutlineEntry>();
    for (const [key, e] of g.keys) {
      if (e.locale) continue;
      keys.set(key, { key, value: e.value.trim(), keyRange: e.keyRange, valueRange: e.valueTrimmedRange, line: e.line });
    }
    groups.set(g.name, { name: g.name, headerRange: g.headerRange, keys });
  }
  return { format: 'ini', groups };
}

function readYamlOutline(text: string): ConfigOutline {
  const groups = new Map<string, OutlineGroup>();
  const lc = new LineCounter();
  let doc;
  try {
    doc = parseDocument(text, { lineCounter: lc, keepSourceTokens: false, uniqueKeys: false, prettyErrors: false });
  } catch {
    return { format: 'yaml', groups };
  }
  const toRange = (node: YamlNode | null | undefined): Range | undefined => {
    const r = node?.range;
    if (!r) return undefined;
    const s = lc.linePos(r[0]);
    const e = lc.linePos(r[1]);
    return { start: { line: s.line - 1, character: s.col - 1 }, end: { line: e.line - 1, character: e.col - 1 } };
  };
  const root = doc.contents;
  if (!isMap(root)) return { format: 'yaml', groups };
  for (const pair of root.items) {
    if (!isScalar(pair.key)) continue;
    const name = String(pair.key.value);
    const headerRange = toRange(pair.key as YamlNode);
    if (!headerRange) continue;
    const keys = new Map<string, OutlineEntry>();
    if (isMap(pair.value)) {
      for (const p of pair.value.items) {
        if (!isScalar(p.key)) continue;
        const keyRange = toRange(p.key as YamlNode);
        if (!keyRange) continue;
        const valueNode = p.value as YamlNode | null;
        const value = isScalar(valueNode) ? String(valueNode.value ?? '') : '';
        const valueRange = (isScalar(valueNode) ? toRange(valueNode) : undefined) ?? keyRange;
        keys.set(String(p.key.value), { key: String(p.key.value), value, keyRange, valueRange, line: keyRange.start.line });
      }
    }
    groups.set(name, { name, headerRange, keys });
  }
  return { format: 'yaml', groups };
}
