// Diagnosis on the real captures: Nsight's expert rules flag the same events as `nsys analyze`,
// the verdicts the traces README expects, the threaded pipeline's stages, DeepStream ranges.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadTrace } from '../../../server/trace/load';
import { diagnose } from '../../../server/trace/diagnose';
import { parseDeepStreamRange } from '../../../server/trace/deepstreamRanges';
import { compareTraces } from '../../../server/trace/compare';
import type { TraceModel } from '../../../server/trace/model';
import { assertExpertRulesMatchNsight } from './expertOracle';
import { CAPTURES, capturePath } from './traceFiles';

const models = new Map<string, TraceModel>();
async function model(name: string): Promise<TraceModel> {
  let m = models.get(name);
  if (!m) models.set(name, (m = await loadTrace(await capturePath(name))));
  return m;
}

for (const name of CAPTURES) {
  test(`expert rules on ${name} flag the events nsys analyze flags`, async () => {
    assertExpertRulesMatchNsight(name, diagnose(await model(name)));
  });
}

const EXPECTED: Record<string, string> = {
  sync: 'sync-bound',
  cpu: 'cpu-compute-bound',
  api: 'cuda-api-bound',
  gpu_heavy: 'gpu-compute-bound',
  gpu_warmup: 'startup-dominated',
  stages: 'cpu-compute-bound',
  cpp: 'memcpy-bound',
};

for (const [name, pattern] of Object.entries(EXPECTED)) {
  test(`verdict on ${name} is ${pattern}, with evidence and windows`, async () => {
    const d = diagnose(await model(name));
    assert.equal(d.verdict.pattern, pattern, d.verdict.evidence.join('\n'));
    assert.ok(d.verdict.confidence > 0.5 && d.verdict.confidence <= 1, `confidence ${d.verdict.confidence}`);
    assert.ok(d.verdict.evidence.length >= 2);
    const steady = d.windows.filter((w) => !w.startup);
    assert.equal(steady.length, 10);
    for (const w of d.windows) {
      assert.ok(w.endNs > w.startNs);
      for (const x of [w.gpuUtilization, w.cpuActivity, w.apiTimeFraction, w.syncTimeFraction, w.copyTimeFraction]) assert.ok(x >= 0 && x <= 1.0001, `fraction ${x}`);
    }
    assert.ok(d.steadyState.startNs >= d.captureNs.startNs && d.steadyState.endNs <= d.captureNs.endNs);
  });
}

test('gpu_heavy: the ~0.75 s first-batch warm-up is start-up, the steady state after it is GPU bound', async () => {
  const d = diagnose(await model('gpu_heavy'));
  const warm = d.steadyState.startNs;
  const m = await model('gpu_heavy');
  const firstKernel = m.kernels.start[0];
  assert.ok(warm - firstKernel > 0.6e9 && warm - firstKernel < 0.9e9, `steady state starts ${(warm - firstKernel) / 1e6} ms after the first kernel`);
  const steady = d.windows.filter((w) => !w.startup);
  assert.ok(steady.every((w) => w.gpuUtilization > 0.9), steady.map((w) => w.gpuUtilization.toFixed(2)).join(' '));
});

test('sync: per-box host round trips found in postprocess_nms_loop, engine-build contamination flagged', async () => {
  const d = diagnose(await model('sync'));
  const rt = d.findings.find((f) => f.id === 'deepstream/per-box-host-round-trips');
  assert.ok(rt, d.findings.map((f) => f.id).join(', '));
  assert.equal(rt.nvtxRange, ':postprocess_nms_loop');
  assert.equal(rt.thread?.tid, 436);
  assert.match(rt.message, /40 tiny results/);
  assert.ok(d.findings.some((f) => f.id === 'deepstream/engine-build-contamination'));
});

test('cpp: copies over 15% of wall time and synchronization over 30% of CPU time', async () => {
  const d = diagnose(await model('cpp'));
  const ids = d.findings.map((f) => f.id);
  assert.ok(ids.includes('deepstream/copies-over-15pct'), ids.join(', '));
  assert.ok(ids.includes('deepstream/sync-over-30pct'), ids.join(', '));
  const sync = d.findings.find((f) => f.id === 'cuda_memcpy_sync');
  assert.ok(sync?.events.every((e) => e.apiName === 'cudaMemcpy_v3020'));
  assert.deepEqual(sync?.events[0].nvtxRanges, [':frame', ':upload']);
});

test('stages: the preprocess+infer thread is the bottleneck, the decoder waits in enqueue_decoded', async () => {
  const d = diagnose(await model('stages'));
  assert.equal(d.stages.length, 3);
  const byTid = new Map(d.stages.map((s) => [s.thread.tid, s]));
  const dec = byTid.get(1103);
  const inf = byTid.get(1104);
  const post = byTid.get(1105);
  assert.ok(dec && inf && post);
  assert.equal(inf.bottleneck, true);
  assert.equal(dec.bottleneck, false);
  assert.equal(post.bottleneck, false);
  assert.deepEqual(inf.ranges.sort(), [':infer', ':preprocess_cpu']);
  assert.equal(inf.items, 80);
  assert.ok(inf.serviceNsPerItem > 5 * dec.serviceNsPerItem);
  assert.match(inf.suggestion ?? '', /replicas/);
  const wait = dec.waits.find((w) => w.range === ':enqueue_decoded');
  assert.ok(wait && wait.fraction > 0.4, JSON.stringify(dec.waits));
  const full = d.findings.find((f) => f.id === 'deepstream/queue-full-upstream');
  assert.equal(full?.nvtxRange, ':enqueue_decoded');
  assert.equal(full?.thread?.tid, 1103);
  const bn = d.findings.find((f) => f.id === 'deepstream/pipeline-bottleneck-stage');
  assert.equal(bn?.thread?.tid, 1104);
});

test('stages: the bottleneck-stage and queue-full findings carry time ranges inside the trace (the viewer zooms to them)', async () => {
  const m = await model('stages');
  const d = diagnose(m);
  const inf = d.stages.find((s) => s.bottleneck);
  assert.ok(inf);
  for (const id of ['deepstream/pipeline-bottleneck-stage', 'deepstream/queue-full-upstream']) {
    const f = d.findings.find((x) => x.id === id);
    assert.ok(f, id);
    assert.ok(f.ranges.length > 0, `${id}: no ranges`);
    for (const r of f.ranges) {
      assert.ok(r.startNs < r.endNs, `${id}: empty range ${JSON.stringify(r)}`);
      assert.ok(r.startNs >= m.startNs && r.endNs <= m.endNs, `${id}: ${JSON.stringify(r)} outside the trace ${m.startNs}..${m.endNs}`);
      assert.ok(r.startNs >= d.steadyState.startNs && r.endNs <= d.steadyState.endNs, `${id}: outside the steady state`);
    }
  }
  // The bottleneck's ranges are its busy intervals: their total is its work time in the steady state,
  // at most the service time of all its items, and covering most of them (80 items, warm-up excluded).
  const bn = d.findings.find((x) => x.id === 'deepstream/pipeline-bottleneck-stage');
  const busy = (bn?.ranges ?? []).reduce((a, r) => a + r.endNs - r.startNs, 0);
  assert.ok(busy <= inf.serviceNsPerItem * inf.items + 1, `${busy} > ${inf.serviceNsPerItem * inf.items}`);
  assert.ok(busy >= 0.5 * inf.serviceNsPerItem * inf.items, `busy ${busy} of ${inf.serviceNsPerItem * inf.items}`);
  // The queue-full ranges are the decoder's waits in :enqueue_decoded.
  const full = d.findings.find((x) => x.id === 'deepstream/queue-full-upstream');
  const dec = d.stages.find((s) => s.thread.tid === full?.thread?.tid);
  const waitNs = dec?.waits.find((w) => w.range === ':enqueue_decoded')?.totalNs ?? 0;
  const waited = (full?.ranges ?? []).reduce((a, r) => a + r.endNs - r.startNs, 0);
  assert.ok(waited > 0 && waited <= waitNs + 1, `waited ${waited} of ${waitNs}`);
});

test('DeepStream plugin ranges: nvinfer UID domains, nvdsosd frames, batch numbers, unknown kept out', () => {
  const inf = parseDeepStreamRange('GstNvInfer: UID=2', 'buffer_process batch_num=17');
  assert.deepEqual(inf, { range: 'GstNvInfer: UID=2:buffer_process batch_num=17', element: 'nvinfer', gieUniqueId: 2, batch: 17, kind: 'inference' });
  const osd = parseDeepStreamRange('', 'nvdsosd0_(Frame=42)');
  assert.equal(osd?.element, 'nvdsosd0');
  assert.equal(osd?.batch, 42);
  assert.equal(osd?.kind, 'osd');
  const mux = parseDeepStreamRange('', 'nvstreammux_(Batch=3)');
  assert.equal(mux?.element, 'nvstreammux');
  assert.equal(mux?.batch, 3);
  const tiler = parseDeepStreamRange('', 'nvmultistreamtiler0_(Frame=1)');
  assert.equal(tiler?.kind, 'tiler');
  assert.equal(parseDeepStreamRange('', 'frame'), undefined);
  assert.equal(parseDeepStreamRange('pipeline', 'infer_registered'), undefined);
});

test('compare sync against tuned: per-box copies gone, sync verdict changed', async () => {
  const c = compareTraces(await model('sync'), await model('tuned'));
  assert.equal(c.verdict.a, 'sync-bound');
  assert.notEqual(c.verdict.b, 'sync-bound');
  assert.equal(c.verdict.changed, true);
  const d2h = c.memory.find((x) => x.name === '[CUDA memcpy Device-to-Host]');
  assert.equal(d2h?.a?.count, 2400);
  assert.equal(d2h?.b?.count, 20);
  assert.equal(d2h?.deltaCount, -2380);
  const post = c.ranges.find((x) => x.name === ':postprocess_nms_loop (PushPop)');
  assert.ok(post?.a && post.b === null);
  assert.ok(c.findingsGone.includes('deepstream/per-box-host-round-trips'));
  const apiSync = c.cudaApi.find((x) => x.name === 'cudaStreamSynchronize');
  assert.equal(apiSync?.a?.count, 2466);
  assert.equal(apiSync?.b?.count, 26);
});
