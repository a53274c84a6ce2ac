// Close the loop over real JSON-RPC: the language server attaches the example workspace's trace
// (examples/traces/sync.sqlite) and publishes `sightline-trace` diagnostics on the lines that
// cause the findings, CodeLens above the annotated functions, stale labels after a change (judged by
// content, labelled with the capture time the trace records), the markdown report, and the last
// profile run picked up without a request.
import { test, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LspTestClient, repoRoot } from '../support/lspClient';
import { URI } from '../../server/uri';

const T = Date.parse('2026-11-22T04:00:00Z') / 1000; // seconds, for utimes (the trace file's time)

/** The capture's start as the trace records it (sqlite3 CLI, not our loader): `2026-11-22 04:20`. */
function captured(file: string): string {
  return execFileSync('sqlite3', [file, 'SELECT utcTime FROM TARGET_INFO_SESSION_START_TIME'], { encoding: 'utf8' }).trim().slice(0, 16).replace('T', ' ');
}
const SYNC_CAPTURED = captured(path.join(repoRoot, 'examples', 'traces', 'sync.sqlite'));

/** A copy of examples/ whose files predate its trace by a minute (as after a fresh profile). */
function exampleCopy(withProfileDir = false): { root: string; trace: string; py: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-loop-'));
  fs.cpSync(path.join(repoRoot, 'examples'), root, { recursive: true });
  const walk = (d: string): void => {
    for (const n of fs.readdirSync(d)) {
      const p = path.join(d, n);
      if (fs.statSync(p).isDirectory()) walk(p);
      else fs.utimesSync(p, T - 60, T - 60);
    }
  };
  walk(root);
  let trace = path.join(root, 'traces', 'sync.sqlite');
  if (withProfileDir) {
    const dir = path.join(root, '.sightline', 'profiles', 'run-0412');
    fs.mkdirSync(dir, { recursive: true });
    const copy = path.join(dir, 'sync.sqlite');
    fs.copyFileSync(trace, copy);
    trace = copy;
  }
  fs.utimesSync(trace, T, T);
  return { root, trace, py: path.join(root, 'traces', 'infer_pipeline.py') };
}

const clients: LspTestClient[] = [];
const dirs: string[] = [];
after(async () => {
  for (const c of clients) await c.shutdown();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

async function start(root: string): Promise<LspTestClient> {
  const c = new LspTestClient();
  clients.push(c);
  dirs.push(root);
  await c.initialize(URI.fromFsPath(root));
  return c;
}

type Diag = { range: { start: { line: number; character: number }; end: { line: number; character: number } }; severity?: number; code?: string | number; message: string; source?: string; codeDescription?: { href: string } };
const traceDiags = (p: { diagnostics: unknown[] }): Diag[] => (p.diagnostics as Diag[]).filter((d) => d.source === 'sightline-trace');

test('the example trace puts its findings on the lines of infer_pipeline.py that cause them', async () => {
  const ws = exampleCopy();
  const c = await start(ws.root);
  const status = await c.request<{ trace: string; diagnostics: number; unplaced: string[] }>('sightline/loop/setTrace', { path: ws.trace });
  assert.equal(status.trace, ws.trace);
  assert.equal(status.diagnostics, 3);
  const uri = URI.fromFsPath(ws.py);
  const pub = await c.waitForDiagnostics(uri, (p) => traceDiags(p).length === 3);
  const got = traceDiags(pub)
    .map((d) => `${d.range.start.line + 1} ${d.code} ${d.severity}`)
    .sort();
  assert.deepEqual(got, ['43 cuda_memcpy_async 2', '66 cuda_api_sync 3', '70 deepstream/per-box-host-round-trips 2']);
  const perBox = traceDiags(pub).find((d) => d.code === 'deepstream/per-box-host-round-trips')!;
  assert.match(perBox.message, /postprocess_nms_loop \(60×, 0\.89 ms per call\)/, 'the measured figure');
  assert.ok(perBox.message.includes(`measured in sync.sqlite (profile of ${SYNC_CAPTURED} UTC)`), 'names the trace and its capture time, not the file time');
  assert.match(perBox.message, /once per batch/, 'names the fix');
  assert.ok(!perBox.message.startsWith('[stale'));
  // The code link opens the trace zoomed on the evidence.
  const href = perBox.codeDescription!.href;
  assert.match(href, /^command:sightline\.openTraceAt\?/);
  const args = JSON.parse(decodeURIComponent(href.slice(href.indexOf('?') + 1))) as [string, number, number, string];
  assert.equal(args[0], ws.trace);
  assert.ok(args[2] > args[1]);
  // No trace diagnostic is guessed onto the DeepStream configs (this capture is not of them).
  const cfg = c.latest(URI.fromFsPath(path.join(ws.root, 'config_infer_primary.txt')));
  assert.equal(cfg ? traceDiags(cfg).length : 0, 0);
  assert.deepEqual(status.unplaced.map((u) => u.split(':')[0]).sort(), ['deepstream/engine-build-contamination', 'gpu_time_util']);

  // CodeLens above the functions whose ranges ran, clickable to the timeline.
  const lenses = await c.request<{ range: { start: { line: number } }; command: { title: string; command: string; arguments: unknown[] } }[]>('textDocument/codeLens', { textDocument: { uri } });
  assert.deepEqual(lenses.map((l) => l.range.start.line + 1).sort((a, b) => a - b), [31, 38, 57, 65, 85]);
  const frame = lenses.find((l) => l.range.start.line + 1 === 85)!;
  assert.match(frame.command.title, /^frame: 42\.0 ms per call \(median 27\.6 ms\) × 60/);
  assert.equal(frame.command.command, 'sightline.openTraceAt');
  assert.equal(frame.command.arguments[0], ws.trace);

  // The pull-request report.
  const md = await c.request<string>('sightline/loop/report', {});
  assert.match(md, /### Verdict: sync-bound/);
  assert.match(md, /\| `traces\/infer_pipeline\.py:70` \| deepstream\/per-box-host-round-trips \|/);

  // Editing the file after the profile: the figures are labelled as from before the change.
  const text = fs.readFileSync(ws.py, 'utf8');
  await c.open(uri, 'python', text);
  await c.replace(uri, text.replace('s = scores[k * 97].item()', 's = float(scores[k * 97])'));
  const stale = await c.waitForDiagnostics(uri, (p) => traceDiags(p).length > 0 && traceDiags(p).every((d) => d.message.startsWith('[stale')));
  assert.ok(traceDiags(stale)[0].message.startsWith(`[stale: infer_pipeline.py changed after the profile of ${SYNC_CAPTURED} UTC; the figure is from before the change]`), traceDiags(stale)[0].message);
  const again = await c.request<{ command: { title: string; command: string } }[]>('textDocument/codeLens', { textDocument: { uri } });
  assert.ok(again.some((l) => l.command.command === 'sightline.profileOnJetson' && /Profile again/.test(l.command.title)), 'Profile again is one click');
  const st = await c.request<{ staleFiles: string[] }>('sightline/loop/status', {});
  assert.deepEqual(st.staleFiles, [ws.py]);
});

test('sources written after the capture but untouched are not stale (audit); a change saved while closed is; detaching clears', async () => {
  const ws = exampleCopy();
  // As in a fresh clone: every file written long after the capture, the trace file too.
  const later = Date.now() / 1000;
  for (const f of [ws.py, ws.trace]) fs.utimesSync(f, later, later);
  const c = await start(ws.root);
  const st = await c.request<{ takenAt: string; staleFiles: string[] }>('sightline/loop/setTrace', { path: ws.trace });
  assert.equal(st.takenAt.slice(0, 16).replace('T', ' '), SYNC_CAPTURED, 'the capture time from the trace');
  assert.deepEqual(st.staleFiles, []);
  const uri = URI.fromFsPath(ws.py);
  const pub = await c.waitForDiagnostics(uri, (p) => traceDiags(p).length === 3);
  assert.ok(traceDiags(pub).every((d) => !d.message.startsWith('[stale') && d.message.includes(`(profile of ${SYNC_CAPTURED} UTC)`)), traceDiags(pub)[0].message);
  const lenses = await c.request<{ command: { title: string; command: string } }[]>('textDocument/codeLens', { textDocument: { uri } });
  assert.ok(lenses.length > 0 && lenses.every((l) => l.command.command !== 'sightline.profileOnJetson' && !l.command.title.includes('before your change')));
  // Changed on disk while no editor had it open (a pull, another tool); opening it shows it stale.
  const text = fs.readFileSync(ws.py, 'utf8').replace('s = scores[k * 97].item()', 's = float(scores[k * 97])');
  fs.writeFileSync(ws.py, text);
  await c.open(uri, 'python', text);
  const stale = await c.waitForDiagnostics(uri, (p) => traceDiags(p).length > 0 && traceDiags(p).every((d) => d.message.startsWith(`[stale: infer_pipeline.py changed after the profile of ${SYNC_CAPTURED} UTC`)));
  assert.ok(stale);
  await c.request('sightline/loop/setTrace', { path: null });
  await c.waitForDiagnostics(uri, (p) => traceDiags(p).length === 0 && p !== stale);
});

test('the last profile run under .sightline/profiles is attached without a request', async () => {
  const ws = exampleCopy(true);
  const c = await start(ws.root);
  const pub = await c.waitForDiagnostics(URI.fromFsPath(ws.py), (p) => traceDiags(p).length === 3, 30000);
  assert.ok(traceDiags(pub).some((d) => d.range.start.line === 69 && d.message.includes(`${path.basename(ws.trace)} (profile of ${SYNC_CAPTURED} UTC)`)));
  const st = await c.request<{ trace: string }>('sightline/loop/status', {});
  assert.equal(st.trace, ws.trace);
});

test('a trace that cannot be read is a clear error, and nothing is published', async () => {
  const ws = exampleCopy();
  const c = await start(ws.root);
  const bad = path.join(ws.root, 'labels.txt');
  await assert.rejects(c.request('sightline/loop/setTrace', { path: bad }), /could not attach the profile .*labels\.txt: .*not a SQLite database/);
  await assert.rejects(c.request('sightline/loop/setTrace', { path: 42 }), /path: a trace file path or null is required/);
  const st = await c.request<{ trace: string | null }>('sightline/loop/status', {});
  assert.equal(st.trace, null);
});

test('the trace viewer\'s jump to source reads the same workspace index, built on first use', async () => {
  const ws = exampleCopy();
  const c = await start(ws.root);
  const r = await c.request<{ candidates: { file: string; line: number }[] }>('sightline/trace/resolveSource', { name: 'postprocess_nms_loop', domain: '' });
  assert.deepEqual(r.candidates.map((x) => `${path.relative(ws.root, x.file)}:${x.line + 1}`), ['traces/infer_pipeline.py:66']);
});

test('the report compares the attached profile with the run before it (before/after)', async () => {
  const ws = exampleCopy(true); // .sightline/profiles/run-0412/sync.sqlite at T
  const zlib = await import('node:zlib');
  const dir = path.join(ws.root, '.sightline', 'profiles', 'run-0430');
  fs.mkdirSync(dir, { recursive: true });
  const tuned = path.join(dir, 'tuned.sqlite');
  fs.writeFileSync(tuned, zlib.gunzipSync(fs.readFileSync(path.join(repoRoot, '..', 'shared', 'traces', 'h100', 'tuned.sqlite.gz'))));
  fs.utimesSync(tuned, T + 1080, T + 1080);
  const c = await start(ws.root);
  const st = await c.request<{ trace: string }>('sightline/loop/setTrace', { path: tuned });
  assert.equal(st.trace, tuned);
  const md = await c.request<string>('sightline/loop/report', {});
  assert.match(md, /^## Sightline profile report: tuned\.sqlite/);
  assert.ok(md.includes(`Before: sync.sqlite (${SYNC_CAPTURED} UTC), verdict sync-bound. After: tuned.sqlite`), md);
  assert.match(md, /\| `:postprocess_nms_loop` \| 0\.89 ms \| - \| gone \|/);
});

test('a trace open in the viewer is the model the loop uses: the file is read once', async () => {
  const ws = exampleCopy();
  const c = await start(ws.root);
  const opened = await c.request<{ traceId: string }>('sightline/trace/open', { path: ws.trace });
  const st = await c.request<{ trace: string; diagnostics: number }>('sightline/loop/setTrace', { path: ws.trace });
  assert.equal(st.diagnostics, 3);
  const logs = c.logs.filter((l) => l.includes('sync.sqlite'));
  assert.equal(logs.filter((l) => /^trace t\d+: sync\.sqlite loaded in/.test(l)).length, 1, logs.join('\n'));
  assert.ok(logs.some((l) => /profile sync\.sqlite attached in \d+ ms \(model shared with the trace viewer, diagnosed\)/.test(l)), logs.join('\n'));
  // After the viewer closed it, the loop reads it again (nothing holds a model no one uses).
  await c.request('sightline/trace/close', { traceId: opened.traceId });
  await c.request('sightline/loop/setTrace', { path: null });
  await c.request('sightline/loop/setTrace', { path: ws.trace });
  assert.ok(c.logs.some((l) => /profile sync\.sqlite attached in \d+ ms \(model loaded, diagnosed\)/.test(l)), c.logs.join('\n'));
});

test('a trace the viewer has diagnosed is not diagnosed again when the loop attaches it', async () => {
  const ws = exampleCopy();
  const c = await start(ws.root);
  const opened = await c.request<{ traceId: string }>('sightline/trace/open', { path: ws.trace });
  const findings = await c.request<{ id: string }[]>('sightline/trace/findings', { traceId: opened.traceId });
  assert.ok(findings.length > 0);
  const st = await c.request<{ diagnostics: number }>('sightline/loop/setTrace', { path: ws.trace });
  assert.equal(st.diagnostics, 3);
  const logs = c.logs.filter((l) => l.includes('sync.sqlite'));
  assert.ok(logs.some((l) => /profile sync\.sqlite attached in \d+ ms \(model shared with the trace viewer, diagnosis shared\)/.test(l)), logs.join('\n'));
  await c.request('sightline/trace/close', { traceId: opened.traceId });
});

test('the real DeepStream-named capture puts its findings on the app config, the nvinfer config and the launch lines', async () => {
  const ws = exampleCopy();
  const zlib = await import('node:zlib');
  const trace = path.join(ws.root, 'traces', 'deepstream-like.sqlite');
  fs.writeFileSync(trace, zlib.gunzipSync(fs.readFileSync(path.join(repoRoot, 'test', 'fixtures', 'deepstream-like', 'deepstream-like.sqlite.gz'))));
  fs.utimesSync(trace, T, T);
  const dsCaptured = captured(trace);
  const app = path.join(ws.root, 'deepstream_app_config.txt');
  const pgie = path.join(ws.root, 'config_infer_primary.txt');
  const launch = path.join(ws.root, 'run_pipeline.sh');
  const c = await start(ws.root);
  // The app config open in the editor: its lint warnings are weighed by the profile.
  await c.open(URI.fromFsPath(app), 'deepstream-app-config', fs.readFileSync(app, 'utf8'));
  const st = await c.request<{ diagnostics: number; unplaced: string[] }>('sightline/loop/setTrace', { path: trace });
  assert.equal(st.diagnostics, 11);
  const lines = async (file: string, n: number): Promise<string[]> => {
    const pub = await c.waitForDiagnostics(URI.fromFsPath(file), (p) => traceDiags(p).length === n);
    return traceDiags(pub)
      .map((d) => `${d.range.start.line + 1} ${d.code} ${d.severity}`)
      .sort();
  };
  assert.deepEqual(await lines(pgie, 1), ['16 deepstream/nvinfer-time 2']);
  assert.deepEqual(await lines(app, 4), ['14 deepstream/osd-slower-than-inference 3', '56 gpu_time_util 2', '71 deepstream/nvinfer-time 3', '96 deepstream/osd-slower-than-inference 2']);
  assert.deepEqual(await lines(launch, 5), ['14 deepstream/copies-over-15pct 2', '17 deepstream/nvinfer-time 3', '25 deepstream/nvinfer-time 3', '26 deepstream/copies-over-15pct 2', '33 deepstream/nvinfer-time 3']);
  const osd = traceDiags(c.latest(URI.fromFsPath(app))!).find((d) => d.range.start.line === 95)!;
  assert.match(osd.message, /On-screen display nvosd0 draws longer than inference: 41\.0 ms per frame over 110 frames/);
  assert.ok(osd.message.includes(`measured in deepstream-like.sqlite (profile of ${dsCaptured} UTC)`), osd.message);
  const href = osd.codeDescription!.href;
  const args = JSON.parse(decodeURIComponent(href.slice(href.indexOf('?') + 1))) as [string, number, number, string];
  assert.equal(args[0], trace);
  assert.equal(args[3], 'nvosd0');
  // The lint warning on the same line is confirmed by the profile.
  const weighed = await c.waitForDiagnostics(URI.fromFsPath(app), (p) => (p.diagnostics as Diag[]).some((d) => d.code === 'config/osd-cpu-mode' && /Confirmed by the profile/.test(d.message)));
  const lint = (weighed.diagnostics as Diag[]).find((d) => d.code === 'config/osd-cpu-mode')!;
  assert.match(lint.message, new RegExp(`Confirmed by the profile of ${dsCaptured} UTC: \\d+ % of the steady state in the OSD\\.`));
  // A CodeLens above the primary's nvinfer config: time per batch, clickable to the timeline.
  const lenses = await c.request<{ range: { start: { line: number } }; command: { title: string; command: string; arguments: unknown[] } }[]>('textDocument/codeLens', { textDocument: { uri: URI.fromFsPath(pgie) } });
  const gie = lenses.find((l) => l.command.title.startsWith('nvinfer UID 1'))!;
  assert.match(gie.command.title, /^nvinfer UID 1: 20\.9 ms per batch × 110, \d+ % of the steady state/);
  assert.equal(gie.command.command, 'sightline.openTraceAt');
  assert.ok(st.unplaced.some((u) => u.startsWith('deepstream/nvinfer-time: nvinfer UID 2')));
});
