// `sightline trace summary|findings|compare` through the built CLI (dist/cli.js), as a user runs it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { capturePath, oracle, repoRoot } from './traceFiles';

const cli = path.join(repoRoot, 'dist', 'cli.js');

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, 'trace', ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('trace summary --format json: the five reports with Nsight names', async () => {
  const r = run('summary', '--format', 'json', await capturePath('cpp'));
  assert.equal(r.status, 0, r.stderr);
  const s = JSON.parse(r.stdout) as Record<string, Record<string, unknown>[]>;
  for (const k of ['nvtx', 'kernels', 'cudaApi', 'memory', 'osrt']) assert.ok(Array.isArray(s[k]), k);
  assert.deepEqual(s.nvtx.map((x) => x.range), [':frame', ':nms_cpu', ':upload', ':download', 'pipeline:infer_registered']);
  assert.deepEqual(s.nvtx.map((x) => x.style), ['PushPop', 'StartEnd', 'PushPop', 'PushPop', 'PushPop']);
  const want = oracle('cpp', 'cuda_api_sum') ?? [];
  assert.deepEqual(s.cudaApi.map((x) => [x.name, x.count, x.totalNs]), want.map((w) => [w.Name, Number(w['Num Calls']), Number(w['Total Time (ns)'])]));
  for (const row of s.kernels) for (const k of ['count', 'totalNs', 'avgNs', 'medNs', 'minNs', 'maxNs', 'stdDevNs']) assert.equal(typeof row[k], 'number', k);
  assert.deepEqual(s.memory.map((x) => x.operation), ['[CUDA memcpy Host-to-Device]', '[CUDA memcpy Device-to-Host]']);
});

test('trace summary text and markdown', async () => {
  const f = await capturePath('cpp');
  const t = run('summary', f);
  assert.equal(t.status, 0, t.stderr);
  assert.match(t.stdout, /CUDA kernels \(cuda_gpu_kern_sum\)/);
  assert.match(t.stdout, /scale\(float \*, int, float\)/);
  const md = run('summary', '--format', 'markdown', f);
  assert.match(md.stdout, /^\| Time \(%\) \| Total Time \(ns\) \|/m);
  assert.match(md.stdout, /\| 245302445 \| 40 \|/);
});

test('trace findings --format json on stages: windows, verdict, findings, stages', async () => {
  const r = run('findings', '--format', 'json', await capturePath('stages'));
  assert.equal(r.status, 0, r.stderr);
  const d = JSON.parse(r.stdout) as {
    windows: unknown[];
    verdict: { pattern: string; confidence: number; evidence: string[] };
    findings: { id: string }[];
    stages: { thread: { tid: number }; bottleneck: boolean }[];
  };
  assert.ok(d.windows.length >= 10);
  assert.equal(d.verdict.pattern, 'cpu-compute-bound');
  assert.ok(d.findings.some((f) => f.id === 'cuda_api_sync'));
  assert.equal(d.stages.find((s) => s.bottleneck)?.thread.tid, 1104);
  const text = run('findings', await capturePath('stages'));
  assert.match(text.stdout, /Verdict: cpu-compute-bound/);
  assert.match(text.stdout, /Pipeline stages/);
});

test('trace compare sync tuned', async () => {
  const r = run('compare', await capturePath('sync'), await capturePath('tuned'));
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Verdict: sync-bound -> \S+ \(changed\)/);
  assert.match(r.stdout, /\[CUDA memcpy Device-to-Host\]/);
});

test('bad input and bad arguments: one line on stderr, exit codes 1 and 2', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sightline-trace-cli-'));
  try {
    const f = path.join(dir, 'bad.sqlite');
    writeFileSync(f, 'garbage'.repeat(100));
    const r = run('summary', f);
    assert.equal(r.status, 1);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.match(r.stderr, /^sightline: bad\.sqlite: not a SQLite database/);
    assert.equal(run('summary', '--format', 'xml', f).status, 2);
    assert.equal(run('compare', f).status, 2);
    assert.equal(run('frobnicate').status, 2);
    const big = run('summary', '--max-size-mb', '0.0001', f);
    assert.equal(big.status, 1);
    assert.match(big.stderr, /above the 0\.0001 MB limit/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
