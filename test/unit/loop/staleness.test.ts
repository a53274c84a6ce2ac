// Honest staleness (audit #9.1): the profile is labelled with the capture time recorded in the
// trace (TARGET_INFO_SESSION_START_TIME), not the trace file's mtime, and a finding is stale when
// its file's content differs from the content recorded when the profile was attached. Only when
// nothing was recorded does a source's mtime count, and then against the capture time.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { loadTrace } from '../../../server/trace/load';
import { diagnose } from '../../../server/trace/diagnose';
import type { TraceModel } from '../../../server/trace/model';
import type { Diagnosis } from '../../../server/trace/diagnosisTypes';
import { NvtxIndex } from '../../../server/index/nvtxIndex';
import { loopTrace, profileLabel } from '../../../server/loop/traceFacts';
import { captureTimeOf, runStartedAt } from '../../../server/loop/captureTime';
import { ContentBaseline } from '../../../server/loop/contentBaseline';
import { closeTheLoop } from '../../../server/loop/closeTheLoop';
import { renderLoopReport } from '../../../server/loop/markdownReport';
import type { LoopFile, LoopFiles } from '../../../server/loop/loopTypes';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const examples = path.join(repoRoot, 'examples');
const tracePath = path.join(examples, 'traces', 'sync.sqlite');
const pySource = path.join(examples, 'traces', 'infer_pipeline.py');
const capturedSource = path.join(repoRoot, '..', 'shared', 'traces', 'src', 'infer_pipeline.py');

/** TARGET_INFO_SESSION_START_TIME.utcTime of a trace, read with the sqlite3 CLI (not our loader). */
function sessionStartUtc(file: string): string {
  return execFileSync('sqlite3', [file, 'SELECT utcTime FROM TARGET_INFO_SESSION_START_TIME'], { encoding: 'utf8' }).trim();
}

function indexExamples(): NvtxIndex {
  const index = new NvtxIndex();
  const walk = (dir: string): void => {
    for (const n of fs.readdirSync(dir)) {
      const p = path.join(dir, n);
      if (fs.statSync(p).isDirectory()) walk(p);
      else if (!n.endsWith('.sqlite')) index.update(p, fs.readFileSync(p, 'utf8'));
    }
  };
  walk(examples);
  return index;
}

let loaded: { model: TraceModel; diagnosis: Diagnosis } | undefined;
async function example(): Promise<{ model: TraceModel; diagnosis: Diagnosis }> {
  if (!loaded) {
    const model = await loadTrace(tracePath);
    loaded = { model, diagnosis: diagnose(model) };
  }
  return loaded;
}

/** Files as the language server sees them: content judged against what was recorded at attach. */
function attached(baseline: ContentBaseline, texts: Map<string, string> = new Map(), modifiedMs?: number): LoopFiles {
  return (p: string): LoopFile | undefined => {
    if (!fs.existsSync(p)) return undefined;
    const disk = fs.readFileSync(p, 'utf8');
    const text = texts.get(p) ?? disk;
    return { text, modifiedMs, changedSinceProfile: baseline.changed(p, text, () => disk) };
  };
}

test('the capture time comes from the trace (TARGET_INFO_SESSION_START_TIME), whatever the file time', async () => {
  const { model } = await example();
  const recorded = sessionStartUtc(tracePath);
  assert.match(recorded, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
  assert.equal(new Date(model.captureStartMs!).toISOString().slice(0, 19), recorded);
  const taken = captureTimeOf(tracePath, model);
  assert.equal(taken.source, 'trace');
  assert.notEqual(Math.floor(taken.ms / 60_000), Math.floor(fs.statSync(tracePath).mtimeMs / 60_000), 'this checkout wrote the file after the capture');
  // A copy (or a gunzipped export) has a new mtime and the same capture time.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-capture-'));
  try {
    const gz = path.join(repoRoot, 'test', 'fixtures', 'deepstream-like', 'deepstream-like.sqlite.gz');
    const copy = path.join(dir, 'deepstream-like.sqlite');
    fs.writeFileSync(copy, zlib.gunzipSync(fs.readFileSync(gz)));
    const ds = await loadTrace(copy);
    assert.equal(new Date(captureTimeOf(copy, ds).ms).toISOString().slice(0, 19), sessionStartUtc(copy));
    assert.ok(Date.now() - fs.statSync(copy).mtimeMs < 60_000);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('without a recorded capture time: the profile run\'s run.json, else the file time, and the label says which', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-run-'));
  try {
    const runDir = path.join(root, '.sightline', 'profiles', '20261122-041200-jetson');
    fs.mkdirSync(runDir, { recursive: true });
    const inRun = path.join(runDir, 'report.sqlite');
    fs.writeFileSync(inRun, '');
    fs.writeFileSync(path.join(runDir, 'run.json'), JSON.stringify({ schema: 1, startedAt: '2026-11-22T04:12:00.000Z' }));
    assert.equal(runStartedAt(inRun), Date.parse('2026-11-22T04:12:00Z'));
    assert.deepEqual(captureTimeOf(inRun, {}), { ms: Date.parse('2026-11-22T04:12:00Z'), source: 'run' });
    // The trace's own time wins over the run's.
    assert.deepEqual(captureTimeOf(inRun, { captureStartMs: 1 }), { ms: 1, source: 'trace' });
    const loose = path.join(root, 'loose.sqlite');
    fs.writeFileSync(loose, '');
    fs.utimesSync(loose, Date.parse('2026-11-22T04:59:00Z') / 1000, Date.parse('2026-11-22T04:59:00Z') / 1000);
    assert.equal(runStartedAt(loose), undefined);
    const t = captureTimeOf(loose, {});
    assert.deepEqual(t, { ms: Date.parse('2026-11-22T04:59:00Z'), source: 'file' });
    assert.equal(profileLabel({ path: loose, takenAtMs: t.ms, takenAtSource: t.source }), "loose.sqlite (profile of 2026-11-22 04:59 UTC, the trace file's time: the capture time is not recorded)");
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('the example trace with untouched sources is not stale, and the label shows the capture time', async () => {
  // The workspace source is the one the capture ran (byte-identical to ../shared/traces/src).
  assert.equal(fs.readFileSync(pySource, 'utf8'), fs.readFileSync(capturedSource, 'utf8'));
  const { model, diagnosis } = await example();
  const trace = loopTrace(tracePath, captureTimeOf(tracePath, model), model, diagnosis);
  const when = sessionStartUtc(tracePath).slice(0, 16).replace('T', ' ');
  // Written (checked out) after the capture, as in any clone: the mtime does not make it stale.
  const baseline = new ContentBaseline();
  const r = closeTheLoop(trace, indexExamples(), attached(baseline, new Map(), Date.now()));
  assert.equal(r.diagnostics.length, 3);
  for (const d of r.diagnostics) {
    assert.equal(d.stale, false, d.message);
    assert.ok(d.message.includes(`measured in sync.sqlite (profile of ${when} UTC)`), d.message);
  }
  assert.ok(!r.lenses.some((l) => l.command === 'sightline.profileOnJetson'), 'no Profile again');
  assert.ok(r.lenses.every((l) => !l.title.includes('before your change') && l.title.endsWith(`profile ${when} UTC`)));
  assert.equal(baseline.size, 1, 'the content of the one file the findings point to was recorded');
  assert.match(renderLoopReport(trace, r, { root: examples }), new RegExp(`Profile taken ${when} UTC;`));

  // An edit after the attach labels it stale; undoing the edit makes it current again.
  const edited = new Map([[pySource, fs.readFileSync(pySource, 'utf8').replace('s = scores[k * 97].item()', 's = float(scores[k * 97])')]]);
  const afterEdit = closeTheLoop(trace, indexExamples(), attached(baseline, edited, Date.now()));
  assert.ok(afterEdit.diagnostics.length > 0 && afterEdit.diagnostics.every((d) => d.stale && d.message.startsWith(`[stale: infer_pipeline.py changed after the profile of ${when} UTC; the figure is from before the change]`)));
  assert.deepEqual(afterEdit.lenses.filter((l) => l.command === 'sightline.profileOnJetson').map((l) => l.file), [pySource]);
  const undone = closeTheLoop(trace, indexExamples(), attached(baseline, new Map(), Date.now()));
  assert.ok(undone.diagnostics.every((d) => !d.stale));
});

test('unsaved edits present when the profile is attached count as changes (the profile ran the saved file)', async () => {
  const { model, diagnosis } = await example();
  const trace = loopTrace(tracePath, captureTimeOf(tracePath, model), model, diagnosis);
  const unsaved = new Map([[pySource, `${fs.readFileSync(pySource, 'utf8')}\n# unsaved\n`]]);
  const r = closeTheLoop(trace, indexExamples(), attached(new ContentBaseline(), unsaved));
  assert.ok(r.diagnostics.length > 0 && r.diagnostics.every((d) => d.stale));
});

test('with nothing recorded, a source counts as possibly changed only when modified after the capture time (not the trace file time)', async () => {
  const { model, diagnosis } = await example();
  const taken = captureTimeOf(tracePath, model);
  const trace = loopTrace(tracePath, taken, model, diagnosis);
  const mtimeOnly = (modifiedMs: number): LoopFiles => (p) => (fs.existsSync(p) ? { text: fs.readFileSync(p, 'utf8'), modifiedMs } : undefined);
  // The audit's case: the trace file is dated 04:59 (a copy) while the source was saved at 04:30,
  // after the 04:20 capture. Judged against the capture: possibly changed.
  const fileTime = fs.statSync(tracePath).mtimeMs;
  const between = taken.ms + 10 * 60_000;
  const r1 = closeTheLoop(trace, indexExamples(), mtimeOnly(between));
  assert.ok(r1.diagnostics.every((d) => d.stale && d.message.includes('after the capture of')), `capture ${taken.ms}, file ${fileTime}`);
  // Saved before the capture: current.
  const before = closeTheLoop(trace, indexExamples(), mtimeOnly(taken.ms - 60_000));
  assert.ok(before.diagnostics.every((d) => !d.stale));
});
