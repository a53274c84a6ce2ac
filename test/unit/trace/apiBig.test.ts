// The 1.8 M-event capture, loaded once: every figure equal to nsys stats, the expert rules, the
// verdict, the model's size against the file's, and a bounded full-width view.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { loadTrace } from '../../../server/trace/load';
import { summarize } from '../../../server/trace/summary';
import { diagnose } from '../../../server/trace/diagnose';
import { listRows, queryView } from '../../../server/trace/lod';
import { modelBytes } from '../../../server/trace/modelSize';
import type { TraceModel } from '../../../server/trace/model';
import { assertSummaryMatchesNsight } from './summaryOracle';
import { assertExpertRulesMatchNsight } from './expertOracle';
import { capturePath } from './traceFiles';

let model: TraceModel;
let file: string;

test('api_big loads into a columnar model under 3x the file size', async () => {
  file = await capturePath('api_big');
  model = await loadTrace(file);
  assert.equal(model.api.count, 1200021);
  assert.equal(model.kernels.count, 600002);
  const size = statSync(file).size;
  const bytes = modelBytes(model);
  assert.ok(bytes < 3 * size, `model ${bytes} bytes, file ${size}`);
});

test('api_big summary equals nsys stats', () => {
  assertSummaryMatchesNsight('api_big', summarize(model));
});

test('api_big diagnosis: cuda-api-bound, expert rules as nsys analyze', () => {
  const d = diagnose(model);
  assert.equal(d.verdict.pattern, 'cuda-api-bound', d.verdict.evidence.join('\n'));
  assertExpertRulesMatchNsight('api_big', d);
});

test('api_big full-width view: bounded per row, all events accounted for', () => {
  const rows = listRows(model);
  const width = 2000;
  const v = queryView(model, { t0: model.startNs, t1: model.endNs, widthPx: width });
  let items = 0;
  for (const s of v.slices) {
    items += s.start.length;
    const row = rows.find((r) => r.id === s.rowId);
    assert.equal(s.count.reduce((a, b) => a + b, 0), row?.eventCount, s.rowId);
    assert.ok(s.start.length <= 2 * width * Math.max(1, row?.depthCount ?? 1), `${s.rowId}: ${s.start.length}`);
  }
  assert.ok(items < 100000, `${items} items sent for 1.8 M events`);
});
