// "Sightline: Profile on Jetson" through the command palette of code-server + Chromium, against
// the real test sshd and the fake nsys: pick the target, type the command, the run lands in
// <workspace>/.sightline/profiles/, the trace opens, nothing is left running on the "target".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { e2eScratchDir, processesMentioning, startCodeServerSession } from '../support/codeServer';
import { startSshd, waitNoRemoteProcesses, fakeNsysDir } from '../support/sshd';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('Profile on Jetson from the command palette captures, downloads and opens the trace', { timeout: 600_000 }, async () => {
  const sshd = await startSshd();
  const workspace = e2eScratchDir('profile-ws');
  fs.writeFileSync(path.join(workspace, 'README.md'), '# profiling e2e\n');
  // A workspace with a profiles folder activates the extension (workspaceContains).
  fs.mkdirSync(path.join(workspace, '.sightline', 'profiles'), { recursive: true });
  fs.writeFileSync(path.join(workspace, '.sightline', 'profiles', '.keep'), '');
  const session = await startCodeServerSession({
    workspace,
    name: 'profile',
    settings: {
      'sightline.targets': [{ name: 'e2e-target', host: sshd.alias, remoteDir: sshd.remoteBase, env: { FAKE_APP_SECONDS: '1' } }],
      'sightline.profile.duration': 10,
    },
    env: { SIGHTLINE_SSH_CONFIG: sshd.clientConfig },
  });
  try {
    await session.waitForOutput('Sightline', 'Sightline language server started');
    await session.runCommand('Sightline: Profile on Jetson');
    const input = session.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible' });
    await session.page.waitForFunction(() => Array.from(document.querySelectorAll('.quick-input-widget .monaco-list-row')).some((r) => (r.textContent ?? '').includes('e2e-target')), undefined, { timeout: 30_000 });
    await input.fill('e2e-target');
    await session.page.keyboard.press('Enter');
    // The command box (empty: no editor is open).
    await session.page.waitForFunction(() => (document.querySelector('.quick-input-widget .quick-input-title')?.textContent ?? '').includes('command'), undefined, { timeout: 30_000 });
    await input.fill(`${path.join(fakeNsysDir, 'app.py')} 'arg with space'`);
    await session.page.keyboard.press('Enter');

    const root = path.join(workspace, '.sightline', 'profiles');
    const deadline = Date.now() + 180_000;
    let meta: { status: string; files: { sqlite?: string }; command: string[] } | undefined;
    let runDir = '';
    while (Date.now() < deadline) {
      for (const d of fs.existsSync(root) ? fs.readdirSync(root) : []) {
        try {
          const m = JSON.parse(fs.readFileSync(path.join(root, d, 'run.json'), 'utf8')) as typeof meta;
          if (m && m.status !== 'running') {
            meta = m;
            runDir = path.join(root, d);
          }
        } catch {
          /* being written */
        }
      }
      if (meta) break;
      await sleep(500);
    }
    assert.ok(meta, 'a run finished');
    assert.equal(meta.status, 'complete', fs.readFileSync(path.join(runDir, 'capture.log'), 'utf8'));
    assert.deepEqual(meta.command, [path.join(fakeNsysDir, 'app.py'), 'arg with space']);
    assert.ok(meta.files.sqlite && fs.statSync(path.join(runDir, meta.files.sqlite)).size > 100_000);
    // Output streamed into the channel, and the trace viewer tab opened with the run's title.
    // Progress lines go to the "Sightline Profile" channel (shown) and the Sightline log file.
    const t0 = Date.now();
    while (!/profile: Report in .*e2e-target/.test(session.extensionLog('Sightline')) && Date.now() - t0 < 60_000) await sleep(500);
    assert.match(session.extensionLog('Sightline'), /profile: preflight info: nsys 2025\.3\.1\.90/);
    assert.match(session.extensionLog('Sightline'), /profile: Report in .*e2e-target/);
    await session.page.waitForFunction(() => Array.from(document.querySelectorAll('.tabs-container .tab')).some((t) => (t.textContent ?? '').includes('report.sqlite')), undefined, { timeout: 60_000 });
    await session.screenshot('profile');
    assert.deepEqual(await waitNoRemoteProcesses(sshd), []);
    assert.deepEqual(fs.existsSync(sshd.remoteBase) ? fs.readdirSync(sshd.remoteBase) : [], []);
  } finally {
    await session.close();
    await sshd.stop();
  }
  assert.deepEqual(processesMentioning(session.dir), [], 'processes left running after close()');
});
