// A small C/C++/CUDA tokenizer for the NVTX scanner: identifiers, string literals (with encoding
// prefixes and raw strings), character literals, numbers and punctuation, with 0-based
// line/column positions. Comments are dropped; preprocessor lines are tokenized like code so
// that NVTX calls inside macros are still seen. Never throws.

export type CTokenType = 'ident' | 'string' | 'char' | 'number' | 'punct';

export interface CToken {
  type: CTokenType;
  text: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** Strings: the value between the quotes (escapes resolved). */
  value?: string;
}

export interface CLexResult {
  tokens: CToken[];
  problems: { line: number; column: number; message: string }[];
}

const puncts3 = new Set(['<<=', '>>=', '...', '->*']);
const puncts2 = new Set(['::', '->', '++', '--', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '##']);
const punctStarts = new Set([...puncts3, ...puncts2].map((p) => p[0]));

const cEscapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '?': '?', a: '\x07', b: '\b', f: '\f', v: '\v' };

export function unescapeC(body: string): string {
  return body.replace(/\\(x[0-9a-fA-F]+|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|\r?\n|.)/g, (_m, e: string) => {
    if (e === '\n' || e === '\r\n') return '';
    if (e[0] === 'x' || e[0] === 'u' || e[0] === 'U') return String.fromCodePoint(parseInt(e.slice(1), 16) || 0);
    if (/^[0-7]+$/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return cEscapes[e] ?? e;
  });
}

function isIdStart(c: string | undefined): boolean {
  if (c === undefined) return false;
  const k = c.charCodeAt(0);
  return (k >= 97 && k <= 122) || (k >= 65 && k <= 90) || k === 95 || k === 36;
}
function isIdPart(c: string | undefined): boolean {
  if (c === undefined) return false;
  const k = c.charCodeAt(0);
  return (k >= 97 && k <= 122) || (k >= 65 && k <= 90) || (k >= 48 && k <= 57) || k === 95 || k === 36;
}
function isDigit(c: string | undefined): boolean {
  if (c === undefined) return false;
  const k = c.charCodeAt(0);
  return k >= 48 && k <= 57;
}

export function lexC(text: string): CLexResult {
  const tokens: CToken[] = [];
  const problems: CLexResult['problems'] = [];
  const n = text.length;
  let i = 0;
  let line = 0;
  let lineStart = 0;
  const nl = (after: number): void => {
    line++;
    lineStart = after;
  };
  while (i < n) {
    const c = text[i];
    if (c === '\n') {
      nl(++i);
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
      i++;
      continue;
    }
    if (c === '\\' && (text[i + 1] === '\n' || (text[i + 1] === '\r' && text[i + 2] === '\n'))) {
      i += text[i + 1] === '\r' ? 3 : 2;
      nl(i);
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? n : end + 2;
      if (end < 0) problems.push({ line, column: i - lineStart, message: 'unterminated comment' });
      for (let j = i; j < stop; j++) if (text[j] === '\n') nl(j + 1);
      i = stop;
      continue;
    }
    const sl = line;
    const sc = i - lineStart;
    if (isIdStart(c)) {
      let j = i + 1;
      while (j < n && isIdPart(text[j])) j++;
      const word = text.slice(i, j);
      if (text[j] === '"' && /^(?:L|u8|u|U)?R$/.test(word)) {
        // Raw string: R"delim( ... )delim"
        const open = text.indexOf('(', j);
        const delim = open >= 0 ? text.slice(j + 1, open) : '';
        const close = open >= 0 ? text.indexOf(`)${delim}"`, open) : -1;
        const stop = close < 0 ? n : close + delim.length + 2;
        const value = open >= 0 ? text.slice(open + 1, close < 0 ? n : close) : '';
        if (close < 0) problems.push({ line: sl, column: sc, message: 'unterminated raw string literal' });
        for (let k = i; k < stop; k++) if (text[k] === '\n') nl(k + 1);
        tokens.push({ type: 'string', text: text.slice(i, stop), line: sl, column: sc, endLine: line, endColumn: stop - lineStart, value });
        i = stop;
        continue;
      }
      if ((text[j] === '"' || text[j] === "'") && /^(?:L|u8|u|U)$/.test(word)) {
        i = quoted(i, j);
        continue;
      }
      tokens.push({ type: 'ident', text: word, line: sl, column: sc, endLine: sl, endColumn: j - lineStart });
      i = j;
      continue;
    }
    if (c === '"' || c === "'") {
      i = quoted(i, i);
      continue;
    }
    if (isDigit(c) || (c === '.' && isDigit(text[i + 1]))) {
      let j = i + 1;
      while (j < n && (isIdPart(text[j]) || text[j] === '.' || text[j] === "'")) {
        if (/[eEpP]/.test(text[j]) && (text[j + 1] === '+' || text[j + 1] === '-')) j++;
        j++;
      }
      tokens.push({ type: 'number', text: text.slice(i, j), line: sl, column: sc, endLine: sl, endColumn: j - lineStart });
      i = j;
      continue;
    }
    let p = c;
    const next = text[i + 1];
    if (next !== undefined && punctStarts.has(c)) {
      if (puncts3.has(text.slice(i, i + 3))) p = text.slice(i, i + 3);
      else if (puncts2.has(c + next)) p = c + next;
    }
    tokens.push({ type: 'punct', text: p, line: sl, column: sc, endLine: sl, endColumn: sc + p.length });
    i += p.length;
  }
  return { tokens, problems };

  function quoted(start: number, quoteAt: number): number {
    const q = text[quoteAt];
    const sl = line;
    const sc = start - lineStart;
    let j = quoteAt + 1;
    let closed = false;
    while (j < n) {
      const d = text[j];
      if (d === '\\') {
        if (text[j + 1] === '\n') nl(j + 2);
        j += 2;
        continue;
      }
      if (d === q) {
        closed = true;
        j++;
        break;
      }
      if (d === '\n') break;
      j++;
    }
    if (!closed) problems.push({ line: sl, column: sc, message: q === '"' ? 'unterminated string literal' : 'unterminated character literal' });
    const body = text.slice(quoteAt + 1, closed ? j - 1 : j);
    tokens.push({
      type: q === '"' ? 'string' : 'char',
      text: text.slice(start, j),
      line: sl,
      column: sc,
      endLine: line,
      endColumn: j - lineStart,
      value: unescapeC(body),
    });
    return j;
  }
}
