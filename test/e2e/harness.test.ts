// Checks the end-to-end harness itself on something VS Code computes without Sightline: the
// built-in JSON language features report one problem per broken line of a generated file. The
// Problems panel is a virtualized tree, so 80 problems only read back completely if
// readProblems() scrolls; the line numbers must match the lines that were broken.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { copyWorkspace, e2eScratchDir, processesMentioning, startCodeServerSession } from '../support/codeServer';

test('harness: quick open, Problems panel (virtualized), output channels, clean shutdown', { timeout: 600_000 }, async () => {
  const src = path.join(e2eScratchDir(), 'harness-src');
  mkdirSync(path.join(src, 'nested'), { recursive: true });
  const brokenLines: number[] = [];
  const lines = ['{'];
  for (let i = 0; i < 80; i++) {
    // `"kN": ,` is a JSON syntax error ("Value expected") on its own line.
    lines.push(`  "k${i}": ,`);
    brokenLines.push(lines.length);
  }
  lines.push('  "end": 1', '}');
  writeFileSync(path.join(src, 'nested', 'broken.json'), `${lines.join('\n')}\n`);
  const workspace = copyWorkspace(src, 'harness');

  const session = await startCodeServerSession({ workspace, name: 'harness', installExtension: false });
  try {
    await session.openFile('nested/broken.json');
    const problems = await session.waitForProblems((ps) => ps.length >= brokenLines.length);
    const ours = problems.filter((p) => p.file === 'broken.json');
    assert.equal(ours.length, brokenLines.length, JSON.stringify(problems.slice(0, 3)));
    assert.deepEqual(
      ours.map((p) => p.line),
      brokenLines,
    );
    assert.ok(ours.every((p) => p.severity === 'error' && p.source === 'json' && p.message.length > 0));
    assert.equal(ours[0].folder, 'nested');

    const channels = await session.outputChannels();
    assert.ok(channels.includes('JSON Language Server'), channels.join(', '));
    assert.ok(!channels.includes('Sightline'), 'the extension was not installed in this session');
  } finally {
    await session.close();
  }
  assert.deepEqual(processesMentioning(session.dir), []);
});
