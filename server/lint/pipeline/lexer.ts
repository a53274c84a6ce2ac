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
// Character classes of parse.l for ASCII, as lookup tables (bit 1: identifier start,
// 2: identifier character, 4: mime character); the placeholder behaves like a letter.
const charClass = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const alnum = isAlnum(c);
  charClass[c] = (alnum || c === 95 ? 1 : 0) | (alnum || c === 45 || c === 95 || c === 37 || c === 58 ? 2 : 0) | (alnum || c === 45 ? 4 : 0);
}
function isIdentStart(c: number): boolean {
  return c < 128 ? (charClass[c] & 1) !== 0 : c === PH;
}
function isIdentChar(c: number): boolean {
  return c < 128 ? (charClass[c] & 2) !== 0 : c === PH;
}
function isMimeChar(c: number): boolean {
  return c < 128 ? (charClass[c] & 4) !== 0 : c === PH;
}
function isProtoChar(c: number): boolean {
  return isAlnum(c) || (c >= 43 && c <= 46);
}
// Character class ["."{_identifier}] of parse.l's _url: literal characters, not a sub-pattern.
function isUrlLead(c: number): boolean {
  // " . { _ i d e n t f r }
  return c === 34 || c === 46 || c === 123 || c === 95 || c === 105 || c === 100 || c === 101 || c === 110 || c === 116 || c === 102 || c === 114 || c === 125;
}

/** No backslash and no blank other than ' ' in the text (see Lexer.spaceIsOnlyBlank). */
function spaceIsOnlyBlank(s: string): boolean {
  return !s.includes('\\') && !s.includes('\n') && !s.includes('\t') && !s.includes('\r') && !s.includes('\v') && !s.includes('\f');
}

/**
 * The lexer keeps the current token in its own fields instead of returning one object per token:
 * a large file has hundreds of thousands of tokens, and the parser copies out only the offsets
 * its nodes keep. `next()` overwrites every field.
 */
export class Lexer {
  /** Current token: its class and its range [start, end) in the launch text. */
  kind: TokenKind = 'eof';
  start = 0;
  end = 0;
  /** assign/preset: key end; ref/binref: offset of the dot; -1 otherwise. */
  mid = -1;
  /** assign/preset: value start; -1 otherwise. */
  valueStart = -1;
  /** link: caps text range (trimmed), -1 when the link carries no caps. */
  capsStart = -1;
  capsEnd = -1;
  /** link: `:` (link all pads). */
  linkAll = false;
  /** link: caps not closed by `!` before the end of the text. */
  unterminated = false;
  /** assign/preset: the value starts with a quote that is never closed. */
  unterminatedQuote = false;
  /** Number of tokens read so far (tells the parser whether a token was consumed). */
  count = 0;

  private pos = 0;
  private n: number;
  /** Set by stringLen: the quoted string it measured is never closed. */
  private quoteOpen = false;
  /** Offset of the next `://` at or after the last URL probe (-1: none left, -2: not searched). */
  private schemeSep = -2;

  /**
   * The text has no backslash and no blank other than ' ' (most launch texts): an unquoted
   * string then ends at the next ' ', found by a native search instead of a character loop.
   */
  private spaceIsOnlyBlank: boolean;
  /** The last run of media-type characters that mimeLen scanned: [start, end). */
  private mimeProbeStart = -1;
  private mimeProbeEnd = -1;

  constructor(private s: string) {
    this.n = s.length;
    this.spaceIsOnlyBlank = spaceIsOnlyBlank(s);
  }

  /**
   * Start over on another text, as a new Lexer(text) would (the parser keeps one lexer for all
   * the descriptions it parses: a large file has tens of thousands of them).
   */
  restart(text: string): void {
    this.s = text;
    this.n = text.length;
    this.spaceIsOnlyBlank = spaceIsOnlyBlank(text);
    this.pos = 0;
    this.count = 0;
    this.quoteOpen = false;
    this.schemeSep = -2;
    this.mimeProbeStart = -1;
    this.mimeProbeEnd = -1;
    this.setToken('eof', 0, 0);
  }

  private identLen(i: number): number {
    const s = this.s;
    const n = this.n;
    if (i >= n || !isIdentStart(s.charCodeAt(i))) return 0;
    let j = i + 1;
    // link() probed the word after `!` for a media type: those characters (alphanumerics,
    // `-` and placeholders) are identifier characters too, so the scan resumes after them
    if (i === this.mimeProbeStart && this.mimeProbeEnd > j) j = this.mimeProbeEnd;
    while (j < n && isIdentChar(s.charCodeAt(j))) j++;
    return j - i;
  }

  private skipSpace(i: number): number {
    const s = this.s;
    const n = this.n;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c !== 32 && (c < 9 || c > 13)) break;
      i++;
    }
    return i;
  }

  /** Length of `_string` at i (unquoted run, or quoted string), 0 if none; sets quoteOpen. */
  private stringLen(i: number): number {
    const s = this.s;
    const n = this.n;
    this.quoteOpen = false;
    let j = i;
    if (this.spaceIsOnlyBlank) {
      // no backslash and no blank but ' ' in the text: the run ends at the next space
      j = s.indexOf(' ', i);
      if (j < 0) j = n;
    } else {
      while (j < n) {
        const c = s.charCodeAt(j);
        if (c === 92 && j + 1 < n && s.charCodeAt(j + 1) !== 10) j += 2;
        else if (c === 32 || (c >= 9 && c <= 13)) break;
        else j++;
      }
    }
    const unq = j - i;
    const q = s.charCodeAt(i);
    if (q !== 34 && q !== 39) return unq;
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
    if (end < 0) {
      this.quoteOpen = true;
      return unq;
    }
    return Math.max(unq, end + 1 - i);
  }

  private mimeLen(i: number): number {
    const s = this.s;
    const n = this.n;
    let j = i;
    while (j < n && isMimeChar(s.charCodeAt(j))) j++;
    this.mimeProbeStart = i;
    this.mimeProbeEnd = j;
    if (j === i || s.charCodeAt(j) !== 47) return 0;
    const k = j + 1;
    let m = k;
    while (m < n && isMimeChar(s.charCodeAt(m))) m++;
    return m === k ? 0 : m - i;
  }

  /** The character at i (after an identifier) is a blank or `=`, or i is the end of the text. */
  private identEndsPlain(i: number): boolean {
    if (i >= this.n) return true;
    const c = this.s.charCodeAt(i);
    return c === 61 || c === 32 || (c >= 9 && c <= 13);
  }

  private setToken(kind: TokenKind, start: number, end: number): void {
    this.kind = kind;
    this.start = start;
    this.end = end;
    this.mid = -1;
    this.valueStart = -1;
    this.capsStart = -1;
    this.capsEnd = -1;
    this.linkAll = false;
    this.unterminated = false;
    this.unterminatedQuote = false;
  }

  /** `! caps !`, `!` or `:` at i. */
  private link(i: number): void {
    const s = this.s;
    this.setToken('link', i, i + 1);
    this.linkAll = s.charCodeAt(i) === 58;
    let j = this.skipSpace(i + 1);
    if (this.mimeLen(j) === 0) return;
    let lastNonSpace = j;
    this.capsStart = j;
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
        this.end = j;
        this.capsEnd = lastNonSpace;
        this.unterminated = true;
        return;
      }
      break;
    }
    this.capsEnd = lastNonSpace;
    if (j >= this.n) {
      this.end = this.n;
      this.unterminated = true;
      return;
    }
    this.end = j + 1;
  }

  private urlLen(i: number): number {
    const s = this.s;
    const c0 = s.charCodeAt(i);
    let best = 0;
    // proto://: only worth scanning for when a `://` follows somewhere
    if (this.schemeSep !== -1 && this.schemeSep < i) this.schemeSep = s.indexOf('://', i);
    if (this.schemeSep >= 0 && isAlpha(c0)) {
      let j = i + 1;
      while (j < this.n && isProtoChar(s.charCodeAt(j))) j++;
      if (s.charCodeAt(j) === 58 && s.charCodeAt(j + 1) === 47 && s.charCodeAt(j + 2) === 47) {
        j += 3;
        best = j - i + (j < this.n ? this.stringLen(j) : 0);
      }
    }
    let k = i;
    if (isUrlLead(c0) && s.charCodeAt(i + 1) === 47) k = i + 1;
    if (s.charCodeAt(k) === 47 && k + 1 < this.n) {
      const v = this.stringLen(k + 1);
      if (v > 0) best = Math.max(best, k + 1 + v - i);
    }
    return best;
  }

  /** Continue lexing at offset `pos` (error recovery); call next() to read the token there. */
  reset(pos: number): void {
    this.pos = pos;
    this.schemeSep = -2;
  }

  /**
   * Read the next token into the fields: the longest match at the current position, ties going
   * to the earlier rule of parse.l: assignment, preset, pad reference, reference, bin
   * reference, identifier, link, URL.
   */
  next(): void {
    this.count++;
    const s = this.s;
    const i = this.skipSpace(this.pos);
    if (i >= this.n) {
      this.pos = i;
      this.setToken('eof', this.n, this.n);
      return;
    }
    const c = s.charCodeAt(i);
    if (c === 33 || c === 58) {
      // only a link starts with `!` or `:`
      this.link(i);
      this.pos = this.end;
      return;
    }
    let kind: TokenKind | undefined;
    let end = i;
    let mid = -1;
    let valueStart = -1;
    let unterminatedQuote = false;
    const il = this.identLen(i);
    /** First non-space after the identifier. */
    const afterIdent = il > 0 ? this.skipSpace(i + il) : i;
    if (il > 0 && this.identEndsPlain(i + il)) {
      // Fast path for the common tokens `factory` and `key=value`: the identifier is followed by
      // a blank, `=` or the end. Then no longer REF (needs a `.` right after the identifier) nor
      // URL (`proto://` needs `:/` inside or right after the identifier run, `x/...` a `/`
      // right after its first letter) can match, and the only candidates are, longest first:
      // assignment, bin reference, identifier.
      if (s.charCodeAt(afterIdent) === 61) {
        const j = this.skipSpace(afterIdent + 1);
        const vl = this.stringLen(j);
        if (vl > 0) {
          this.setToken('assign', i, j + vl);
          this.mid = i + il;
          this.valueStart = j;
          this.unterminatedQuote = this.quoteOpen;
          this.pos = j + vl;
          return;
        }
      } else if (s.charCodeAt(afterIdent) === 46) {
        const j = this.skipSpace(afterIdent + 1);
        if (s.charCodeAt(j) === 40) {
          this.setToken('binref', i, j + 1);
          this.mid = afterIdent;
          this.pos = j + 1;
          return;
        }
      }
      this.setToken('ident', i, i + il);
      this.pos = i + il;
      return;
    }
    if (il > 0) {
      // assignment: key = value
      let j = afterIdent;
      if (s.charCodeAt(j) === 61) {
        j = this.skipSpace(j + 1);
        const vl = this.stringLen(j);
        if (vl > 0) {
          kind = 'assign';
          end = j + vl;
          mid = i + il;
          valueStart = j;
          unterminatedQuote = this.quoteOpen;
        }
      }
    }
    if (c === 64 && s.startsWith('@preset', i)) {
      let j = this.skipSpace(i + 7);
      if (s.charCodeAt(j) === 61) {
        j = this.skipSpace(j + 1);
        const vl = this.stringLen(j);
        if (vl > 0 && j + vl > end) {
          kind = 'preset';
          end = j + vl;
          mid = i + 7;
          valueStart = j;
          unterminatedQuote = this.quoteOpen;
        }
      }
    }
    if (c === 46) {
      const pl = this.identLen(i + 1);
      if (pl > 0 && i + 1 + pl > end) {
        kind = 'padref';
        end = i + 1 + pl;
        mid = -1;
        valueStart = -1;
      }
    }
    if (il > 0) {
      if (s.charCodeAt(i + il) === 46) {
        const e = i + il + 1 + this.identLen(i + il + 1);
        if (e > end) {
          kind = 'ref';
          end = e;
          mid = i + il;
          valueStart = -1;
        }
      }
      let j = afterIdent;
      if (s.charCodeAt(j) === 46) {
        const dot = j;
        j = this.skipSpace(j + 1);
        if (s.charCodeAt(j) === 40 && j + 1 > end) {
          kind = 'binref';
          end = j + 1;
          mid = dot;
          valueStart = -1;
        }
      }
      if (i + il > end) {
        kind = 'ident';
        end = i + il;
        mid = -1;
        valueStart = -1;
      }
    }
    const ul = this.urlLen(i);
    if (ul > 0 && i + ul > end) {
      kind = 'url';
      end = i + ul;
      mid = -1;
      valueStart = -1;
    }
    if (kind === undefined) {
      kind = c === 40 || c === 41 || c === 123 || c === 125 || c === 46 || c === 44 || c === 59 || c === 61 ? 'op' : 'invalid';
      end = i + 1;
    }
    this.setToken(kind, i, end);
    this.mid = mid;
    if (valueStart >= 0) {
      this.valueStart = valueStart;
      this.unterminatedQuote = unterminatedQuote;
    }
    this.pos = end;
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
