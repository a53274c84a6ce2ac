// How Sightline reaches a target, against the real loopback sshd (test/support/sshd.ts):
// a passphrase-protected key answered through the askpass helper (the bridge VS Code's input box
// sits behind), end to end through a whole capture, with the passphrase written nowhere; the
// helper itself driven as ssh drives it; and ProxyJump, from an ssh config named in the target's
// settings and from the target's proxyJump setting (ssh -J), proved by sshd's own log.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { startSshd, waitNoRemoteProcesses, fakeNsysDir } from '../../support/sshd';
import { AskpassServer, classifyAskpassPrompt } from '../../../client/profile/core/askpass';
import { runProfile, type ProfileRequest } from '../../../client/profile/core/profileRun';
import { validateTarget, type ProfileTarget } from '../../../client/profile/core/target';
import { defaultTrace } from '../../../client/profile/core/nsysArgs';

const app = path.join(fakeNsysDir, 'app.py');

function request(target: ProfileTarget, profilesRoot: string, ssh: ProfileRequest['ssh']): ProfileRequest {
  return { target, command: [app, '--frames', '5'], capture: { trace: [...defaultTrace], durationS: 10, delayS: 0 }, mode: 'profile', captureGraphs: false, keepRemoteFiles: false, profilesRoot, ssh, download: { retryDelayMs: 200 } };
}

/** Every file under `dir` (recursively) whose bytes contain `needle`. */
function filesContaining(dir: string, needle: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const n of fs.readdirSync(d)) {
      const p = path.join(d, n);
      const st = fs.lstatSync(p);
      if (st.isDirectory()) walk(p);
      else if (st.isFile() && fs.readFileSync(p).includes(Buffer.from(needle))) out.push(p);
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return out;
}

function runHelper(script: string, env: Record<string, string>, prompt: string): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const p = spawn(script, [prompt], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.on('close', (code) => resolve({ code, stdout }));
  });
}

test('passphrase-protected key: askpass answers once, the whole capture runs, the passphrase is written nowhere', { timeout: 120_000 }, async () => {
  const passphrase = `pass ${randomBytes(9).toString('hex')} phrase`;
  const sshd = await startSshd({ passphrase });
  const prompts: string[] = [];
  const askpass = await AskpassServer.start(async (p) => {
    prompts.push(p);
    return passphrase;
  });
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-pass-'));
  const seen: string[] = [];
  try {
    // askpass.env() is what ssh's environment gets: the socket and a token, never the answer.
    assert.ok(!JSON.stringify(askpass.env()).includes(passphrase));
    const r = await runProfile(request({ host: sshd.alias, remoteDir: sshd.remoteBase, env: { FAKE_APP_SECONDS: '1' } }, root, { configFile: sshd.clientConfig, batchMode: false, askpassEnv: askpass.env() }), {
      info: (l) => seen.push(l),
      output: (s) => seen.push(s),
      progress: (p) => seen.push(p.message),
    });
    assert.equal(r.status, 'complete', r.message);
    assert.ok(r.ok && fs.statSync(path.join(r.runDir, 'report.sqlite')).size > 100_000);
    assert.equal(prompts.length, 1, `one prompt for the whole run (one multiplexed connection): ${prompts.join(' | ')}`);
    assert.equal(classifyAskpassPrompt(prompts[0]), 'passphrase');
    assert.match(prompts[0], new RegExp(`passphrase for key '${sshd.userKey.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}'`));
    // Nowhere: not in run.json (the stored settings of the run), the capture log, any file of the
    // run folder, what was shown to the user, the helper's folder, sshd's side.
    assert.deepEqual(filesContaining(root, passphrase), []);
    assert.ok(!seen.join('\n').includes(passphrase));
    assert.deepEqual(filesContaining(askpass.dir, passphrase), []);
    assert.ok(!sshd.log().includes(passphrase));
    assert.deepEqual(await waitNoRemoteProcesses(sshd), []);
  } finally {
    askpass.close();
    fs.rmSync(root, { recursive: true, force: true });
    await sshd.stop();
  }
  assert.ok(!fs.existsSync(askpass.dir), 'the helper folder (socket, scripts) is removed on close');
});

test('askpass helper as ssh runs it: prints the scripted answer; a wrong token or a cancel answers nothing', { timeout: 60_000 }, async () => {
  const asked: string[] = [];
  let answer: string | undefined = 'scripted answer with spaces and $(dollar) `ticks`';
  const askpass = await AskpassServer.start(async (p) => {
    asked.push(p);
    return answer;
  });
  try {
    const prompt = "Enter passphrase for key '/home/u/.ssh/id_ed25519': ";
    const ok = await runHelper(askpass.scriptPath, askpass.env(), prompt);
    assert.equal(ok.code, 0);
    assert.equal(ok.stdout, `${answer}\n`);
    assert.deepEqual(asked, [prompt]);
    // Another process that knows the socket but not the token gets nothing, and nobody is asked.
    const forged = await runHelper(askpass.scriptPath, { ...askpass.env(), SIGHTLINE_ASKPASS_TOKEN: 'guess' }, prompt);
    assert.equal(forged.code, 1);
    assert.equal(forged.stdout, '');
    assert.equal(asked.length, 1);
    // The user cancels the input box: ssh gets no answer (and stops asking).
    answer = undefined;
    const cancelled = await runHelper(askpass.scriptPath, askpass.env(), prompt);
    assert.equal(cancelled.code, 1);
    assert.equal(cancelled.stdout, '');
    // Private: only the current user can reach the folder holding the socket.
    assert.equal(fs.statSync(askpass.dir).mode & 0o077, 0);
  } finally {
    askpass.close();
  }
});

test('ProxyJump: through the loopback sshd to itself, from the target\'s ssh config and from its proxyJump setting', { timeout: 180_000 }, async () => {
  const sshd = await startSshd({ logLevel: 'DEBUG1' });
  const user = os.userInfo().username;
  // A host that is reached only through the jump host, in the config the target names.
  fs.appendFileSync(
    sshd.clientConfig,
    ['Host behind-jump', '  HostName 127.0.0.1', `  Port ${sshd.port}`, `  User ${user}`, `  IdentityFile ${sshd.userKey}`, '  IdentitiesOnly yes', '  IdentityAgent none', `  UserKnownHostsFile ${sshd.knownHosts}`, '  GlobalKnownHostsFile /dev/null', `  ProxyJump ${sshd.alias}`, ''].join('\n'),
  );
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-jump-'));
  const forwards = () => (sshd.log().match(new RegExp(`server_request_direct_tcpip: originator .* target 127\\.0\\.0\\.1 port ${sshd.port}$`, 'gm')) ?? []).length;
  try {
    assert.equal(forwards(), 0);
    // 1. ProxyJump inside the ssh config given through the target's settings (sshConfigFile).
    const viaConfig = await runProfile(request({ host: 'behind-jump', sshConfigFile: sshd.clientConfig, remoteDir: sshd.remoteBase, env: { FAKE_APP_SECONDS: '1' } }, root, { batchMode: true }));
    assert.equal(viaConfig.status, 'complete', viaConfig.message);
    assert.ok(forwards() >= 1, `sshd forwarded the connection to itself (ProxyJump):\n${sshd.log().split('\n').filter((l) => /tcpip/.test(l)).join('\n')}`);
    // 2. The target's proxyJump setting (ssh -J), the jump host an alias of the same config.
    const before = forwards();
    const viaSetting = await runProfile(request({ host: sshd.alias, proxyJump: sshd.alias, sshConfigFile: sshd.clientConfig, remoteDir: sshd.remoteBase, env: { FAKE_APP_SECONDS: '1' } }, root, { batchMode: true }));
    assert.equal(viaSetting.status, 'complete', viaSetting.message);
    assert.ok(forwards() > before, 'the proxyJump setting went through the jump host');
    // 3. A jump host that is down: a clear failure naming the target, nothing run on it.
    const down = await runProfile(request({ host: sshd.alias, proxyJump: '127.0.0.1:1', sshConfigFile: sshd.clientConfig, remoteDir: sshd.remoteBase }, root, { batchMode: true, connectTimeoutS: 5 }));
    assert.equal(down.status, 'failed');
    assert.match(down.message, /sightline-test/);
    assert.match(down.message, /refused|closed|reach|connect/i, down.message);
    assert.deepEqual(await waitNoRemoteProcesses(sshd), []);
    assert.deepEqual(fs.existsSync(sshd.remoteBase) ? fs.readdirSync(sshd.remoteBase) : [], []);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
    await sshd.stop();
  }
});

test('proxyJump and sshConfigFile settings cannot smuggle ssh options', () => {
  assert.deepEqual(validateTarget({ host: 'orin', proxyJump: 'nvidia@jump.lab:2222,bastion' }), []);
  for (const bad of ['-oProxyCommand=touch /tmp/x', 'jump -oProxyCommand=x', 'a;b', 'jump,-F/tmp/x', "a'b", '', 'a\nb']) {
    assert.ok(validateTarget({ host: 'orin', proxyJump: bad }).some((p) => /proxyJump/.test(p)), JSON.stringify(bad));
  }
  assert.ok(validateTarget({ host: 'orin', sshConfigFile: 'a\nb' }).some((p) => /sshConfigFile/.test(p)));
  assert.deepEqual(validateTarget({ host: 'orin', sshConfigFile: '/home/u/.ssh/lab_config' }), []);
});
