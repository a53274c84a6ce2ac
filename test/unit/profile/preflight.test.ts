// Preflight: the real `nsys status --environment` of an H100 machine (captured in the real run),
// the preflight script run by a real /bin/sh, and the checks with their fixes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { repoRoot } from '../../support/lspClient';
import { parseNsysStatus } from '../../../client/profile/core/nsysStatus';
import { filesToCheck, parsePreflight, preflightErrors } from '../../../client/profile/core/preflight';
import { preflightScript } from '../../../client/profile/core/remoteScripts';
import { parseNsysVersion, nsysProfileArgs } from '../../../client/profile/core/nsysArgs';

const fixtures = path.join(repoRoot, 'test', 'fixtures', 'fake-nsys');
const policy = { minFreeMB: 1, noCpuSampling: false, targetLabel: 'orin' };

test('real nsys status --environment (H100, nsys 2025.3.1) parses', () => {
  const env = parseNsysStatus(fs.readFileSync(path.join(fixtures, 'nsys-status-environment.h100.txt'), 'utf8'));
  assert.equal(env.paranoidLevel, 2);
  assert.deepEqual(env.cpuProfiling, [
    { scope: 'process-tree', ok: true },
    { scope: 'system-wide', ok: true },
  ]);
  assert.ok(env.entries.some((e) => e.key === 'Linux Distribution' && e.value === 'Ubuntu'));
});

test('nsys versions as printed by the real CLI', () => {
  assert.equal(parseNsysVersion('NVIDIA Nsight Systems version 2025.3.1.0'), '2025.3.1.0');
  assert.equal(parseNsysVersion('NVIDIA Nsight Systems version 2024.5.4.34-245434855735v0'), '2024.5.4.34-245434855735v0');
  assert.equal(parseNsysVersion('bash: nsys: command not found'), undefined);
});

function sandbox(): { dir: string; nsysDir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-preflight-'));
  const nsysDir = path.join(dir, 'opt', 'nvidia', 'nsight-systems');
  for (const v of ['2024.5.1', '2025.3.1']) {
    fs.mkdirSync(path.join(nsysDir, v, 'bin'), { recursive: true });
    const f = path.join(nsysDir, v, 'bin', 'nsys');
    fs.writeFileSync(f, `#!/bin/sh\ncase "$1" in --version) echo "NVIDIA Nsight Systems version ${v}.90-1";; status) cat ${JSON.stringify(path.join(fixtures, 'nsys-status-environment.h100.txt'))};; esac\n`);
    fs.chmodSync(f, 0o755);
  }
  return { dir, nsysDir };
}

function runScript(script: string, pathEnv = '/usr/bin:/bin'): string {
  return execFileSync('/bin/sh', ['-c', script], { encoding: 'utf8', env: { PATH: pathEnv, HOME: os.tmpdir() } });
}

test('the preflight script finds the newest nsys under the install folders, checks files and disk', () => {
  const { dir, nsysDir } = sandbox();
  try {
    fs.writeFileSync(path.join(dir, 'my config.txt'), '[application]\n');
    const files = [
      { kind: 'command' as const, path: 'sh' },
      { kind: 'file' as const, path: path.join(dir, 'my config.txt') },
      { kind: 'file' as const, path: path.join(dir, 'missing $(x).txt') },
    ];
    const out = runScript(preflightScript({ remoteBase: path.join(dir, 'runs'), runId: 'r1', files, searchPatterns: [`${nsysDir}/*/bin/nsys`] }));
    const r = parsePreflight(out, files, policy);
    assert.equal(r.nsysPath, path.join(nsysDir, '2025.3.1', 'bin', 'nsys'));
    assert.equal(r.nsysVersion, '2025.3.1.90-1');
    assert.equal(r.environment?.paranoidLevel, 2);
    assert.equal(r.runDir, path.join(dir, 'runs', 'r1'));
    assert.ok(fs.statSync(path.join(dir, 'runs', 'r1')).isDirectory());
    assert.ok((r.freeKB ?? 0) > 0);
    assert.deepEqual(r.files.map((f) => f.ok), [true, true, false]);
    const errors = preflightErrors(r);
    assert.equal(errors.length, 1);
    assert.match(errors[0].message, /The file '.*missing \$\(x\)\.txt' does not exist on orin/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('nsys missing, paranoid too high, disk too small: each is an error with its fix', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-preflight-'));
  try {
    const out = runScript(preflightScript({ remoteBase: dir, runId: 'r2', files: [], searchPatterns: [`${dir}/none*/bin/nsys`] }));
    const r = parsePreflight(out, [], { ...policy, minFreeMB: 1e12 });
    const ids = preflightErrors(r).map((c) => c.id);
    assert.deepEqual(ids, ['nsys', 'disk']);
    assert.match(r.checks[0].fix ?? '', /nsysPath/);
    const high = parsePreflight('@@nsys /x/nsys\n@@version-begin\nNVIDIA Nsight Systems version 2025.3.1.0\n@@version-end 0\n@@paranoid 4\n@@rundir /tmp/r\n@@df 999999\n@@end\n', [], policy);
    const p = preflightErrors(high);
    assert.equal(p[0].id, 'perf-paranoid');
    assert.match(p[0].message, /perf_event_paranoid is 4 on orin/);
    assert.match(p[0].fix ?? '', /echo 2 > \/proc\/sys\/kernel\/perf_event_paranoid/);
    const allowed = parsePreflight('@@nsys /x/nsys\n@@version-begin\nNVIDIA Nsight Systems version 2025.3.1.0\n@@version-end 0\n@@paranoid 4\n@@rundir /tmp/r\n@@df 999999\n@@end\n', [], { ...policy, noCpuSampling: true });
    assert.deepEqual(preflightErrors(allowed), []);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('Jetson: release, nvpmodel and clocks are reported with the pinning advice', () => {
  const r = parsePreflight(
    '@@nsys /usr/local/cuda/bin/nsys\n@@version-begin\nNVIDIA Nsight Systems version 2024.5.4.34\n@@version-end 0\n@@paranoid 2\n@@rundir /home/nvidia/r\n@@df 5000000\n@@jetson # R36 (release), REVISION: 4.0\n@@nvpmodel NV Power Mode: MAXN\n@@nvpmodel 0\n@@clocks SOC family:tegra234  Machine:NVIDIA Jetson AGX Orin\n@@end\n',
    [],
    policy,
  );
  const j = r.checks.find((c) => c.id === 'jetson-clocks');
  assert.ok(j);
  assert.match(j.message, /Jetson R36 \(release\), REVISION: 4.0; nvpmodel: NV Power Mode: MAXN 0/);
  assert.match(j.fix ?? '', /jetson_clocks/);
});

test('files worth checking: program, python script, -c configs, config-looking operands', () => {
  assert.deepEqual(filesToCheck(['deepstream-app', '-c', 'cfg/app.txt']), [
    { kind: 'command', path: 'deepstream-app' },
    { kind: 'file', path: 'cfg/app.txt' },
  ]);
  assert.deepEqual(filesToCheck(['python3', '-u', 'deepstream_test_1.py', 'sample.h264', 'dstest1_pgie_config.yml']), [
    { kind: 'command', path: 'python3' },
    { kind: 'file', path: 'deepstream_test_1.py' },
    { kind: 'file', path: 'dstest1_pgie_config.yml' },
  ]);
  assert.deepEqual(filesToCheck(['python3', '-c', 'print(1)', 'x.txt']), [{ kind: 'command', path: 'python3' }]);
  assert.deepEqual(filesToCheck(['./app', 'rtsp://cam/x.yml']), [{ kind: 'command', path: './app' }]);
});

test('nsys profile argv carries every option the real CLI takes', () => {
  assert.deepEqual(nsysProfileArgs('/n/nsys', 's1', '/r/report', { trace: ['cuda', 'nvtx'], durationS: 20, delayS: 5, noCpuSampling: true }, ['app', '--x']), [
    '/n/nsys', 'profile', '--session-new=s1', '--trace=cuda,nvtx', '-o', '/r/report', '--force-overwrite=true', '--export=sqlite', '--duration=20', '--delay=5', '--sample=none', '--cpuctxsw=none', 'app', '--x',
  ]);
});
