// Comment directives that silence rules, in a syntax each host format keeps as a comment:
//   # sightline-disable-next-line RULE[, RULE...]     (INI, YAML, shell, Python, Dockerfile, and .gst
//                                                     files holding a gst-launch-1.0 command; a bare
//                                                     launch description has no comment syntax)
//   // sightline-disable-next-line RULE               (C / C++ / CUDA; `/* ... */` works too)
//   <!-- sightline-disable-next-line RULE -->         (Markdown; above a code fence it covers the fence)
//   ... sightline-disable-line RULE                   (the statement the comment sits in)
//   ... sightline-disable-file RULE                   (anywhere in the file)
// Without a RULE the directive silences every rule. "Next line" means the next logical statement:
// a shell command with its `\` continuations, a Python/C statement with its open brackets and
// strings, a Markdown fenced block. Pure: text in, filtered diagnostics or edits out.
import type { LintDiagnostic, TextEdit } from './diagnostic';
import type { FileKind } from './fileKind';

export type DirectiveScope = 'next-line' | 'line' | 'file';

export interface Directive {
  scope: DirectiveScope;
  /** Rule ids; empty means every rule. */
  rules: string[];
  /** 0-based line the directive comment is on. */
  line: number;
}

export interface CommentStyle {
  open: string;
  close: string;
}

export function commentStyle(kind: FileKind): CommentStyle {
  if (kind === 'c') return { open: '// ', close: '' };
  if (kind === 'markdown') return { open: '<!-- ', close: ' -->' };
  return { open: '# ', close: '' };
}

const directiveRe = /(?:#|\/\/|\/\*|<!--|;)[ \t]*sightline-disable-(next-line|line|file)\b([^\r\n]*)/;

function parseRules(rest: string): string[] {
  const cut = rest.replace(/(-->|\*\/).*$/, '').replace(/\s--\s.*$/, '');
  return cut
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => /^[a-z0-9-]+\/[a-z0-9-]+$|^[a-z0-9-]+$/i.test(s));
}

function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

export function findDirectives(text: string): Directive[] {
  if (!text.includes('sightline-disable-')) return [];
  const out: Directive[] = [];
  const lines = splitLines(text);
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (!l.includes('sightline-disable-')) continue;
    const m = directiveRe.exec(l);
    if (!m) continue;
    out.push({ scope: m[1] as DirectiveScope, rules: parseRules(m[2]), line: i });
  }
  return out;
}

/**
 * For every line, the first line of the logical statement it belongs to (index = line).
 * Lenient scanners: a malformed file still yields a mapping (worst case one line per statement).
 */
export function statementStarts(text: string, kind: FileKind): Int32Array {
  const lines = splitLines(text);
  const starts = new Int32Array(lines.length);
  switch (kind) {
    case 'python':
      scanBrackets(lines, starts, pythonState);
      break;
    case 'c':
      scanBrackets(lines, starts, cState);
      break;
    case 'markdown':
      scanMarkdown(lines, starts);
      break;
    case 'shell':
    case 'dockerfile':
    case 'gst-pipeline':
      scanContinuations(lines, starts);
      break;
    default:
      for (let i = 0; i < lines.length; i++) starts[i] = i;
  }
  return starts;
}

/** Shell / Dockerfile / bare launch lines: a trailing backslash (outside quotes) continues. */
function scanContinuations(lines: string[], starts: Int32Array): void {
  let start = 0;
  let quote: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    starts[i] = start;
    const l = lines[i];
    let j = 0;
    if (quote === undefined && /^\s*#/.test(l)) {
      start = i + 1;
      continue;
    }
    for (; j < l.length; j++) {
      const ch = l[j];
      if (quote) {
        if (ch === '\\' && quote === '"') j++;
        else if (ch === quote) quote = undefined;
      } else if (ch === '\\') j++;
      else if (ch === '"' || ch === "'") quote = ch;
      else if (ch === '#' && (j === 0 || /\s/.test(l[j - 1]))) break;
    }
    const continued = quote !== undefined || /\\\s*$/.test(l);
    if (!continued) start = i + 1;
  }
}

interface BracketState {
  depth: number;
  /** Open string delimiter carried to the next line (Python triple quotes, C has none). */
  str?: string;
  /** Inside a C block comment. */
  block?: boolean;
}

type LineScanner = (line: string, s: BracketState) => boolean;

function pythonState(l: string, s: BracketState): boolean {
  for (let j = 0; j < l.length; j++) {
    const ch = l[j];
    if (s.str) {
      if (ch === '\\') {
        j++;
        continue;
      }
      if (l.startsWith(s.str, j)) {
        j += s.str.length - 1;
        s.str = undefined;
      }
      continue;
    }
    if (ch === '#') break;
    if (ch === '"' || ch === "'") {
      s.str = l.startsWith(ch.repeat(3), j) ? ch.repeat(3) : ch;
      j += s.str.length - 1;
    } else if ('([{'.includes(ch)) s.depth++;
    else if (')]}'.includes(ch)) s.depth = Math.max(0, s.depth - 1);
  }
  // A single-quoted string cannot span lines (unless continued with a backslash).
  if (s.str && s.str.length === 1 && !/\\$/.test(l)) s.str = undefined;
  return s.depth > 0 || s.str !== undefined || /\\$/.test(l);
}

function scanBrackets(lines: string[], starts: Int32Array, scan: LineScanner): void {
  const s: BracketState = { depth: 0 };
  let start = 0;
  for (let i = 0; i < lines.length; i++) {
    starts[i] = start;
    if (!scan(lines[i], s)) start = i + 1;
  }
}

/**
 * C / C++: a statement continues while a `(` or `[` is open (braces do not count: statements
 * inside a function body end at their own line), inside a block comment, or after a macro `\`.
 */
function cState(l: string, s: BracketState): boolean {
  for (let j = 0; j < l.length; j++) {
    const ch = l[j];
    if (s.block) {
      if (l.startsWith('*/', j)) {
        s.block = false;
        j++;
      }
      continue;
    }
    if (s.str) {
      if (ch === '\\') j++;
      else if (ch === s.str) s.str = undefined;
      continue;
    }
    if (l.startsWith('//', j)) break;
    if (l.startsWith('/*', j)) {
      s.block = true;
      j++;
    } else if (ch === '"' || ch === "'") s.str = ch;
    else if (ch === '(' || ch === '[') s.depth++;
    else if (ch === ')' || ch === ']') s.depth = Math.max(0, s.depth - 1);
  }
  if (s.str && !/\\$/.test(l)) s.str = undefined;
  return s.block === true || s.depth > 0 || /\\$/.test(l);
}

/** Markdown: a fenced code block is one statement (its opening line starts it). */
function scanMarkdown(lines: string[], starts: Int32Array): void {
  let fence: string | undefined;
  let fenceStart = 0;
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s{0,3}(`{3,}|~{3,})/.exec(lines[i]);
    if (fence === undefined) {
      if (m) {
        fence = m[1];
        fenceStart = i;
        starts[i] = i;
      } else starts[i] = i;
    } else {
      starts[i] = fenceStart;
      if (m && m[1][0] === fence[0] && m[1].length >= fence.length && lines[i].trim() === m[1]) fence = undefined;
    }
  }
}

/** Lines [first, last] of the statement that starts at `start`. */
function statementEnd(starts: Int32Array, start: number): number {
  let end = start;
  while (end + 1 < starts.length && starts[end + 1] === start) end++;
  return end;
}

function isDirectiveOnlyLine(line: string): boolean {
  return /^\s*(#|\/\/|\/\*|<!--|;)\s*sightline-disable-/.test(line);
}

function isBlankLine(line: string): boolean {
  return line.trim() === '';
}

interface Suppression {
  rules: string[];
  from: number;
  to: number;
}

function ruleMatches(rules: string[], code: string): boolean {
  return rules.length === 0 || rules.includes(code);
}

/** Drops the diagnostics that directives in `text` silence. */
export function applyDirectives(text: string, kind: FileKind, diagnostics: LintDiagnostic[]): LintDiagnostic[] {
  if (diagnostics.length === 0) return diagnostics;
  const directives = findDirectives(text);
  if (directives.length === 0) return diagnostics;
  const lines = splitLines(text);
  const starts = statementStarts(text, kind);
  const fileRules: string[][] = [];
  const ranges: Suppression[] = [];
  for (const d of directives) {
    if (d.scope === 'file') {
      fileRules.push(d.rules);
      continue;
    }
    if (d.scope === 'line') {
      const s = starts[d.line] ?? d.line;
      ranges.push({ rules: d.rules, from: s, to: statementEnd(starts, s) });
      continue;
    }
    // next-line: skip stacked directive lines and blank lines to the next statement.
    let n = d.line + 1;
    while (n < lines.length && (isDirectiveOnlyLine(lines[n]) || isBlankLine(lines[n]))) n++;
    if (n >= lines.length) continue;
    const s = starts[n] === n || starts[n] > d.line ? starts[n] : n;
    ranges.push({ rules: d.rules, from: s, to: statementEnd(starts, s) });
  }
  return diagnostics.filter((diag) => {
    if (fileRules.some((r) => ruleMatches(r, diag.code))) return false;
    const line = diag.range.start.line;
    return !ranges.some((r) => line >= r.from && line <= r.to && ruleMatches(r.rules, diag.code));
  });
}

/**
 * The edit that silences `rule` for the statement holding `line` (a directive comment inserted
 * above the statement, with its indentation) — or extends an existing directive right above it.
 */
export function disableForLineEdit(text: string, kind: FileKind, line: number, rule: string): TextEdit {
  const lines = splitLines(text);
  const starts = statementStarts(text, kind);
  const s = starts[Math.min(line, starts.length - 1)] ?? line;
  const style = commentStyle(kind);
  const above = s > 0 ? lines[s - 1] : undefined;
  if (above !== undefined && isDirectiveOnlyLine(above)) {
    const m = /sightline-disable-next-line\b([^\r\n]*)/.exec(above);
    if (m) {
      const rules = parseRules(m[1]);
      if (rules.length > 0 && !rules.includes(rule)) {
        const at = m.index + 'sightline-disable-next-line'.length + m[1].replace(/\s*(-->|\*\/)?\s*$/, '').length;
        return { range: { start: { line: s - 1, character: at }, end: { line: s - 1, character: at } }, newText: `, ${rule}` };
      }
    }
  }
  const indent = /^[ \t]*/.exec(lines[s] ?? '')?.[0] ?? '';
  return {
    range: { start: { line: s, character: 0 }, end: { line: s, character: 0 } },
    newText: `${indent}${style.open}sightline-disable-next-line ${rule}${style.close}\n`,
  };
}

/** The edit that silences `rule` in the whole file (a directive at the top, after a shebang). */
export function disableForFileEdit(text: string, kind: FileKind, rule: string): TextEdit {
  const lines = splitLines(text);
  let at = 0;
  if (lines[0]?.startsWith('#!')) at = 1;
  // YAML documents may start with `---` or %directives; keep them first.
  if (/^(%YAML|---)/.test(lines[at] ?? '')) at++;
  const style = commentStyle(kind);
  return {
    range: { start: { line: at, character: 0 }, end: { line: at, character: 0 } },
    newText: `${style.open}sightline-disable-file ${rule}${style.close}\n`,
  };
}
