// Close the loop in real VS Code (code-server + Chromium): opening the example trace in the
// viewer attaches it to the workspace, and its findings appear in the Problems panel on the lines
// of traces/infer_pipeline.py that cause them (source sightline-trace); the report command opens
// the markdown report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { utimesSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { copyWorkspace, startCodeServerSession } from '../support/codeServer';

test('a trace opened in the viewer puts its findings on the source lines (Problems panel) and the report opens', { timeout: 900_000 }, async () => {
  const ws = copyWorkspace('examples', 'loop');
  // Files as a fresh profile leaves them: sources a minute older than the trace.
  const t = Date.now() / 1000 - 600;
  const walk = (d: string): void => {
    for (const n of readdirSync(d)) {
      const p = path.join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else utimesSync(p, t - 60, t - 60);
    }
  };
  walk(ws);
  utimesSync(path.join(ws, 'traces', 'sync.sqlite'), t, t);
  const s = await startCodeServerSession({ workspace: ws, name: 'loop' });
  try {
    await s.openFile('traces/sync.sqlite');
    const problems = await s.waitForProblems((ps) => ps.filter((p) => p.source === 'sightline-trace').length >= 3, 240_000);
    const trace = problems.filter((p) => p.source === 'sightline-trace');
    const at = trace.map((p) => `${p.file}:${p.line} ${p.code} ${p.severity}`).sort();
    assert.deepEqual(at, ['infer_pipeline.py:43 cuda_memcpy_async warning', 'infer_pipeline.py:66 cuda_api_sync info', 'infer_pipeline.py:70 deepstream/per-box-host-round-trips warning']);
    const perBox = trace.find((p) => p.line === 70)!;
    assert.match(perBox.message, /measured in sync\.sqlite \(profile of /);
    assert.ok(!perBox.message.startsWith('[stale'));
    await s.screenshot('loop-e2e-problems');

    await s.runCommand('Sightline: Trace Findings Report');
    await s.page.locator('.monaco-editor .view-lines', { hasText: 'Sightline profile report' }).first().waitFor({ timeout: 60_000 });
    await s.screenshot('loop-e2e-report');
  } finally {
    await s.close();
  }
});
