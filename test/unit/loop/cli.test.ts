// `sightline trace findings FILE --workspace DIR` (the built CLI): the pull-request report of the
// example workspace and its trace.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const cli = path.join(repoRoot, 'dist', 'cli.js');
const examples = path.join(repoRoot, 'examples');

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, 'trace', 'findings', ...args], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('--format markdown --workspace: verdict, the lines to change, findings without a line', () => {
  const r = run(['--format', 'markdown', '--workspace', examples, path.join(examples, 'traces', 'sync.sqlite')]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^## Sightline profile report: sync\.sqlite/);
  assert.match(r.stdout, /### Verdict: sync-bound/);
  assert.match(r.stdout, /\| `traces\/infer_pipeline\.py:70` \| deepstream\/per-box-host-round-trips \|/);
  assert.match(r.stdout, /\| `traces\/infer_pipeline\.py:43` \| cuda_memcpy_async \|/);
  assert.match(r.stdout, /### Findings not tied to a line/);
});

test('--format text and json --workspace: one located finding a line / the located diagnostics', () => {
  const t = run(['--workspace', examples, path.join(examples, 'traces', 'sync.sqlite')]);
  assert.equal(t.status, 0, t.stderr);
  assert.match(t.stdout, /^traces\/infer_pipeline\.py:70:\d+: warning deepstream\/per-box-host-round-trips: /m);
  const j = run(['--format', 'json', '--workspace', examples, path.join(examples, 'traces', 'sync.sqlite')]);
  assert.equal(j.status, 0, j.stderr);
  const parsed = JSON.parse(j.stdout) as { diagnostics: { file: string; range: { start: { line: number } }; code: string }[] };
  assert.deepEqual(parsed.diagnostics.map((d) => `${d.file}:${d.range.start.line + 1}`).sort(), ['traces/infer_pipeline.py:43', 'traces/infer_pipeline.py:66', 'traces/infer_pipeline.py:70']);
  const bad = run(['--workspace']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--workspace needs a folder/);
});

test('the CLI labels with the capture time in the trace; a source written after the capture is listed once, never labels findings stale (a checkout dates every file)', async () => {
  const fs = await import('node:fs');
  const os = await import('node:os');
  const { execFileSync } = await import('node:child_process');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-cli-time-'));
  try {
    fs.cpSync(examples, dir, { recursive: true });
    const trace = path.join(dir, 'traces', 'sync.sqlite');
    const py = path.join(dir, 'traces', 'infer_pipeline.py');
    const utc = execFileSync('sqlite3', [trace, 'SELECT utcTime FROM TARGET_INFO_SESSION_START_TIME'], { encoding: 'utf8' }).trim();
    const capture = Date.parse(`${utc}Z`);
    const when = utc.slice(0, 16).replace('T', ' ');
    // The copy dates the trace file now; the source was saved a minute before the capture.
    fs.utimesSync(py, (capture - 60_000) / 1000, (capture - 60_000) / 1000);
    const current = run(['--workspace', dir, trace]);
    assert.equal(current.status, 0, current.stderr);
    const located = current.stdout.split('\n').filter((l) => l.startsWith('traces/infer_pipeline.py:'));
    assert.equal(located.length, 3, current.stdout);
    assert.ok(located.every((l) => !l.includes('[stale') && l.endsWith(`measured in sync.sqlite (profile of ${when} UTC).`)), current.stdout);
    assert.ok(!current.stdout.includes('written after the capture'), current.stdout);
    // Saved ten minutes after the capture (as a checkout does): the findings are not labelled
    // stale, and the report says once that this file was written after the capture.
    fs.utimesSync(py, (capture + 600_000) / 1000, (capture + 600_000) / 1000);
    const later = run(['--workspace', dir, trace]);
    const at = new Date(capture + 600_000).toISOString().slice(0, 16).replace('T', ' ');
    const laterLocated = later.stdout.split('\n').filter((l) => l.startsWith('traces/infer_pipeline.py:'));
    assert.equal(laterLocated.length, 3, later.stdout);
    assert.ok(laterLocated.every((l) => !l.includes('[stale')), later.stdout);
    assert.ok(later.stdout.includes(`written after the capture of ${when} UTC: traces/infer_pipeline.py (${at} UTC).`), later.stdout);
    const json = JSON.parse(run(['--format', 'json', '--workspace', dir, trace]).stdout) as { writtenAfterCapture: { file: string }[] };
    assert.deepEqual(json.writtenAfterCapture.map((w) => w.file), ['traces/infer_pipeline.py']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the real DeepStream-named capture against examples/: the config lines and launch elements to change', async () => {
  const fs = await import('node:fs');
  const os = await import('node:os');
  const zlib = await import('node:zlib');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-cli-ds-'));
  try {
    const trace = path.join(dir, 'deepstream-like.sqlite');
    fs.writeFileSync(trace, zlib.gunzipSync(fs.readFileSync(path.join(repoRoot, 'test', 'fixtures', 'deepstream-like', 'deepstream-like.sqlite.gz'))));
    const j = run(['--format', 'json', '--workspace', examples, trace]);
    assert.equal(j.status, 0, j.stderr);
    const parsed = JSON.parse(j.stdout) as { diagnostics: { file: string; range: { start: { line: number } }; code: string; severity: string }[] };
    const warnings = parsed.diagnostics.filter((d) => d.severity === 'warning').map((d) => `${d.file}:${d.range.start.line + 1} ${d.code}`).sort();
    assert.deepEqual(warnings, [
      'config_infer_primary.txt:16 deepstream/nvinfer-time',
      'deepstream_app_config.txt:56 gpu_time_util',
      'deepstream_app_config.txt:96 deepstream/osd-slower-than-inference',
      'run_pipeline.sh:14 deepstream/copies-over-15pct',
      'run_pipeline.sh:26 deepstream/copies-over-15pct',
    ]);
    const md = run(['--format', 'markdown', '--workspace', examples, trace]);
    assert.equal(md.status, 0, md.stderr);
    assert.match(md.stdout, /### Verdict: memcpy-bound/);
    assert.match(md.stdout, /\| `deepstream_app_config\.txt:96` \| deepstream\/osd-slower-than-inference( \(stale\))? \|/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
