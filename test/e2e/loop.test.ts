// Close the loop in real VS Code (code-server + Chromium): opening the example trace in the
// viewer attaches it to the workspace, and its findings appear in the Problems panel on the lines
// of traces/infer_pipeline.py that cause them (source sightline-trace); the report command opens
// the markdown report. With the real DeepStream-named capture (test/fixtures/deepstream-like/), the
// `command:` evidence link of a diagnostic on the deepstream-app config, clicked in the Problems
// panel, opens the trace viewer zoomed on the evidence; an edit then labels the figure as stale.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { utimesSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { copyWorkspace, repoRoot, startCodeServerSession } from '../support/codeServer';

/** Files as a fresh profile leaves them: sources a minute older than the trace (taken 10 min ago). */
function ageSources(ws: string): number {
  const t = Date.now() / 1000 - 600;
  const walk = (d: string): void => {
    for (const n of readdirSync(d)) {
      const p = path.join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else utimesSync(p, t - 60, t - 60);
    }
  };
  walk(ws);
  return t;
}

test('a trace opened in the viewer puts its findings on the source lines (Problems panel), not stale, and the report opens', { timeout: 900_000 }, async () => {
  // A fresh copy: every file written now, long after the capture (as in a clone) — the audit's
  // false "before your change" case. The label is the capture time the trace records.
  const ws = copyWorkspace('examples', 'loop');
  const utc = execFileSync('sqlite3', [path.join(ws, 'traces', 'sync.sqlite'), 'SELECT utcTime FROM TARGET_INFO_SESSION_START_TIME'], { encoding: 'utf8' }).trim();
  const when = utc.slice(0, 16).replace('T', ' ');
  const s = await startCodeServerSession({ workspace: ws, name: 'loop' });
  try {
    await s.openFile('traces/sync.sqlite');
    const problems = await s.waitForProblems((ps) => ps.filter((p) => p.source === 'sightline-trace').length >= 3, 240_000);
    const trace = problems.filter((p) => p.source === 'sightline-trace');
    const at = trace.map((p) => `${p.file}:${p.line} ${p.code} ${p.severity}`).sort();
    assert.deepEqual(at, ['infer_pipeline.py:43 cuda_memcpy_async warning', 'infer_pipeline.py:66 cuda_api_sync info', 'infer_pipeline.py:70 deepstream/per-box-host-round-trips warning']);
    const perBox = trace.find((p) => p.line === 70)!;
    assert.ok(perBox.message.includes(`measured in sync.sqlite (profile of ${when} UTC)`), perBox.message);
    assert.ok(trace.every((p) => !p.message.startsWith('[stale')), 'untouched sources are not stale');
    await s.screenshot('loop-e2e-problems');
    // The CodeLens above the functions: the capture time, no "before your change".
    await s.openFile('traces/infer_pipeline.py');
    await s.goToLine(31, 1);
    const lens = s.page.locator('.monaco-editor .codelens-decoration', { hasText: 'decode:' }).first();
    await lens.waitFor({ state: 'attached', timeout: 60_000 });
    const lensText = (await s.page.locator('.monaco-editor .codelens-decoration').allTextContents()).join('\n');
    assert.ok(lensText.includes(`profile ${when} UTC`) && !lensText.includes('before your change'), lensText);
    await s.screenshot('loop-e2e-lenses');

    await s.runCommand('Sightline: Trace Findings Report');
    await s.page.locator('.monaco-editor .view-lines', { hasText: 'Sightline profile report' }).first().waitFor({ timeout: 60_000 });
    await s.screenshot('loop-e2e-report');
  } finally {
    await s.close();
  }
});

test('the evidence link of a sightline-trace diagnostic (Problems panel) opens the trace viewer zoomed on the evidence', { timeout: 900_000 }, async () => {
  const ws = copyWorkspace('examples', 'loop-evidence');
  const trace = path.join(ws, 'traces', 'deepstream-like.sqlite');
  writeFileSync(trace, gunzipSync(readFileSync(path.join(repoRoot, 'test', 'fixtures', 'deepstream-like', 'deepstream-like.sqlite.gz'))));
  const t = ageSources(ws);
  utimesSync(trace, t, t);
  const s = await startCodeServerSession({ workspace: ws, name: 'loop-evidence' });
  try {
    // Opening the capture in the viewer makes it the workspace's profile.
    await s.openFile('traces/deepstream-like.sqlite');
    const first = await s.traceViewerFrame();
    await first.waitForFunction(() => ['shown', 'error'].includes(window.sightlineViewer!.status), undefined, { timeout: 120_000 });
    const expected = ['14 deepstream/osd-slower-than-inference info', '56 gpu_time_util warning', '71 deepstream/nvinfer-time info', '96 deepstream/osd-slower-than-inference warning'];
    const onApp = (ps: { source: string; file: string; line: number; code: string; severity: string }[]): string[] =>
      ps.filter((p) => p.source === 'sightline-trace' && p.file === 'deepstream_app_config.txt').map((p) => `${p.line} ${p.code} ${p.severity}`).sort();
    const problems = await s.waitForProblems((ps) => onApp(ps).length >= expected.length, 240_000);
    assert.deepEqual(onApp(problems), expected);
    await s.screenshot('loop-e2e-deepstream-problems');

    // Close the viewer: the link has to open it again.
    await s.runCommand('View: Close All Editors');
    await s.page.waitForFunction(() => document.querySelectorAll('.tabs-container .tab').length === 0, undefined, { timeout: 30_000 });
    // The [osd] process-mode=0 diagnostic in the Problems panel: its code is the evidence link.
    await s.runCommand('Problems: Focus on Problems View');
    const filter = s.page.locator('.markers-panel-action-filter input, .viewpane-filter input').first();
    await filter.fill('deepstream/osd-slower-than-inference');
    const row = s.page.locator('.markers-panel .monaco-list-row', { hasText: 'Ln 96' }).filter({ hasText: 'sightline-trace' }).first();
    await row.waitFor({ state: 'visible', timeout: 30_000 });
    const link = row.locator('a', { hasText: 'deepstream/osd-slower-than-inference' }).first();
    const href = (await link.getAttribute('href')) ?? '';
    assert.match(href, /^command:sightline\.openTraceAt\?/, `the code links to the evidence command (${href})`);
    const [tracePath, t0, t1, label] = JSON.parse(decodeURIComponent(href.slice(href.indexOf('?') + 1))) as [string, number, number, string];
    assert.equal(tracePath, trace);
    assert.equal(label, 'nvosd0');
    assert.ok(t1 > t0);
    await s.screenshot('loop-e2e-evidence-link');
    await link.click();

    // The viewer opens on the capture, zoomed so that the evidence fills the view.
    const tab = s.page.locator('.tabs-container .tab.active', { hasText: 'deepstream-like.sqlite' });
    await tab.first().waitFor({ timeout: 60_000 });
    const viewer = await s.traceViewerFrame();
    await viewer.waitForFunction(
      ([a, b]) => {
        const v = window.sightlineViewer!;
        const w = v.timelines[0]?.window;
        return v.status === 'shown' && !!w && w.t0 <= a && w.t1 >= b && w.t1 - w.t0 <= (b - a) * 1.25 + 2;
      },
      [t0, t1] as const,
      { timeout: 120_000 },
    );
    const shown = await viewer.evaluate(() => {
      const tl = window.sightlineViewer!.timelines[0];
      return { window: { ...tl.window }, bounds: { ...tl.bounds } };
    });
    assert.ok(shown.window.t1 - shown.window.t0 < (shown.bounds.t1 - shown.bounds.t0) / 20, 'zoomed in: the evidence, not the whole capture');
    await s.screenshot('loop-e2e-evidence-viewer');

    // Editing the config after the profile: its figures are labelled as from before the change.
    await s.openFile('deepstream_app_config.txt');
    await s.goToLine(1, 1);
    await s.page.keyboard.type('#');
    await s.waitForProblems((ps) => ps.some((p) => p.source === 'sightline-trace' && p.line === 96 && p.message.startsWith('[stale: deepstream_app_config.txt changed after the profile')), 60_000);
    await s.screenshot('loop-e2e-stale');
  } finally {
    await s.close();
  }
});
