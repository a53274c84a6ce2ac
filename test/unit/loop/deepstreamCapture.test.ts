// The DeepStream placements against a REAL capture: test/fixtures/deepstream-like/ holds an nsys
// export (H100, nsys 2025.3.1) of a CUDA program that names its NVTX ranges as DeepStream's
// nvinfer and nvdsosd do, around real GPU work and real pageable copies (not a DeepStream run;
// see its README). Trace engine diagnosis → loop → diagnostics on examples/' deepstream-app config,
// nvinfer configs and launch lines; the figures in the messages are checked against what
// `nsys stats` / `nsys analyze` computed from the same export (the CSVs beside it).
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { loadTrace } from '../../../server/trace/load';
import { diagnose } from '../../../server/trace/diagnose';
import { NvtxIndex } from '../../../server/index/nvtxIndex';
import { loopTrace, fmtMs } from '../../../server/loop/traceFacts';
import { closeTheLoop } from '../../../server/loop/closeTheLoop';
import { indexWorkspace } from '../../../server/loop/workspaceScan';
import { weighLint } from '../../../server/loop/lintWeighting';
import { renderLoopReport } from '../../../server/loop/markdownReport';
import { lintText } from '../../../server/lint/lintFile';
import { diskFiles } from '../../../server/lint/diskFiles';
import type { LoopFile, LoopResult, LoopTrace } from '../../../server/loop/loopTypes';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const fixture = path.join(repoRoot, 'test', 'fixtures', 'deepstream-like');
const examples = path.join(repoRoot, 'examples');
const app = path.join(examples, 'deepstream_app_config.txt');
const pgie = path.join(examples, 'config_infer_primary.txt');
const launch = path.join(examples, 'run_pipeline.sh');
const takenAtMs = Date.parse('2026-11-22T07:41:00Z');

/** Rows of one of the nsys CSVs beside the export. */
function csv(name: string): Record<string, string>[] {
  const lines = fs.readFileSync(path.join(fixture, name), 'utf8').trim().split(/\r?\n/);
  const split = (l: string): string[] => l.match(/("[^"]*"|[^,]+)(?=,|$)/g)!.map((c) => c.replace(/^"|"$/g, ''));
  const head = split(lines[0]);
  return lines.slice(1).map((l) => Object.fromEntries(split(l).map((c, i) => [head[i], c])));
}

/** Total and count of the nvtx_sum rows whose Range matches. */
function nvtxFamily(re: RegExp): { total: number; count: number } {
  let total = 0;
  let count = 0;
  for (const r of csv('stats_nvtx_sum.csv')) {
    if (!re.test(r.Range)) continue;
    total += Number(r['Total Time (ns)']);
    count += Number(r.Instances);
  }
  return { total, count };
}

let tmp: string;
let tracePath: string;
let trace: LoopTrace;
let result: LoopResult;
const disk = (p: string): LoopFile | undefined => (fs.existsSync(p) ? { text: fs.readFileSync(p, 'utf8'), modifiedMs: takenAtMs - 60_000 } : undefined);
const at = (d: { file: string; range: { start: { line: number } } }): string => `${path.relative(examples, d.file)}:${d.range.start.line + 1}`;

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-ds-capture-'));
  tracePath = path.join(tmp, 'deepstream-like.sqlite');
  fs.writeFileSync(tracePath, zlib.gunzipSync(fs.readFileSync(path.join(fixture, 'deepstream-like.sqlite.gz'))));
  const model = await loadTrace(tracePath);
  trace = loopTrace(tracePath, takenAtMs, model, diagnose(model));
  const index = new NvtxIndex();
  indexWorkspace(index, examples);
  result = closeTheLoop(trace, index, disk);
});
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

test('real capture: the engine reads the DeepStream ranges (figures equal to nsys stats)', () => {
  const d = trace.diagnosis;
  assert.deepEqual([...new Set(d.deepstream.map((r) => `${r.element}/${r.gieUniqueId ?? '-'}/${r.kind}`))].sort(), ['nvinfer/1/inference', 'nvinfer/2/inference', 'nvosd0/-/osd']);
  for (const [re, domain, name] of [
    [/^GstNvInfer: UID=1:buffer_process batch_num=\d+$/, 'GstNvInfer: UID=1', /^buffer_process batch_num=\d+$/],
    [/^:nvosd0_\(Frame=\d+\)$/, '', /^nvosd0_\(Frame=\d+\)$/],
  ] as const) {
    const oracle = nvtxFamily(re);
    const ours = trace.ranges.filter((r) => r.domain === domain && name.test(r.name));
    assert.equal(ours.reduce((a, r) => a + r.count, 0), oracle.count);
    assert.equal(ours.reduce((a, r) => a + r.totalNs, 0), oracle.total, `${re}: total equals nsys nvtx_sum`);
  }
  assert.equal(nvtxFamily(/^:nvosd0_/).count, 110);
  const ids = d.findings.map((f) => f.id);
  for (const id of ['deepstream/nvinfer-time', 'deepstream/osd-slower-than-inference', 'deepstream/copies-over-15pct', 'gpu_time_util']) assert.ok(ids.includes(id), `${id} in ${ids.join(', ')}`);
  // gpu_time_util flags the same span as `nsys analyze -r gpu_time_util`.
  const nsysUtil = csv('stats_gpu_time_util.csv');
  const util = d.findings.find((f) => f.id === 'gpu_time_util')!;
  assert.equal(util.events.length, nsysUtil.length);
  assert.equal(util.events[0].durationNs, Number(nsysUtil[0]['Duration (ns)']));
  assert.equal(d.verdict.pattern, 'memcpy-bound');
});

test('real capture: each DeepStream finding sits on the config line or element that causes it', () => {
  const got = result.diagnostics.map((x) => `${at(x)} ${x.code} ${x.severity}`).sort();
  assert.deepEqual(got, [
    'app.py:27 deepstream/nvinfer-time info',
    'config_infer_primary.txt:16 deepstream/nvinfer-time warning',
    'deepstream_app_config.txt:14 deepstream/osd-slower-than-inference info',
    'deepstream_app_config.txt:56 gpu_time_util warning',
    'deepstream_app_config.txt:71 deepstream/nvinfer-time info',
    'deepstream_app_config.txt:96 deepstream/osd-slower-than-inference warning',
    'run_pipeline.sh:14 deepstream/copies-over-15pct warning',
    'run_pipeline.sh:17 deepstream/nvinfer-time info',
    'run_pipeline.sh:25 deepstream/nvinfer-time info',
    'run_pipeline.sh:26 deepstream/copies-over-15pct warning',
    'run_pipeline.sh:33 deepstream/nvinfer-time info',
  ]);
  const text = (file: string, d: { range: { start: { line: number; character: number }; end: { line: number; character: number } } }): string =>
    fs.readFileSync(file, 'utf8').split(/\r?\n/)[d.range.start.line].slice(d.range.start.character, d.range.end.line === d.range.start.line ? d.range.end.character : undefined);
  const byCode = (code: string, file: string): LoopResult['diagnostics'][number] => result.diagnostics.find((x) => x.code === code && x.file === file && x.severity === 'warning')!;

  // nvinfer UID 1 dominates the frame → the primary's nvinfer config, on network-mode=0 (FP32).
  const gie = byCode('deepstream/nvinfer-time', pgie);
  assert.equal(text(pgie, gie), '0');
  const bp = nvtxFamily(/^GstNvInfer: UID=1:buffer_process /);
  assert.ok(gie.message.includes(`dominates the frame: ${fmtMs(bp.total / bp.count)} per batch over ${bp.count} batches`), gie.message);
  assert.match(gie.message, /network-mode=2/, 'names the fix');
  assert.match(gie.message, /measured in deepstream-like\.sqlite \(profile of 2026-11-22 07:41 UTC\)/, 'names the trace');
  assert.ok(gie.evidence && gie.evidence.t1 > gie.evidence.t0 && gie.evidence.label === 'GstNvInfer: UID=1');
  assert.ok(!result.diagnostics.some((x) => x.file.endsWith('config_infer_secondary_vehicletype.txt')), 'UID 2 (1 % of the frame) is not blamed');

  // OSD slower than inference → [osd] process-mode=0, and the tiler's width.
  const osd = byCode('deepstream/osd-slower-than-inference', app);
  assert.equal(fs.readFileSync(app, 'utf8').split(/\r?\n/)[osd.range.start.line], 'process-mode=0');
  const frames = nvtxFamily(/^:nvosd0_\(Frame=/);
  assert.ok(osd.message.includes(`draws longer than inference: ${fmtMs(frames.total / frames.count)} per frame over ${frames.count} frames`), osd.message);
  assert.match(osd.message, /process-mode=1/);
  const tiler = result.diagnostics.find((x) => x.code === 'deepstream/osd-slower-than-inference' && x.severity === 'info')!;
  assert.equal(fs.readFileSync(app, 'utf8').split(/\r?\n/)[tiler.range.start.line], 'width=1920');

  // Copies over 15 % → the CPU videoconvert elements of the launch lines (not the NVMM caps).
  const copies = result.diagnostics.filter((x) => x.code === 'deepstream/copies-over-15pct');
  assert.deepEqual(copies.map((c) => text(launch, c)), ['videoconvert', 'videoconvert']);
  const share = Number(/GPU memory copies take ([\d.]+)% of the steady state/.exec(copies[0].message)?.[1]);
  assert.ok(share > 15 && share < 40, copies[0].message);
  const mem = csv('stats_cuda_gpu_mem_time_sum.csv');
  const copyNs = mem.reduce((a, r) => a + Number(r['Total Time (ns)']), 0);
  const steady = trace.diagnosis.steadyState.endNs - trace.diagnosis.steadyState.startNs;
  assert.ok(copyNs / steady > 0.15, 'nsys counts more than 15 % of the steady state in copies too');

  // GPU idle between small batches → [streammux] batch-size=1 with 4 sources.
  const batch = byCode('gpu_time_util', app);
  assert.equal(text(app, batch), '1');
  assert.equal(fs.readFileSync(app, 'utf8').split(/\r?\n/)[batch.range.start.line], 'batch-size=1');
  assert.match(batch.message, /GPU in use 33\.9 % of the time in the worst window.*\[streammux\] batch-size=1 with 4 sources\. Batch all sources together \(batch-size=4\)/);

  // Nothing of the program's own ranges is guessed onto a file; UID 2 is left for the lens.
  assert.ok(result.unplaced.some((u) => u.finding.id === 'deepstream/nvinfer-time' && /nvinfer UID 2 takes [\d.]+ % of the steady state: not dominant/.test(u.reason)));
  for (const u of result.unplaced) assert.ok(!/videoconvert|osd-slower|gpu_time_util/.test(u.finding.id), `${u.finding.id} unplaced: ${u.reason}`);
});

test('real capture: CodeLens above each GIE and the OSD with the measured time', () => {
  const lens = (file: string, line: number): string | undefined => result.lenses.find((l) => l.file === file && l.range.start.line === line - 1)?.title;
  const bp1 = nvtxFamily(/^GstNvInfer: UID=1:buffer_process /);
  const bp2 = nvtxFamily(/^GstNvInfer: UID=2:buffer_process /);
  assert.ok(lens(pgie, 20)?.startsWith(`nvinfer UID 1: ${fmtMs(bp1.total / bp1.count)} per batch × 110`), lens(pgie, 20));
  assert.ok(lens(path.join(examples, 'config_infer_secondary_vehicletype.txt'), 20)?.startsWith(`nvinfer UID 2: ${fmtMs(bp2.total / bp2.count)} per batch × 110`));
  assert.ok(lens(app, 63)?.startsWith('nvinfer UID 1: '));
  const frames = nvtxFamily(/^:nvosd0_\(Frame=/);
  assert.ok(lens(app, 92)?.startsWith(`nvosd0: ${fmtMs(frames.total / frames.count)} per frame × 110`), lens(app, 92));
  for (const l of result.lenses) assert.equal(l.arguments[0], tracePath);
});

test('real capture: the static lint warnings it measures are confirmed with the figure', () => {
  const weigh = (file: string): Map<string, string> => {
    const lint = lintText(file, fs.readFileSync(file, 'utf8'), { target: 'dgpu', dsVersion: '9.1' }, diskFiles).diagnostics;
    const w = weighLint(file, lint, trace, result);
    return new Map(w.map((x) => [`${x.diagnostic.range.start.line + 1} ${x.diagnostic.code}`, `${x.verdict}: ${x.note ?? ''}`]));
  };
  const a = weigh(app);
  const confirmed = (m: Map<string, string>, key: string, what: RegExp): void => {
    const v = m.get(key);
    assert.ok(v, `${key} is linted (${[...m.keys()].join(', ')})`);
    assert.match(v!, /^confirmed: Confirmed by the profile of 2026-11-22 07:41 UTC: /, key);
    assert.match(v!, what, key);
  };
  confirmed(a, '96 config/osd-cpu-mode', /\d+ % of the steady state in the OSD/);
  confirmed(a, '56 config/mux-batch-vs-sources', /of the steady state in GPU idle time/);
  confirmed(a, '11 config/tiler-in-perf', /in drawing the tiles/);
  assert.match(a.get('110 config/sink-sync-in-perf')!, /^unchanged/, 'the profile says nothing about sink sync');
  const p = weigh(pgie);
  confirmed(p, '16 config/fp32-precision', /\d+ % of the steady state in inference/);
  assert.match(p.get('10 config/engine-name-mismatch')!, /^unchanged/, 'no engine build in this capture, but start-up is not negligible either');
  const l = weigh(launch);
  confirmed(l, '26 pipeline/cpu-convert-in-nvmm-pipeline', /of the steady state in memory copies/);
});

test('real capture: the markdown report lists the lines to change', () => {
  const md = renderLoopReport(trace, result, { root: examples });
  assert.match(md, /### Verdict: memcpy-bound/);
  for (const line of ['config_infer_primary.txt:16', 'deepstream_app_config.txt:96', 'deepstream_app_config.txt:56', 'run_pipeline.sh:14', 'run_pipeline.sh:26']) assert.ok(md.includes(`\`${line}\``), line);
});
