// Keyboard stepping on the server: the previous / next event of a row and the event nearest to a
// time, exact on the model (not the level-of-detail items), on the real cpp capture, through the
// `step` request of the trace service.
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { TraceService, type OpenResult } from '../../../server/lsp/traceHandlers';
import type { RowsMessage } from '../../../server/trace/protocol';
import type { SteppedEvent } from '../../../server/lsp/traceViewData';
import { sharedTrace } from '../../webview/viewerHarness';

describe('step through the events of a row', () => {
  const svc = new TraceService({ folders: [] });
  let o: OpenResult;
  let rows: RowsMessage;
  before(async () => {
    o = (await svc.request('open', { path: sharedTrace('cpp') })) as OpenResult;
    rows = (await svc.request('rows', { traceId: o.traceId })) as RowsMessage;
  });
  after(async () => {
    await svc.request('close', { traceId: o.traceId });
  });
  const step = (rowId: string, dir: number, at: number, fromIndex?: number): Promise<SteppedEvent | null> =>
    svc.request('step', { traceId: o.traceId, rowId, dir, at, fromIndex }) as Promise<SteppedEvent | null>;

  it('walks a whole NVTX row forwards and backwards in start order, visiting every event once', async () => {
    const row = rows.rows.find((r) => r.kind === 'nvtx' && r.eventCount > 1)!;
    const model = svc.model(o.traceId)!;
    const seen: SteppedEvent[] = [];
    let cur = await step(row.id, 1, o.startNs - 1);
    while (cur) {
      seen.push(cur);
      cur = await step(row.id, 1, cur.startNs, cur.index);
    }
    // eventCount counts the row's NVTX marks too (instants, not stepped through).
    assert.equal(seen.length, row.eventCount - (row.markCount ?? 0), 'every range of the row once');
    for (let i = 1; i < seen.length; i++) assert.ok(seen[i].startNs >= seen[i - 1].startNs, 'in start order');
    assert.equal(new Set(seen.map((s) => s.index)).size, seen.length);
    // Names, times and depths are the model's.
    for (const s of seen.slice(0, 20)) {
      assert.equal(s.name, model.strings.strings[model.nvtx.nameId[s.index]]);
      assert.equal(s.startNs, model.nvtx.start[s.index]);
      assert.equal(s.endNs, model.nvtx.end[s.index]);
      assert.equal(s.depth, model.nvtx.depth[s.index]);
    }
    // Backwards from the last returns the same sequence reversed.
    const back: SteppedEvent[] = [];
    let b: SteppedEvent | null = seen[seen.length - 1];
    while (b) {
      back.push(b);
      b = await step(row.id, -1, b.startNs, b.index);
    }
    assert.deepEqual(back.map((x) => x.index).reverse(), seen.map((x) => x.index));
  });

  it('nearest event to a time: the deepest one running then, else the closest', async () => {
    const row = rows.rows.find((r) => r.kind === 'nvtx' && r.depthCount > 1)!;
    const first = (await step(row.id, 1, o.startNs - 1))!;
    // Inside the first event: that event or one nested in it.
    const mid = (first.startNs + first.endNs) / 2;
    const near = (await step(row.id, 0, mid))!;
    assert.ok(near.startNs <= mid && near.endNs >= mid, 'runs at that time');
    assert.ok(near.depth >= first.depth);
    // Before the capture: the first event; after it: the last.
    assert.equal((await step(row.id, 0, o.startNs - 1e9))!.startNs, first.startNs);
    const last = (await step(row.id, 0, o.endNs + 1e9))!;
    assert.equal(await step(row.id, 1, last.startNs, last.index), null, 'nothing after the last');
  });

  it('GPU rows step too (kernels at depth 0); CUDA API names drop their _v suffix; bad input is refused', async () => {
    const k = rows.rows.find((r) => r.kind === 'kernels')!;
    const e = (await step(k.id, 1, o.startNs - 1))!;
    assert.equal(e.depth, 0);
    assert.ok(e.endNs > e.startNs);
    const api = rows.rows.find((r) => r.kind === 'cuda-api')!;
    let a = await step(api.id, 1, o.startNs - 1);
    for (let i = 0; a && i < 200; i++) {
      assert.doesNotMatch(a.name, /_v\d{4}$/);
      a = await step(api.id, 1, a.startNs, a.index);
    }
    assert.equal(await step('p1/t1/nvtx-nope', 1, 0), null);
    await assert.rejects(step(k.id, 2, 0), /dir/);
    await assert.rejects(svc.request('step', { traceId: o.traceId, rowId: k.id, dir: 1 }), /at/);
  });
});
