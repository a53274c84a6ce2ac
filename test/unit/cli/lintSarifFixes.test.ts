// `sightline lint` output as tools consume it (audit bug 9, 11): SARIF 2.1.0 artifact locations
// (relative + %SRCROOT% defined in originalUriBaseIds, or absolute without a uriBaseId), quick
// fixes in SARIF (`fixes` → artifactChanges → replacements) and JSON, applied to real files and
// re-linted; `lint --help` documents the exit codes, which the command really returns.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { formatSarif, lintPaths, runLintCommand, sarifArtifactLocation, type CliFinding } from '../../../server/cli/lintCommand';
import { defaultLintOptions } from '../../../server/lint/diagnostic';
import { repoRoot, sharedRoot } from '../config/support';

interface Region {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}
interface ArtifactLocation {
  uri: string;
  uriBaseId?: string;
}
interface SarifResult {
  ruleId: string;
  locations: { physicalLocation: { artifactLocation: ArtifactLocation; region: Region } }[];
  fixes?: { description: { text: string }; artifactChanges: { artifactLocation: ArtifactLocation; replacements: { deletedRegion: Region; insertedContent: { text: string } }[] }[] }[];
}
interface SarifLog {
  version: string;
  runs: { originalUriBaseIds: Record<string, { uri: string }>; results: SarifResult[] }[];
}

/** A temp workspace with copies of real files: the example app config and shell script, and the
 * corpus launch line that uses avdec_h264. */
function workspace(): { dir: string; files: string[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-sarif-'));
  const files: string[] = [];
  for (const name of ['deepstream_app_config.txt', 'config_infer_primary.txt', 'labels.txt', 'run_pipeline.sh']) {
    fs.copyFileSync(path.join(repoRoot, 'examples', name), path.join(dir, name));
    if (name.endsWith('.sh') || name === 'deepstream_app_config.txt') files.push(path.join(dir, name));
  }
  const line = fs
    .readFileSync(path.join(sharedRoot, 'corpus', 'deepstream-9.1-launch-lines.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.includes('avdec_h264'))
    .map((l) => (JSON.parse(l) as { text: string }).text)[0];
  assert.ok(line, 'the corpus has a launch line with avdec_h264');
  fs.mkdirSync(path.join(dir, 'sub dir'));
  const sh = path.join(dir, 'sub dir', 'corpus line.sh');
  fs.writeFileSync(sh, `${line}\n`);
  files.push(sh);
  return { dir, files };
}

/** Applies 1-based, end-exclusive replacements (last first) to a text. */
function applyReplacements(text: string, reps: { start: [number, number]; end: [number, number]; text: string }[]): string {
  const lines = text.split('\n');
  const offsets: number[] = [];
  let o = 0;
  for (const l of lines) {
    offsets.push(o);
    o += l.length + 1;
  }
  const off = ([line, col]: [number, number]) => offsets[line - 1] + col - 1;
  let out = text;
  for (const r of [...reps].sort((a, b) => off(b.start) - off(a.start))) out = out.slice(0, off(r.start)) + r.text + out.slice(off(r.end));
  return out;
}

function uriToPath(loc: ArtifactLocation, log: SarifLog): string {
  if (loc.uriBaseId) return decodeURIComponent(new URL(loc.uri, log.runs[0].originalUriBaseIds[loc.uriBaseId].uri).pathname);
  return decodeURIComponent(new URL(loc.uri).pathname);
}

test('SARIF: relative URIs go with %SRCROOT% (defined as an absolute folder URI), files outside it are absolute without uriBaseId', () => {
  const { dir, files } = workspace();
  try {
    const run = lintPaths(files, defaultLintOptions);
    assert.ok(run.findings.length > 5);
    const inside = JSON.parse(formatSarif(run.findings, '0.1.0', dir)) as SarifLog;
    const base = inside.runs[0].originalUriBaseIds['%SRCROOT%'].uri;
    assert.match(base, /^file:\/\/\/.*\/$/);
    assert.equal(decodeURIComponent(new URL(base).pathname), `${dir}/`);
    for (const r of inside.runs[0].results) {
      const loc = r.locations[0].physicalLocation.artifactLocation;
      assert.equal(loc.uriBaseId, '%SRCROOT%');
      assert.ok(!/^[a-z]+:/i.test(loc.uri) && !loc.uri.startsWith('/'), `relative reference: ${loc.uri}`);
      assert.ok(fs.existsSync(uriToPath(loc, inside)), loc.uri);
    }
    assert.ok(inside.runs[0].results.some((r) => r.locations[0].physicalLocation.artifactLocation.uri === 'sub%20dir/corpus%20line.sh'));
    // The same findings seen from another folder: absolute file URIs, no uriBaseId at all.
    const outside = JSON.parse(formatSarif(run.findings, '0.1.0', path.join(os.tmpdir(), 'elsewhere'))) as SarifLog;
    for (const r of outside.runs[0].results) {
      const loc = r.locations[0].physicalLocation.artifactLocation;
      assert.equal(loc.uriBaseId, undefined);
      assert.match(loc.uri, /^file:\/\/\//);
      assert.ok(fs.existsSync(uriToPath(loc, outside)), loc.uri);
    }
    assert.deepEqual(sarifArtifactLocation('/a/b c.sh', '/a'), { uri: 'b%20c.sh', uriBaseId: '%SRCROOT%' });
    assert.deepEqual(sarifArtifactLocation('/a/b.sh', '/a/x'), { uri: 'file:///a/b.sh' });
    assert.deepEqual(sarifArtifactLocation('/a/..b/c.sh', '/a'), { uri: '..b/c.sh', uriBaseId: '%SRCROOT%' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('SARIF and JSON carry the quick fixes; applying them to the files removes the findings', async () => {
  const { dir, files } = workspace();
  try {
    const run = lintPaths(files, defaultLintOptions);
    const withFixes = run.findings.filter((f) => f.fixes?.length);
    const fixedCodes = new Set(withFixes.map((f) => f.code));
    for (const code of ['config/osd-cpu-mode', 'config/mux-batch-vs-sources', 'pipeline/software-decoder', 'pipeline/tee-without-queue']) assert.ok(fixedCodes.has(code), `${code} has a fix`);
    // JSON output: the same findings, fixes included (1-based edits).
    const out: string[] = [];
    const code = await runLintCommand(['--format', 'json', ...files], { out: (s) => out.push(s), err: () => undefined });
    assert.equal(code, 1, 'missing model files are errors');
    const json = JSON.parse(out.join('')) as CliFinding[];
    const f = json.find((x) => x.code === 'pipeline/software-decoder');
    assert.ok(f?.fixes?.length, 'the software decoder finding carries its fix in JSON');
    const e = f.fixes[0].edits[0];
    assert.equal(e.line, f.line);
    assert.equal(e.column, f.column);
    assert.match(e.newText, /^nvv4l2decoder/);
    const log = JSON.parse(formatSarif(run.findings, '0.1.0', dir)) as SarifLog;
    const results = log.runs[0].results;
    assert.equal(results.filter((r) => r.fixes?.length).length, withFixes.length, 'every JSON fix is in SARIF');
    // Apply the first fix of each fixable finding, per file, from the SARIF replacements.
    const byFile = new Map<string, { start: [number, number]; end: [number, number]; text: string }[]>();
    const expectGone: { file: string; code: string; line: number }[] = [];
    for (const r of results) {
      const fix = r.fixes?.[0];
      if (!fix) continue;
      assert.ok(fix.description.text.length > 0);
      assert.equal(fix.artifactChanges.length, 1);
      const change = fix.artifactChanges[0];
      assert.deepEqual(change.artifactLocation, r.locations[0].physicalLocation.artifactLocation);
      const file = uriToPath(change.artifactLocation, log);
      // Only fixes whose edits touch lines no other applied fix touches (fixes are alternatives per finding).
      const reps = change.replacements.map((x) => ({ start: [x.deletedRegion.startLine, x.deletedRegion.startColumn] as [number, number], end: [x.deletedRegion.endLine, x.deletedRegion.endColumn] as [number, number], text: x.insertedContent.text }));
      const list = byFile.get(file) ?? [];
      if (list.some((a) => reps.some((b) => a.start[0] === b.start[0]))) continue;
      list.push(...reps);
      byFile.set(file, list);
      expectGone.push({ file, code: r.ruleId, line: r.locations[0].physicalLocation.region.startLine });
    }
    assert.ok(expectGone.length >= 4);
    for (const [file, reps] of byFile) fs.writeFileSync(file, applyReplacements(fs.readFileSync(file, 'utf8'), reps));
    const after = lintPaths(files, defaultLintOptions).findings;
    for (const g of expectGone) {
      assert.ok(!after.some((f) => path.resolve(f.file) === g.file && f.code === g.code && f.line === g.line), `${g.code} at ${path.basename(g.file)}:${g.line} is fixed`);
    }
    // JSON output is the same findings, fixes included (1-based edits).
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('lint --help documents the exit codes, and the command returns them', async () => {
  const out: string[] = [];
  assert.equal(await runLintCommand(['--help'], { out: (s) => out.push(s), err: () => undefined }), 0);
  const help = out.join('');
  assert.match(help, /Exit status:/);
  assert.match(help, /^\s+0\s+.*only warnings/m);
  assert.match(help, /^\s+1\s+.*severity error/m);
  assert.match(help, /^\s+2\s+bad usage/m);
  const quiet = { out: () => undefined, err: () => undefined };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-exit-'));
  try {
    // Warnings only (a software encoder): 0.
    const warn = path.join(dir, 'warn.sh');
    fs.writeFileSync(warn, 'gst-launch-1.0 videotestsrc ! x264enc ! fakesink\n');
    const w = lintPaths([warn], defaultLintOptions).findings;
    assert.ok(w.length > 0 && w.every((f) => f.severity !== 'error'));
    assert.equal(await runLintCommand([warn], quiet), 0);
    // An error (unknown element): 1.
    const err = path.join(dir, 'err.sh');
    fs.writeFileSync(err, 'gst-launch-1.0 videotestsrc ! nosuchelement ! fakesink\n');
    assert.equal(await runLintCommand([err], quiet), 1);
    // Bad usage: 2.
    assert.equal(await runLintCommand(['--format', 'xml', warn], quiet), 2);
    assert.equal(await runLintCommand([path.join(dir, 'missing.sh')], quiet), 2);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
