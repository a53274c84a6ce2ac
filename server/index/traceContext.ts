// The bridge from a loaded trace to the resolver: what a range's surroundings say about where it
// comes from. Equal literals in several functions ("frame" in run_sync, run_cpu, run_api) are told
// apart by the other ranges the same process recorded (decode, infer, ...), which the resolver
// compares with the ranges each candidate's function reaches.
import type { TraceModel } from '../trace/model';
import type { NvtxCandidate, NvtxIndex, ResolveContext } from './nvtxIndex';

/** Distinct NVTX range names recorded by each process of the trace. */
export function nvtxNamesByProcess(model: TraceModel): Map<number, string[]> {
  const sets = new Map<number, Set<string>>();
  const n = model.nvtx;
  for (let i = 0; i < n.count; i++) {
    const t = model.threads[n.thread[i]];
    const pid = t ? t.pid : -1;
    let s = sets.get(pid);
    if (!s) sets.set(pid, (s = new Set()));
    s.add(model.strings.strings[n.nameId[i]]);
  }
  const out = new Map<number, string[]>();
  for (const [pid, s] of sets) out.set(pid, [...s]);
  return out;
}

/** Resolve context for NVTX range `i` of the model: the names its process recorded. */
export function nvtxResolveContext(model: TraceModel, i: number, namesByProcess: Map<number, string[]> = nvtxNamesByProcess(model)): ResolveContext {
  const t = model.threads[model.nvtx.thread[i]];
  return { relatedNames: namesByProcess.get(t ? t.pid : -1) ?? [] };
}

/** Where NVTX range `i` of the model comes from, best first. */
export function resolveTraceRange(index: NvtxIndex, model: TraceModel, i: number, namesByProcess?: Map<number, string[]>): NvtxCandidate[] {
  const d = model.nvtxDomains[model.nvtx.domain[i]];
  return index.resolve(model.strings.strings[model.nvtx.nameId[i]], d ? d.name : '', nvtxResolveContext(model, i, namesByProcess));
}
