import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { forEachPixelRect, hitTest, packRowItems, visibleRange } from '../../../webview/drawList';

test('packing sorts by start and keeps a monotonic max-end for culling', () => {
  const items = packRowItems({ start: [50, 0, 10], end: [60, 100, 20], lane: [0, 0, 1], style: [2, 0, 1] });
  assert.deepEqual(Array.from(items.start), [0, 10, 50]);
  assert.deepEqual(Array.from(items.style), [0, 1, 2]);
  assert.deepEqual(Array.from(items.maxEnd), [100, 100, 100]);
  assert.equal(items.lanes, 2);
  // [70, 80] is inside the long first item only... and the culling keeps it.
  const [lo, hi] = visibleRange(items, 70, 80);
  assert.ok(lo === 0 && hi === 3);
});

test('culling is exact on a long row of disjoint items', () => {
  const n = 100000;
  const start = new Float64Array(n);
  const end = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    start[i] = i * 10;
    end[i] = i * 10 + 5;
  }
  const items = packRowItems({ start, end, style: new Int32Array(n) });
  const [lo, hi] = visibleRange(items, 5003, 5100);
  assert.equal(lo, 500); // item 500 = [5000, 5005] reaches 5003
  assert.equal(hi, 511); // item 510 starts at 5100
});

test('a frame emits at most about one rect per pixel per lane however many items there are', () => {
  const n = 200000;
  const start = new Float64Array(n);
  const end = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    start[i] = i * 100;
    end[i] = i * 100 + 40;
  }
  const items = packRowItems({ start, end, style: new Int32Array(n) });
  let rects = 0;
  let mergedTotal = 0;
  const emitted = forEachPixelRect(items, 0, n * 100, 1000, (r) => {
    rects++;
    mergedTotal += r.merged;
    assert.ok(r.x1 >= r.x0 + 1);
  });
  assert.equal(rects, emitted);
  assert.ok(rects <= 1000, `${rects} rects`);
  assert.equal(mergedTotal, n, 'every item is accounted for in some rect');
  // Zoomed in: each item is its own rect.
  let zoomed = 0;
  forEachPixelRect(items, 0, 2000, 1000, () => zoomed++);
  assert.equal(zoomed, 21);
});

test('hit testing finds the item under the cursor on its lane', () => {
  const items = packRowItems({ start: [0, 10, 40], end: [100, 30, 45], lane: [0, 1, 1], style: [0, 1, 2], id: [7, 8, 9] });
  assert.equal(items.id[hitTest(items, 20, 1, 0)], 8);
  assert.equal(items.id[hitTest(items, 20, 0, 0)], 7);
  assert.equal(hitTest(items, 35, 1, 0), -1);
  assert.equal(items.id[hitTest(items, 35, 1, 6)], 9);
});
