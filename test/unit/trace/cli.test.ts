// `sightline trace summary|findings|compare` through the built CLI (dist/cli.js), as a user runs it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { capturePath, oracle, repoRoot, tracesDir } from './traceFiles';

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

test('trace summary: Style and Range are two columns (markdown cells, aligned text)', async () => {
  const f = await capturePath('cpp');
  const md = run('summary', '--format', 'markdown', f);
  assert.equal(md.status, 0, md.stderr);
  const mdLines = md.stdout.split('\n');
  const at = mdLines.indexOf('### NVTX ranges (nvtx_sum)');
  assert.ok(at >= 0, md.stdout);
  const cells = (l: string): string[] => l.replace(/^\|\s*|\s*\|$/g, '').split(/\s*\|\s*/);
  const head = cells(mdLines[at + 2]);
  assert.deepEqual(head.slice(-2), ['Style', 'Range']);
  assert.equal(head.length, 10);
  assert.equal(cells(mdLines[at + 3]).length, 10, mdLines[at + 3]);
  const end = mdLines.indexOf('', at + 2);
  const rows = mdLines.slice(at + 4, end).map(cells);
  assert.equal(rows.length, 5);
  for (const r of rows) assert.equal(r.length, 10, r.join('|'));
  // The same style and range as the JSON summary (nsys's nvtx_sum), one per cell.
  const json = JSON.parse(run('summary', '--format', 'json', f).stdout) as { nvtx: { style: string; range: string }[] };
  assert.deepEqual(rows.map((r) => [r[8], r[9]]), json.nvtx.map((x) => [x.style, x.range]));

  const t = run('summary', f);
  const tl = t.stdout.split('\n');
  const ti = tl.indexOf('NVTX ranges (nvtx_sum)');
  assert.ok(ti >= 0, t.stdout);
  const block = tl.slice(ti + 1, ti + 2 + json.nvtx.length);
  const rangeCol = block[0].indexOf('Range');
  const styleCol = block[0].indexOf('Style');
  assert.ok(styleCol > 0 && rangeCol > styleCol, block[0]);
  block.slice(1).forEach((l, k) => {
    assert.equal(l.slice(styleCol, styleCol + json.nvtx[k].style.length), json.nvtx[k].style, l);
    assert.equal(l.slice(rangeCol), json.nvtx[k].range, `Range column misaligned: ${l}`);
  });
  assert.ok(json.nvtx.some((x) => x.style === 'StartEnd') && json.nvtx.some((x) => x.style === 'PushPop'));
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
  assert.match(r.stdout, /Verdict: sync-bound -> \S+( \(steady state: [a-z-]+\))? \(changed\)/);
  assert.match(r.stdout, /\[CUDA memcpy Device-to-Host\]/);
});

test('trace compare: a startup-dominated run shows its steady-state pattern in the headline', async () => {
  const a = await capturePath('sync');
  const b = await capturePath('tuned');
  const json = JSON.parse(run('compare', '--format', 'json', a, b).stdout) as { verdict: { b: string; steadyB?: string; evidenceB: string[] } };
  assert.equal(json.verdict.b, 'startup-dominated');
  const said = json.verdict.evidenceB.find((e) => e.startsWith('steady state alone: '))?.slice('steady state alone: '.length);
  assert.equal(json.verdict.steadyB, said);
  assert.equal(json.verdict.steadyB, 'cpu-compute-bound');
  for (const format of ['text', 'markdown']) {
    const r = run('compare', '--format', format, a, b);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Verdict: sync-bound -> startup-dominated \(steady state: cpu-compute-bound\) \(changed\)/, format);
  }
  // A run that is not startup-dominated keeps the plain verdict.
  assert.match(run('compare', b, a).stdout, /-> sync-bound \(changed\)/);
});

test('trace summary of a .sqlite.gz: one line saying to gunzip it', () => {
  const r = run('summary', path.join(tracesDir, 'cpp.sqlite.gz'));
  assert.equal(r.status, 1);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, 'sightline: cpp.sqlite.gz: gzip-compressed; gunzip it first (gunzip -k cpp.sqlite.gz)\n');
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
