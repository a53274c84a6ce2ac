// `.nsys-rep` reports go through a local nsys (`nsys export --type sqlite`), argv only; a failing
// export is a one-line message. A stand-in nsys script plays the exporter here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadTrace, TraceLoadError } from '../../../server/trace/load';
import { summarize } from '../../../server/trace/summary';
import { capturePath } from './traceFiles';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'sightline-nsys-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

function fakeNsys(name: string, body: string): string {
  const p = path.join(tmp, name);
  writeFileSync(p, `#!/bin/sh\n${body}\n`);
  chmodSync(p, 0o755);
  return p;
}

test('a .nsys-rep is exported with the local nsys and loaded', async () => {
  const src = await capturePath('cpp');
  const log = path.join(tmp, 'args.txt');
  const nsys = fakeNsys(
    'nsys',
    `printf '%s\\n' "$@" > '${log}'\nout=''\nwhile [ $# -gt 0 ]; do [ "$1" = --output ] && out="$2"; shift; done\ncp '${src}' "$out"`,
  );
  const dir = path.join(tmp, 'with space');
  const { mkdirSync, readFileSync } = await import('node:fs');
  mkdirSync(dir);
  const report = path.join(dir, "run 1 'x'.nsys-rep");
  writeFileSync(report, 'binary report');
  const m = await loadTrace(report, { nsysPath: nsys });
  assert.equal(m.source, report);
  assert.equal(summarize(m).kernels[0].count, 1000);
  assert.ok(existsSync(path.join(dir, "run 1 'x'.sqlite")), 'exported next to the report');
  const args = readFileSync(log, 'utf8').trim().split('\n');
  assert.deepEqual(args, ['export', '--type', 'sqlite', '--force-overwrite', 'true', '--output', path.join(dir, "run 1 'x'.sqlite"), report]);
});

test('a failing nsys export is a one-line error', async () => {
  const nsys = fakeNsys('nsys-broken', "echo 'ERROR: the report is corrupt' >&2\nexit 1");
  const report = path.join(tmp, 'broken.nsys-rep');
  writeFileSync(report, 'x');
  await assert.rejects(loadTrace(report, { nsysPath: nsys }), (e: unknown) => {
    assert.ok(e instanceof TraceLoadError);
    assert.match(e.message, /^broken\.nsys-rep: `nsys export` failed \(ERROR: the report is corrupt\)$/);
    return true;
  });
});
