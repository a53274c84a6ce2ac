// The loop core on the example workspace and its real trace (examples/traces/sync.sqlite): the
// findings land on the lines of examples/traces/infer_pipeline.py that cause them.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadTrace } from '../../../server/trace/load';
import { diagnose } from '../../../server/trace/diagnose';
import { NvtxIndex } from '../../../server/index/nvtxIndex';
import { loopTrace } from '../../../server/loop/traceFacts';
import { closeTheLoop } from '../../../server/loop/closeTheLoop';
import { renderLoopReport } from '../../../server/loop/markdownReport';
import type { LoopFile, LoopTrace } from '../../../server/loop/loopTypes';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const examples = path.join(repoRoot, 'examples');
const tracePath = path.join(examples, 'traces', 'sync.sqlite');
const pySource = path.join(examples, 'traces', 'infer_pipeline.py');

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

let cached: LoopTrace | undefined;
async function exampleTrace(takenAtMs = Date.parse('2026-11-22T04:00:00Z')): Promise<LoopTrace> {
  if (!cached) {
    const model = await loadTrace(tracePath);
    cached = loopTrace(tracePath, takenAtMs, model, diagnose(model));
  }
  return { ...cached, takenAtMs };
}

const disk = (modifiedMs?: number) => (p: string): LoopFile | undefined => (fs.existsSync(p) ? { text: fs.readFileSync(p, 'utf8'), modifiedMs } : undefined);

test('examples + sync.sqlite: each finding sits on the line that causes it', async () => {
  const trace = await exampleTrace();
  const lines = fs.readFileSync(pySource, 'utf8').split('\n');
  const r = closeTheLoop(trace, indexExamples(), disk(Date.parse('2026-11-22T03:00:00Z')));
  const at = r.diagnostics.map((d) => `${path.relative(examples, d.file)}:${d.range.start.line + 1} ${d.code} ${d.severity}`).sort();
  assert.deepEqual(at, [
    'traces/infer_pipeline.py:43 cuda_memcpy_async warning',
    'traces/infer_pipeline.py:66 cuda_api_sync info',
    'traces/infer_pipeline.py:70 deepstream/per-box-host-round-trips warning',
  ]);
  const perBox = r.diagnostics.find((d) => d.code === 'deepstream/per-box-host-round-trips')!;
  assert.equal(lines[perBox.range.start.line].slice(perBox.range.start.character, perBox.range.end.character), '.item()', 'the .item() call itself');
  assert.match(perBox.message, /2400 device-to-host copies/);
  assert.match(perBox.message, /sync\.sqlite \(profile of 2026-11-22 04:00 UTC\)/, 'names the trace');
  assert.match(perBox.message, /once per batch/, 'names the fix');
  assert.equal(perBox.related?.[0].range.start.line, 65, 'related: the NVTX range that found it');
  assert.ok(perBox.evidence && perBox.evidence.t1 > perBox.evidence.t0 && perBox.evidence.tracePath === tracePath);
  const copy = r.diagnostics.find((d) => d.code === 'cuda_memcpy_async')!;
  assert.equal(lines[copy.range.start.line].slice(copy.range.start.character, copy.range.end.character), '.to(', 'the pageable upload in preprocess_cpu');
  assert.ok(r.diagnostics.every((d) => !d.stale));
  // The DeepStream configs of examples/ are not in this PyTorch trace: nothing is guessed onto them.
  assert.ok(!r.linkedFiles.has(path.join(examples, 'config_infer_primary.txt')));
  assert.deepEqual(r.unplaced.map((u) => u.finding.id).sort(), ['deepstream/engine-build-contamination', 'gpu_time_util']);
});

test('examples + sync.sqlite: CodeLens above each annotated function that ran, none above the variants that did not', async () => {
  const trace = await exampleTrace();
  const r = closeTheLoop(trace, indexExamples(), disk(Date.parse('2026-11-22T03:00:00Z')));
  const lenses = r.lenses.map((l) => `${l.range.start.line + 1} ${l.title.split(':')[0]}`).sort((a, b) => parseInt(a) - parseInt(b));
  // def lines of decode_frame (31), preprocess_cpu (38), infer (57), postprocess_per_box (65), run_sync (85)
  assert.deepEqual(lenses, ['31 decode', '38 preprocess_cpu', '57 infer', '65 postprocess_nms_loop', '85 frame']);
  const frame = r.lenses.find((l) => l.title.startsWith('frame'))!;
  assert.match(frame.title, /per call \(median 27\.6 ms\) × 60/);
  assert.equal(frame.command, 'sightline.openTraceAt');
  assert.equal(frame.arguments[0], tracePath);
});

test('a file changed after the profile: diagnostics say the figure is from before the change, and Profile again is offered', async () => {
  const trace = await exampleTrace(Date.parse('2026-11-22T04:00:00Z'));
  // Content known to differ from the content recorded at attach: changed.
  const changed = (p: string): LoopFile | undefined => (fs.existsSync(p) ? { text: fs.readFileSync(p, 'utf8'), modifiedMs: 0, changedSinceProfile: true } : undefined);
  const byContent = closeTheLoop(trace, indexExamples(), changed);
  assert.ok(byContent.diagnostics.length >= 3);
  for (const d of byContent.diagnostics) {
    assert.equal(d.stale, true);
    assert.match(d.message, /^\[stale: infer_pipeline\.py changed after the profile of 2026-11-22 04:00 UTC; the figure is from before the change\]/);
  }
  // Nothing recorded, only an mtime after the capture: possibly changed, said as such.
  const r = closeTheLoop(trace, indexExamples(), disk(Date.parse('2026-11-22T05:00:00Z')));
  assert.ok(r.diagnostics.length >= 3);
  for (const d of r.diagnostics) {
    assert.equal(d.stale, true);
    assert.match(d.message, /^\[stale: infer_pipeline\.py was modified on disk at 2026-11-22 05:00 UTC, after the capture of 2026-11-22 04:00 UTC; the figure may be from before a change\]/);
  }
  const again = r.lenses.filter((l) => l.command === 'sightline.profileOnJetson');
  assert.deepEqual(again.map((l) => path.basename(l.file)), ['infer_pipeline.py']);
  assert.match(again[0].title, /Profile again/);
});

test('the markdown report: verdict, lines to change, findings without a line, before/after', async () => {
  const trace = await exampleTrace();
  const index = indexExamples();
  const r = closeTheLoop(trace, index, disk(0));
  const md = renderLoopReport(trace, r, { root: examples });
  assert.match(md, /^## Sightline profile report: sync\.sqlite/);
  assert.match(md, /### Verdict: sync-bound/);
  assert.match(md, /\| `traces\/infer_pipeline\.py:70` \| deepstream\/per-box-host-round-trips \|/);
  assert.match(md, /### Findings not tied to a line[\s\S]*gpu_time_util/);
  assert.match(md, /\| `:frame` \| 60 \| 42\.0 ms \| 27\.6 ms \|/);
  // Before/after against a second real capture of the same program (tuned: the fixed variant).
  const tunedPath = path.join(repoRoot, '..', 'shared', 'traces', 'h100', 'tuned.sqlite.gz');
  const zlib = await import('node:zlib');
  const tuned = await loadTrace(zlib.gunzipSync(fs.readFileSync(tunedPath)), { sourceName: 'tuned.sqlite' });
  const after = loopTrace('/profiles/tuned.sqlite', Date.parse('2026-11-22T05:00:00Z'), tuned, diagnose(tuned));
  const md2 = renderLoopReport(after, closeTheLoop(after, index, disk(0)), { root: examples, before: { trace } });
  assert.match(md2, /### Before \/ after/);
  assert.match(md2, /Before: sync\.sqlite .* verdict sync-bound\. After: tuned\.sqlite/);
  assert.match(md2, /\| `:postprocess_nms_loop` \| 0\.89 ms \| - \| gone \|/);
  assert.match(md2, /Findings gone: .*deepstream\/per-box-host-round-trips/);
});
