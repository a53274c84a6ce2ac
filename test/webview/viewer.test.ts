// The trace viewer webview (dist/webview.js, with the CSP VS Code gets) in headless Chromium,
// fed by the trace engine through the test host: rendering, navigation, selection statistics
// against Nsight's own nvtx_sum, tooltips and launch ↔ kernel links, findings, tables, compare,
// state restore, the error page, and names that must stay text.
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as os from 'node:os';
import { execFileSync } from 'node:child_process';
import { ViewerHarness, repoRoot, sharedDir, sharedTrace } from './viewerHarness';
import type { OpenResult } from '../../server/lsp/traceHandlers';
import { deltaVerdict } from '../../webview/compareAlign';

const artifacts = path.join(repoRoot, 'test-artifacts');

function readCsv(file: string): Record<string, string>[] {
  const lines = fs.readFileSync(file, 'utf8').trim().split(/\r?\n/);
  const split = (l: string): string[] => {
    const out: string[] = [];
    let cur = '';
    let q = false;
    for (const ch of l) {
      if (ch === '"') q = !q;
      else if (ch === ',' && !q) {
        out.push(cur);
        cur = '';
      } else cur += ch;
    }
    out.push(cur);
    return out;
  };
  const head = split(lines[0]);
  return lines.slice(1).map((l) => Object.fromEntries(split(l).map((v, i) => [head[i], v])));
}

interface TimelineProbe {
  window: { t0: number; t1: number };
  rows: { id: string; label: string; kind: string }[];
  itemCount: number;
}

describe('trace viewer webview in Chromium', () => {
  let h: ViewerHarness;
  let cpp: OpenResult;

  const probe = (): Promise<TimelineProbe> =>
    h.page.evaluate(() => {
      const t = window.sightlineViewer!.timelines[0];
      return { window: { ...t.window }, rows: t.visibleRows.map((r) => ({ id: r.id, label: r.label, kind: r.kind })), itemCount: t.itemCount };
    });

  const tracksBox = async (): Promise<{ x: number; y: number; width: number; height: number }> => {
    const box = await h.page.locator('.tl-tracks').first().boundingBox();
    assert.ok(box, 'the track area is laid out');
    return box;
  };

  before(async () => {
    fs.mkdirSync(artifacts, { recursive: true });
    h = await ViewerHarness.start();
    cpp = await h.openTrace(sharedTrace('cpp'));
  });

  after(async () => {
    await h?.close();
  });

  it('draws the cpp capture with rows grouped like Nsight and no CSP violation', async () => {
    await h.load();
    const firstFrameMs = await h.show(cpp);
    assert.ok(firstFrameMs > 0);
    const p = await probe();
    const kinds = new Set(p.rows.map((r) => r.kind));
    for (const k of ['process', 'thread', 'nvtx', 'cuda-api', 'osrt', 'gpu', 'gpuUtil', 'stream', 'kernels', 'memcpy']) assert.ok(kinds.has(k), `a ${k} row is shown`);
    // Process before its threads, GPU rows after the processes.
    const ids = p.rows.map((r) => r.id);
    assert.ok(ids.indexOf('p587') < ids.indexOf('p587/t587/nvtx'));
    assert.ok(ids.indexOf('p587/t587/osrt') < ids.indexOf('gpu0'));
    assert.ok(p.itemCount > 0 && p.itemCount < 20000, `${p.itemCount} drawable items`);
    // Labels are in the DOM as a tree with levels.
    assert.equal(await h.page.locator('.tl-label[data-row="p587"]').getAttribute('aria-expanded'), 'true');
    const violations = await h.page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
    assert.deepEqual(violations, []);
    await h.page.waitForTimeout(300);
    await h.page.screenshot({ path: path.join(artifacts, 'viewer-cpp-whole.png') });
    // Something was painted on the tracks: the canvas is not one flat colour.
    const distinct = await h.page.evaluate(() => {
      const c = document.querySelector('.tl-canvas') as HTMLCanvasElement;
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      const set = new Set<number>();
      for (let i = 0; i < d.length; i += 4 * 97) set.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
      return set.size;
    });
    assert.ok(distinct > 5, `${distinct} colours on the canvas`);
  });

  it('zooms at the cursor with the wheel, pans by dragging and with W/A/S/D', async () => {
    const box = await tracksBox();
    const before = (await probe()).window;
    const x = box.x + box.width * 0.7;
    const y = box.y + 40;
    const tAt = (w: { t0: number; t1: number }): number => w.t0 + 0.7 * (w.t1 - w.t0);
    await h.page.mouse.move(x, y);
    await h.page.mouse.wheel(0, -400);
    await h.page.waitForTimeout(100);
    const zoomed = (await probe()).window;
    assert.ok(zoomed.t1 - zoomed.t0 < (before.t1 - before.t0) * 0.8, 'wheel up zooms in');
    assert.ok(Math.abs(tAt(zoomed) - tAt(before)) < (before.t1 - before.t0) * 0.01, 'the time under the cursor stays under it');
    // Drag to the right moves the view to earlier times by the same pixels.
    await h.page.mouse.move(box.x + 500, y);
    await h.page.mouse.down();
    await h.page.mouse.move(box.x + 600, y, { steps: 4 });
    await h.page.mouse.up();
    const panned = (await probe()).window;
    const dt = ((zoomed.t1 - zoomed.t0) * 100) / box.width;
    assert.ok(Math.abs(zoomed.t0 - panned.t0 - dt) < dt * 0.05, `drag pans by 100 px (${zoomed.t0 - panned.t0} vs ${dt})`);
    await h.page.locator('.tl-tracks').first().focus();
    await h.page.keyboard.press('w');
    const w = (await probe()).window;
    assert.ok(w.t1 - w.t0 < panned.t1 - panned.t0);
    await h.page.keyboard.press('d');
    const d = (await probe()).window;
    assert.ok(d.t0 > w.t0);
    await h.page.keyboard.press('s');
    const s = (await probe()).window;
    assert.ok(s.t1 - s.t0 > d.t1 - d.t0);
    await h.page.keyboard.press('a');
    const a = (await probe()).window;
    assert.ok(a.t0 < s.t0);
    await h.page.keyboard.press('0');
    assert.deepEqual((await probe()).window, { t0: cpp.startNs, t1: cpp.endNs });
    await h.settled();
  });

  it('a selected range lists per-name count, total and share; the whole capture matches nsys nvtx_sum', async () => {
    // Once the diagnosis ran, the statistics also name the window's pattern.
    await h.page.waitForFunction(() => window.sightlineViewer!.findings.length > 0);
    // Select everything by dragging over the ruler from edge to edge.
    const ruler = await h.page.locator('.tl-ruler').boundingBox();
    assert.ok(ruler);
    await h.page.mouse.move(ruler.x + 1, ruler.y + 10);
    await h.page.mouse.down();
    await h.page.mouse.move(ruler.x + ruler.width - 1, ruler.y + 10, { steps: 3 });
    await h.page.mouse.up();
    await h.page.locator('[data-tab="selection"] .data-table tbody tr').first().waitFor();
    const rows = await h.page.$$eval('[data-tab="selection"] .data-table tbody tr', (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent ?? '')));
    const oracle = readCsv(path.join(sharedDir, 'traces', 'h100', 'cpp.stats', 'nvtx_sum.csv'));
    for (const o of oracle) {
      const r = rows.find((cells) => cells[0] === 'NVTX' && cells[1] === o.Range);
      assert.ok(r, `${o.Range} is in the selection table`);
      assert.equal(Number(r[2]), Number(o.Instances), `${o.Range} count`);
    }
    const shares = rows.filter((c) => c[0] === 'NVTX').map((c) => Number(c[4]));
    assert.ok(Math.abs(shares.reduce((a, b) => a + b, 0) - 100) < 0.5, 'NVTX shares add up to 100 %');
    const status = await h.page.locator('[data-tab="selection"] .selection-info').textContent();
    assert.match(status ?? '', /GPU 0 busy \d+\.\d% of the range/);
    assert.match(status ?? '', /Pattern: (memcpy-bound|startup)/, 'cpp is copy bound (its verdict)');
    // Z zooms to the selection, Escape clears it.
    await h.page.locator('.tl-tracks').first().focus();
    await h.page.keyboard.press('Escape');
    assert.equal(await h.page.evaluate(() => window.sightlineViewer!.timelines[0].selection), undefined);
  });

  it('hovering shows the event with its thread; clicking an API call links it to the copy it launched', async () => {
    // Find the first synchronous cudaMemcpy and zoom to it.
    const occ = (await h.service.request('occurrences', { traceId: cpp.traceId, table: 'cudaApi', name: 'cudaMemcpy', limit: 3 })) as { rowId: string; startNs: number; endNs: number }[];
    assert.ok(occ.length > 0);
    const o = occ[1];
    await h.page.evaluate((w) => window.sightlineViewer!.timelines[0].reveal(w.t0, w.t1), { t0: o.startNs, t1: o.endNs });
    await h.settled();
    const ref = await h.page.evaluate((o) => {
      const t = window.sightlineViewer!.timelines[0];
      const items = t.heldItems(o.rowId);
      const k = items.findIndex((i) => i.startNs === o.startNs);
      return k >= 0 ? t.itemCenter({ rowId: o.rowId, item: k }) : undefined;
    }, o);
    assert.ok(ref, 'the API call is held after zooming to it');
    await h.page.mouse.move(ref.x, ref.y);
    const tip = h.page.locator('.tl-tooltip');
    await tip.waitFor({ state: 'visible' });
    await h.page.waitForFunction(() => /Thread:/.test(document.querySelector('.tl-tooltip')?.textContent ?? ''));
    const text = (await tip.textContent()) ?? '';
    assert.match(text, /cudaMemcpy/);
    assert.match(text, /Thread: cpp_pipeline \[587\]/);
    assert.match(text, /Launched: \[CUDA memcpy (Host-to-Device|Device-to-Host)\]/);
    await h.page.mouse.down();
    await h.page.mouse.up();
    await h.page.waitForFunction(() => window.sightlineViewer!.timelines[0].linkShown);
    await h.page.locator('[data-tab="details"] .details-name').waitFor();
    assert.match((await h.page.locator('[data-tab="details"]').textContent()) ?? '', /Correlation id \d+/);
    await h.page.screenshot({ path: path.join(artifacts, 'viewer-cpp-link.png') });
    // Over the GPU utilization graph the tooltip gives the busy share under the cursor.
    const util = await h.page.evaluate(() => {
      const t = window.sightlineViewer!.timelines[0];
      const r = t.visibleRows.find((x) => x.kind === 'gpuUtil')!;
      const box = document.querySelector('.tl-tracks')!.getBoundingClientRect();
      return { x: box.left + box.width / 2, y: box.top + r.y - t.scrollY + r.h / 2 };
    });
    await h.page.mouse.move(util.x, util.y);
    await h.page.waitForFunction(() => /% busy/.test(document.querySelector('.tl-tooltip .tt-name')?.textContent ?? ''));
    assert.match((await h.page.locator('.tl-tooltip .tt-name').textContent()) ?? '', /^GPU utilization: \d+\.\d% busy$/);
  });

  it('copies show their direction and pageable / pinned memory', async () => {
    await h.page.evaluate(() => window.sightlineViewer!.timelines[0].setWindow(window.sightlineViewer!.timelines[0].bounds));
    await h.settled();
    const copies = await h.page.evaluate(() => {
      const t = window.sightlineViewer!.timelines[0];
      const row = t.visibleRows.find((r) => r.kind === 'memcpy');
      return row ? t.heldItems(row.id).map((i) => i.name) : [];
    });
    assert.ok(copies.length > 0);
    // A labelled copy names its direction and memory kinds, and they agree (host side pageable or pinned).
    const labelled = copies.filter((n) => /\] .+ → .+$/.test(n));
    assert.ok(labelled.length > 0, copies.join(' | '));
    for (const n of labelled) assert.match(n, /^\[CUDA memcpy (?:Host-to-Device\] (?:Pageable|Pinned) → Device|Device-to-Host\] Device → (?:Pageable|Pinned))$/);
    assert.ok(labelled.some((n) => n.startsWith('[CUDA memcpy Host-to-Device]')) && labelled.some((n) => n.startsWith('[CUDA memcpy Device-to-Host]')), labelled.join(' | '));
  });

  it('clicking an NVTX range asks the host to open its code', async () => {
    await h.page.keyboard.press('0');
    const occ = (await h.service.request('occurrences', { traceId: cpp.traceId, table: 'nvtx', name: ':upload', limit: 2 })) as { rowId: string; startNs: number; endNs: number }[];
    await h.page.evaluate((w) => window.sightlineViewer!.timelines[0].reveal(w.t0, w.t1), { t0: occ[0].startNs, t1: occ[0].endNs });
    await h.settled();
    const pt = await h.page.evaluate((o) => {
      const t = window.sightlineViewer!.timelines[0];
      const k = t.heldItems(o.rowId).findIndex((i) => i.startNs === o.startNs && i.name === 'upload');
      return t.itemCenter({ rowId: o.rowId, item: k });
    }, occ[0]);
    assert.ok(pt);
    h.fromWebview.length = 0;
    await h.page.mouse.click(pt.x, pt.y);
    await h.page.waitForFunction(() => document.querySelector('[data-tab="details"] .details-name')?.textContent === 'upload');
    const open = h.fromWebview.find((m) => m.type === 'openSource');
    assert.deepEqual(open, { type: 'openSource', name: 'upload', domain: '' });
  });

  it('findings are listed; clicking one zooms to its evidence', async () => {
    await h.page.locator('vscode-tab-header', { hasText: 'Findings' }).click();
    await h.page.locator('.finding').first().waitFor();
    const titles = await h.page.$$eval('.finding .finding-title', (els) => els.map((e) => e.textContent));
    assert.ok(titles.includes('Synchronous copies'), titles.join(', '));
    assert.ok(titles.includes('Low GPU utilization'));
    await h.page.keyboard.press('0');
    const findings = await h.page.evaluate(() => window.sightlineViewer!.findings);
    const f = findings.find((x) => x.title === 'Low GPU utilization')!;
    assert.ok(f.shades.length > 0, 'low-utilization windows shade the GPU rows');
    await h.page.locator('.finding', { hasText: 'Low GPU utilization' }).locator('.finding-open').click();
    const w = (await probe()).window;
    assert.ok(w.t0 <= f.t0! && w.t1 >= f.t1!, 'the evidence is in view');
    assert.ok(w.t1 - w.t0 < (f.t1! - f.t0!) * 1.5, 'and fills it');
    await h.settled();
    await h.page.screenshot({ path: path.join(artifacts, 'viewer-cpp-finding.png') });
  });

  it('summary tables sort, filter and jump to the events of a row', async () => {
    await h.page.locator('vscode-tab-header', { hasText: 'CUDA API' }).click();
    const table = h.page.locator('[data-tab="cudaApi"]');
    await table.locator('tbody tr').first().waitFor();
    const oracle = readCsv(path.join(sharedDir, 'traces', 'h100', 'cpp.stats', 'cuda_api_sum.csv'));
    const first = await table.locator('tbody tr').first().locator('td').first().textContent();
    assert.equal(first, oracle[0].Name, 'sorted by total time like cuda_api_sum');
    await table.locator('th', { hasText: 'Count' }).locator('button').click();
    const counts = await table.locator('tbody tr td:nth-child(4)').allTextContents();
    const nums = counts.map((c) => Number(c.replace(/,/g, '')));
    assert.deepEqual(nums, [...nums].sort((a, b) => b - a), 'sorted by count, descending');
    assert.equal(await table.locator('th', { hasText: 'Count' }).getAttribute('aria-sort'), 'descending');
    await table.locator('vscode-textfield').click();
    await h.page.keyboard.type('memcpy');
    const names = await table.locator('tbody tr td:first-child').allTextContents();
    assert.ok(names.length > 0 && names.every((n) => /memcpy/i.test(n)), names.join(', '));
    await table.locator('tbody tr').first().focus();
    await h.page.keyboard.press('Enter');
    const w = (await probe()).window;
    const occ = (await h.service.request('occurrences', { traceId: cpp.traceId, table: 'cudaApi', name: names[0], limit: 1 })) as { startNs: number; endNs: number }[];
    assert.ok(w.t0 <= occ[0].startNs && w.t1 >= occ[0].endNs, 'the first occurrence is in view');
  });

  it('collapsing a process from the keyboard hides its rows', async () => {
    const label = h.page.locator('.tl-label[data-row="p587"]');
    await label.focus();
    await h.page.keyboard.press('Enter');
    assert.equal(await h.page.locator('.tl-label[data-row="p587"]').getAttribute('aria-expanded'), 'false');
    const rows = (await probe()).rows.map((r) => r.id);
    assert.ok(!rows.some((id) => id.startsWith('p587/')));
    await h.page.locator('.tl-label[data-row="p587"]').focus();
    await h.page.keyboard.press('Enter');
    assert.ok((await probe()).rows.some((r) => r.id === 'p587/t587/nvtx'));
  });

  it('a reopened trace comes back at the same view (host copy of the state)', async () => {
    const target = { t0: cpp.startNs + (cpp.endNs - cpp.startNs) * 0.4, t1: cpp.startNs + (cpp.endNs - cpp.startNs) * 0.45 };
    await h.page.evaluate((w) => window.sightlineViewer!.timelines[0].setWindow(w), target);
    await h.page.waitForTimeout(400);
    const saved = [...h.fromWebview].reverse().find((m) => m.type === 'viewChanged');
    assert.ok(saved && saved.type === 'viewChanged');
    assert.ok(Math.abs(saved.state.t0 - target.t0) < 1 && Math.abs(saved.state.t1 - target.t1) < 1);
    // A fresh webview (no webview state) given the host's copy.
    await h.page.evaluate(() => sessionStorage.clear());
    await h.load();
    await h.post({ type: 'loaded', info: ViewerHarness.info(cpp), restoreState: saved.state });
    await h.page.evaluate(() => window.sightlineViewer!.firstFrame);
    const w = (await probe()).window;
    assert.ok(Math.abs(w.t0 - target.t0) < 1 && Math.abs(w.t1 - target.t1) < 1, JSON.stringify(w));
  });

  it('a reveal that arrives before the trace is shown is applied after the first frame', async () => {
    await h.page.evaluate(() => sessionStorage.clear());
    await h.load();
    const target = { t0: cpp.startNs + (cpp.endNs - cpp.startNs) * 0.7, t1: cpp.startNs + (cpp.endNs - cpp.startNs) * 0.72 };
    await h.post({ type: 'reveal', ...target });
    await h.show(cpp);
    const w = (await probe()).window;
    assert.ok(w.t0 <= target.t0 && w.t1 >= target.t1 && w.t1 - w.t0 < (target.t1 - target.t0) * 1.5, JSON.stringify(w));
  });

  it('a trace that fails to load shows the error, not a blank page', async () => {
    const bad = path.join(os.tmpdir(), `sightline-not-a-trace-${process.pid}.sqlite`);
    fs.writeFileSync(bad, 'hello, I am not SQLite\n');
    let message = '';
    try {
      await h.openTrace(bad);
    } catch (e) {
      message = (e as Error).message;
    }
    assert.match(message, /not a SQLite database|not an Nsight Systems export/);
    await h.load();
    await h.post({ type: 'error', title: path.basename(bad), message });
    const alert = h.page.locator('[role="alert"]');
    await alert.waitFor();
    assert.match((await alert.textContent()) ?? '', /Could not open sightline-not-a-trace-\d+\.sqlite.*not a SQLite database/s);
  });

  it('names from the trace stay text: a kernel named <img onerror=...> is not HTML', async () => {
    const evil = path.join(os.tmpdir(), `sightline-evil-${process.pid}.sqlite`);
    fs.copyFileSync(sharedTrace('cpp'), evil);
    const kernelName = '<img src=x onerror="window.__pwned=1">';
    const rangeName = '<script>window.__pwned=2</script>';
    execFileSync('sqlite3', [
      evil,
      `UPDATE StringIds SET value = '${kernelName.replace(/'/g, "''")}' WHERE id = (SELECT demangledName FROM CUPTI_ACTIVITY_KIND_KERNEL LIMIT 1);` +
        `UPDATE NVTX_EVENTS SET text = '${rangeName.replace(/'/g, "''")}' WHERE text = 'upload';`,
    ]);
    const o = await h.openTrace(evil);
    await h.load();
    await h.show(o);
    await h.page.locator('vscode-tab-header', { hasText: 'Kernels' }).click();
    const cell = h.page.locator('[data-tab="kernels"] tbody tr td:first-child').first();
    await cell.waitFor();
    assert.equal(await cell.textContent(), kernelName);
    await h.page.locator('vscode-tab-header', { hasText: 'NVTX' }).click();
    await h.page.locator('[data-tab="nvtx"] tbody tr').first().waitFor();
    const nvtxNames = await h.page.locator('[data-tab="nvtx"] tbody tr td:first-child').allTextContents();
    assert.ok(nvtxNames.includes(`:${rangeName}`), nvtxNames.join(' | '));
    // Hover a kernel: the tooltip shows the name as text.
    const occ = (await h.service.request('occurrences', { traceId: o.traceId, table: 'kernels', name: kernelName, limit: 1 })) as { rowId: string; startNs: number; endNs: number }[];
    await h.page.evaluate((w) => window.sightlineViewer!.timelines[0].reveal(w.t0, w.t1, w.rowId), { t0: occ[0].startNs, t1: occ[0].endNs, rowId: occ[0].rowId });
    await h.settled();
    const pt = await h.page.evaluate((o) => {
      const t = window.sightlineViewer!.timelines[0];
      const k = t.heldItems(o.rowId).findIndex((i) => i.startNs === o.startNs);
      return t.itemCenter({ rowId: o.rowId, item: k });
    }, occ[0]);
    assert.ok(pt);
    await h.page.mouse.move(pt.x, pt.y);
    await h.page.locator('.tl-tooltip .tt-name').waitFor();
    assert.equal(await h.page.locator('.tl-tooltip .tt-name').textContent(), kernelName);
    const state = await h.page.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: number }).__pwned,
      imgs: document.querySelectorAll('img').length,
      scripts: Array.from(document.querySelectorAll('script')).filter((s) => /__pwned/.test(s.textContent ?? '')).length,
      csp: (window as unknown as { __cspViolations: string[] }).__cspViolations,
    }));
    assert.deepEqual(state, { pwned: undefined, imgs: 0, scripts: 0, csp: [] });
    await h.service.request('close', { traceId: o.traceId });
  });

  it('compares two traces side by side with summary deltas and aligns them', async () => {
    const a = await h.openTrace(sharedTrace('sync'));
    const b = await h.openTrace(sharedTrace('tuned'));
    await h.load();
    await h.show(a, b);
    assert.equal(await h.page.locator('.timeline').count(), 2);
    await h.page.locator('.deltas tbody tr').first().waitFor();
    const rows = await h.page.$$eval('.deltas tbody tr', (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent ?? '')));
    const syncApi = rows.find((r) => r[0] === 'CUDA API' && r[1] === 'cudaStreamSynchronize');
    assert.ok(syncApi, 'cudaStreamSynchronize is compared');
    const oracleA = readCsv(path.join(sharedDir, 'traces', 'h100', 'sync.stats', 'cuda_api_sum.csv')).find((r) => r.Name === 'cudaStreamSynchronize')!;
    const oracleB = readCsv(path.join(sharedDir, 'traces', 'h100', 'tuned.stats', 'cuda_api_sum.csv')).find((r) => r.Name === 'cudaStreamSynchronize');
    assert.equal(Number(syncApi[6]), Number(oracleA['Num Calls']));
    assert.equal(Number(syncApi[7]), oracleB ? Number(oracleB['Num Calls']) : 0);
    // The verdict of the row follows from nsys's own totals of both runs.
    const totalB = oracleB ? Number(oracleB['Total Time (ns)']) : 0;
    assert.equal(syncApi[5], deltaVerdict(Number(oracleA['Total Time (ns)']), totalB, Number(oracleA['Num Calls']), oracleB ? Number(oracleB['Num Calls']) : 0));
    assert.match((await h.page.locator('.compare-verdict').textContent()) ?? '', /Verdict: A [a-z-]+ → B [a-z-]+/);
    // Align at selections: B follows A.
    await h.page.evaluate(() => {
      const [ta, tb] = window.sightlineViewer!.timelines;
      ta.setSelection({ t0: ta.bounds.t0 + 1e8, t1: ta.bounds.t0 + 2e8 });
      tb.setSelection({ t0: tb.bounds.t0 + 3e8, t1: tb.bounds.t0 + 4e8 });
    });
    await h.page.waitForFunction(() => (document.querySelector('#align-B') as HTMLSelectElement).options.length > 1);
    await h.page.selectOption('#align-A', { label: 'The selection (or the view)' });
    await h.page.selectOption('#align-B', { label: 'The selection (or the view)' });
    await h.page.locator('vscode-button', { hasText: 'Align' }).first().click();
    await h.page.waitForFunction(() => window.sightlineViewer!.compare?.alignment !== undefined);
    const [wa, wb, ba, bb] = await h.page.evaluate(() => {
      const [ta, tb] = window.sightlineViewer!.timelines;
      return [ta.window, tb.window, ta.bounds, tb.bounds];
    });
    // Both selections are 100 ms: they fill the view with a 10 % margin, starting at the same place.
    assert.ok(Math.abs(wa.t0 - (ba.t0 + 1e8 - 1e7)) < 1, JSON.stringify(wa));
    assert.ok(Math.abs(wb.t0 - (bb.t0 + 3e8 - 1e7)) < 1 && Math.abs(wb.t1 - wb.t0 - (wa.t1 - wa.t0)) < 1);
    await h.page.screenshot({ path: path.join(artifacts, 'viewer-compare.png') });
    await h.service.request('close', { traceId: a.traceId });
    await h.service.request('close', { traceId: b.traceId });
  });

  it('follows VS Code theme changes (light, high contrast) on the canvas', async () => {
    const o = await h.openTrace(sharedTrace('cpp'));
    await h.load();
    await h.show(o);
    const pixel = (): Promise<number[]> =>
      h.page.evaluate(() => {
        const t = window.sightlineViewer!.timelines[0];
        t.drawNow();
        const c = document.querySelector('.tl-canvas') as HTMLCanvasElement;
        // Bottom-left corner: below the last row, only background.
        return Array.from(c.getContext('2d')!.getImageData(2, c.height - 3, 1, 1).data.slice(0, 3));
      });
    assert.deepEqual(await pixel(), [0x1e, 0x1e, 0x1e], 'dark default');
    // VS Code switches themes by changing the body class and the --vscode-* variables.
    await h.page.evaluate(() => {
      document.body.style.setProperty('--vscode-editor-background', '#ffffff');
      document.body.style.setProperty('--vscode-editor-foreground', '#333333');
      document.body.className = 'vscode-light';
    });
    await h.page.waitForTimeout(50);
    assert.deepEqual(await pixel(), [255, 255, 255], 'light theme background');
    await h.page.evaluate(() => {
      document.body.style.setProperty('--vscode-editor-background', '#000000');
      document.body.className = 'vscode-high-contrast';
    });
    await h.page.waitForTimeout(50);
    assert.deepEqual(await pixel(), [0, 0, 0], 'high contrast background');
    await h.page.screenshot({ path: path.join(artifacts, 'viewer-high-contrast.png') });
    await h.service.request('close', { traceId: o.traceId });
  });
});
