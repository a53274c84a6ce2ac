// `npm start` as a newcomer runs it: it must print a localhost URL at which VS Code for the Web
// shows examples/ with the freshly packaged Sightline running, and stop cleanly on Ctrl+C.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { CodeServerSession, examplesDir, processesMentioning, repoRoot } from '../support/codeServer';

const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };

test('npm start serves examples/ in code-server with the packaged extension running', { timeout: 600_000 }, async () => {
  const stateDir = path.join(repoRoot, '.e2e', `start-test-${process.pid}`);
  const child = spawn('npm', ['start'], {
    cwd: repoRoot,
    detached: true,
    env: { ...process.env, PORT: '0', SIGHTLINE_START_DIR: stateDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const m = /^\s+(http:\/\/127\.0\.0\.1:\d+)\/\?folder=(\S+)$/m.exec(output);
        if (m) {
          clearInterval(timer);
          assert.equal(decodeURIComponent(m[2]), examplesDir, 'npm start opens examples/');
          resolve(m[1]);
        }
      }, 200);
      void exited.then((code) => {
        clearInterval(timer);
        reject(new Error(`npm start exited (${code}) without printing a URL:\n${output}`));
      });
    });

    // The extension installed is the one just packaged from this checkout.
    const installed = readdirSync(path.join(stateDir, 'extensions')).filter((d) => d.startsWith(`${manifest.publisher}.${manifest.name}-`));
    assert.deepEqual(installed, [`${manifest.publisher}.${manifest.name}-${manifest.version}`]);

    const session = await CodeServerSession.attach({ url, workspace: examplesDir, userDataDir: path.join(stateDir, 'user-data'), name: 'npm-start' });
    try {
      await session.openFile('run_pipeline.sh');
      await session.waitForOutput('Sightline', 'Sightline language server started');
      assert.match(session.extensionLog('Sightline'), new RegExp(`Sightline ${manifest.version.replace(/\./g, '\\.')} activating`));
      await session.screenshot('npm-start');
    } finally {
      await session.close();
    }
  } finally {
    // Ctrl+C in a terminal signals the whole foreground process group.
    try {
      process.kill(-child.pid!, 'SIGINT');
    } catch {
      /* already gone */
    }
    const code = await Promise.race([exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 15_000))]);
    if (code === 'timeout') process.kill(-child.pid!, 'SIGKILL');
  }
  assert.ok(existsSync(path.join(stateDir, 'code-server.log')));
  assert.deepEqual(processesMentioning(stateDir), [], 'npm start left processes behind');
  rmSync(stateDir, { recursive: true, force: true });
});
