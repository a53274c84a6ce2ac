// A small Python tokenizer: enough structure for the NVTX scanner (names, strings with their
// prefixes, operators, logical-line starts and indentation). Comments are dropped; bracketed
// continuation lines are joined the way Python joins them. Never throws: an unterminated
// string ends at the end of its line (or file for triple quotes) and is reported.

export type PyTokenType = 'name' | 'string' | 'number' | 'op';

export interface PyToken {
  type: PyTokenType;
  /** Name/operator/number text; for strings the raw source text including prefix and quotes. */
  text: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** True for the first token of a logical line. */
  lineStart: boolean;
  /** Indentation (columns) of the logical line the token belongs to. */
  indent: number;
  /** Bracket depth before this token. */
  depth: number;
  /** Strings: lower-cased prefix (`f`, `rb`, ...), the quote and the body between quotes. */
  prefix?: string;
  quote?: string;
  body?: string;
}

export interface PyLexResult {
  tokens: PyToken[];
  problems: { line: number; column: number; message: string }[];
}

const stringPrefix = /^(?:[rR][bBfFtT]?|[bBfFtT][rR]?|[uU])?$/;

function isIdStart(c: string): boolean {
  const k = c.charCodeAt(0);
  return (k >= 97 && k <= 122) || (k >= 65 && k <= 90) || k === 95 || k >= 0xc0;
}
function isIdPart(c: string): boolean {
  const k = c.charCodeAt(0);
  return (k >= 97 && k <= 122) || (k >= 65 && k <= 90) || (k >= 48 && k <= 57) || k === 95 || k >= 0xc0;
}
function isDigit(c: string | undefined): boolean {
  if (c === undefined) return false;
  const k = c.charCodeAt(0);
  return k >= 48 && k <= 57;
}

const threeCharOps = ['**=', '//=', '>>=', '<<=', '...', '!=='];
const twoCharOps = ['**', '//', '==', '!=', '<=', '>=', '<<', '>>', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '->', ':=', '@='];

export function lexPython(text: string): PyLexResult {
  const tokens: PyToken[] = [];
  const problems: PyLexResult['problems'] = [];
  let i = 0;
  let line = 0;
  let lineStartOffset = 0;
  let depth = 0;
  let atLogicalStart = true;
  let indent = 0;
  const n = text.length;

  let startLine = 0;
  let startCol = 0;
  let first = false;
  const col = (offset: number): number => offset - lineStartOffset;
  const push = (type: PyTokenType, tokText: string): void => {
    tokens.push({ type, text: tokText, line: startLine, column: startCol, endLine: line, endColumn: col(i), lineStart: first, indent, depth });
  };
  const newline = (offsetAfterNl: number): void => {
    line++;
    lineStartOffset = offsetAfterNl;
  };

  while (i < n) {
    const c = text[i];
    if (c === '\n') {
      newline(i + 1);
      i++;
      if (depth === 0) atLogicalStart = true;
      continue;
    }
    if (c === '\r') {
      if (text[i + 1] === '\n') {
        i++;
        continue;
      }
      newline(i + 1);
      i++;
      if (depth === 0) atLogicalStart = true;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\f') {
      i++;
      continue;
    }
    if (c === '\\' && (text[i + 1] === '\n' || text[i + 1] === '\r')) {
      // Explicit line joining: the next physical line continues this logical line.
      i++;
      if (text[i] === '\r' && text[i + 1] === '\n') i++;
      i++;
      newline(i);
      continue;
    }
    if (c === '#') {
      while (i < n && text[i] !== '\n' && text[i] !== '\r') i++;
      continue;
    }
    startLine = line;
    startCol = col(i);
    first = atLogicalStart;
    if (first) {
      indent = startCol;
      atLogicalStart = false;
    }

    if (isIdStart(c)) {
      let j = i + 1;
      while (j < n && isIdPart(text[j])) j++;
      const word = text.slice(i, j);
      if ((text[j] === '"' || text[j] === "'") && stringPrefix.test(word) && word.length <= 2) {
        i = lexString(j, word.toLowerCase());
        continue;
      }
      i = j;
      push('name', word);
      continue;
    }
    if (c === '"' || c === "'") {
      i = lexString(i, '');
      continue;
    }
    if (isDigit(c) || (c === '.' && isDigit(text[i + 1]))) {
      let j = i + 1;
      while (j < n && (isIdPart(text[j]) || text[j] === '.')) {
        if ((text[j] === 'e' || text[j] === 'E') && (text[j + 1] === '+' || text[j + 1] === '-')) j++;
        j++;
      }
      const num = text.slice(i, j);
      i = j;
      push('number', num);
      continue;
    }
    const three = text.slice(i, i + 3);
    const two = text.slice(i, i + 2);
    let op = c;
    if (threeCharOps.includes(three)) op = three;
    else if (twoCharOps.includes(two)) op = two;
    i += op.length;
    push('op', op);
    if (op === '(' || op === '[' || op === '{') depth++;
    else if ((op === ')' || op === ']' || op === '}') && depth > 0) depth--;
  }

  function lexString(quoteAt: number, prefix: string): number {
    const q = text[quoteAt];
    const triple = text.slice(quoteAt, quoteAt + 3) === q.repeat(3);
    const quote = triple ? q.repeat(3) : q;
    let j = quoteAt + quote.length;
    const bodyStart = j;
    let bodyEnd = -1;
    while (j < n) {
      const d = text[j];
      if (d === '\\') {
        // Also in raw strings a backslash keeps the next quote from ending the string.
        if (text[j + 1] === '\n') newline(j + 2);
        j += 2;
        continue;
      }
      if (text.startsWith(quote, j)) {
        bodyEnd = j;
        j += quote.length;
        break;
      }
      if (d === '\n' || d === '\r') {
        if (!triple) break;
        if (d === '\r' && text[j + 1] === '\n') j++;
        newline(j + 1);
      }
      j++;
    }
    if (bodyEnd < 0) {
      bodyEnd = j;
      problems.push({ line: startLine, column: startCol, message: 'unterminated string literal' });
    }
    const endOffset = j;
    const tokText = text.slice(i, endOffset);
    tokens.push({
      type: 'string',
      text: tokText,
      line: startLine,
      column: startCol,
      endLine: line,
      endColumn: endOffset - lineStartOffset,
      lineStart: first,
      indent,
      depth,
      prefix,
      quote,
      body: text.slice(bodyStart, bodyEnd),
    });
    return endOffset;
  }

  return { tokens, problems };
}

const simpleEscapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v', '0': '\0' };

/** The value of a (non-f) Python string body, escapes resolved. */
export function unescapePython(body: string, raw: boolean): string {
  if (raw) return body;
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|N\{[^}]*\}|[0-7]{1,3}|\r?\n|.)/g, (_m, e: string) => {
    if (e === '\n' || e === '\r\n') return '';
    if (e[0] === 'x' || e[0] === 'u' || e[0] === 'U') return String.fromCodePoint(parseInt(e.slice(1), 16));
    if (/^[0-7]+$/.test(e)) return String.fromCharCode(parseInt(e, 8));
    if (e[0] === 'N') return e;
    return simpleEscapes[e] ?? `\\${e}`;
  });
}
