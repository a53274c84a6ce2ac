// Small SQLite files crafted for the trace tests with sql.js itself (no sqlite3 binary needed):
// exports of older schemas, several processes and GPUs, no CUDA, no events, not nsys at all.
import { getSqlJs, type SqlDatabase } from '../../../server/trace/sqlJs';

export async function buildDb(statements: string[]): Promise<Uint8Array> {
  const SQL = await getSqlJs();
  const db: SqlDatabase = new SQL.Database();
  try {
    for (const s of statements) db.exec(s);
    return (db as SqlDatabase & { export(): Uint8Array }).export();
  } finally {
    db.close();
  }
}

/** globalTid as nsys packs it. */
export function gtid(pid: number, tid: number): number {
  return 2 ** 48 * 1 + pid * 2 ** 24 + tid;
}
export function gpid(pid: number): number {
  return 2 ** 48 * 1 + pid * 2 ** 24;
}

/**
 * A 2021-style export (no META_DATA_EXPORT, no ENUM tables, no NVTX domainId/textId columns, no
 * eventClass, no srcKind/dstKind) of two processes on two GPUs; both processes use correlation id 5.
 */
export function oldSchemaMultiGpu(): string[] {
  const A = 100;
  const B = 200;
  return [
    'CREATE TABLE StringIds (id INTEGER PRIMARY KEY, value TEXT)',
    "INSERT INTO StringIds VALUES (1,'cudaLaunchKernel_v7000'),(2,'cudaMemcpy_v3020'),(3,'kernA(int)'),(4,'kernB(float*)'),(5,'worker'),(6,'read'),(7,'cuLaunchKernel')",
    'CREATE TABLE ThreadNames (nameId INTEGER, priority INTEGER, globalTid INTEGER)',
    `INSERT INTO ThreadNames VALUES (5, 0, ${gtid(A, 101)})`,
    'CREATE TABLE PROCESSES (globalPid INTEGER, pid INTEGER, name TEXT)',
    `INSERT INTO PROCESSES VALUES (${gpid(A)}, ${A}, 'appA'), (${gpid(B)}, ${B}, 'appB')`,
    'CREATE TABLE NVTX_EVENTS (start INTEGER, end INTEGER, eventType INTEGER, rangeId INTEGER, category INTEGER, color INTEGER, text TEXT, globalTid INTEGER)',
    `INSERT INTO NVTX_EVENTS VALUES (1000, 9000, 59, NULL, NULL, 4278190335, 'outer', ${gtid(A, A)}), (2000, 3000, 59, NULL, NULL, NULL, 'inner', ${gtid(A, A)}), (4000, 5000, 59, NULL, NULL, NULL, 'inner', ${gtid(A, A)}), (1500, 2500, 60, NULL, NULL, NULL, 'span', ${gtid(B, B)}), (3000, NULL, 34, NULL, NULL, NULL, 'mark', ${gtid(B, B)}), (6000, NULL, 59, NULL, NULL, NULL, 'unclosed', ${gtid(B, B)})`,
    'CREATE TABLE CUPTI_ACTIVITY_KIND_RUNTIME (start INTEGER, end INTEGER, globalTid INTEGER, correlationId INTEGER, nameId INTEGER, returnValue INTEGER)',
    `INSERT INTO CUPTI_ACTIVITY_KIND_RUNTIME VALUES (2100, 2400, ${gtid(A, A)}, 5, 1, 0), (2150, 2300, ${gtid(A, A)}, 6, 7, 0), (4100, 4900, ${gtid(A, A)}, 7, 2, 0), (1600, 1700, ${gtid(B, B)}, 5, 1, 0), (1800, 2000, ${gtid(B, 201)}, 9, 1, 0)`,
    'CREATE TABLE CUPTI_ACTIVITY_KIND_KERNEL (start INTEGER, end INTEGER, deviceId INTEGER, contextId INTEGER, streamId INTEGER, correlationId INTEGER, globalPid INTEGER, demangledName INTEGER, shortName INTEGER)',
    `INSERT INTO CUPTI_ACTIVITY_KIND_KERNEL VALUES (2500, 2600, 0, 1, 7, 5, ${gpid(A)}, 3, 3), (1750, 1950, 1, 1, 13, 5, ${gpid(B)}, 4, 4), (2050, 2150, 1, 1, 13, 9, ${gpid(B)}, 4, 4)`,
    'CREATE TABLE CUPTI_ACTIVITY_KIND_MEMCPY (start INTEGER, end INTEGER, deviceId INTEGER, contextId INTEGER, streamId INTEGER, correlationId INTEGER, globalPid INTEGER, bytes INTEGER, copyKind INTEGER)',
    `INSERT INTO CUPTI_ACTIVITY_KIND_MEMCPY VALUES (4200, 4800, 0, 1, 7, 7, ${gpid(A)}, 1048576, 1)`,
    'CREATE TABLE OSRT_API (start INTEGER, end INTEGER, globalTid INTEGER, nameId INTEGER, returnValue INTEGER)',
    `INSERT INTO OSRT_API VALUES (500, 700, ${gtid(A, 101)}, 6, 0), (7000, 7600, ${gtid(A, 101)}, 6, 0)`,
    'CREATE TABLE TARGET_INFO_GPU (id INTEGER, name TEXT, busLocation TEXT)',
    "INSERT INTO TARGET_INFO_GPU VALUES (0, 'GPU Zero', '0000:01:00.0'), (1, 'GPU One', '0000:02:00.0')",
  ];
}

/**
 * A DeepStream-like capture: nvinfer ranges in the `GstNvInfer: UID=1` domain (1 ms per batch),
 * nvdsosd ranges `nvdsosd0_(Frame=N)` (3 ms per frame) on another thread, and a stream
 * synchronization after every kernel launch.
 */
export function deepstreamLike(): string[] {
  const P = 300;
  const stmts = [
    'CREATE TABLE StringIds (id INTEGER PRIMARY KEY, value TEXT)',
    "INSERT INTO StringIds VALUES (1,'cudaLaunchKernel_v7000'),(2,'cudaStreamSynchronize_v3020'),(3,'nvinfer_kernel(float*)')",
    'CREATE TABLE NVTX_EVENTS (start INTEGER, end INTEGER, eventType INTEGER, text TEXT, textId INTEGER, globalTid INTEGER, domainId INTEGER)',
    `INSERT INTO NVTX_EVENTS VALUES (10, NULL, 75, 'GstNvInfer: UID=1', NULL, ${gtid(P, P)}, 1)`,
    'CREATE TABLE CUPTI_ACTIVITY_KIND_RUNTIME (start INTEGER, end INTEGER, eventClass INTEGER, globalTid INTEGER, correlationId INTEGER, nameId INTEGER)',
    'CREATE TABLE CUPTI_ACTIVITY_KIND_KERNEL (start INTEGER, end INTEGER, deviceId INTEGER, contextId INTEGER, streamId INTEGER, correlationId INTEGER, globalPid INTEGER, demangledName INTEGER)',
  ];
  for (let f = 0; f < 25; f++) {
    const t = 1_000_000 + f * 5_000_000;
    stmts.push(`INSERT INTO NVTX_EVENTS VALUES (${t}, ${t + 1_000_000}, 59, 'buffer_process batch_num=${f}', NULL, ${gtid(P, P)}, 1)`);
    stmts.push(`INSERT INTO NVTX_EVENTS VALUES (${t + 1_500_000}, ${t + 4_500_000}, 59, 'nvdsosd0_(Frame=${f})', NULL, ${gtid(P, P + 1)}, 0)`);
    stmts.push(`INSERT INTO CUPTI_ACTIVITY_KIND_RUNTIME VALUES (${t + 100_000}, ${t + 110_000}, 0, ${gtid(P, P)}, ${2 * f + 1}, 1)`);
    stmts.push(`INSERT INTO CUPTI_ACTIVITY_KIND_KERNEL VALUES (${t + 120_000}, ${t + 600_000}, 0, 1, 7, ${2 * f + 1}, ${gpid(P)}, 3)`);
    stmts.push(`INSERT INTO CUPTI_ACTIVITY_KIND_RUNTIME VALUES (${t + 115_000}, ${t + 610_000}, 0, ${gtid(P, P)}, ${2 * f + 2}, 2)`);
  }
  return stmts;
}

/** NVTX_EVENTS as nsys 2025.3 creates it (`.schema NVTX_EVENTS` of ../shared/traces/h100/cpp.sqlite). */
export const NVTX_EVENTS_2025_3 = `CREATE TABLE NVTX_EVENTS (
    start INTEGER NOT NULL, end INTEGER, eventType INTEGER NOT NULL, rangeId INTEGER, category INTEGER,
    color INTEGER, text TEXT, globalTid INTEGER, endGlobalTid INTEGER, textId INTEGER, domainId INTEGER,
    uint64Value INTEGER, int64Value INTEGER, doubleValue REAL, uint32Value INTEGER, int32Value INTEGER,
    floatValue REAL, jsonTextId INTEGER, jsonText TEXT, binaryData TEXT)`;

/**
 * Named NVTX categories, laid out as NVTX.jl's test of a real nsys export reads them
 * (JuliaGPU/NVTX.jl test/runtests.jl queries: eventType 33 rows carry the id in `category`, the
 * name in `text`, scoped by `domainId`; marks are eventType 34 with a payload in `uint64Value`):
 * two domains of one process both name category 1, differently.
 */
export function nvtxCategoriesExport(): string[] {
  const P = 700;
  const g = gtid(P, P);
  const ins = (cols: string, vals: string): string => `INSERT INTO NVTX_EVENTS (${cols}) VALUES (${vals})`;
  return [
    'CREATE TABLE StringIds (id INTEGER PRIMARY KEY, value TEXT)',
    "INSERT INTO StringIds VALUES (1, 'inner range')",
    NVTX_EVENTS_2025_3,
    ins('start, eventType, text, globalTid, domainId', `10, 75, 'Custom domain', ${g}, 1`),
    ins('start, eventType, text, globalTid, domainId', `11, 75, 'Julia', ${g}, 2`),
    ins('start, eventType, category, text, globalTid, domainId', `12, 33, 1, 'boo', ${g}, 1`),
    ins('start, eventType, category, text, globalTid, domainId', `13, 33, 2, 'blah', ${g}, 1`),
    ins('start, eventType, category, text, globalTid, domainId', `14, 33, 1, 'GC auto', ${g}, 2`),
    ins('start, eventType, category, text, globalTid, domainId', `15, 33, 11, 'compiler inference', ${g}, 2`),
    ins('start, end, eventType, category, textId, globalTid, domainId, uint64Value', `100, 200, 59, 1, 1, ${g}, 1, 1`),
    ins('start, end, eventType, category, textId, globalTid, domainId, uint64Value', `300, 400, 59, 1, 1, ${g}, 1, 2`),
    ins('start, end, eventType, category, color, text, globalTid, domainId', `500, 650, 59, 1, 4289014314, 'GC', ${g}, 2`),
    ins('start, end, eventType, text, globalTid, domainId', `700, 900, 59, 'plain', ${g}, 0`),
    ins('start, eventType, category, color, text, globalTid, domainId, uint64Value', `550, 34, 11, 4294950912, 'alloc', ${g}, 2, 4096`),
  ];
}

/**
 * The nsys 2022.x layout of NVTX_EVENTS and CUPTI_ACTIVITY_KIND_KERNEL, column for column as
 * chenyu-jiang/nsys2json (commit 30c7ea1, 2022-12-10, nsys2json.py docstrings "Copied from the
 * docs") records NVIDIA's SQLite schema reference of the time: NVTX_EVENTS without `binaryData`
 * and with `eventType` before the ENUM_NSYS_EVENT_TYPE table existed; no META_DATA_EXPORT, no
 * ENUM tables. The rows are ours: two threads of one process, a named domain, a registered string,
 * push/pop and start/end ranges, a mark, and kernels on two streams.
 */
export function nsys2022Export(): string[] {
  const P = 4242;
  const main = gtid(P, P);
  const worker = gtid(P, P + 1);
  const stmts = [
    'CREATE TABLE StringIds (id INTEGER NOT NULL PRIMARY KEY, value TEXT NOT NULL)',
    "INSERT INTO StringIds VALUES (1, 'void scale<float>(float*, int)'), (2, 'scale'), (3, '_Z5scaleIfEvPfi'), (4, 'nms_kernel(int)'), (5, 'nms_kernel'), (6, 'infer_registered')",
    `CREATE TABLE NVTX_EVENTS (start INTEGER NOT NULL, end INTEGER, eventType INTEGER NOT NULL, rangeId INTEGER,
      category INTEGER, color INTEGER, text TEXT, globalTid INTEGER, endGlobalTid INTEGER,
      textId INTEGER REFERENCES StringIds(id), domainId INTEGER, uint64Value INTEGER, int64Value INTEGER,
      doubleValue REAL, uint32Value INTEGER, int32Value INTEGER, floatValue REAL, jsonTextId INTEGER, jsonText TEXT)`,
    `CREATE TABLE CUPTI_ACTIVITY_KIND_KERNEL (start INTEGER NOT NULL, end INTEGER NOT NULL, deviceId INTEGER NOT NULL,
      contextId INTEGER NOT NULL, streamId INTEGER NOT NULL, correlationId INTEGER, globalPid INTEGER,
      demangledName INTEGER NOT NULL, shortName INTEGER NOT NULL, mangledName INTEGER, launchType INTEGER,
      cacheConfig INTEGER, registersPerThread INTEGER NOT NULL, gridX INTEGER NOT NULL, gridY INTEGER NOT NULL,
      gridZ INTEGER NOT NULL, blockX INTEGER NOT NULL, blockY INTEGER NOT NULL, blockZ INTEGER NOT NULL,
      staticSharedMemory INTEGER NOT NULL, dynamicSharedMemory INTEGER NOT NULL, localMemoryPerThread INTEGER NOT NULL,
      localMemoryTotal INTEGER NOT NULL, gridId INTEGER NOT NULL, sharedMemoryExecuted INTEGER, graphNodeId INTEGER,
      sharedMemoryLimitConfig INTEGER)`,
    `INSERT INTO NVTX_EVENTS (start, eventType, text, globalTid, domainId) VALUES (5, 75, 'pipeline', ${main}, 1)`,
  ];
  for (let f = 0; f < 30; f++) {
    const t = 1_000_000 + f * 1_000_000;
    const nvtx = (cols: string, vals: string): string => `INSERT INTO NVTX_EVENTS (${cols}) VALUES (${vals})`;
    stmts.push(nvtx('start, end, eventType, text, globalTid, domainId', `${t}, ${t + 900_000 - f * 1000}, 59, 'frame', ${main}, 0`));
    stmts.push(nvtx('start, end, eventType, textId, globalTid, domainId, int64Value', `${t + 1000}, ${t + 600_000 + f * 777}, 59, 6, ${main}, 1, ${f}`));
    stmts.push(nvtx('start, end, eventType, text, globalTid, endGlobalTid, domainId', `${t + 650_000}, ${t + 1_400_000 + (f % 7) * 1000}, 60, 'postprocess', ${main}, ${worker}, 0`));
    stmts.push(nvtx('start, eventType, text, globalTid, domainId', `${t + 890_000}, 34, 'frame_done', ${main}, 0`));
    const k = (s: number, e: number, stream: number, corr: number, d: number, sh: number, m: string): string =>
      `INSERT INTO CUPTI_ACTIVITY_KIND_KERNEL VALUES (${s}, ${e}, 0, 1, ${stream}, ${corr}, ${gpid(P)}, ${d}, ${sh}, ${m}, 0, 0, 32, 64, 1, 1, 256, 1, 1, 0, 0, 0, 0, ${corr}, 0, NULL, 0)`;
    stmts.push(k(t + 10_000, t + 300_000 + f * 100, 7, 2 * f + 1, 1, 2, '3'));
    stmts.push(k(t + 310_000, t + 320_000 + (f % 5) * 10, 13, 2 * f + 2, 4, 5, 'NULL'));
  }
  return stmts;
}
