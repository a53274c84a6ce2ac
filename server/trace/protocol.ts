// The JSON messages the trace viewer webview receives (through the language server and client).
// Plain JSON: no typed arrays, no Maps. Times are nanoseconds on the capture's clock.
// Keep these stable: the viewer and the LSP handlers are built on exactly these shapes.

/** What a timeline row shows. `group` rows only hold children (process, thread, GPU, stream). */
export type RowKind =
  | 'process'
  | 'thread'
  | 'gpu'
  | 'stream'
  | 'nvtx'
  | 'cuda-api'
  | 'osrt'
  | 'kernels'
  | 'memcpy'
  | 'memset';

export interface TimelineRow {
  /** Stable id, e.g. `p436`, `p436/t436`, `p436/t436/nvtx`, `gpu0`, `gpu0/s7/kernels`. */
  id: string;
  label: string;
  /** Id of the enclosing row, `null` at top level. */
  parent: string | null;
  kind: RowKind;
  /** Events in the row (0 for group rows). */
  eventCount: number;
  /** Deepest nesting level + 1 (1 for flat rows, 0 for group rows). */
  depthCount: number;
  /** NVTX rows: how many of `eventCount` are marks (instants, see RowSlice.marks); absent when none. */
  markCount?: number;
}

/** Answer to `trace/rows`. */
export interface RowsMessage {
  type: 'rows';
  /** Capture extent (ns). */
  startNs: number;
  endNs: number;
  rows: TimelineRow[];
}

/** Request for `trace/view`. */
export interface ViewRequest {
  t0: number;
  t1: number;
  widthPx: number;
  /** Rows to answer for; all event rows when omitted. */
  rowIds?: string[];
}

/**
 * The visible part of one row at one zoom. Parallel arrays, one slot per drawn item; an item is
 * either one event or several adjacent events merged because they fall in the same pixel
 * (`count[i] > 1`). Items are ordered by depth, then start.
 */
export interface RowSlice {
  rowId: string;
  start: number[];
  end: number[];
  depth: number[];
  /** Index into `ViewMessage.strings`: the event's name (first event's name for merged items). */
  label: number[];
  /** 0xAARRGGBB; 0 means "pick from the palette by label". */
  colour: number[];
  /** Number of events merged into the item (1 = a single event). */
  count: number[];
  /** Index of the (first) event in the model's table for this row's kind (stable, opaque to the viewer): pass it back to `trace/eventDetails`. */
  index: number[];
  /** NVTX rows whose thread has marks: the marks in view (present, maybe empty, whenever the row's `markCount` is set). */
  marks?: MarkSlice;
}

/** The kind of instant items: NVTX marks (nvtxMarkA / nvtxMarkEx / nvtxDomainMarkEx). */
export type InstantKind = 'nvtx-mark';

/**
 * Instants of one row at one zoom, parallel arrays in time order: one slot per drawn item, a
 * single mark or several merged because they fall in the same pixel (`count[i] > 1`; `time` is
 * the first one's).
 */
export interface MarkSlice {
  kind: InstantKind;
  time: number[];
  /** Index into `ViewMessage.strings`: the mark's message (the first one's for merged items). */
  label: number[];
  /** 0xAARRGGBB; 0 means "pick from the palette by label". */
  colour: number[];
  count: number[];
  /** Index of the (first) mark in the model's marks: pass it back to `trace/eventDetails` with `item: 'nvtx-mark'`. */
  index: number[];
}

/** Answer to `trace/view`. */
export interface ViewMessage {
  type: 'view';
  t0: number;
  t1: number;
  widthPx: number;
  strings: string[];
  slices: RowSlice[];
}

/** Request for `trace/eventDetails`: one event of a row (index as in `RowSlice.index`). */
export interface EventDetailsRequest {
  rowId: string;
  index: number;
  /** Set for an instant item (index from `RowSlice.marks.index`). */
  item?: InstantKind;
}

/** Tooltip / details of one event. */
export interface EventDetails {
  type: 'eventDetails';
  rowId: string;
  index: number;
  kind: RowKind;
  name: string;
  startNs: number;
  endNs: number;
  durationNs: number;
  pid: number;
  /** OS thread id for CPU rows; absent on GPU rows. */
  tid?: number;
  threadName?: string;
  /** GPU rows: device and stream. */
  deviceId?: number;
  streamId?: number;
  /** Set for instant items (NVTX marks: startNs === endNs, durationNs 0). */
  item?: InstantKind;
  /** NVTX: domain (`''` default), nesting depth, category, colour, payload. */
  domain?: string;
  depth?: number;
  category?: number;
  /** NVTX: the category's registered name (nvtxNameCategory), when it has one. */
  categoryName?: string;
  colour?: number;
  payload?: number;
  /** Memcpy / memset: bytes and memory kinds (`Pageable`, `Pinned`, `Device`, ...). */
  bytes?: number;
  copyKind?: string;
  srcKind?: string;
  dstKind?: string;
  correlationId?: number;
  /** CUDA API call -> GPU work it launched; GPU work -> the API call that launched it. */
  linked?: LinkedEvent[];
  /** NVTX ranges that enclose the event on its thread (outermost first), e.g. for GPU work the ranges around its launch. */
  enclosingRanges?: string[];
}

export interface LinkedEvent {
  rowId: string;
  index: number;
  name: string;
  startNs: number;
  endNs: number;
}

export type TraceMessage = RowsMessage | ViewMessage | EventDetails;
