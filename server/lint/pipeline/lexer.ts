// Tokenizer for gst-launch descriptions, following GStreamer's flex lexer (gst/parse/parse.l):
// the same token classes, the same longest-match rule (ties go to the earlier rule), so that
// `location=a!b` is one assignment, `! video/x-raw, format=NV12 !` is one link token carrying its
// caps, `mux.sink_0` is a reference and `.src` a pad reference.

export type TokenKind =
  | 'assign' // key=value
  | 'preset' // @preset=name
  | 'padref' // .pad
  | 'ref' // name. or name.pad
  | 'binref' // factory.(
  | 'ident' // element factory
  | 'link' // ! or : (LINK_ALL), optionally with caps: ! caps !
  | 'url' // proto://... or /path (element made from a URI)
  | 'op' // ( ) { } . , ; =
  | 'invalid' // any other character (e.g. a stray quote)
  | 'eof';

export interface Token {
  kind: TokenKind;
  start: number;
  end: number;
  /** assign/preset: key end; ref/binref: offset of the dot. */
  mid?: number;
  /** assign/preset: value start. */
  valueStart?: number;
  /** link: caps text range (trimmed), when the link carries caps. */
  capsStart?: number;
  capsEnd?: number;
  /** link: `:` (link all pads). */
  linkAll?: boolean;
  /** link: caps not closed by `!` before the end of the text. */
  unterminated?: boolean;
  /** assign: the value starts with a quote that is never closed. */
  unterminatedQuote?: boolean;
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}
function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
function isAlpha(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
/** Placeholders for values unknown statically (f-string fields, $VARS) behave like letters. */
export const placeholderChar = '\uE000';
const PH = 0xe000;
function isIdentStart(c: number): boolean {
  return isAlnum(c) || c === 95 || c === PH;
}
function isIdentChar(c: number): boolean {
  return isAlnum(c) || c === 45 || c === 95 || c === 37 || c === 58 || c === PH;
}
function isMimeChar(c: number): boolean {
  return isAlnum(c) || c === 45 || c === PH;
}
function isProtoChar(c: number): boolean {
  return isAlnum(c) || (c >= 43 && c <= 46);
}
// Character class ["."{_identifier}] of parse.l's _url: literal characters, not a sub-pattern.
const urlLead = new Set('".{_identifr}'.split('').map((s) => s.charCodeAt(0)));

export class Lexer {
  private pos = 0;
  private readonly n: number;

  constructor(private readonly s: string) {
    this.n = s.length;
  }

  private identLen(i: number): number {
    const s = this.s;
    if (i >= this.n || !isIdentStart(s.charCodeAt(i))) return 0;
    let j = i + 1;
    while (j < this.n && isIdentChar(s.charCodeAt(j))) j++;
    return j - i;
  }

  private skipSpace(i: number): number {
    while (i < this.n && isSpace(this.s.charCodeAt(i))) i++;
    return i;
  }

  /** Length of `_string` at i (unquoted run, or quoted string), 0 if none; flags unterminated quotes. */
  private stringLen(i: number): { len: number; unterminatedQuote: boolean } {
    const s = this.s;
    const n = this.n;
    let j = i;
    while (j < n) {
      const c = s.charCodeAt(j);
      if (c === 92 && j + 1 < n && s.charCodeAt(j + 1) !== 10) j += 2;
      else if (isSpace(c)) break;
      else j++;
    }
    const unq = j - i;
    const q = s.charCodeAt(i);
    if (q !== 34 && q !== 39) return { len: unq, unterminatedQuote: false };
    const quote = q === 34 ? '"' : "'";
    let k = i + 1;
    let end = -1;
    let lastEscaped = -1;
    for (;;) {
      const p = s.indexOf(quote, k);
      if (p < 0) break;
      if (s.charCodeAt(p - 1) === 92 && p - 1 > i) {
        lastEscaped = p;
        k = p + 1;
        continue;
      }
      end = p;
      break;
    }
    if (end < 0) end = lastEscaped;
    if (end < 0) return { len: unq, unterminatedQuote: true };
    return { len: Math.max(unq, end + 1 - i), unterminatedQuote: false };
  }

  private assignment(i: number, keyLen: number): Token | undefined {
    if (keyLen === 0) return undefined;
    let j = this.skipSpace(i + keyLen);
    if (this.s.charCodeAt(j) !== 61) return undefined;
    j = this.skipSpace(j + 1);
    const v = this.stringLen(j);
    if (v.len === 0) return undefined;
    return { kind: 'assign', start: i, end: j + v.len, mid: i + keyLen, valueStart: j, unterminatedQuote: v.unterminatedQuote };
  }

  private mimeLen(i: number): number {
    const s = this.s;
    let j = i;
    while (j < this.n && isMimeChar(s.charCodeAt(j))) j++;
    if (j === i || s.charCodeAt(j) !== 47) return 0;
    const k = j + 1;
    let m = k;
    while (m < this.n && isMimeChar(s.charCodeAt(m))) m++;
    return m === k ? 0 : m - i;
  }

  /** `! caps !`, `!` or `:` at i. */
  private link(i: number): Token {
    const s = this.s;
    const linkAll = s.charCodeAt(i) === 58;
    let j = this.skipSpace(i + 1);
    if (this.mimeLen(j) === 0) return { kind: 'link', start: i, end: i + 1, linkAll };
    const capsStart = j;
    let lastNonSpace = j;
    for (;;) {
      // one caps structure list: runs to an unescaped `!` or `;`
      while (j < this.n) {
        const c = s.charCodeAt(j);
        if (c === 92 && j + 1 < this.n && s.charCodeAt(j + 1) !== 10) {
          j += 2;
          lastNonSpace = j;
          continue;
        }
        if (c === 33 || c === 59) break;
        j++;
        if (!isSpace(c)) lastNonSpace = j;
      }
      if (j < this.n && s.charCodeAt(j) === 59) {
        const k = this.skipSpace(j + 1);
        if (this.mimeLen(k) > 0) {
          j = k;
          continue;
        }
        // `;` not followed by caps: the link token is broken there.
        return { kind: 'link', start: i, end: j, linkAll, capsStart, capsEnd: lastNonSpace, unterminated: true };
      }
      break;
    }
    if (j >= this.n) return { kind: 'link', start: i, end: this.n, linkAll, capsStart, capsEnd: lastNonSpace, unterminated: true };
    return { kind: 'link', start: i, end: j + 1, linkAll: linkAll || false, capsStart, capsEnd: lastNonSpace };
  }

  private urlLen(i: number): number {
    const s = this.s;
    const c0 = s.charCodeAt(i);
    let best = 0;
    if (isAlpha(c0)) {
      let j = i + 1;
      while (j < this.n && isProtoChar(s.charCodeAt(j))) j++;
      if (s.startsWith('://', j)) {
        j += 3;
        best = j - i + (j < this.n ? this.stringLen(j).len : 0);
      }
    }
    let k = i;
    if (urlLead.has(c0) && s.charCodeAt(i + 1) === 47) k = i + 1;
    if (s.charCodeAt(k) === 47 && k + 1 < this.n) {
      const v = this.stringLen(k + 1).len;
      if (v > 0) best = Math.max(best, k + 1 + v - i);
    }
    return best;
  }

  /** Continue lexing at offset `pos` (error recovery). */
  reset(pos: number): void {
    this.pos = pos;
  }

  next(): Token {
    const s = this.s;
    const i = this.skipSpace(this.pos);
    if (i >= this.n) {
      this.pos = i;
      return { kind: 'eof', start: this.n, end: this.n };
    }
    const c = s.charCodeAt(i);
    let best: Token | undefined;
    const consider = (t: Token | undefined): void => {
      if (t && (!best || t.end - t.start > best.end - best.start)) best = t;
    };
    const il = this.identLen(i);
    consider(this.assignment(i, il));
    if (c === 64 && s.startsWith('@preset', i)) {
      const t = this.assignment(i, 7);
      if (t) consider({ ...t, kind: 'preset' });
    }
    if (c === 46) {
      const pl = this.identLen(i + 1);
      if (pl > 0) consider({ kind: 'padref', start: i, end: i + 1 + pl });
    }
    if (il > 0 && s.charCodeAt(i + il) === 46) {
      const pl = this.identLen(i + il + 1);
      consider({ kind: 'ref', start: i, end: i + il + 1 + pl, mid: i + il });
    }
    if (il > 0) {
      let j = this.skipSpace(i + il);
      if (s.charCodeAt(j) === 46) {
        const dot = j;
        j = this.skipSpace(j + 1);
        if (s.charCodeAt(j) === 40) consider({ kind: 'binref', start: i, end: j + 1, mid: dot });
      }
      consider({ kind: 'ident', start: i, end: i + il });
    }
    if (c === 33 || c === 58) consider(this.link(i));
    const ul = this.urlLen(i);
    if (ul > 0) consider({ kind: 'url', start: i, end: i + ul });
    if (!best) {
      if ('(){}.,;='.includes(s[i])) best = { kind: 'op', start: i, end: i + 1 };
      else best = { kind: 'invalid', start: i, end: i + 1 };
    }
    this.pos = best.end;
    return best;
  }
}

/** gst_parse_unescape: drop backslashes outside embedded double quotes. */
export function unescapeValue(v: string): string {
  if (!v.includes('\\')) return v;
  let out = '';
  let inQuotes = false;
  for (let i = 0; i < v.length; i++) {
    const c = v[i];
    if (c === '\\' && !inQuotes) {
      i++;
      if (i >= v.length) break;
      out += v[i];
      continue;
    }
    if (c === '"' && (!inQuotes || v[i - 1] !== '\\')) inQuotes = !inQuotes;
    out += c;
  }
  return out;
}

/** The value GStreamer sets for `key=raw` (gst_parse_split_assignment). */
export function assignmentValue(raw: string): { value: string; quoted: boolean } {
  let v = raw;
  let quoted = false;
  if (v.length >= 2 && v[0] === '"' && v[v.length - 1] === '"') {
    v = v.slice(1, -1);
    quoted = true;
  } else if (v.length >= 2 && v[0] === "'" && v[v.length - 1] === "'") {
    // GStreamer keeps single quotes in the value; noted so that rules can say so.
    quoted = true;
  }
  return { value: unescapeValue(v), quoted };
}

/** Caps text as GStreamer reads it (str_unwrap: backslash escapes, octal triplets). */
export function unwrapCaps(raw: string): string {
  if (!raw.includes('\\')) return raw;
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c !== '\\') {
      out += c;
      continue;
    }
    const a = raw[i + 1];
    if (a === undefined) break;
    if (a >= '0' && a <= '3' && /^[0-7]{2}$/.test(raw.slice(i + 2, i + 4))) {
      out += String.fromCharCode(parseInt(raw.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      out += a;
      i++;
    }
  }
  return out;
}
