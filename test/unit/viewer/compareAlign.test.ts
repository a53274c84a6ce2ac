// Compare-view arithmetic: aligning two traces at an anchor each, following one column's view in
// the other, picking an NVTX range instance, and the per-row verdict of the summary deltas.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { alignAt, deltaVerdict, nvtxDisplayName, pickInstance, shiftWindow } from '../../../webview/compareAlign';

test('aligning makes the two anchors start at the same place of the view, with one zoom', () => {
  // A's `infer` #3 runs 2.0–2.5 ms; B's runs 7.0–7.3 ms (the fix made it faster).
  const al = alignAt({ t0: 2_000_000, t1: 2_500_000 }, { t0: 7_000_000, t1: 7_300_000 });
  assert.equal(al.offset, 5_000_000);
  assert.equal(al.originA, 2_000_000);
  // The longer anchor (A's, 0.5 ms) fits with a 10 % margin each side.
  assert.deepEqual(al.windowA, { t0: 1_950_000, t1: 2_550_000 });
  assert.deepEqual(al.windowB, { t0: 6_950_000, t1: 7_550_000 });
  // Same span (zoom) and the anchor start at the same fraction of both views.
  const frac = (t: number, w: { t0: number; t1: number }): number => (t - w.t0) / (w.t1 - w.t0);
  assert.equal(al.windowA.t1 - al.windowA.t0, al.windowB.t1 - al.windowB.t0);
  assert.equal(frac(2_000_000, al.windowA), frac(7_000_000, al.windowB));
  // A longer anchor in B decides the zoom.
  const wide = alignAt({ t0: 0, t1: 100 }, { t0: 50, t1: 1050 });
  assert.equal(wide.windowA.t1 - wide.windowA.t0, 1200);
  // A zero-length anchor (an instant) still gives a usable window.
  const instant = alignAt({ t0: 10, t1: 10 }, { t0: 20, t1: 20 });
  assert.ok(instant.windowA.t1 > instant.windowA.t0);
});

test('a view of one column maps to the other at the same relative time and zoom, and back', () => {
  const al = alignAt({ t0: 1000, t1: 2000 }, { t0: 51_000, t1: 51_400 });
  const zoomedA = { t0: 1200, t1: 1300 };
  const b = shiftWindow(zoomedA, al.offset);
  assert.deepEqual(b, { t0: 51_200, t1: 51_300 });
  assert.deepEqual(shiftWindow(b, -al.offset), zoomedA);
  // Relative to each origin, the two windows are the same numbers (what both rulers show).
  assert.deepEqual({ t0: zoomedA.t0 - al.originA, t1: zoomedA.t1 - al.originA }, { t0: b.t0 - (al.originA + al.offset), t1: b.t1 - (al.originA + al.offset) });
});

test('instances are counted in time order; a missing instance is undefined', () => {
  const occ = [
    { startNs: 30, endNs: 40, rowId: 'r' },
    { startNs: 10, endNs: 20, rowId: 'r' },
    { startNs: 50, endNs: 60, rowId: 'r' },
  ];
  assert.equal(pickInstance(occ, 0)?.startNs, 10);
  assert.equal(pickInstance(occ, 2)?.startNs, 50);
  assert.equal(pickInstance(occ, 3), undefined);
  assert.equal(pickInstance(occ, -1), undefined);
  assert.equal(pickInstance(occ, 1.5), undefined);
  assert.equal(pickInstance([], 0), undefined);
});

test('delta verdicts: new, gone, slower, faster, same within 5 %', () => {
  assert.equal(deltaVerdict(0, 5e6, 0, 10), 'new');
  assert.equal(deltaVerdict(5e6, 0, 10, 0), 'gone');
  assert.equal(deltaVerdict(10e6, 12e6, 10, 10), 'slower');
  assert.equal(deltaVerdict(10e6, 3e6, 10, 10), 'faster');
  assert.equal(deltaVerdict(10e6, 10.4e6, 10, 10), 'same');
  // Tiny absolute differences are noise whatever the ratio.
  assert.equal(deltaVerdict(200, 900, 1, 1), 'same');
  assert.equal(deltaVerdict(0, 0, 0, 0), 'same');
});

test('NVTX summary keys read without the default domain', () => {
  assert.equal(nvtxDisplayName(':infer'), 'infer');
  assert.equal(nvtxDisplayName('DeepStream:GstNvInfer: UID=1'), 'DeepStream:GstNvInfer: UID=1');
});
