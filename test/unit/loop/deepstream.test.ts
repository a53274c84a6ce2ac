// The DeepStream side of the loop on the example workspace, from a hand-built Diagnosis of the
// engine's shape (GstNvInfer: UID=1 and UID=2 domains, nvosd0_(Frame=N) ranges, a low-utilization
// window, start-up contamination): the cases a single capture cannot show together (an engine
// build, a fast OSD that contradicts the lint). The same placements on a real nsys capture of
// DeepStream-named ranges: deepstreamCapture.test.ts. The lines come from the real files.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { NvtxIndex } from '../../../server/index/nvtxIndex';
import { closeTheLoop } from '../../../server/loop/closeTheLoop';
import { weighLint } from '../../../server/loop/lintWeighting';
import type { LintLike, LoopFile, LoopTrace, RangeFigures } from '../../../server/loop/loopTypes';
import type { Diagnosis, Finding } from '../../../server/trace/diagnosisTypes';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const examples = path.join(repoRoot, 'examples');
const app = path.join(examples, 'deepstream_app_config.txt');
const pgie = path.join(examples, 'config_infer_primary.txt');
const S = 1e9; // steady state: 1 s

function indexExamples(): NvtxIndex {
  const index = new NvtxIndex();
  for (const n of fs.readdirSync(examples)) {
    const p = path.join(examples, n);
    if (fs.statSync(p).isFile()) index.update(p, fs.readFileSync(p, 'utf8'));
  }
  return index;
}

const disk = (p: string): LoopFile | undefined => (fs.existsSync(p) ? { text: fs.readFileSync(p, 'utf8'), modifiedMs: 0 } : undefined);

function fig(domain: string, name: string, count: number, avgMs: number): RangeFigures {
  const total = count * avgMs * 1e6;
  return { domain, name, count, totalNs: total, avgNs: avgMs * 1e6, medNs: avgMs * 1e6, maxNs: avgMs * 2e6, steadyShare: total / S, longest: { startNs: 2e8, endNs: 2e8 + avgMs * 2e6 }, pid: 100 };
}

function finding(id: string, extra: Partial<Finding>): Finding {
  return { id, severity: 'warning', message: `${id}: test`, ranges: [{ startNs: 1e8, endNs: 1.1e9 }], evidence: [], events: [], ...extra };
}

function dsTrace(opts: { osdMs: number; withOsdFinding: boolean }): LoopTrace {
  const ranges = [
    fig('GstNvInfer: UID=1', 'buffer_process batch_num=0', 1, 12),
    ...Array.from({ length: 39 }, (_, i) => fig('GstNvInfer: UID=1', `buffer_process batch_num=${i + 1}`, 1, 12)),
    fig('GstNvInfer: UID=2', 'buffer_process batch_num=0', 40, 1),
    fig('', 'nvosd0_(Frame=0)', 1, opts.osdMs),
    ...Array.from({ length: 39 }, (_, i) => fig('', `nvosd0_(Frame=${i + 1})`, 1, opts.osdMs)),
  ];
  const findings: Finding[] = [
    finding('deepstream/nvinfer-time', { severity: 'info', gieUniqueId: 1, element: 'nvinfer', message: 'nvinfer (gie-unique-id=1): 40 ranges, 480 ms (48% of the steady state).' }),
    finding('deepstream/nvinfer-time', { severity: 'info', gieUniqueId: 2, element: 'nvinfer', message: 'nvinfer (gie-unique-id=2): 40 ranges, 40 ms (4% of the steady state).' }),
    finding('gpu_time_util', { message: 'GPU utilization is below 50% in 1 stretch(es)', evidence: ['22.0% in use for 800 ms from 100 ms'], events: [{ startNs: 1e8, durationNs: 8e8, pid: 100, inUsePercent: 22 }] }),
    finding('deepstream/engine-build-contamination', { evidence: ['start-up share of the run: 61.0%'], configKey: 'model-engine-file' }),
    finding('deepstream/copies-over-15pct', { message: 'GPU memory copies take 23.0% of the steady state (> 15%): buffers leave device memory somewhere.', evidence: ['230 ms of copies in 1000 ms'] }),
  ];
  if (opts.withOsdFinding) findings.push(finding('deepstream/osd-slower-than-inference', { element: 'nvosd0', evidence: ['40 nvosd0 ranges, 800 ms total; inference ranges: nvinfer (gie-unique-id=1) 480 ms'], configKey: 'process-mode' }));
  const diagnosis: Diagnosis = {
    source: '/profiles/ds.sqlite',
    captureNs: { startNs: 0, endNs: 3 * S },
    steadyState: { startNs: 0.1 * S, endNs: 1.1 * S },
    windows: [
      { startNs: 0, endNs: 1.9 * S, startup: true, gpuUtilization: 0.1, cpuActivity: 0.5, apiCallsPerMs: 1, apiTimeFraction: 0.1, syncTimeFraction: 0.1, copyTimeFraction: 0.01, pattern: 'startup-dominated' },
      { startNs: 1.9 * S, endNs: 3 * S, startup: false, gpuUtilization: 0.22, cpuActivity: 0.5, apiCallsPerMs: 1, apiTimeFraction: 0.1, syncTimeFraction: 0.1, copyTimeFraction: 0.23, pattern: 'memcpy-bound' },
    ],
    verdict: { pattern: 'memcpy-bound', confidence: 0.6, evidence: ['copies 23% of the steady state'] },
    findings,
    stages: [],
    deepstream: [
      { range: 'GstNvInfer: UID=1:buffer_process batch_num=0', element: 'nvinfer', gieUniqueId: 1, batch: 0, kind: 'inference' },
      { range: 'GstNvInfer: UID=2:buffer_process batch_num=0', element: 'nvinfer', gieUniqueId: 2, batch: 0, kind: 'inference' },
      { range: ':nvosd0_(Frame=0)', element: 'nvosd0', batch: 0, kind: 'osd' },
    ],
  };
  return { path: '/profiles/ds.sqlite', takenAtMs: Date.parse('2026-11-22T04:00:00Z'), diagnosis, ranges, namesByProcess: new Map([[100, ranges.map((r) => r.name)]]) };
}

const at = (d: { file: string; range: { start: { line: number } } }): string => `${path.basename(d.file)}:${d.range.start.line + 1}`;

test('DeepStream findings land on the config lines and elements that cause them', () => {
  const r = closeTheLoop(dsTrace({ osdMs: 20, withOsdFinding: true }), indexExamples(), disk);
  const by = (code: string): string[] => r.diagnostics.filter((d) => d.code === code).map((d) => `${at(d)} ${d.severity}`).sort();
  // The dominant GIE (UID 1, 48 %): its config's network-mode=0 line, and where it is used.
  assert.deepEqual(by('deepstream/nvinfer-time'), ['app.py:27 info', 'config_infer_primary.txt:16 warning', 'deepstream_app_config.txt:71 info', 'run_pipeline.sh:17 info', 'run_pipeline.sh:25 info', 'run_pipeline.sh:33 info']);
  const gie = r.diagnostics.find((d) => d.code === 'deepstream/nvinfer-time' && d.file === pgie)!;
  assert.match(gie.message, /nvinfer UID 1 \(config_infer_primary\.txt\) dominates the frame: 12\.0 ms per batch over 40 batches, 48 % of the steady state/);
  assert.match(gie.message, /network-mode=2/);
  // deepstream-app's OSD is nvosd0: its process-mode=0 line; the tiler of the same config too.
  assert.deepEqual(by('deepstream/osd-slower-than-inference'), ['deepstream_app_config.txt:14 info', 'deepstream_app_config.txt:96 warning']);
  // The GPU idles between batches of one frame from four sources: [streammux] batch-size=1.
  assert.deepEqual(by('gpu_time_util'), ['deepstream_app_config.txt:56 warning']);
  assert.match(r.diagnostics.find((d) => d.code === 'gpu_time_util')!.message, /batch-size=1 with 4 sources/);
  // Engine build: the model-engine-file line of each linked config (the secondary has none: its [property]).
  assert.ok(by('deepstream/engine-build-contamination').includes('config_infer_primary.txt:10 warning'));
  // Copies over 15 %: the CPU videoconvert elements and system-memory caps of the linked pipelines.
  const copies = by('deepstream/copies-over-15pct');
  assert.ok(copies.includes('run_pipeline.sh:14 warning') && copies.includes('run_pipeline.sh:26 warning'), copies.join(', '));
  assert.ok(!copies.some((c) => c.startsWith('run_pipeline.sh:15')), 'video/x-raw(memory:NVMM) caps are fine');
  // GIE lenses: above the config, the app-config group and each launch element.
  const gieLens = r.lenses.filter((l) => l.title.startsWith('nvinfer UID 1')).map(at).sort();
  assert.ok(gieLens.includes('config_infer_primary.txt:20') && gieLens.includes('deepstream_app_config.txt:63'), gieLens.join(', '));
  assert.match(r.lenses.find((l) => l.title.startsWith('nvinfer UID 1'))!.title, /12\.0 ms per batch × 40, 48 % of the steady state/);
  assert.ok(r.lenses.some((l) => at(l) === 'deepstream_app_config.txt:92' && /nvosd0: 20\.0 ms per frame × 40/.test(l.title)));
});

test('lint warnings the profile confirms say so; those it contradicts become hints', () => {
  const index = indexExamples();
  const lint: LintLike[] = [
    { code: 'config/osd-cpu-mode', severity: 'warning', message: 'nvdsosd draws on the CPU.', range: { start: { line: 95, character: 13 }, end: { line: 95, character: 14 } } },
    { code: 'config/tiler-in-perf', severity: 'info', message: 'The tiler costs GPU time.', range: { start: { line: 10, character: 0 }, end: { line: 10, character: 8 } } },
    { code: 'config/sink-sync-in-perf', severity: 'warning', message: 'sync=1 while measuring.', range: { start: { line: 109, character: 5 }, end: { line: 109, character: 6 } } },
  ];
  const slow = dsTrace({ osdMs: 20, withOsdFinding: true });
  const w = weighLint(app, lint, slow, closeTheLoop(slow, index, disk));
  assert.deepEqual(w.map((x) => x.verdict), ['confirmed', 'confirmed', 'unchanged']);
  assert.match(w[0].diagnostic.message, /Confirmed by the profile of 2026-11-22 04:00 UTC: 80 % of the steady state in the OSD\./);
  const fast = dsTrace({ osdMs: 0.5, withOsdFinding: false });
  const w2 = weighLint(app, lint, fast, closeTheLoop(fast, index, disk));
  assert.deepEqual(w2.map((x) => [x.verdict, x.diagnostic.severity]), [['contradicted', 'hint'], ['contradicted', 'hint'], ['unchanged', 'warning']]);
  assert.match(w2[0].diagnostic.message, /does not show it: the OSD takes 2\.0 % of the steady state/);
  // A file the trace is not linked to is left alone.
  const w3 = weighLint(path.join(examples, 'elsewhere.txt'), lint, fast, closeTheLoop(fast, index, disk));
  assert.ok(w3.every((x) => x.verdict === 'unchanged'));
});
