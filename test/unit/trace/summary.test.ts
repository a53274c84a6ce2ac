// `nsys stats` equivalents on every small capture: every row of nvtx_sum, cuda_gpu_kern_sum,
// cuda_api_sum, cuda_gpu_mem_time_sum and osrt_sum equal to Nsight's CSVs (api_big: apiBig.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadTrace } from '../../../server/trace/load';
import { summarize } from '../../../server/trace/summary';
import { assertSummaryMatchesNsight } from './summaryOracle';
import { CAPTURES, capturePath } from './traceFiles';

for (const name of CAPTURES) {
  test(`summary of ${name} equals nsys stats`, async () => {
    const model = await loadTrace(await capturePath(name));
    const s = summarize(model);
    const rows = assertSummaryMatchesNsight(name, s);
    assert.ok(rows > 10, `${name}: only ${rows} rows compared`);
    assert.equal(s.nsysVersion, '2025.3.2.0');
  });
}

test('NVTX ranges of the C++ capture: named domain, registered string, start/end style, payloads and colours', async () => {
  const model = await loadTrace(await capturePath('cpp'));
  const s = summarize(model);
  const reg = s.nvtx.find((r) => r.range === 'pipeline:infer_registered');
  assert.ok(reg, 'registered string in the pipeline domain');
  assert.equal(reg.style, 'PushPop');
  const nms = s.nvtx.find((r) => r.range === ':nms_cpu');
  assert.equal(nms?.style, 'StartEnd');
  // Ranges with a colour and an int64 payload exist and keep them.
  let coloured = 0;
  let payloads = 0;
  for (let i = 0; i < model.nvtx.count; i++) {
    if (model.nvtx.color[i] !== 0) coloured++;
    if (model.nvtx.payloadKind[i] !== 0) payloads++;
  }
  assert.equal(coloured, 40);
  assert.equal(payloads, 40);
  assert.equal(model.marks.count, 40, 'frame_done marks');
  // Nesting rebuilt per thread: upload/infer/download under frame.
  const frameName = model.strings.strings.indexOf('frame');
  for (let i = 0; i < model.nvtx.count; i++) {
    const name = model.strings.strings[model.nvtx.nameId[i]];
    if (name === 'upload' || name === 'download') {
      assert.equal(model.nvtx.depth[i], 1);
      assert.equal(model.nvtx.nameId[model.nvtx.parent[i]], frameName);
    }
  }
  // Thread names and globalTid unpacking.
  const main = model.threads.find((t) => t.tid === 587);
  assert.equal(main?.pid, 587);
  assert.equal(main?.name, 'cpp_pipeline');
  assert.equal(model.gpus[0].name, 'NVIDIA H100 80GB HBM3');
});
