// Dockerfile exec form: `RUN|CMD|ENTRYPOINT ["gst-launch-1.0", "filesrc", ...]`. Docker runs the
// JSON array as argv with no shell, so each string is one argument. The strings are decoded (JSON
// escapes) into shell words whose characters map back to their place inside the JSON strings;
// shell.ts then builds the launch description from them as it does for a command line.
import type { ShellWord } from './shell';

const VERBATIM = -1;

export interface DockerExecForm {
  /** Host offsets of the array, `[` to after `]`. */
  from: number;
  to: number;
  words: ShellWord[];
}

const jsonEscapes: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** Blanks, and `\` line continuations (Docker joins them before parsing the JSON). */
function skipBlanks(text: string, i: number): number {
  for (;;) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\r') i++;
    else if (c === '\\' && (text[i + 1] === '\n' || (text[i + 1] === '\r' && text[i + 2] === '\n'))) i += text[i + 1] === '\n' ? 2 : 3;
    else return i;
  }
}

/** The JSON string at i (text[i] === '"'): the word and the offset after the closing quote, or undefined. */
function readJsonString(text: string, i: number): { word: ShellWord; end: number } | undefined {
  const start = i + 1;
  let k = start;
  let out = '';
  const segs: number[] = [];
  let runFrom = start;
  const flush = (to: number): void => {
    if (to > runFrom) {
      segs.push(out.length, runFrom, VERBATIM);
      out += text.slice(runFrom, to);
    }
  };
  while (k < text.length) {
    const c = text.charCodeAt(k);
    if (c === 34) {
      if (segs.length === 0) return { word: { text: undefined, segs: undefined, start, end: k }, end: k + 1 };
      flush(k);
      return { word: { text: out, segs, start, end: k }, end: k + 1 };
    }
    if (c === 10 || c < 0x20) return undefined; // a raw control character or newline: not JSON
    if (c === 92) {
      flush(k);
      const n = text[k + 1];
      let ch: string | undefined = jsonEscapes[n];
      let len = 2;
      if (n === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(k + 2, k + 6))) {
        ch = String.fromCharCode(parseInt(text.slice(k + 2, k + 6), 16));
        len = 6;
      }
      if (ch === undefined) return undefined;
      segs.push(out.length, k, k + len);
      out += ch;
      k += len;
      runFrom = k;
      continue;
    }
    k++;
  }
  return undefined;
}

/**
 * The exec-form array starting at `i` (text[i] === '['), or undefined when it is not a JSON
 * array of strings (Docker then runs the text as a shell command line).
 */
export function readDockerExecForm(text: string, i: number): DockerExecForm | undefined {
  const words: ShellWord[] = [];
  let k = skipBlanks(text, i + 1);
  if (text[k] === ']') return { from: i, to: k + 1, words };
  for (;;) {
    if (text[k] !== '"') return undefined;
    const s = readJsonString(text, k);
    if (!s) return undefined;
    words.push(s.word);
    k = skipBlanks(text, s.end);
    if (text[k] === ',') {
      k = skipBlanks(text, k + 1);
      continue;
    }
    if (text[k] === ']') return { from: i, to: k + 1, words };
    return undefined;
  }
}
