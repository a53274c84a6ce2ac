// The first end-to-end test: the freshly packaged .vsix, installed into code-server, opened on
// examples/ in Debian Chromium. Proves that the extension activates from the workspace content,
// that its language client starts the language server, and that the manifest's contributions
// (commands, languages) reach the UI. Keeps test-artifacts/activation.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { examplesDir, processesMentioning, repoRoot, startCodeServerSession } from '../support/codeServer';

interface Manifest {
  version: string;
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    menus?: { commandPalette?: { command: string; when?: string }[] };
  };
}

const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Manifest;

test('the packaged extension activates in code-server on examples/ and starts its language server', { timeout: 600_000 }, async () => {
  const session = await startCodeServerSession({ workspace: examplesDir, name: 'activation' });
  try {
    // Activation: examples/ contains deepstream_app_config.txt (workspaceContains), and opening it
    // gives it the deepstream-app-config language (onLanguage).
    await session.openFile('deepstream_app_config.txt');
    const languageStatus = session.page.locator('[id="status.editor.mode"]');
    await languageStatus.waitFor({ state: 'visible' });
    assert.match(await languageStatus.innerText(), /deepstream-app Config/, 'the editor language of deepstream_app_config.txt');

    // The output channel exists only once activate() ran (asynchronously: wait for it), and the
    // client logs the server's start there.
    const output = await session.waitForOutput('Sightline', 'Sightline language server started');
    const channels = await session.outputChannels();
    assert.ok(channels.includes('Sightline'), `output channels: ${channels.join(', ')}`);
    assert.ok(output.includes(`Sightline ${manifest.version} activating`), output);
    // The server's own log line travels over JSON-RPC (window/logMessage) into the same channel.
    assert.match(output, /Sightline language server starting/, output);
    assert.match(session.extensionLog('Sightline'), /Sightline language server started/);

    // Every command the manifest declares for the palette is there, under its category
    // (context-menu-only commands are hidden with `when: false`).
    const hidden = new Set((manifest.contributes.menus?.commandPalette ?? []).filter((m) => m.when === 'false').map((m) => m.command));
    const palette = await session.paletteEntries('Sightline');
    for (const c of manifest.contributes.commands.filter((x) => !hidden.has(x.command))) {
      const label = `${c.category ?? 'Sightline'}: ${c.title}`;
      assert.ok(palette.includes(label), `'${label}' missing from the palette: ${palette.join(' | ')}`);
    }

    // The Output panel shows the Sightline channel for the screenshot.
    await session.readOutputChannel('Sightline');
    const shot = await session.screenshot('activation');
    assert.ok(readFileSync(shot).subarray(1, 4).toString() === 'PNG', 'screenshot is a PNG');
  } finally {
    await session.close();
  }
  // Clean shutdown: nothing of this session (code-server, extension host, language server,
  // Chromium) survives close().
  assert.deepEqual(processesMentioning(session.dir), [], 'processes left running after close()');
});
