// One diagnostic per file whose bytes are not valid UTF-8 (rule `file/invalid-utf8`), for every
// kind of file Sightline lints. Decoders (Node's 'utf8', VS Code's document model) replace each
// invalid sequence by U+FFFD, so the check keys on U+FFFD in the decoded text; when the file on
// disk decodes to exactly that text, its bytes give the first invalid byte's value and tell real
// invalid bytes from a U+FFFD that was written (validly encoded as EF BF BD) in the file.
import * as fs from 'node:fs';
import type { LintDiagnostic, RuleDoc } from './diagnostic';

export const invalidUtf8RuleDocs: RuleDoc[] = [
  {
    id: 'file/invalid-utf8',
    defaultSeverity: 'warning',
    title: 'File is not valid UTF-8',
    why: 'Sightline, VS Code and GLib expect UTF-8: GLib refuses key-file string values that are not UTF-8, and a path written in Latin-1 (`caf\\xe9.mp4`) names another file than the same name saved as UTF-8. Sightline lints the text with each invalid byte replaced by U+FFFD, so names and paths holding such bytes are not checked as written.',
    example: 'gst-launch-1.0 filesrc location=caf\\xe9.mp4 ! qtdemux ! h264parse ! nvv4l2decoder ! fakesink   (the byte 0xE9 is Latin-1 for é)',
    fix: 'Save the file as UTF-8 (e.g. `iconv -f latin1 -t utf-8`, or "Save with Encoding" → UTF-8 in VS Code).',
  },
];

/** Where the first invalid sequence is, as found in the bytes. */
interface InvalidBytes {
  /** Value of the first invalid byte. */
  byte: number;
  /** How many U+FFFD of the text stand for a validly encoded U+FFFD before it. */
  literalBefore: number;
  /** Invalid sequences in the whole file. */
  count: number;
}

/** Length of the valid UTF-8 sequence at i, or 0 when the byte at i starts an invalid one. */
function validSequenceLength(b: Uint8Array, i: number): number {
  const c = b[i];
  if (c < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf): boolean => i + k < b.length && b[i + k] >= lo && b[i + k] <= hi;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    const lo = c === 0xe0 ? 0xa0 : 0x80;
    const hi = c === 0xed ? 0x9f : 0xbf;
    return cont(1, lo, hi) && cont(2) ? 3 : 0;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    const lo = c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xf4 ? 0x8f : 0xbf;
    return cont(1, lo, hi) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

function findInvalidBytes(b: Uint8Array, replacements: number): InvalidBytes | undefined {
  let literal = 0;
  let first: InvalidBytes | undefined;
  for (let i = 0; i < b.length; ) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    const n = validSequenceLength(b, i);
    if (n === 0) {
      if (!first) first = { byte: c, literalBefore: literal, count: 0 };
      i++;
      continue;
    }
    if (n === 3 && c === 0xef && b[i + 1] === 0xbf && b[i + 2] === 0xbd) literal++;
    i += n;
  }
  if (!first) return undefined;
  first.count = replacements - literal;
  return first;
}

/** The file's bytes when they decode to exactly `text` (the text was read from this file). */
function sameBytesOnDisk(path: string, text: string): Buffer | undefined {
  try {
    const st = fs.statSync(path, { throwIfNoEntry: false });
    // UTF-8 takes 1 to 3 bytes per UTF-16 unit; a file of any other size decodes to another text
    if (!st || !st.isFile() || st.size < text.length || st.size > text.length * 3) return undefined;
    const buf = fs.readFileSync(path);
    return buf.toString('utf8') === text ? buf : undefined;
  } catch {
    return undefined;
  }
}

function positionOf(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let k = text.indexOf('\n'); k >= 0 && k < offset; k = text.indexOf('\n', k + 1)) {
    line++;
    lineStart = k + 1;
  }
  return { line, character: offset - lineStart };
}

/**
 * The `file/invalid-utf8` diagnostic for `text` (decoded from the file at `path`), or undefined
 * when the text holds no U+FFFD or every U+FFFD is written as such in the file.
 */
export function invalidUtf8Diagnostic(path: string, text: string): LintDiagnostic | undefined {
  let at = text.indexOf('\uFFFD');
  if (at < 0) return undefined;
  let replacements = 0;
  for (let k = at; k >= 0; k = text.indexOf('\uFFFD', k + 1)) replacements++;
  let message: string;
  const bytes = sameBytesOnDisk(path, text);
  if (bytes) {
    const found = findInvalidBytes(bytes, replacements);
    if (!found) return undefined; // only validly encoded U+FFFD characters
    for (let skip = found.literalBefore; skip > 0; skip--) at = text.indexOf('\uFFFD', at + 1);
    const hex = found.byte.toString(16).toUpperCase().padStart(2, '0');
    const more = found.count - 1;
    message = `This file is not valid UTF-8: byte 0x${hex} here (shown as U+FFFD)${more > 0 ? ` and ${more} more invalid ${more === 1 ? 'sequence' : 'sequences'}` : ''}. Sightline lints the text with each replaced by U+FFFD; save the file as UTF-8.`;
  } else {
    const more = replacements - 1;
    message = `This text holds U+FFFD, the replacement for bytes that are not valid UTF-8${more > 0 ? ` (and ${more} more)` : ''}: the file was probably not saved as UTF-8. Sightline lints the text as decoded; save the file as UTF-8.`;
  }
  const start = positionOf(text, at);
  return { code: 'file/invalid-utf8', severity: 'warning', message, range: { start, end: { line: start.line, character: start.character + 1 } } };
}
