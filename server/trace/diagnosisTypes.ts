// What `diagnose()` returns: windows of the run, a verdict for the steady state, findings (Nsight's
// expert rules plus DeepStream's) and, for threaded pipelines, per-stage figures. Plain JSON data.

export type Pattern =
  | 'gpu-compute-bound'
  | 'cuda-api-bound'
  | 'sync-bound'
  | 'cpu-compute-bound'
  | 'memcpy-bound'
  | 'startup-dominated'
  | 'unknown';

export interface TimeWindow {
  startNs: number;
  endNs: number;
  /** True for the start-up window (context creation, module loading, autotuning / engine build). */
  startup: boolean;
  /** Share of the window (0..1) during which the GPU ran a kernel, copy or memset. */
  gpuUtilization: number;
  /** Share of the window the busiest CUDA thread ran on the CPU outside CUDA API and OS runtime calls. */
  cpuActivity: number;
  /** CUDA API calls per millisecond (all threads). */
  apiCallsPerMs: number;
  /** Share of the window the busiest CUDA thread spent inside CUDA API calls other than synchronization. */
  apiTimeFraction: number;
  /** Share of the window the busiest CUDA thread spent in synchronization (stream/device/event sync, synchronous copies). */
  syncTimeFraction: number;
  /** Share of the window the GPU spent copying memory. */
  copyTimeFraction: number;
  pattern: Pattern;
}

export interface Verdict {
  pattern: Pattern;
  /** 0..1: how clearly the figures point at the pattern. */
  confidence: number;
  /** One line per fact the verdict rests on, with figures. */
  evidence: string[];
  /** When the pattern is startup-dominated: the pattern of the steady state alone (when it has one). */
  steadyState?: Pattern;
}

export type FindingSeverity = 'error' | 'warning' | 'info';

/** One event a rule flagged (the rows of Nsight's expert-rule tables). */
export interface FlaggedEvent {
  startNs: number;
  durationNs: number;
  pid: number;
  tid?: number;
  deviceId?: number;
  contextId?: number;
  streamId?: number;
  /** As Nsight prints it, e.g. `cudaMemcpyAsync_v3020`. */
  apiName?: string;
  srcKind?: string;
  dstKind?: string;
  bytes?: number;
  /** gpu_time_util: percent of the window the GPU was in use. */
  inUsePercent?: number;
  /** NVTX ranges enclosing the event (or its launch) on its thread, outermost first. */
  nvtxRanges?: string[];
}

export interface Finding {
  /** `cuda_memcpy_async`, `cuda_memcpy_sync`, `cuda_api_sync`, `gpu_gaps`, `gpu_time_util` (Nsight's rule names) or `deepstream/...`. */
  id: string;
  severity: FindingSeverity;
  message: string;
  /** Time ranges concerned (ns). */
  ranges: { startNs: number; endNs: number }[];
  evidence: string[];
  /** Flagged events, longest first (all of them; Nsight's CSVs list the first 50). */
  events: FlaggedEvent[];
  /** The NVTX range (`domain:name`) it happens in, when there is one. */
  nvtxRange?: string;
  thread?: { pid: number; tid: number; name: string };
  /** DeepStream element the range belongs to (e.g. `nvdsosd0`) or `nvinfer (gie-unique-id=1)`. */
  element?: string;
  /** Config key to look at, e.g. `[property] batch-size` or `gie-unique-id=1`. */
  configKey?: string;
  /** nvinfer gie-unique-id when the finding comes from a `GstNvInfer: UID=N` domain. */
  gieUniqueId?: number;
}

export interface StageWait {
  /** `domain:name` of the range where the stage waits (e.g. `:enqueue_decoded`). */
  range: string;
  totalNs: number;
  /** Share of the stage's wall time. */
  fraction: number;
}

export interface Stage {
  thread: { pid: number; tid: number; name: string };
  /** Top-level work ranges of the stage (`domain:name`). */
  ranges: string[];
  items: number;
  /** Mean time per item doing work (outside waits), ns. */
  serviceNsPerItem: number;
  /** Mean time per item waiting on neighbours (queue get/put ranges, blocking OS calls), ns. */
  waitNsPerItem: number;
  waits: StageWait[];
  /** Items per second the stage could sustain alone (1e9 / service time). */
  capacityPerSec: number;
  /** Items per second it achieved. */
  throughputPerSec: number;
  /** Share of the stage's active span spent working. */
  busyFraction: number;
  bottleneck: boolean;
  suggestion?: string;
}

/** A DeepStream plugin range understood from its NVTX name / domain. */
export interface DeepStreamRange {
  /** `domain:name` as in nvtx_sum. */
  range: string;
  /** Element name (`nvdsosd0`) or `nvinfer` for GstNvInfer domains. */
  element: string;
  gieUniqueId?: number;
  /** Batch / frame number parsed from the name, when there is one. */
  batch?: number;
  kind: 'inference' | 'osd' | 'tiler' | 'preprocess' | 'postprocess' | 'other';
}

export interface Diagnosis {
  source: string;
  /** Capture extent and the steady state found apart from start-up. */
  captureNs: { startNs: number; endNs: number };
  steadyState: { startNs: number; endNs: number };
  windows: TimeWindow[];
  verdict: Verdict;
  findings: Finding[];
  stages: Stage[];
  /** DeepStream plugin ranges recognised in the trace (one per distinct range name). */
  deepstream: DeepStreamRange[];
}

export interface DiagnoseOptions {
  /** gpu_gaps: minimum gap (ns), Nsight's default 500 ms. */
  gapThresholdNs?: number;
  /** gpu_time_util: utilization threshold (%), default 50. */
  utilThresholdPercent?: number;
  /** gpu_time_util: number of equal chunks, default 30. */
  utilChunks?: number;
  /** gpu_time_util: maximum rows, default 10. */
  utilRows?: number;
  /** Steady-state windows to cut (default 10). */
  windowCount?: number;
}
