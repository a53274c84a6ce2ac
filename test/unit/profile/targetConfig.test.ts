// Targets: CLI specs, settings validation, ~/.ssh/config hosts, Workspace Trust filtering.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTargetSpec, validateTarget, targetSlug, targetLabel } from '../../../client/profile/core/target';
import { parseSshConfigHosts } from '../../../client/profile/core/sshConfig';
import { trustedValue } from '../../../client/profile/core/trustedSettings';

test('parseTargetSpec: user@host:port, IPv6, aliases; errors say what is wrong', () => {
  assert.deepEqual(parseTargetSpec('nvidia@orin.local:2222'), { host: 'orin.local', user: 'nvidia', port: 2222, source: 'cli' });
  assert.deepEqual(parseTargetSpec('jetson'), { host: 'jetson', user: undefined, port: undefined, source: 'cli' });
  assert.deepEqual(parseTargetSpec('root@[::1]:22'), { host: '::1', user: 'root', port: 22, source: 'cli' });
  assert.throws(() => parseTargetSpec('a:b:c'), /expected \[user@\]host\[:port\]/);
  assert.throws(() => parseTargetSpec('@host'), /empty user/);
});

test('validateTarget refuses option-like hosts/users, bad ports and env names', () => {
  assert.deepEqual(validateTarget({ host: 'orin', port: 22, env: { GST_DEBUG: '3' } }), []);
  assert.match(validateTarget({ host: '-oProxyCommand=touch x' }).join(), /must not start with '-'/);
  assert.match(validateTarget({ host: 'h', user: '-l' }).join(), /"user" is not a valid user name/);
  assert.match(validateTarget({ host: 'h', port: 70000 }).join(), /"port" must be 1..65535/);
  assert.match(validateTarget({ host: 'h', env: { 'A;B': '1' } }).join(), /invalid variable name: A;B/);
  assert.match(validateTarget({}).join(), /"host" is required/);
});

test('labels and run-folder slugs', () => {
  assert.equal(targetLabel({ host: 'orin', user: 'nvidia', port: 2222 }), 'nvidia@orin:2222');
  assert.equal(targetSlug({ host: 'orin', user: 'nvidia', port: 2222 }), 'nvidia_orin_2222');
  assert.equal(targetSlug({ host: '../../etc' }), 'etc');
});

test('~/.ssh/config hosts: aliases only, first value wins, Match blocks and patterns skipped, Include followed', () => {
  const main = [
    '# comment',
    'Host orin orin-lab',
    '  HostName 192.168.55.1',
    '  User nvidia',
    '  Port 2222',
    '  User ignored',
    'Host *.corp !bad',
    '  User x',
    'Match host foo',
    '  User matched',
    'Include conf.d/*',
    'Host "quoted host"',
    '  HostName=10.0.0.9',
  ].join('\n');
  const files: Record<string, string> = { '/home/u/.ssh/conf.d/a': 'Host gpu-server\n  HostName gpu.example\nHost orin\n  User other\n' };
  const hosts = parseSshConfigHosts(main, '/home/u/.ssh/config', '/home/u/.ssh', {
    readText: (p) => files[p],
    glob: (p) => Object.keys(files).filter((f) => p === '/home/u/.ssh/conf.d/*' && f.startsWith('/home/u/.ssh/conf.d/')),
  });
  assert.deepEqual(
    hosts.map((h) => [h.alias, h.hostName, h.user, h.port, h.line]),
    [
      ['orin', '192.168.55.1', 'nvidia', 2222, 2],
      ['orin-lab', '192.168.55.1', 'nvidia', 2222, 2],
      ['gpu-server', 'gpu.example', undefined, undefined, 1],
      ['quoted host', '10.0.0.9', undefined, undefined, 12],
    ],
  );
});

test('untrusted workspace: workspace values of profiling settings are ignored', () => {
  const s = { defaultValue: [], globalValue: [{ host: 'mine' }], workspaceValue: [{ host: 'evil', env: { LD_PRELOAD: '/tmp/x.so' } }] };
  assert.deepEqual(trustedValue(s, true), { value: [{ host: 'evil', env: { LD_PRELOAD: '/tmp/x.so' } }], ignoredWorkspaceValue: false });
  assert.deepEqual(trustedValue(s, false), { value: [{ host: 'mine' }], ignoredWorkspaceValue: true });
  assert.deepEqual(trustedValue({ defaultValue: 20, workspaceFolderValue: 999 }, false), { value: 20, ignoredWorkspaceValue: true });
});

test('package.json declares every profiling setting as restricted in untrusted workspaces', async () => {
  const { restrictedProfileSettings } = await import('../../../client/profile/core/trustedSettings');
  const { repoRoot } = await import('../../support/lspClient');
  const fs = await import('node:fs');
  const path = await import('node:path');
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { capabilities?: { untrustedWorkspaces?: { supported?: unknown; restrictedConfigurations?: string[] } }; contributes: { configuration: { properties: Record<string, unknown> } } };
  const u = pkg.capabilities?.untrustedWorkspaces;
  assert.equal(u?.supported, 'limited');
  for (const k of restrictedProfileSettings) {
    assert.ok(u?.restrictedConfigurations?.includes(k), `${k} restricted`);
    assert.ok(k in pkg.contributes.configuration.properties, `${k} declared`);
  }
});
