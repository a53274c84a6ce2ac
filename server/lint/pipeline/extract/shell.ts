// Finds `gst-launch-1.0 ...` commands in shell text (scripts, Markdown code blocks, Dockerfile
// RUN lines) and rebuilds the description exactly as gst-launch-1.0 receives it: shell quoting
// removed, `\` continuations joined, each argument escaped and joined with spaces the way
// gst_parse_launchv does (spaces outside double quotes get a backslash). Expansions (`$VAR`,
// `$(cmd)`, backticks) become opaque placeholders mapped to their host range.
import { placeholderChar } from '../lexer';
import { LaunchTextBuilder } from '../launchTextBuilder';
import type { LineIndex } from '../lineIndex';
import type { SourceMap } from '../sourceMap';

/**
 * A shell word after unquoting: its text and where each character came from in the host, as
 * flat segment triples (offset in the word, host start, host end or -1 for a verbatim run).
 * For the common plain word, host[start, end) verbatim, `text` and `segs` are undefined (most
 * words are only copied into the launch text: no string is made for them).
 */
export interface ShellWord {
  text: string | undefined;
  segs: number[] | undefined;
  start: number;
  end: number;
  /** Host offset of a quote that nothing closes (the word then ends at the end of its line). */
  unclosedQuote?: number;
}

/** The text of a word (plain words are sliced from the host on demand). */
function wordText(host: string, w: ShellWord): string {
  return w.text ?? host.slice(w.start, w.end);
}

function wordLength(w: ShellWord): number {
  return w.text !== undefined ? w.text.length : w.end - w.start;
}

/** Characters kept per command; longer commands are marked too large instead of being built. */
export const maxCommandChars = 1024 * 1024;

export interface ShellLaunch {
  map: SourceMap;
  /** Set (to the kept size) when the command was longer than maxCommandChars: map is empty. */
  tooLarge?: boolean;
  /** Host offsets of the whole command (from the gst-launch word to the last argument). */
  start: number;
  end: number;
  /** Words before gst-launch-1.0 (env assignments, nsys profile ...). */
  prefix: string[];
  /** gst-launch-1.0 options (-e, -v, ...). */
  options: string[];
  /** Host offsets of quotes in this command that nothing closes (the shell would fail). */
  unclosedQuotes?: number[];
}

const launchWord = /(^|\/)gst-launch(-1\.0)?$/;
/** Commands that run another command given after their own options. */
const wrappers = /^(\$|#|(.*\/)?(nsys|sudo|time|perf|env|exec|timeout|stdbuf|taskset|nice|numactl|docker|podman|valgrind|gdb|strace|ltrace|nvprof|ncu|hyperfine|xvfb-run|unbuffer|chrt|ionice|watch|setsid|nohup|runuser|su))$/;

const VERBATIM = -1;

/** Characters that end a word: blank, newline, ; & | < > ( ). */
const wordEnd = new Uint8Array(128);
for (const c of ' \t\n\r;&|<>()') wordEnd[c.charCodeAt(0)] = 1;
/** Characters that end a run of plain word characters: word ends plus \\ ' " $ `. */
const runEnd = new Uint8Array(128);
for (const c of ' \t\n\r;&|<>()\\\'"$`') runEnd[c.charCodeAt(0)] = 1;

/**
 * Reads one shell word (quotes removed, escapes decoded, expansions as placeholders). Past the
 * per-command budget, characters are scanned but not kept (the command is reported too large).
 */
class WordReader {
  /** Characters the current command may still keep. */
  left = maxCommandChars;
  private wText = '';
  private readonly segs: number[] = [];
  /** Host offset after the last kept verbatim character (to extend the run), or -2. */
  private next = -2;
  word: ShellWord = { text: '', segs: undefined, start: 0, end: 0 };
  /** Host offset of the quote of the current word that nothing closes, or -1. */
  private unclosed = -1;

  constructor(private readonly text: string) {}

  /** Keep host[a, b) verbatim. */
  private run(a: number, b: number): void {
    let n = b - a;
    if (n <= 0) return;
    if (n > this.left) n = this.left > 0 ? this.left : 0;
    this.left -= b - a;
    if (n === 0) return;
    if (a !== this.next) this.segs.push(this.wText.length, a, VERBATIM);
    this.next = a + n;
    this.wText += this.text.slice(a, a + n);
  }

  /** Keep one character `ch` standing for host[s, e). */
  private char(ch: string, s: number, e: number): void {
    if (this.left-- <= 0) return;
    if (e === s + 1) {
      if (s !== this.next) this.segs.push(this.wText.length, s, VERBATIM);
      this.next = e;
    } else {
      this.segs.push(this.wText.length, s, e);
      this.next = -2;
    }
    this.wText += ch;
  }

  /** Reads the word at i (< to); sets `word` and returns the offset after it. */
  read(i: number, to: number): number {
    const text = this.text;
    // Fast path: a plain word (no quote, escape or expansion) is a slice of the host.
    let j = i;
    while (j < to) {
      const d = text.charCodeAt(j);
      if (d < 128 && runEnd[d] === 1) break;
      j++;
    }
    if (j - i <= this.left) {
      const stop = j < to ? text.charCodeAt(j) : 32;
      if (stop < 128 && wordEnd[stop] === 1) {
        this.left -= j - i;
        this.word = { text: undefined, segs: undefined, start: i, end: j };
        return j;
      }
    }
    const start = i;
    const left0 = this.left;
    this.wText = '';
    this.segs.length = 0;
    this.next = -2;
    this.unclosed = -1;
    while (i < to) {
      const c = text.charCodeAt(i);
      if (c < 128 && wordEnd[c] === 1) break;
      if (c === 92) {
        // backslash
        if (i + 1 >= to) {
          i++;
          break;
        }
        const n = text.charCodeAt(i + 1);
        if (n === 10) {
          i += 2;
          continue;
        }
        if (n === 13 && text.charCodeAt(i + 2) === 10) {
          i += 3;
          continue;
        }
        this.char(text[i + 1], i, i + 2);
        i += 2;
        continue;
      }
      if (c === 39) {
        // '...': everything literal up to the closing quote
        const close = text.indexOf("'", i + 1);
        if (close < 0 || close >= to) {
          // unclosed: the shell would read the rest of the file into it; keep its line only
          this.unclosed = i;
          to = logicalLineEnd(text, i, to);
        }
        const stop = close < 0 || close >= to ? to : close;
        this.run(i + 1, stop);
        i = stop < to ? stop + 1 : to;
        continue;
      }
      if (c === 34) {
        const q = i;
        i = this.doubleQuoted(i + 1, to);
        if (this.unclosed === q) {
          const lineEnd = logicalLineEnd(text, q, to);
          if (lineEnd < to) {
            // unclosed: the shell would read the rest of the file into it; read the word
            // again up to the end of the quote's line (doubleQuoted marks it unclosed again)
            this.left = left0;
            this.wText = '';
            this.segs.length = 0;
            this.next = -2;
            to = lineEnd;
            i = start;
          }
        }
        continue;
      }
      if (c === 36 || c === 96) {
        // $ or `
        const e = expansionEnd(text, i, to);
        if (e > i + 1) {
          this.char(placeholderChar, i, e);
          i = e;
          continue;
        }
      }
      // a run of ordinary characters
      let j = i + 1;
      while (j < to) {
        const d = text.charCodeAt(j);
        if (d < 128 && runEnd[d] === 1) break;
        j++;
      }
      this.run(i, j);
      i = j;
    }
    const plain = this.segs.length === 0 || (this.segs.length === 3 && this.segs[0] === 0 && this.segs[1] === start && this.segs[2] === VERBATIM);
    this.word = { text: this.wText, segs: plain ? undefined : this.segs.slice(), start, end: i };
    if (this.unclosed >= 0) this.word.unclosedQuote = this.unclosed;
    if (plain && this.wText.length === i - start) this.word.text = undefined;
    return i;
  }

  /** Inside "...": from i (after the opening quote) to after the closing quote. */
  private doubleQuoted(i: number, to: number): number {
    const text = this.text;
    const open = i - 1;
    while (i < to) {
      const d = text.charCodeAt(i);
      if (d === 34) return i + 1;
      if (d === 92 && i + 1 < to) {
        const n = text.charCodeAt(i + 1);
        // \$ \` \" \\ and \newline are escapes inside double quotes
        if (n === 36 || n === 96 || n === 34 || n === 92 || n === 10) {
          if (n !== 10) this.char(text[i + 1], i, i + 2);
          i += 2;
          continue;
        }
      }
      if (d === 36 || d === 96) {
        const e = expansionEnd(text, i, to);
        if (e > i + 1) {
          this.char(placeholderChar, i, e);
          i = e;
          continue;
        }
      }
      let j = i + 1;
      while (j < to) {
        const x = text.charCodeAt(j);
        if (x === 34 || x === 92 || x === 36 || x === 96) break;
        j++;
      }
      this.run(i, j);
      i = j;
    }
    this.unclosed = open;
    return i;
  }
}

/** End of the line holding host offset i (continued lines included), at most `to`. */
function logicalLineEnd(text: string, i: number, to: number): number {
  for (;;) {
    const nl = text.indexOf('\n', i);
    if (nl < 0 || nl >= to) return to;
    const cr = nl > 0 && text.charCodeAt(nl - 1) === 13 ? 1 : 0;
    if (text.charCodeAt(nl - 1 - cr) !== 92) return nl - cr;
    i = nl + 1;
  }
}

function isBlankCode(c: number): boolean {
  return c === 32 || c === 9;
}

/** Scan host[from, to) as shell: calls onCommand with each command's words. */
function shellCommands(text: string, from: number, to: number, onCommand: (words: ShellWord[]) => void): void {
  let words: ShellWord[] = [];
  let i = from;
  const reader = new WordReader(text);
  const endCommand = (): void => {
    if (words.length) onCommand(words);
    words = [];
    reader.left = maxCommandChars;
  };
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9) {
      i++;
      continue;
    }
    if (c === 92) {
      const n = text.charCodeAt(i + 1);
      if (n === 10 || (n === 13 && text.charCodeAt(i + 2) === 10)) {
        i += n === 10 ? 2 : 3;
        continue;
      }
      if (i + 1 >= to) {
        // a trailing continuation at the end of the region (a single line cut from a file)
        i++;
        continue;
      }
    }
    // newline ; & | ( ) end a command; so do `{ ` and a `}` in command position
    if (c === 10 || c === 13 || c === 59 || c === 38 || c === 124 || c === 40 || c === 41 || (c === 123 && (i + 1 >= text.length || isBlankCode(text.charCodeAt(i + 1)))) || (c === 125 && words.length === 0)) {
      endCommand();
      i++;
      continue;
    }
    if (c === 35) {
      // # comment to the end of the line
      const nl = text.indexOf('\n', i);
      i = nl < 0 || nl > to ? to : nl;
      continue;
    }
    if (c === 60 || c === 62) {
      // redirection: skip the operator and its target word
      while (i < to && (text[i] === '<' || text[i] === '>' || text[i] === '&')) i++;
      while (i < to && isBlankCode(text.charCodeAt(i))) i++;
      i = reader.read(i, to);
      continue;
    }
    const next = reader.read(i, to);
    if (next === i) {
      i++;
      continue;
    }
    // `2>file`: a word of digits glued to a redirection is the fd, not an argument
    const after = text.charCodeAt(next);
    if ((after === 62 || after === 60) && /^\d+$/.test(wordText(text, reader.word))) {
      i = next;
      continue;
    }
    words.push(reader.word);
    i = next;
  }
  endCommand();
}

/** End of `$VAR`, `${...}`, `$(...)`, `$((...))` or a backtick command starting at i. */
function expansionEnd(text: string, i: number, to: number): number {
  if (text[i] === '`') {
    const close = text.indexOf('`', i + 1);
    return close < 0 || close >= to ? to : close + 1;
  }
  const n = text[i + 1];
  if (n === '{' || n === '(') {
    const open = n;
    const close = open === '{' ? '}' : ')';
    let depth = 0;
    for (let k = i + 1; k < to; k++) {
      if (text[k] === open) depth++;
      else if (text[k] === close && --depth === 0) return k + 1;
    }
    return to;
  }
  let k = i + 1;
  if (k < to && /[0-9@*#?$!-]/.test(text[k])) return k + 1;
  while (k < to && /[A-Za-z0-9_]/.test(text[k])) k++;
  return k;
}

/** Appends a word to the launch text, escaping spaces outside double quotes as gst_parse_launchv does. */
function pushArgument(b: LaunchTextBuilder, w: ShellWord): void {
  const t = w.text;
  // a plain word holds no space (a blank ends it)
  if (t === undefined) {
    b.pushHost(w.start, w.end);
    return;
  }
  if (t.indexOf(' ') < 0) {
    if (w.segs) b.pushMapped(t, w.segs, 0, t.length);
    else b.pushHost(w.start, w.start + t.length);
    return;
  }
  const segs = w.segs ?? [0, w.start, VERBATIM];
  // gst_parse_launchv → _gst_parse_escape: escape spaces outside double quotes
  let inQuotes = false;
  let from = 0;
  for (let j = 0; j < t.length; j++) {
    const ch = t.charCodeAt(j);
    if (ch === 34 && (!inQuotes || t.charCodeAt(j - 1) !== 92)) inQuotes = !inQuotes;
    if (ch === 32 && !inQuotes) {
      b.pushMapped(t, segs, from, j);
      const at = wordCharStart(segs, j);
      b.push('\\', at, at);
      from = j;
    }
  }
  b.pushMapped(t, segs, from, t.length);
}

/** Host offset where character j of a word starts. */
function wordCharStart(segs: readonly number[], j: number): number {
  let k = 0;
  while (k + 3 < segs.length && segs[k + 3] <= j) k += 3;
  return segs[k + 2] === VERBATIM ? segs[k + 1] + (j - segs[k]) : segs[k + 1];
}

/** `hit`: host offset of the next 'gst-launch' at or after w.start (-1: none), found by the caller once per command. */
function isLaunchWord(host: string, w: ShellWord, hit: number): boolean {
  if (wordLength(w) < 10) return false;
  if (w.text === undefined && (hit < 0 || hit >= w.end)) return false;
  const t = wordText(host, w);
  return t.indexOf('gst-launch') >= 0 && launchWord.test(t);
}

const assignmentWord = /^[A-Za-z_][A-Za-z0-9_]*=/;
const optionWord = /^--?[A-Za-z][\w-]*(=.*)?$/;

/** All gst-launch commands in host[from, to). */
export function extractShellLaunches(text: string, lines: LineIndex, from = 0, to = text.length): ShellLaunch[] {
  const out: ShellLaunch[] = [];
  forEachShellLaunch(text, lines, from, to, (l) => out.push(l));
  return out;
}

/** Calls `visit` with each gst-launch command in host[from, to), in order (nothing is kept). */
export function forEachShellLaunch(text: string, lines: LineIndex, from: number, to: number, visit: (l: ShellLaunch) => void, commands?: ShellWord[][]): void {
  const out = { push: visit };
  // Fast path: most files have no gst-launch at all.
  const hit = text.indexOf('gst-launch', from);
  if (hit < 0 || hit >= to) return;
  // next 'gst-launch' in the host, searched forward only (words come in host order): a search
  // per word ran to the next command each time
  let next = hit;
  let searchedFrom = from;
  // `commands`: words already split (a Dockerfile exec-form array), instead of shell text
  const onCommand = (words: ShellWord[]): void => {
    let idx = -1;
    for (let k = 0; k < words.length; k++) {
      const ws = words[k].start;
      if (ws < searchedFrom || (next >= 0 && next < ws)) {
        next = text.indexOf('gst-launch', ws);
        searchedFrom = ws;
      }
      if (isLaunchWord(text, words[k], next)) {
        idx = k;
        break;
      }
    }
    if (idx < 0) return;
    const prefix: string[] = [];
    for (let k = 0; k < idx; k++) prefix.push(wordText(text, words[k]));
    // gst-launch must be the command run (possibly through a wrapper), not an argument of echo
    const command = prefix.find((w) => !assignmentWord.test(w));
    if (command !== undefined && !wrappers.test(command)) return;
    // GOption takes gst-launch's options (-e, -v, --gst-debug=...) anywhere on the command line
    const options: string[] = [];
    const argv: ShellWord[] = [];
    let first = idx + 1;
    if (prefix[prefix.length - 1] === '--entrypoint') first = skipDockerRunArgs(text, words, first);
    for (let k = first; k < words.length; k++) {
      const w = words[k];
      const c0 = w.text !== undefined ? w.text.charCodeAt(0) : w.end > w.start ? text.charCodeAt(w.start) : NaN;
      if (c0 === 45) {
        const s = wordText(text, w);
        if (optionWord.test(s)) {
          options.push(s);
          continue;
        }
      }
      argv.push(w);
    }
    let unclosedQuotes: number[] | undefined;
    for (const w of words) if (w.unclosedQuote !== undefined) (unclosedQuotes ??= []).push(w.unclosedQuote);
    const b = new LaunchTextBuilder(text);
    let total = 0;
    for (const w of argv) total += wordLength(w) + 1;
    const last = words[words.length - 1];
    if (total >= maxCommandChars) {
      out.push({ map: b.build(lines), tooLarge: true, start: words[idx].start, end: last.end, prefix, options, unclosedQuotes });
      return;
    }
    for (let w = 0; w < argv.length; w++) {
      const word = argv[w];
      if (b.length) {
        // the separating space sits between the two words in the host
        const prev = argv[w - 1];
        if (word.start === prev.end + 1 && text.charCodeAt(prev.end) === 32) b.pushHost(prev.end, word.start);
        else b.push(' ', prev.end, Math.max(prev.end, word.start));
      }
      pushArgument(b, word);
    }
    out.push({ map: b.build(lines), start: words[idx].start, end: last.end, prefix, options, unclosedQuotes });
  };
  if (commands) for (const words of commands) onCommand(words);
  else shellCommands(text, from, to, onCommand);
}

const dockerValueOptions = new Set(['-v', '--volume', '-e', '--env', '--name', '--network', '--net', '--gpus', '--runtime', '-w', '--workdir', '--device', '--ipc', '-p', '--publish', '-u', '--user', '--mount', '--env-file', '--shm-size', '--cap-add', '--security-opt', '-h', '--hostname', '--add-host', '--ulimit', '--privileged=true']);

/** `docker run ... --entrypoint gst-launch-1.0 [docker options] IMAGE args`: index of the first arg. */
function skipDockerRunArgs(host: string, words: ShellWord[], k: number): number {
  while (k < words.length) {
    const s = wordText(host, words[k]);
    if (!s.startsWith('-')) break;
    k += dockerValueOptions.has(s) ? 2 : 1;
  }
  return k + 1; // the image
}

/** A prefix that means the run is measured (profiler, timing, tracers). */
export function prefixMeasures(prefix: string[]): boolean {
  return prefix.some((w) => /(^|\/)(nsys|perf|time|hyperfine|nvprof|ncu)$/.test(w) || /^(GST_TRACERS|NVDS_ENABLE_(COMPONENT_)?LATENCY_MEASUREMENT)=/.test(w));
}
