// The drawable items of one row, packed in typed arrays (what the server's level-of-detail query
// returned for a window), with the two operations a frame needs: cull to the visible window by
// binary search, and merge items that fall into the same pixel so a frame costs O(pixels), not
// O(items). Pure, unit-tested (test/unit/viewer/drawList.test.ts).

export interface RowItemsInput {
  start: ArrayLike<number>;
  end: ArrayLike<number>;
  /** Lane (nesting depth) per item; absent: all on lane 0. */
  lane?: ArrayLike<number>;
  /** Index into the view's style table per item (name + colour + kind). */
  style: ArrayLike<number>;
  /** How many trace events the item stands for (>1: merged by level of detail). */
  count?: ArrayLike<number>;
  /** Event id for details / correlation (-1 for merged items). */
  id?: ArrayLike<number>;
}

export interface RowItems {
  n: number;
  start: Float64Array;
  end: Float64Array;
  lane: Uint8Array;
  style: Int32Array;
  count: Uint32Array;
  id: Float64Array;
  /** maxEnd[i] = max(end[0..i]): monotonic, so the first item reaching t0 is a binary search. */
  maxEnd: Float64Array;
  lanes: number;
}

/** Pack items (any order) sorted by start time. */
export function packRowItems(input: RowItemsInput): RowItems {
  const n = input.start.length;
  const order = new Uint32Array(n);
  let sorted = true;
  for (let i = 0; i < n; i++) {
    order[i] = i;
    if (i > 0 && input.start[i] < input.start[i - 1]) sorted = false;
  }
  if (!sorted) order.sort((a, b) => input.start[a] - input.start[b]);
  const items: RowItems = {
    n,
    start: new Float64Array(n),
    end: new Float64Array(n),
    lane: new Uint8Array(n),
    style: new Int32Array(n),
    count: new Uint32Array(n),
    id: new Float64Array(n),
    maxEnd: new Float64Array(n),
    lanes: 1,
  };
  let maxEnd = -Infinity;
  let lanes = 1;
  for (let k = 0; k < n; k++) {
    const i = order[k];
    const s = input.start[i];
    const e = Math.max(s, input.end[i]);
    items.start[k] = s;
    items.end[k] = e;
    const lane = input.lane ? Math.min(255, Math.max(0, input.lane[i] | 0)) : 0;
    items.lane[k] = lane;
    if (lane + 1 > lanes) lanes = lane + 1;
    items.style[k] = input.style[i] | 0;
    items.count[k] = input.count ? Math.max(1, input.count[i] | 0) : 1;
    items.id[k] = input.id ? input.id[i] : -1;
    if (e > maxEnd) maxEnd = e;
    items.maxEnd[k] = maxEnd;
  }
  items.lanes = lanes;
  return items;
}

/** Index range [lo, hi) of items that may intersect [t0, t1]. */
export function visibleRange(items: RowItems, t0: number, t1: number): [number, number] {
  // first k with maxEnd[k] >= t0
  let lo = 0;
  let hi = items.n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (items.maxEnd[mid] < t0) lo = mid + 1;
    else hi = mid;
  }
  const first = lo;
  // first k with start[k] > t1
  lo = first;
  hi = items.n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (items.start[mid] <= t1) lo = mid + 1;
    else hi = mid;
  }
  return [first, lo];
}

export interface PixelRect {
  x0: number;
  x1: number;
  lane: number;
  /** Style of the first item in the rect; `merged` > 1 means several items share it. */
  style: number;
  merged: number;
  /** Index of the first item (for labels and hit tests). */
  index: number;
}

/**
 * Calls `emit` with one rectangle per run of items that touch within a pixel on the same lane.
 * Items narrower than a pixel are widened to one pixel. The callback gets a reused object.
 */
export function forEachPixelRect(
  items: RowItems,
  t0: number,
  t1: number,
  widthPx: number,
  emit: (r: PixelRect) => void,
): number {
  const [lo, hi] = visibleRange(items, t0, t1);
  const scale = widthPx / (t1 - t0);
  const lanes = items.lanes;
  const pending: (PixelRect | null)[] = new Array(lanes).fill(null);
  const pool: PixelRect[] = [];
  for (let l = 0; l < lanes; l++) pool.push({ x0: 0, x1: 0, lane: l, style: 0, merged: 0, index: 0 });
  let emitted = 0;
  for (let k = lo; k < hi; k++) {
    const e = items.end[k];
    if (e < t0) continue;
    let x0 = (items.start[k] - t0) * scale;
    let x1 = (e - t0) * scale;
    if (x0 < -1) x0 = -1;
    if (x1 > widthPx + 1) x1 = widthPx + 1;
    if (x1 - x0 < 1) x1 = x0 + 1;
    const lane = items.lane[k];
    const p = pending[lane];
    if (p && x0 <= p.x1 + 0.5 && (x1 - x0 < 2 || p.x1 - p.x0 < 2)) {
      // Touches the pending rect and one of them is tiny: merge (level of detail at draw time).
      if (x1 > p.x1) p.x1 = x1;
      p.merged += items.count[k];
      continue;
    }
    if (p) {
      emit(p);
      emitted++;
    }
    const r = pool[lane];
    r.x0 = x0;
    r.x1 = x1;
    r.style = items.style[k];
    r.merged = items.count[k];
    r.index = k;
    pending[lane] = r;
  }
  for (const p of pending)
    if (p) {
      emit(p);
      emitted++;
    }
  return emitted;
}

/** The item under time `t` on `lane` (the innermost, latest-starting one), within `tolNs`. */
export function hitTest(items: RowItems, t: number, lane: number, tolNs: number): number {
  const [lo, hi] = visibleRange(items, t - tolNs, t + tolNs);
  let best = -1;
  let bestDist = Infinity;
  for (let k = lo; k < hi; k++) {
    if (items.lane[k] !== lane) continue;
    const s = items.start[k];
    const e = items.end[k];
    const d = t < s ? s - t : t > e ? t - e : 0;
    if (d <= tolNs && (d < bestDist || (d === bestDist && best >= 0 && s >= items.start[best]))) {
      best = k;
      bestDist = d;
    }
  }
  return best;
}
