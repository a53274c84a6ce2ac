// NVTX marks (instant events) as the viewer gets them: the view answer's RowSlice.marks, unpacked by
// the timeline (`marksOf`), every mark of the cpp capture where SQLite has it (NVTX_EVENTS
// eventType 34), merged per pixel at coarse zooms without losing any; a mark's details through
// `details` with `item: 'nvtx-mark'`.
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { TraceService, type OpenResult } from '../../../server/lsp/traceHandlers';
import type { EventDetails, RowsMessage, ViewMessage } from '../../../server/trace/protocol';
import { marksOf } from '../../../webview/timeline';
import { sharedTrace } from '../../webview/viewerHarness';

describe('NVTX marks on the timeline', () => {
  const svc = new TraceService({ folders: [] });
  let o: OpenResult;
  let nvtxRows: string[];
  let truth: { time: number; name: string; tid: number }[];
  before(async () => {
    const file = sharedTrace('cpp');
    o = (await svc.request('open', { path: file })) as OpenResult;
    nvtxRows = ((await svc.request('rows', { traceId: o.traceId })) as RowsMessage).rows.filter((r) => r.kind === 'nvtx').map((r) => r.id);
    const out = execFileSync('sqlite3', ['-separator', '\t', file, 'SELECT start, text, globalTid % 16777216 FROM NVTX_EVENTS WHERE eventType = 34 ORDER BY start']).toString().trim();
    truth = out.split('\n').map((l) => {
      const [t, name, tid] = l.split('\t');
      return { time: Number(t), name, tid: Number(tid) };
    });
  });
  after(async () => {
    await svc.request('close', { traceId: o.traceId });
  });
  const view = async (t0: number, t1: number, widthPx: number): Promise<ReturnType<typeof marksOf>> =>
    marksOf((await svc.request('view', { traceId: o.traceId, t0, t1, widthPx, rowIds: nvtxRows })) as ViewMessage);

  it('at full resolution: every mark, at its time, with its name, on its thread\'s NVTX row; details say it is a mark', async () => {
    assert.equal(truth.length, 40);
    const m = await view(o.startNs, o.endNs, 20000);
    const all = [...m].flatMap(([rowId, r]) => r.time.map((time, k) => ({ time, name: r.name[k], count: r.count[k], index: r.index[k], rowId })));
    assert.equal(all.reduce((a, x) => a + x.count, 0), 40);
    for (const x of all) assert.match(x.rowId, /^p\d+\/t\d+\/nvtx$/);
    const rowTid = (rowId: string): number => Number(/\/t(\d+)\//.exec(rowId)![1]);
    for (const x of all.filter((a) => a.count === 1)) {
      const t = truth.find((y) => y.time === x.time);
      assert.ok(t, `mark at ${x.time} is in SQLite`);
      assert.equal(x.name, t.name);
      assert.equal(rowTid(x.rowId), t.tid);
    }
    const d = (await svc.request('details', { traceId: o.traceId, rowId: all[3].rowId, index: all[3].index, item: 'nvtx-mark' })) as EventDetails;
    assert.equal(d.item, 'nvtx-mark');
    assert.equal(d.name, all[3].name);
    assert.equal(d.startNs, all[3].time);
    assert.equal(d.durationNs, 0);
  });

  it('coarse zooms merge marks per pixel and keep the count; a window holds just its marks', async () => {
    const coarse = await view(o.startNs, o.endNs, 20);
    assert.equal([...coarse.values()].reduce((a, r) => a + r.count.reduce((x, y) => x + y, 0), 0), 40);
    assert.ok([...coarse.values()].every((r) => r.time.length <= 21));
    const part = await view(truth[9].time - 1, truth[11].time + 1, 100000);
    assert.deepEqual([...part.values()].flatMap((r) => r.time), [truth[9].time, truth[10].time, truth[11].time]);
  });
});
