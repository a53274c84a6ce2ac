// Typed access to one loaded trace's data through the host (each request carries the trace id).
// Result shapes: the trace engine's protocol plus the viewer-specific answers declared here.
import type { EventDetails, RowsMessage, ViewMessage } from '../server/trace/protocol';
import type { HostBridge } from './hostBridge';
import type { KeyFocus, TraceMethod } from './hostMessages';

/** Busy fraction per bin of one GPU (`trace/utilization`). */
export interface UtilizationMessage {
  t0: number;
  t1: number;
  bins: number;
  gpus: { rowId: string; deviceId: number; values: number[] }[];
}

/** Statistics of one time window (`trace/summary` with t0/t1): per name count, total and share. */
export interface RangeStatRow {
  category: 'NVTX' | 'Kernel' | 'CUDA API' | 'Memory' | 'OS runtime';
  name: string;
  count: number;
  totalNs: number;
  /** Share of the category's total inside the window, 0..100. */
  share: number;
}

export interface RangeStats {
  t0: number;
  t1: number;
  rows: RangeStatRow[];
  /** GPU busy share of the window per device, 0..100. */
  gpuBusy: { deviceId: number; share: number }[];
  /** Diagnosis patterns of the window (share of it, 0..100), once the diagnosis ran. */
  patterns?: { pattern: string; share: number }[];
}

/** One finding of the diagnosis, as the viewer shows it. */
export interface ViewerFinding {
  id: string;
  severity: 'error' | 'warning' | 'info';
  title: string;
  message: string;
  /** Evidence window to zoom to. */
  t0?: number;
  t1?: number;
  /** Shading on the timeline: GPU gaps, low-utilization windows. */
  shades: { t0: number; t1: number; kind: 'gap' | 'lowUtil'; deviceId?: number }[];
  /** NVTX range the finding names (jump to source). */
  nvtxRange?: { name: string; domain: string };
}

export interface SummaryTableRow {
  name: string;
  count: number;
  totalNs: number;
  avgNs: number;
  medNs: number;
  minNs: number;
  maxNs: number;
  share: number;
  /** `nvtx` | `kernels` | `cudaApi` | `memory` | `osrt`: which events `occurrences` looks in. */
  table: string;
  /** NVTX domain ('' default), for jump to source. */
  domain?: string;
}

export interface SummaryTables {
  nvtx: SummaryTableRow[];
  kernels: SummaryTableRow[];
  cudaApi: SummaryTableRow[];
  memory: SummaryTableRow[];
  osrt: SummaryTableRow[];
}

export interface Occurrence {
  rowId: string;
  startNs: number;
  endNs: number;
}

export class TraceClient {
  constructor(
    readonly bridge: HostBridge,
    readonly traceId: string,
  ) {}

  private call<T>(method: TraceMethod, params: Record<string, unknown> = {}): Promise<T> {
    return this.bridge.request<T>(method, { ...params, traceId: this.traceId });
  }

  rows(): Promise<RowsMessage> {
    return this.call('rows');
  }
  view(t0: number, t1: number, widthPx: number, rowIds?: string[]): Promise<ViewMessage> {
    return this.call('view', { t0, t1, widthPx, rowIds });
  }
  details(rowId: string, index: number, item?: 'nvtx-mark'): Promise<EventDetails> {
    return this.call('details', { rowId, index, item });
  }
  utilization(t0: number, t1: number, bins: number): Promise<UtilizationMessage> {
    return this.call('utilization', { t0, t1, bins });
  }
  summary(): Promise<SummaryTables> {
    return this.call('summary', {});
  }
  rangeStats(t0: number, t1: number): Promise<RangeStats> {
    return this.call('rangeStats', { t0, t1 });
  }
  occurrences(table: string, name: string, limit = 200): Promise<Occurrence[]> {
    return this.call('occurrences', { table, name, limit });
  }
  findings(): Promise<ViewerFinding[]> {
    return this.call('findings');
  }
  /** The previous (-1) / next (1) event of a row after (at, fromIndex), or the one nearest to `at` (0). */
  step(rowId: string, dir: -1 | 0 | 1, at: number, fromIndex?: number): Promise<KeyFocus | null> {
    return this.call('step', { rowId, dir, at, fromIndex });
  }
}
