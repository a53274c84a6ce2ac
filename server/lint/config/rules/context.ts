// What every config rule gets: the document, its kind, where it lives, the options, file access
// for cross-file checks, and one way to report.
import * as path from 'node:path';
import type { FileAccess, Fix, LintDiagnostic, LintOptions, Range, RelatedLocation, Severity } from '../../diagnostic';
import type { ConfigDoc, ConfigEntry } from '../document';
import { readNvinfer, type NvinferInfo } from '../nvinferInfo';
import type { ConfigKind } from '../schema/types';

export interface RuleContext {
  doc: ConfigDoc;
  kind: ConfigKind;
  /** Absolute path of the config. */
  path: string;
  options: LintOptions;
  files: FileAccess;
  /** Set when an app-style config belongs to another reference application (groups deepstream-app
   * does not have, e.g. [branch0] of deepstream-parallel-infer): unknown groups/keys become info. */
  foreignApp?: string;
  report(d: { code: string; severity: Severity; message: string; range: Range; fixes?: Fix[]; related?: RelatedLocation[]; tags?: LintDiagnostic['tags'] }): void;
}

/** Resolves a path from a config the way DeepStream's get_absolute_file_path does: absolute
 * paths stay, relative ones are relative to the directory of the config file. `file://` URIs of
 * deepstream-app sources are resolved the same way. */
export function resolveConfigPath(configPath: string, value: string): string {
  let v = value;
  if (v.startsWith('file://')) v = decodeURIComponentSafe(v.slice('file://'.length));
  if (path.isAbsolute(v)) return path.normalize(v);
  if (path.sep === '/' && configPath.charCodeAt(0) === 47 && !configPath.endsWith('/')) return joinPosix(configPath, v);
  return path.resolve(path.dirname(configPath), v);
}

/**
 * path.resolve(path.dirname(configPath), v) for an absolute POSIX configPath and a relative v, without
 * path.resolve's general machinery (it runs for every path value of every config): '.' and empty
 * segments dropped, '..' pops (never above '/'), no trailing '/'.
 */
function joinPosix(configPath: string, v: string): string {
  const segs: string[] = [];
  const push = (p: string): void => {
    let from = 0;
    const n = p.length;
    while (from <= n) {
      let to = p.indexOf('/', from);
      if (to < 0) to = n;
      if (to > from) {
        const seg = p.slice(from, to);
        if (seg === '..') segs.pop();
        else if (seg !== '.') segs.push(seg);
      }
      from = to + 1;
    }
  };
  push(configPath.slice(0, configPath.lastIndexOf('/')));
  push(v);
  return '/' + segs.join('/');
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** `${VAR}` / `@VAR@` placeholders of config templates: the value is not known yet. */
export function isPlaceholder(raw: string): boolean {
  if (!raw.includes('$') && !raw.includes('@') && !raw.includes('<')) return false;
  return /\$\{[^}]*\}|\$[A-Z_][A-Z0-9_]*|@[A-Z_][A-Z0-9_]*@|^\s*<[^<>]+>\s*$/.test(raw);
}

/** A fix that replaces the value of an entry. */
export function replaceValueFix(title: string, e: ConfigEntry, newText: string, isPreferred = false): Fix {
  return { title, edits: [{ range: e.valueTrimmedRange, newText }], isPreferred };
}

/** A fix that deletes the whole line of an entry (INI), or the entry line (YAML, single-line values). */
export function deleteEntryFix(title: string, e: ConfigEntry): Fix {
  return { title, edits: [{ range: { start: { line: e.line, character: 0 }, end: { line: e.line + 1, character: 0 } }, newText: '' }] };
}

/** Text of a new `key=value` line for the document's syntax, inserted after a group's last line. */
export function insertKeyFix(ctx: RuleContext, group: string, key: string, value: string, title: string): Fix | undefined {
  const g = ctx.doc.groupMap.get(group);
  if (!g) return undefined;
  const line = g.lastLine + 1;
  const eol = ctx.doc.crlf ? '\r\n' : '\n';
  let text: string;
  if (ctx.doc.format === 'ini') text = `${key}=${value}${eol}`;
  else {
    const sample = g.entries[0];
    const indent = sample ? ' '.repeat(sample.keyRange.start.character) : '  ';
    text = `${indent}${key}: ${value}${eol}`;
  }
  if (line >= ctx.doc.lines.length) {
    const last = ctx.doc.lines.length - 1;
    const lastLen = (ctx.doc.lines[last] ?? '').length;
    return { title, edits: [{ range: { start: { line: last, character: lastLen }, end: { line: last, character: lastLen } }, newText: eol + text.slice(0, -eol.length) }] };
  }
  return { title, edits: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: text }] };
}

/** readNvinfer once per document: the file rules and the nvinfer rules both need it, and it is a
 * pure function of the (never modified) document. */
const nvinferInfos = new WeakMap<ConfigDoc, NvinferInfo>();

export function nvinferInfoOf(doc: ConfigDoc): NvinferInfo {
  let info = nvinferInfos.get(doc);
  if (!info) {
    info = readNvinfer(doc);
    nvinferInfos.set(doc, info);
  }
  return info;
}
