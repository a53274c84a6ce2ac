// Level-of-detail queries: rows like Nsight, bounded answers at any zoom, exact single events when
// zoomed in, details and NVTX range instances for tooltips.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadTrace } from '../../../server/trace/load';
import { listRows, queryView, eventDetails, nvtxRangeAt, nvtxRangeInstance, rowsMessage } from '../../../server/trace/lod';
import type { ViewMessage } from '../../../server/trace/protocol';
import { capturePath } from './traceFiles';

/** Checks the invariants of a view answer against the model's rows. */
function checkView(v: ViewMessage, eventCounts: Map<string, number>): void {
  for (const s of v.slices) {
    const n = s.start.length;
    for (const col of [s.end, s.depth, s.label, s.colour, s.count, s.index]) assert.equal(col.length, n, `${s.rowId}: parallel arrays`);
    for (let i = 0; i < n; i++) {
      assert.ok(s.end[i] >= s.start[i]);
      assert.ok(s.end[i] > v.t0 && s.start[i] < v.t1, `${s.rowId} item ${i} outside the view`);
      assert.ok(s.label[i] >= 0 && s.label[i] < v.strings.length);
      assert.ok(s.count[i] >= 1);
    }
    const merged = s.count.reduce((a, b) => a + b, 0);
    assert.ok(merged <= (eventCounts.get(s.rowId) ?? 0));
  }
}

test('stages: rows per process/thread and GPU/stream; full view bounded and complete', async () => {
  const m = await loadTrace(await capturePath('stages'));
  const rows = listRows(m);
  const ids = new Set(rows.map((r) => r.id));
  for (const tid of [1103, 1104, 1105]) assert.ok(ids.has(`p1066/t${tid}/nvtx`), `NVTX row of ${tid}`);
  assert.ok(ids.has('p1066/t1104/cuda-api'));
  const kernels = rows.filter((r) => r.kind === 'kernels');
  assert.ok(kernels.length >= 1);
  for (const r of rows) if (r.parent) assert.ok(ids.has(r.parent), `parent of ${r.id}`);
  const counts = new Map(rows.map((r) => [r.id, r.eventCount]));
  const total = rows.filter((r) => r.kind === 'kernels').reduce((a, r) => a + r.eventCount, 0);
  assert.equal(total, 881);
  assert.equal(rowsMessage(m).rows.length, rows.length);

  const width = 1000;
  const v = queryView(m, { t0: m.startNs, t1: m.endNs, widthPx: width });
  checkView(v, counts);
  for (const s of v.slices) {
    // At most about one item per pixel per depth, plus events wider than a pixel.
    const depths = new Set(s.depth).size || 1;
    assert.ok(s.start.length <= 2 * width * depths, `${s.rowId}: ${s.start.length} items`);
    // Every event of the row is accounted for in a full view.
    assert.equal(s.count.reduce((a, b) => a + b, 0), counts.get(s.rowId), `${s.rowId}: merged counts`);
  }
});

test('zoomed in: single events with exact times and names; details link kernel and launch', async () => {
  const m = await loadTrace(await capturePath('cpp'));
  const rows = listRows(m);
  const kRow = rows.find((r) => r.kind === 'kernels');
  assert.ok(kRow);
  const k = 500;
  const t0 = m.kernels.start[k] - 1000;
  const t1 = m.kernels.end[k] + 1000;
  const v = queryView(m, { t0, t1, widthPx: 800, rowIds: [kRow.id] });
  assert.equal(v.slices.length, 1);
  const s = v.slices[0];
  const at = s.index.indexOf(k);
  assert.ok(at >= 0, 'the kernel is in the view');
  assert.equal(s.count[at], 1);
  assert.equal(s.start[at], m.kernels.start[k]);
  assert.equal(s.end[at], m.kernels.end[k]);
  assert.equal(v.strings[s.label[at]], 'scale(float *, int, float)');
  const d = eventDetails(m, kRow.id, k);
  assert.ok(d?.linked?.length === 1);
  assert.equal(d.linked[0].name, 'cudaLaunchKernel_v7000');
  assert.equal(d.correlationId, m.kernels.correlationId[k]);
  assert.ok(d.enclosingRanges?.includes(':frame'));
  assert.ok(d.enclosingRanges?.includes('pipeline:infer_registered'), d.enclosingRanges?.join(' '));
  // Back from the launch to the kernel.
  const api = eventDetails(m, d.linked[0].rowId, d.linked[0].index);
  assert.equal(api?.linked?.[0].index, k);
  // An NVTX range instance by row + index, with its domain, thread and time.
  const nvtxRow = rows.find((r) => r.kind === 'nvtx' && r.id.startsWith('p587/t587'));
  assert.ok(nvtxRow);
  const vr = queryView(m, { t0: m.startNs, t1: m.endNs, widthPx: 4000, rowIds: [nvtxRow.id] });
  const reg = vr.slices[0].label.findIndex((l, i) => vr.strings[l] === 'infer_registered' && vr.slices[0].count[i] === 1);
  assert.ok(reg >= 0);
  const inst = nvtxRangeInstance(m, vr.slices[0].index[reg]);
  assert.equal(inst?.name, 'pipeline:infer_registered');
  assert.equal(inst?.domain, 'pipeline');
  assert.equal(inst?.tid, 587);
  assert.equal(inst?.depth, 1);
  assert.deepEqual(nvtxRangeAt(m, nvtxRow.id, vr.slices[0].index[reg]), inst);
  assert.equal(nvtxRangeAt(m, kRow.id, vr.slices[0].index[reg]), undefined, 'not an NVTX row');
  const nd = eventDetails(m, nvtxRow.id, vr.slices[0].index[reg]);
  assert.equal(nd?.domain, 'pipeline');
  assert.ok(nd?.payload !== undefined, 'int64 payload');
  assert.equal(eventDetails(m, nvtxRow.id, -1), undefined);
  assert.equal(eventDetails(m, 'no/such/row', 0), undefined);
});
