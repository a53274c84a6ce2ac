// What changed between two captures of the same pipeline (e.g. before and after a fix): per NVTX
// range, kernel, copy operation and CUDA API, the figures of both runs and their difference, and
// the two verdicts.
import { diagnose } from './diagnose';
import type { Diagnosis, Pattern } from './diagnosisTypes';
import type { TraceModel } from './model';
import { summarize, type StatRow, type TraceSummary } from './summary';

export interface SideFigures {
  count: number;
  totalNs: number;
  avgNs: number;
}

export interface Delta {
  /** Range (`domain:name`), kernel name, copy operation or API name. */
  name: string;
  a: SideFigures | null;
  b: SideFigures | null;
  /** b.totalNs - a.totalNs (a missing side counts as 0). */
  deltaTotalNs: number;
  deltaCount: number;
  /** b.avgNs / a.avgNs when both exist. */
  avgRatio: number | null;
}

export interface TraceComparison {
  a: string;
  b: string;
  /** steadyA / steadyB: the steady-state pattern of a startup-dominated run (when it has one). */
  verdict: { a: Pattern; b: Pattern; changed: boolean; evidenceA: string[]; evidenceB: string[]; steadyA?: Pattern; steadyB?: Pattern };
  ranges: Delta[];
  kernels: Delta[];
  memory: Delta[];
  cudaApi: Delta[];
  /** Findings (by id) present in one run only. */
  findingsGone: string[];
  findingsNew: string[];
}

function side(r: StatRow | undefined): SideFigures | null {
  return r ? { count: r.count, totalNs: r.totalNs, avgNs: r.avgNs } : null;
}

function deltas<T extends StatRow>(a: T[], b: T[], key: (r: T) => string): Delta[] {
  const ma = new Map(a.map((r) => [key(r), r]));
  const mb = new Map(b.map((r) => [key(r), r]));
  const names = [...new Set([...ma.keys(), ...mb.keys()])];
  const out = names.map((name): Delta => {
    const ra = ma.get(name);
    const rb = mb.get(name);
    return {
      name,
      a: side(ra),
      b: side(rb),
      deltaTotalNs: (rb?.totalNs ?? 0) - (ra?.totalNs ?? 0),
      deltaCount: (rb?.count ?? 0) - (ra?.count ?? 0),
      avgRatio: ra && rb && ra.avgNs > 0 ? Math.round((rb.avgNs / ra.avgNs) * 1000) / 1000 : null,
    };
  });
  return out.sort((x, y) => Math.abs(y.deltaTotalNs) - Math.abs(x.deltaTotalNs));
}

export function compareSummaries(sa: TraceSummary, sb: TraceSummary): Pick<TraceComparison, 'ranges' | 'kernels' | 'memory' | 'cudaApi'> {
  return {
    ranges: deltas(sa.nvtx, sb.nvtx, (r) => `${r.range} (${r.style})`),
    kernels: deltas(sa.kernels, sb.kernels, (r) => r.name),
    memory: deltas(sa.memory, sb.memory, (r) => r.operation),
    cudaApi: deltas(sa.cudaApi, sb.cudaApi, (r) => r.name),
  };
}

/** The two verdicts and the findings present in one run only (what `compareTraces` reports beside the deltas). */
export function compareVerdicts(da: Diagnosis, db: Diagnosis): Pick<TraceComparison, 'verdict' | 'findingsGone' | 'findingsNew'> {
  const ida = new Set(da.findings.map((f) => f.id));
  const idb = new Set(db.findings.map((f) => f.id));
  return {
    verdict: {
      a: da.verdict.pattern,
      b: db.verdict.pattern,
      changed: da.verdict.pattern !== db.verdict.pattern,
      evidenceA: da.verdict.evidence,
      evidenceB: db.verdict.evidence,
      ...(da.verdict.steadyState ? { steadyA: da.verdict.steadyState } : {}),
      ...(db.verdict.steadyState ? { steadyB: db.verdict.steadyState } : {}),
    },
    findingsGone: [...ida].filter((x) => !idb.has(x)),
    findingsNew: [...idb].filter((x) => !ida.has(x)),
  };
}

export function compareTraces(a: TraceModel, b: TraceModel): TraceComparison {
  const v = compareVerdicts(diagnose(a), diagnose(b));
  return {
    a: a.source,
    b: b.source,
    verdict: v.verdict,
    ...compareSummaries(summarize(a), summarize(b)),
    findingsGone: v.findingsGone,
    findingsNew: v.findingsNew,
  };
}
