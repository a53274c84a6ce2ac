// The figures `nsys stats` prints, from the model: nvtx_sum, cuda_gpu_kern_sum, cuda_api_sum,
// cuda_gpu_mem_time_sum and osrt_sum. Same grouping, same names, same statistics as Nsight's
// report scripts: median of the sorted durations (mean of the two middle ones for an even count),
// sample standard deviation (n - 1; 0 for a single instance), averages and spreads rounded to one
// decimal, rows sorted by total time, descending.
import { NvtxStyle, type TraceModel } from './model';

export interface StatRow {
  count: number;
  totalNs: number;
  avgNs: number;
  medNs: number;
  minNs: number;
  maxNs: number;
  stdDevNs: number;
  /** Share of the report's total time, one decimal (Nsight's `Time (%)`). */
  timePercent: number;
}

export interface NvtxSumRow extends StatRow {
  /** `domain:name`, empty domain for the default one (Nsight's Range column). */
  range: string;
  style: 'PushPop' | 'StartEnd';
}
export interface KernelSumRow extends StatRow {
  /** Demangled name as Nsight prints it. */
  name: string;
}
export interface ApiSumRow extends StatRow {
  /** As cuda_api_sum prints it: a `_vNNNN` version suffix dropped. */
  name: string;
}
export interface MemSumRow extends StatRow {
  /** `[CUDA memcpy Host-to-Device]`, `[CUDA memset]`, ... */
  operation: string;
}
export interface OsrtSumRow extends StatRow {
  name: string;
}

export interface TraceSummary {
  source: string;
  nsysVersion: string;
  nvtx: NvtxSumRow[];
  kernels: KernelSumRow[];
  cudaApi: ApiSumRow[];
  memory: MemSumRow[];
  osrt: OsrtSumRow[];
  warnings: string[];
}

/** cuda_api_sum's name: `cudaMemcpyAsync_v3020` -> `cudaMemcpyAsync` (only 4-digit `_vNNNN`). */
export function apiDisplayName(raw: string): string {
  return raw.length >= 6 && raw.slice(-6, -4) === '_v' ? raw.slice(0, -6) : raw;
}

/**
 * One decimal as Nsight prints it: the exact decimal expansion of the double rounded to nearest
 * (`toFixed`), not `Math.round(x * 10)`, which rounds 37169.8499… (stored as 371698.5 after the
 * multiplication) up to 37169.9 where Nsight prints 37169.8.
 */
function round1(x: number): number {
  return Number(x.toFixed(1));
}

/**
 * Statistics of durations grouped by `group[i]` (a small non-negative integer; -1 skips the
 * event). Returns one StatRow per group that has events, keyed by group number.
 */
export function groupStats(
  start: Float64Array,
  end: Float64Array,
  count: number,
  group: (i: number) => number,
  groupCount: number,
): Map<number, StatRow> {
  const g = new Int32Array(count);
  const sizes = new Int32Array(groupCount + 1);
  for (let i = 0; i < count; i++) {
    const k = group(i);
    g[i] = k;
    if (k >= 0) sizes[k + 1]++;
  }
  const offsets = sizes;
  for (let k = 0; k < groupCount; k++) offsets[k + 1] += offsets[k];
  const fill = offsets.slice(0, groupCount);
  const d = new Float64Array(offsets[groupCount]);
  for (let i = 0; i < count; i++) {
    const k = g[i];
    if (k >= 0) d[fill[k]++] = end[i] - start[i];
  }
  const out = new Map<number, StatRow>();
  let grand = 0;
  for (let k = 0; k < groupCount; k++) {
    const a = offsets[k];
    const b = offsets[k + 1];
    const n = b - a;
    if (n === 0) continue;
    const v = d.subarray(a, b).sort();
    let sum = 0;
    for (let i = 0; i < n; i++) sum += v[i];
    const mean = sum / n;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (v[i] - mean) * (v[i] - mean);
    const med = n % 2 ? v[(n - 1) / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    grand += sum;
    out.set(k, {
      count: n,
      totalNs: sum,
      avgNs: round1(mean),
      medNs: round1(med),
      minNs: v[0],
      maxNs: v[n - 1],
      stdDevNs: n > 1 ? round1(Math.sqrt(ss / (n - 1))) : 0,
      timePercent: 0,
    });
  }
  for (const r of out.values()) r.timePercent = grand > 0 ? round1((r.totalNs * 100) / grand) : 0;
  return out;
}

/**
 * Group events by a label derived from an integer column (a string id): each distinct id is
 * labelled once, ids with the same label share a group. Rows by total time, descending.
 */
function byLabel<T>(
  start: Float64Array,
  end: Float64Array,
  count: number,
  ids: Int32Array,
  labelOfId: (id: number) => string | null,
  idCount: number,
  make: (label: string, s: StatRow) => T & StatRow,
): (T & StatRow)[] {
  const groupOfId = new Int32Array(idCount).fill(-2);
  const groups = new Map<string, number>();
  const labels: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = ids[i];
    if (groupOfId[id] !== -2) continue;
    const l = labelOfId(id);
    if (l === null) {
      groupOfId[id] = -1;
      continue;
    }
    let k = groups.get(l);
    if (k === undefined) {
      k = labels.length;
      labels.push(l);
      groups.set(l, k);
    }
    groupOfId[id] = k;
  }
  const stats = groupStats(start, end, count, (i) => groupOfId[ids[i]], labels.length);
  const rows: (T & StatRow)[] = [];
  for (const [k, st] of stats) rows.push(make(labels[k], st));
  rows.sort((a, b) => b.totalNs - a.totalNs);
  return rows;
}

export function summarize(model: TraceModel): TraceSummary {
  const S = model.strings.strings;
  const { nvtx, api, kernels, memcpy, memset, osrt } = model;

  const nvtxKey = new Int32Array(nvtx.count);
  const nvtxKeys = new Map<string, number>();
  const nvtxLabels: { range: string; style: NvtxStyle }[] = [];
  for (let i = 0; i < nvtx.count; i++) {
    const d = model.nvtxDomains[nvtx.domain[i]];
    const range = `${d ? d.name : ''}:${S[nvtx.nameId[i]]}`;
    const key = `${nvtx.style[i]}|${range}`;
    let k = nvtxKeys.get(key);
    if (k === undefined) {
      k = nvtxLabels.length;
      nvtxLabels.push({ range, style: nvtx.style[i] as NvtxStyle });
      nvtxKeys.set(key, k);
    }
    nvtxKey[i] = k;
  }
  const nvtxStats = groupStats(nvtx.start, nvtx.end, nvtx.count, (i) => nvtxKey[i], nvtxLabels.length);
  const nvtxRows: NvtxSumRow[] = [];
  for (const [k, s] of nvtxStats) {
    nvtxRows.push({ ...s, range: nvtxLabels[k].range, style: nvtxLabels[k].style === NvtxStyle.PushPop ? 'PushPop' : 'StartEnd' });
  }
  nvtxRows.sort((a, b) => b.totalNs - a.totalNs);

  const nS = S.length;
  const kernelRows = byLabel(kernels.start, kernels.end, kernels.count, kernels.nameId, (id) => S[id], nS, (name, s) => ({ name, ...s }));
  const apiRows = byLabel(api.start, api.end, api.count, api.nameId, (id) => apiDisplayName(S[id]), nS, (name, s) => ({ name, ...s }));
  const osrtRows = byLabel(osrt.start, osrt.end, osrt.count, osrt.nameId, (id) => S[id], nS, (name, s) => ({ name, ...s }));

  // Copies and memsets are one report: concatenate their durations.
  const n = memcpy.count + memset.count;
  const ms = new Float64Array(n);
  const me = new Float64Array(n);
  const mid = new Int32Array(n);
  ms.set(memcpy.start.subarray(0, memcpy.count));
  me.set(memcpy.end.subarray(0, memcpy.count));
  mid.set(memcpy.nameId.subarray(0, memcpy.count));
  ms.set(memset.start.subarray(0, memset.count), memcpy.count);
  me.set(memset.end.subarray(0, memset.count), memcpy.count);
  mid.set(memset.nameId.subarray(0, memset.count), memcpy.count);
  const memRows = byLabel(ms, me, n, mid, (id) => S[id], nS, (operation, s) => ({ operation, ...s }));

  return {
    source: model.source,
    nsysVersion: model.nsysVersion,
    nvtx: nvtxRows,
    kernels: kernelRows,
    cudaApi: apiRows,
    memory: memRows,
    osrt: osrtRows,
    warnings: [...model.warnings],
  };
}
