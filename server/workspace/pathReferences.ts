// File references written in configs and launch lines: `config-file-path=...`,
// `labelfile-path=...`, `model-engine-file=...`, `config-file: ...` and friends. Found by text
// (INI `key=value`, YAML `key: value`, launch-line `prop=value`), resolved against the file's
// folder. Feeds the dependency index (what to re-check when a config changes) and go to
// definition. Pure.
import * as path from 'node:path';
import type { Range } from '../lint/diagnostic';

/** Keys whose value is a path to another file, in nvinfer / deepstream-app configs and element properties. */
export const pathKeys = [
  'config-file',
  'config-file-path',
  'labelfile-path',
  'model-engine-file',
  'onnx-file',
  'model-file',
  'proto-file',
  'int8-calib-file',
  'tlt-encoded-model',
  'uff-file',
  'custom-lib-path',
  'custom-network-config',
  'mean-file',
  'll-config-file',
  'll-lib-file',
  'msg-conv-config',
  'proto-lib',
  'msg-broker-config',
  'config',
];

export interface PathReference {
  key: string;
  /** Value as written (unquoted). */
  value: string;
  /** Range of the value in the file (0-based). */
  range: Range;
  /** Absolute resolved path (value resolved against the referencing file's folder). */
  target: string;
}

const keyAlt = pathKeys.map((k) => k.replace(/-/g, '[-_]')).join('|');
// key, separator, optional quote, value up to whitespace/quote/`!`/`;`.
const refRe = new RegExp(`(?:^|[\\s"'(,])(${keyAlt})[ \\t]*([=:])[ \\t]*(["']?)([^\\s"'!;,)]+)`, 'g');

/** Resolves `value` written in `fromFile` (`file://` URIs, `~`, relative, absolute). */
export function resolveReferencedPath(fromFile: string, value: string): string {
  let v = value;
  if (v.startsWith('file://')) v = v.slice('file://'.length);
  if (v.startsWith('~/') && process.env.HOME) v = path.join(process.env.HOME, v.slice(2));
  return path.resolve(path.dirname(fromFile), v);
}

export function findPathReferences(fromFile: string, text: string): PathReference[] {
  const out: PathReference[] = [];
  if (!/config|file|path|lib|model/.test(text)) return out;
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.length > 20000) continue;
    refRe.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = refRe.exec(l))) {
      const key = m[1].replace(/_/g, '-');
      // The bare `config` key is only a path in YAML configs pointing to another file (`config: x.yml`).
      if (key === 'config' && m[2] !== ':') continue;
      const value = m[4];
      if (/^\$|^\{|^<|^\d+$|^(true|false|null)$/i.test(value)) continue;
      if (!/[./]/.test(value)) continue;
      const start = m.index + m[0].length - value.length;
      out.push({
        key,
        value,
        range: { start: { line: i, character: start }, end: { line: i, character: start + value.length } },
        target: resolveReferencedPath(fromFile, value),
      });
    }
  }
  return out;
}
