// Builds a LoopTrace from a loaded trace: the diagnosis (trace engine), per-range figures and the
// names each process recorded.
import * as path from 'node:path';
import type { TraceModel } from '../trace/model';
import type { Diagnosis } from '../trace/diagnosisTypes';
import { nvtxNamesByProcess } from '../index/traceContext';
import type { LoopTrace, RangeFigures } from './loopTypes';
import type { TakenAt, TakenAtSource } from './captureTime';

export function rangeFigures(model: TraceModel, diagnosis: Diagnosis): RangeFigures[] {
  const n = model.nvtx;
  const steady = Math.max(1, diagnosis.steadyState.endNs - diagnosis.steadyState.startNs);
  const groups = new Map<string, { domain: string; name: string; durs: number[]; total: number; steadyTotal: number; longest: number; pid: number }>();
  for (let i = 0; i < n.count; i++) {
    const d = model.nvtxDomains[n.domain[i]]?.name ?? '';
    const name = model.strings.strings[n.nameId[i]];
    const key = `${d}:${name}`;
    let g = groups.get(key);
    const dur = n.end[i] - n.start[i];
    if (!g) groups.set(key, (g = { domain: d, name, durs: [], total: 0, steadyTotal: 0, longest: i, pid: model.threads[n.thread[i]]?.pid ?? -1 }));
    g.durs.push(dur);
    g.total += dur;
    const s = Math.max(n.start[i], diagnosis.steadyState.startNs);
    const e = Math.min(n.end[i], diagnosis.steadyState.endNs);
    if (e > s) g.steadyTotal += e - s;
    if (dur > n.end[g.longest] - n.start[g.longest]) g.longest = i;
  }
  const out: RangeFigures[] = [];
  for (const g of groups.values()) {
    const sorted = [...g.durs].sort((a, b) => a - b);
    const m = sorted.length;
    const med = m % 2 ? sorted[(m - 1) / 2] : (sorted[m / 2 - 1] + sorted[m / 2]) / 2;
    out.push({
      domain: g.domain,
      name: g.name,
      count: m,
      totalNs: g.total,
      avgNs: g.total / m,
      medNs: med,
      maxNs: sorted[m - 1],
      steadyShare: g.steadyTotal / steady,
      longest: { startNs: n.start[g.longest], endNs: n.end[g.longest] },
      pid: g.pid,
    });
  }
  return out.sort((a, b) => b.totalNs - a.totalNs);
}

/** `takenAt`: when the profile was taken (captureTimeOf), or a bare time in ms (tests, synthetic traces). */
export function loopTrace(tracePath: string, takenAt: number | TakenAt, model: TraceModel, diagnosis: Diagnosis): LoopTrace {
  const t = typeof takenAt === 'number' ? { ms: takenAt, source: undefined } : takenAt;
  return { path: tracePath, takenAtMs: t.ms, takenAtSource: t.source, diagnosis, ranges: rangeFigures(model, diagnosis), namesByProcess: nvtxNamesByProcess(model) };
}

/** `sync.sqlite (profile of 2026-11-22 04:20 UTC)`; says so when only the file's time is known. */
export function profileLabel(trace: { path: string; takenAtMs: number; takenAtSource?: TakenAtSource }): string {
  const note = trace.takenAtSource === 'file' ? ', the trace file\'s time: the capture time is not recorded' : '';
  return `${path.basename(trace.path)} (profile of ${profileTime(trace.takenAtMs)}${note})`;
}

export function profileTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function fmtMs(ns: number): string {
  const v = ns / 1e6;
  return `${v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)} ms`;
}

export function fmtPct(f: number): string {
  return `${(f * 100).toFixed(f >= 0.1 ? 0 : 1)} %`;
}
