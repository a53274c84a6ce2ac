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
    await fix.click();

    const after = await session.waitForProblems((ps) => !has(ps, 'config_infer_primary.txt', 'config/label-count'));
    assert.ok(has(after, 'config_infer_primary.txt', 'config/fp32-precision'), 'other findings stay');
    const editorText = await session.page.locator('.editor-instance .monaco-editor .view-lines').first().innerText();
    assert.match(editorText.replace(/\u00a0/g, ' '), /num-detected-classes=4/, 'the edit is in the editor');
    await session.screenshot('diagnostics-fixed');
  } finally {
    await session.close();
  }
});
