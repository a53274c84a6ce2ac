// Compare-view arithmetic: two traces aligned at a chosen range of each (an NVTX range instance or
// a selection) share one relative time origin and one zoom, so the same stage lines up in the two
// columns; and the per-name verdict of the summary deltas. Pure, unit-tested
// (test/unit/viewer/compareAlign.test.ts). Times in ns on each capture's own clock.
import type { TimeWindow } from './viewport';

/** How the two columns are tied: B's time = A's time + offset; both rulers count from their anchor's start. */
export interface Alignment {
  /** Anchor start in B minus anchor start in A. */
  offset: number;
  /** Time 0 of the shared ruler, in A's clock (A's anchor start); in B's clock it is originA + offset. */
  originA: number;
  /** First window of both columns: the longer anchor with a margin, in each one's clock. */
  windowA: TimeWindow;
  windowB: TimeWindow;
}

/** Aligns anchor `a` of trace A with anchor `b` of trace B (starts coincide; the longer one fits the view). */
export function alignAt(a: TimeWindow, b: TimeWindow, pad = 0.1): Alignment {
  const span = Math.max(a.t1 - a.t0, b.t1 - b.t0, 1);
  const margin = span * pad;
  const windowA = { t0: a.t0 - margin, t1: a.t0 + span + margin };
  const offset = b.t0 - a.t0;
  return { offset, originA: a.t0, windowA, windowB: shiftWindow(windowA, offset) };
}

/** A window moved by `offset` ns (A's view → B's with +offset, back with -offset): same zoom, same relative position. */
export function shiftWindow(w: TimeWindow, offset: number): TimeWindow {
  return { t0: w.t0 + offset, t1: w.t1 + offset };
}

/** The `instance`-th (0-based) occurrence, or undefined when the trace has fewer. */
export function pickInstance<T extends { startNs: number; endNs: number }>(occurrences: readonly T[], instance: number): T | undefined {
  if (!Number.isInteger(instance) || instance < 0) return undefined;
  const sorted = [...occurrences].sort((x, y) => x.startNs - y.startNs);
  return sorted[instance];
}

export type DeltaVerdict = 'new' | 'gone' | 'slower' | 'faster' | 'same';

/**
 * Verdict of one summary-delta row from its totals: present in one run only, or B slower /
 * faster than A by more than `threshold` percent of A's total (and more than `minNs`), else same.
 */
export function deltaVerdict(totalA: number, totalB: number, countA: number, countB: number, threshold = 5, minNs = 1000): DeltaVerdict {
  if (countA === 0 && countB > 0) return 'new';
  if (countB === 0 && countA > 0) return 'gone';
  const d = totalB - totalA;
  if (Math.abs(d) <= minNs || totalA <= 0 || (Math.abs(d) / totalA) * 100 < threshold) return 'same';
  return d > 0 ? 'slower' : 'faster';
}

/** NVTX summary names are `domain:name` (`:name` in the default domain): what a person reads. */
export function nvtxDisplayName(key: string): string {
  return key.startsWith(':') ? key.slice(1) : key;
}
