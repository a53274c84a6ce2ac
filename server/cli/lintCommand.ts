// `sightline lint [--format text|json|sarif] [--target jetson|dgpu] [--ds-version X.Y] PATH...`
// Lints files and folders (folders recursively, with the editor's file detection) through the
// same lintText() the language server uses, comment directives included.
// Exit status: 0 no error-severity finding, 1 some, 2 usage or I/O error (findings still print).
// json and sarif carry the quick fixes (the edits the editor's code actions apply).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LintDiagnostic, LintOptions, RuleDoc, Severity } from '../lint/diagnostic';
import { defaultLintOptions } from '../lint/diagnostic';
import { diskFiles } from '../lint/diskFiles';
import { lintText, looksBinary, maxLintBytes } from '../lint/lintFile';
import * as pipelineCore from '../lint/pipeline/index';
import * as configCore from '../lint/config/index';
import { compileGlobs } from '../workspace/glob';
import { isCandidatePath } from '../workspace/workspaceScan';
import { docsBase } from '../lsp/convert';
import { registerSubcommand, type CliIo } from './run';

export type OutputFormat = 'text' | 'json' | 'sarif';

export interface LintCliArgs {
  format: OutputFormat;
  options: LintOptions;
  paths: string[];
}

/** One finding as `--format json` prints it (1-based, host-file coordinates). */
export interface CliFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  code: string;
  message: string;
  /** Quick fixes, when the rule has a safe one: edits to this file, 1-based, end column exclusive. */
  fixes?: CliFix[];
}

export interface CliFix {
  title: string;
  edits: { line: number; column: number; endLine: number; endColumn: number; newText: string }[];
}

const lintUsage = 'usage: sightline lint [--format text|json|sarif] [--target jetson|dgpu] [--ds-version X.Y] PATH...\n';

const lintHelp = `${lintUsage}
Lints GStreamer pipelines (gst-launch lines in shell, Python, C, Markdown, Dockerfiles, .gst files)
and DeepStream configs (nvinfer, deepstream-app, INI and YAML). Folders are searched recursively.

Options:
  --format text|json|sarif  text (default): file:line:col: severity: message [rule]
                            json: an array of findings (1-based positions) with their quick fixes
                            sarif: SARIF 2.1.0, URIs relative to the current folder (%SRCROOT%), with fixes
  --target jetson|dgpu      the platform the pipelines run on (default dgpu)
  --ds-version X.Y          the DeepStream version (default 9.1)

Exit status:
  0  no error: the files are clean or have only warnings, info and hints
  1  at least one finding of severity error
  2  bad usage (unknown option, bad value, no PATH) or a PATH that cannot be read
     (findings of the readable files are still printed)
`;

/** Folders a recursive walk never enters (the editor's default `sightline.exclude`). */
const skippedFolders = compileGlobs(['**/node_modules/**', '**/.git/**']);

export function parseLintArgs(argv: string[]): LintCliArgs | { error: string } {
  const out: LintCliArgs = { format: 'text', options: { ...defaultLintOptions }, paths: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      out.paths.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith('--') || a === '-') {
      out.paths.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(0, eq) : a;
    const takeValue = (): string | undefined => (eq > 0 ? a.slice(eq + 1) : argv[++i]);
    if (name === '--format') {
      const v = takeValue();
      if (v !== 'text' && v !== 'json' && v !== 'sarif') return { error: `--format must be text, json or sarif (got ${v === undefined ? 'nothing' : `'${v}'`})` };
      out.format = v;
    } else if (name === '--target') {
      const v = takeValue();
      if (v !== 'jetson' && v !== 'dgpu') return { error: `--target must be jetson or dgpu (got ${v === undefined ? 'nothing' : `'${v}'`})` };
      out.options.target = v;
    } else if (name === '--ds-version') {
      const v = takeValue();
      if (v === undefined || !/^\d+\.\d+$/.test(v)) return { error: `--ds-version must look like X.Y, e.g. 9.1 (got ${v === undefined ? 'nothing' : `'${v}'`})` };
      out.options.dsVersion = v;
    } else return { error: `unknown option '${a}'` };
  }
  if (out.paths.length === 0) return { error: 'no PATH given' };
  return out;
}

/** Files to lint under `given` (as written by the user), with the same detection as the editor. */
function collectFiles(given: string, errors: string[]): string[] {
  let st: fs.Stats;
  try {
    st = fs.statSync(given);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    errors.push(`${given}: ${code === 'ENOENT' ? 'no such file or directory' : (e as Error).message}`);
    return [];
  }
  if (st.isFile()) return [given];
  if (!st.isDirectory()) {
    errors.push(`${given}: not a file or directory`);
    return [];
  }
  const out: string[] = [];
  const walk = (dir: string, rel: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      errors.push(`${dir}: ${(e as Error).message}`);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const ent of entries) {
      const r = rel ? `${rel}/${ent.name}` : ent.name;
      const p = path.join(dir, ent.name);
      if (ent.isDirectory()) {
        if (!skippedFolders.matchesDir(r)) walk(p, r);
      } else if (ent.isFile() && isCandidatePath(ent.name)) out.push(p);
    }
  };
  walk(given, '');
  return out;
}

function toFinding(file: string, d: LintDiagnostic): CliFinding {
  return {
    file,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
    severity: d.severity,
    code: d.code,
    message: d.message,
    ...(d.fixes?.length
      ? {
          fixes: d.fixes.map((f) => ({
            title: f.title,
            edits: f.edits.map((e) => ({ line: e.range.start.line + 1, column: e.range.start.character + 1, endLine: e.range.end.line + 1, endColumn: e.range.end.character + 1, newText: e.newText })),
          })),
        }
      : {}),
  };
}

export interface LintRun {
  findings: CliFinding[];
  /** I/O problems (missing paths, unreadable files). */
  errors: string[];
  /** Files not linted, with the reason (binary, too large). */
  skipped: string[];
  filesLinted: number;
}

export function lintPaths(paths: string[], options: LintOptions): LintRun {
  const run: LintRun = { findings: [], errors: [], skipped: [], filesLinted: 0 };
  const seen = new Set<string>();
  for (const given of paths) {
    for (const file of collectFiles(given, run.errors)) {
      const abs = path.resolve(file);
      if (seen.has(abs)) continue;
      seen.add(abs);
      let text: string;
      try {
        const st = fs.statSync(abs);
        if (st.size > maxLintBytes) {
          run.skipped.push(`${file}: larger than ${maxLintBytes / 1024 / 1024} MiB`);
          continue;
        }
        text = fs.readFileSync(abs, 'utf8');
      } catch (e) {
        run.errors.push(`${file}: ${(e as Error).message}`);
        continue;
      }
      if (looksBinary(text)) {
        // A folder walk meets binary files with config-like names; say so only when asked for the file.
        if (file === given) run.skipped.push(`${file}: binary file (NUL bytes in the first 8 KiB)`);
        continue;
      }
      const result = lintText(abs, text, options, diskFiles);
      if (result.kind === 'none') continue;
      run.filesLinted++;
      if (result.skipped) run.skipped.push(`${file}: ${result.skipped}`);
      for (const d of result.diagnostics) run.findings.push(toFinding(file, d));
    }
  }
  run.findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)));
  return run;
}

export function formatText(findings: CliFinding[]): string {
  return findings.map((f) => `${f.file}:${f.line}:${f.column}: ${f.severity}: ${f.message} [${f.code}]\n`).join('');
}

/** Rule metadata from the cores (when they export it), by id. */
export function knownRuleDocs(): Map<string, RuleDoc> {
  const docs = new Map<string, RuleDoc>();
  for (const [mod, fn] of [
    [pipelineCore, 'pipelineRuleDocs'],
    [configCore, 'configRuleDocs'],
  ] as const) {
    const f = (mod as unknown as Record<string, unknown>)[fn];
    if (typeof f !== 'function') continue;
    const list = (f as () => RuleDoc[])();
    for (const d of list) docs.set(d.id, d);
  }
  return docs;
}

const sarifLevel: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

export function ruleHelpUri(id: string): string {
  return `${docsBase}${id.replace(/\//g, '-')}.md`;
}

/**
 * SARIF 2.1.0 as GitHub code scanning ingests it: files below `root` (the working folder) as
 * relative URIs with `uriBaseId: %SRCROOT%`, which `originalUriBaseIds` defines; files outside it
 * as absolute `file:` URIs without a uriBaseId (SARIF §3.4.4: a uriBaseId only goes with a
 * relative reference). Quick fixes become `fixes` (artifactChanges with replacements).
 */
export function formatSarif(findings: CliFinding[], version: string, root: string = process.cwd()): string {
  const docs = knownRuleDocs();
  const ids = [...new Set(findings.map((f) => f.code))].sort();
  const ruleIndex = new Map(ids.map((id, i) => [id, i]));
  const rules = ids.map((id) => {
    const d = docs.get(id);
    const severity = d?.defaultSeverity ?? findings.find((f) => f.code === id)?.severity ?? 'warning';
    const rule: Record<string, unknown> = {
      id,
      name: id.replace(/[/-](\w)/g, (_m, c: string) => c.toUpperCase()).replace(/^\w/, (c) => c.toUpperCase()),
      shortDescription: { text: d?.title ?? id },
      helpUri: ruleHelpUri(id),
      defaultConfiguration: { level: sarifLevel[severity] },
      properties: { tags: [id.split('/')[0]] },
    };
    if (d) {
      rule.fullDescription = { text: d.why.replace(/[`*_]/g, '') };
      rule.help = { text: `${d.why}\n\n${d.fix}`, markdown: `${d.why}\n\n**Fix:** ${d.fix}` };
    }
    return rule;
  });
  const results = findings.map((f) => {
    const artifactLocation = sarifArtifactLocation(f.file, root);
    const result: Record<string, unknown> = {
      ruleId: f.code,
      ruleIndex: ruleIndex.get(f.code),
      level: sarifLevel[f.severity],
      message: { text: f.message },
      locations: [{ physicalLocation: { artifactLocation, region: sarifRegion(f.line, f.column, f.endLine, f.endColumn) } }],
    };
    if (f.fixes?.length) {
      result.fixes = f.fixes.map((x) => ({
        description: { text: x.title },
        artifactChanges: [
          {
            artifactLocation,
            // An insertion is a replacement of an empty region.
            replacements: x.edits.map((e) => ({ deletedRegion: sarifRegion(e.line, e.column, e.endLine, e.endColumn), insertedContent: { text: e.newText } })),
          },
        ],
      }));
    }
    return result;
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'Sightline', semanticVersion: version, version, informationUri: 'https://github.com/sightline-dev/sightline', rules } },
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: { '%SRCROOT%': { uri: toFileUriDir(root) } },
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/** 1-based region, end column exclusive (SARIF's), never ending before it starts. */
function sarifRegion(line: number, column: number, endLine: number, endColumn: number): { startLine: number; startColumn: number; endLine: number; endColumn: number } {
  return { startLine: line, startColumn: column, endLine, endColumn: Math.max(endColumn, endLine === line ? column : 1) };
}

/** A file as a SARIF artifactLocation: relative to `root` with %SRCROOT% when below it (`/`-separated,
 * percent-encoded), else an absolute file URI and no uriBaseId. */
export function sarifArtifactLocation(file: string, root: string): { uri: string; uriBaseId?: string } {
  const abs = path.resolve(root, file);
  const rel = path.relative(root, abs);
  if (rel !== '' && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel)) return { uri: rel.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
  const p = abs.split(path.sep).map(encodeURIComponent).join('/');
  return { uri: `file://${p.startsWith('/') ? '' : '/'}${p}` };
}

function toFileUriDir(dir: string): string {
  const p = dir.split(path.sep).map(encodeURIComponent).join('/');
  return `file://${p.startsWith('/') ? '' : '/'}${p}/`;
}

export async function runLintCommand(argv: string[], io: CliIo): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out(lintHelp);
    return 0;
  }
  const args = parseLintArgs(argv);
  if ('error' in args) {
    io.err(`sightline lint: ${args.error}\n${lintUsage}`);
    return 2;
  }
  const run = lintPaths(args.paths, args.options);
  if (args.format === 'json') io.out(`${JSON.stringify(run.findings, null, 2)}\n`);
  else if (args.format === 'sarif') io.out(formatSarif(run.findings, '0.1.0'));
  else io.out(formatText(run.findings));
  for (const s of run.skipped) io.err(`sightline lint: skipped ${s}\n`);
  for (const e of run.errors) io.err(`sightline lint: ${e}\n`);
  if (args.format === 'text') {
    const errors = run.findings.filter((f) => f.severity === 'error').length;
    io.err(`${run.filesLinted} file${run.filesLinted === 1 ? '' : 's'} checked, ${run.findings.length} finding${run.findings.length === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'})\n`);
  }
  if (run.errors.length) return 2;
  return run.findings.some((f) => f.severity === 'error') ? 1 : 0;
}

registerSubcommand('lint', async () => runLintCommand);
