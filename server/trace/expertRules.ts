// Nsight Systems' expert rules (`nsys analyze`), recomputed from the model so the same events are
// flagged: cuda_memcpy_async (async copies touching pageable memory), cuda_memcpy_sync
// (copies issued by synchronous APIs), cuda_api_sync (synchronization API calls), gpu_gaps (GPU
// idle longer than a threshold) and gpu_time_util (chunks of the GPU's active span below a
// utilization threshold, adjacent ones merged).
import { enclosingRanges } from './lod';
import { memKindLabel } from './memKinds';
import { MemKind, type GpuOps, type TraceModel } from './model';
import type { DiagnoseOptions, Finding, FlaggedEvent } from './diagnosisTypes';

/** Synchronization APIs as cuda_api_sync matches them (prefixes; version suffixes follow). */
export const SYNC_API_PREFIXES = ['cudaDeviceSynchronize', 'cudaStreamSynchronize', 'cudaEventSynchronize', 'cudaStreamWaitEvent', 'cuCtxSynchronize', 'cuStreamSynchronize', 'cuEventSynchronize', 'cuStreamWaitEvent'];

export function isSyncApi(name: string): boolean {
  return SYNC_API_PREFIXES.some((p) => name.startsWith(p) && (name.length === p.length || name[p.length] === '_'));
}

/** The launching API call of every op in a GPU table (-1 when none), joined on (pid, correlationId). */
export function launchingCalls(model: TraceModel, ops: GpuOps): Int32Array {
  const out = new Int32Array(ops.count).fill(-1);
  if (ops.count === 0) return out;
  const want = new Map<number, number[]>();
  for (let i = 0; i < ops.count; i++) {
    const c = ops.correlationId[i];
    if (c < 0) continue;
    const l = want.get(c);
    if (l) l.push(i);
    else want.set(c, [i]);
  }
  const { api, threads, streams } = model;
  for (let k = 0; k < api.count; k++) {
    const l = want.get(api.correlationId[k]);
    if (!l) continue;
    const pid = threads[api.thread[k]].pid;
    for (const i of l) if (streams[ops.stream[i]].pid === pid) out[i] = k;
  }
  return out;
}

function byDurationDesc(a: FlaggedEvent, b: FlaggedEvent): number {
  return b.durationNs - a.durationNs || a.startNs - b.startNs;
}

function copyEvents(model: TraceModel, pick: (apiName: string, i: number) => boolean): FlaggedEvent[] {
  const m = model.memcpy;
  const calls = launchingCalls(model, m);
  const S = model.strings.strings;
  const out: FlaggedEvent[] = [];
  for (let i = 0; i < m.count; i++) {
    const k = calls[i];
    if (k < 0) continue;
    const apiName = S[model.api.nameId[k]];
    if (!pick(apiName, i)) continue;
    const s = model.streams[m.stream[i]];
    const th = model.threads[model.api.thread[k]];
    out.push({
      startNs: m.start[i],
      durationNs: m.end[i] - m.start[i],
      pid: s.pid,
      tid: th.tid,
      deviceId: s.deviceId,
      contextId: s.contextId,
      streamId: s.streamId,
      apiName,
      srcKind: memKindLabel(m.srcKind[i]),
      dstKind: memKindLabel(m.dstKind[i]),
      bytes: m.bytes[i],
      nvtxRanges: enclosingRanges(model, model.api.thread[k], model.api.start[k]),
    });
  }
  return out.sort(byDurationDesc);
}

function span(events: FlaggedEvent[]): { startNs: number; endNs: number }[] {
  if (!events.length) return [];
  let s = Infinity;
  let e = -Infinity;
  for (const x of events) {
    s = Math.min(s, x.startNs);
    e = Math.max(e, x.startNs + x.durationNs);
  }
  return [{ startNs: s, endNs: e }];
}

function total(events: FlaggedEvent[]): number {
  return events.reduce((a, x) => a + x.durationNs, 0);
}

function ms(ns: number): string {
  return `${(ns / 1e6).toFixed(ns < 1e7 ? 2 : 1)} ms`;
}

/** Most common NVTX range among the events (innermost range of each). */
function commonRange(events: FlaggedEvent[]): string | undefined {
  const c = new Map<string, number>();
  for (const e of events) {
    const r = e.nvtxRanges?.[e.nvtxRanges.length - 1];
    if (r) c.set(r, (c.get(r) ?? 0) + 1);
  }
  let best: string | undefined;
  let n = 0;
  for (const [r, k] of c) if (k > n) [best, n] = [r, k];
  return best;
}

function threadOf(model: TraceModel, events: FlaggedEvent[]): Finding['thread'] {
  const e = events[0];
  if (!e || e.tid === undefined) return undefined;
  const t = model.threads.find((x) => x.pid === e.pid && x.tid === e.tid);
  return { pid: e.pid, tid: e.tid, name: t?.name ?? '' };
}

export function cudaMemcpyAsyncRule(model: TraceModel): Finding | undefined {
  const events = copyEvents(
    model,
    (api, i) => /async/i.test(api) && (model.memcpy.srcKind[i] === MemKind.Pageable || model.memcpy.dstKind[i] === MemKind.Pageable),
  );
  if (!events.length) return undefined;
  const nvtxRange = commonRange(events);
  return {
    id: 'cuda_memcpy_async',
    severity: 'warning',
    message: `${events.length} asynchronous copies use pageable host memory (${ms(total(events))} of GPU copy time): the copy is staged and the call does not return until it is done, so nothing overlaps. Use pinned memory (NVMM buffers / cudaHostAlloc / pin_memory()).`,
    ranges: span(events),
    evidence: [`longest: ${ms(events[0].durationNs)} ${events[0].srcKind} -> ${events[0].dstKind}, ${((events[0].bytes ?? 0) / 1e6).toFixed(3)} MB via ${events[0].apiName}`],
    events,
    nvtxRange,
    thread: threadOf(model, events),
  };
}

export function cudaMemcpySyncRule(model: TraceModel): Finding | undefined {
  const events = copyEvents(model, (api) => !/async/i.test(api));
  if (!events.length) return undefined;
  return {
    id: 'cuda_memcpy_sync',
    severity: 'warning',
    message: `${events.length} copies come from synchronous memcpy APIs (${ms(total(events))} of GPU copy time): the CPU thread blocks until each finishes. Use cudaMemcpyAsync on a stream with pinned memory.`,
    ranges: span(events),
    evidence: [`longest: ${ms(events[0].durationNs)} ${events[0].srcKind} -> ${events[0].dstKind} via ${events[0].apiName}`],
    events,
    nvtxRange: commonRange(events),
    thread: threadOf(model, events),
  };
}

export function cudaApiSyncRule(model: TraceModel): Finding | undefined {
  const { api, threads } = model;
  const S = model.strings.strings;
  const isSync = new Map<number, boolean>();
  const events: FlaggedEvent[] = [];
  for (let k = 0; k < api.count; k++) {
    const id = api.nameId[k];
    let y = isSync.get(id);
    if (y === undefined) isSync.set(id, (y = isSyncApi(S[id])));
    if (!y) continue;
    const th = threads[api.thread[k]];
    events.push({
      startNs: api.start[k],
      durationNs: api.end[k] - api.start[k],
      pid: th.pid,
      tid: th.tid,
      apiName: S[id],
      nvtxRanges: enclosingRanges(model, api.thread[k], api.start[k]),
    });
  }
  if (!events.length) return undefined;
  events.sort(byDurationDesc);
  return {
    id: 'cuda_api_sync',
    severity: 'info',
    message: `${events.length} synchronization API calls (${ms(total(events))} of CPU time blocked): each stalls the CPU thread until the GPU catches up.`,
    ranges: span(events),
    evidence: [`longest: ${ms(events[0].durationNs)} in ${events[0].apiName}`],
    events,
    nvtxRange: commonRange(events),
    thread: threadOf(model, events),
  };
}

interface GpuInterval {
  start: number;
  end: number;
}

type OpsByContext = Map<string, { pid: number; deviceId: number; contextId: number; ops: GpuInterval[] }>;
const opsCache = new WeakMap<TraceModel, OpsByContext>();

/** GPU ops (kernels, copies, memsets) per (pid, device, context), sorted by start (computed once per model). */
export function gpuOpsByContext(model: TraceModel): OpsByContext {
  let cached = opsCache.get(model);
  if (!cached) opsCache.set(model, (cached = computeOpsByContext(model)));
  return cached;
}

function computeOpsByContext(model: TraceModel): OpsByContext {
  const out = new Map<string, { pid: number; deviceId: number; contextId: number; ops: GpuInterval[] }>();
  for (const t of [model.kernels, model.memcpy, model.memset]) {
    for (let i = 0; i < t.count; i++) {
      const s = model.streams[t.stream[i]];
      const key = `${s.pid}/${s.deviceId}/${s.contextId}`;
      let g = out.get(key);
      if (!g) out.set(key, (g = { pid: s.pid, deviceId: s.deviceId, contextId: s.contextId, ops: [] }));
      g.ops.push({ start: t.start[i], end: t.end[i] });
    }
  }
  for (const g of out.values()) g.ops.sort((a, b) => a.start - b.start || a.end - b.end);
  return out;
}

export function gpuGapsRule(model: TraceModel, opts: DiagnoseOptions = {}): Finding | undefined {
  const threshold = opts.gapThresholdNs ?? 500e6;
  const events: FlaggedEvent[] = [];
  for (const g of gpuOpsByContext(model).values()) {
    let maxEnd = -Infinity;
    for (const op of g.ops) {
      if (maxEnd > -Infinity && op.start - maxEnd > threshold) {
        events.push({ startNs: maxEnd, durationNs: op.start - maxEnd, pid: g.pid, deviceId: g.deviceId, contextId: g.contextId });
      }
      maxEnd = Math.max(maxEnd, op.end);
    }
  }
  if (!events.length) return undefined;
  events.sort(byDurationDesc);
  return {
    id: 'gpu_gaps',
    severity: 'warning',
    message: `The GPU sits idle ${events.length} time(s) for more than ${ms(threshold)} (longest ${ms(events[0].durationNs)}).`,
    ranges: events.map((e) => ({ startNs: e.startNs, endNs: e.startNs + e.durationNs })),
    evidence: [`${ms(total(events))} idle in gaps`],
    events,
  };
}

/** Union length of sorted intervals clipped to [a, b). */
function busyIn(ops: GpuInterval[], a: number, b: number, from: number): { busy: number; next: number } {
  let busy = 0;
  let curS = -Infinity;
  let curE = -Infinity;
  let i = from;
  // Skip ops that end before a; ops are sorted by start, so back up is never needed beyond `from`.
  while (i < ops.length && ops[i].end <= a && ops[i].start < a) i++;
  const next = i;
  for (; i < ops.length && ops[i].start < b; i++) {
    const s = Math.max(ops[i].start, a);
    const e = Math.min(ops[i].end, b);
    if (e <= s) continue;
    if (s > curE) {
      if (curE > curS) busy += curE - curS;
      curS = s;
      curE = e;
    } else if (e > curE) curE = e;
  }
  if (curE > curS) busy += curE - curS;
  return { busy, next };
}

export function gpuTimeUtilRule(model: TraceModel, opts: DiagnoseOptions = {}): Finding | undefined {
  const threshold = opts.utilThresholdPercent ?? 50;
  const chunks = opts.utilChunks ?? 30;
  const maxRows = opts.utilRows ?? 10;
  const events: FlaggedEvent[] = [];
  for (const g of gpuOpsByContext(model).values()) {
    if (!g.ops.length) continue;
    const first = g.ops[0].start;
    let last = -Infinity;
    for (const op of g.ops) last = Math.max(last, op.end);
    const size = Math.floor((last - first) / chunks) + 1;
    let from = 0;
    let run: { start: number; end: number; busy: number } | null = null;
    const flush = (): void => {
      if (!run) return;
      const dur = run.end - run.start;
      events.push({
        startNs: run.start,
        durationNs: dur,
        pid: g.pid,
        deviceId: g.deviceId,
        contextId: g.contextId,
        inUsePercent: Math.round((run.busy * 1000) / dur) / 10,
      });
      run = null;
    };
    for (let c = 0; c < chunks; c++) {
      const a = first + c * size;
      if (a >= last) break;
      const b = Math.min(a + size, last);
      const r = busyIn(g.ops, a, b, from);
      from = r.next;
      if ((r.busy * 100) / (b - a) < threshold) {
        if (run) {
          run.end = b;
          run.busy += r.busy;
        } else run = { start: a, end: b, busy: r.busy };
      } else flush();
    }
    flush();
  }
  if (!events.length) return undefined;
  events.sort((a, b) => (a.inUsePercent ?? 0) - (b.inUsePercent ?? 0) || a.startNs - b.startNs);
  const shown = events.slice(0, maxRows);
  return {
    id: 'gpu_time_util',
    severity: 'warning',
    message: `GPU utilization is below ${threshold}% in ${events.length} stretch(es) of its active time (lowest ${shown[0].inUsePercent}% over ${ms(shown[0].durationNs)}).`,
    ranges: shown.map((e) => ({ startNs: e.startNs, endNs: e.startNs + e.durationNs })),
    evidence: shown.map((e) => `${e.inUsePercent}% in use for ${ms(e.durationNs)} from ${ms(e.startNs - model.startNs)}`),
    events: shown,
  };
}
