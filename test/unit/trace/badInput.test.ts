// Bad and unusual input: a one-line message naming the file and the problem, never a crash, memory
// bounded; older schemas, several processes and GPUs still load.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, truncateSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadTrace, TraceLoadError } from '../../../server/trace/load';
import { summarize } from '../../../server/trace/summary';
import { diagnose } from '../../../server/trace/diagnose';
import { listRows, eventDetails } from '../../../server/trace/lod';
import { buildDb, oldSchemaMultiGpu } from './fixtureDb';
import { capturePath, tracesDir } from './traceFiles';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'sightline-trace-bad-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

async function rejectsWith(p: Promise<unknown>, re: RegExp): Promise<string> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof TraceLoadError, `not a TraceLoadError: ${String(e)}`);
    assert.match(e.message, re);
    assert.ok(!e.message.includes('\n'), `message is one line: ${e.message}`);
    return e.message;
  }
  assert.fail(`no error (expected ${re})`);
}

test('truncated export: names the file and says truncated', async () => {
  const bytes = readFileSync(await capturePath('cpp'));
  const f = path.join(tmp, 'cut.sqlite');
  writeFileSync(f, bytes.subarray(0, Math.floor(bytes.length / 2) + 100));
  const msg = await rejectsWith(loadTrace(f), /truncated/);
  assert.match(msg, /^cut\.sqlite: /);
});

test('corrupt export (pages overwritten): one-line corrupt message', async () => {
  const bytes = Buffer.from(readFileSync(await capturePath('cpp')));
  bytes.fill(0xab, 4096, bytes.length - 4096);
  const f = path.join(tmp, 'corrupt.sqlite');
  writeFileSync(f, bytes);
  await rejectsWith(loadTrace(f), /^corrupt\.sqlite: .*(corrupt|malformed)/);
});

test('not a SQLite file at all', async () => {
  const f = path.join(tmp, 'notes.sqlite');
  writeFileSync(f, 'this is a text file, not a database\n'.repeat(10));
  await rejectsWith(loadTrace(f), /^notes\.sqlite: not a SQLite database/);
  const empty = path.join(tmp, 'zero.sqlite');
  writeFileSync(empty, '');
  await rejectsWith(loadTrace(empty), /^zero\.sqlite: the file is empty/);
  await rejectsWith(loadTrace(path.join(tmp, 'missing.sqlite')), /^missing\.sqlite: cannot read \(ENOENT\)/);
});

test('a gzip-compressed export (.sqlite.gz): says to gunzip it, not to re-export', async () => {
  const gz = path.join(tracesDir, 'cpp.sqlite.gz');
  const msg = await rejectsWith(loadTrace(gz), /^cpp\.sqlite\.gz: gzip-compressed; gunzip it first \(gunzip -k cpp\.sqlite\.gz\)$/);
  assert.doesNotMatch(msg, /nsys export/);
  // Also from bytes, renamed without the .gz suffix: the magic bytes decide, not the name.
  const f = path.join(tmp, 'packed.sqlite');
  writeFileSync(f, readFileSync(gz));
  await rejectsWith(loadTrace(f), /^packed\.sqlite: gzip-compressed; gunzip it first/);
});

test('a SQLite database that is not an nsys export', async () => {
  const bytes = await buildDb(['CREATE TABLE users (id INTEGER, name TEXT)', "INSERT INTO users VALUES (1, 'a')"]);
  await rejectsWith(loadTrace(bytes, { sourceName: 'app.db' }), /^app\.db: a SQLite database but not an Nsight Systems export \(tables: users\)/);
});

test('an export with no events at all (empty capture)', async () => {
  // The real schema of an nsys 2025 export, no rows.
  const { getSqlJs } = await import('../../../server/trace/sqlJs');
  const SQL = await getSqlJs();
  const real = new SQL.Database(readFileSync(await capturePath('cpp')));
  const ddl = real.exec("SELECT sql FROM sqlite_master WHERE type = 'table' AND sql IS NOT NULL")[0].values.map((r) => String(r[0]));
  real.close();
  const bytes = await buildDb(ddl);
  await rejectsWith(loadTrace(bytes, { sourceName: 'empty.sqlite' }), /^empty\.sqlite: the export contains no events/);
});

test('an export with no CUDA: loads with a note; summary and diagnosis say so, nothing invented', async () => {
  const bytes = await buildDb([
    'CREATE TABLE StringIds (id INTEGER, value TEXT)',
    "INSERT INTO StringIds VALUES (1, 'poll')",
    'CREATE TABLE NVTX_EVENTS (start INTEGER, end INTEGER, eventType INTEGER, text TEXT, globalTid INTEGER, domainId INTEGER)',
    `INSERT INTO NVTX_EVENTS VALUES (100, 900, 59, 'frame', ${2 ** 24 * 7 + 7}, 0), (1000, 1900, 59, 'frame', ${2 ** 24 * 7 + 7}, 0)`,
    'CREATE TABLE OSRT_API (start INTEGER, end INTEGER, eventClass INTEGER, globalTid INTEGER, nameId INTEGER)',
    `INSERT INTO OSRT_API VALUES (200, 300, 27, ${2 ** 24 * 7 + 7}, 1)`,
  ]);
  const m = await loadTrace(bytes, { sourceName: 'nocuda.sqlite' });
  assert.ok(m.warnings.some((w) => /no CUDA activity/.test(w)), m.warnings.join('; '));
  const s = summarize(m);
  assert.equal(s.kernels.length + s.cudaApi.length + s.memory.length, 0);
  assert.deepEqual(s.nvtx.map((r) => [r.range, r.count, r.totalNs]), [[':frame', 2, 1700]]);
  assert.deepEqual(s.osrt.map((r) => [r.name, r.count]), [['poll', 1]]);
  const d = diagnose(m);
  assert.equal(d.verdict.pattern, 'unknown');
  assert.ok(d.verdict.evidence.some((e) => /no CUDA activity/.test(e)), d.verdict.evidence.join('; '));
});

test('a 2 GB export is refused by the size limit without reading it; memory stays bounded', async () => {
  const f = path.join(tmp, 'huge.sqlite');
  writeFileSync(f, '');
  truncateSync(f, 2 * 1024 * 1024 * 1024); // sparse: no disk used
  const before = process.memoryUsage().rss;
  const msg = await rejectsWith(loadTrace(f), /^huge\.sqlite: 2048 MB is above the 1024 MB limit/);
  assert.match(msg, /sightline\.trace\.maxFileSizeMB/);
  await rejectsWith(loadTrace(f, { maxFileSizeMB: 100 }), /above the 100 MB limit/);
  assert.ok(process.memoryUsage().rss - before < 64 * 1024 * 1024, 'no large allocation');
});

test('a file the machine cannot hold in memory is refused even when the size limit allows it', async () => {
  const f = path.join(tmp, 'enormous.sqlite');
  writeFileSync(f, '');
  const size = Math.max(400 * 1024 ** 3, os.freemem() * 2); // sparse, far above free memory
  truncateSync(f, size);
  await rejectsWith(loadTrace(f, { maxFileSizeMB: (size / 1024 / 1024) * 2 }), /^enormous\.sqlite: needs about \d+ MB of memory to load, only \d+ MB free/);
});

test('.nsys-rep without a local nsys: says how to get the SQLite file', async () => {
  const f = path.join(tmp, 'run1.nsys-rep');
  writeFileSync(f, 'not really a report');
  const msg = await rejectsWith(loadTrace(f, { nsysPath: path.join(tmp, 'no-such-nsys') }), /^run1\.nsys-rep: an Nsight Systems report; no local nsys/);
  assert.match(msg, /nsys export --type sqlite --output run1\.sqlite run1\.nsys-rep/);
});

test('old schema, two processes on two GPUs: loads, figures by hand, correlation per process', async () => {
  const m = await loadTrace(await buildDb(oldSchemaMultiGpu()), { sourceName: 'old.sqlite' });
  assert.equal(m.nsysVersion, '');
  assert.deepEqual(m.processes.map((p) => [p.pid, p.name]), [[100, 'appA'], [200, 'appB']]);
  assert.deepEqual(m.gpus.map((g) => [g.deviceId, g.name]), [[0, 'GPU Zero'], [1, 'GPU One']]);
  assert.ok(m.warnings.some((w) => /1 NVTX range\(s\) never closed/.test(w)), m.warnings.join('; '));
  const s = summarize(m);
  assert.deepEqual(s.nvtx.map((r) => [r.range, r.style, r.count, r.totalNs]), [[':outer', 'PushPop', 1, 8000], [':inner', 'PushPop', 2, 2000], [':span', 'StartEnd', 1, 1000]]);
  assert.deepEqual(s.kernels.map((r) => [r.name, r.count, r.totalNs, r.medNs]), [['kernB(float*)', 2, 300, 150], ['kernA(int)', 1, 100, 100]]);
  assert.deepEqual(s.cudaApi.map((r) => [r.name, r.count, r.totalNs]), [['cudaMemcpy', 1, 800], ['cudaLaunchKernel', 3, 600], ['cuLaunchKernel', 1, 150]]);
  assert.deepEqual(s.memory.map((r) => [r.operation, r.count, r.totalNs]), [['[CUDA memcpy Host-to-Device]', 1, 600]]);
  assert.deepEqual(s.osrt.map((r) => [r.name, r.count, r.totalNs, r.stdDevNs]), [['read', 2, 800, 282.8]]);
  // Nesting: cuLaunchKernel inside cudaLaunchKernel; inner ranges under outer.
  const inner = m.strings.strings.indexOf('inner');
  for (let i = 0; i < m.nvtx.count; i++) if (m.nvtx.nameId[i] === inner) assert.equal(m.nvtx.depth[i], 1);
  const cu = m.strings.strings.indexOf('cuLaunchKernel');
  for (let i = 0; i < m.api.count; i++) if (m.api.nameId[i] === cu) assert.equal(m.api.depth[i], 1);
  // Rows like Nsight: processes > threads > NVTX / CUDA API / OSRT; GPUs > streams > kernels / copies.
  const rows = listRows(m);
  const ids = rows.map((r) => r.id);
  for (const id of ['p100', 'p100/t100', 'p100/t100/nvtx', 'p100/t100/cuda-api', 'p100/t101', 'p100/t101/osrt', 'p200', 'p200/t200/nvtx', 'p200/t201/cuda-api', 'gpu0', 'gpu0/p100/c1/s7/kernels', 'gpu0/p100/c1/s7/memcpy', 'gpu1', 'gpu1/p200/c1/s13/kernels']) {
    assert.ok(ids.includes(id), `row ${id} in ${ids.join(' ')}`);
  }
  assert.equal(rows.find((r) => r.id === 'p100/t101')?.label, 'worker [101]');
  assert.equal(rows.find((r) => r.id === 'gpu1')?.label, 'GPU One (1)');
  assert.equal(rows.find((r) => r.id === 'gpu0/p100/c1/s7')?.parent, 'gpu0');
  // Kernel of process B with correlation id 5 links to B's launch, not A's.
  const kB = m.kernels.start.indexOf(1750);
  const det = eventDetails(m, 'gpu1/p200/c1/s13/kernels', kB);
  assert.equal(det?.linked?.[0].rowId, 'p200/t200/cuda-api');
  assert.equal(det?.linked?.[0].startNs, 1600);
  assert.deepEqual(det?.enclosingRanges, [':span']);
  const kA = m.kernels.start.indexOf(2500);
  assert.equal(eventDetails(m, 'gpu0/p100/c1/s7/kernels', kA)?.linked?.[0].startNs, 2100);
  assert.deepEqual(eventDetails(m, 'gpu0/p100/c1/s7/kernels', kA)?.enclosingRanges, [':outer', ':inner']);
  // And from the API call to the copy it issued.
  const memApi = m.api.start.indexOf(4100);
  const apiDet = eventDetails(m, 'p100/t100/cuda-api', memApi);
  assert.equal(apiDet?.linked?.[0].name, '[CUDA memcpy Host-to-Device]');
  assert.equal(apiDet?.linked?.[0].rowId, 'gpu0/p100/c1/s7/memcpy');
  const cp = eventDetails(m, 'gpu0/p100/c1/s7/memcpy', 0);
  assert.equal(cp?.bytes, 1048576);
  assert.equal(cp?.copyKind, 'Host-to-Device');
  // Diagnosis runs on it without inventing a verdict from nothing.
  const d = diagnose(m);
  assert.ok(d.findings.some((f) => f.id === 'cuda_memcpy_sync'));
});
