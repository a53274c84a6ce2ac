// Reads an Nsight Systems SQLite export (any nsys from 2021 to 2025) into the columnar TraceModel.
// The schema is discovered, never assumed: tables from sqlite_master, columns from PRAGMA
// table_info; a missing table is an empty one and a missing column reads as NULL.
// Bad input never crashes: every problem becomes a TraceLoadError with a one-line message.
import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TraceLoadCancelledError, TraceLoadError, isTraceLoadCancelled, type TraceLoadErrorKind } from './errors';
import { DEFAULT_SLICE_MS, LoadSteps, type LoadProgress } from './loadSteps';
import { prepareRowIndex } from './lod';
import { exportReportToSqlite, isNsysReport } from './nsysExport';
import {
  closeDatabase,
  getSqlJs,
  numericReader,
  openDatabase,
  statementCursor,
  type NumericCursor,
  type NumericReader,
  type RowBatches,
  type SqlDatabase,
  type SqlJsStatic,
  type SqlValue,
} from './sqlJs';
import { createStringTable } from './strings';
import { computeNesting, sortByStart } from './nesting';
import {
  ApiKind,
  NvtxStyle,
  unpackGlobalTid,
  type ApiCalls,
  type GpuInfo,
  type GpuOps,
  type NvtxCategoryName,
  type NvtxDomain,
  type NvtxMarks,
  type NvtxRanges,
  type OsrtCalls,
  type ProcessInfo,
  type StreamInfo,
  type StringTable,
  type SyncEvents,
  type ThreadInfo,
  type TraceModel,
} from './model';

export { TraceLoadError, TraceLoadCancelledError, isTraceLoadCancelled, DEFAULT_SLICE_MS };
export type { LoadProgress, TraceLoadErrorKind };

/**
 * The phases `onProgress` reports, in the order they run (`export report` only for a .nsys-rep,
 * `indexes` only with `viewIndex`; a `read ...` phase is skipped when the export lacks its table).
 * Units: bytes for `read file`, rows for `read ...` (the total is the table's row-id span, an
 * upper bound: a phase ends with done === total), steps otherwise.
 */
export const LOAD_PHASES = [
  'export report',
  'read file',
  'open database',
  'read strings',
  'read threads',
  'read NVTX',
  'read CUDA API',
  'read kernels',
  'read memory copies',
  'read memsets',
  'read synchronization',
  'read OS runtime',
  'nesting',
  'indexes',
] as const;
export type LoadPhase = (typeof LOAD_PHASES)[number];

export interface LoadOptions {
  /** Refuse files larger than this (MB); `sightline.trace.maxFileSizeMB`, default 1024. */
  maxFileSizeMB?: number;
  /** nsys used to export a `.nsys-rep`; searched on PATH and /opt/nvidia when unset. */
  nsysPath?: string;
  /** Name used in messages when bytes are given. */
  sourceName?: string;
  /**
   * Called at the start and end of every phase and between slices of work (about every
   * `sliceMs`); `done` never decreases within a phase. A throwing callback is ignored.
   */
  onProgress?: (p: LoadProgress) => void;
  /**
   * Stops the load between two slices of work: loadTrace then rejects with a
   * TraceLoadCancelledError (`isTraceLoadCancelled(e)`), the sql.js database is closed and nothing
   * it read is kept; a running `nsys export` is killed and its partial output removed.
   */
  signal?: AbortSignal;
  /** Also build the viewer's row index (lod.ts) as the `indexes` phase, so the first view is fast. */
  viewIndex?: boolean;
  /** Longest stretch of synchronous work between two event-loop turns (ms); default 50. */
  sliceMs?: number;
}

export const DEFAULT_MAX_FILE_SIZE_MB = 1024;
const SQLITE_MAGIC = 'SQLite format 3\u0000';

/** Load a trace from a path (SQLite export or .nsys-rep) or from the bytes of a SQLite export. */
export async function loadTrace(input: string | Uint8Array, options: LoadOptions = {}): Promise<TraceModel> {
  const limitMB = options.maxFileSizeMB ?? DEFAULT_MAX_FILE_SIZE_MB;
  const displayName = path.basename(options.sourceName ?? (typeof input === 'string' ? input : '<bytes>'));
  const steps = new LoadSteps(displayName, options.signal, options.onProgress, options.sliceMs ?? DEFAULT_SLICE_MS);
  steps.check();
  let bytes: Uint8Array;
  let source: string;
  if (typeof input === 'string') {
    source = input;
    const name = path.basename(input);
    let size: number;
    try {
      const st = await fsp.stat(input);
      if (!st.isFile()) throw new TraceLoadError(`${name}: not a file`);
      size = st.size;
    } catch (e) {
      if (e instanceof TraceLoadError) throw e;
      throw new TraceLoadError(`${name}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
    if (isNsysReport(input)) {
      steps.begin('export report', 1);
      const exported = await exportReportToSqlite(input, options.nsysPath, options.signal);
      steps.end();
      return loadTrace(exported, { ...options, sourceName: input });
    }
    checkSize(name, size, limitMB);
    checkFreeMemory(name, size);
    if (size === 0) throw new TraceLoadError(`${name}: the file is empty (0 bytes), not an Nsight Systems export`);
    bytes = await readFileInSlices(input, size, steps);
  } else {
    bytes = input;
    source = options.sourceName ?? '<bytes>';
    checkSize(path.basename(source), bytes.length, limitMB);
  }
  const name = path.basename(options.sourceName ?? source);
  checkSqliteHeader(name, bytes);
  const SQL = await getSqlJs();
  steps.begin('open database', 1);
  await steps.pauseIfDue();
  let db: SqlDatabase;
  try {
    db = openDatabase(SQL, bytes);
  } catch (e) {
    throw new TraceLoadError(`${name}: SQLite cannot open it (${oneLine(e)})`);
  }
  steps.end();
  let model: TraceModel;
  try {
    model = await readModel(db, SQL, options.sourceName ?? source, bytes.length, name, steps);
  } catch (e) {
    if (e instanceof TraceLoadError) throw e;
    if (e instanceof RangeError) throw new TraceLoadError(`${name}: out of memory while loading (${e.message}); lower the capture size or duration`);
    throw new TraceLoadError(`${name}: corrupt or unreadable SQLite export (${oneLine(e)})`);
  } finally {
    closeDatabase(db);
  }
  if (options.viewIndex) {
    steps.begin('indexes', 7);
    await prepareRowIndex(model, async (done) => {
      steps.at(done);
      await steps.pauseIfDue();
    });
    steps.end();
  }
  return model;
}

const READ_CHUNK_BYTES = 16 * 1024 * 1024;

/** The whole file, read in chunks with progress and the signal checked between them. */
async function readFileInSlices(file: string, size: number, steps: LoadSteps): Promise<Uint8Array> {
  const name = path.basename(file);
  steps.begin('read file', size);
  let fh: fsp.FileHandle | undefined;
  try {
    fh = await fsp.open(file, 'r');
    const buf = Buffer.allocUnsafe(size); // every byte is overwritten by the reads below
    let off = 0;
    while (off < size) {
      const { bytesRead } = await fh.read(buf, off, Math.min(READ_CHUNK_BYTES, size - off), off);
      if (bytesRead === 0) break;
      off += bytesRead;
      steps.advance(bytesRead);
      await steps.pauseIfDue();
    }
    steps.end();
    return off === size ? buf : buf.subarray(0, off);
  } catch (e) {
    if (e instanceof TraceLoadError) throw e;
    throw new TraceLoadError(`${name}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  } finally {
    await fh?.close();
  }
}

function oneLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0];
}

function checkSize(name: string, size: number, limitMB: number): void {
  if (size > limitMB * 1024 * 1024) {
    throw new TraceLoadError(
      `${name}: ${(size / 1024 / 1024).toFixed(0)} MB is above the ${limitMB} MB limit (setting sightline.trace.maxFileSizeMB / --max-size-mb); capture a shorter run or raise the limit`,
    );
  }
}

/** Loading holds the file twice (our buffer and SQLite's copy) plus the model: refuse early when that cannot fit. */
function checkFreeMemory(name: string, size: number): void {
  const need = size * 2.5;
  const free = os.freemem();
  if (need > free) {
    throw new TraceLoadError(
      `${name}: needs about ${(need / 1024 / 1024).toFixed(0)} MB of memory to load, only ${(free / 1024 / 1024).toFixed(0)} MB free; close other traces or capture a shorter run`,
    );
  }
}

function checkSqliteHeader(name: string, b: Uint8Array): void {
  if (b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b) {
    throw new TraceLoadError(`${name}: gzip-compressed; gunzip it first (gunzip -k ${name})`);
  }
  if (b.length < 100 || String.fromCharCode(...b.subarray(0, 16)) !== SQLITE_MAGIC) {
    throw new TraceLoadError(`${name}: not a SQLite database (export the report with \`nsys export --type sqlite\`)`);
  }
  let pageSize = (b[16] << 8) | b[17];
  if (pageSize === 1) pageSize = 65536;
  const pages = ((b[28] << 24) >>> 0) + (b[29] << 16) + (b[30] << 8) + b[31];
  const changeCounter = ((b[24] << 24) >>> 0) + (b[25] << 16) + (b[26] << 8) + b[27];
  const validFor = ((b[92] << 24) >>> 0) + (b[93] << 16) + (b[94] << 8) + b[95];
  if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) {
    throw new TraceLoadError(`${name}: corrupt SQLite header (page size ${pageSize})`);
  }
  if (pages > 0 && validFor === changeCounter && pages * pageSize > b.length) {
    throw new TraceLoadError(
      `${name}: truncated SQLite file (${b.length} bytes, its header says ${pages * pageSize}); copy it again`,
    );
  }
  if (b.length % pageSize !== 0) {
    throw new TraceLoadError(`${name}: truncated SQLite file (${b.length} bytes is not a whole number of ${pageSize}-byte pages)`);
  }
}

// ---------------------------------------------------------------------------------------------

const NSYS_TABLE_HINTS = ['StringIds', 'NVTX_EVENTS', 'OSRT_API', 'ThreadNames', 'TARGET_INFO_GPU', 'ANALYSIS_DETAILS'];

/** Schema access: which tables exist and which columns each has. */
class Schema {
  readonly tables = new Map<string, Set<string>>();
  private readonly fast: NumericReader | undefined;
  constructor(
    private readonly db: SqlDatabase,
    SQL: SqlJsStatic,
  ) {
    this.fast = numericReader(SQL, db);
    const res = db.exec("SELECT name FROM sqlite_master WHERE type IN ('table','view')");
    for (const row of res[0]?.values ?? []) {
      const t = String(row[0]);
      const cols = new Set<string>();
      for (const c of db.exec(`PRAGMA table_info(${quoteIdent(t)})`)[0]?.values ?? []) cols.add(String(c[1]));
      this.tables.set(t, cols);
    }
  }
  has(table: string): boolean {
    return this.tables.has(table);
  }
  hasCol(table: string, col: string): boolean {
    return this.tables.get(table)?.has(col) ?? false;
  }
  /** SELECT with the wanted columns; missing ones read as NULL. */
  select(table: string, cols: string[], where = ''): string {
    const list = cols.map((c) => (this.hasCol(table, c) ? quoteIdent(c) : 'NULL')).join(', ');
    return `SELECT ${list} FROM ${quoteIdent(table)}${where ? ` WHERE ${where}` : ''}`;
  }
  /**
   * At least the number of rows, without scanning: rowids are distinct integers between the
   * smallest and the largest, both found through the b-tree. Arrays sized by it are trimmed after
   * reading (sortByStart). Falls back to count(*) for tables without rowid.
   */
  capacity(table: string): number {
    try {
      const r = this.db.exec(`SELECT max(rowid) - min(rowid) + 1 FROM ${quoteIdent(table)}`);
      const v = r[0]?.values[0]?.[0];
      const cap = v === null || v === undefined ? 0 : Number(v);
      // Sparse rowids (rows deleted or inserted with explicit ids) could ask for far too much.
      return cap > 50_000_000 ? this.count(table) : cap;
    } catch {
      return this.count(table);
    }
  }
  count(table: string, where = ''): number {
    const r = this.db.exec(`SELECT count(*) FROM ${quoteIdent(table)}${where ? ` WHERE ${where}` : ''}`);
    return Number(r[0]?.values[0]?.[0] ?? 0);
  }
  /**
   * Rows of numbers only (the big event tables) of `SELECT cols FROM table [WHERE where]`
   * (missing columns read NULL): the C API fast path when there is one.
   */
  numericCursor(table: string, cols: string[], where = ''): NumericCursor {
    const sql = this.select(table, cols, where);
    return this.fast ? this.fast.open(this.db, sql, cols.length) : (statementCursor(this.db, sql) as NumericCursor);
  }
  /** Rows of any values of `SELECT cols FROM table [WHERE where]` (missing columns read NULL). */
  valueCursor(table: string, cols: string[], where = ''): RowBatches<SqlValue[]> {
    return statementCursor(this.db, this.select(table, cols, where));
  }
  each(sql: string, f: (row: SqlValue[]) => void): void {
    const st = this.db.prepare(sql);
    try {
      while (st.step()) f(st.get());
    } finally {
      st.free();
    }
  }
}

function quoteIdent(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

function num(v: SqlValue, dflt = 0): number {
  return typeof v === 'number' ? v : v === null || v === undefined ? dflt : Number(v);
}

const MEMCPY_LABELS = [
  'Unknown',
  'Host-to-Device',
  'Device-to-Host',
  'Host-to-Array',
  'Array-to-Host',
  'Array-to-Array',
  'Array-to-Device',
  'Device-to-Array',
  'Device-to-Device',
  'Host-to-Host',
  'Peer-to-Peer',
  'Unified Host-to-Device',
  'Unified Device-to-Host',
  'Unified Device-to-Device',
];

async function readModel(db: SqlDatabase, SQL: SqlJsStatic, source: string, fileSize: number, name: string, steps: LoadSteps): Promise<TraceModel> {
  let schema: Schema;
  try {
    schema = new Schema(db, SQL);
  } catch (e) {
    throw new TraceLoadError(`${name}: corrupt SQLite file (${oneLine(e)})`);
  }
  const tableNames = [...schema.tables.keys()];
  const looksNsys =
    NSYS_TABLE_HINTS.some((t) => schema.has(t)) || tableNames.some((t) => t.startsWith('CUPTI_ACTIVITY_KIND_'));
  if (!looksNsys) {
    const shown = tableNames.slice(0, 5).join(', ') || 'no tables';
    throw new TraceLoadError(
      `${name}: a SQLite database but not an Nsight Systems export (tables: ${shown}${tableNames.length > 5 ? ', ...' : ''})`,
    );
  }
  const warnings: string[] = [];
  const strings = createStringTable();

  // StringIds: export id -> our string index.
  const sid = new Map<number, number>();
  if (schema.has('StringIds')) {
    steps.begin('read strings', schema.capacity('StringIds'));
    await steps.rows(schema.valueCursor('StringIds', ['id', 'value']), (r) => {
      sid.set(num(r[0]), strings.intern(r[1] === null ? '' : String(r[1])));
    });
    steps.end();
  }
  let lastSid: SqlValue = null;
  let lastSidValue = -1;
  const sidOr = (id: SqlValue, fallback: string): number => {
    if (id !== null && id !== undefined) {
      if (id === lastSid) return lastSidValue;
      const s = sid.get(num(id));
      if (s !== undefined) {
        lastSid = id;
        lastSidValue = s;
        return s;
      }
    }
    return strings.intern(fallback);
  };

  let nsysVersion = '';
  if (schema.has('META_DATA_EXPORT')) {
    schema.each(schema.select('META_DATA_EXPORT', ['name', 'value']), (r) => {
      if (r[0] === 'EXPORT_PRODUCT_VERSION') nsysVersion = String(r[1] ?? '');
    });
  }
  // When the capture started (UTC), for "profile of HH:MM" labels: the epoch in ns, else the text.
  let captureStartMs: number | undefined;
  if (schema.has('TARGET_INFO_SESSION_START_TIME')) {
    schema.each(schema.select('TARGET_INFO_SESSION_START_TIME', ['utcEpochNs', 'utcTime']), (r) => {
      const ms = r[0] !== null && r[0] !== undefined ? num(r[0]) / 1e6 : Date.parse(`${String(r[1] ?? '')}Z`);
      if (captureStartMs === undefined && Number.isFinite(ms) && ms > 0) captureStartMs = ms;
    });
  }

  // Processes and threads.
  const processes = new Map<number, ProcessInfo>();
  steps.begin('read threads', (schema.has('PROCESSES') ? schema.capacity('PROCESSES') : 0) + (schema.has('ThreadNames') ? schema.capacity('ThreadNames') : 0));
  if (schema.has('PROCESSES')) {
    await steps.rows(schema.valueCursor('PROCESSES', ['pid', 'name', 'globalPid']), (r) => {
      const pid = r[0] !== null ? num(r[0]) : unpackGlobalTid(num(r[2])).pid;
      processes.set(pid, { pid, name: r[1] === null ? '' : String(r[1]) });
    });
  }
  const threadNames = new Map<number, string>();
  if (schema.has('ThreadNames')) {
    await steps.rows(schema.valueCursor('ThreadNames', ['globalTid', 'nameId']), (r) => {
      threadNames.set(num(r[0]), strings.strings[sidOr(r[1], '')]);
    });
  }
  steps.end();
  const threads: ThreadInfo[] = [];
  const threadIndex = new Map<number, number>();
  let lastTid = NaN;
  let lastTidIndex = -1;
  const threadOf = (globalTid: SqlValue): number => {
    const g = num(globalTid, 0);
    if (g === lastTid) return lastTidIndex;
    let i = threadIndex.get(g);
    if (i === undefined) {
      const { pid, tid } = unpackGlobalTid(g);
      const nm = threadNames.get(g) ?? (tid === pid ? (processes.get(pid)?.name ?? '') : '');
      i = threads.length;
      threads.push({ globalTid: g, pid, tid, name: nm });
      threadIndex.set(g, i);
    }
    lastTid = g;
    lastTidIndex = i;
    return i;
  };

  // GPUs and streams.
  const gpuNames = new Map<number, { name: string; bus: string }>();
  // TARGET_INFO_GPU since nsys 2021.x; older exports call it TARGET_INFO_CUDA_GPU.
  const gpuTable = schema.has('TARGET_INFO_GPU') ? 'TARGET_INFO_GPU' : schema.has('TARGET_INFO_CUDA_GPU') ? 'TARGET_INFO_CUDA_GPU' : '';
  if (gpuTable) {
    const byGpuId = new Map<number, { name: string; bus: string; cuDevice: number | null }>();
    schema.each(schema.select(gpuTable, ['id', 'name', 'busLocation', 'cuDevice']), (r) => {
      byGpuId.set(num(r[0]), { name: String(r[1] ?? ''), bus: String(r[2] ?? ''), cuDevice: r[3] === null ? null : num(r[3]) });
    });
    const cudaToGpu = new Map<number, number>();
    if (schema.has('TARGET_INFO_CUDA_DEVICE')) {
      schema.each(schema.select('TARGET_INFO_CUDA_DEVICE', ['gpuId', 'cudaId']), (r) => cudaToGpu.set(num(r[1]), num(r[0])));
    }
    for (const [id, g] of byGpuId) {
      const cuda = g.cuDevice ?? id;
      gpuNames.set(cuda, { name: g.name, bus: g.bus });
    }
    for (const [cuda, gpuId] of cudaToGpu) {
      const g = byGpuId.get(gpuId);
      if (g) gpuNames.set(cuda, { name: g.name, bus: g.bus });
    }
  }
  const streams: StreamInfo[] = [];
  const streamIndex = new Map<string, number>();
  let lastStream = -1;
  let lastRaw: SqlValue[] = [];
  const streamOf = (dev: SqlValue, ctx: SqlValue, strm: SqlValue, globalPid: SqlValue): number => {
    if (lastStream >= 0 && dev === lastRaw[0] && ctx === lastRaw[1] && strm === lastRaw[2] && globalPid === lastRaw[3]) return lastStream;
    lastRaw = [dev, ctx, strm, globalPid];
    const pid = globalPid === null ? 0 : unpackGlobalTid(num(globalPid)).pid;
    const key = `${num(dev)}/${num(ctx)}/${num(strm)}/${pid}`;
    let i = streamIndex.get(key);
    if (i === undefined) {
      i = streams.length;
      streams.push({ deviceId: num(dev), contextId: num(ctx), streamId: num(strm), pid });
      streamIndex.set(key, i);
    }
    lastStream = i;
    return i;
  };

  // NVTX.
  const nvtxDomains: NvtxDomain[] = [];
  const domainIndex = new Map<string, number>();
  const domainOf = (pid: number, domainId: number): number => {
    const key = `${pid}/${domainId}`;
    let i = domainIndex.get(key);
    if (i === undefined) {
      i = nvtxDomains.length;
      nvtxDomains.push({ pid, domainId, name: '' });
      domainIndex.set(key, i);
    }
    return i;
  };
  const nvtxCategories: NvtxCategoryName[] = [];
  const nvtx = emptyNvtx(0);
  const marks = emptyMarks(0);
  let unclosed = 0;
  if (schema.has('NVTX_EVENTS')) {
    const cols = [
      'start', 'end', 'eventType', 'text', 'textId', 'globalTid', 'domainId', 'color', 'category',
      'uint64Value', 'int64Value', 'doubleValue', 'uint32Value', 'int32Value', 'floatValue',
    ];
    steps.begin('read NVTX', schema.capacity('NVTX_EVENTS'));
    // Domain names first (eventType 75: NvtxDomainCreate).
    schema.each(schema.select('NVTX_EVENTS', ['globalTid', 'domainId', 'text', 'textId'], 'eventType = 75'), (r) => {
      const pid = unpackGlobalTid(num(r[0])).pid;
      const d = nvtxDomains[domainOf(pid, num(r[1]))];
      d.name = r[2] !== null ? String(r[2]) : strings.strings[sidOr(r[3], '')];
    });
    // Category names (eventType 33: NvtxCategory from nvtx[Domain]NameCategory, 64: its NVTXT
    // twin): `category` holds the id, `text` (or `textId`) the name, per process and domain.
    schema.each(schema.select('NVTX_EVENTS', ['globalTid', 'domainId', 'category', 'text', 'textId'], 'eventType IN (33, 64)'), (r) => {
      if (r[2] === null) return;
      const domain = domainOf(unpackGlobalTid(num(r[0])).pid, num(r[1], 0));
      const category = num(r[2]);
      const name = r[3] !== null ? String(r[3]) : strings.strings[sidOr(r[4], '')];
      const known = nvtxCategories.find((c) => c.domain === domain && c.category === category);
      if (known) known.name = name;
      else nvtxCategories.push({ domain, category, name });
    });
    const rangeWhere = 'eventType IN (59, 60, 70, 71)';
    const markWhere = 'eventType IN (34, 65)';
    const nRanges = schema.capacity('NVTX_EVENTS');
    Object.assign(nvtx, emptyNvtx(nRanges));
    let n = 0;
    await steps.rows(schema.valueCursor('NVTX_EVENTS', cols, rangeWhere), (r) => {
      if (r[1] === null) {
        unclosed++;
        return;
      }
      const t = threadOf(r[5]);
      nvtx.start[n] = num(r[0]);
      nvtx.end[n] = num(r[1]);
      const et = num(r[2]);
      nvtx.style[n] = et === 59 || et === 70 ? NvtxStyle.PushPop : NvtxStyle.StartEnd;
      nvtx.nameId[n] = r[3] !== null ? strings.intern(String(r[3])) : sidOr(r[4], '');
      nvtx.thread[n] = t;
      nvtx.domain[n] = domainOf(threads[t].pid, num(r[6], 0));
      nvtx.color[n] = r[7] === null ? 0 : num(r[7]) >>> 0;
      nvtx.category[n] = num(r[8], 0);
      const k = payloadIndex(r, 9);
      nvtx.payloadKind[n] = k + 1;
      nvtx.payload[n] = k >= 0 ? num(r[9 + k]) : 0;
      n++;
    });
    nvtx.count = n;
    const nMarks = schema.count('NVTX_EVENTS', markWhere);
    Object.assign(marks, emptyMarks(nMarks));
    let m = 0;
    await steps.rows(schema.valueCursor('NVTX_EVENTS', cols, markWhere), (r) => {
      const t = threadOf(r[5]);
      marks.time[m] = num(r[0]);
      marks.nameId[m] = r[3] !== null ? strings.intern(String(r[3])) : sidOr(r[4], '');
      marks.thread[m] = t;
      marks.domain[m] = domainOf(threads[t].pid, num(r[6], 0));
      marks.color[m] = r[7] === null ? 0 : num(r[7]) >>> 0;
      marks.category[m] = num(r[8], 0);
      const k = payloadIndex(r, 9);
      marks.payloadKind[m] = k + 1;
      marks.payload[m] = k >= 0 ? num(r[9 + k]) : 0;
      m++;
    });
    marks.count = m;
    steps.end();
  }
  if (unclosed) warnings.push(`${unclosed} NVTX range(s) never closed before the capture ended (left out)`);

  // CUDA API (runtime and driver share one table in recent exports; older ones may split them).
  const apiTables: [string, ApiKind | null][] = [
    ['CUPTI_ACTIVITY_KIND_RUNTIME', null],
    ['CUPTI_ACTIVITY_KIND_DRIVER', ApiKind.Driver],
  ];
  let apiTotal = 0;
  for (const [t] of apiTables) if (schema.has(t)) apiTotal += schema.capacity(t);
  const api = emptyApi(apiTotal);
  if (apiTotal) {
    steps.begin('read CUDA API', apiTotal);
    let n = 0;
    for (const [t, kind] of apiTables) {
      if (!schema.has(t)) continue;
      await steps.rows(schema.numericCursor(t, ['start', 'end', 'nameId', 'globalTid', 'correlationId', 'eventClass']), (r) => {
        api.start[n] = num(r[0]);
        api.end[n] = num(r[1]);
        api.nameId[n] = sidOr(r[2], '[unknown API]');
        api.thread[n] = threadOf(r[3]);
        api.correlationId[n] = num(r[4], -1);
        api.kind[n] = kind ?? (num(r[5], 0) === 1 ? ApiKind.Driver : ApiKind.Runtime);
        n++;
      });
    }
    api.count = n;
    steps.end();
  }

  // GPU work.
  const kernels = emptyGpuOps(schema.has('CUPTI_ACTIVITY_KIND_KERNEL') ? schema.capacity('CUPTI_ACTIVITY_KIND_KERNEL') : 0);
  if (kernels.count) {
    steps.begin('read kernels', kernels.count);
    let n = 0;
    await steps.rows(
      schema.numericCursor('CUPTI_ACTIVITY_KIND_KERNEL', [
        'start', 'end', 'deviceId', 'contextId', 'streamId', 'globalPid', 'correlationId', 'demangledName', 'shortName', 'mangledName',
      ]),
      (r) => {
        kernels.start[n] = num(r[0]);
        kernels.end[n] = num(r[1]);
        kernels.stream[n] = streamOf(r[2], r[3], r[4], r[5]);
        kernels.correlationId[n] = num(r[6], -1);
        kernels.nameId[n] = r[7] !== null ? sidOr(r[7], '') : r[8] !== null ? sidOr(r[8], '') : sidOr(r[9], '[kernel]');
        kernels.srcKind[n] = 255;
        kernels.dstKind[n] = 255;
        n++;
      },
    );
    kernels.count = n;
    steps.end();
  }
  const memcpy = emptyGpuOps(schema.has('CUPTI_ACTIVITY_KIND_MEMCPY') ? schema.capacity('CUPTI_ACTIVITY_KIND_MEMCPY') : 0);
  if (memcpy.count) {
    const labels = [...MEMCPY_LABELS];
    if (schema.has('ENUM_CUDA_MEMCPY_OPER')) {
      schema.each(schema.select('ENUM_CUDA_MEMCPY_OPER', ['id', 'label']), (r) => {
        labels[num(r[0])] = String(r[1]);
      });
    }
    const labelIds = labels.map((l) => strings.intern(`[CUDA memcpy ${l}]`));
    steps.begin('read memory copies', memcpy.count);
    let n = 0;
    await steps.rows(
      schema.numericCursor('CUPTI_ACTIVITY_KIND_MEMCPY', [
        'start', 'end', 'deviceId', 'contextId', 'streamId', 'globalPid', 'correlationId', 'bytes', 'copyKind', 'srcKind', 'dstKind',
      ]),
      (r) => {
        memcpy.start[n] = num(r[0]);
        memcpy.end[n] = num(r[1]);
        memcpy.stream[n] = streamOf(r[2], r[3], r[4], r[5]);
        memcpy.correlationId[n] = num(r[6], -1);
        memcpy.bytes[n] = num(r[7], 0);
        const ck = num(r[8], 0);
        memcpy.copyKind[n] = ck;
        memcpy.nameId[n] = labelIds[ck] ?? strings.intern(`[CUDA memcpy ${ck}]`);
        memcpy.srcKind[n] = r[9] === null ? 255 : num(r[9]);
        memcpy.dstKind[n] = r[10] === null ? 255 : num(r[10]);
        n++;
      },
    );
    memcpy.count = n;
    steps.end();
  }
  const memset = emptyGpuOps(schema.has('CUPTI_ACTIVITY_KIND_MEMSET') ? schema.capacity('CUPTI_ACTIVITY_KIND_MEMSET') : 0);
  if (memset.count) {
    const label = strings.intern('[CUDA memset]');
    steps.begin('read memsets', memset.count);
    let n = 0;
    await steps.rows(
      schema.numericCursor('CUPTI_ACTIVITY_KIND_MEMSET', ['start', 'end', 'deviceId', 'contextId', 'streamId', 'globalPid', 'correlationId', 'bytes', 'memKind']),
      (r) => {
        memset.start[n] = num(r[0]);
        memset.end[n] = num(r[1]);
        memset.stream[n] = streamOf(r[2], r[3], r[4], r[5]);
        memset.correlationId[n] = num(r[6], -1);
        memset.bytes[n] = num(r[7], 0);
        memset.nameId[n] = label;
        memset.srcKind[n] = r[8] === null ? 255 : num(r[8]);
        memset.dstKind[n] = memset.srcKind[n];
        n++;
      },
    );
    memset.count = n;
    steps.end();
  }
  const sync = emptySync(schema.has('CUPTI_ACTIVITY_KIND_SYNCHRONIZATION') ? schema.capacity('CUPTI_ACTIVITY_KIND_SYNCHRONIZATION') : 0);
  if (sync.count) {
    steps.begin('read synchronization', sync.count);
    let n = 0;
    await steps.rows(
      schema.numericCursor('CUPTI_ACTIVITY_KIND_SYNCHRONIZATION', [
        'start', 'end', 'deviceId', 'contextId', 'streamId', 'globalPid', 'correlationId', 'syncType', 'deprecatedSyncType',
      ]),
      (r) => {
        sync.start[n] = num(r[0]);
        sync.end[n] = num(r[1]);
        sync.stream[n] = streamOf(r[2], r[3], r[4], r[5]);
        sync.correlationId[n] = num(r[6], -1);
        sync.syncType[n] = r[7] !== null ? num(r[7]) : num(r[8], 0);
        n++;
      },
    );
    sync.count = n;
    steps.end();
  }

  // OS runtime calls (eventClass 31/32 are the start/finish markers of the OSRT session).
  const osrtWhere = schema.hasCol('OSRT_API', 'eventClass') ? 'eventClass NOT IN (31, 32)' : '';
  const osrt = emptyOsrt(schema.has('OSRT_API') ? schema.capacity('OSRT_API') : 0);
  if (osrt.count) {
    steps.begin('read OS runtime', osrt.count);
    let n = 0;
    await steps.rows(schema.numericCursor('OSRT_API', ['start', 'end', 'nameId', 'globalTid'], osrtWhere), (r) => {
      osrt.start[n] = num(r[0]);
      osrt.end[n] = num(r[1]);
      osrt.nameId[n] = sidOr(r[2], '[unknown]');
      osrt.thread[n] = threadOf(r[3]);
      n++;
    });
    osrt.count = n;
    steps.end();
  }

  // Order and nesting, one table per step.
  const ordering: (() => void)[] = [
    () => sortByStart(nvtx),
    () => sortByStart(marks),
    () => sortByStart(api),
    () => sortByStart(kernels),
    () => sortByStart(memcpy),
    () => sortByStart(memset),
    () => sortByStart(sync),
    () => sortByStart(osrt),
    () => computeNesting(nvtx, nvtx.thread, threads.length),
    () => computeNesting(api, api.thread, threads.length),
    () => computeNesting(osrt, osrt.thread, threads.length),
  ];
  steps.begin('nesting', ordering.length);
  for (const f of ordering) {
    f();
    steps.advance(1);
    await steps.pauseIfDue();
  }
  steps.end();

  const total = nvtx.count + marks.count + api.count + kernels.count + memcpy.count + memset.count + osrt.count + sync.count;
  if (total === 0) {
    throw new TraceLoadError(`${name}: the export contains no events (empty capture: did the application run while nsys was recording?)`);
  }
  if (api.count + kernels.count + memcpy.count + memset.count === 0) {
    warnings.push('no CUDA activity in this export (captured without `-t cuda`, or the application never used the GPU)');
  }
  if (!schema.has('NVTX_EVENTS') || nvtx.count + marks.count === 0) warnings.push('no NVTX ranges in this export');

  let startNs = Infinity;
  let endNs = -Infinity;
  for (const t of [nvtx, api, kernels, memcpy, memset, osrt, sync]) {
    for (let i = 0; i < t.count; i++) {
      if (t.start[i] < startNs) startNs = t.start[i];
      if (t.end[i] > endNs) endNs = t.end[i];
    }
  }
  for (let i = 0; i < marks.count; i++) {
    startNs = Math.min(startNs, marks.time[i]);
    endNs = Math.max(endNs, marks.time[i]);
  }

  const gpuIds = [...new Set(streams.map((s) => s.deviceId))].sort((a, b) => a - b);
  const gpus: GpuInfo[] = gpuIds.map((d) => ({
    deviceId: d,
    name: gpuNames.get(d)?.name || `GPU ${d}`,
    busLocation: gpuNames.get(d)?.bus ?? '',
  }));
  for (const t of threads) {
    if (!processes.has(t.pid)) processes.set(t.pid, { pid: t.pid, name: '' });
  }
  for (const s of streams) {
    if (!processes.has(s.pid)) processes.set(s.pid, { pid: s.pid, name: '' });
  }
  return {
    source,
    fileSize,
    nsysVersion,
    captureStartMs,
    startNs,
    endNs,
    strings,
    processes: [...processes.values()].sort((a, b) => a.pid - b.pid),
    threads,
    gpus,
    streams,
    nvtxDomains,
    nvtxCategories,
    nvtx,
    marks,
    api,
    kernels,
    memcpy,
    memset,
    sync,
    osrt,
    tables: tableNames,
    warnings,
  };
}

/** Which of the six payload columns from `first` holds a value (-1: none); PayloadKind is that + 1. */
function payloadIndex(r: SqlValue[], first: number): number {
  for (let k = 0; k < 6; k++) if (r[first + k] !== null && r[first + k] !== undefined) return k;
  return -1;
}

function emptyNvtx(n: number): NvtxRanges {
  return {
    count: n,
    start: new Float64Array(n),
    end: new Float64Array(n),
    depth: new Uint8Array(n),
    parent: new Int32Array(n),
    nameId: new Int32Array(n),
    domain: new Int32Array(n),
    style: new Uint8Array(n),
    thread: new Int32Array(n),
    color: new Uint32Array(n),
    category: new Int32Array(n),
    payloadKind: new Uint8Array(n),
    payload: new Float64Array(n),
  };
}

function emptyMarks(n: number): NvtxMarks {
  return {
    count: n,
    time: new Float64Array(n),
    nameId: new Int32Array(n),
    domain: new Int32Array(n),
    thread: new Int32Array(n),
    color: new Uint32Array(n),
    category: new Int32Array(n),
    payloadKind: new Uint8Array(n),
    payload: new Float64Array(n),
  };
}

function emptyApi(n: number): ApiCalls {
  return {
    count: n,
    start: new Float64Array(n),
    end: new Float64Array(n),
    depth: new Uint8Array(n),
    parent: new Int32Array(n),
    nameId: new Int32Array(n),
    thread: new Int32Array(n),
    kind: new Uint8Array(n),
    correlationId: new Float64Array(n),
  };
}

function emptyGpuOps(n: number): GpuOps {
  return {
    count: n,
    start: new Float64Array(n),
    end: new Float64Array(n),
    nameId: new Int32Array(n),
    stream: new Int32Array(n),
    correlationId: new Float64Array(n),
    bytes: new Float64Array(n),
    copyKind: new Uint8Array(n),
    srcKind: new Uint8Array(n),
    dstKind: new Uint8Array(n),
  };
}

function emptySync(n: number): SyncEvents {
  return {
    count: n,
    start: new Float64Array(n),
    end: new Float64Array(n),
    syncType: new Uint8Array(n),
    stream: new Int32Array(n),
    correlationId: new Float64Array(n),
  };
}

function emptyOsrt(n: number): OsrtCalls {
  return {
    count: n,
    start: new Float64Array(n),
    end: new Float64Array(n),
    depth: new Uint8Array(n),
    parent: new Int32Array(n),
    nameId: new Int32Array(n),
    thread: new Int32Array(n),
  };
}

export type { StringTable };
