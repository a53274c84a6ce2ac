// Timeline rows grouped like Nsight Systems, and the level-of-detail query behind the viewer:
// "what is visible between t0 and t1 at this pixel width". Within one row and one nesting depth
// events never overlap, so each (row, depth) keeps its events in start order and the query walks
// them pixel by pixel: an event at least one pixel wide is sent as is, runs of smaller ones are
// merged into one item per pixel with a count. The answer is O(width x depths) items whatever the
// number of events; jumping over a pixel is a binary search.
import { GpuOpKind, nvtxCategoryName, threadLabel, type GpuOps, type TraceModel } from './model';
import { MEM_KIND_LABELS } from './memKinds';
import type { EventDetails, InstantKind, LinkedEvent, MarkSlice, RowKind, RowSlice, RowsMessage, TimelineRow, ViewMessage, ViewRequest } from './protocol';

type TableName = 'nvtx' | 'api' | 'osrt' | 'kernels' | 'memcpy' | 'memset';

interface EventRow {
  row: TimelineRow;
  table: TableName;
  /** Per depth: table indices in start order. */
  levels: Int32Array[];
  /** Per depth: the start times of `levels`, contiguous (binary searches stay in cache). */
  levelStarts: Float64Array[];
  /** NVTX rows: indices into model.marks of the thread's marks, in time order, and their times. */
  marks?: Int32Array;
  markTimes?: Float64Array;
}

interface RowIndex {
  rows: TimelineRow[];
  eventRows: Map<string, EventRow>;
}

const indexes = new WeakMap<TraceModel, RowIndex>();

const ROW_LABELS: Record<TableName, string> = {
  nvtx: 'NVTX',
  api: 'CUDA API',
  osrt: 'OS runtime libraries',
  kernels: 'Kernels',
  memcpy: 'Memory copies',
  memset: 'Memsets',
};
const ROW_KINDS: Record<TableName, RowKind> = {
  nvtx: 'nvtx',
  api: 'cuda-api',
  osrt: 'osrt',
  kernels: 'kernels',
  memcpy: 'memcpy',
  memset: 'memset',
};

function tableOf(model: TraceModel, t: TableName): { count: number; start: Float64Array; end: Float64Array } {
  return model[t];
}

/** Split the indices of one table by owner (thread or stream) and depth, keeping start order. */
function splitByOwner(count: number, owner: Int32Array, depth: Uint8Array | null): Map<number, Int32Array[]> {
  const sizes = new Map<number, number[]>();
  for (let i = 0; i < count; i++) {
    const o = owner[i];
    const d = depth ? depth[i] : 0;
    let s = sizes.get(o);
    if (!s) sizes.set(o, (s = []));
    s[d] = (s[d] ?? 0) + 1;
  }
  const out = new Map<number, Int32Array[]>();
  const fill = new Map<number, number[]>();
  for (const [o, s] of sizes) {
    out.set(o, Array.from(s, (n) => new Int32Array(n ?? 0)));
    fill.set(o, s.map(() => 0));
  }
  for (let i = 0; i < count; i++) {
    const o = owner[i];
    const d = depth ? depth[i] : 0;
    const f = fill.get(o) as number[];
    (out.get(o) as Int32Array[])[d][f[d]++] = i;
  }
  return out;
}

type CpuTable = 'nvtx' | 'api' | 'osrt';
type GpuTable = 'kernels' | 'memcpy' | 'memset';
/** Each table's indices split by owner (thread or stream) and depth. */
type Splits = Record<CpuTable | GpuTable, Map<number, Int32Array[]>>;
const SPLIT_ORDER: (CpuTable | GpuTable)[] = ['nvtx', 'api', 'osrt', 'kernels', 'memcpy', 'memset'];

function splitTable(model: TraceModel, t: CpuTable | GpuTable): Map<number, Int32Array[]> {
  if (t === 'nvtx' || t === 'api' || t === 'osrt') return splitByOwner(model[t].count, model[t].thread, model[t].depth);
  return splitByOwner(model[t].count, model[t].stream, null);
}

function buildIndex(model: TraceModel, splits?: Partial<Splits>): RowIndex {
  const split = (t: CpuTable | GpuTable): Map<number, Int32Array[]> => splits?.[t] ?? splitTable(model, t);
  const rows: TimelineRow[] = [];
  const eventRows = new Map<string, EventRow>();
  const add = (id: string, label: string, parent: string | null, kind: RowKind): TimelineRow => {
    const r: TimelineRow = { id, label, parent, kind, eventCount: 0, depthCount: 0 };
    rows.push(r);
    return r;
  };
  const addEvents = (parent: string, table: TableName, found: Int32Array[] | undefined, marks?: Int32Array): void => {
    const levels = found ?? [];
    const ranges = levels.reduce((a, l) => a + l.length, 0);
    if (ranges === 0 && !marks?.length) return;
    const r = add(`${parent}/${ROW_KINDS[table]}`, ROW_LABELS[table], parent, ROW_KINDS[table]);
    r.eventCount = ranges + (marks?.length ?? 0);
    r.depthCount = Math.max(levels.length, 1);
    const start = model[table].start;
    const levelStarts = levels.map((l) => {
      const a = new Float64Array(l.length);
      for (let i = 0; i < l.length; i++) a[i] = start[l[i]];
      return a;
    });
    const er: EventRow = { row: r, table, levels, levelStarts };
    if (marks?.length) {
      r.markCount = marks.length;
      er.marks = marks;
      er.markTimes = Float64Array.from(marks, (m) => model.marks.time[m]);
    }
    eventRows.set(r.id, er);
  };

  const cpu: Record<CpuTable, Map<number, Int32Array[]>> = { nvtx: split('nvtx'), api: split('api'), osrt: split('osrt') };
  const marks = splitByOwner(model.marks.count, model.marks.thread, null);
  for (const p of model.processes) {
    const threads = model.threads
      .map((t, i) => ({ t, i }))
      .filter(({ t, i }) => t.pid === p.pid && (cpu.nvtx.has(i) || marks.has(i) || cpu.api.has(i) || cpu.osrt.has(i)));
    const hasGpu = model.streams.some((s) => s.pid === p.pid);
    if (threads.length === 0 && !hasGpu) continue;
    const pid = `p${p.pid}`;
    if (threads.length === 0) continue;
    add(pid, p.name ? `${p.name} [${p.pid}]` : `[${p.pid}]`, null, 'process');
    threads.sort((a, b) => a.t.tid - b.t.tid);
    for (const { t, i } of threads) {
      const tid = `${pid}/t${t.tid}`;
      add(tid, threadLabel(t), pid, 'thread');
      addEvents(tid, 'nvtx', cpu.nvtx.get(i), marks.get(i)?.[0]);
      addEvents(tid, 'api', cpu.api.get(i));
      addEvents(tid, 'osrt', cpu.osrt.get(i));
    }
  }
  const gpuTables: Record<GpuTable, Map<number, Int32Array[]>> = { kernels: split('kernels'), memcpy: split('memcpy'), memset: split('memset') };
  const multiProcess = new Set(model.streams.map((s) => s.pid)).size > 1;
  for (const g of model.gpus) {
    const gid = `gpu${g.deviceId}`;
    add(gid, `${g.name} (${g.deviceId})`, null, 'gpu');
    const streams = model.streams
      .map((s, i) => ({ s, i }))
      .filter(({ s }) => s.deviceId === g.deviceId)
      .sort((a, b) => a.s.pid - b.s.pid || a.s.contextId - b.s.contextId || a.s.streamId - b.s.streamId);
    for (const { s, i } of streams) {
      if (!gpuTables.kernels.has(i) && !gpuTables.memcpy.has(i) && !gpuTables.memset.has(i)) continue;
      const sid = `${gid}/p${s.pid}/c${s.contextId}/s${s.streamId}`;
      add(sid, multiProcess ? `Stream ${s.streamId} [pid ${s.pid}]` : `Stream ${s.streamId}`, gid, 'stream');
      addEvents(sid, 'kernels', gpuTables.kernels.get(i));
      addEvents(sid, 'memcpy', gpuTables.memcpy.get(i));
      addEvents(sid, 'memset', gpuTables.memset.get(i));
    }
  }
  return { rows, eventRows };
}

function rowIndex(model: TraceModel): RowIndex {
  let ix = indexes.get(model);
  if (!ix) {
    ix = buildIndex(model);
    indexes.set(model, ix);
  }
  return ix;
}

/**
 * Build the row index ahead of the first query, one table at a time, awaiting `between(done,
 * total)` after each (the loader pauses, reports progress and checks its AbortSignal there).
 */
export async function prepareRowIndex(model: TraceModel, between: (done: number, total: number) => Promise<void>): Promise<void> {
  if (indexes.has(model)) return;
  const splits: Partial<Splits> = {};
  const total = SPLIT_ORDER.length + 1;
  for (let k = 0; k < SPLIT_ORDER.length; k++) {
    splits[SPLIT_ORDER[k]] = splitTable(model, SPLIT_ORDER[k]);
    await between(k + 1, total);
  }
  if (!indexes.has(model)) indexes.set(model, buildIndex(model, splits));
}

/** Bytes held by the row index of a model (built on first use): for the memory figures. */
export function rowIndexBytes(model: TraceModel): number {
  let b = 0;
  for (const er of rowIndex(model).eventRows.values()) {
    for (const l of er.levels) b += l.byteLength;
    for (const l of er.levelStarts) b += l.byteLength;
    b += (er.marks?.byteLength ?? 0) + (er.markTimes?.byteLength ?? 0);
  }
  return b;
}

/** The timeline rows (processes > threads > NVTX / CUDA API / OSRT; GPUs > streams > kernels / copies / memsets). */
export function listRows(model: TraceModel): TimelineRow[] {
  return rowIndex(model).rows;
}

export function rowsMessage(model: TraceModel): RowsMessage {
  return { type: 'rows', startNs: model.startNs, endNs: model.endNs, rows: listRows(model) };
}

/** First position from `lo` whose start is at or after `t` (galloping, then binary search). */
function lowerBoundStart(starts: Float64Array, lo: number, t: number): number {
  const n = starts.length;
  let step = 1;
  let hi = lo;
  while (hi < n && starts[hi] < t) {
    lo = hi + 1;
    hi += step;
    step *= 2;
  }
  if (hi > n) hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (starts[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First position in `lvl` whose event ends after `t` (events of one level are disjoint, so ends are sorted too). */
function firstEndingAfter(end: Float64Array, lvl: Int32Array, t: number): number {
  let lo = 0;
  let hi = lvl.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (end[lvl[mid]] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function colourOf(model: TraceModel, table: TableName, i: number): number {
  return table === 'nvtx' ? model.nvtx.color[i] : 0;
}

/** What is visible between t0 and t1 at widthPx pixels, per row, merged below one pixel. */
export function queryView(model: TraceModel, req: ViewRequest): ViewMessage {
  const ix = rowIndex(model);
  const t0 = req.t0;
  const t1 = Math.max(req.t1, t0 + 1);
  const width = Math.max(1, Math.floor(req.widthPx));
  const px = (t1 - t0) / width;
  const strings: string[] = [];
  const stringIds = new Map<number, number>();
  const local = (id: number): number => {
    let k = stringIds.get(id);
    if (k === undefined) {
      k = strings.length;
      strings.push(model.strings.strings[id]);
      stringIds.set(id, k);
    }
    return k;
  };
  const ids = req.rowIds ?? [...ix.eventRows.keys()];
  const slices: RowSlice[] = [];
  for (const id of ids) {
    const er = ix.eventRows.get(id);
    if (!er) continue;
    const t = tableOf(model, er.table);
    const nameId = (model[er.table] as { nameId: Int32Array }).nameId;
    const { end } = t;
    const slice: RowSlice = { rowId: id, start: [], end: [], depth: [], label: [], colour: [], count: [], index: [] };
    er.levels.forEach((lvl, depth) => {
      const starts = er.levelStarts[depth];
      let j = firstEndingAfter(end, lvl, t0);
      while (j < lvl.length) {
        const e = lvl[j];
        const s = starts[j];
        if (s >= t1) break;
        if (end[e] - s >= px) {
          slice.start.push(s);
          slice.end.push(end[e]);
          slice.depth.push(depth);
          slice.label.push(local(nameId[e]));
          slice.colour.push(colourOf(model, er.table, e));
          slice.count.push(1);
          slice.index.push(e);
          j++;
          continue;
        }
        // A run of sub-pixel events: everything starting within this pixel becomes one item.
        let k = lowerBoundStart(starts, j + 1, s + px);
        if (k === j) k = j + 1;
        const last = lvl[k - 1];
        slice.start.push(s);
        slice.end.push(Math.max(end[last], s));
        slice.depth.push(depth);
        slice.label.push(local(nameId[e]));
        slice.colour.push(colourOf(model, er.table, e));
        slice.count.push(k - j);
        slice.index.push(e);
        j = k;
      }
    });
    if (er.marks && er.markTimes) slice.marks = markSlice(model, er.marks, er.markTimes, t0, t1, px, local);
    slices.push(slice);
  }
  return { type: 'view', t0, t1, widthPx: width, strings, slices };
}

/** The marks of one row between t0 and t1, those within one pixel of the first merged into one item. */
function markSlice(model: TraceModel, marks: Int32Array, times: Float64Array, t0: number, t1: number, px: number, local: (id: number) => number): MarkSlice {
  const out: MarkSlice = { kind: 'nvtx-mark', time: [], label: [], colour: [], count: [], index: [] };
  let j = lowerBoundStart(times, 0, t0);
  while (j < marks.length && times[j] < t1) {
    const m = marks[j];
    let k = lowerBoundStart(times, j + 1, times[j] + px);
    if (k === j) k = j + 1;
    out.time.push(times[j]);
    out.label.push(local(model.marks.nameId[m]));
    out.colour.push(model.marks.color[m]);
    out.count.push(k - j);
    out.index.push(m);
    j = k;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Details for tooltips and the details pane.

function gpuTableName(t: TableName): t is 'kernels' | 'memcpy' | 'memset' {
  return t === 'kernels' || t === 'memcpy' || t === 'memset';
}

/** The CUDA API call that launched GPU work (same process and correlation id), or -1. */
export function findLaunchingCall(model: TraceModel, ops: GpuOps, i: number): number {
  const corr = ops.correlationId[i];
  if (corr < 0) return -1;
  const pid = model.streams[ops.stream[i]].pid;
  const { api, threads } = model;
  for (let k = 0; k < api.count; k++) {
    if (api.correlationId[k] === corr && threads[api.thread[k]].pid === pid) return k;
  }
  return -1;
}

/** GPU work launched by one CUDA API call: [kind, index] pairs. */
export function findGpuWork(model: TraceModel, apiIndex: number): [GpuOpKind, number][] {
  const corr = model.api.correlationId[apiIndex];
  const out: [GpuOpKind, number][] = [];
  if (corr < 0) return out;
  const pid = model.threads[model.api.thread[apiIndex]].pid;
  const tables: [GpuOpKind, GpuOps][] = [
    [GpuOpKind.Kernel, model.kernels],
    [GpuOpKind.Memcpy, model.memcpy],
    [GpuOpKind.Memset, model.memset],
  ];
  for (const [kind, t] of tables) {
    for (let k = 0; k < t.count; k++) {
      if (t.correlationId[k] === corr && model.streams[t.stream[k]].pid === pid) out.push([kind, k]);
    }
  }
  return out;
}

/** NVTX ranges on `thread` enclosing time `t`, outermost first, as `domain:name`. */
export function enclosingRanges(model: TraceModel, thread: number, t: number): string[] {
  const { nvtx } = model;
  const found: { depth: number; name: string }[] = [];
  for (let i = 0; i < nvtx.count && nvtx.start[i] <= t; i++) {
    if (nvtx.thread[i] === thread && nvtx.end[i] >= t) {
      const d = model.nvtxDomains[nvtx.domain[i]];
      found.push({ depth: nvtx.depth[i], name: `${d ? d.name : ''}:${model.strings.strings[nvtx.nameId[i]]}` });
    }
  }
  return found.sort((a, b) => a.depth - b.depth).map((f) => f.name);
}

function rowIdOfGpuOp(model: TraceModel, table: 'kernels' | 'memcpy' | 'memset', i: number): string {
  const s = model.streams[model[table].stream[i]];
  return `gpu${s.deviceId}/p${s.pid}/c${s.contextId}/s${s.streamId}/${ROW_KINDS[table]}`;
}

function rowIdOfApi(model: TraceModel, i: number): string {
  const t = model.threads[model.api.thread[i]];
  return `p${t.pid}/t${t.tid}/cuda-api`;
}

/**
 * Details of one event of a row (`index` as in RowSlice.index), or with `item` of one instant
 * (`index` as in RowSlice.marks.index); undefined when out of range or not on that row.
 */
export function eventDetails(model: TraceModel, rowId: string, index: number, item?: InstantKind): EventDetails | undefined {
  const er = rowIndex(model).eventRows.get(rowId);
  if (!er) return undefined;
  if (item === 'nvtx-mark') return markDetails(model, er, index);
  const t = tableOf(model, er.table);
  if (!Number.isInteger(index) || index < 0 || index >= t.count) return undefined;
  const S = model.strings.strings;
  const base = {
    type: 'eventDetails' as const,
    rowId,
    index,
    kind: er.row.kind,
    startNs: t.start[index],
    endNs: t.end[index],
    durationNs: t.end[index] - t.start[index],
  };
  if (er.table === 'nvtx' || er.table === 'api' || er.table === 'osrt') {
    const cols = model[er.table];
    const th = model.threads[cols.thread[index]];
    const d: EventDetails = {
      ...base,
      name: S[cols.nameId[index]],
      pid: th.pid,
      tid: th.tid,
      threadName: th.name,
      depth: cols.depth[index],
    };
    if (er.table === 'nvtx') {
      const n = model.nvtx;
      d.domain = model.nvtxDomains[n.domain[index]]?.name ?? '';
      d.category = n.category[index];
      const categoryName = nvtxCategoryName(model, n.domain[index], n.category[index]);
      if (categoryName) d.categoryName = categoryName;
      d.colour = n.color[index];
      if (n.payloadKind[index]) d.payload = n.payload[index];
    } else {
      d.enclosingRanges = enclosingRanges(model, cols.thread[index], t.start[index]);
    }
    if (er.table === 'api') {
      d.correlationId = model.api.correlationId[index];
      d.linked = findGpuWork(model, index).map(([kind, k]): LinkedEvent => {
        const tn = kind === GpuOpKind.Kernel ? 'kernels' : kind === GpuOpKind.Memcpy ? 'memcpy' : 'memset';
        const ops = model[tn];
        return { rowId: rowIdOfGpuOp(model, tn, k), index: k, name: S[ops.nameId[k]], startNs: ops.start[k], endNs: ops.end[k] };
      });
    }
    return d;
  }
  if (!gpuTableName(er.table)) return undefined;
  const ops = model[er.table];
  const s = model.streams[ops.stream[index]];
  const d: EventDetails = {
    ...base,
    name: S[ops.nameId[index]],
    pid: s.pid,
    deviceId: s.deviceId,
    streamId: s.streamId,
    correlationId: ops.correlationId[index],
  };
  if (er.table !== 'kernels') {
    d.bytes = ops.bytes[index];
    if (er.table === 'memcpy') {
      d.copyKind = S[ops.nameId[index]].replace(/^\[CUDA memcpy (.*)\]$/, '$1');
      d.srcKind = MEM_KIND_LABELS[ops.srcKind[index]] ?? 'Unknown';
      d.dstKind = MEM_KIND_LABELS[ops.dstKind[index]] ?? 'Unknown';
    } else {
      d.dstKind = MEM_KIND_LABELS[ops.dstKind[index]] ?? 'Unknown';
    }
  }
  const k = findLaunchingCall(model, ops, index);
  if (k >= 0) {
    d.linked = [{ rowId: rowIdOfApi(model, k), index: k, name: S[model.api.nameId[k]], startNs: model.api.start[k], endNs: model.api.end[k] }];
    d.enclosingRanges = enclosingRanges(model, model.api.thread[k], model.api.start[k]);
  }
  return d;
}

function markDetails(model: TraceModel, er: EventRow, index: number): EventDetails | undefined {
  const mk = model.marks;
  if (!er.marks || !Number.isInteger(index) || index < 0 || index >= mk.count) return undefined;
  const th = model.threads[mk.thread[index]];
  if (!er.row.id.startsWith(`p${th.pid}/t${th.tid}/`)) return undefined;
  const t = mk.time[index];
  const d: EventDetails = {
    type: 'eventDetails',
    rowId: er.row.id,
    index,
    kind: er.row.kind,
    item: 'nvtx-mark',
    name: model.strings.strings[mk.nameId[index]],
    startNs: t,
    endNs: t,
    durationNs: 0,
    pid: th.pid,
    tid: th.tid,
    threadName: th.name,
    domain: model.nvtxDomains[mk.domain[index]]?.name ?? '',
    category: mk.category[index],
    colour: mk.color[index],
    enclosingRanges: enclosingRanges(model, mk.thread[index], t),
  };
  const categoryName = nvtxCategoryName(model, mk.domain[index], mk.category[index]);
  if (categoryName) d.categoryName = categoryName;
  if (mk.payloadKind[index]) d.payload = mk.payload[index];
  return d;
}

/** An NVTX range instance: name (`domain:name`), domain, thread and time, for jump-to-source and the details pane. */
export interface NvtxRangeInstance {
  name: string;
  message: string;
  domain: string;
  pid: number;
  tid: number;
  threadName: string;
  startNs: number;
  endNs: number;
  depth: number;
}

/** The NVTX range instance behind an item of an NVTX row (`index` as in RowSlice.index); undefined for other rows. */
export function nvtxRangeAt(model: TraceModel, rowId: string, index: number): NvtxRangeInstance | undefined {
  const er = rowIndex(model).eventRows.get(rowId);
  if (!er || er.table !== 'nvtx') return undefined;
  const inst = nvtxRangeInstance(model, index);
  if (!inst) return undefined;
  const th = model.threads[model.nvtx.thread[index]];
  return rowId.startsWith(`p${th.pid}/t${th.tid}/`) ? inst : undefined;
}

export function nvtxRangeInstance(model: TraceModel, index: number): NvtxRangeInstance | undefined {
  const n = model.nvtx;
  if (!Number.isInteger(index) || index < 0 || index >= n.count) return undefined;
  const th = model.threads[n.thread[index]];
  const domain = model.nvtxDomains[n.domain[index]]?.name ?? '';
  const message = model.strings.strings[n.nameId[index]];
  return {
    name: `${domain}:${message}`,
    message,
    domain,
    pid: th.pid,
    tid: th.tid,
    threadName: th.name,
    startNs: n.start[index],
    endNs: n.end[index],
    depth: n.depth[index],
  };
}
