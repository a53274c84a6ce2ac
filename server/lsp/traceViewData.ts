// Viewer-specific answers computed from a loaded TraceModel, beside the trace engine's own
// (lod.ts, summary.ts, diagnose.ts): GPU utilization bins, statistics of a time window,
// occurrences of a summary row, copy labels that show pageable / pinned, findings shaped for
// the timeline. Pure functions of the model; the LSP handlers in traceHandlers.ts call them.
import { apiDisplayName, type TraceSummary } from '../trace/summary';
import { memKindLabel } from '../trace/memKinds';
import type { TraceModel } from '../trace/model';
import type { ViewMessage } from '../trace/protocol';
import type { Diagnosis, Finding } from '../trace/diagnosisTypes';
import type {
  Occurrence,
  RangeStatRow,
  RangeStats,
  SummaryTableRow,
  SummaryTables,
  UtilizationMessage,
  ViewerFinding,
} from '../../webview/traceClient';

type Interval = { count: number; start: Float64Array; end: Float64Array };

/** First index whose start is >= t (tables are in ascending start order). */
function lowerBound(start: Float64Array, count: number, t: number): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (start[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Per GPU: the union of its kernel, copy and memset intervals, with cumulative busy time. */
interface BusyIndex {
  deviceId: number;
  start: Float64Array;
  end: Float64Array;
  /** Busy time before interval i starts. */
  before: Float64Array;
}

const busyCache = new WeakMap<TraceModel, BusyIndex[]>();

function busyIndex(model: TraceModel): BusyIndex[] {
  let cached = busyCache.get(model);
  if (cached) return cached;
  cached = model.gpus.map((g) => {
    const devStreams = new Uint8Array(model.streams.length);
    model.streams.forEach((st, i) => (devStreams[i] = st.deviceId === g.deviceId ? 1 : 0));
    let n = 0;
    for (const t of [model.kernels, model.memcpy, model.memset]) for (let i = 0; i < t.count; i++) if (devStreams[t.stream[i]]) n++;
    const s = new Float64Array(n);
    const e = new Float64Array(n);
    const order = new Uint32Array(n);
    let k = 0;
    for (const t of [model.kernels, model.memcpy, model.memset])
      for (let i = 0; i < t.count; i++)
        if (devStreams[t.stream[i]]) {
          s[k] = t.start[i];
          e[k] = t.end[i];
          order[k] = k;
          k++;
        }
    order.sort((a, b) => s[a] - s[b]);
    const us: number[] = [];
    const ue: number[] = [];
    for (let j = 0; j < n; j++) {
      const a = s[order[j]];
      const b = e[order[j]];
      if (us.length && a <= ue[ue.length - 1]) {
        if (b > ue[ue.length - 1]) ue[ue.length - 1] = b;
      } else {
        us.push(a);
        ue.push(b);
      }
    }
    const before = new Float64Array(us.length);
    for (let j = 1; j < us.length; j++) before[j] = before[j - 1] + (ue[j - 1] - us[j - 1]);
    return { deviceId: g.deviceId, start: Float64Array.from(us), end: Float64Array.from(ue), before };
  });
  busyCache.set(model, cached);
  return cached;
}

/** GPU busy time from the beginning of the capture up to t. */
function busyUpTo(b: BusyIndex, t: number): number {
  let lo = 0;
  let hi = b.start.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (b.start[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  const i = lo - 1;
  if (i < 0) return 0;
  return b.before[i] + Math.min(t, b.end[i]) - b.start[i];
}

/**
 * Busy fraction of each GPU per bin over [t0, t1]: the union of kernel, copy and memset
 * intervals of that device (overlapping streams count once), from a cumulative index, so any
 * window and bin count costs O(bins × log intervals).
 */
export function gpuUtilization(model: TraceModel, t0: number, t1: number, bins: number): UtilizationMessage {
  const n = Math.max(1, Math.min(8192, Math.floor(bins)));
  const binNs = (t1 - t0) / n;
  const gpus = busyIndex(model).map((b) => {
    const values = new Array<number>(n);
    let prev = busyUpTo(b, t0);
    for (let i = 0; i < n; i++) {
      const cur = busyUpTo(b, t0 + (i + 1) * binNs);
      values[i] = binNs > 0 ? Math.min(1, Math.round(((cur - prev) / binNs) * 1000) / 1000) : 0;
      prev = cur;
    }
    return { rowId: `gpu${b.deviceId}/util`, deviceId: b.deviceId, values };
  });
  return { t0, t1, bins: n, gpus };
}

const maxDurCache = new WeakMap<Interval, number>();
function maxDuration(t: Interval): number {
  let m = maxDurCache.get(t);
  if (m === undefined) {
    m = 0;
    for (let i = 0; i < t.count; i++) if (t.end[i] - t.start[i] > m) m = t.end[i] - t.start[i];
    maxDurCache.set(t, m);
  }
  return m;
}

/** Per-name count, total time inside the window, and share of the category, for [t0, t1]. */
export function rangeStats(model: TraceModel, t0: number, t1: number): RangeStats {
  const S = model.strings.strings;
  const rows: RangeStatRow[] = [];
  const category = (cat: RangeStatRow['category'], t: Interval, nameOf: (i: number) => string): void => {
    const by = new Map<string, { count: number; total: number }>();
    let sum = 0;
    const from = lowerBound(t.start, t.count, t0 - maxDuration(t));
    for (let i = from; i < t.count && t.start[i] < t1; i++) {
      if (t.end[i] <= t0 && !(t.end[i] === t.start[i] && t.start[i] >= t0)) continue;
      const d = Math.max(0, Math.min(t1, t.end[i]) - Math.max(t0, t.start[i]));
      const name = nameOf(i);
      let e = by.get(name);
      if (!e) by.set(name, (e = { count: 0, total: 0 }));
      e.count++;
      e.total += d;
      sum += d;
    }
    for (const [name, e] of by) rows.push({ category: cat, name, count: e.count, totalNs: e.total, share: sum > 0 ? Math.round((e.total / sum) * 1000) / 10 : 0 });
  };
  category('NVTX', model.nvtx, (i) => `${model.nvtxDomains[model.nvtx.domain[i]]?.name ?? ''}:${S[model.nvtx.nameId[i]]}`);
  category('Kernel', model.kernels, (i) => S[model.kernels.nameId[i]]);
  category('CUDA API', model.api, (i) => apiDisplayName(S[model.api.nameId[i]]));
  category('Memory', model.memcpy, (i) => S[model.memcpy.nameId[i]]);
  category('Memory', model.memset, (i) => S[model.memset.nameId[i]]);
  rows.sort((a, b) => b.totalNs - a.totalNs);
  const util = gpuUtilization(model, t0, t1, 1);
  return { t0, t1, rows, gpuBusy: util.gpus.map((g) => ({ deviceId: g.deviceId, share: Math.round(g.values[0] * 1000) / 10 })) };
}

/** The summary tables as the viewer shows them (names and figures of `summarize`). */
export function summaryTables(s: TraceSummary): SummaryTables {
  const row = (table: string, name: string, r: { count: number; totalNs: number; avgNs: number; medNs: number; minNs: number; maxNs: number; timePercent: number }, domain?: string): SummaryTableRow => ({
    name,
    count: r.count,
    totalNs: r.totalNs,
    avgNs: r.avgNs,
    medNs: r.medNs,
    minNs: r.minNs,
    maxNs: r.maxNs,
    share: r.timePercent,
    table,
    domain,
  });
  return {
    nvtx: s.nvtx.map((r) => row('nvtx', r.range, r, r.range.slice(0, r.range.indexOf(':')))),
    kernels: s.kernels.map((r) => row('kernels', r.name, r)),
    cudaApi: s.cudaApi.map((r) => row('cudaApi', r.name, r)),
    memory: s.memory.map((r) => row('memory', r.operation, r)),
    osrt: s.osrt.map((r) => row('osrt', r.name, r)),
  };
}

function threadRowId(model: TraceModel, thread: number, kind: string): string {
  const t = model.threads[thread];
  return `p${t.pid}/t${t.tid}/${kind}`;
}

function streamRowId(model: TraceModel, stream: number, kind: string): string {
  const s = model.streams[stream];
  return `gpu${s.deviceId}/p${s.pid}/c${s.contextId}/s${s.streamId}/${kind}`;
}

/** Where the events of one summary row are (first `limit`, in time order). */
export function occurrences(model: TraceModel, table: string, name: string, limit: number): Occurrence[] {
  const S = model.strings.strings;
  const out: Occurrence[] = [];
  const max = Math.max(1, Math.min(10000, limit));
  const scan = (t: Interval, match: (i: number) => boolean, rowOf: (i: number) => string): void => {
    for (let i = 0; i < t.count && out.length < max; i++) if (match(i)) out.push({ rowId: rowOf(i), startNs: t.start[i], endNs: t.end[i] });
  };
  const ids = (pred: (s: string) => boolean): Set<number> => {
    const set = new Set<number>();
    S.forEach((s, i) => pred(s) && set.add(i));
    return set;
  };
  switch (table) {
    case 'nvtx': {
      const colon = name.indexOf(':');
      const domain = colon >= 0 ? name.slice(0, colon) : '';
      const msg = colon >= 0 ? name.slice(colon + 1) : name;
      const want = ids((s) => s === msg);
      scan(model.nvtx, (i) => want.has(model.nvtx.nameId[i]) && (model.nvtxDomains[model.nvtx.domain[i]]?.name ?? '') === domain, (i) => threadRowId(model, model.nvtx.thread[i], 'nvtx'));
      break;
    }
    case 'kernels': {
      const want = ids((s) => s === name);
      scan(model.kernels, (i) => want.has(model.kernels.nameId[i]), (i) => streamRowId(model, model.kernels.stream[i], 'kernels'));
      break;
    }
    case 'cudaApi': {
      const want = ids((s) => apiDisplayName(s) === name);
      scan(model.api, (i) => want.has(model.api.nameId[i]), (i) => threadRowId(model, model.api.thread[i], 'cuda-api'));
      break;
    }
    case 'memory': {
      const want = ids((s) => s === name);
      scan(model.memcpy, (i) => want.has(model.memcpy.nameId[i]), (i) => streamRowId(model, model.memcpy.stream[i], 'memcpy'));
      scan(model.memset, (i) => want.has(model.memset.nameId[i]), (i) => streamRowId(model, model.memset.stream[i], 'memset'));
      out.sort((a, b) => a.startNs - b.startNs);
      break;
    }
    case 'osrt': {
      const want = ids((s) => s === name);
      scan(model.osrt, (i) => want.has(model.osrt.nameId[i]), (i) => threadRowId(model, model.osrt.thread[i], 'osrt'));
      break;
    }
    default:
      break;
  }
  return out;
}

/**
 * Copies drawn on the timeline say whether host memory was pageable or pinned: the label of each
 * single-event memcpy item becomes e.g. `[CUDA memcpy Host-to-Device] Pageable → Device`.
 */
export function labelCopies(model: TraceModel, view: ViewMessage): ViewMessage {
  const extra = new Map<string, number>();
  const strings = view.strings.slice();
  for (const s of view.slices) {
    if (!s.rowId.endsWith('/memcpy')) continue;
    for (let i = 0; i < s.index.length; i++) {
      const k = s.index[i];
      if (k < 0 || k >= model.memcpy.count) continue;
      const label = `${view.strings[s.label[i]]} ${memKindLabel(model.memcpy.srcKind[k])} → ${memKindLabel(model.memcpy.dstKind[k])}`;
      let id = extra.get(label);
      if (id === undefined) {
        id = strings.length;
        strings.push(label);
        extra.set(label, id);
      }
      s.label[i] = id;
    }
  }
  return { ...view, strings };
}

const RULE_TITLES: Record<string, string> = {
  cuda_memcpy_async: 'Async copies from pageable memory',
  cuda_memcpy_sync: 'Synchronous copies',
  cuda_api_sync: 'Synchronization API calls',
  gpu_gaps: 'GPU idle gaps',
  gpu_time_util: 'Low GPU utilization',
};

function splitRange(r: string | undefined): { name: string; domain: string } | undefined {
  if (!r) return undefined;
  const colon = r.indexOf(':');
  return colon >= 0 ? { domain: r.slice(0, colon), name: r.slice(colon + 1) } : { domain: '', name: r };
}

/** A finding as the timeline shows it: evidence window, shading, the NVTX range it names. */
export function viewerFinding(f: Finding, i: number): ViewerFinding {
  const ranges = f.ranges.length ? f.ranges : f.events.map((e) => ({ startNs: e.startNs, endNs: e.startNs + e.durationNs }));
  const t0 = ranges.length ? Math.min(...ranges.map((r) => r.startNs)) : undefined;
  const t1 = ranges.length ? Math.max(...ranges.map((r) => r.endNs)) : undefined;
  const shadeKind: 'gap' | 'lowUtil' | undefined = f.id === 'gpu_gaps' ? 'gap' : f.id === 'gpu_time_util' ? 'lowUtil' : undefined;
  const shades = shadeKind
    ? (f.events.length
        ? f.events.map((e) => ({ t0: e.startNs, t1: e.startNs + e.durationNs, kind: shadeKind, deviceId: e.deviceId }))
        : ranges.map((r) => ({ t0: r.startNs, t1: r.endNs, kind: shadeKind, deviceId: undefined }))
      ).slice(0, 500)
    : [];
  // The range a finding names; for per-call rules (copies, syncs) the range around the first
  // flagged call. GPU-wide windows (gaps, low utilization) name none of their own.
  const perCall = !shadeKind;
  const nvtxRange = splitRange(f.nvtxRange ?? (perCall ? f.events.find((e) => e.nvtxRanges?.length)?.nvtxRanges?.slice(-1)[0] : undefined));
  return {
    id: `${f.id}#${i}`,
    severity: f.severity,
    title: RULE_TITLES[f.id] ?? f.id,
    message: f.message,
    t0,
    t1,
    shades,
    nvtxRange,
  };
}

export function viewerFindings(d: Diagnosis): ViewerFinding[] {
  const out = d.findings.map(viewerFinding);
  out.unshift({
    id: 'verdict',
    severity: 'info',
    title: `Verdict: ${d.verdict.pattern}`,
    message: [`${Math.round(d.verdict.confidence * 100)}% confidence`, ...d.verdict.evidence].join(' · '),
    t0: d.steadyState.startNs,
    t1: d.steadyState.endNs,
    shades: [],
  });
  return out;
}

/** Share of [t0, t1] covered by each pattern of the diagnosis windows, largest first. */
export function windowPatterns(d: Diagnosis, t0: number, t1: number): { pattern: string; share: number }[] {
  const by = new Map<string, number>();
  const span = t1 - t0;
  if (!(span > 0)) return [];
  for (const w of d.windows) {
    const o = Math.min(t1, w.endNs) - Math.max(t0, w.startNs);
    if (o > 0) by.set(w.startup ? 'startup' : w.pattern, (by.get(w.startup ? 'startup' : w.pattern) ?? 0) + o);
  }
  return [...by].map(([pattern, ns]) => ({ pattern, share: Math.round((ns / span) * 1000) / 10 })).sort((a, b) => b.share - a.share);
}

// ---------------------------------------------------------------------------------------------
// Keyboard stepping: the previous / next event of one row, exact (not the level-of-detail items).

/** One event of a row as the keyboard selection shows it. */
export interface SteppedEvent {
  rowId: string;
  /** Index in the row kind's table (as `RowSlice.index`, for `details`). */
  index: number;
  name: string;
  startNs: number;
  endNs: number;
  /** Nesting depth = lane on the timeline (0 for GPU rows). */
  depth: number;
}

interface RowEvents {
  table: 'nvtx' | 'api' | 'osrt' | 'kernels' | 'memcpy' | 'memset';
  /** Table indices in (start, index) order. */
  order: Int32Array;
  starts: Float64Array;
}

const ROW_TABLES: Record<string, RowEvents['table']> = { nvtx: 'nvtx', 'cuda-api': 'api', osrt: 'osrt', kernels: 'kernels', memcpy: 'memcpy', memset: 'memset' };
const rowEventsCache = new WeakMap<TraceModel, Map<string, RowEvents | null>>();

/** The events of a row id (`p1/t2/nvtx`, `gpu0/p1/c1/s7/kernels`), sorted by start; null for an unknown row. */
function rowEvents(model: TraceModel, rowId: string): RowEvents | null {
  let cache = rowEventsCache.get(model);
  if (!cache) rowEventsCache.set(model, (cache = new Map()));
  const hit = cache.get(rowId);
  if (hit !== undefined) return hit;
  const kind = rowId.slice(rowId.lastIndexOf('/') + 1);
  const table = ROW_TABLES[kind];
  let result: RowEvents | null = null;
  if (table) {
    const cpu = table === 'nvtx' || table === 'api' || table === 'osrt';
    const owners = new Set<number>();
    if (cpu) model.threads.forEach((_, i) => threadRowId(model, i, kind) === rowId && owners.add(i));
    else model.streams.forEach((_, i) => streamRowId(model, i, kind) === rowId && owners.add(i));
    if (owners.size) {
      const t = model[table];
      const owner: Int32Array = cpu ? (t as { thread: Int32Array }).thread : (t as { stream: Int32Array }).stream;
      let n = 0;
      for (let i = 0; i < t.count; i++) if (owners.has(owner[i])) n++;
      const order = new Int32Array(n);
      let k = 0;
      for (let i = 0; i < t.count; i++) if (owners.has(owner[i])) order[k++] = i;
      // The engine's tables are in start order, so the filtered indices usually are too: sort only if not.
      let sorted = true;
      for (let i = 1; i < n && sorted; i++) if (t.start[order[i]] < t.start[order[i - 1]]) sorted = false;
      if (!sorted) order.sort((a, b) => t.start[a] - t.start[b] || a - b);
      const starts = new Float64Array(n);
      for (let i = 0; i < n; i++) starts[i] = t.start[order[i]];
      result = { table, order, starts };
    }
  }
  cache.set(rowId, result);
  return result;
}

/**
 * The event of `rowId` next to a position: `dir` 1 the first event after `from` (start, index),
 * -1 the last one before it, 0 the event nearest to time `at` (one that contains it, else the
 * closest edge). Undefined when there is none (end of the row, unknown row).
 */
export function stepEvent(model: TraceModel, rowId: string, dir: -1 | 0 | 1, at: number, fromIndex?: number): SteppedEvent | undefined {
  const re = rowEvents(model, rowId);
  if (!re || re.order.length === 0) return undefined;
  const { order, starts, table } = re;
  const t = model[table];
  const n = order.length;
  let pos: number;
  if (dir === 0) {
    // Among events starting at or before `at`, the one still running at `at` (deepest = last).
    const lb = lowerBound(starts, n, at);
    pos = -1;
    for (let i = lb - 1, scanned = 0; i >= 0 && scanned < 256; i--, scanned++) {
      if (t.end[order[i]] >= at) {
        pos = i;
        break;
      }
    }
    if (pos < 0) {
      const before = lb - 1;
      const after = lb < n ? lb : -1;
      if (before < 0) pos = after;
      else if (after < 0) pos = before;
      else pos = at - t.end[order[before]] <= starts[after] - at ? before : after;
    }
  } else {
    // Position of (at, fromIndex) in (start, index) order.
    let p = lowerBound(starts, n, at);
    while (p < n && starts[p] === at && fromIndex !== undefined && order[p] < fromIndex) p++;
    const onIt = p < n && starts[p] === at && order[p] === fromIndex;
    pos = dir === 1 ? (onIt ? p + 1 : p) : p - 1;
  }
  if (pos < 0 || pos >= n) return undefined;
  const i = order[pos];
  const depth = 'depth' in t ? (t as { depth: Uint8Array }).depth[i] : 0;
  const nameId = (t as { nameId: Int32Array }).nameId[i];
  const raw = model.strings.strings[nameId] ?? '';
  return { rowId, index: i, name: table === 'api' ? apiDisplayName(raw) : raw, startNs: t.start[i], endNs: t.end[i], depth };
}
