// Pipeline lint core throughput on real launch text: every verified pipeline and every launch
// line of ../shared/corpus, one command per line, repeated into one large shell script, and into
// one large .gst description. Only commands that the shell reads as one whole command on their own
// line are used (a launch line cut out of a larger quoted string leaves a quote open, and the shell
// would then read the following commands into that string: the script would be mostly one
// string, not launch text). Figures are medians of several runs after one warm-up run, in CPU
// time of this process, with wall time alongside:
//  1. the full lint of the host file as the language server and the CLI run it (lintText: file
//     kind detection, extraction, parse, all rules, severities, comment directives), in MB/s of
//     launch text (goal ≥ 20 MB/s) and CPU ms per MB; the runs follow each other without forced
//     collections, as in a language server;
//  2. where the time goes: extraction only (finding the commands and building each launch text
//     with its source map), extraction + parse (forEachPipeline), and by difference the rules;
//  3. parse only, keeping every parsed pipeline (extractPipelines), after the lint phases: its
//     results are released and collected;
//  4. one 0.9 MB bare description; one typical pipeline, parse + lint latency in ms.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { extractPipelines } from '../../server/lint/pipeline/index';
import { forEachPipeline } from '../../server/lint/pipeline/extract/index';
import { forEachShellLaunch } from '../../server/lint/pipeline/extract/shell';
import { LineIndex } from '../../server/lint/pipeline/lineIndex';
import { lintText } from '../../server/lint/lintFile';
import type { FileAccess } from '../../server/lint/diagnostic';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const corpus = path.resolve(repoRoot, '..', 'shared', 'corpus');
const files: FileAccess = { readText: () => ({ text: '[property]\nbatch-size=1\n' }), exists: () => true };
const opts = { target: 'dgpu' as const, dsVersion: '9.1' };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}
// CPU time of this process (user + system), in ms: on a shared machine wall-clock time measures
// the other processes too. Wall-clock medians are printed alongside.
const wall: number[] = [];
function time(f: () => void): number {
  const t = process.hrtime.bigint();
  const c = process.cpuUsage();
  f();
  const d = process.cpuUsage(c);
  wall.push(Number(process.hrtime.bigint() - t) / 1e6);
  return (d.user + d.system) / 1000;
}

const lines: string[] = [];
for (const l of readFileSync(path.join(corpus, 'verified-pipelines.jsonl'), 'utf8').split('\n')) if (l.trim()) lines.push((JSON.parse(l) as { pipeline: string }).pipeline);
for (const l of readFileSync(path.join(corpus, 'deepstream-9.1-launch-lines.jsonl'), 'utf8').split('\n')) {
  if (!l.trim()) continue;
  const t = (JSON.parse(l) as { text: string }).text;
  if (/^\s*gst-launch-1\.0\s/.test(t)) lines.push(t.trim());
}
const allCommands = lines.map((l) => (l.startsWith('gst-launch-1.0') ? l : `gst-launch-1.0 ${l}`).replace(/\\$/, ''));
// a command is used when two copies of it, one per line, are read as exactly two pipelines with
// no quote left open
const commands = allCommands.filter((c) => {
  const ps = extractPipelines('/b/check.sh', `${c}\n${c}\n`, 'shell');
  return ps.length === 2 && ps.every((p) => !p.parsed.errors.some((e) => e.message.startsWith('Unterminated shell quote')));
});
// ~8 MB script: the corpus repeated
const reps = Math.ceil((8 * 1024 * 1024) / commands.join('\n').length);
const script = Array.from({ length: reps }, () => commands.join('\n')).join('\n') + '\n';
// counted one pipeline at a time (nothing kept, see below)
let launchBytes = 0;
let pipelineCount = 0;
forEachPipeline('/b/run.sh', script, 'shell', (p) => {
  launchBytes += Buffer.byteLength(p.parsed.text);
  pipelineCount++;
});
// one long bare description (chains side by side), under the 1 MB per-description bound
const bareOnce = commands.map((c) => c.replace(/^gst-launch-1\.0\s+(-\S+\s+)*/, '')).join('\n');
const bare = Array.from({ length: Math.max(1, Math.floor((900 * 1024) / bareOnce.length)) }, () => bareOnce).join('\n');

if (!global.gc) throw new Error('run with --expose-gc (npm run bench does): the phases are separated by collections');
const runs = 7;
const parseMs: number[] = [];
const lintMs: number[] = [];
const extractMs: number[] = [];
const extractParseMs: number[] = [];
const bareMs: number[] = [];
const parsedCounts: number[] = [];
// 1. full lint: one warm-up run, then `runs` runs back to back (the lint phase runs first: the
// parse-only phase keeps every parse tree of the file alive, and V8 then allocates the objects of
// those allocation sites in the old generation for the rest of the process, since
// allocation-site pretenuring survives gc())
global.gc();
const firstLintMs = time(() => lintText('/b/run.sh', script, opts, files));
const firstLintWall = wall[wall.length - 1];
const lintWall: number[] = [];
for (let i = 0; i < runs; i++) {
  let linted: ReturnType<typeof lintText> | undefined;
  lintMs.push(time(() => (linted = lintText('/b/run.sh', script, opts, files))));
  lintWall.push(wall[wall.length - 1]);
  // the figure is only worth something if the whole file was really linted
  if (!linted || linted.kind !== 'shell' || linted.skipped || linted.diagnostics.length === 0) throw new Error(`the script was not linted: ${JSON.stringify({ kind: linted?.kind, skipped: linted?.skipped })}`);
  linted = undefined;
}
// 2. where the time goes: extraction only, then extraction + parse
global.gc();
let extracted = 0;
for (let i = 0; i <= runs; i++) {
  let n = 0;
  const ms = time(() => forEachShellLaunch(script, new LineIndex(script), 0, script.length, () => n++));
  if (i > 0) extractMs.push(ms);
  extracted = n;
}
for (let i = 0; i <= runs; i++) {
  let n = 0;
  const ms = time(() => forEachPipeline('/b/run.sh', script, 'shell', () => n++));
  if (i > 0) extractParseMs.push(ms);
  if (n !== pipelineCount) throw new Error(`forEachPipeline found ${n} pipelines, expected ${pipelineCount}`);
}
if (extracted !== pipelineCount) throw new Error(`extraction found ${extracted} commands, expected ${pipelineCount}`);
// 4. the bare description and one pipeline
global.gc();
for (let i = 0; i < 5; i++) bareMs.push(time(() => lintText('/b/p.gst', bare, opts, files)));
const one = `gst-launch-1.0 ${lines.find((l) => l.includes('nvinfer') && l.includes('nvstreammux')) ?? lines[0]}\n`.replace('gst-launch-1.0 gst-launch-1.0', 'gst-launch-1.0');
const oneMs: number[] = [];
for (let i = 0; i < 200; i++) oneMs.push(time(() => lintText('/b/one.sh', one, opts, files)));
// 3. parse phase: every parsed pipeline of the file is kept (extractPipelines returns them all),
// then released and collected
for (let i = 0; i < 5; i++) {
  global.gc();
  let parsed: ReturnType<typeof extractPipelines> | undefined;
  parseMs.push(time(() => (parsed = extractPipelines('/b/run.sh', script, 'shell'))));
  parsedCounts.push(parsed?.length ?? 0);
  parsed = undefined;
}

if (parsedCounts.some((n) => n !== pipelineCount)) throw new Error(`parse phase found ${parsedCounts.join('/')} pipelines, expected ${pipelineCount}`);
const mb = launchBytes / 1024 / 1024;
const bareMb = Buffer.byteLength(bare) / 1024 / 1024;
const result = {
  launchTextMB: +mb.toFixed(2),
  commands: commands.length * reps,
  pipelines: pipelineCount,
  parseMedianMs: +median(parseMs).toFixed(1),
  parseMBps: +(mb / (median(parseMs) / 1000)).toFixed(1),
  lintMedianMs: +median(lintMs).toFixed(1),
  lintMBps: +(mb / (median(lintMs) / 1000)).toFixed(1),
  lintCpuMsPerMB: +(median(lintMs) / mb).toFixed(1),
  lintWallMedianMs: +median(lintWall).toFixed(1),
  lintWallMBps: +(mb / (median(lintWall) / 1000)).toFixed(1),
  firstLintMs: +firstLintMs.toFixed(1),
  firstLintWallMs: +firstLintWall.toFixed(1),
  extractMedianMs: +median(extractMs).toFixed(1),
  parseInLintMs: +(median(extractParseMs) - median(extractMs)).toFixed(1),
  rulesInLintMs: +(median(lintMs) - median(extractParseMs)).toFixed(1),
  hostScriptMB: +(Buffer.byteLength(script) / 1024 / 1024).toFixed(2),
  commandsUsed: commands.length,
  commandsLeftOut: allCommands.length - commands.length,
  bareDescriptionMB: +bareMb.toFixed(2),
  bareLintMBps: +(bareMb / (median(bareMs) / 1000)).toFixed(1),
  onePipelineMedianMs: +median(oneMs).toFixed(3),
  goalMBps: 20,
};
console.log(`pipeline: ${result.commands} commands, ${result.pipelines} pipelines, ${result.launchTextMB} MB of launch text`);
console.log(`  (${result.commandsUsed} corpus commands, ${result.commandsLeftOut} left out as not whole on their line; ${result.hostScriptMB} MB script)`);
console.log(`  first lint run (cold):    ${result.firstLintMs} ms CPU, ${result.firstLintWallMs} ms wall`);
console.log(`  where a lint run goes:    extraction ${result.extractMedianMs} ms, parsing ${result.parseInLintMs} ms, rules and the rest ${result.rulesInLintMs} ms (CPU medians, by difference)`);
console.log(`  parse (extract + parse, all kept):  ${result.parseMedianMs} ms CPU median = ${result.parseMBps} MB/s`);
console.log(`  full lint (lintText):     ${result.lintMedianMs} ms CPU median = ${result.lintMBps} MB/s (goal ≥ 20 MB/s), ${result.lintCpuMsPerMB} CPU ms/MB; wall ${result.lintWallMedianMs} ms = ${result.lintWallMBps} MB/s`);
console.log(`  one ${result.bareDescriptionMB} MB bare description: ${result.bareLintMBps} MB/s`);
console.log(`  one typical pipeline:     ${result.onePipelineMedianMs} ms median`);
mkdirSync(path.join(repoRoot, 'bench-results'), { recursive: true });
writeFileSync(path.join(repoRoot, 'bench-results', 'pipeline.json'), JSON.stringify(result, null, 2) + '\n');
if (result.lintMBps < 20) {
  console.error(`pipeline lint throughput ${result.lintMBps} MB/s is below the 20 MB/s goal`);
  process.exitCode = 1;
}
