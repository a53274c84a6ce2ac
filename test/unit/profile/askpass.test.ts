// Passphrases asked through the askpass bridge (as VS Code does with an input box), against a
// real sshd with a passphrase-protected key; a wrong answer fails with a clear message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startSshd } from '../../support/sshd';
import { AskpassServer, classifyAskpassPrompt } from '../../../client/profile/core/askpass';
import { SshClient, SshError } from '../../../client/profile/core/sshClient';

test('a key passphrase is asked once through askpass and the connection is multiplexed', { timeout: 60_000 }, async () => {
  const sshd = await startSshd({ passphrase: 'correct horse' });
  const prompts: string[] = [];
  const askpass = await AskpassServer.start(async (p) => {
    prompts.push(p);
    return 'correct horse';
  });
  const ssh = new SshClient({ target: { host: sshd.alias }, configFile: sshd.clientConfig, batchMode: false, askpassEnv: askpass.env() });
  try {
    await ssh.connect();
    const r1 = await ssh.exec('echo one');
    const r2 = await ssh.exec('echo two');
    assert.equal(r1.stdout.trim(), 'one');
    assert.equal(r2.stdout.trim(), 'two');
    assert.equal(prompts.length, 1, `asked once (master connection reused): ${prompts.join(' | ')}`);
    assert.equal(classifyAskpassPrompt(prompts[0]), 'passphrase');
    assert.ok(ssh.multiplexed);
  } finally {
    await ssh.close();
    askpass.close();
    await sshd.stop();
  }
});

test('a wrong passphrase ends with an authentication message', { timeout: 60_000 }, async () => {
  const sshd = await startSshd({ passphrase: 'right' });
  const askpass = await AskpassServer.start(async () => 'wrong');
  const ssh = new SshClient({ target: { host: sshd.alias }, configFile: sshd.clientConfig, batchMode: false, askpassEnv: askpass.env(), extraOptions: ['NumberOfPasswordPrompts=1'] });
  try {
    await assert.rejects(ssh.connect(), (e: unknown) => e instanceof SshError && e.failure.kind === 'auth-failed' && /Authentication to sightline-test failed/.test(e.message));
  } finally {
    await ssh.close();
    askpass.close();
    await sshd.stop();
  }
});

test('askpass prompts are told apart', () => {
  assert.equal(classifyAskpassPrompt("The authenticity of host '[127.0.0.1]:2222' can't be established.\nED25519 key fingerprint is SHA256:x.\nAre you sure you want to continue connecting (yes/no/[fingerprint])? "), 'host-key');
  assert.equal(classifyAskpassPrompt("Enter passphrase for key '/home/u/.ssh/id_ed25519': "), 'passphrase');
  assert.equal(classifyAskpassPrompt("nvidia@orin's password: "), 'password');
});
