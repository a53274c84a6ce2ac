// NVTX marks (instant events) on the NVTX rows: every mark of the cpp capture where SQLite has it
// (NVTX_EVENTS eventType 34), merged per pixel at coarse zooms without losing any, through the
// `marks` request of the trace service.
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { TraceService, type OpenResult } from '../../../server/lsp/traceHandlers';
import type { MarksMessage } from '../../../server/lsp/traceViewData';
import { sharedTrace } from '../../webview/viewerHarness';

describe('NVTX marks on the timeline', () => {
  const svc = new TraceService({ folders: [] });
  let o: OpenResult;
  let truth: { time: number; name: string; tid: number }[];
  before(async () => {
    const file = sharedTrace('cpp');
    o = (await svc.request('open', { path: file })) as OpenResult;
    const out = execFileSync('sqlite3', ['-separator', '\t', file, 'SELECT start, text, globalTid % 16777216 FROM NVTX_EVENTS WHERE eventType = 34 ORDER BY start']).toString().trim();
    truth = out.split('\n').map((l) => {
      const [t, name, tid] = l.split('\t');
      return { time: Number(t), name, tid: Number(tid) };
    });
  });
  after(async () => {
    await svc.request('close', { traceId: o.traceId });
  });
  const marks = (t0: number, t1: number, widthPx: number, rowIds?: string[]): Promise<MarksMessage> => svc.request('marks', { traceId: o.traceId, t0, t1, widthPx, rowIds }) as Promise<MarksMessage>;

  it('at full resolution: every mark, at its time, with its name, on its thread\'s NVTX row', async () => {
    assert.equal(truth.length, 40);
    const m = await marks(o.startNs, o.endNs, 20000);
    const all = m.rows.flatMap((r) => r.time.map((time, k) => ({ time, name: r.name[k], count: r.count[k], rowId: r.rowId })));
    assert.equal(all.reduce((a, x) => a + x.count, 0), 40);
    for (const r of m.rows) assert.match(r.rowId, /^p\d+\/t\d+\/nvtx$/);
    const rowTid = (rowId: string): number => Number(/\/t(\d+)\//.exec(rowId)![1]);
    for (const x of all.filter((a) => a.count === 1)) {
      const t = truth.find((y) => y.time === x.time);
      assert.ok(t, `mark at ${x.time} is in SQLite`);
      assert.equal(x.name, t.name);
      assert.equal(rowTid(x.rowId), t.tid);
    }
  });

  it('coarse zooms merge marks per pixel and keep the count; windows and rows filter', async () => {
    const coarse = await marks(o.startNs, o.endNs, 20);
    const n = coarse.rows.reduce((a, r) => a + r.count.reduce((x, y) => x + y, 0), 0);
    assert.equal(n, 40);
    assert.ok(coarse.rows.reduce((a, r) => a + r.time.length, 0) <= 20 * coarse.rows.length);
    // A window around the 10th..12th marks holds exactly those.
    const w = { t0: truth[9].time - 1, t1: truth[11].time + 1 };
    const part = await marks(w.t0, w.t1, 100000);
    assert.deepEqual(part.rows.flatMap((r) => r.time), [truth[9].time, truth[10].time, truth[11].time]);
    // Only the rows asked for.
    assert.deepEqual((await marks(o.startNs, o.endNs, 1000, ['p1/t1/nvtx'])).rows, []);
  });
});
