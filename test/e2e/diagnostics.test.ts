// End to end in real VS Code (code-server + Chromium): open a copy of examples/, the Problems
// panel lists the rules the teaching examples trigger (from the open file and, through the
// workspace pass, from files never opened), apply a quick fix from the editor's light bulb
// menu (Ctrl+.), and the diagnostic goes away. Keeps test-artifacts/diagnostics-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { copyWorkspace, examplesDir, startCodeServerSession, type ProblemEntry } from '../support/codeServer';

const has = (ps: ProblemEntry[], file: string, code: string): boolean => ps.some((p) => p.file === file && p.code === code);

test('Problems lists the expected rules for examples/, and a quick fix makes its diagnostic go away', { timeout: 900_000 }, async () => {
  const workspace = copyWorkspace(examplesDir, 'diagnostics');
  const session = await startCodeServerSession({ workspace, name: 'diagnostics' });
  try {
    await session.openFile('config_infer_primary.txt');
    const problems = await session.waitForProblems(
      (ps) =>
        has(ps, 'config_infer_primary.txt', 'config/label-count') &&
        has(ps, 'config_infer_primary.txt', 'config/fp32-precision') &&
        // Never opened: published by the workspace pass.
        has(ps, 'run_pipeline.sh', 'pipeline/software-decoder') &&
        has(ps, 'run_pipeline.sh', 'pipeline/tee-without-queue') &&
        has(ps, 'deepstream_app_config.txt', 'config/mux-batch-vs-sources'),
    );
    const labelCount = problems.find((p) => p.file === 'config_infer_primary.txt' && p.code === 'config/label-count') as ProblemEntry;
    assert.equal(labelCount.source, 'sightline');
    assert.equal(labelCount.severity, 'warning');
    const lines = readFileSync(path.join(workspace, 'config_infer_primary.txt'), 'utf8').split('\n');
    assert.match(lines[labelCount.line - 1], /^num-detected-classes=5/, 'the marker sits on the num-detected-classes line');
    await session.screenshot('diagnostics-problems');

    // Problem counts of the status bar (errors, warnings, infos), to see the fix land.
    const counts = async (): Promise<number[]> => {
      const t = await session.page.locator('[id="status.problems"]').first().innerText();
      return (t.match(/\d+/g) ?? []).map(Number).slice(0, 3);
    };
    const before = await counts();
    assert.equal(before.length, 3, 'status bar shows errors, warnings, infos');

    // Go to the finding and open the quick fix menu there.
    await session.page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await session.page.keyboard.press('Control+g');
    await session.page.keyboard.type(`${labelCount.line}:${labelCount.column}`);
    await session.page.keyboard.press('Enter');
    await session.page.keyboard.press('Control+.');
    const fix = session.page.locator('.action-widget .monaco-list-row', { hasText: 'Set num-detected-classes=4' }).first();
    await fix.waitFor({ state: 'visible', timeout: 60_000 });
    // The directive actions are offered next to the fix.
    await session.page.locator('.action-widget .monaco-list-row', { hasText: 'Disable config/label-count for this line' }).first().waitFor({ state: 'visible' });
    await session.screenshot('diagnostics-quickfix');
    // The menu is keyboard driven (a pointer block covers it): move the focus to the fix, Enter.
    for (let i = 0; i < 12; i++) {
      const focused = await session.page.locator('.action-widget .monaco-list-row.focused').first().getAttribute('aria-label');
      if (focused === 'Set num-detected-classes=4') break;
      await session.page.keyboard.press('ArrowDown');
    }
    assert.equal(await session.page.locator('.action-widget .monaco-list-row.focused').first().getAttribute('aria-label'), 'Set num-detected-classes=4');
    await session.page.keyboard.press('Enter');

    // The edit is in the editor, and exactly one warning (config/label-count) is gone.
    await session.page.waitForFunction(
      () => /num-detected-classes=4/.test((document.querySelector('.editor-instance .monaco-editor .view-lines') as HTMLElement | null)?.innerText.replace(/\u00a0/g, ' ') ?? ''),
      undefined,
      { timeout: 60_000 },
    );
    const deadline = Date.now() + 90_000;
    let after = await counts();
    while (Date.now() < deadline && after[1] === before[1]) {
      await new Promise((r) => setTimeout(r, 500));
      after = await counts();
    }
    assert.deepEqual(after, [before[0], before[1] - 1, before[2]], `status bar before ${before.join('/')} after ${after.join('/')}`);
    // The marker is gone from the editor line: hovering num-detected-classes shows no label-count message.
    await session.page.keyboard.press('Control+k');
    await session.page.keyboard.press('Control+i');
    const hover = session.page.locator('.monaco-hover >> visible=true').first();
    await hover.waitFor({ state: 'visible', timeout: 30_000 });
    assert.ok(!/labels\.txt has 4 labels/.test(await hover.innerText()), 'no label-count finding on the line any more');
    await session.screenshot('diagnostics-fixed');
  } finally {
    await session.close();
  }
});
