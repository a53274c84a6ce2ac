// Event order and nesting for the columnar tables: every table ends up sorted by start (longer
// event first on equal starts, so a parent precedes its children), and the tables of CPU rows
// (NVTX, CUDA API, OS runtime) get each event's depth and parent on its own thread.

type Column = Float64Array | Int32Array | Uint32Array | Uint8Array;
interface Table {
  count: number;
}

function columnsOf(t: Table): [string, Column][] {
  const out: [string, Column][] = [];
  for (const [k, v] of Object.entries(t)) {
    if (ArrayBuffer.isView(v)) out.push([k, v as Column]);
  }
  return out;
}

/** Sort all columns of a table by `start` (or `time`), ties by longer first; trims spare slots. */
export function sortByStart(t: Table): void {
  const cols = columnsOf(t);
  const rec = t as unknown as Record<string, Column>;
  for (const [k, c] of cols) if (c.length !== t.count) rec[k] = c.slice(0, t.count);
  const start = (rec.start ?? rec.time) as Float64Array;
  const end = (rec.end ?? rec.start ?? rec.time) as Float64Array;
  const n = t.count;
  let sorted = true;
  for (let i = 1; i < n; i++) {
    if (start[i] < start[i - 1] || (start[i] === start[i - 1] && end[i] > end[i - 1])) {
      sorted = false;
      break;
    }
  }
  if (sorted) return;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const idx = Array.from(order).sort((a, b) => start[a] - start[b] || end[b] - end[a]);
  for (const [k] of cols) {
    const c = rec[k];
    const out = new (c.constructor as { new (n: number): Column })(n);
    for (let i = 0; i < n; i++) out[i] = c[idx[i]];
    rec[k] = out;
  }
}

/**
 * Depth and parent of each event among the events of its own thread. An event that overlaps the
 * one below it without fitting inside (start/end ranges may cross) goes one level deeper with no
 * parent, so nothing is drawn on top of something else.
 */
export function computeNesting(
  t: { count: number; start: Float64Array; end: Float64Array; depth: Uint8Array; parent: Int32Array },
  thread: Int32Array,
  threadCount: number,
): void {
  const stacks: number[][] = Array.from({ length: threadCount }, () => []);
  for (let i = 0; i < t.count; i++) {
    const s = stacks[thread[i]];
    const st = t.start[i];
    while (s.length && t.end[s[s.length - 1]] <= st) s.pop();
    const top = s.length ? s[s.length - 1] : -1;
    t.parent[i] = top >= 0 && t.end[i] <= t.end[top] ? top : -1;
    t.depth[i] = Math.min(255, s.length);
    s.push(i);
  }
}
