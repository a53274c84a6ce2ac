import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { clampWindow, keyNavigate, MIN_SPAN_NS, panBy, wheelZoomFactor, xToTime, zoomAt } from '../../../webview/viewport';

const bounds = { t0: 0, t1: 1e9 };

test('zoom keeps the time under the cursor fixed', () => {
  const w = { t0: 1e8, t1: 5e8 };
  const x = 300;
  const before = xToTime(x, w, 1000);
  const z = zoomAt(w, x, 1000, 0.5, bounds);
  assert.ok(Math.abs(xToTime(x, z, 1000) - before) < 1e-3);
  assert.ok(Math.abs(z.t1 - z.t0 - 2e8) < 1e-3);
});

test('zoom and pan never leave the trace and never go below the minimum span', () => {
  let w = { t0: 0, t1: 1e9 };
  for (let i = 0; i < 200; i++) w = zoomAt(w, 999, 1000, 0.5, bounds);
  assert.equal(w.t1 - w.t0, MIN_SPAN_NS);
  assert.ok(w.t1 <= bounds.t1 && w.t0 >= bounds.t0);
  w = panBy(w, 1e12, 1000, bounds);
  assert.equal(w.t1, bounds.t1);
  w = zoomAt(w, 0, 1000, 1e9, bounds);
  assert.deepEqual(w, bounds);
  assert.deepEqual(clampWindow({ t0: -5, t1: 2e9 }, bounds), bounds);
});

test('W/A/S/D zoom and pan like Nsight; other keys do nothing', () => {
  const w = { t0: 2e8, t1: 4e8 };
  const zin = keyNavigate(w, 'w', bounds)!;
  assert.ok(zin.t1 - zin.t0 < 2e8);
  const zout = keyNavigate(w, 'S', bounds)!;
  assert.ok(zout.t1 - zout.t0 > 2e8);
  const left = keyNavigate(w, 'a', bounds)!;
  assert.ok(left.t0 < w.t0 && Math.abs(left.t1 - left.t0 - 2e8) < 1e-3);
  const right = keyNavigate(w, 'd', bounds)!;
  assert.ok(right.t0 > w.t0);
  assert.equal(keyNavigate(w, 'q', bounds), undefined);
});

test('wheel deltas zoom in for negative deltas and are bounded per event', () => {
  assert.ok(wheelZoomFactor(-100, 0) < 1);
  assert.ok(wheelZoomFactor(100, 0) > 1);
  assert.ok(wheelZoomFactor(-3, 1) < 1);
  assert.equal(wheelZoomFactor(-1e6, 0), wheelZoomFactor(-300, 0));
});
