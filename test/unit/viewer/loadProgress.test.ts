// The load progress the user sees: the loader's phase reports become one fraction that only grows
// (a phase skipped because the export lacks its table just jumps ahead), with a readable line.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { LoadProgressTracker } from '../../../webview/loadProgress';
import { LOAD_PHASES } from '../../../server/trace/load';

test('phase reports in loader order give a fraction from 0 to 1 that never goes back', () => {
  const t = new LoadProgressTracker();
  let last = -1;
  for (const phase of LOAD_PHASES) {
    if (phase === 'export report') continue;
    for (const done of [0, 50, 100]) {
      const r = t.update({ phase, done, total: 100 });
      assert.ok(r.fraction >= last, `${phase} ${done}: ${r.fraction} < ${last}`);
      assert.ok(r.message.endsWith('…') && r.message.length > 3);
      last = r.fraction;
    }
  }
  assert.equal(last, 1);
  // A late or repeated report of an earlier phase does not move the bar back.
  assert.equal(t.update({ phase: 'read file', done: 0, total: 10 }).fraction, 1);
});

test('every phase the loader reports is known, with its own text', () => {
  const t = new LoadProgressTracker();
  const texts = LOAD_PHASES.map((phase) => t.update({ phase, done: 0, total: 1 }).message);
  assert.equal(new Set(texts).size, LOAD_PHASES.length);
  for (const m of texts) assert.doesNotMatch(m, /^(read|export|open|nesting|indexes)\b/, 'a sentence, not the phase id');
});

test('a .nsys-rep export counts as the first part of the load; a skipped phase jumps ahead', () => {
  const rep = new LoadProgressTracker();
  const mid = rep.update({ phase: 'export report', done: 1, total: 2 }).fraction;
  assert.ok(mid > 0.1 && mid < 0.5, String(mid));
  const t = new LoadProgressTracker();
  const a = t.update({ phase: 'read threads', done: 1, total: 1 }).fraction;
  const b = t.update({ phase: 'read kernels', done: 0, total: 1000 }).fraction;
  assert.ok(b > a);
  // Zero totals (an empty table) do not divide by zero.
  assert.ok(Number.isFinite(t.update({ phase: 'read memsets', done: 0, total: 0 }).fraction));
  // Unknown phases (a newer loader) keep the fraction and show the phase.
  assert.deepEqual(t.update({ phase: 'read GPU metrics', done: 1, total: 2 }), { fraction: t.current, message: 'read GPU metrics' });
});
