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
  // (stale) when the checkout wrote infer_pipeline.py more than 2 s after sync.sqlite.
  assert.match(r.stdout, /\| `traces\/infer_pipeline\.py:70` \| deepstream\/per-box-host-round-trips( \(stale\))? \|/);
  assert.match(r.stdout, /\| `traces\/infer_pipeline\.py:43` \| cuda_memcpy_async( \(stale\))? \|/);
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
