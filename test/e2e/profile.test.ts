// "Sightline: Profile on Jetson" through the command palette of code-server + Chromium, against
// the real test sshd and the fake nsys: pick the target, type the command, the run lands in
// <workspace>/.sightline/profiles/, the trace opens, nothing is left running on the "target".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
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

/** Elements and links the pipeline graph webview drew (it lives in a nested iframe). */
async function graphCounts(page: Page): Promise<{ elements: number; nvmm: number; system: number } | undefined> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    for (const f of page.frames()) {
      const c = await f
        .evaluate(() => (document.querySelector('.element') ? { elements: document.querySelectorAll('.element').length, nvmm: document.querySelectorAll('.links .link.NVMM').length, system: document.querySelectorAll('.links .link.system').length } : undefined))
        .catch(() => undefined);
      if (c) return c;
    }
    await sleep(500);
  }
  return undefined;
}

test('with captureGraphs on, the pipeline graph opens beside the trace after the run (real GStreamer graph: NVMM and system-memory links) and again from the Profiles tree', { timeout: 600_000 }, async () => {
  const sshd = await startSshd();
  const workspace = e2eScratchDir('profile-graph-ws');
  fs.mkdirSync(path.join(workspace, '.sightline', 'profiles'), { recursive: true });
  fs.writeFileSync(path.join(workspace, '.sightline', 'profiles', '.keep'), '');
  // A launch line in the workspace that mentions the queue factory: the graph can reveal it.
  fs.writeFileSync(path.join(workspace, 'run.sh'), 'gst-launch-1.0 videotestsrc ! queue ! fakesink\n');
  const session = await startCodeServerSession({
    workspace,
    name: 'profile-graph',
    settings: {
      'sightline.targets': [{ name: 'graph-target', host: sshd.alias, remoteDir: sshd.remoteBase }],
      'sightline.profile.duration': 10,
      'sightline.profile.captureGraphs': true,
    },
    env: { SIGHTLINE_SSH_CONFIG: sshd.clientConfig },
  });
  try {
    await session.waitForOutput('Sightline', 'Sightline language server started');
    await session.runCommand('Sightline: Profile on Jetson');
    const input = session.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible' });
    await session.page.waitForFunction(() => Array.from(document.querySelectorAll('.quick-input-widget .monaco-list-row')).some((r) => (r.textContent ?? '').includes('graph-target')), undefined, { timeout: 30_000 });
    await input.fill('graph-target');
    await session.page.keyboard.press('Enter');
    await session.page.waitForFunction(() => (document.querySelector('.quick-input-widget .quick-input-title')?.textContent ?? '').includes('command'), undefined, { timeout: 30_000 });
    // A real GStreamer application: GStreamer writes the graph into GST_DEBUG_DUMP_DOT_DIR.
    await input.fill(`/usr/bin/python3 ${path.join(fakeNsysDir, 'gst_app.py')}`);
    await session.page.keyboard.press('Enter');

    // The panel opens by itself, titled after the run, and draws the graph in its webview.
    await session.page.waitForFunction(() => Array.from(document.querySelectorAll('.tabs-container .tab')).some((t) => (t.textContent ?? '').includes('Pipeline graph —')), undefined, { timeout: 240_000 });
    const counts = await graphCounts(session.page);
    assert.ok(counts, 'the pipeline graph webview rendered');
    // gst_app.py: appsrc (NVMM caps) -> queue -> identity -> fakesink, and a system-memory branch.
    assert.deepEqual(counts, { elements: 8, nvmm: 3, system: 3 });
    await session.screenshot('profile-pipeline-graph');

    // Closed, then reopened from the Profiles tree: the graph under the run opens the panel again.
    const graphTab = session.page.locator('.tabs-container .tab', { hasText: 'Pipeline graph —' });
    await graphTab.hover();
    await graphTab.locator('.tab-actions .action-label').first().click();
    await session.page.waitForFunction(() => !Array.from(document.querySelectorAll('.tabs-container .tab')).some((t) => (t.textContent ?? '').includes('Pipeline graph —')), undefined, { timeout: 30_000 });
    const header = session.page.locator('.pane-header', { hasText: 'Sightline Profiles' });
    if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
    const pane = session.page.locator('.pane', { has: header });
    const runRow = pane.locator('.monaco-list-row', { hasText: 'graph-target' }).first();
    await runRow.waitFor({ state: 'visible', timeout: 30_000 });
    if ((await runRow.getAttribute('aria-expanded')) !== 'true') await runRow.locator('.monaco-tl-twistie').click();
    await pane.locator('.monaco-list-row', { hasText: 'sightline-test-pipeline.dot' }).click();
    await session.page.waitForFunction(() => Array.from(document.querySelectorAll('.tabs-container .tab')).some((t) => (t.textContent ?? '').includes('Pipeline graph —')), undefined, { timeout: 60_000 });
    assert.deepEqual(await graphCounts(session.page), { elements: 8, nvmm: 3, system: 3 }, 'the reopened panel draws the graph');
    await session.screenshot('profile-pipeline-graph-from-tree');
    const root = path.join(workspace, '.sightline', 'profiles');
    const runs = fs.readdirSync(root).filter((d) => fs.existsSync(path.join(root, d, 'run.json')));
    assert.equal(runs.length, 1);
    const meta = JSON.parse(fs.readFileSync(path.join(root, runs[0], 'run.json'), 'utf8')) as { status: string; files: { graphs: string[] } };
    assert.equal(meta.status, 'complete');
    assert.equal(meta.files.graphs.length, 1);
    assert.deepEqual(await waitNoRemoteProcesses(sshd), []);
  } finally {
    await session.close();
    await sshd.stop();
  }
  assert.deepEqual(processesMentioning(session.dir), [], 'processes left running after close()');
});
