// Reading entry values the way DeepStream does: GLib's key-file getters for INI files
// (g_key_file_get_integer accepts "4 # note" because strtol stops at the blank, while
// g_key_file_get_double refuses trailing blanks), yaml-cpp conversions for YAML files.
import type { ConfigEntry } from './document';
import type { ValueType } from './schema/types';

export type Read<T> = { ok: true; value: T } | { ok: false; error: string };

// g_ascii_isspace (GLib's table has no \v); strtol/strtod skip C isspace (with \v) before a number.
const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\f' || c === '\r';

/** g_key_file_parse_value_as_integer: strtol base 10, then only whitespace may end the number. */
export function parseGlibInt(s: string): Read<number> {
  // By hand rather than with a regular expression: this runs for every integer key of every config.
  const n = s.length;
  let i = 0;
  // strtol skips C isspace (\v included) before the number.
  for (let c = s.charCodeAt(0); i < n && (c === 32 || (c >= 9 && c <= 13)); c = s.charCodeAt(++i));
  const start = i;
  const sign = s.charCodeAt(i);
  if (sign === 43 || sign === 45) i++;
  const digits = i;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) break;
    i++;
  }
  if (i === digits) return { ok: false, error: `"${s}" is not an integer` };
  if (i < n && !isSpace(s[i])) return { ok: false, error: `"${s}" is not an integer` };
  const text = start === 0 && i === n ? s : s.slice(start, i);
  const v = Number(text);
  if (v > 2147483647 || v < -2147483648) return { ok: false, error: `${text} does not fit in a 32-bit integer` };
  return { ok: true, value: v };
}

const cDouble = /^[ \t\n\v\f\r]*[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)(?:[pP][+-]?\d+)?|inf(?:inity)?|nan)$/i;

/** g_key_file_parse_value_as_double: g_ascii_strtod must consume the whole value. */
export function parseGlibDouble(s: string): Read<number> {
  if (!cDouble.test(s)) return { ok: false, error: isSpace(s[s.length - 1]) && cDouble.test(s.trimEnd()) ? `"${s}" has trailing whitespace, which GLib refuses for numbers with a fraction` : `"${s}" is not a number` };
  const t = s.trim();
  const v = /^[+-]?0x/i.test(t) ? parseHexFloat(t) : /inf/i.test(t) ? (t.startsWith('-') ? -Infinity : Infinity) : /nan/i.test(t) ? NaN : Number(t);
  return { ok: true, value: v };
}

function parseHexFloat(t: string): number {
  const neg = t.startsWith('-');
  const body = t.replace(/^[+-]?0x/i, '');
  const [mant, exp] = body.split(/p/i);
  const [ip, fp = ''] = mant.split('.');
  let v = parseInt(ip || '0', 16);
  for (let i = 0; i < fp.length; i++) v += parseInt(fp[i], 16) / Math.pow(16, i + 1);
  if (exp !== undefined) v *= Math.pow(2, Number(exp));
  return neg ? -v : v;
}

/** g_key_file_parse_value_as_boolean: trailing whitespace ignored; true/false/1/0 only. */
export function parseGlibBool(s: string): Read<boolean> {
  const t = s.replace(/[ \t\n\f\r]+$/, '');
  if (t === 'true' || t === '1') return { ok: true, value: true };
  if (t === 'false' || t === '0') return { ok: true, value: false };
  return { ok: false, error: `"${s}" is not a boolean (GLib accepts true, false, 1 or 0)` };
}

/** g_key_file_get_uint64: g_ascii_strtoull over the whole value. */
export function parseGlibUint64(s: string): Read<number> {
  if (!/^[ \t\n\v\f\r]*\+?\d+$/.test(s) && !/^[ \t\n\v\f\r]*-\d+$/.test(s)) return { ok: false, error: `"${s}" is not an unsigned integer` };
  return { ok: true, value: Number(s.trim()) };
}

const yamlTrue = /^(y|Y|yes|Yes|YES|true|True|TRUE|on|On|ON|1)$/;
const yamlFalse = /^(n|N|no|No|NO|false|False|FALSE|off|Off|OFF|0)$/;

/** Reads one scalar (an INI value or list item, or a YAML scalar) as the given element type. */
export function readScalar(s: string, type: 'int' | 'uint64' | 'bool' | 'double', yaml: boolean): Read<number | boolean> {
  if (!yaml) {
    if (type === 'int') return parseGlibInt(s);
    if (type === 'uint64') return parseGlibUint64(s);
    if (type === 'bool') return parseGlibBool(s);
    return parseGlibDouble(s);
  }
  // yaml-cpp: as<int>() parses the scalar text fully; booleans are yaml-cpp's words or, for the
  // many gboolean keys DeepStream reads with as<int>(), 0/1.
  const t = s.trim();
  if (type === 'bool') {
    if (yamlTrue.test(t)) return { ok: true, value: true };
    if (yamlFalse.test(t)) return { ok: true, value: false };
    return { ok: false, error: `"${s}" is not a boolean (true/false, 1/0)` };
  }
  if (type === 'int' || type === 'uint64') {
    if (/^[+-]?\d+$/.test(t)) {
      const v = Number(t);
      if (type === 'int' && (v > 2147483647 || v < -2147483648)) return { ok: false, error: `${t} does not fit in a 32-bit integer` };
      if (type === 'uint64' && v < 0) return { ok: false, error: `${t} is negative` };
      return { ok: true, value: v };
    }
    return { ok: false, error: `"${s}" is not an integer` };
  }
  const v = Number(t);
  if (t !== '' && !Number.isNaN(v)) return { ok: true, value: v };
  if (/^[+-]?\.inf$/i.test(t)) return { ok: true, value: t.startsWith('-') ? -Infinity : Infinity };
  return { ok: false, error: `"${s}" is not a number` };
}

export function isListType(t: ValueType): boolean {
  return t.endsWith('-list');
}

export function elementType(t: ValueType): 'int' | 'uint64' | 'bool' | 'double' | 'string' {
  if (t === 'int-list') return 'int';
  if (t === 'double-list') return 'double';
  if (t === 'string-list' || t === 'path-list' || t === 'path') return 'string';
  return t as 'int' | 'uint64' | 'bool' | 'double' | 'string';
}

/** The entry as a number (int, uint64 or double keys); undefined when it does not read. */
export function entryNumber(e: ConfigEntry | undefined, type: 'int' | 'double' = 'int'): number | undefined {
  if (!e) return undefined;
  const r = readScalar(e.raw, type, e.yaml !== undefined);
  return r.ok && typeof r.value === 'number' ? r.value : undefined;
}

export function entryBool(e: ConfigEntry | undefined): boolean | undefined {
  if (!e) return undefined;
  const yaml = e.yaml !== undefined;
  const r = readScalar(e.raw, 'bool', yaml);
  if (r.ok) return r.value as boolean;
  // Integer-read "booleans" (enable=2 in the app parser means true).
  const n = readScalar(e.raw, 'int', yaml);
  return n.ok ? n.value !== 0 : undefined;
}

/** The entry as a string (GLib-decoded for INI; the scalar for YAML). */
export function entryString(e: ConfigEntry | undefined): string | undefined {
  if (!e) return undefined;
  if (e.yaml) return e.yaml.node === 'scalar' ? e.raw : undefined;
  return e.value;
}

export function entryIntList(e: ConfigEntry | undefined): number[] | undefined {
  if (!e) return undefined;
  const out: number[] = [];
  for (const it of e.items) {
    const r = readScalar(it.text, 'int', e.yaml !== undefined);
    if (!r.ok) return undefined;
    out.push(r.value as number);
  }
  return out;
}
