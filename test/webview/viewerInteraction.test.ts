// The trace viewer webview in headless Chromium (the page VS Code shows, fed by the trace engine
// through the test host): minimap and zoom to selection, keyboard stepping through a row's events with screen-reader
// announcements, compare aligned at an NVTX range with synchronized zoom, and the view coming back
// after the webview reloads (single trace and compare panel: window, selection, collapsed rows,
// side tab, keyboard selection, alignment).
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ViewerHarness, repoRoot, sharedTrace } from './viewerHarness';
import type { OpenResult } from '../../server/lsp/traceHandlers';
import type { SteppedEvent } from '../../server/lsp/traceViewData';
import type { RowsMessage, ViewMessage } from '../../server/trace/protocol';
import { marksOf } from '../../webview/timeline';

const artifacts = path.join(repoRoot, 'test-artifacts');

interface FocusProbe {
  focus: SteppedEvent | undefined;
  live: string;
  window: { t0: number; t1: number };
}

describe('trace viewer keyboard, compare alignment and restore in Chromium', () => {
  let h: ViewerHarness;
  let cpp: OpenResult;
  let rows: RowsMessage;

  const probe = (i = 0): Promise<FocusProbe> =>
    h.page.evaluate((k) => {
      const t = window.sightlineViewer!.timelines[k];
      return { focus: t.focus ? { ...t.focus } : undefined, live: t.live.textContent ?? '', window: { ...t.window } };
    }, i);

  /** Presses a key on the focused timeline and waits for the keyboard selection to change. */
  const press = async (key: string, i = 0): Promise<FocusProbe> => {
    const before = await probe(i);
    await h.page.keyboard.press(key);
    await h.page.waitForFunction(
      ([k, idx, row]) => {
        const f = window.sightlineViewer!.timelines[k].focus;
        return f !== undefined && (f.index !== idx || f.rowId !== row);
      },
      [i, before.focus?.index ?? -1, before.focus?.rowId ?? ''] as const,
    );
    // The announcement is set on the next animation frame.
    await h.page.waitForFunction((k) => (window.sightlineViewer!.timelines[k].live.textContent ?? '') !== '', i);
    return probe(i);
  };

  before(async () => {
    fs.mkdirSync(artifacts, { recursive: true });
    h = await ViewerHarness.start();
    cpp = await h.openTrace(sharedTrace('cpp'));
    rows = (await h.service.request('rows', { traceId: cpp.traceId })) as RowsMessage;
  });

  after(async () => {
    await h?.close();
  });

  it('arrow keys step through the events of a row and between rows, announcing each; Enter zooms and opens an NVTX range’s code', async () => {
    await h.page.evaluate(() => sessionStorage.clear());
    await h.load();
    await h.show(cpp);
    await h.page.locator('.tl-tracks').first().focus();
    // The first event row in display order is the process's first thread's NVTX row.
    const firstRow = rows.rows.find((r) => r.eventCount > 0)!;
    assert.equal(firstRow.kind, 'nvtx');
    const p1 = await press('ArrowRight');
    assert.equal(p1.focus?.rowId, firstRow.id);
    // It is the event the server reports nearest to the centre of the view.
    const centre = (p1.window.t0 + p1.window.t1) / 2;
    const expected = (await h.service.request('step', { traceId: cpp.traceId, rowId: firstRow.id, dir: 0, at: centre })) as SteppedEvent;
    assert.equal(p1.focus?.index, expected.index);
    // Announced: name, duration, row and thread.
    assert.match(p1.live, new RegExp(`^${expected.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, [\\d.]+ (ns|µs|ms|s), NVTX of .+\\[\\d+\\], at `));
    assert.equal(await h.page.locator('.tl-live').first().getAttribute('aria-live'), 'polite');
    // Right again: the next event of the row in start order (the server's answer).
    const p2 = await press('ArrowRight');
    const next = (await h.service.request('step', { traceId: cpp.traceId, rowId: firstRow.id, dir: 1, at: p1.focus!.startNs, fromIndex: p1.focus!.index })) as SteppedEvent;
    assert.equal(p2.focus?.index, next.index);
    assert.ok(p2.focus!.startNs >= p1.focus!.startNs);
    const p3 = await press('ArrowLeft');
    assert.equal(p3.focus?.index, p1.focus?.index, 'Left comes back');
    // Down: the next event row that has an event near that time (the CUDA API row of the thread).
    const p4 = await press('ArrowDown');
    assert.notEqual(p4.focus?.rowId, firstRow.id);
    assert.match(p4.live, /(CUDA API|OS runtime libraries|Kernels|Memory copies|NVTX) of /);
    // End and Home: the last and first event of the row.
    const last = (await h.service.request('step', { traceId: cpp.traceId, rowId: p4.focus!.rowId, dir: -1, at: cpp.endNs + 1 })) as SteppedEvent;
    assert.equal((await press('End')).focus?.index, last.index);
    const first = (await h.service.request('step', { traceId: cpp.traceId, rowId: p4.focus!.rowId, dir: 1, at: cpp.startNs - 1 })) as SteppedEvent;
    assert.equal((await press('Home')).focus?.index, first.index);
    const p5 = await press('ArrowUp');
    assert.equal(p5.focus?.rowId, firstRow.id);
    // The focused event is drawn outlined and is inside the view.
    assert.ok(p5.focus!.endNs > p5.window.t0 && p5.focus!.startNs < p5.window.t1);
    await h.page.screenshot({ path: path.join(artifacts, 'viewer-keyboard-focus.png') });
    // Enter on an NVTX range: the view zooms to it and the host is asked to open its code.
    const sent = h.fromWebview.length;
    await h.page.keyboard.press('Enter');
    await h.page.waitForFunction(() => {
      const t = window.sightlineViewer!.timelines[0];
      return t.window.t1 - t.window.t0 < (t.focus!.endNs - t.focus!.startNs) * 1.3 + 200;
    });
    const w = (await probe()).window;
    assert.ok(w.t0 <= p5.focus!.startNs && w.t1 >= p5.focus!.endNs, 'the event is in view');
    await h.page.waitForFunction(() => true);
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline && !h.fromWebview.slice(sent).some((m) => m.type === 'openSource')) await new Promise((r) => setTimeout(r, 50));
    const open = h.fromWebview.slice(sent).find((m) => m.type === 'openSource');
    assert.ok(open && open.type === 'openSource' && open.name === p5.focus!.name, 'asked to open the code of the range');
  });

  it('NVTX marks are drawn on their thread\'s NVTX row; hovering one shows its name and time', async () => {
    const nvtxRows = rows.rows.filter((r) => r.kind === 'nvtx').map((r) => r.id);
    const all = marksOf((await h.service.request('view', { traceId: cpp.traceId, t0: cpp.startNs, t1: cpp.endNs, widthPx: 20000, rowIds: nvtxRows })) as ViewMessage);
    const [rowId, marks] = [...all][0];
    const row = { rowId, time: marks.time, name: marks.name };
    const t = row.time[5];
    await h.page.evaluate((w) => window.sightlineViewer!.timelines[0].reveal(w.t0, w.t1, w.rowId), { t0: t - 2e6, t1: t + 2e6, rowId: row.rowId });
    await h.settled();
    const held = await h.page.evaluate((id) => window.sightlineViewer!.timelines[0].heldMarks(id), row.rowId);
    assert.ok(held.some((m) => m.time === t && m.name === row.name[5]), JSON.stringify(held.slice(0, 3)));
    const pos = await h.page.evaluate(
      ([id, time]) => {
        const tl = window.sightlineViewer!.timelines[0];
        const r = tl.visibleRows.find((x) => x.id === id)!;
        const box = document.querySelector('.tl-tracks')!.getBoundingClientRect();
        return { x: box.left + ((time - tl.window.t0) / (tl.window.t1 - tl.window.t0)) * box.width, y: box.top + r.y - tl.scrollY + 3 + 8 };
      },
      [row.rowId, t] as const,
    );
    await h.page.mouse.move(pos.x, pos.y);
    await h.page.waitForFunction(() => /NVTX mark at/.test(document.querySelector('.tl-tooltip')?.textContent ?? ''));
    assert.equal(await h.page.locator('.tl-tooltip .tt-name').textContent(), row.name[5]);
    // The mark's details arrive: its thread and domain.
    await h.page.waitForFunction(() => /Thread: .+ · pid \d+/.test(document.querySelector('.tl-tooltip')?.textContent ?? ''));
    assert.match((await h.page.locator('.tl-tooltip').textContent()) ?? '', /NVTX domain: \(default\)/);
    await h.page.screenshot({ path: path.join(artifacts, 'viewer-nvtx-mark.png') });
  });

  it('the view comes back after the webview reloads: window, selection, collapsed rows, side tab and keyboard selection', async () => {
    const t = (await probe()).focus!;
    const target = { t0: cpp.startNs + (cpp.endNs - cpp.startNs) * 0.3, t1: cpp.startNs + (cpp.endNs - cpp.startNs) * 0.35 };
    const sel = { t0: target.t0 + (target.t1 - target.t0) * 0.2, t1: target.t0 + (target.t1 - target.t0) * 0.4 };
    const gpu = rows.rows.find((r) => r.kind === 'gpu')!;
    await h.page.evaluate(
      ([w, s, g]) => {
        const tl = window.sightlineViewer!.timelines[0];
        tl.setWindow(w);
        tl.setSelection(s);
        tl.toggleRow(g, true);
      },
      [target, sel, gpu.id] as const,
    );
    await h.page.locator('vscode-tab-header', { hasText: 'Kernels' }).click();
    await h.page.waitForTimeout(400); // state is saved 150 ms after the last change
    // Reload the page: the webview state survives (VS Code keeps it across reloads and reopening).
    await h.load();
    await h.show(cpp);
    const after = await h.page.evaluate(() => {
      const tl = window.sightlineViewer!.timelines[0];
      return { window: { ...tl.window }, selection: tl.selection, collapsed: [...tl.collapsed], focus: tl.focus, rows: tl.visibleRows.map((r) => r.id) };
    });
    assert.ok(Math.abs(after.window.t0 - target.t0) < 1 && Math.abs(after.window.t1 - target.t1) < 1, JSON.stringify(after.window));
    assert.deepEqual(after.selection, sel);
    assert.ok(after.collapsed.includes(gpu.id));
    assert.ok(!after.rows.some((id) => id.startsWith(`${gpu.id}/`)), 'the collapsed GPU rows stay hidden');
    assert.equal(after.focus?.index, t.index);
    assert.equal(after.focus?.rowId, t.rowId);
    assert.equal(await h.page.evaluate(() => window.sightlineViewer!.panel?.tab), 'kernels', 'the Kernels tab is open again');
  });

  it('the minimap moves the view (click and drag); Shift+drag and the ruler select a range; Z and the button zoom to it', async () => {
    await h.page.evaluate(() => sessionStorage.clear());
    await h.load();
    await h.show(cpp);
    const tl = (): Promise<{ window: { t0: number; t1: number }; bounds: { t0: number; t1: number }; selection?: { t0: number; t1: number } }> =>
      h.page.evaluate(() => {
        const t = window.sightlineViewer!.timelines[0];
        return { window: { ...t.window }, bounds: { ...t.bounds }, selection: t.selection ? { ...t.selection } : undefined };
      });
    // Zoom in to a tenth, then click the minimap at 75 %: the view is centred there, same span.
    await h.page.evaluate(() => {
      const t = window.sightlineViewer!.timelines[0];
      const span = (t.bounds.t1 - t.bounds.t0) / 10;
      t.setWindow({ t0: t.bounds.t0, t1: t.bounds.t0 + span });
    });
    const mm = (await h.page.locator('.tl-minimap').first().boundingBox())!;
    await h.page.mouse.click(mm.x + mm.width * 0.75, mm.y + mm.height / 2);
    let s = await tl();
    const full = s.bounds.t1 - s.bounds.t0;
    assert.ok(Math.abs(s.window.t1 - s.window.t0 - full / 10) < full * 1e-6, 'span kept');
    assert.ok(Math.abs((s.window.t0 + s.window.t1) / 2 - (s.bounds.t0 + full * 0.75)) < full * 0.01, JSON.stringify(s.window));
    // Drag on the minimap to 40 %.
    await h.page.mouse.move(mm.x + mm.width * 0.75, mm.y + mm.height / 2);
    await h.page.mouse.down();
    await h.page.mouse.move(mm.x + mm.width * 0.4, mm.y + mm.height / 2, { steps: 5 });
    await h.page.mouse.up();
    s = await tl();
    assert.ok(Math.abs((s.window.t0 + s.window.t1) / 2 - (s.bounds.t0 + full * 0.4)) < full * 0.01, JSON.stringify(s.window));
    // Shift+drag across the middle fifth of the tracks selects that time range.
    const box = (await h.page.locator('.tl-tracks').first().boundingBox())!;
    const w0 = s.window;
    await h.page.keyboard.down('Shift');
    await h.page.mouse.move(box.x + box.width * 0.4, box.y + 30);
    await h.page.mouse.down();
    await h.page.mouse.move(box.x + box.width * 0.6, box.y + 30, { steps: 5 });
    await h.page.mouse.up();
    await h.page.keyboard.up('Shift');
    s = await tl();
    const span0 = w0.t1 - w0.t0;
    assert.ok(s.selection, 'a range is selected');
    assert.ok(Math.abs(s.selection.t0 - (w0.t0 + span0 * 0.4)) < span0 * 0.01 && Math.abs(s.selection.t1 - (w0.t0 + span0 * 0.6)) < span0 * 0.01, JSON.stringify(s.selection));
    // Z zooms to it.
    await h.page.locator('.tl-tracks').first().focus();
    await h.page.keyboard.press('z');
    s = await tl();
    assert.deepEqual(s.window, s.selection);
    // Drag on the ruler selects too; the toolbar button zooms to it.
    const ruler = (await h.page.locator('.tl-ruler').first().boundingBox())!;
    await h.page.mouse.move(ruler.x + box.width * 0.1, ruler.y + ruler.height / 2);
    await h.page.mouse.down();
    await h.page.mouse.move(ruler.x + box.width * 0.3, ruler.y + ruler.height / 2, { steps: 4 });
    await h.page.mouse.up();
    const before = await tl();
    const span1 = before.window.t1 - before.window.t0;
    assert.ok(before.selection && Math.abs(before.selection.t1 - before.selection.t0 - span1 * 0.2) < span1 * 0.02, JSON.stringify(before.selection));
    await h.page.locator('vscode-button', { hasText: 'Zoom to selection' }).click();
    s = await tl();
    assert.deepEqual(s.window, before.selection);
    // 0 shows the whole capture again.
    await h.page.locator('.tl-tracks').first().focus();
    await h.page.keyboard.press('0');
    s = await tl();
    assert.deepEqual(s.window, s.bounds);
  });

  it('a cancelled load says so with a Reload button (keyboard focused) that asks the host to load again', async () => {
    await h.load();
    await h.post({ type: 'loading', title: 'api_big.sqlite', message: 'Reading NVTX ranges…', fraction: 0.4, cancellable: true });
    await h.page.locator('vscode-button', { hasText: 'Cancel' }).click();
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline && !h.fromWebview.some((m) => m.type === 'cancelLoad')) await new Promise((r) => setTimeout(r, 50));
    assert.ok(h.fromWebview.some((m) => m.type === 'cancelLoad'), 'Cancel asks the host to stop');
    await h.post({ type: 'error', title: 'api_big.sqlite', message: 'Loading cancelled. Reload loads the trace again.', cancelled: true, reloadable: true });
    const alert = h.page.locator('[role="alert"]');
    await alert.waitFor();
    assert.match((await alert.textContent()) ?? '', /Loading api_big\.sqlite was cancelled.*Loading cancelled/s);
    assert.equal(await h.page.evaluate(() => document.activeElement?.textContent), 'Reload');
    const before = h.fromWebview.filter((m) => m.type === 'reload').length;
    await h.page.keyboard.press('Enter');
    const until = Date.now() + 5000;
    while (Date.now() < until && h.fromWebview.filter((m) => m.type === 'reload').length === before) await new Promise((r) => setTimeout(r, 50));
    assert.equal(h.fromWebview.filter((m) => m.type === 'reload').length, before + 1);
  });

  it('compare: two columns side by side aligned at an NVTX range; zoom in one moves both; Alt+L aligns from the keyboard; restored after reload', async () => {
    const a = await h.openTrace(sharedTrace('sync'));
    const b = await h.openTrace(sharedTrace('tuned'));
    await h.page.evaluate(() => sessionStorage.clear());
    await h.load();
    await h.post({ type: 'loaded', info: ViewerHarness.info(a), compareWith: ViewerHarness.info(b), sources: ['file:///w/sync.sqlite', 'file:///w/tuned.sqlite'] });
    await h.page.evaluate(() => window.sightlineViewer!.firstFrame);
    // Side by side: the two columns share one row of the page.
    const boxes = await h.page.locator('.compare-col').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as { x: number; y: number; width: number; height: number }));
    assert.equal(boxes.length, 2);
    assert.ok(Math.abs(boxes[0].y - boxes[1].y) < 1 && boxes[1].x >= boxes[0].x + boxes[0].width - 1, JSON.stringify(boxes));
    // The pickers list the NVTX ranges; `infer` (in both runs) is preselected.
    await h.page.waitForFunction(() => (document.querySelector('#align-B') as HTMLSelectElement).options.length > 1);
    assert.equal(await h.page.locator('#align-A').inputValue(), ':infer');
    assert.equal(await h.page.locator('#align-B').inputValue(), ':infer');
    // From the keyboard: instance 2 of `infer` in A, instance 3 in B, then Alt+L.
    await h.page.locator('#align-A').focus();
    await h.page.keyboard.press('Tab');
    await h.page.keyboard.press('Control+a');
    await h.page.keyboard.type('2');
    await h.page.locator('#align-B').focus();
    await h.page.keyboard.press('Tab');
    await h.page.keyboard.press('Control+a');
    await h.page.keyboard.type('3');
    await h.page.keyboard.press('Alt+l');
    await h.page.waitForFunction(() => window.sightlineViewer!.compare?.alignment !== undefined);
    const occA = (await h.service.request('occurrences', { traceId: a.traceId, table: 'nvtx', name: ':infer', limit: 5 })) as { startNs: number; endNs: number }[];
    const occB = (await h.service.request('occurrences', { traceId: b.traceId, table: 'nvtx', name: ':infer', limit: 5 })) as { startNs: number; endNs: number }[];
    const [ia, ib] = [occA[1], occB[2]];
    const view = (): Promise<[{ t0: number; t1: number }, { t0: number; t1: number }]> =>
      h.page.evaluate(() => {
        const [ta, tb] = window.sightlineViewer!.timelines;
        return [{ ...ta.window }, { ...tb.window }];
      });
    let [wa, wb] = await view();
    const frac = (t: number, w: { t0: number; t1: number }): number => (t - w.t0) / (w.t1 - w.t0);
    // Same zoom; the two `infer` instances start at the same place of their columns; the longer fits.
    assert.ok(Math.abs(wa.t1 - wa.t0 - (wb.t1 - wb.t0)) < 1);
    assert.ok(Math.abs(frac(ia.startNs, wa) - frac(ib.startNs, wb)) < 1e-6);
    assert.ok(wa.t1 - wa.t0 >= Math.max(ia.endNs - ia.startNs, ib.endNs - ib.startNs));
    assert.match((await h.page.locator('.compare-status').textContent()) ?? '', /Aligned at NVTX “infer” #2 in A and NVTX “infer” #3 in B/);
    await h.page.screenshot({ path: path.join(artifacts, 'viewer-compare-aligned.png') });
    // Zoom A with the keyboard (W): B follows, the stage stays lined up.
    await h.page.locator('.tl-tracks').first().focus();
    await h.page.keyboard.press('w');
    await h.page.keyboard.press('d');
    [wa, wb] = await view();
    assert.ok(Math.abs(wa.t1 - wa.t0 - (wb.t1 - wb.t0)) < 1);
    assert.ok(Math.abs(wa.t0 - ia.startNs - (wb.t0 - ib.startNs)) < 1, 'same relative time');
    // And B drives A.
    await h.page.locator('.tl-tracks').nth(1).focus();
    await h.page.keyboard.press('s');
    [wa, wb] = await view();
    assert.ok(Math.abs(wa.t0 - ia.startNs - (wb.t0 - ib.startNs)) < 1);
    await h.page.waitForTimeout(400);
    // Reload the webview (what VS Code's panel serializer does after a window reload): the
    // persisted state names both files and brings the alignment and views back.
    const saved = await h.page.evaluate(() => JSON.parse(sessionStorage.getItem('sightline-state') ?? 'null') as { compare?: { sources: string[]; aligned: boolean } });
    assert.deepEqual(saved.compare?.sources, ['file:///w/sync.sqlite', 'file:///w/tuned.sqlite']);
    assert.equal(saved.compare?.aligned, true);
    await h.load();
    await h.post({ type: 'loaded', info: ViewerHarness.info(a), compareWith: ViewerHarness.info(b), sources: saved.compare!.sources });
    await h.page.evaluate(() => window.sightlineViewer!.firstFrame);
    await h.page.waitForFunction(() => window.sightlineViewer!.compare?.alignment !== undefined);
    const [ra, rb] = await view();
    assert.ok(Math.abs(ra.t0 - wa.t0) < 1 && Math.abs(ra.t1 - wa.t1) < 1, 'A view restored');
    assert.ok(Math.abs(rb.t0 - wb.t0) < 1 && Math.abs(rb.t1 - wb.t1) < 1, 'B view restored');
    assert.equal(await h.page.locator('#align-A').inputValue(), ':infer');
    assert.equal(await h.page.locator('.align-instance').nth(1).inputValue(), '3');
    // Still linked: zooming A moves B.
    await h.page.locator('.tl-tracks').first().focus();
    await h.page.keyboard.press('w');
    const [za, zb] = await view();
    assert.ok(Math.abs(za.t0 - ia.startNs - (zb.t0 - ib.startNs)) < 1);
    // The deltas carry the diagnosis verdicts; Enter on an NVTX delta row aligns at it.
    await h.page.locator('.deltas tbody tr').first().waitFor();
    const row = h.page.locator('.deltas tbody tr', { hasText: 'decode' }).first();
    await row.focus();
    await h.page.keyboard.press('Enter');
    await h.page.waitForFunction(() => /“decode” #1 in A/.test(document.querySelector('.compare-status')?.textContent ?? ''));
    await h.service.request('close', { traceId: a.traceId });
    await h.service.request('close', { traceId: b.traceId });
  });
});
