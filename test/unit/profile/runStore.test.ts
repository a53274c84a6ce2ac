// Run folders under .sightline/profiles: names, metadata, listing newest first, safe delete.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRunDir, deleteRun, listRuns, readMetadata, runTimestamp, writeMetadata, type RunMetadata } from '../../../client/profile/core/runStore';
import { classifySshFailure } from '../../../client/profile/core/sshErrors';

function meta(id: string, startedAt: string): RunMetadata {
  return { schema: 1, id, target: { label: 'orin', host: 'orin' }, command: ['app'], trace: ['cuda'], durationS: 1, delayS: 0, mode: 'profile', startedAt, remoteKept: false, status: 'complete', checks: [], files: { graphs: [] }, graphs: [] };
}

test('run folders: <timestamp>-<target>, unique, listed newest first, deleted only when they are runs', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-runs-'));
  try {
    assert.equal(runTimestamp(new Date('2026-11-22T05:13:42Z')), '20261122-051342');
    const a = createRunDir(root, '20261122-051342', 'orin');
    const b = createRunDir(root, '20261122-051342', 'orin');
    assert.equal(path.basename(a.dir), '20261122-051342-orin');
    assert.equal(path.basename(b.dir), '20261122-051342-orin-1');
    writeMetadata(a.dir, meta(a.id, '2026-11-22T05:13:42.000Z'));
    writeMetadata(b.dir, meta(b.id, '2026-11-22T05:13:42.500Z'));
    fs.mkdirSync(path.join(root, 'not-a-run'));
    assert.deepEqual(listRuns(root).map((r) => r.metadata.id), [b.id, a.id]);
    assert.equal(readMetadata(a.dir)?.target.host, 'orin');
    assert.throws(() => deleteRun(root, path.join(root, 'not-a-run')), /not a Sightline run folder/);
    assert.throws(() => deleteRun(root, root), /not a Sightline run folder/);
    deleteRun(root, a.dir);
    assert.deepEqual(listRuns(root).map((r) => r.metadata.id), [b.id]);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('OpenSSH failure texts become kinds with advice', () => {
  assert.equal(classifySshFailure('No ED25519 host key is known for [127.0.0.1]:2222 and you have requested strict checking.\r\nHost key verification failed.\r\n', 'orin').kind, 'host-key-unknown');
  assert.equal(classifySshFailure('@@@@@@@@@@@\n@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\nHost key verification failed.', 'orin').kind, 'host-key-changed');
  assert.equal(classifySshFailure('root@127.0.0.1: Permission denied (publickey).', 'orin').kind, 'auth-failed');
  assert.equal(classifySshFailure('ssh: connect to host 127.0.0.1 port 1: Connection refused', 'orin').kind, 'connection-refused');
  assert.equal(classifySshFailure('ssh: Could not resolve hostname nowhere.invalid: Name or service not known', 'orin').kind, 'unresolved-host');
  assert.equal(classifySshFailure('Connection to 127.0.0.1 closed by remote host.', 'orin').kind, 'connection-lost');
});
