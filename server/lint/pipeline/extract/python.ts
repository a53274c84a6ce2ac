// Finds the descriptions passed to `Gst.parse_launch(...)` / `Gst.parse_bin_from_description(...)`
// in Python: string literals with implicit concatenation and `+`, r/b/u/f prefixes, triple
// quotes, escapes decoded, f-string fields (and `+ variable +` pieces, `.format` fields) kept as
// opaque placeholders. When the argument is a variable, its last literal assignment before the
// call is used.
import { placeholderChar } from '../lexer';
import { LaunchTextBuilder } from '../launchTextBuilder';
import type { LineIndex } from '../lineIndex';
import type { SourceMap } from '../sourceMap';

export interface CodeLaunch {
  map: SourceMap;
  /** Host offsets of the literal expression. */
  start: number;
  end: number;
  /** Host offsets of opening quotes of literals that nothing closes. */
  unclosedQuotes?: number[];
}

const callRe = /\b(?:parse_launch|parse_bin_from_description)\s*\(/g;

function skipSpaceAndComments(text: string, i: number): number {
  for (;;) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (text[i] === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (text[i] === '\\' && text[i + 1] === '\n') {
      i += 2;
      continue;
    }
    return i;
  }
}

/** A Python string literal at i (with prefix): its end, or -1. Decodes into b. */
function readLiteral(text: string, i: number, b: LaunchTextBuilder | undefined, formatFields = false, unclosed?: number[]): number {
  const m = /^([rRbBuUfF]{0,2})('''|"""|'|")/.exec(text.slice(i, i + 5));
  if (!m) return -1;
  const prefix = m[1].toLowerCase();
  const raw = prefix.includes('r');
  const fstr = prefix.includes('f') || formatFields;
  const q = m[2];
  let k = i + m[0].length;
  const triple = q.length === 3;
  const limit = triple ? text.length : unclosedLiteralEnd(text, k, q);
  while (k < text.length) {
    if (text.startsWith(q, k)) return k + q.length;
    const c = text[k];
    if (k >= limit || (!triple && c === '\n')) {
      unclosed?.push(i + m[0].length - q.length);
      return k; // unterminated single-line literal: stop before the call's end on its line
    }
    if (c === '\\') {
      const n = text[k + 1];
      if (raw) {
        b?.push(c, k, k + 1);
        if (n !== undefined) b?.push(n, k + 1, k + 2);
        k += 2;
        continue;
      }
      const e = decodeEscape(text, k);
      if (e.ch !== undefined) b?.push(e.ch, k, e.end);
      k = e.end;
      continue;
    }
    if (fstr && c === '{') {
      if (text[k + 1] === '{') {
        b?.push('{', k, k + 2);
        k += 2;
        continue;
      }
      const end = fieldEnd(text, k);
      b?.push(placeholderChar, k, end);
      k = end;
      continue;
    }
    if (fstr && c === '}' && text[k + 1] === '}') {
      b?.push('}', k, k + 2);
      k += 2;
      continue;
    }
    b?.push(c, k, k + 1);
    k++;
  }
  unclosed?.push(i + m[0].length - q.length);
  return k;
}

/**
 * Where the single-line literal whose text starts at k ends when nothing closes it on its line:
 * before a call's end left on the line (`, x)`, `)`, `);` and a comment), else at the line end;
 * text.length when a quote closes it.
 */
export function unclosedLiteralEnd(text: string, k: number, q: string): number {
  let lineEnd = text.indexOf('\n', k);
  if (lineEnd < 0) lineEnd = text.length;
  const close = text.indexOf(q, k);
  if (close >= 0 && close < lineEnd) return text.length;
  const tail = /(?:\s*,[^,()]*)?\)\s*;?\s*(?:(?:#|\/\/).*)?\r?$/.exec(text.slice(k, lineEnd));
  return tail ? k + tail.index : lineEnd;
}

function fieldEnd(text: string, k: number): number {
  let depth = 0;
  for (let j = k; j < text.length; j++) {
    const c = text[j];
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return j + 1;
    else if (c === '\n' && depth > 0 && j - k > 2000) return j;
  }
  return text.length;
}

const simpleEscapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"' };

function decodeEscape(text: string, k: number): { ch?: string; end: number } {
  const n = text[k + 1];
  if (n === undefined) return { end: k + 1 };
  if (n === '\n') return { end: k + 2 };
  if (n in simpleEscapes) return { ch: simpleEscapes[n], end: k + 2 };
  if (/[0-7]/.test(n)) {
    const m = /^[0-7]{1,3}/.exec(text.slice(k + 1, k + 4));
    const s = m ? m[0] : n;
    return { ch: String.fromCharCode(parseInt(s, 8)), end: k + 1 + s.length };
  }
  const hex = (len: number): { ch?: string; end: number } => {
    const h = text.slice(k + 2, k + 2 + len);
    if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(h)) return { ch: '\\', end: k + 1 };
    return { ch: String.fromCodePoint(parseInt(h, 16)), end: k + 2 + len };
  };
  if (n === 'x') return hex(2);
  if (n === 'u') return hex(4);
  if (n === 'U') return hex(8);
  if (n === 'N' && text[k + 2] === '{') {
    const close = text.indexOf('}', k + 3);
    return { ch: placeholderChar, end: close < 0 ? k + 2 : close + 1 };
  }
  return { ch: '\\', end: k + 1 }; // unknown escape: the backslash stays, the next char follows
}

/** End of a non-literal operand (name, attribute, call, subscript) at i. */
function operandEnd(text: string, i: number): number {
  let k = i;
  while (k < text.length) {
    const c = text[k];
    if (/[A-Za-z0-9_.]/.test(c)) {
      k++;
      continue;
    }
    if (c === '(' || c === '[') {
      const close = c === '(' ? ')' : ']';
      let depth = 0;
      for (; k < text.length; k++) {
        if (text[k] === c) depth++;
        else if (text[k] === close && --depth === 0) {
          k++;
          break;
        }
      }
      continue;
    }
    break;
  }
  return k;
}

/**
 * Read an expression made of string literals, implicit concatenation and `+ operand +`, starting
 * at i. Returns undefined when it contains no literal.
 */
function readExpression(text: string, i: number, lines: LineIndex, inParens: boolean, allFormatted = false): CodeLaunch | undefined {
  const b = new LaunchTextBuilder();
  let k = skipSpaceAndComments(text, i);
  const start = k;
  let end = k;
  let literals = 0;
  let paren = 0;
  if (text[k] === '(') {
    paren = 1;
    k = skipSpaceAndComments(text, k + 1);
  }
  const multiline = inParens || paren > 0;
  const unclosed: number[] = [];
  for (;;) {
    const probe = readLiteral(text, k, undefined);
    const formatted = probe >= 0 && /^\s*\.format\s*\(/.test(text.slice(probe, probe + 40));
    const e = probe >= 0 ? readLiteral(text, k, b, formatted || allFormatted, unclosed) : -1;
    if (e >= 0 && formatted) {
      // "...{}...".format(args): fields are placeholders; skip the call
      literals++;
      const call = text.indexOf('(', e);
      end = operandEnd(text, call);
      k = end;
    } else if (e >= 0) {
      literals++;
      end = e;
      k = e;
    } else if (/[A-Za-z_]/.test(text[k] ?? '')) {
      const oe = operandEnd(text, k);
      if (oe === k) break;
      b.push(placeholderChar, k, oe);
      end = oe;
      k = oe;
    } else break;
    let j = multiline ? skipSpaceAndComments(text, k) : skipInline(text, k);
    if (text[j] === '+') {
      j = multiline ? skipSpaceAndComments(text, j + 1) : skipInline(text, j + 1);
      k = j;
      continue;
    }
    if (/^[rRbBuUfF]{0,2}['"]/.test(text.slice(j, j + 3))) {
      k = j;
      continue;
    }
    if (paren && text[j] === ')') end = j + 1;
    break;
  }
  if (literals === 0) return undefined;
  // ("a {}" "b").format(x): the fields of every literal in the group are placeholders
  if (!allFormatted && /^\s*\.format\s*\(/.test(text.slice(end, end + 40))) return readExpression(text, i, lines, inParens, true);
  return { map: b.build(lines), start, end, unclosedQuotes: unclosed.length ? unclosed : undefined };
}

function skipInline(text: string, i: number): number {
  for (;;) {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
    if (text[i] === '\\' && text[i + 1] === '\n') {
      i += 2;
      continue;
    }
    return i;
  }
}

/** Last `name = <literal expression>` before offset `before`. */
function resolveVariable(text: string, name: string, before: number, lines: LineIndex): CodeLaunch | undefined {
  const re = new RegExp(`(^|[^A-Za-z0-9_.])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*(?::[^=\\n]*)?=(?!=)`, 'gm');
  let found: number | undefined;
  for (let m = re.exec(text); m && m.index < before; m = re.exec(text)) found = m.index + m[0].length;
  if (found === undefined) return undefined;
  return readExpression(text, found, lines, false);
}

export function extractPythonLaunches(text: string, lines: LineIndex): CodeLaunch[] {
  const out: CodeLaunch[] = [];
  if (!text.includes('parse_launch') && !text.includes('parse_bin_from_description')) return out;
  callRe.lastIndex = 0;
  for (let m = callRe.exec(text); m; m = callRe.exec(text)) {
    const argStart = skipSpaceAndComments(text, m.index + m[0].length);
    const lit = readExpression(text, argStart, lines, true);
    if (lit) {
      out.push(lit);
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(text.slice(argStart, argStart + 200));
    if (id) {
      const v = resolveVariable(text, id[0], m.index, lines);
      if (v) out.push(v);
    }
  }
  return out;
}
