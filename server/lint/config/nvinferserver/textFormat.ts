// A protobuf text-format reader (the syntax nvinferserver configs are written in and that
// gst-nvinferserver reads with google::protobuf::TextFormat::ParseFromString) that keeps the offset
// of every field name and value and keeps going after errors, so one mistake does not hide the rest.
// Schema-free: which fields exist and what they hold is checked afterwards (validate.ts).
//
// Syntax (protobuf io::Tokenizer + TextFormat::Parser):
// - `#` starts a comment to the end of the line; whitespace is space, \t, \n, \v, \f, \r.
// - A message is a sequence of fields, each optionally followed by `;` or `,`.
// - A field is `name: scalar`, `name: [v1, v2]` (repeated fields), `name { ... }`, `name: { ... }`
//   or `name < ... >` (message values; the colon is optional there, required before scalars, also
//   before a list of scalars: `inputs [ {...} ]` is fine, `dims [1, 2]` is not).
// - Scalars: identifiers (enum names, true/false, inf, nan), integers (decimal, 0x hex, 0 octal),
//   floats (`1.5`, `.5`, `1e-3`, `1.5f`), a `-` sign before numbers and inf/nan, strings in "..."
//   or '...' with C escapes (adjacent strings concatenate; no line breaks inside).
// - `${VAR}` / `$VAR` placeholders of config templates are kept as values of any type.

/** `placeholder`: `${VAR}` / `$VAR` of config templates (substituted before DeepStream reads the file). */
export type TokenKind = 'identifier' | 'integer' | 'float' | 'string' | 'placeholder' | 'symbol';

interface Token {
  kind: TokenKind;
  start: number;
  end: number;
}

export interface PbScalar {
  kind: 'scalar';
  /** What the value token was (a string value made of several literals is 'string'). */
  token: Exclude<TokenKind, 'symbol'>;
  /** Source text of the value without the sign (for strings: the literals as written). */
  text: string;
  /** Decoded text of a string value. */
  decoded?: string;
  negative: boolean;
  start: number;
  end: number;
}

export interface PbMessage {
  kind: 'message';
  fields: PbField[];
  /** Offset of `{` / `<` and just after the closing one (the end of the text when it is missing). */
  start: number;
  end: number;
}

export type PbValue = PbScalar | PbMessage;

export interface PbField {
  name: string;
  nameStart: number;
  nameEnd: number;
  /** Whether a ':' followed the name. */
  colon: boolean;
  /** Offset just after the colon, or after the name when there is none (where a missing value is reported). */
  afterName: number;
  /** One value, or the items of `[a, b]` list syntax (then `list` is set). */
  values: PbValue[];
  list?: { start: number; end: number };
}

export interface PbSyntaxError {
  message: string;
  start: number;
  end: number;
}

export interface PbDocument {
  text: string;
  fields: PbField[];
  errors: PbSyntaxError[];
}

/** TextFormat's default recursion limit: deeper messages are refused. */
export const maxNesting = 100;

const isSpace = (c: number) => c === 32 || (c >= 9 && c <= 13);
const isLetter = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
const isDigit = (c: number) => c >= 48 && c <= 57;
const isHex = (c: number) => isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);

class Lexer {
  private pos = 0;
  readonly errors: PbSyntaxError[] = [];
  constructor(readonly text: string) {}

  /** The next token, or undefined at the end of the text. */
  next(): Token | undefined {
    const t = this.text;
    const n = t.length;
    let i = this.pos;
    for (;;) {
      while (i < n && isSpace(t.charCodeAt(i))) i++;
      if (i < n && t.charCodeAt(i) === 35 /* # */) {
        while (i < n && t.charCodeAt(i) !== 10) i++;
        continue;
      }
      break;
    }
    if (i >= n) {
      this.pos = n;
      return undefined;
    }
    const start = i;
    const c = t.charCodeAt(i);
    if (isLetter(c)) {
      i++;
      while (i < n && (isLetter(t.charCodeAt(i)) || isDigit(t.charCodeAt(i)))) i++;
      this.pos = i;
      return { kind: 'identifier', start, end: i };
    }
    if (isDigit(c) || (c === 46 && isDigit(t.charCodeAt(i + 1)))) return this.number(start);
    if (c === 34 || c === 39) return this.string(start, c);
    if (c === 36 /* $ */) {
      const m = /^\$(\{[A-Za-z_][A-Za-z0-9_]*\}|[A-Za-z_][A-Za-z0-9_]*)/.exec(t.slice(i, i + 200));
      if (m) {
        this.pos = i + m[0].length;
        return { kind: 'placeholder', start, end: this.pos };
      }
    }
    this.pos = i + 1;
    return { kind: 'symbol', start, end: i + 1 };
  }

  private number(start: number): Token {
    const t = this.text;
    const n = t.length;
    let i = start;
    let kind: TokenKind = 'integer';
    if (t.charCodeAt(i) === 48 && (t.charCodeAt(i + 1) | 32) === 120 /* x */) {
      i += 2;
      const from = i;
      while (i < n && isHex(t.charCodeAt(i))) i++;
      if (i === from) this.errors.push({ message: '"0x" must be followed by hex digits.', start, end: i });
    } else {
      while (i < n && isDigit(t.charCodeAt(i))) i++;
      if (t.charCodeAt(i) === 46) {
        kind = 'float';
        i++;
        while (i < n && isDigit(t.charCodeAt(i))) i++;
      }
      if ((t.charCodeAt(i) | 32) === 101 /* e */) {
        const save = i;
        i++;
        if (t.charCodeAt(i) === 43 || t.charCodeAt(i) === 45) i++;
        if (isDigit(t.charCodeAt(i))) {
          kind = 'float';
          while (i < n && isDigit(t.charCodeAt(i))) i++;
        } else {
          i = save;
          this.errors.push({ message: '"e" must be followed by an exponent.', start, end: save + 1 });
          i = save + 1;
        }
      }
      if ((t.charCodeAt(i) | 32) === 102 /* f */) {
        kind = 'float';
        i++;
      }
    }
    if (i < n && (isLetter(t.charCodeAt(i)) || isDigit(t.charCodeAt(i)) || t.charCodeAt(i) === 46)) {
      const from = i;
      while (i < n && (isLetter(t.charCodeAt(i)) || isDigit(t.charCodeAt(i)) || t.charCodeAt(i) === 46)) i++;
      this.errors.push({ message: `Need space between number and "${t.slice(from, i)}".`, start, end: i });
    }
    this.pos = i;
    return { kind, start, end: i };
  }

  private string(start: number, quote: number): Token {
    const t = this.text;
    const n = t.length;
    let i = start + 1;
    while (i < n) {
      const c = t.charCodeAt(i);
      if (c === quote) {
        this.pos = i + 1;
        return { kind: 'string', start, end: i + 1 };
      }
      if (c === 10) break;
      if (c === 92 /* \ */) i++;
      i++;
    }
    this.errors.push({ message: 'String literal is not closed before the end of the line (string literals cannot cross line boundaries).', start, end: Math.min(i, n) });
    this.pos = Math.min(i, n);
    return { kind: 'string', start, end: Math.min(i, n) };
  }
}

/** Decodes the C escapes of one quoted literal (quotes included in `lit`). */
export function decodeStringLiteral(lit: string): { text: string; error?: string } {
  const q = lit[0];
  const body = lit.length >= 2 && lit[lit.length - 1] === q ? lit.slice(1, -1) : lit.slice(1);
  if (body.indexOf('\\') < 0) return { text: body };
  let out = '';
  let error: string | undefined;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i];
    const simple: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?' };
    if (e !== undefined && simple[e] !== undefined) out += simple[e];
    else if (e !== undefined && e >= '0' && e <= '7') {
      let j = i;
      while (j < body.length && j < i + 3 && body[j] >= '0' && body[j] <= '7') j++;
      out += String.fromCharCode(parseInt(body.slice(i, j), 8) & 0xff);
      i = j - 1;
    } else if (e === 'x' || e === 'X') {
      let j = i + 1;
      while (j < body.length && j < i + 3 && /[0-9a-fA-F]/.test(body[j])) j++;
      if (j === i + 1) error ??= '"\\x" must be followed by hex digits';
      else out += String.fromCharCode(parseInt(body.slice(i + 1, j), 16));
      i = j - 1;
    } else if (e === 'u' || e === 'U') {
      const len = e === 'u' ? 4 : 8;
      const hex = body.slice(i + 1, i + 1 + len);
      if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) error ??= `"\\${e}" must be followed by ${len} hex digits`;
      else out += String.fromCodePoint(Math.min(parseInt(hex, 16), 0x10ffff));
      i += len;
    } else {
      error ??= `invalid escape sequence "\\${e ?? ''}"`;
      if (e !== undefined) out += e;
    }
  }
  return { text: out, error };
}

/** Reads protobuf text. Never throws; syntax errors are in `errors` with their offsets. */
export function parseTextFormat(text: string): PbDocument {
  const lex = new Lexer(text);
  const errors = lex.errors;
  let tok = lex.next();
  const src = (t: Token) => text.slice(t.start, t.end);
  const isSym = (t: Token | undefined, s: string) => t !== undefined && t.kind === 'symbol' && text.charCodeAt(t.start) === s.charCodeAt(0);
  const describe = (t: Token | undefined) => (t ? `"${src(t)}"` : 'the end of the file');

  /** Skips to just after the token closing the current message (depth-balanced), for recovery. */
  const skipBalanced = (close: string): void => {
    let depth = 0;
    while (tok) {
      if (isSym(tok, '{') || isSym(tok, '<') || isSym(tok, '[')) depth++;
      else if (isSym(tok, '}') || isSym(tok, '>') || isSym(tok, ']')) {
        if (depth === 0) {
          if (isSym(tok, close)) tok = lex.next();
          return;
        }
        depth--;
      }
      tok = lex.next();
    }
  };

  const parseScalar = (): PbScalar | undefined => {
    let negative = false;
    const start = tok?.start ?? text.length;
    if (isSym(tok, '-')) {
      negative = true;
      tok = lex.next();
      if (!tok || !(tok.kind === 'integer' || tok.kind === 'float' || (tok.kind === 'identifier' && /^(inf|infinity|nan)$/i.test(src(tok))))) {
        errors.push({ message: `Expected a number after "-", found ${describe(tok)}.`, start, end: tok ? tok.end : text.length });
        return undefined;
      }
    }
    if (!tok || tok.kind === 'symbol') {
      errors.push({ message: `Expected a value, found ${describe(tok)}.`, start: tok?.start ?? text.length, end: tok?.end ?? text.length });
      return undefined;
    }
    if (tok.kind === 'string') {
      let decoded = '';
      const first = tok;
      let last = tok;
      while (tok && tok.kind === 'string') {
        const d = decodeStringLiteral(src(tok));
        if (d.error) errors.push({ message: `String has an ${d.error}.`, start: tok.start, end: tok.end });
        decoded += d.text;
        last = tok;
        tok = lex.next();
      }
      return { kind: 'scalar', token: 'string', text: text.slice(first.start, last.end), decoded, negative, start, end: last.end };
    }
    const v: PbScalar = { kind: 'scalar', token: tok.kind, text: src(tok), negative, start, end: tok.end };
    tok = lex.next();
    return v;
  };

  const parseMessageBody = (fields: PbField[], depth: number, close: string | undefined): void => {
    while (tok) {
      if (close !== undefined && isSym(tok, close)) return;
      if (isSym(tok, ';') || isSym(tok, ',')) {
        // A separator with no field before it.
        errors.push({ message: `Unexpected ${describe(tok)}: expected a field name.`, start: tok.start, end: tok.end });
        tok = lex.next();
        continue;
      }
      if (tok.kind !== 'identifier') {
        if (isSym(tok, '[')) {
          // Extension or Any syntax: `[pkg.ext] { ... }`; nvinferserver's messages have none.
          const start = tok.start;
          while (tok && !isSym(tok, ']')) tok = lex.next();
          const end = tok ? tok.end : text.length;
          tok = lex.next();
          errors.push({ message: 'Extension / Any fields ("[name]") are not part of the nvinferserver config.', start, end });
          if (isSym(tok, ':')) tok = lex.next();
          parseValue(depth);
          if (isSym(tok, ';') || isSym(tok, ',')) tok = lex.next();
          continue;
        }
        errors.push({ message: `Expected a field name, found ${describe(tok)}.`, start: tok.start, end: tok.end });
        const stray = tok;
        tok = lex.next();
        // A stray opening brace: skip its whole body so its fields are not read at this level.
        if (isSym(stray, '{')) skipBalanced('}');
        else if (isSym(stray, '<')) skipBalanced('>');
        continue;
      }
      const nameTok = tok;
      const field: PbField = { name: src(nameTok), nameStart: nameTok.start, nameEnd: nameTok.end, colon: false, afterName: nameTok.end, values: [] };
      fields.push(field);
      tok = lex.next();
      if (isSym(tok, ':')) {
        field.colon = true;
        field.afterName = tok!.end;
        tok = lex.next();
      }
      // `[` starts a list after a colon, and also without one for message fields (`inputs [ {...} ]`).
      if (isSym(tok, '[')) {
        const listStart = tok!.start;
        tok = lex.next();
        if (!isSym(tok, ']')) {
          for (;;) {
            const v = parseValue(depth);
            if (v) field.values.push(v);
            if (isSym(tok, ',')) {
              tok = lex.next();
              continue;
            }
            if (isSym(tok, ']')) break;
            errors.push({ message: `Expected "," or "]" in the list of ${field.name}, found ${describe(tok)}.`, start: tok?.start ?? text.length, end: tok?.end ?? text.length });
            // Recover: skip to the end of the list.
            skipBalanced(']');
            field.list = { start: listStart, end: tok?.start ?? text.length };
            break;
          }
        }
        if (isSym(tok, ']')) {
          field.list = { start: listStart, end: tok!.end };
          tok = lex.next();
        }
      } else {
        const v = parseValue(depth);
        if (v) field.values.push(v);
      }
      if (isSym(tok, ';') || isSym(tok, ',')) tok = lex.next();
    }
  };

  const parseValue = (depth: number): PbValue | undefined => {
    if (isSym(tok, '{') || isSym(tok, '<')) {
      const open = tok!;
      const close = isSym(open, '{') ? '}' : '>';
      tok = lex.next();
      const msg: PbMessage = { kind: 'message', fields: [], start: open.start, end: text.length };
      if (depth + 1 > maxNesting) {
        errors.push({ message: `Messages nested deeper than ${maxNesting} levels: protobuf refuses the file.`, start: open.start, end: open.end });
        skipBalanced(close);
        msg.end = tok?.start ?? text.length;
        return msg;
      }
      parseMessageBody(msg.fields, depth + 1, close);
      if (isSym(tok, close)) {
        msg.end = tok!.end;
        tok = lex.next();
      } else {
        errors.push({ message: `Expected "${close}" to close the "${src(open)}" opened here; found ${describe(tok)}.`, start: open.start, end: open.end });
      }
      return msg;
    }
    return parseScalar();
  };

  const fields: PbField[] = [];
  while (tok) {
    parseMessageBody(fields, 0, undefined);
    // parseMessageBody returns at top level only at the end; a stray closer is handled inside.
    if (tok && (isSym(tok, '}') || isSym(tok, '>'))) {
      errors.push({ message: `Unexpected ${describe(tok)}: no message is open here.`, start: tok.start, end: tok.end });
      tok = lex.next();
    }
  }
  errors.sort((a, b) => a.start - b.start);
  return { text, fields, errors };
}
