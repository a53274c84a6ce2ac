// Finds `gst-launch-1.0 ...` commands in shell text (scripts, Markdown code blocks, Dockerfile
// RUN lines) and rebuilds the description exactly as gst-launch-1.0 receives it: shell quoting
// removed, `\` continuations joined, each argument escaped and joined with spaces the way
// gst_parse_launchv does (spaces outside double quotes get a backslash). Expansions (`$VAR`,
// `$(cmd)`, backticks) become opaque placeholders mapped to their host range.
import { placeholderChar } from '../lexer';
import { LaunchTextBuilder, type LineIndex, type SourceMap } from '../sourceMap';

/** A shell word after unquoting: its characters and, per character, the host range it came from. */
interface ShellWord {
  text: string[];
  starts: number[];
  ends: number[];
  start: number;
  end: number;
}

function wordText(w: ShellWord): string {
  return w.text.join('');
}

/** Characters kept per command; longer commands are marked too large instead of being built. */
export const maxCommandChars = 1024 * 1024;
interface Budget {
  left: number;
}

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
}

const launchWord = /(^|\/)gst-launch(-1\.0)?$/;
/** Commands that run another command given after their own options. */
const wrappers = /^(\$|#|(.*\/)?(nsys|sudo|time|perf|env|exec|timeout|stdbuf|taskset|nice|numactl|docker|podman|valgrind|gdb|strace|ltrace|nvprof|ncu|hyperfine|xvfb-run|unbuffer|chrt|ionice|watch|setsid|nohup|runuser|su))$/;

function isBlank(c: string): boolean {
  return c === ' ' || c === '\t';
}

/** Scan host[from, to) as shell: returns commands as lists of words. */
function shellCommands(text: string, from: number, to: number): ShellWord[][] {
  const commands: ShellWord[][] = [];
  let words: ShellWord[] = [];
  let i = from;
  const budget: Budget = { left: maxCommandChars };
  const endCommand = (): void => {
    if (words.length) commands.push(words);
    words = [];
    budget.left = maxCommandChars;
  };
  while (i < to) {
    const c = text[i];
    if (isBlank(c)) {
      i++;
      continue;
    }
    if (c === '\\' && (text[i + 1] === '\n' || (text[i + 1] === '\r' && text[i + 2] === '\n'))) {
      i += text[i + 1] === '\n' ? 2 : 3;
      continue;
    }
    if (c === '\\' && i + 1 >= to) {
      // a trailing continuation at the end of the region (a single line cut from a file)
      i++;
      continue;
    }
    if (c === '\n' || c === '\r' || c === ';' || c === '&' || c === '|' || c === '(' || c === ')' || c === '{' && isBlank(text[i + 1] ?? ' ') || c === '}' && words.length === 0) {
      endCommand();
      i++;
      continue;
    }
    if (c === '#') {
      while (i < to && text[i] !== '\n') i++;
      continue;
    }
    if (c === '<' || c === '>') {
      // redirection: skip the operator and its target word
      while (i < to && (text[i] === '<' || text[i] === '>' || text[i] === '&')) i++;
      while (i < to && isBlank(text[i])) i++;
      const w = readWord(text, i, to, budget);
      i = w.next;
      continue;
    }
    const w = readWord(text, i, to, budget);
    if (w.next === i) {
      i++;
      continue;
    }
    // `2>file`: a word of digits glued to a redirection is the fd, not an argument
    if ((text[w.next] === '>' || text[w.next] === '<') && /^\d+$/.test(wordText(w.word))) {
      i = w.next;
      continue;
    }
    words.push(w.word);
    i = w.next;
  }
  endCommand();
  return commands;
}

function readWord(text: string, i: number, to: number, budget: Budget): { word: ShellWord; next: number } {
  const word: ShellWord = { text: [], starts: [], ends: [], start: i, end: i };
  // Past the budget, characters are scanned but not kept (the command is reported too large).
  const chars = {
    push(ch: string, s: number, e: number): void {
      if (budget.left > 0) {
        word.text.push(ch);
        word.starts.push(s);
        word.ends.push(e);
      }
      budget.left--;
    },
  };
  const start = i;
  while (i < to) {
    const c = text[i];
    if (isBlank(c) || c === '\n' || c === '\r' || c === ';' || c === '&' || c === '|' || c === '<' || c === '>' || c === '(' || c === ')') break;
    if (c === '\\') {
      const n = text[i + 1];
      if (n === undefined || i + 1 >= to) {
        i++;
        break;
      }
      if (n === '\n') {
        i += 2;
        continue;
      }
      if (n === '\r' && text[i + 2] === '\n') {
        i += 3;
        continue;
      }
      chars.push(n, i, i + 2);
      i += 2;
      continue;
    }
    if (c === "'") {
      const close = text.indexOf("'", i + 1);
      const stop = close < 0 || close >= to ? to : close;
      for (let k = i + 1; k < stop; k++) chars.push(text[k], k, k + 1);
      i = stop < to ? stop + 1 : to;
      continue;
    }
    if (c === '"') {
      i++;
      while (i < to && text[i] !== '"') {
        const d = text[i];
        if (d === '\\' && i + 1 < to && '$`"\\\n'.includes(text[i + 1])) {
          if (text[i + 1] !== '\n') chars.push(text[i + 1], i, i + 2);
          i += 2;
          continue;
        }
        if (d === '$' || d === '`') {
          const e = expansionEnd(text, i, to);
          if (e > i + 1) {
            chars.push(placeholderChar, i, e);
            i = e;
            continue;
          }
        }
        chars.push(d, i, i + 1);
        i++;
      }
      if (i < to) i++;
      continue;
    }
    if (c === '$' || c === '`') {
      const e = expansionEnd(text, i, to);
      if (e > i + 1) {
        chars.push(placeholderChar, i, e);
        i = e;
        continue;
      }
    }
    chars.push(c, i, i + 1);
    i++;
  }
  word.start = start;
  word.end = i;
  return { word, next: i };
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

/** All gst-launch commands in host[from, to). */
export function extractShellLaunches(text: string, lines: LineIndex, from = 0, to = text.length): ShellLaunch[] {
  const out: ShellLaunch[] = [];
  // Fast path: most files have no gst-launch at all.
  const hit = text.indexOf('gst-launch', from);
  if (hit < 0 || hit >= to) return out;
  for (const words of shellCommands(text, from, to)) {
    const idx = words.findIndex((w) => w.text.length >= 10 && launchWord.test(wordText(w)));
    if (idx < 0) continue;
    const prefix = words.slice(0, idx).map(wordText);
    // gst-launch must be the command run (possibly through a wrapper), not an argument of echo
    const command = prefix.find((w) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w));
    if (command !== undefined && !wrappers.test(command)) continue;
    // GOption takes gst-launch's options (-e, -v, --gst-debug=...) anywhere on the command line
    const options: string[] = [];
    const argv: ShellWord[] = [];
    let first = idx + 1;
    if (prefix[prefix.length - 1] === '--entrypoint') first = skipDockerRunArgs(words, first);
    for (let k = first; k < words.length; k++) {
      const s = wordText(words[k]);
      if (/^--?[A-Za-z][\w-]*(=.*)?$/.test(s)) options.push(s);
      else argv.push(words[k]);
    }
    const b = new LaunchTextBuilder();
    const total = argv.reduce((n, w) => n + w.text.length + 1, 0);
    if (total >= maxCommandChars) {
      out.push({ map: b.build(lines), tooLarge: true, start: words[idx].start, end: words[words.length - 1].end, prefix, options });
      continue;
    }
    for (let w = 0; w < argv.length; w++) {
      const word = argv[w];
      if (b.length) {
        // the separating space sits between the two words in the host
        const prev = argv[w - 1];
        b.push(' ', prev.end, Math.max(prev.end, word.start));
      }
      // gst_parse_launchv → _gst_parse_escape: escape spaces outside double quotes
      let inQuotes = false;
      const t = word.text;
      for (let j = 0; j < t.length; j++) {
        const ch = t[j];
        if (ch === '"' && (!inQuotes || t[j - 1] !== '\\')) inQuotes = !inQuotes;
        if (ch === ' ' && !inQuotes) b.push('\\', word.starts[j], word.starts[j]);
        b.push(ch, word.starts[j], word.ends[j]);
      }
    }
    const last = words[words.length - 1];
    out.push({ map: b.build(lines), start: words[idx].start, end: last.end, prefix, options });
  }
  return out;
}

const dockerValueOptions = new Set(['-v', '--volume', '-e', '--env', '--name', '--network', '--net', '--gpus', '--runtime', '-w', '--workdir', '--device', '--ipc', '-p', '--publish', '-u', '--user', '--mount', '--env-file', '--shm-size', '--cap-add', '--security-opt', '-h', '--hostname', '--add-host', '--ulimit', '--privileged=true']);

/** `docker run ... --entrypoint gst-launch-1.0 [docker options] IMAGE args`: index of the first arg. */
function skipDockerRunArgs(words: ShellWord[], k: number): number {
  while (k < words.length) {
    const s = wordText(words[k]);
    if (!s.startsWith('-')) break;
    k += dockerValueOptions.has(s) ? 2 : 1;
  }
  return k + 1; // the image
}

/** A prefix that means the run is measured (profiler, timing, tracers). */
export function prefixMeasures(prefix: string[]): boolean {
  return prefix.some((w) => /(^|\/)(nsys|perf|time|hyperfine|nvprof|ncu)$/.test(w) || /^(GST_TRACERS|NVDS_ENABLE_(COMPONENT_)?LATENCY_MEASUREMENT)=/.test(w));
}
