// Finds the descriptions passed to `gst_parse_launch(...)` (and _full, gst_parse_bin_from_
// description) in C/C++: adjacent string literals (with comments, line continuations and macro
// names between them; macros become opaque placeholders), C escapes decoded, raw strings R"(...)".
// When the argument is an identifier, its literal initialisation or #define is used; a
// g_strdup_printf format becomes the text with each conversion as a placeholder.
import { placeholderChar } from '../lexer';
import { LaunchTextBuilder } from '../launchTextBuilder';
import type { LineIndex } from '../lineIndex';
import { unclosedLiteralEnd, type CodeLaunch } from './python';

const callRe = /\b(?:gst_parse_launch(?:_full)?|gst_parse_bin_from_description(?:_full)?)\s*\(/g;

function skipSpaceAndComments(text: string, i: number): number {
  for (;;) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (text.startsWith('//', i)) {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (text.startsWith('/*', i)) {
      const e = text.indexOf('*/', i + 2);
      i = e < 0 ? text.length : e + 2;
      continue;
    }
    if (text[i] === '\\' && (text[i + 1] === '\n' || text[i + 1] === '\r')) {
      i += text[i + 1] === '\r' ? 3 : 2;
      continue;
    }
    return i;
  }
}

const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?' };

function readCLiteral(text: string, i: number, b: LaunchTextBuilder, printf: boolean, unclosed: number[]): number {
  const m = /^(?:u8|u|U|L)?(R?)"/.exec(text.slice(i, i + 4));
  if (!m) return -1;
  let k = i + m[0].length;
  if (m[1]) {
    const open = text.indexOf('(', k);
    if (open < 0) return -1;
    const delim = `)${text.slice(k, open)}"`;
    const close = text.indexOf(delim, open + 1);
    const stop = close < 0 ? text.length : close;
    for (let j = open + 1; j < stop; j++) b.push(text[j], j, j + 1);
    if (close < 0) unclosed.push(i + m[0].length - 1);
    return close < 0 ? text.length : close + delim.length;
  }
  const limit = unclosedLiteralEnd(text, k, '"');
  while (k < limit && text[k] !== '"' && text[k] !== '\n') {
    const c = text[k];
    if (c === '\\') {
      const n = text[k + 1];
      if (n === '\n') {
        k += 2;
        continue;
      }
      if (n !== undefined && n in simple) {
        b.push(simple[n], k, k + 2);
        k += 2;
        continue;
      }
      const oct = /^[0-7]{1,3}/.exec(text.slice(k + 1, k + 4));
      if (oct) {
        b.push(String.fromCharCode(parseInt(oct[0], 8)), k, k + 1 + oct[0].length);
        k += 1 + oct[0].length;
        continue;
      }
      const hex = /^x([0-9a-fA-F]{1,2})/.exec(text.slice(k + 1, k + 4));
      if (hex) {
        b.push(String.fromCharCode(parseInt(hex[1], 16)), k, k + 1 + hex[0].length);
        k += 1 + hex[0].length;
        continue;
      }
      if (n !== undefined) b.push(n, k, k + 2);
      k += 2;
      continue;
    }
    if (printf && c === '%') {
      if (text[k + 1] === '%') {
        b.push('%', k, k + 2);
        k += 2;
        continue;
      }
      const conv = /^%[-+ #0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh|h|ll|l|L|z|j|t)?[diouxXeEfFgGaAcsp]|^%"\s*G_G?U?INT\d*_FORMAT\s*"/.exec(text.slice(k, k + 40));
      if (conv) {
        b.push(placeholderChar, k, k + conv[0].length);
        k += conv[0].length;
        continue;
      }
    }
    b.push(c, k, k + 1);
    k++;
  }
  if (text[k] === '"') return k + 1;
  unclosed.push(i + m[0].length - 1); // unterminated: stops at the line end
  return k;
}

/** Adjacent literals (and macro names) starting at i; undefined when there is no literal. */
function readLiterals(text: string, i: number, lines: LineIndex, printf = false): CodeLaunch | undefined {
  const b = new LaunchTextBuilder();
  let k = skipSpaceAndComments(text, i);
  const start = k;
  let end = k;
  let literals = 0;
  const unclosed: number[] = [];
  for (;;) {
    const e = readCLiteral(text, k, b, printf, unclosed);
    if (e >= 0) {
      literals++;
      end = e;
      k = skipSpaceAndComments(text, e);
      continue;
    }
    const id = /^[A-Z_][A-Z0-9_]*\b/.exec(text.slice(k, k + 100));
    if (id && literals >= 0 && /^\s*(?:\/\*[^]*?\*\/\s*)*(?:u8|u|U|L)?R?"/.test(text.slice(k + id[0].length, k + id[0].length + 200))) {
      // a macro between literals ("a " WIDTH_STR " b"): its value is not known here
      b.push(placeholderChar, k, k + id[0].length);
      k = skipSpaceAndComments(text, k + id[0].length);
      continue;
    }
    break;
  }
  if (literals === 0) return undefined;
  return { map: b.build(lines), start, end, unclosedQuotes: unclosed.length ? unclosed : undefined };
}

function resolveIdentifier(text: string, name: string, before: number, lines: LineIndex): CodeLaunch | undefined {
  const esc = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const def = new RegExp(`#\\s*define\\s+${esc}\\b[ \\t]*`, 'g');
  const init = new RegExp(`\\b${esc}\\s*(?:\\[\\s*\\])?\\s*=(?!=)\\s*`, 'g');
  let best: { at: number; printf: boolean } | undefined;
  for (const re of [def, init]) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m && m.index < before; m = re.exec(text)) {
      let at = m.index + m[0].length;
      let printf = false;
      const pf = /^g_strdup_printf\s*\(/.exec(text.slice(at, at + 40));
      if (pf) {
        at += pf[0].length;
        printf = true;
      }
      if (!best || m.index > best.at) best = { at, printf };
    }
  }
  if (!best) return undefined;
  return readLiterals(text, best.at, lines, best.printf);
}

export function extractCLaunches(text: string, lines: LineIndex): CodeLaunch[] {
  const out: CodeLaunch[] = [];
  if (!text.includes('gst_parse_')) return out;
  callRe.lastIndex = 0;
  for (let m = callRe.exec(text); m; m = callRe.exec(text)) {
    const argStart = skipSpaceAndComments(text, m.index + m[0].length);
    const lit = readLiterals(text, argStart, lines);
    if (lit) {
      out.push(lit);
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(argStart, argStart + 200));
    if (id) {
      const v = resolveIdentifier(text, id[0], m.index, lines);
      if (v) out.push(v);
    }
  }
  return out;
}
