// `sightline profile` end to end against a real OpenSSH server (test/support/sshd.ts) and the
// fake nsys on the "remote" PATH, which writes real captures from ../shared/traces/h100.
// Every test ends with a clear message, no process left on the "target", nothing captured lost.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { repoRoot } from '../../support/lspClient';
import { startSshd, waitNoRemoteProcesses, fakeNsysDir, type TestSshd } from '../../support/sshd';
import type { RunMetadata } from '../../../client/profile/core/runStore';

const sharedTraces = path.resolve(repoRoot, '..', 'shared', 'traces', 'h100');
const cli = path.join(repoRoot, 'dist', 'cli.js');
const app = path.join(fakeNsysDir, 'app.py');

interface CliRun {
  code: number | null;
  out: string;
  err: string;
  ms: number;
}

function runCli(args: string[], opts: { onErr?: (all: string, child: ReturnType<typeof spawn>) => void; stdin?: (all: string, write: (s: string) => void) => void } = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, [cli, 'profile', ...args], { stdio: ['pipe', 'pipe', 'pipe'], cwd: os.tmpdir() });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      opts.onErr?.(err, child);
      opts.stdin?.(err, (s) => child.stdin!.write(s));
    });
    if (!opts.stdin) child.stdin!.end();
    child.on('close', (code) => resolve({ code, out, err, ms: Date.now() - t0 }));
  });
}

function sha256(buf: Buffer): string {
  return createHash('sha256').update(buf).digest('hex');
}

const traceBytes = (name: string) => gunzipSync(fs.readFileSync(path.join(sharedTraces, `${name}.sqlite.gz`)));

let sshd: TestSshd;
let outRoot: string;

before(async () => {
  sshd = await startSshd();
  outRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-profiles-'));
});

after(async () => {
  await sshd?.stop();
  fs.rmSync(outRoot, { recursive: true, force: true });
});

function baseArgs(s: TestSshd, out: string, extra: string[] = []): string[] {
  return ['--target', s.alias, '--ssh-config', s.clientConfig, '--remote-dir', s.remoteBase, '--out', out, ...extra];
}

function onlyRun(out: string): { dir: string; meta: RunMetadata } {
  const dirs = fs.readdirSync(out).filter((d) => fs.existsSync(path.join(out, d, 'run.json')));
  assert.equal(dirs.length, 1, `one run folder expected in ${out}: ${dirs.join(', ')}`);
  const dir = path.join(out, dirs[0]);
  return { dir, meta: JSON.parse(fs.readFileSync(path.join(dir, 'run.json'), 'utf8')) as RunMetadata };
}

function freshOut(name: string): string {
  const d = path.join(outRoot, name);
  fs.mkdirSync(d, { recursive: true });
  return d;
}

async function assertNoOrphans(s: TestSshd): Promise<void> {
  const left = await waitNoRemoteProcesses(s);
  assert.deepEqual(left, [], `processes left on the target: ${JSON.stringify(left)}`);
}

function remoteRunsLeft(s: TestSshd): string[] {
  return fs.existsSync(s.remoteBase) ? fs.readdirSync(s.remoteBase) : [];
}

function resetFake(s: TestSshd): void {
  for (const f of ['trace', 'paranoid', 'fail', 'noexport']) s.setFake(f, undefined);
}

test('happy path: capture, export on the target, download, cleanup, metadata', { timeout: 120_000 }, async () => {
  resetFake(sshd);
  sshd.setFake('trace', 'cpp');
  const out = freshOut('happy');
  const r = await runCli(baseArgs(sshd, out, ['--duration', '5', '--trace', 'cuda,nvtx,osrt', '--env', 'FAKE_APP_SECONDS=1', '--', app, '--frames', '10']));
  assert.equal(r.code, 0, `exit 0 expected\n${r.out}\n${r.err}`);
  const { dir, meta } = onlyRun(out);
  assert.match(r.out, /Report in /);
  assert.ok(r.out.includes(path.join(dir, 'report.sqlite')), r.out);
  assert.equal(meta.status, 'complete');
  assert.equal(meta.nsysVersion, '2025.3.1.90-253135822126v0');
  assert.equal(meta.target.host, sshd.alias);
  assert.deepEqual(meta.command, [app, '--frames', '10']);
  assert.deepEqual(meta.trace, ['cuda', 'nvtx', 'osrt']);
  assert.equal(meta.exportedOn, 'target');
  assert.match(path.basename(dir), /^\d{8}-\d{6}-sightline-test$/);
  // The SQLite that came home is byte for byte the real capture the "target" wrote.
  assert.equal(sha256(fs.readFileSync(path.join(dir, 'report.sqlite'))), sha256(traceBytes('cpp')));
  assert.ok(fs.statSync(path.join(dir, 'report.nsys-rep')).size > 1000);
  // The live output (nsys and the app) was streamed and logged.
  assert.match(r.err, /app: frame 3/);
  // The remote scripts' @@ protocol lines (exit status, result listing) are not shown as output.
  assert.ok(!/^@@/m.test(r.err), r.err);
  assert.match(fs.readFileSync(path.join(dir, 'capture.log'), 'utf8'), /Generated:/);
  assert.deepEqual(remoteRunsLeft(sshd), [], 'remote run folder removed');
  assert.equal(meta.remoteKept, false);
  await assertNoOrphans(sshd);
});

test('hostile arguments and paths arrive verbatim and are never executed', { timeout: 120_000 }, async () => {
  resetFake(sshd);
  const out = freshOut('hostile');
  const weird = path.join(sshd.dir, `app dir 'q' "d" $(touch PWNED0) ;x`);
  fs.mkdirSync(weird);
  const hostileApp = path.join(weird, 'my app.py');
  fs.copyFileSync(app, hostileApp);
  fs.chmodSync(hostileApp, 0o755);
  const cwd = path.join(sshd.dir, 'cwd `touch PWNED1` here');
  fs.mkdirSync(cwd);
  const hostile = [
    'a b',
    "it's",
    '"double"',
    '$(touch PWNED2)',
    '`touch PWNED3`',
    'x; touch PWNED4',
    'line1\nline2; touch PWNED5',
    '$HOME',
    '*',
    '',
    '\\',
    '--trace=none',
    "'; touch PWNED6; echo '",
    '| touch PWNED7 &',
    'ünï€ode',
  ];
  const r = await runCli(baseArgs(sshd, out, ['--duration', '5', '--cwd', cwd, '--env', 'FAKE_APP_SECONDS=0.3', '--env', 'EVIL=$(touch PWNED8)', '--', hostileApp, ...hostile]));
  assert.equal(r.code, 0, `${r.out}\n${r.err}`);
  const got = JSON.parse(fs.readFileSync(path.join(sshd.stateDir, 'app-argv.json'), 'utf8')) as { argv: string[]; cwd: string };
  assert.deepEqual(got.argv, hostile);
  assert.equal(got.cwd, cwd);
  const pwned = execFileSync('find', [sshd.dir, os.tmpdir(), os.homedir(), '-maxdepth', '3', '-name', 'PWNED*'], { encoding: 'utf8' }).trim();
  assert.equal(pwned, '', `something was executed: ${pwned}`);
  const { meta } = onlyRun(out);
  assert.deepEqual(meta.command, [hostileApp, ...hostile]);
  await assertNoOrphans(sshd);
});

test('cancel mid-capture stops nsys cleanly and keeps what was captured', { timeout: 120_000 }, async () => {
  resetFake(sshd);
  const out = freshOut('cancel');
  let sent = false;
  const r = await runCli(baseArgs(sshd, out, ['--duration', '60', '--env', 'FAKE_APP_SECONDS=60', '--', app]), {
    onErr: (all, child) => {
      if (!sent && /app: frame 5/.test(all)) {
        sent = true;
        child.kill('SIGINT');
      }
    },
  });
  assert.ok(sent, 'the capture was running');
  assert.equal(r.code, 130, `${r.out}\n${r.err}`);
  assert.ok(r.ms < 30000, `stopped promptly (${r.ms} ms)`);
  assert.match(r.err, /nsys stop/);
  assert.match(r.err, /nsys shutdown/);
  const { dir, meta } = onlyRun(out);
  assert.equal(meta.status, 'cancelled');
  assert.match(meta.message ?? '', /what was captured is kept/);
  assert.equal(sha256(fs.readFileSync(path.join(dir, 'report.sqlite'))), sha256(traceBytes('cpp')));
  await assertNoOrphans(sshd);
  assert.deepEqual(remoteRunsLeft(sshd), []);
});

test('sshd killed mid-download: the download resumes after the server is back', { timeout: 120_000 }, async () => {
  resetFake(sshd);
  sshd.setFake('trace', 'api');
  const out = freshOut('resume');
  let killed = false;
  let restarting: Promise<void> | undefined;
  const watch = setInterval(() => {
    if (killed) return;
    const runs = fs.existsSync(out) ? fs.readdirSync(out) : [];
    for (const d of runs) {
      const part = path.join(out, d, 'report.sqlite.part');
      if (fs.existsSync(part) && fs.statSync(part).size > 1_000_000) {
        killed = true;
        sshd.kill();
        restarting = new Promise((r) => setTimeout(r, 500)).then(() => sshd.restart());
      }
    }
  }, 20);
  const r = await runCli(baseArgs(sshd, out, ['--duration', '5', '--env', 'FAKE_APP_SECONDS=0.2', '--rate-limit', '1024', '--retry-delay-ms', '1500', '--', app]));
  clearInterval(watch);
  await restarting;
  assert.ok(killed, 'sshd was killed during the download');
  assert.equal(r.code, 0, `${r.out}\n${r.err}`);
  assert.match(r.err, /interrupted at \d+\/\d+ bytes.*resumes from there/);
  const { dir, meta } = onlyRun(out);
  assert.equal(meta.status, 'complete');
  assert.equal(sha256(fs.readFileSync(path.join(dir, 'report.sqlite'))), sha256(traceBytes('api')));
  await assertNoOrphans(sshd);
});

test('sshd killed mid-download and not back: clear message, partial and remote files kept', { timeout: 120_000 }, async () => {
  const s = await startSshd();
  try {
    s.setFake('trace', 'api');
    const out = freshOut('dropped');
    let killed = false;
    const watch = setInterval(() => {
      if (killed) return;
      for (const d of fs.existsSync(out) ? fs.readdirSync(out) : []) {
        const part = path.join(out, d, 'report.sqlite.part');
        if (fs.existsSync(part) && fs.statSync(part).size > 500_000) {
          killed = true;
          s.kill();
        }
      }
    }, 20);
    const r = await runCli(baseArgs(s, out, ['--duration', '5', '--env', 'FAKE_APP_SECONDS=0.2', '--rate-limit', '1024', '--retries', '3', '--retry-delay-ms', '200', '--', app]));
    clearInterval(watch);
    assert.ok(killed);
    assert.equal(r.code, 4, `${r.out}\n${r.err}`);
    assert.match(r.out, /Could not download everything/);
    assert.match(r.out, /remote files were kept/);
    const { dir, meta } = onlyRun(out);
    assert.equal(meta.status, 'incomplete');
    assert.equal(meta.remoteKept, true);
    // What arrived is kept, and the whole capture is still on the target.
    assert.ok(fs.statSync(path.join(dir, 'report.sqlite.part')).size > 500_000);
    assert.ok(fs.existsSync(path.join(dir, 'report.nsys-rep')) || fs.existsSync(path.join(dir, 'report.nsys-rep.part')));
    assert.ok(fs.existsSync(path.join(s.remoteBase, meta.id, 'report.nsys-rep')));
    const remote = path.join(s.remoteBase, meta.id, 'report.sqlite');
    assert.equal(sha256(fs.readFileSync(remote)), sha256(traceBytes('api')));
    assert.deepEqual(s.remoteProcesses(), []);
  } finally {
    await s.stop();
  }
});

test('a target that ssh would read as an option is bad usage: exit 2, nothing created, nothing run', { timeout: 60_000 }, async () => {
  const out = freshOut('option-target');
  const marker = path.join(out, 'PWNED');
  const r = await runCli(['--target', `-oProxyCommand=touch ${marker}`, '--out', out, '--duration', '1', '--', 'echo', 'hi']);
  assert.equal(r.code, 2, r.err);
  assert.match(r.err, /"host" must not start with '-'/);
  assert.deepEqual(fs.readdirSync(out), [], 'no run folder for a refused target');
  assert.equal(fs.existsSync(marker), false);
});

test('wrong key: authentication fails with a clear message, nothing runs', { timeout: 120_000 }, async () => {
  const out = freshOut('wrongkey');
  const other = path.join(sshd.dir, 'id_other');
  if (!fs.existsSync(other)) execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', other]);
  const cfg = path.join(sshd.dir, 'ssh_config_wrong_key');
  fs.writeFileSync(cfg, fs.readFileSync(sshd.clientConfig, 'utf8').replace(/IdentityFile .*/, `IdentityFile ${other}`));
  const r = await runCli(['--target', sshd.alias, '--ssh-config', cfg, '--remote-dir', sshd.remoteBase, '--out', out, '--', app]);
  assert.equal(r.code, 1, `${r.out}\n${r.err}`);
  assert.match(r.out, /Authentication to sightline-test failed .*Permission denied \(publickey\)/);
  assert.equal(onlyRun(out).meta.status, 'failed');
  await assertNoOrphans(sshd);
});

test('unknown host key: refused as OpenSSH does, with what to do', { timeout: 120_000 }, async () => {
  const s = await startSshd({ knownHost: false });
  try {
    const out = freshOut('hostkey');
    const r = await runCli(baseArgs(s, out, ['--', app]));
    assert.equal(r.code, 1, `${r.out}\n${r.err}`);
    assert.match(r.out, /host key of sightline-test is not known/);
    assert.match(r.out, /verify the fingerprint/);
    assert.equal(fs.readFileSync(s.knownHosts, 'utf8'), '', 'known_hosts untouched');
    assert.deepEqual(s.remoteProcesses(), []);
    assert.deepEqual(remoteRunsLeft(s), []);
  } finally {
    await s.stop();
  }
});

test('nsys missing on the target: preflight says where it looked and how to fix it', { timeout: 120_000 }, async () => {
  const s = await startSshd({ fakeNsys: false });
  try {
    const out = freshOut('nonsys');
    const r = await runCli(baseArgs(s, out, ['--', app]));
    assert.equal(r.code, 3, `${r.out}\n${r.err}`);
    assert.match(r.out, /nsys \(Nsight Systems CLI\) was not found on sightline-test/);
    assert.match(r.out, /nsysPath/);
    assert.deepEqual(remoteRunsLeft(s), [], 'the empty remote run folder is removed');
    assert.deepEqual(s.remoteProcesses(), []);
  } finally {
    await s.stop();
  }
});

test('perf_event_paranoid too high: preflight stops with the fix; --no-cpu-sampling captures anyway', { timeout: 120_000 }, async () => {
  resetFake(sshd);
  sshd.setFake('paranoid', '4');
  const out = freshOut('paranoid');
  const r = await runCli(baseArgs(sshd, out, ['--', app]));
  assert.equal(r.code, 3, `${r.out}\n${r.err}`);
  assert.match(r.out, /perf_event_paranoid is 4 on sightline-test/);
  assert.match(r.out, /echo 2 > \/proc\/sys\/kernel\/perf_event_paranoid/);
  assert.ok(!fs.existsSync(path.join(sshd.stateDir, 'app-argv.json')) || fs.statSync(path.join(sshd.stateDir, 'app-argv.json')).mtimeMs < Date.now() - r.ms, 'the app did not run');
  const out2 = freshOut('paranoid-nosampling');
  const r2 = await runCli(baseArgs(sshd, out2, ['--no-cpu-sampling', '--duration', '3', '--env', 'FAKE_APP_SECONDS=0.2', '--', app]));
  assert.equal(r2.code, 0, `${r2.out}\n${r2.err}`);
  assert.match(r2.err, /--sample=none --cpuctxsw=none/);
  sshd.setFake('paranoid', undefined);
  await assertNoOrphans(sshd);
});

test('remote disk full: too little free space stops the preflight; ENOSPC during the capture is reported', { timeout: 120_000 }, async () => {
  resetFake(sshd);
  const out = freshOut('diskfull');
  const r = await runCli(baseArgs(sshd, out, ['--min-free-mb', '1000000000', '--', app]));
  assert.equal(r.code, 3, `${r.out}\n${r.err}`);
  assert.match(r.out, /Only \d+ MB free on sightline-test .*at least 1000000000 MB are needed/);
  sshd.setFake('fail', 'enospc');
  const out2 = freshOut('diskfull-capture');
  const r2 = await runCli(baseArgs(sshd, out2, ['--duration', '3', '--env', 'FAKE_APP_SECONDS=0.2', '--', app]));
  sshd.setFake('fail', undefined);
  assert.equal(r2.code, 1, `${r2.out}\n${r2.err}`);
  assert.match(r2.out, /nsys produced no report on sightline-test .*No space left on device/);
  const { dir, meta } = onlyRun(out2);
  assert.equal(meta.status, 'failed');
  assert.match(fs.readFileSync(path.join(dir, 'capture.log'), 'utf8'), /No space left on device/);
  await assertNoOrphans(sshd);
});

test('captureGraphs: GStreamer graphs come back with NVMM vs system memory per link', { timeout: 120_000 }, async () => {
  resetFake(sshd);
  const out = freshOut('graphs');
  const r = await runCli(baseArgs(sshd, out, ['--graphs', '--duration', '10', '--', '/usr/bin/python3', path.join(fakeNsysDir, 'gst_app.py')]));
  assert.equal(r.code, 0, `${r.out}\n${r.err}`);
  const { dir, meta } = onlyRun(out);
  assert.equal(meta.files.graphs.length, 1);
  assert.ok(fs.existsSync(path.join(dir, meta.files.graphs[0])));
  const g = meta.graphs[0];
  assert.equal(g.nvmmLinks, 3, JSON.stringify(g.links));
  assert.equal(g.systemLinks, 3, JSON.stringify(g.links));
  assert.ok(g.links.some((l) => l.from === 'src.src' && l.to === 'q_nvmm.sink' && l.memory === 'NVMM' && l.format === 'NV12' && l.size === '1920x1080'));
  assert.ok(g.links.some((l) => l.to === 'sink_sys.sink' && l.memory === 'system' && l.format === 'RGBA'));
  assert.match(r.out, /3 NVMM, 3 system memory/);
  await assertNoOrphans(sshd);
});

test('interactive capture: nsys launch, Enter starts (nsys start), Enter stops (nsys stop)', { timeout: 120_000 }, async () => {
  resetFake(sshd);
  const out = freshOut('interactive');
  let started = false;
  let stopped = false;
  const r = await runCli(baseArgs(sshd, out, ['--interactive', '--env', 'FAKE_APP_SECONDS=60', '--', app]), {
    stdin: (all, write) => {
      if (!started && /press Enter to START/.test(all) && /app: frame 2/.test(all)) {
        started = true;
        write('\n');
      } else if (started && !stopped && /press Enter to STOP/.test(all)) {
        stopped = true;
        setTimeout(() => write('\n'), 500);
      }
    },
  });
  assert.ok(started && stopped);
  assert.equal(r.code, 0, `${r.out}\n${r.err}`);
  assert.match(r.err, /nsys start/);
  assert.match(r.err, /nsys shutdown/);
  const { dir, meta } = onlyRun(out);
  assert.equal(meta.mode, 'interactive');
  assert.equal(sha256(fs.readFileSync(path.join(dir, 'report.sqlite'))), sha256(traceBytes('cpp')));
  await assertNoOrphans(sshd);
});

test('export falls back to the local nsys when the target cannot export', { timeout: 120_000 }, async () => {
  resetFake(sshd);
  sshd.setFake('noexport', '1');
  const out = freshOut('localexport');
  const r = await runCli(baseArgs(sshd, out, ['--duration', '3', '--env', 'FAKE_APP_SECONDS=0.2', '--local-nsys', path.join(fakeNsysDir, 'nsys'), '--', app]));
  sshd.setFake('noexport', undefined);
  assert.equal(r.code, 0, `${r.out}\n${r.err}`);
  const { dir, meta } = onlyRun(out);
  assert.equal(meta.exportedOn, 'local');
  assert.equal(sha256(fs.readFileSync(path.join(dir, 'report.sqlite'))), sha256(traceBytes('cpp')));
  await assertNoOrphans(sshd);
});
