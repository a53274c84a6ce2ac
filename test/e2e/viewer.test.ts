// End to end in real VS Code (code-server + Chromium): open examples/traces/sync.sqlite in the
// Sightline trace viewer (custom editor, loaded by the language server), screenshot the
// timeline, zoom in, click an NVTX range and see its source open at the literal's line, then
// open a finding and see the view zoom to its evidence; compare two captures side by side from the
// explorer, align them, reload the window and find the compare panel restored; cancel the load of a
// large capture and load it again. Keeps the PNGs in test-artifacts/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { copyWorkspace, e2eScratchDir, examplesDir, startCodeServerSession, type CodeServerSession } from '../support/codeServer';
import { sharedTrace } from '../webview/viewerHarness';

/** The webview frame that runs the viewer (VS Code nests it in two iframes). */
async function viewerFrame(s: CodeServerSession, timeoutMs = 90_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const f of s.page.frames()) {
      const ok = await f.evaluate(() => !!(window as unknown as { sightlineViewer?: unknown }).sightlineViewer).catch(() => false);
      if (ok) return f;
    }
    await s.page.waitForTimeout(250);
  }
  throw new Error('the trace viewer webview did not start');
}

interface Probe {
  status: string;
  window: { t0: number; t1: number };
  bounds: { t0: number; t1: number };
}

const probe = (f: Frame): Promise<Probe> =>
  f.evaluate(() => {
    const v = window.sightlineViewer!;
    const t = v.timelines[0];
    return { status: v.status, window: t ? { ...t.window } : { t0: 0, t1: 0 }, bounds: t ? { ...t.bounds } : { t0: 0, t1: 0 } };
  });

test('the trace viewer opens examples/traces/sync.sqlite, zooms, jumps to an NVTX range’s source and to a finding', { timeout: 900_000 }, async () => {
  const s = await startCodeServerSession({ workspace: examplesDir, name: 'viewer' });
  try {
    await s.openFile('traces/sync.sqlite');
    const frame = await viewerFrame(s);
    await frame.waitForFunction(() => ['loaded', 'shown', 'error'].includes(window.sightlineViewer!.status), undefined, { timeout: 120_000 });
    const errorText = await frame.locator('.load-error').textContent().catch(() => null);
    assert.equal(errorText, null, `the trace failed to load: ${errorText}`);
    await frame.evaluate(() => window.sightlineViewer!.firstFrame);
    await frame.locator('.tl-label', { hasText: 'NVTX' }).first().waitFor();
    await s.screenshot('viewer-e2e-timeline');
    const whole = await probe(frame);
    assert.ok(whole.window.t1 - whole.window.t0 > 0);

    // Zoom in with the keyboard (W) on the track area.
    await frame.locator('.tl-tracks').click({ position: { x: 5, y: 5 } });
    for (let i = 0; i < 4; i++) await frame.locator('.tl-tracks').press('w');
    const zoomed = await probe(frame);
    assert.ok(zoomed.window.t1 - zoomed.window.t0 < (whole.window.t1 - whole.window.t0) * 0.5, 'W zooms in');

    // Click an `infer` NVTX range: its literal is at infer_pipeline.py `nvtx.range_push("infer")`.
    const src = readFileSync(path.join(examplesDir, 'traces', 'infer_pipeline.py'), 'utf8').split('\n');
    const line = src.findIndex((l) => l.includes('nvtx.range_push("infer")')) + 1;
    assert.ok(line > 0);
    const pos = await frame.evaluate(async () => {
      const t = window.sightlineViewer!.timelines[0];
      const row = t.visibleRows.find((r) => r.kind === 'nvtx')!;
      let item = t.heldItems(row.id).find((i) => i.name === 'infer' && i.count === 1);
      if (!item) {
        // Zoom to the first `infer` of the held (possibly merged) items.
        const any = t.heldItems(row.id).find((i) => i.name === 'infer') ?? t.heldItems(row.id)[0];
        t.reveal(any.startNs, any.endNs);
        await t.whenSettled();
        item = t.heldItems(row.id).find((i) => i.name === 'infer' && i.count === 1);
      }
      if (!item) return undefined;
      t.reveal(item.startNs, item.endNs);
      await t.whenSettled();
      const k = t.heldItems(row.id).findIndex((i) => i.name === 'infer' && i.startNs === item!.startNs);
      const c = t.itemCenter({ rowId: row.id, item: k })!;
      const box = document.querySelector('.tl-tracks')!.getBoundingClientRect();
      return { x: c.x - box.left, y: c.y - box.top };
    });
    assert.ok(pos, 'an `infer` range is on the timeline');
    await s.screenshot('viewer-e2e-zoomed');
    await frame.locator('.tl-tracks').click({ position: pos });
    const tab = s.page.locator('.tab.active', { hasText: 'infer_pipeline.py' });
    await tab.first().waitFor({ timeout: 60_000 });
    const cursor = s.page.locator('[id="status.editor.selection"]');
    await s.page.waitForFunction((ln) => new RegExp(`Ln ${ln},`).test(document.querySelector('[id="status.editor.selection"]')?.textContent ?? ''), line, { timeout: 30_000 });
    assert.match((await cursor.textContent()) ?? '', new RegExp(`Ln ${line},`));
    await s.screenshot('viewer-e2e-source');

    // Open a finding: the view zooms to its evidence.
    await frame.locator('vscode-tab-header', { hasText: 'Findings' }).click();
    await frame.locator('.finding').first().waitFor({ timeout: 120_000 });
    const finding = await frame.evaluate(() => window.sightlineViewer!.findings.find((f) => f.id !== 'verdict' && f.t0 !== undefined && f.t1 !== undefined)!);
    assert.ok(finding, 'the diagnosis has a finding with evidence');
    await frame.evaluate(() => window.sightlineViewer!.timelines[0].setWindow(window.sightlineViewer!.timelines[0].bounds));
    await frame.locator(`.finding[data-finding="${finding.id}"] .finding-open`).click();
    const after = await probe(frame);
    assert.ok(after.window.t0 <= finding.t0! && after.window.t1 >= finding.t1!, 'the evidence is in view');
    assert.ok(after.window.t1 - after.window.t0 < (finding.t1! - finding.t0!) * 1.5 + 1000, 'the view fits the evidence');
    await s.screenshot('viewer-e2e-finding');
  } finally {
    await s.close();
  }
});

test('Compare Traces from the explorer shows two timelines side by side aligned at an NVTX range, and the panel comes back aligned after Reload Window', { timeout: 900_000 }, async () => {
  // A workspace with two captures of the same pipeline: before (sync) and after the fix (tuned).
  const ws = copyWorkspace(examplesDir, 'viewer-compare');
  writeFileSync(path.join(ws, 'traces', 'tuned.sqlite'), readFileSync(sharedTrace('tuned')));
  const s = await startCodeServerSession({ workspace: ws, name: 'viewer-compare' });
  try {
    // Select both in the explorer and choose "Compare Traces" from the context menu.
    const row = (name: string) => s.page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first();
    await row('traces').click();
    await row('sync.sqlite').waitFor();
    // Under load the explorer can re-render between the clicks and drop the Ctrl+click: select
    // again until both rows are selected, so the command gets both files.
    const selected = s.page.locator('.explorer-folders-view .monaco-list-row[aria-selected="true"]');
    for (let attempt = 0; ; attempt++) {
      await row('sync.sqlite').click();
      await row('tuned.sqlite').click({ modifiers: ['Control'] });
      if ((await selected.count()) === 2) break;
      assert.ok(attempt < 10, 'sync.sqlite and tuned.sqlite could not both be selected in the explorer');
      await s.page.waitForTimeout(500);
    }
    await row('tuned.sqlite').click({ button: 'right' });
    await s.page.locator('.monaco-menu .action-label', { hasText: 'Compare Traces' }).first().click();

    const compareFrame = async (): Promise<Frame> => {
      const deadline = Date.now() + 240_000;
      while (Date.now() < deadline) {
        for (const f of s.page.frames()) {
          const n = await f.evaluate(() => window.sightlineViewer?.compare ? window.sightlineViewer.timelines.length : 0).catch(() => 0);
          if (n === 2) return f;
        }
        await s.page.waitForTimeout(250);
      }
      await s.screenshot('viewer-e2e-compare-not-started');
      throw new Error('the compare panel did not start (screenshot viewer-e2e-compare-not-started.png)');
    };
    let frame = await compareFrame();
    await frame.waitForFunction(() => window.sightlineViewer!.status === 'shown', undefined, { timeout: 120_000 });
    // Two columns in one row.
    const cols = await frame.locator('.compare-col').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as { x: number; y: number; width: number }));
    assert.equal(cols.length, 2);
    assert.ok(Math.abs(cols[0].y - cols[1].y) < 1 && cols[1].x >= cols[0].x + cols[0].width - 1, JSON.stringify(cols));
    // Align at the 2nd `infer` of each run (the pickers preselect `infer`, in both runs).
    await frame.waitForFunction(() => (document.querySelector('#align-A') as HTMLSelectElement).value === ':infer', undefined, { timeout: 120_000 });
    await frame.locator('.align-instance').nth(0).fill('2');
    await frame.locator('.align-instance').nth(1).fill('2');
    await frame.locator('vscode-button', { hasText: 'Align' }).first().click();
    await frame.waitForFunction(() => window.sightlineViewer!.compare!.alignment !== undefined);
    await frame.locator('.deltas tbody tr').first().waitFor({ timeout: 120_000 });
    const views = (f: Frame) =>
      f.evaluate(() => {
        const v = window.sightlineViewer!;
        const [a, b] = v.timelines;
        return { a: { ...a.window }, b: { ...b.window }, offset: v.compare!.alignment?.offset };
      });
    const before = await views(frame);
    assert.ok(before.offset !== undefined);
    assert.ok(Math.abs(before.a.t1 - before.a.t0 - (before.b.t1 - before.b.t0)) < 1, 'one zoom');
    await s.screenshot('viewer-e2e-compare');

    // Reload the window: the panel serializer reopens both traces with the saved alignment and views.
    await s.runCommand('Developer: Reload Window');
    await s.waitForWorkbench();
    frame = await compareFrame();
    await frame.waitForFunction(() => window.sightlineViewer!.status === 'shown' && window.sightlineViewer!.compare!.alignment !== undefined, undefined, { timeout: 120_000 });
    const after = await views(frame);
    assert.ok(Math.abs(after.a.t0 - before.a.t0) < 1 && Math.abs(after.a.t1 - before.a.t1) < 1, `A restored: ${JSON.stringify([before.a, after.a])}`);
    assert.ok(Math.abs(after.b.t0 - before.b.t0) < 1 && Math.abs(after.b.t1 - before.b.t1) < 1, 'B restored');
    assert.equal(after.offset, before.offset);
    await s.screenshot('viewer-e2e-compare-reloaded');
  } finally {
    await s.close();
  }
});

test('loading a large trace shows progress in the editor; Cancel stops it with “Loading cancelled” and a Reload button that loads it again', { timeout: 900_000 }, async () => {
  const ws = e2eScratchDir('viewer-cancel');
  writeFileSync(path.join(ws, 'api_big.sqlite'), readFileSync(sharedTrace('api_big')));
  const s = await startCodeServerSession({ workspace: ws, name: 'viewer-cancel' });
  try {
    await s.openFile('api_big.sqlite');
    const frame = await viewerFrame(s);
    // The loader's phases move the editor's progress bar.
    await frame.waitForFunction(() => /Reading .+ \d+%/.test(document.querySelector('.loading-message')?.textContent ?? ''), undefined, { timeout: 120_000, polling: 50 });
    const shown = await frame.locator('.loading-message').textContent();
    await s.screenshot('viewer-e2e-loading');
    await frame.locator('vscode-button', { hasText: 'Cancel' }).click();
    const alert = frame.locator('[role="alert"]');
    await alert.waitFor({ timeout: 60_000 });
    assert.match((await alert.textContent()) ?? '', /Loading api_big\.sqlite was cancelled.*Loading cancelled/s, `after progress “${shown}”`);
    await s.screenshot('viewer-e2e-cancelled');
    // Reload loads it again, to the timeline.
    await frame.locator('vscode-button', { hasText: 'Reload' }).click();
    await frame.waitForFunction(() => window.sightlineViewer!.status === 'shown', undefined, { timeout: 300_000 });
    const rows = await frame.evaluate(() => window.sightlineViewer!.timelines[0].visibleRows.length);
    assert.ok(rows > 3, `${rows} rows`);
  } finally {
    await s.close();
  }
});
