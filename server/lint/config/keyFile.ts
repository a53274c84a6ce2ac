// A GLib key-file reader (the INI dialect DeepStream reads with g_key_file_load_from_data) that
// keeps a position for every group, key, value and list item, and keeps going after lines GLib
// would reject, so one broken line does not hide the rest of the file.
//
// GLib semantics reproduced here (GLib 2.7x gkeyfile.c):
// - Lines end at '\n'; one '\r' before the '\n' is dropped (CRLF files read like LF files).
// - Leading whitespace of a line is skipped. A line whose first non-blank character is '#' is a
//   comment; blank lines are comments. ';' is NOT a comment character (it separates list items),
//   and '#' after a value is part of the value.
// - `[name]` opens a group; spaces or tabs may follow ']', nothing else. A repeated group name
//   continues the earlier group (keys merge).
// - `key = value`: whitespace around the key is trimmed, whitespace before the value is skipped,
//   whitespace after the value is KEPT in the raw value. A repeated key in a group replaces the
//   earlier value (last wins).
// - Keys before the first group, lines that are none of the above, invalid key or group names
//   make g_key_file_load_from_data fail for the whole file: DeepStream then refuses the config.
// - Values as strings: escapes \s \n \t \r \\ are decoded; `\;` is a literal ';' in lists; any
//   other escape or a trailing '\' is an error for g_key_file_get_string / _get_string_list.
// - Lists: items separated by unescaped ';', a trailing ';' ends the list without an empty item.
import type { Range } from '../diagnostic';

export interface KeyFileListItem {
  /** The decoded item (escapes resolved). */
  text: string;
  /** Raw source text of the item. */
  raw: string;
  range: Range;
}

export interface KeyFileEntry {
  /** Key name without the locale suffix. */
  key: string;
  /** `key[locale]` suffix, when present (a translation: DeepStream never reads it; not in `keys`). */
  locale?: string;
  keyRange: Range;
  /** The value as GLib stores it: leading whitespace skipped, trailing whitespace kept, escapes not decoded. */
  raw: string;
  /** Decoded string value (g_key_file_get_string); escape errors leave the undecoded characters. */
  value: string;
  /** Set when g_key_file_get_string would fail on this value (bad escape; `\;` counts). */
  escapeError?: string;
  /** Set when g_key_file_get_string_list would fail on this value (bad escape). */
  listEscapeError?: string;
  /** Range of the raw value, trailing whitespace included. An empty value has an empty range after '='. */
  valueRange: Range;
  /** Range of the value without trailing whitespace (what an editor should underline). */
  valueTrimmedRange: Range;
  /** The value split the way g_key_file_get_string_list splits it. */
  items: KeyFileListItem[];
  /** 0-based line of the entry. */
  line: number;
  /** Range of the whole line without its line break. */
  lineRange: Range;
  /** Group this entry belongs to (merged by name). */
  group: string;
  /** True when a later entry with the same key in the same group replaced this one. */
  overridden: boolean;
}

export interface KeyFileGroup {
  name: string;
  /** Range of the name inside the brackets (first occurrence). */
  nameRange: Range;
  /** Range of `[name]` (first occurrence). */
  headerRange: Range;
  /** Every `[name]` header of this group, in file order (a repeated header continues the group). */
  headers: Range[];
  /** All entries in file order, overridden ones included. */
  entries: KeyFileEntry[];
  /** Key → the entry GLib returns (the last one). Translations (`key[locale]`) are only in `entries`. */
  keys: Map<string, KeyFileEntry>;
  /** Last line that belongs to the group (its last entry or header, ignoring trailing comments). */
  lastLine: number;
}

export type KeyFileProblemCode =
  | 'key-before-group' // GLib: "Key file does not start with a group" (fatal)
  | 'invalid-line' // GLib: "... not a key-value pair, group, or comment" (fatal)
  | 'invalid-group-name' // GLib: "Invalid group name" (fatal)
  | 'invalid-key-name' // GLib: "Invalid key name" (fatal)
  | 'invalid-escape' // get_string fails for this key
  | 'duplicate-key' // last wins
  | 'duplicate-group' // groups merge
  | 'byte-order-mark' // GLib does not skip a UTF-8 BOM: the first line is not a group
  | 'invalid-utf8'; // U+FFFD in the text: the file was not valid UTF-8

export interface KeyFileProblem {
  code: KeyFileProblemCode;
  /** True when GLib refuses the whole file because of it. */
  fatal: boolean;
  message: string;
  range: Range;
  /** Where the earlier occurrence is (duplicates). */
  related?: Range;
}

export interface KeyFile {
  /** Groups in order of first appearance, merged by name. */
  groups: KeyFileGroup[];
  groupMap: Map<string, KeyFileGroup>;
  problems: KeyFileProblem[];
  /** Source lines without their line break ('\r' of CRLF removed). */
  lines: string[];
  /** True when the file used CRLF line breaks (for fixes that insert lines). */
  crlf: boolean;
  /** Entries before the first group (GLib rejects the file; kept so nothing is lost). */
  orphans: KeyFileEntry[];
}

function rng(line: number, start: number, end: number): Range {
  return { start: { line, character: start }, end: { line, character: end } };
}

// g_ascii_isspace: space, \t, \n, \v, \f, \r.

/** g_ascii_isspace on a char code: space, \t, \n, \f, \r — GLib's table leaves out \v (checked against GLib). */
function isSpaceCode(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 12 || c === 13;
}

// g_ascii_iscntrl
function isAsciiCntrl(c: string): boolean {
  const code = c.charCodeAt(0);
  return code < 0x20 || code === 0x7f;
}

function isGroupName(name: string): boolean {
  if (name.length === 0) return false;
  for (const c of name) if (c === '[' || c === ']' || isAsciiCntrl(c)) return false;
  return true;
}

const localeChar = /[\p{L}\p{N}\-_.@]/u;

/** g_key_file_is_key_name; returns the locale part (or '') when valid, undefined when not. */
function splitKeyName(name: string): { key: string; locale?: string } | undefined {
  // Fast path: the usual `some-key` (no brackets, no surrounding blank).
  if (name.length > 0 && name.charCodeAt(0) !== 32 && name.charCodeAt(name.length - 1) !== 32 && name.indexOf('[') < 0 && name.indexOf(']') < 0) return { key: name };
  let q = 0;
  while (q < name.length && name[q] !== '=' && name[q] !== '[' && name[q] !== ']') q++;
  if (q === 0) return undefined;
  if (name[0] === ' ' || name[q - 1] === ' ') return undefined;
  const key = name.slice(0, q);
  if (q === name.length) return { key };
  if (name[q] !== '[') return undefined;
  let r = q + 1;
  while (r < name.length && localeChar.test(name[r])) r++;
  if (name[r] !== ']' || r + 1 !== name.length) return undefined;
  return { key, locale: name.slice(q + 1, r) };
}

/** Decodes a raw value as g_key_file_parse_value_as_string does, optionally splitting a list. */
export function decodeKeyFileValue(
  raw: string,
  asList: boolean,
): { value: string; error?: string; errorOffset?: number; pieces: { text: string; start: number; end: number }[] } {
  let out = '';
  let error: string | undefined;
  let errorOffset: number | undefined;
  const pieces: { text: string; start: number; end: number }[] = [];
  let piece = '';
  let pieceStart = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '\\') {
      const n = raw[i + 1];
      let decoded: string;
      if (n === undefined) {
        if (error === undefined) {
          error = 'escape character at end of line';
          errorOffset = i;
        }
        decoded = '';
      } else if (n === 's') decoded = ' ';
      else if (n === 'n') decoded = '\n';
      else if (n === 't') decoded = '\t';
      else if (n === 'r') decoded = '\r';
      else if (n === '\\') decoded = '\\';
      else if (asList && n === ';') decoded = ';';
      else {
        decoded = '\\' + n;
        if (error === undefined) {
          error = `invalid escape sequence "\\${n}"`;
          errorOffset = i;
        }
      }
      out += decoded;
      piece += decoded;
      i++;
      continue;
    }
    if (asList && c === ';') {
      pieces.push({ text: piece, start: pieceStart, end: i });
      piece = '';
      pieceStart = i + 1;
      out += c;
      continue;
    }
    out += c;
    piece += c;
  }
  if (asList && pieceStart < raw.length) pieces.push({ text: piece, start: pieceStart, end: raw.length });
  return { value: out, error, errorOffset, pieces };
}

function splitPlain(raw: string): { value: string; error?: string; errorOffset?: number; pieces: { text: string; start: number; end: number }[] } {
  const pieces: { text: string; start: number; end: number }[] = [];
  let from = 0;
  for (let i = raw.indexOf(';'); i >= 0; i = raw.indexOf(';', from)) {
    pieces.push({ text: raw.slice(from, i), start: from, end: i });
    from = i + 1;
  }
  if (from < raw.length) pieces.push({ text: raw.slice(from), start: from, end: raw.length });
  return { value: raw, pieces };
}

/**
 * One `key=value` line. Offsets are kept as numbers; the LSP ranges are built when read and the
 * list items and the decoded value on first use: most entries of a config are read once by value
 * and never underlined, so building a dozen Range objects per line up front only fed the GC.
 */
class KeyFileLine implements KeyFileEntry {
  locale?: string;
  escapeError?: string;
  listEscapeError?: string;
  overridden = false;
  private itemList?: KeyFileListItem[];
  private decoded?: string;

  constructor(
    readonly key: string,
    readonly raw: string,
    readonly line: number,
    readonly group: string,
    /** key start, key end, value start, value end without trailing blanks, line length */
    private readonly ks: number,
    private readonly ke: number,
    private readonly vs: number,
    private readonly ve: number,
    private readonly le: number,
  ) {}

  get value(): string {
    if (this.decoded === undefined) this.decoded = this.raw.indexOf('\\') < 0 ? this.raw : decodeKeyFileValue(this.raw, false).value;
    return this.decoded;
  }

  // A fresh Range on every read: they are read when a diagnostic or a fix is built, rarely twice.
  get keyRange(): Range {
    return rng(this.line, this.ks, this.ke);
  }

  get valueRange(): Range {
    return rng(this.line, this.vs, this.le);
  }

  get valueTrimmedRange(): Range {
    return rng(this.line, this.vs, this.ve);
  }

  get lineRange(): Range {
    return rng(this.line, 0, this.le);
  }

  get items(): KeyFileListItem[] {
    if (this.itemList) return this.itemList;
    const raw = this.raw;
    const pieces = raw.indexOf('\\') < 0 ? splitPlain(raw).pieces : decodeKeyFileValue(raw, true).pieces;
    const line = this.line;
    const vs = this.vs;
    this.itemList = pieces.map((p) => ({ text: p.text, raw: raw.slice(p.start, p.end), range: rng(line, vs + p.start, vs + p.end) }));
    return this.itemList;
  }
}

/** Reads a key file. Never throws; everything GLib would reject is in `problems`. */
export function parseKeyFile(text: string): KeyFile {
  const lines = text.split('\n');
  let crlf = false;
  if (text.indexOf('\r') >= 0) {
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i];
      if (l.charCodeAt(l.length - 1) === 13) {
        lines[i] = l.slice(0, -1);
        crlf = true;
      }
    }
  }
  // A final '\n' does not start another line.
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();

  const groups: KeyFileGroup[] = [];
  const groupMap = new Map<string, KeyFileGroup>();
  const problems: KeyFileProblem[] = [];
  let current: KeyFileGroup | undefined;
  let orphan: KeyFileGroup | undefined; // keys before any group are kept here (name '')
  let reportedOrphan = false;

  const maybeInvalidUtf8 = text.indexOf('\uFFFD') >= 0;
  for (let ln = 0; ln < lines.length; ln++) {
    const line = lines[ln];
    const len = line.length;
    if (maybeInvalidUtf8) {
      const at = line.indexOf('\uFFFD');
      if (at >= 0) problems.push({ code: 'invalid-utf8', fatal: false, message: 'This line is not valid UTF-8 (shown as U+FFFD); GLib rejects such string values.', range: rng(ln, at, at + 1) });
    }
    let s = 0;
    if (ln === 0 && line.charCodeAt(0) === 0xfeff) {
      problems.push({ code: 'byte-order-mark', fatal: true, message: 'The file starts with a UTF-8 byte-order mark; GLib does not skip it, so the first line is not read as a group and the file is rejected.', range: rng(0, 0, 1) });
      s = 1;
    }
    while (s < len && isSpaceCode(line.charCodeAt(s))) s++;
    if (s >= len) continue;
    const first = line.charCodeAt(s);
    if (first === 35 /* # */) continue;

    if (first === 91 /* [ */) {
      const close = line.indexOf(']', s + 1);
      let isGroup = close >= 0;
      if (isGroup) {
        for (let k = close + 1; k < len; k++) {
          const c = line.charCodeAt(k);
          if (c !== 32 && c !== 9) {
            isGroup = false;
            break;
          }
        }
      }
      if (isGroup) {
        const name = line.slice(s + 1, close);
        const nameRange = rng(ln, s + 1, close);
        const headerRange = rng(ln, s, close + 1);
        if (!isGroupName(name)) {
          problems.push({ code: 'invalid-group-name', fatal: true, message: `Invalid group name "${name}": GLib rejects the whole file.`, range: headerRange });
        }
        const existing = groupMap.get(name);
        if (existing) {
          existing.headers.push(headerRange);
          existing.lastLine = ln;
          problems.push({ code: 'duplicate-group', fatal: false, message: `Group [${name}] appears again; GLib merges it into the earlier one (later keys win).`, range: headerRange, related: existing.headerRange });
          current = existing;
        } else {
          const g: KeyFileGroup = { name, nameRange, headerRange, headers: [headerRange], entries: [], keys: new Map(), lastLine: ln };
          groups.push(g);
          groupMap.set(name, g);
          current = g;
        }
        continue;
      }
    }

    const eq = line.indexOf('=', s);
    if (eq < 0 || eq === s) {
      problems.push({
        code: 'invalid-line',
        fatal: true,
        message:
          eq === s
            ? 'Line has no key before "=": GLib rejects the whole file.'
            : `Line is not a key=value pair, a [group] or a # comment: GLib rejects the whole file.${first === 59 ? ' (";" does not start a comment in GLib key files; use "#".)' : ''}`,
        range: rng(ln, s, len),
      });
      continue;
    }
    let ke = eq;
    while (ke > s && isSpaceCode(line.charCodeAt(ke - 1))) ke--;
    const keyName = line.slice(s, ke);
    let vs = eq + 1;
    while (vs < len && isSpaceCode(line.charCodeAt(vs))) vs++;
    const raw = vs === 0 ? line : line.slice(vs);
    let ve = len;
    while (ve > vs && isSpaceCode(line.charCodeAt(ve - 1))) ve--;

    const split = splitKeyName(keyName);
    if (!split) {
      problems.push({ code: 'invalid-key-name', fatal: true, message: `Invalid key name "${keyName}": GLib rejects the whole file.`, range: rng(ln, s, ke) });
    }
    if (!current) {
      if (!reportedOrphan) {
        problems.push({ code: 'key-before-group', fatal: true, message: 'Key before the first [group]: GLib rejects the whole file ("Key file does not start with a group").', range: rng(ln, s, ke) });
        reportedOrphan = true;
      }
      if (!orphan) orphan = { name: '', nameRange: rng(ln, 0, 0), headerRange: rng(ln, 0, 0), headers: [], entries: [], keys: new Map(), lastLine: ln };
    }
    const group = current ?? (orphan as KeyFileGroup);
    const entry = new KeyFileLine(split ? split.key : keyName, raw, ln, group.name, s, ke, vs, ve, len);
    if (split?.locale !== undefined) entry.locale = split.locale;
    // Without a backslash a value decodes to itself and cannot have an escape error.
    if (raw.indexOf('\\') >= 0) {
      entry.escapeError = decodeKeyFileValue(raw, false).error;
      const asList = decodeKeyFileValue(raw, true);
      entry.listEscapeError = asList.error;
      // `\;` is only valid in lists; the schema layer reports it for scalar keys.
      if (asList.error !== undefined) {
        const at = vs + (asList.errorOffset ?? 0);
        problems.push({ code: 'invalid-escape', fatal: false, message: `Value of "${entry.key}" has an ${asList.error}; GLib cannot read it.`, range: rng(ln, at, Math.min(at + 2, len)) });
      }
    }
    // `key[locale]` is a translation: GLib keeps it only for the process's languages and
    // DeepStream never asks for one, so it is kept as an entry but is not a value of `key`.
    if (entry.locale !== undefined) {
      group.entries.push(entry);
      group.lastLine = ln;
      continue;
    }
    const mapKey = entry.key;
    const prev = group.keys.get(mapKey);
    if (prev) {
      prev.overridden = true;
      problems.push({
        code: 'duplicate-key',
        fatal: false,
        message: `Key "${entry.key}" is set again in [${group.name}]; GLib keeps only this last value (${JSON.stringify(raw.trim())}), the earlier one on line ${prev.line + 1} (${JSON.stringify(prev.raw.trim())}) is ignored.`,
        range: entry.keyRange,
        related: prev.keyRange,
      });
    }
    group.keys.set(mapKey, entry);
    group.entries.push(entry);
    group.lastLine = ln;
  }
  return { groups, groupMap, problems, lines, crlf, orphans: orphan ? orphan.entries : [] };
}

/** The entry GLib returns for group/key, if any. */
export function keyFileGet(kf: KeyFile, group: string, key: string): KeyFileEntry | undefined {
  return kf.groupMap.get(group)?.keys.get(key);
}
