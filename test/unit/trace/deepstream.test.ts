// DeepStream plugin ranges in a crafted capture: nvinfer's `GstNvInfer: UID=N` domain mapped to
// gie-unique-id N, nvdsosd's per-frame ranges mapped to the element, OSD slower than inference,
// a synchronization after every launch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadTrace } from '../../../server/trace/load';
import { diagnose } from '../../../server/trace/diagnose';
import { summarize } from '../../../server/trace/summary';
import { buildDb, deepstreamLike } from './fixtureDb';

test('DeepStream ranges: nvinfer UID=1, nvdsosd0 frames, OSD slower than inference, sync after every launch', async () => {
  const m = await loadTrace(await buildDb(deepstreamLike()), { sourceName: 'ds.sqlite' });
  const s = summarize(m);
  const inf = s.nvtx.find((r) => r.range === 'GstNvInfer: UID=1:buffer_process batch_num=3');
  assert.equal(inf?.count, 1);
  const d = diagnose(m);
  const nvinfer = d.deepstream.filter((r) => r.element === 'nvinfer');
  assert.equal(nvinfer.length, 25);
  assert.ok(nvinfer.every((r) => r.gieUniqueId === 1 && r.kind === 'inference'));
  assert.deepEqual(nvinfer.map((r) => r.batch).sort((a, b) => (a ?? 0) - (b ?? 0)).slice(0, 3), [0, 1, 2]);
  const osd = d.deepstream.filter((r) => r.element === 'nvdsosd0');
  assert.equal(osd.length, 25);
  const slow = d.findings.find((f) => f.id === 'deepstream/osd-slower-than-inference');
  assert.ok(slow, d.findings.map((f) => f.id).join(', '));
  assert.equal(slow.element, 'nvdsosd0');
  assert.equal(slow.configKey, 'process-mode');
  assert.match(slow.message, /75\.0 ms, longer than inference \(25\.0 ms\)/);
  const time = d.findings.find((f) => f.id === 'deepstream/nvinfer-time');
  assert.equal(time?.gieUniqueId, 1);
  assert.equal(time?.configKey, 'gie-unique-id=1');
  const every = d.findings.find((f) => f.id === 'deepstream/sync-after-every-launch');
  assert.ok(every, d.findings.map((f) => f.id).join(', '));
  assert.equal(every.thread?.tid, 300);
  assert.match(every.message, /100\.0% of its 25 kernel launches/);
  const apiSync = d.findings.find((f) => f.id === 'cuda_api_sync');
  assert.equal(apiSync?.events.length, 25);
  assert.deepEqual(apiSync?.events[0].nvtxRanges?.[0]?.startsWith('GstNvInfer: UID=1:buffer_process'), true);
});
