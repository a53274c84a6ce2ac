// LSP custom requests of the trace viewer: traces are loaded and queried here, in the language
// server process, never in the extension host. The client relays the webview's data requests to
// these (`sightline/trace/<method>`, every one but `open` names the trace by its id).
//
//   open {path, maxFileSizeMB?, nsysPath?, progressKey?} -> OpenResult   (cancellable: $/cancelRequest
//        aborts the loader; with progressKey the server sends `sightline/trace/loadProgress`
//        {key, phase, done, total} notifications while it loads)
//   rows {traceId} -> RowsMessage                             view {traceId, t0, t1, widthPx, rowIds?} -> ViewMessage
//   details {traceId, rowId, index, item?} -> EventDetails            summary {traceId} -> SummaryTables
//   rangeStats {traceId, t0, t1} -> RangeStats                 occurrences {traceId, table, name, limit?} -> Occurrence[]
//   findings {traceId} -> ViewerFinding[]                      utilization {traceId, t0, t1, bins} -> UtilizationMessage
//   compare {traceId, otherId} -> CompareResult                close {traceId} -> void
//   step {traceId, rowId, dir: -1|0|1, at, fromIndex?} -> SteppedEvent | null
//   resolveSource {name, domain, traceId?, pathMappings?} -> ResolveSourceResult
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { toPortable } from './traceWorker';
import { ErrorCodes, LSPErrorCodes, ResponseError, type CancellationToken, type Connection } from 'vscode-languageserver/node';
import { traceModels, type TraceModelCache, type TraceModelLease } from './traceModelCache';
import type { TraceModel } from '../trace/model';
import { isTraceLoadCancelled, type LoadProgress } from '../trace/load';
import { eventDetails, rowsMessage, queryView } from '../trace/lod';
import { summarize, type TraceSummary } from '../trace/summary';
import { compareSummaries, compareVerdicts } from '../trace/compare';
import { NvtxIndex } from '../index/nvtxIndex';
import type { PathMapping } from '../index/pathMapping';
import { nvtxNamesByProcess } from '../index/traceContext';
import { gpuUtilization, labelCopies, occurrences, rangeStats, stepEvent, summaryTables, viewerFindings, windowPatterns, type SteppedEvent } from './traceViewData';
import type { ViewerFinding } from '../../webview/traceClient';
import type { Diagnosis } from '../trace/diagnosisTypes';

export const TRACE_REQUEST_PREFIX = 'sightline/trace/';
/** Notification the server sends while an `open` with a `progressKey` loads. */
export const TRACE_LOAD_PROGRESS = 'sightline/trace/loadProgress';

export interface LoadProgressNotification extends LoadProgress {
  key: string;
}

/** Passes on a load's progress reports at most every `ms` (and at every phase change and phase end). */
export function throttledProgress(send: (p: LoadProgress) => void, ms = 100): (p: LoadProgress) => void {
  let lastAt = 0;
  let lastPhase = '';
  return (p) => {
    const now = Date.now();
    if (p.phase !== lastPhase || now - lastAt >= ms || p.done === p.total) {
      lastAt = now;
      lastPhase = p.phase;
      send(p);
    }
  };
}

export interface OpenResult {
  traceId: string;
  title: string;
  source: string;
  startNs: number;
  endNs: number;
  warnings: string[];
  eventCount: number;
  loadMs: number;
}

export interface SourceCandidate {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  detail: string;
  score: number;
}

export interface ResolveSourceResult {
  candidates: SourceCandidate[];
  /** Why there is nothing to open (library domain, no match), when candidates is empty. */
  explanation?: string;
}

/** One name of the summary tables, in two traces. */
export interface CompareRow {
  category: string;
  name: string;
  countA: number;
  countB: number;
  totalA: number;
  totalB: number;
  /** (B - A) / A * 100; null when A is 0. */
  deltaPercent: number | null;
}

/** Answer to `compare`: the summary deltas and the two diagnosis verdicts (server/trace/compare.ts). */
export interface CompareResult {
  rows: CompareRow[];
  verdict: { a: string; b: string; changed: boolean; evidenceA: string[]; evidenceB: string[] };
  /** Finding ids present in one run only. */
  findingsGone: string[];
  findingsNew: string[];
}

interface OpenTrace {
  model: TraceModel;
  namesByProcess?: Map<number, string[]>;
  summary?: TraceSummary;
  diagnosis?: Diagnosis;
  /** The summary and diagnosis being computed (in a worker thread when there is one). */
  analysis?: Analysis;
  findings?: ViewerFinding[];
  /** The hold on the model in the server-wide cache (shared with the loop); released on close. */
  lease?: TraceModelLease;
}

/** What the handlers need from the server; ServerContext satisfies it. */
export interface TraceHandlerHost {
  connection: Connection;
  folders: string[];
  /** The workspace NVTX index when the server keeps one; a private one is built otherwise. */
  nvtxIndex?: NvtxIndex;
}

function invalid(message: string): ResponseError<void> {
  return new ResponseError(ErrorCodes.InvalidParams, message);
}

function numberParam(p: Record<string, unknown>, key: string): number {
  const v = p[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw invalid(`${key}: a finite number is required`);
  return v;
}

function stringParam(p: Record<string, unknown>, key: string): string {
  const v = p[key];
  if (typeof v !== 'string') throw invalid(`${key}: a string is required`);
  return v;
}

function asParams(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function eventCount(m: TraceModel): number {
  return m.nvtx.count + m.api.count + m.osrt.count + m.kernels.count + m.memcpy.count + m.memset.count;
}

interface Analysis {
  summary: Promise<TraceSummary>;
  diagnosis: Promise<Diagnosis>;
}

/**
 * Summary and diagnosis of a model, computed in a worker thread (traceWorker.js beside this
 * file: dist/ in the extension, out/ in tests) so the server keeps answering view requests
 * meanwhile; in this thread, after yielding, when no worker script is there. The diagnosis is
 * the one of the model cache (shared with the loop): computed here only when nobody has one yet.
 */
function analyse(model: TraceModel, log: ((line: string) => void) | undefined, models: TraceModelCache): Analysis {
  const script = path.join(__dirname, 'traceWorker.js');
  const known = models.hasDiagnosis(model);
  if (!fs.existsSync(script)) {
    const yieldTurn = (): Promise<void> => new Promise((r) => setImmediate(r));
    const summary = yieldTurn().then(() => summarize(model));
    const diagnosis = models.diagnosis(model, () =>
      summary.then(async () => {
        await yieldTurn();
        const { diagnose } = await import('../trace/diagnose');
        return diagnose(model);
      }),
    );
    summary.catch(() => undefined);
    diagnosis.catch(() => undefined);
    return { summary, diagnosis };
  }
  let resolveSummary!: (s: TraceSummary) => void;
  let resolveDiagnosis!: (d: Diagnosis) => void;
  let fail!: (e: Error) => void;
  const summary = new Promise<TraceSummary>((res, rej) => {
    resolveSummary = res;
    fail = rej;
  });
  let failDiagnosis!: (e: Error) => void;
  const diagnosis = new Promise<Diagnosis>((res, rej) => {
    resolveDiagnosis = res;
    failDiagnosis = rej;
  });
  const failBoth = (e: Error): void => {
    fail(e);
    failDiagnosis(e);
  };
  const worker = new Worker(script);
  log?.(`trace analysis (summary, diagnosis) of ${path.basename(model.source)} in worker thread ${worker.threadId}`);
  worker.on('message', (m: { summary?: TraceSummary; diagnosis?: Diagnosis; error?: string }) => {
    if (m.summary) resolveSummary(m.summary);
    else if (m.diagnosis) {
      resolveDiagnosis(m.diagnosis);
      void worker.terminate();
    } else {
      failBoth(new Error(m.error ?? 'trace analysis failed'));
      void worker.terminate();
    }
  });
  worker.on('error', (e) => failBoth(e));
  worker.on('exit', (code) => failBoth(new Error(`trace analysis stopped (exit ${code})`)));
  worker.postMessage({ model: toPortable(model), diagnose: !known });
  // Whoever asks awaits these; a failure nobody asked about must not be an unhandled rejection.
  summary.catch(() => undefined);
  diagnosis.catch(() => undefined);
  return { summary, diagnosis: models.diagnosis(model, () => diagnosis) };
}

function openResult(traceId: string, file: string, model: TraceModel, loadMs: number): OpenResult {
  return {
    traceId,
    title: path.basename(file),
    source: file,
    startNs: model.startNs,
    endNs: model.endNs,
    warnings: [...model.warnings],
    eventCount: eventCount(model),
    loadMs,
  };
}

/** Size and modification time of a file ('' when it cannot be read: the loader reports that). */
async function fileStamp(file: string): Promise<string> {
  try {
    const st = await fs.promises.stat(file);
    return `${st.size}:${st.mtimeMs}`;
  } catch {
    return '';
  }
}

const SOURCE_EXT = /\.(py|pyw|c|cc|cpp|cxx|cu|cuh|h|hh|hpp|hxx|txt|ya?ml|sh)$/i;
const SKIP_DIRS = new Set(['node_modules', '.git', 'out', 'dist', '.venv', 'venv', '__pycache__', 'build']);

/** Feeds the files of the workspace folders that mention NVTX (or DeepStream) into an index. */
export function indexFolders(index: NvtxIndex, folders: readonly string[], maxFiles = 20000): number {
  let seen = 0;
  const walk = (dir: string, depth: number): void => {
    if (depth > 12 || seen >= maxFiles) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (seen >= maxFiles) return;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) walk(p, depth + 1);
      } else if (e.isFile() && SOURCE_EXT.test(e.name)) {
        seen++;
        try {
          const st = fs.statSync(p);
          if (st.size > 2_000_000) continue;
          const text = fs.readFileSync(p, 'utf8');
          if (/nvtx|gie-unique-id|nvinfer|nvdsosd/i.test(text)) index.update(p, text);
        } catch {
          /* unreadable: skip */
        }
      }
    }
  };
  for (const f of folders) walk(f, 0);
  return seen;
}

export type TraceRequestHandler = (params: Record<string, unknown>, token?: CancellationToken) => unknown;

/**
 * The open traces and every request on them, independent of the transport: the LSP handlers
 * below wrap it, and the viewer's browser tests and benchmark call it directly.
 */
export class TraceService {
  private readonly traces = new Map<string, OpenTrace>();
  private nextId = 1;
  private privateIndex: NvtxIndex | undefined;
  /** Open files by path, with their size/mtime stamp and the ids that share the model. */
  private readonly byPath = new Map<string, { stamp: string; trace: OpenTrace; ids: Set<string> }>();
  readonly handlers = new Map<string, TraceRequestHandler>();

  constructor(private readonly host: { folders: string[]; nvtxIndex?: NvtxIndex; log?: (line: string) => void; models?: TraceModelCache; progress?: (p: LoadProgressNotification) => void }) {
    this.install();
  }

  /** Runs one request (`method` without the prefix); errors are ResponseErrors with a clear message. */
  async request(method: string, params: unknown, token?: CancellationToken): Promise<unknown> {
    const h = this.handlers.get(method);
    if (!h) throw new ResponseError(ErrorCodes.MethodNotFound, `unknown trace request ${method}`);
    try {
      return await h(asParams(params), token);
    } catch (e) {
      if (e instanceof ResponseError) throw e;
      throw new ResponseError(ErrorCodes.InternalError, e instanceof Error ? e.message : String(e));
    }
  }

  /** Distinct models held (files open in several editors count once). */
  get openCount(): number {
    return new Set(this.traces.values()).size;
  }

  /** The loaded model of an open trace (tests). */
  model(traceId: string): TraceModel | undefined {
    return this.traces.get(traceId)?.model;
  }

  private install(): void {
    const traces = this.traces;
    const host = this.host;
    const get = (p: Record<string, unknown>): OpenTrace => {
      const id = stringParam(p, 'traceId');
      const t = traces.get(id);
      if (!t) throw invalid(`no open trace with id ${id} (it was closed or the server restarted)`);
      return t;
    };
    const on = (method: string, handler: TraceRequestHandler): void => {
      this.handlers.set(method, handler);
    };

    on('open', async (p, token): Promise<OpenResult> => {
      const file = stringParam(p, 'path');
      const started = Date.now();
      // The same unchanged file open in several editors (split, compare) shares one model.
      const stamp = await fileStamp(file);
      const shared = stamp ? this.byPath.get(file) : undefined;
      if (shared && shared.stamp === stamp) {
        const traceId = `t${this.nextId++}`;
        traces.set(traceId, shared.trace);
        shared.ids.add(traceId);
        return openResult(traceId, file, shared.trace.model, Date.now() - started);
      }
      // $/cancelRequest aborts the loader between two slices of its work (it closes the database
      // and keeps nothing); the request answers at once either way. With a progressKey the
      // loader's phase reports go to the client as notifications.
      const abort = new AbortController();
      const key = typeof p.progressKey === 'string' && p.progressKey ? p.progressKey : undefined;
      const report = host.progress;
      // One model per file in the server: the loop's attached profile shares it (traceModelCache.ts).
      const loading = (host.models ?? traceModels).acquire(file, {
        maxFileSizeMB: typeof p.maxFileSizeMB === 'number' ? p.maxFileSizeMB : undefined,
        nsysPath: typeof p.nsysPath === 'string' && p.nsysPath ? p.nsysPath : undefined,
        signal: abort.signal,
        viewIndex: true,
        onProgress: key && report ? throttledProgress((pr) => report({ key, ...pr })) : undefined,
      });
      loading.catch(() => undefined); // a cancelled open must not leave an unhandled rejection
      let opened = false;
      const cancelled = new Promise<never>((_, reject) => {
        token?.onCancellationRequested(() => {
          abort.abort();
          if (!opened) void loading.then((l) => l.release(), () => undefined);
          reject(new ResponseError(LSPErrorCodes.RequestCancelled, 'loading cancelled'));
        });
      });
      if (token?.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'loading cancelled');
      let lease: TraceModelLease;
      try {
        lease = await Promise.race([loading, cancelled]);
      } catch (e) {
        if (isTraceLoadCancelled(e)) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'loading cancelled');
        throw e;
      }
      const model = lease.model;
      // A cancel that arrived while the loader held the thread is read on the next turn.
      await new Promise<void>((r) => setTimeout(r, 15));
      if (token?.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'loading cancelled');
      // Build the row index and the GPU busy index now: part of loading, not of the first frame.
      rowsMessage(model);
      gpuUtilization(model, model.startNs, model.endNs, 1);
      const traceId = `t${this.nextId++}`;
      opened = true;
      const trace: OpenTrace = { model, lease };
      traces.set(traceId, trace);
      if (stamp) this.byPath.set(file, { stamp, trace, ids: new Set([traceId]) });
      host.log?.(`trace ${traceId}: ${path.basename(file)} loaded in ${Date.now() - started} ms (${eventCount(model)} events${lease.shared ? ', model shared' : ''})`);
      return openResult(traceId, file, model, Date.now() - started);
    });

    on('close', (p) => {
      const id = stringParam(p, 'traceId');
      const closing = traces.get(id);
      traces.delete(id);
      if (closing && ![...traces.values()].includes(closing)) closing.lease?.release();
      for (const [file, e] of this.byPath) {
        if (e.ids.delete(id) && e.ids.size === 0) this.byPath.delete(file);
      }
      return null;
    });

    on('rows', (p) => rowsMessage(get(p).model));

    on('view', (p) => {
      const t = get(p);
      const t0 = numberParam(p, 't0');
      const t1 = numberParam(p, 't1');
      const widthPx = Math.min(20000, Math.max(1, numberParam(p, 'widthPx')));
      const rowIds = Array.isArray(p.rowIds) ? p.rowIds.filter((x): x is string => typeof x === 'string') : undefined;
      return labelCopies(t.model, queryView(t.model, { t0, t1, widthPx, rowIds }));
    });

    on('details', (p) => {
      // `item: 'nvtx-mark'`: an instant of the row (index from RowSlice.marks.index).
      const d = eventDetails(get(p).model, stringParam(p, 'rowId'), numberParam(p, 'index'), p.item === 'nvtx-mark' ? 'nvtx-mark' : undefined);
      if (!d) throw invalid('no such event');
      return d;
    });

    const summaryOf = async (t: OpenTrace): Promise<TraceSummary> => {
      if (!t.summary) t.summary = await (t.analysis ??= analyse(t.model, host.log, host.models ?? traceModels)).summary;
      return t.summary;
    };

    on('summary', async (p) => summaryTables(await summaryOf(get(p))));

    on('rangeStats', (p) => {
      const t = get(p);
      const t0 = numberParam(p, 't0');
      const t1 = numberParam(p, 't1');
      const stats = rangeStats(t.model, t0, t1);
      // The pattern of the window: the diagnosis windows it overlaps (once the diagnosis ran).
      if (t.diagnosis) stats.patterns = windowPatterns(t.diagnosis, t0, t1);
      return stats;
    });

    on('occurrences', (p) => occurrences(get(p).model, stringParam(p, 'table'), stringParam(p, 'name'), typeof p.limit === 'number' ? p.limit : 200));

    on('utilization', (p) => gpuUtilization(get(p).model, numberParam(p, 't0'), numberParam(p, 't1'), numberParam(p, 'bins')));

    on('findings', async (p) => {
      const t = get(p);
      if (!t.findings) {
        t.diagnosis = await (t.analysis ??= analyse(t.model, host.log, host.models ?? traceModels)).diagnosis;
        t.findings = viewerFindings(t.diagnosis);
      }
      return t.findings;
    });

    const diagnosisOf = async (t: OpenTrace): Promise<Diagnosis> => {
      if (!t.diagnosis) t.diagnosis = await (t.analysis ??= analyse(t.model, host.log, host.models ?? traceModels)).diagnosis;
      return t.diagnosis;
    };

    on('compare', async (p): Promise<CompareResult> => {
      const ta = get(p);
      const other = traces.get(stringParam(p, 'otherId'));
      if (!other) throw invalid('the other trace is not open');
      // The engine's comparison (the figures `sightline trace compare` prints), on the summaries
      // and diagnoses the analysis worker computed for the viewer.
      const [sa, sb] = await Promise.all([summaryOf(ta), summaryOf(other)]);
      const c = compareSummaries(sa, sb);
      const rows: CompareRow[] = [];
      for (const [category, list] of [
        ['NVTX', c.ranges],
        ['Kernel', c.kernels],
        ['CUDA API', c.cudaApi],
        ['Memory', c.memory],
      ] as const) {
        for (const d of list) {
          const totalA = d.a?.totalNs ?? 0;
          const totalB = d.b?.totalNs ?? 0;
          rows.push({ category, name: d.name, countA: d.a?.count ?? 0, countB: d.b?.count ?? 0, totalA, totalB, deltaPercent: totalA > 0 ? Math.round(((totalB - totalA) / totalA) * 1000) / 10 : null });
        }
      }
      const [da, db] = await Promise.all([diagnosisOf(ta), diagnosisOf(other)]);
      const v = compareVerdicts(da, db);
      return { rows, verdict: v.verdict, findingsGone: v.findingsGone, findingsNew: v.findingsNew };
    });

    on('step', (p): SteppedEvent | null => {
      const dir = numberParam(p, 'dir');
      if (dir !== -1 && dir !== 0 && dir !== 1) throw invalid('dir: -1, 0 or 1');
      const fromIndex = typeof p.fromIndex === 'number' && Number.isInteger(p.fromIndex) ? p.fromIndex : undefined;
      return stepEvent(get(p).model, stringParam(p, 'rowId'), dir, numberParam(p, 'at'), fromIndex) ?? null;
    });

    on('resolveSource', (p): ResolveSourceResult => {
      const name = stringParam(p, 'name');
      const domain = typeof p.domain === 'string' ? p.domain : '';
      let index = host.nvtxIndex;
      if (!index) {
        if (!this.privateIndex) {
          this.privateIndex = new NvtxIndex();
          indexFolders(this.privateIndex, host.folders);
        }
        index = this.privateIndex;
      }
      const mappings = Array.isArray(p.pathMappings)
        ? p.pathMappings.filter((m): m is PathMapping => typeof m === 'object' && m !== null && typeof (m as PathMapping).remoteRoot === 'string' && typeof (m as PathMapping).localRoot === 'string')
        : [];
      if (mappings.length) index.setPathMappings(mappings);
      // With the trace named, equal literals are ranked by the other ranges its process recorded.
      const t = typeof p.traceId === 'string' ? traces.get(p.traceId) : undefined;
      let relatedNames: string[] | undefined;
      if (t) {
        t.namesByProcess ??= nvtxNamesByProcess(t.model);
        relatedNames = [...new Set([...t.namesByProcess.values()].filter((names) => names.includes(name)).flat())];
      }
      const candidates = index.resolve(name, domain, relatedNames ? { relatedNames } : {}).map((c) => ({ file: c.file, line: c.line, column: c.column, endLine: c.endLine, endColumn: c.endColumn, detail: c.detail, score: c.score }));
      return { candidates, explanation: candidates.length ? undefined : index.explain(name, domain) };
    });
  }
}

/** Registers `sightline/trace/*` on the server connection (one call from server.ts). */
export function registerTraceHandlers(host: TraceHandlerHost): TraceService {
  const service = new TraceService({
    get folders() {
      return host.folders;
    },
    get nvtxIndex() {
      return host.nvtxIndex;
    },
    log: (l) => host.connection.console.info(l),
    progress: (p) => void host.connection.sendNotification(TRACE_LOAD_PROGRESS, p),
  });
  for (const method of service.handlers.keys()) {
    host.connection.onRequest(TRACE_REQUEST_PREFIX + method, (params: unknown, token: CancellationToken) => service.request(method, params, token));
  }
  return service;
}
