// Finds every launch description in a host file and parses it, with positions mapped back to the
// host: bare .gst/.pipeline files, gst-launch-1.0 commands in shell scripts, Markdown code blocks
// and Dockerfile RUN lines, Gst.parse_launch strings in Python, gst_parse_launch strings in C/C++,
// and (best effort) element-factory chains in Python and C.
import type { Range } from '../../diagnostic';
import type { FileKind } from '../../fileKind';
import type { ParsedPipeline, ParseError } from '../model';
import { parseLaunchText } from '../parser';
import { LineIndex } from '../lineIndex';
import { SourceMap } from '../sourceMap';
import { extractCLaunches } from './c';
import { extractFactoryChains } from './factoryChain';
import { extractPythonLaunches } from './python';
import { readDockerExecForm, type DockerExecForm } from './dockerExec';
import { forEachShellLaunch, prefixMeasures, type ShellWord } from './shell';

export interface ExtractedPipeline {
  /** How it was found. */
  source: 'file' | 'shell' | 'markdown' | 'dockerfile' | 'python' | 'c' | 'factory-chain';
  /** The parse tree (host-file ranges on every node) and the graph. */
  parsed: ParsedPipeline;
  /** Maps launch-text offsets to host offsets (for editors: hover, rename, semantic tokens). */
  map: SourceMap;
  /** The whole command / literal expression in the host. */
  range: Range;
  /** The run is measured (nsys/perf/time prefix, GST_TRACERS): profiling hints apply. */
  measuring: boolean;
  /** gst-launch-1.0 options (-e, -v) when it came from a command line. */
  options?: string[];
  /** USE_NEW_NVSTREAMMUX=yes in the command's environment. */
  newStreammux?: boolean;
  /** Set when the description was too large to parse (the tree is then empty). */
  skipped?: string;
}

/**
 * A description found in a host file, whose host range (the whole command or literal
 * expression) is computed when first read: a lint run reads it only for skipped descriptions,
 * and a large file holds tens of thousands of descriptions.
 */
class FoundPipeline implements ExtractedPipeline {
  private hostRange: Range | undefined = undefined;
  constructor(
    readonly source: ExtractedPipeline['source'],
    readonly parsed: ParsedPipeline,
    readonly map: SourceMap,
    private readonly lines: LineIndex,
    /** Host offsets of the whole command / expression. */
    private readonly start: number,
    private readonly end: number,
    readonly measuring: boolean,
    readonly skipped: string | undefined,
    readonly options: string[] | undefined,
    readonly newStreammux: boolean | undefined,
  ) {}
  get range(): Range {
    return (this.hostRange ??= this.lines.range(this.start, this.end));
  }
  toJSON(): ExtractedPipeline {
    const o: ExtractedPipeline = { source: this.source, parsed: this.parsed, map: this.map, range: this.range, measuring: this.measuring };
    if (this.skipped !== undefined) o.skipped = this.skipped;
    if (this.options !== undefined) o.options = this.options;
    if (this.newStreammux !== undefined) o.newStreammux = this.newStreammux;
    return o;
  }
}

/** Longer single descriptions are not parsed (memory and time bound); they are reported as skipped. */
export const maxParsedLaunchChars = 1024 * 1024;

/** Why a description is not parsed (too large), or undefined when it is parsed. */
function skipReason(map: SourceMap, tooLarge: boolean): string | undefined {
  if (!tooLarge && map.text.length <= maxParsedLaunchChars) return undefined;
  return `This launch description is ${tooLarge ? 'over 1' : (map.text.length / 1024 / 1024).toFixed(1)} MB long; Sightline parses descriptions up to ${maxParsedLaunchChars / 1024 / 1024} MB and skipped it.`;
}

/** The parse tree of a description, or an empty one when it is skipped (see skipReason). */
function parseUnlessSkipped(map: SourceMap, path: string, skipped: string | undefined): ParsedPipeline {
  if (skipped === undefined) return parseLaunchText(map, path);
  return { text: map.text, chains: [], elements: [], bins: [], errors: [], graph: { elements: [], links: [], origin: 'launch', hostPath: path } };
}

/** A quote of the host that nothing closes (the command was extracted up to its line's end). */
export function unclosedQuoteError(text: string, at: number, lines: LineIndex, what = 'shell quote'): ParseError {
  const q = text[at];
  return {
    code: 'pipeline/syntax',
    message:
      what === 'shell quote'
        ? `Unterminated shell quote \`${q}\`: nothing closes it, so the shell reads the rest of the file into this string. Close it on this line; Sightline linted this command up to the end of the line.`
        : `Unterminated ${what}: nothing closes this \`${q}\` on its line, so the code does not compile. Close it; Sightline read the string up to the end of its line (or the call's closing parenthesis).`,
    span: { start: 0, end: 0, range: lines.range(at, at + 1) },
  };
}

/** Kinds of file this core extracts from. */
export function isPipelineHostKind(kind: FileKind): boolean {
  return kind === 'gst-pipeline' || kind === 'shell' || kind === 'python' || kind === 'c' || kind === 'markdown' || kind === 'dockerfile';
}

export function extractPipelines(path: string, text: string, kind: FileKind): ExtractedPipeline[] {
  const out: ExtractedPipeline[] = [];
  forEachPipeline(path, text, kind, (p) => out.push(p));
  return out;
}

const newStreammuxWord = /^USE_NEW_NVSTREAMMUX=(yes|1|true)$/i;

/**
 * Calls `visit` with each launch description of the host file, in order, as it is parsed
 * (nothing is kept: linting a large file holds one pipeline at a time).
 */
export function forEachPipeline(path: string, text: string, kind: FileKind, visit: (p: ExtractedPipeline) => void): void {
  const lines = new LineIndex(text);
  const addShell = (from: number, to: number, source: ExtractedPipeline['source'], commands?: ShellWord[][]): void => {
    forEachShellLaunch(
      text,
      lines,
      from,
      to,
      (l) => {
        let newStreammux = false;
        for (const w of l.prefix) if (w.startsWith('USE_NEW_NVSTREAMMUX=') && newStreammuxWord.test(w)) newStreammux = true;
        const skipped = skipReason(l.map, l.tooLarge === true);
        const parsed = parseUnlessSkipped(l.map, path, skipped);
        if (l.unclosedQuotes) parsed.errors.unshift(...l.unclosedQuotes.map((q) => unclosedQuoteError(text, q, lines)));
        const measuring = l.prefix.length > 0 && prefixMeasures(l.prefix);
        visit(new FoundPipeline(source, parsed, l.map, lines, l.start, l.end, measuring, skipped, l.options, newStreammux || undefined));
      },
      commands,
    );
  };
  const addCode = (from: number, to: number, lang: 'python' | 'c'): void => {
    const slice = from === 0 && to === text.length ? text : text.slice(0, to);
    const found = lang === 'python' ? extractPythonLaunches(slice, lines) : extractCLaunches(slice, lines);
    for (const l of found) {
      if (l.start < from) continue;
      const skipped = skipReason(l.map, false);
      const parsed = parseUnlessSkipped(l.map, path, skipped);
      if (l.unclosedQuotes) parsed.errors.unshift(...l.unclosedQuotes.map((q) => unclosedQuoteError(text, q, lines, 'string literal')));
      visit(new FoundPipeline(lang, parsed, l.map, lines, l.start, l.end, false, skipped, undefined, undefined));
    }
    for (const c of extractFactoryChains(slice, lines, lang, path, from)) visit(c);
  };
  switch (kind) {
    case 'gst-pipeline': {
      // a .gst file (or a copied snippet) may hold whole gst-launch-1.0 command lines
      const lead = /^[ \t]*(?:\S+=\S*[ \t]+)*(?:\S*\/)?gst-launch(?:-1\.0)?\s/m.exec(text);
      if (lead) addShell(0, text.length, 'shell');
      else {
        const map = SourceMap.identity(text, 0, lines);
        const skipped = skipReason(map, false);
        const parsed = parseUnlessSkipped(map, path, skipped);
        visit(new FoundPipeline('file', parsed, map, lines, 0, text.length, false, skipped, undefined, undefined));
      }
      break;
    }
    case 'shell':
      addShell(0, text.length, 'shell');
      break;
    case 'python':
      addCode(0, text.length, 'python');
      break;
    case 'c':
      addCode(0, text.length, 'c');
      break;
    case 'markdown':
      for (const b of markdownCodeBlocks(text)) {
        if (/^(py|python|python3)$/i.test(b.lang)) addCode(b.from, b.to, 'python');
        else if (/^(c|cpp|c\+\+|cxx|cc|h|hpp|cuda)$/i.test(b.lang)) addCode(b.from, b.to, 'c');
        else addShell(b.from, b.to, 'markdown');
      }
      break;
    case 'dockerfile':
      for (const r of dockerRunInstructions(text)) {
        if (r.exec) addShell(r.exec.from, r.exec.to, 'dockerfile', [r.exec.words]);
        else addShell(r.from, r.to, 'dockerfile');
      }
      break;
    default:
      break;
  }
}

/** Fenced code blocks (``` or ~~~) with their info-string language and content range. */
export function markdownCodeBlocks(text: string): { lang: string; from: number; to: number }[] {
  const out: { lang: string; from: number; to: number }[] = [];
  const re = /^( {0,3})(`{3,}|~{3,})[ \t]*([^\n`]*)$/gm;
  let open: { fence: string; lang: string; from: number } | undefined;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const fence = m[2];
    if (!open) {
      const lineEnd = text.indexOf('\n', m.index);
      open = { fence, lang: (m[3] ?? '').trim().split(/\s+/)[0] ?? '', from: lineEnd < 0 ? text.length : lineEnd + 1 };
    } else if (fence[0] === open.fence[0] && fence.length >= open.fence.length && !(m[3] ?? '').trim()) {
      out.push({ lang: open.lang, from: open.from, to: m.index });
      open = undefined;
    }
  }
  if (open) out.push({ lang: open.lang, from: open.from, to: text.length });
  return out;
}

/**
 * RUN / CMD / ENTRYPOINT instructions (continuations included) of a Dockerfile; `exec` holds the
 * arguments of the exec form (a JSON array of strings, run without a shell).
 */
export function dockerRunInstructions(text: string): { from: number; to: number; exec?: DockerExecForm }[] {
  const out: { from: number; to: number; exec?: DockerExecForm }[] = [];
  const re = /^[ \t]*(RUN|CMD|ENTRYPOINT)\b[ \t]*/gim;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const from = m.index + m[0].length;
    if (text[from] === '[') {
      const exec = readDockerExecForm(text, from);
      // not a JSON array of strings: Docker runs the text with /bin/sh -c (shell form)
      if (exec) {
        out.push({ from, to: exec.to, exec });
        re.lastIndex = Math.max(re.lastIndex, exec.to);
        continue;
      }
    }
    let to = from;
    for (;;) {
      const nl = text.indexOf('\n', to);
      if (nl < 0) {
        to = text.length;
        break;
      }
      const line = text.slice(to, nl).replace(/\r$/, '');
      to = nl + 1;
      if (!/\\$/.test(line)) {
        to = nl;
        break;
      }
    }
    out.push({ from, to });
    re.lastIndex = Math.max(re.lastIndex, to);
  }
  return out;
}
