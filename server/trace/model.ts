// The in-memory model of one Nsight Systems capture: compact and columnar. Every event table is
// a set of typed arrays of the same length (one slot per event, in ascending start order) plus a
// shared string table, so the 1.8 M events of a large capture cost a few tens of bytes each and
// no JavaScript object per event.
//
// Times are nanoseconds on the capture's own clock, exactly as the export stores them (the same
// numbers `nsys stats` prints in its Start columns). Float64 holds them exactly (< 2^53).

/** Interned strings; every `nameId` / `labelId` column indexes `strings`. */
export interface StringTable {
  strings: string[];
  /** Index of a string, adding it when new. */
  intern(s: string): number;
}

export interface ProcessInfo {
  pid: number;
  name: string;
}

export interface ThreadInfo {
  /** Nsight's globalTid: (hw/vm bits) << 48 | pid << 24 | tid. */
  globalTid: number;
  pid: number;
  tid: number;
  /** From ThreadNames; `''` when the export names none. */
  name: string;
}

export interface GpuInfo {
  deviceId: number;
  name: string;
  busLocation: string;
}

export interface StreamInfo {
  deviceId: number;
  contextId: number;
  streamId: number;
  pid: number;
}

export interface NvtxDomain {
  pid: number;
  /** Id in the export (per process); 0 is the default domain. */
  domainId: number;
  /** `''` for the default domain. */
  name: string;
}

/** A name given to an NVTX category with nvtxNameCategory / nvtxDomainNameCategory (NVTX_EVENTS eventType 33, or 64 for NVTXT). */
export interface NvtxCategoryName {
  /** Index into `TraceModel.nvtxDomains` (categories are per process and domain). */
  domain: number;
  category: number;
  name: string;
}

/** Columns every interval table has. */
export interface IntervalColumns {
  count: number;
  start: Float64Array;
  end: Float64Array;
}

/** Nesting depth and parent within one row (thread): computed at load time. */
export interface NestedColumns extends IntervalColumns {
  /** 0 for top-level. */
  depth: Uint8Array;
  /** Index of the enclosing event in the same table, -1 at top level. */
  parent: Int32Array;
}

export enum NvtxStyle {
  PushPop = 0,
  StartEnd = 1,
}

export enum PayloadKind {
  None = 0,
  Uint64 = 1,
  Int64 = 2,
  Double = 3,
  Uint32 = 4,
  Int32 = 5,
  Float = 6,
}

/** NVTX push/pop and start/end ranges. */
export interface NvtxRanges extends NestedColumns {
  /** The message (text or registered string), without the domain. */
  nameId: Int32Array;
  /** Index into `TraceModel.nvtxDomains`. */
  domain: Int32Array;
  style: Uint8Array;
  /** Index into `TraceModel.threads` of the thread that opened the range. */
  thread: Int32Array;
  /** ARGB colour, 0 when none was given. */
  color: Uint32Array;
  /** NVTX category id, 0 when none. */
  category: Int32Array;
  payloadKind: Uint8Array;
  payload: Float64Array;
}

/** NVTX marks (nvtxMark*, eventType 34, or 65 for NVTXT): instants on a thread, in time order. */
export interface NvtxMarks {
  count: number;
  time: Float64Array;
  nameId: Int32Array;
  domain: Int32Array;
  thread: Int32Array;
  color: Uint32Array;
  /** NVTX category id, 0 when none. */
  category: Int32Array;
  payloadKind: Uint8Array;
  payload: Float64Array;
}

export enum ApiKind {
  Runtime = 0,
  Driver = 1,
}

/** CUDA runtime and driver calls (CUPTI_ACTIVITY_KIND_RUNTIME and _DRIVER). */
export interface ApiCalls extends NestedColumns {
  /** The name as the export stores it (e.g. `cudaMemcpyAsync_v3020`). */
  nameId: Int32Array;
  thread: Int32Array;
  kind: Uint8Array;
  /** CUPTI correlation id; -1 when absent. Unique per process. */
  correlationId: Float64Array;
}

export enum GpuOpKind {
  Kernel = 0,
  Memcpy = 1,
  Memset = 2,
}

/** Memory kinds as ENUM_CUDA_MEM_KIND numbers them. */
export enum MemKind {
  Pageable = 0,
  Pinned = 1,
  Device = 2,
  Array = 3,
  Managed = 4,
  DeviceStatic = 5,
  ManagedStatic = 6,
  Unknown = 7,
}

/** Kernels, copies or memsets of every GPU (one table each). */
export interface GpuOps extends IntervalColumns {
  /** Kernels: demangled name; memcpy: `[CUDA memcpy Host-to-Device]` etc.; memset: `[CUDA memset]`. */
  nameId: Int32Array;
  /** Index into `TraceModel.streams`. */
  stream: Int32Array;
  correlationId: Float64Array;
  /** Bytes copied or set (0 for kernels). */
  bytes: Float64Array;
  /** Memcpy: copyKind (ENUM_CUDA_MEMCPY_OPER); memset: 0; kernel: 0. */
  copyKind: Uint8Array;
  /** MemKind of the source (memcpy) or of the memory set (memset); 255 when unknown. */
  srcKind: Uint8Array;
  dstKind: Uint8Array;
}

/** CUPTI synchronization events (stream / event / context sync as the GPU saw them). */
export interface SyncEvents extends IntervalColumns {
  /** ENUM_CUPTI_SYNC_TYPE: 1 event, 2 stream wait event, 3 stream, 4 context. */
  syncType: Uint8Array;
  stream: Int32Array;
  correlationId: Float64Array;
}

export interface OsrtCalls extends NestedColumns {
  nameId: Int32Array;
  thread: Int32Array;
}

export interface TraceModel {
  /** Where it came from (path or `<bytes>`). */
  source: string;
  /** Bytes of the SQLite file. */
  fileSize: number;
  /** nsys version from META_DATA_EXPORT, `''` for old exports without it. */
  nsysVersion: string;
  /** UTC start of the capture (ms since epoch) from TARGET_INFO_SESSION_START_TIME; absent when the export has none. */
  captureStartMs?: number;
  /** Earliest and latest timestamp of any event (ns). */
  startNs: number;
  endNs: number;
  strings: StringTable;
  processes: ProcessInfo[];
  threads: ThreadInfo[];
  gpus: GpuInfo[];
  streams: StreamInfo[];
  nvtxDomains: NvtxDomain[];
  /** Category names registered in the capture (empty when none was named). */
  nvtxCategories: NvtxCategoryName[];
  nvtx: NvtxRanges;
  marks: NvtxMarks;
  api: ApiCalls;
  kernels: GpuOps;
  memcpy: GpuOps;
  memset: GpuOps;
  sync: SyncEvents;
  osrt: OsrtCalls;
  /** Tables the export has (upper-case names as in sqlite_master). */
  tables: string[];
  /** Notes about what is missing (no CUDA, no NVTX, ...), one line each. */
  warnings: string[];
}

/** Thread label as Nsight shows it: `name [tid]`. */
export function threadLabel(t: ThreadInfo): string {
  return t.name ? `${t.name} [${t.tid}]` : `[${t.tid}]`;
}

/** The Range column of nvtx_sum: `domain:name`, empty domain for the default one. */
export function nvtxRangeName(model: TraceModel, i: number): string {
  const d = model.nvtxDomains[model.nvtx.domain[i]];
  return `${d ? d.name : ''}:${model.strings.strings[model.nvtx.nameId[i]]}`;
}

/** The registered name of NVTX category `category` in domain `domain` (index into nvtxDomains); `''` when unnamed or 0. */
export function nvtxCategoryName(model: TraceModel, domain: number, category: number): string {
  if (!category) return '';
  for (const c of model.nvtxCategories) if (c.domain === domain && c.category === category) return c.name;
  return '';
}

/** pid and tid packed in Nsight's globalTid. */
export function unpackGlobalTid(globalTid: number): { pid: number; tid: number } {
  // Above 2^32, so no bit operators on the whole number.
  const low48 = globalTid % 2 ** 48;
  return { pid: Math.floor(low48 / 2 ** 24) % 2 ** 24, tid: low48 % 2 ** 24 };
}
