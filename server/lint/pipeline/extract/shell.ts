// Finds `gst-launch-1.0 ...` commands in shell text (scripts, Markdown code blocks, Dockerfile
// RUN lines) and rebuilds the description exactly as gst-launch-1.0 receives it: shell quoting
// removed, `\` continuations joined, each argument escaped and joined with spaces the way
// gst_parse_launchv does (spaces outside double quotes get a backslash). Expansions (`$VAR`,
// `$(cmd)`, backticks) become opaque placeholders mapped to their host range.
//
// Speed (a script of 20,000 commands is scanned in tens of ms): the words of a command live in
// parallel arrays reused from command to command (CommandWords), a plain word (no quote, escape
// or expansion: almost every word) is only a host range found by one native regex scan, and one
// LaunchTextBuilder is reused for every command of a scan. Only what a visitor keeps
// (ShellLaunch, its strings and SourceMap) is allocated per command.
import { placeholderChar } from '../lexer';
import { LaunchTextBuilder } from '../launchTextBuilder';
import type { LineIndex } from '../lineIndex';
import type { SourceMap } from '../sourceMap';

/**
 * A shell word after unquoting: its text and where each character came from in the host, as
 * flat segment triples (offset in the word, host start, host end or -1 for a verbatim run).
 * For the common plain word, host[start, end) verbatim, `text` and `segs` are undefined.
 */
export interface ShellWord {
  text: string | undefined;
  segs: number[] | undefined;
  start: number;
  end: number;
  /** Host offset of a quote that nothing closes (the word then ends at the end of its line). */
  unclosedQuote?: number;
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

/**
 * Switches for the unit test that compares the fast paths with the general ones
 * (test/unit/pipeline/shellFastPaths.test.ts); always on otherwise.
 */
export const shellFastPaths = { enabled: true };

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
 * A run of plain word characters (none of runEnd), as one sticky native scan: V8's compiled
 * regexp walks a long run several times faster than a charCodeAt loop does.
 */
const plainRun = /[^ \t\n\r;&|<>()\\'"$`]*/y;

/**
 * The words of the command being read, as parallel arrays reused from command to command: a
 * plain word is only its host range; `decoded` holds the unquoted word of the others. Nothing
 * outside this file sees these arrays (onCommand turns them into strings and a SourceMap before
 * the next command is read). Words are checked for the gst-launch name as they are added.
 */
class CommandWords {
  count = 0;
  readonly start: number[] = [];
  readonly end: number[] = [];
  readonly decoded: (ShellWord | undefined)[] = [];
  /** Index of the first word that names gst-launch, -1 while there is none. */
  launch = -1;
  /**
   * Plain words after the gst-launch word may be added as runs (several words and the single
   * spaces between them as one plain "word", see plainWordsEnd). Not after `--entrypoint
   * gst-launch-1.0`, where docker options and the image follow the gst-launch word.
   */
  runsAllowed = false;
  /** Host offset of the next 'gst-launch' at or after searchedFrom (-1: none): words that cannot name it are not sliced. */
  private nextName: number;
  private searchedFrom: number;

  constructor(
    private readonly host: string,
    from: number,
  ) {
    this.nextName = host.indexOf('gst-launch', from);
    this.searchedFrom = from;
  }

  clear(): void {
    this.count = 0;
    this.launch = -1;
    this.runsAllowed = false;
  }

  add(start: number, end: number, decoded: ShellWord | undefined): void {
    const k = this.count++;
    this.start[k] = start;
    this.end[k] = end;
    this.decoded[k] = decoded;
    if (this.launch < 0 && this.namesLaunch(k)) {
      this.launch = k;
      this.runsAllowed = shellFastPaths.enabled && (k === 0 || this.text(k - 1) !== '--entrypoint');
    }
  }

  /** Adds a word as a ShellWord gives it (Dockerfile exec form). */
  addWord(w: ShellWord): void {
    this.add(w.start, w.end, w.text === undefined && w.segs === undefined && w.unclosedQuote === undefined ? undefined : w);
  }

  text(k: number): string {
    const d = this.decoded[k];
    return d !== undefined && d.text !== undefined ? d.text : this.host.slice(this.start[k], this.end[k]);
  }

  length(k: number): number {
    const d = this.decoded[k];
    return d !== undefined && d.text !== undefined ? d.text.length : this.end[k] - this.start[k];
  }

  /** Word k is gst-launch (/(^|\/)gst-launch(-1\.0)?$/). */
  private namesLaunch(k: number): boolean {
    const d = this.decoded[k];
    if (d !== undefined && d.text !== undefined) return d.text.length >= 10 && isLaunchName(d.text, 0, d.text.length);
    const ws = this.start[k];
    const we = this.end[k];
    if (we - ws < 10) return false;
    // words come in host order: the search only moves forward (a search per word ran to the
    // next command each time)
    if (ws < this.searchedFrom || (this.nextName >= 0 && this.nextName < ws)) {
      this.nextName = this.host.indexOf('gst-launch', ws);
      this.searchedFrom = ws;
    }
    if (this.nextName < 0 || this.nextName >= we) return false;
    return isLaunchName(this.host, ws, we);
  }

  /** Spaces inside the plain words (only runs hold any). */
  spacesInRuns(): number {
    let n = 0;
    for (let k = 0; k < this.count; k++) {
      if (this.decoded[k] !== undefined) continue;
      for (let p = this.host.indexOf(' ', this.start[k]); p >= 0 && p < this.end[k]; p = this.host.indexOf(' ', p + 1)) n++;
    }
    return n;
  }
}

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
  /** The word read last when it is not plain (undefined: host[start, returned offset) as is). */
  word: ShellWord | undefined;
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
    // Fast path: a plain word (no quote, escape or expansion) is a host range; no string is
    // made for it. It must end where the general loop below would end it: at a word end
    // character or at `to`, with the whole word kept within the command's budget.
    if (shellFastPaths.enabled) {
      plainRun.lastIndex = i;
      plainRun.test(text);
      let j = plainRun.lastIndex;
      if (j > to) j = to;
      if (j - i <= this.left) {
        const stop = j < to ? text.charCodeAt(j) : 32;
        if (stop < 128 && wordEnd[stop] === 1) {
          this.left -= j - i;
          this.word = undefined;
          return j;
        }
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
    // all of host[start, i) kept as is: a plain word, as the fast path gives it
    const asIs = plain && this.wText.length === i - start;
    if (asIs && this.unclosed < 0) {
      this.word = undefined;
      return i;
    }
    this.word = { text: asIs ? undefined : this.wText, segs: plain ? undefined : this.segs.slice(), start, end: i };
    if (this.unclosed >= 0) this.word.unclosedQuote = this.unclosed;
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

/** host[a, b) is a non-empty run of ASCII digits. */
function isDigits(host: string, a: number, b: number): boolean {
  if (b <= a) return false;
  for (let k = a; k < b; k++) {
    const c = host.charCodeAt(k);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/**
 * Plain words separated by single spaces, from i (a word start after the gst-launch word), as
 * one sticky native scan. None of its words may start with what the word-by-word loop treats
 * specially at a word start (`-` an option, `#` a comment, `{`), and the run ends where the
 * loop would end its last word (at a blank, newline, ; & | ( ) or `to`). A last word that goes
 * on (a quote, escape or expansion) or that may be the fd of a redirection (`2>`) is left out.
 */
const plainWords = /[^ \t\n\r;&|<>()\\'"$`]+(?: [^ \t\n\r;&|<>()\\'"$`#{-][^ \t\n\r;&|<>()\\'"$`]*)*/y;

/** End of the run of plain words at i (see plainWords), or -1 when there is none. */
function plainWordsEnd(text: string, i: number, to: number): number {
  plainWords.lastIndex = i;
  if (!plainWords.test(text)) return -1;
  let e = plainWords.lastIndex;
  // the region ends inside the run: its last word ends at `to` (or the run at the space before it)
  if (e > to) e = text.charCodeAt(to - 1) === 32 ? to - 1 : to;
  // what the word-by-word loop finds after the last word: at `to` the word ends whatever
  // follows, but a digit word is still dropped before `<` or `>` (the fd of a redirection)
  const stop = text.charCodeAt(e);
  const ends = e === to || (stop < 128 && wordEnd[stop] === 1);
  if (!ends || stop === 60 || stop === 62) e = text.lastIndexOf(' ', e - 1);
  return e > i ? e : -1;
}

/**
 * Scan host[from, to) as shell: calls onCommand with each command's words (in `words`).
 *
 * Fast path: after the gst-launch word, a run of plain words separated by single spaces is
 * added as one plain word host[start, end). onCommand then treats it as those words would be:
 * no option among them, its length + 1 is the sum of their lengths + 1 each, and pushing it
 * verbatim gives the same text and segments as pushing the words with the single spaces
 * between them. The run's spaces are not kept characters, yet reader.left is lowered by the
 * run's whole length (counting them would cost a search per word): while the command's host
 * span from `first` stays within maxCommandChars nothing can be cut by the budget, so the
 * lower value decides nothing; past it, read() sets the exact budget and reads the word again.
 */
function shellCommands(text: string, from: number, to: number, words: CommandWords, onCommand: () => void): void {
  let i = from;
  const reader = new WordReader(text);
  /** Host offset of the command's first word (or redirection target); -1 before it. */
  let first = -1;
  /** reader.left is lower than exact by the spaces of runs (see above). */
  let slack = false;
  const endCommand = (): void => {
    if (words.count) onCommand();
    words.clear();
    reader.left = maxCommandChars;
    first = -1;
    slack = false;
  };
  const read = (at: number): number => {
    if (first < 0) first = at;
    const left0 = reader.left;
    let end = reader.read(at, to);
    if (slack && end - first > maxCommandChars) {
      // the budget may now cut this word: read it again with the exact budget (no run is added
      // to this command any more: they end within maxCommandChars of `first`)
      reader.left = left0 + words.spacesInRuns();
      slack = false;
      end = reader.read(at, to);
    }
    return end;
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
    if (c === 10 || c === 13 || c === 59 || c === 38 || c === 124 || c === 40 || c === 41 || (c === 123 && (i + 1 >= text.length || isBlankCode(text.charCodeAt(i + 1)))) || (c === 125 && words.count === 0)) {
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
      i = read(i);
      continue;
    }
    if (words.runsAllowed && c !== 45) {
      let e = plainWordsEnd(text, i, to);
      if (e > first + maxCommandChars) {
        // the budget may cut words from here on: the rest of the command is read word by word
        // (this also keeps a run search per word from scanning the rest of the run each time);
        // runs hold single spaces only, so the last one before the limit ends a word
        words.runsAllowed = false;
        e = text.lastIndexOf(' ', first + maxCommandChars);
      }
      if (e > i) {
        words.add(i, e, undefined);
        reader.left -= e - i;
        slack = true;
        i = e;
        continue;
      }
    }
    const next = read(i);
    if (next === i) {
      i++;
      continue;
    }
    // `2>file`: a word of digits glued to a redirection is the fd, not an argument
    const after = text.charCodeAt(next);
    const w = reader.word;
    if ((after === 62 || after === 60) && (w === undefined ? isDigits(text, i, next) : /^\d+$/.test(w.text ?? text.slice(w.start, w.end)))) {
      i = next;
      continue;
    }
    words.add(i, next, w);
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

/** Appends a decoded word to the launch text, escaping spaces outside double quotes as gst_parse_launchv does. */
function pushArgument(b: LaunchTextBuilder, w: ShellWord): void {
  const t = w.text;
  if (t === undefined) {
    b.pushHost(w.start, w.end);
    return;
  }
  if (t.indexOf(' ') < 0) {
    if (w.segs) pushPiece(b, t, w.segs, 0, t.length);
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
      pushPiece(b, t, segs, from, j);
      const at = wordCharStart(segs, j);
      b.push('\\', at, at);
      from = j;
    }
  }
  pushPiece(b, t, segs, from, t.length);
}

/** Appends word[from, to); its verbatim characters are host characters (appended as host runs on the fast path). */
function pushPiece(b: LaunchTextBuilder, word: string, segs: readonly number[], from: number, to: number): void {
  if (shellFastPaths.enabled) b.pushHostMapped(word, segs, from, to);
  else b.pushMapped(word, segs, from, to);
}

/** Host offset where character j of a word starts. */
function wordCharStart(segs: readonly number[], j: number): number {
  let k = 0;
  while (k + 3 < segs.length && segs[k + 3] <= j) k += 3;
  return segs[k + 2] === VERBATIM ? segs[k + 1] + (j - segs[k]) : segs[k + 1];
}

/**
 * s[a, b) names gst-launch: matches /(^|\/)gst-launch(-1\.0)?$/ (checked on the characters, so
 * a plain host word needs no slice).
 */
export function isLaunchName(s: string, a: number, b: number): boolean {
  let e: number;
  if (b - a >= 14 && s.startsWith('gst-launch-1.0', b - 14)) e = b - 14;
  else if (b - a >= 10 && s.startsWith('gst-launch', b - 10)) e = b - 10;
  else return false;
  return e === a || s.charCodeAt(e - 1) === 47;
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
  // Fast path: most files have no gst-launch at all.
  const hit = text.indexOf('gst-launch', from);
  if (hit < 0 || hit >= to) return;
  const words = new CommandWords(text, from);
  // scratch, reused for every command: indices of the argument words (argv[0, argc)), and the launch text builder
  const argv: number[] = [];
  const b = new LaunchTextBuilder(text);
  const onCommand = (): void => {
    const n = words.count;
    const idx = words.launch;
    if (idx < 0) return;
    const prefix: string[] = [];
    for (let k = 0; k < idx; k++) prefix.push(words.text(k));
    // gst-launch must be the command run (possibly through a wrapper), not an argument of echo
    if (idx > 0) {
      const command = prefix.find((w) => !assignmentWord.test(w));
      if (command !== undefined && !wrappers.test(command)) return;
    }
    // GOption takes gst-launch's options (-e, -v, --gst-debug=...) anywhere on the command line
    const options: string[] = [];
    let argc = 0;
    let first = idx + 1;
    if (idx > 0 && prefix[idx - 1] === '--entrypoint') first = skipDockerRunArgs(words, first);
    let total = 0;
    for (let k = first; k < n; k++) {
      const d = words.decoded[k];
      const c0 = d !== undefined && d.text !== undefined ? d.text.charCodeAt(0) : words.end[k] > words.start[k] ? text.charCodeAt(words.start[k]) : NaN;
      if (c0 === 45) {
        const s = words.text(k);
        if (optionWord.test(s)) {
          options.push(s);
          continue;
        }
      }
      argv[argc++] = k;
      total += words.length(k) + 1;
    }
    let unclosedQuotes: number[] | undefined;
    for (let k = 0; k < n; k++) {
      const q = words.decoded[k]?.unclosedQuote;
      if (q !== undefined) (unclosedQuotes ??= []).push(q);
    }
    const start = words.start[idx];
    const end = words.end[n - 1];
    if (total >= maxCommandChars) {
      visit({ map: b.build(lines), tooLarge: true, start, end, prefix, options, unclosedQuotes });
      return;
    }
    for (let a = 0; a < argc; a++) {
      const k = argv[a];
      const ws = words.start[k];
      if (b.length) {
        // the separating space sits between the two words in the host
        const prevEnd = words.end[argv[a - 1]];
        if (ws === prevEnd + 1 && text.charCodeAt(prevEnd) === 32) b.pushHost(prevEnd, ws);
        else b.push(' ', prevEnd, Math.max(prevEnd, ws));
      }
      const d = words.decoded[k];
      if (d === undefined) b.pushHost(ws, words.end[k]);
      else pushArgument(b, d);
    }
    visit({ map: b.build(lines), start, end, prefix, options, unclosedQuotes });
  };
  // `commands`: words already split (a Dockerfile exec-form array), instead of shell text
  if (commands)
    for (const ws of commands) {
      words.clear();
      for (const w of ws) words.addWord(w);
      if (words.count) onCommand();
    }
  else shellCommands(text, from, to, words, onCommand);
}

const dockerValueOptions = new Set(['-v', '--volume', '-e', '--env', '--name', '--network', '--net', '--gpus', '--runtime', '-w', '--workdir', '--device', '--ipc', '-p', '--publish', '-u', '--user', '--mount', '--env-file', '--shm-size', '--cap-add', '--security-opt', '-h', '--hostname', '--add-host', '--ulimit', '--privileged=true']);

/** `docker run ... --entrypoint gst-launch-1.0 [docker options] IMAGE args`: index of the first arg. */
function skipDockerRunArgs(words: CommandWords, k: number): number {
  while (k < words.count) {
    const s = words.text(k);
    if (!s.startsWith('-')) break;
    k += dockerValueOptions.has(s) ? 2 : 1;
  }
  return k + 1; // the image
}

/** A prefix that means the run is measured (profiler, timing, tracers). */
export function prefixMeasures(prefix: string[]): boolean {
  return prefix.some((w) => /(^|\/)(nsys|perf|time|hyperfine|nvprof|ncu)$/.test(w) || /^(GST_TRACERS|NVDS_ENABLE_(COMPONENT_)?LATENCY_MEASUREMENT)=/.test(w));
}
