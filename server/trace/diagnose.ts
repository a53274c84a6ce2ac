// The diagnosis of a capture: start-up apart from the steady state, windows with their figures,
// one verdict (the classic Nsight Systems utilization patterns plus memcpy-bound and
// startup-dominated), Nsight's expert-rule findings, DeepStream's rules and threaded-pipeline
// stages.
//
// Verdict rules, first match wins (after NVIDIA's deepstream-profile-pipeline decision tree,
// boundedness-rules.md, adapted to what one trace shows):
//   1. startup-dominated  warm-up iterations (or, without NVTX, module loading) take >= 50 % of the run
//   2. memcpy-bound       GPU copy time > 15 % of the steady-state wall time
//   3. gpu-compute-bound  GPU busy >= 70 % of the steady state
//   4. sync-bound         synchronization (sync APIs and blocking copies) > 30 % of the main
//                         thread's time, or >= 10 host round trips (sync calls) per iteration
//   5. cuda-api-bound     CUDA API time > 30 % of the main thread and the GPU work per launch is
//                         shorter than the launch itself
//   6. cpu-compute-bound  the main thread runs on the CPU (outside CUDA / OS calls) >= 50 % of the
//                         time while the GPU is busy < 50 %
//   7. unknown            nothing above holds (never invented)
import { isSyncApi, launchingCalls, cudaApiSyncRule, cudaMemcpyAsyncRule, cudaMemcpySyncRule, gpuGapsRule, gpuTimeUtilRule } from './expertRules';
import { parseDeepStreamRange, rangeFamily } from './deepstreamRanges';
import { analyseStages, threadLoops, type ThreadLoop } from './stages';
import { MemKind, threadLabel, type TraceModel } from './model';
import type { DeepStreamRange, Diagnosis, DiagnoseOptions, Finding, Pattern, TimeWindow, Verdict } from './diagnosisTypes';

export type * from './diagnosisTypes';

const MODULE_LOAD = /^(cuModuleLoad|cuLibraryLoad|cudaGetDeviceProperties|cuInit|cuDevicePrimaryCtxRetain|cuCtxCreate)/;

/** `re.test(strings[id])`, memoised per string id (event tables repeat a few names millions of times). */
function nameTest(strings: string[], re: RegExp): (id: number) => boolean {
  const memo = new Int8Array(strings.length);
  return (id) => {
    let v = memo[id];
    if (v === 0) memo[id] = v = re.test(strings[id]) ? 1 : -1;
    return v === 1;
  };
}

function ms(ns: number): string {
  return `${(ns / 1e6).toFixed(ns < 1e7 ? 2 : 1)} ms`;
}
function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

interface Interval {
  s: number;
  e: number;
}

/** Disjoint union of intervals (sorted input not required). */
function union(list: Interval[]): Interval[] {
  list.sort((a, b) => a.s - b.s);
  const out: Interval[] = [];
  for (const x of list) {
    const last = out[out.length - 1];
    if (last && x.s <= last.e) last.e = Math.max(last.e, x.e);
    else out.push({ s: x.s, e: x.e });
  }
  return out;
}

/** Add the length of [s,e) falling in each of n equal windows starting at a0 of width w. */
function addClipped(acc: Float64Array, a0: number, w: number, s: number, e: number): void {
  const n = acc.length;
  if (e <= a0 || s >= a0 + n * w) return;
  let k = Math.max(0, Math.floor((s - a0) / w));
  for (; k < n; k++) {
    const ws = a0 + k * w;
    const we = ws + w;
    if (ws >= e) break;
    const len = Math.min(e, we) - Math.max(s, ws);
    if (len > 0) acc[k] += len;
  }
}

interface Startup {
  startNs: number;
  endNs: number;
  /** Share of the loop's time (or of the CUDA span) spent before the steady state. */
  fraction: number;
  evidence: string[];
}

function findStartup(model: TraceModel, main: ThreadLoop | undefined): Startup {
  const S = model.strings.strings;
  if (main) {
    const inst = main.topLevel.filter((i) => rangeOf(model, i) === main.loopRange);
    const durs = inst.map((i) => model.nvtx.end[i] - model.nvtx.start[i]);
    const sorted = [...durs].sort((a, b) => a - b);
    const med = sorted[Math.floor(sorted.length / 2)];
    const limit = Math.max(1, Math.floor(inst.length / 4));
    let lastWarm = -1;
    for (let k = 0; k < limit; k++) if (durs[k] > 3 * med) lastWarm = k;
    const first = model.nvtx.start[inst[0]];
    const end = lastWarm >= 0 ? model.nvtx.end[inst[lastWarm]] : first;
    const total = durs.reduce((a, b) => a + b, 0);
    const warm = durs.slice(0, lastWarm + 1).reduce((a, b) => a + b, 0);
    const evidence =
      lastWarm >= 0
        ? [`the first ${lastWarm + 1} of ${inst.length} ${main.loopRange} iterations take ${ms(warm)} (median iteration ${ms(med)}): warm-up (context, module loading, autotuning or engine build)`]
        : [`${inst.length} ${main.loopRange} iterations, no warm-up outlier (median ${ms(med)})`];
    return { startNs: model.startNs, endNs: end, fraction: total > 0 ? warm / total : 0, evidence };
  }
  // No NVTX loop: start-up ends with the last module load / context creation call.
  const { api } = model;
  const isModuleLoad = nameTest(S, MODULE_LOAD);
  let cudaStart = Infinity;
  let cudaEnd = -Infinity;
  let loadEnd = -Infinity;
  let loadTime = 0;
  for (let k = 0; k < api.count; k++) {
    cudaStart = Math.min(cudaStart, api.start[k]);
    cudaEnd = Math.max(cudaEnd, api.end[k]);
    if (isModuleLoad(api.nameId[k])) {
      loadEnd = Math.max(loadEnd, api.end[k]);
      loadTime += api.end[k] - api.start[k];
    }
  }
  for (const t of [model.kernels, model.memcpy, model.memset]) for (let i = 0; i < t.count; i++) cudaEnd = Math.max(cudaEnd, t.end[i]);
  if (!Number.isFinite(cudaStart)) return { startNs: model.startNs, endNs: model.startNs, fraction: 0, evidence: [] };
  const end = loadEnd > -Infinity ? loadEnd : cudaStart;
  const span = cudaEnd - cudaStart;
  return {
    startNs: model.startNs,
    endNs: end,
    fraction: span > 0 ? (end - cudaStart) / span : 0,
    evidence: [`CUDA module loading and context set-up end ${ms(end - cudaStart)} into the ${ms(span)} of CUDA activity (${ms(loadTime)} in the calls)`],
  };
}

function rangeOf(model: TraceModel, i: number): string {
  const d = model.nvtxDomains[model.nvtx.domain[i]];
  return `${d ? d.name : ''}:${model.strings.strings[model.nvtx.nameId[i]]}`;
}

interface Figures {
  wall: number;
  gpuBusy: number;
  copyBusy: number;
  apiTime: number;
  syncTime: number;
  osrtTime: number;
  threadSpan: number;
  apiCalls: number;
  syncCalls: number;
  launches: number;
  kernelTime: number;
  kernels: number;
  launchTime: number;
  iterations: number;
}

function classify(f: Figures): { pattern: Pattern; confidence: number; evidence: string[] } {
  const gpuUtil = f.wall > 0 ? f.gpuBusy / f.wall : 0;
  const copyShare = f.wall > 0 ? f.copyBusy / f.wall : 0;
  const span = f.threadSpan > 0 ? f.threadSpan : f.wall;
  const syncShare = span > 0 ? f.syncTime / span : 0;
  const apiShare = span > 0 ? f.apiTime / span : 0;
  const cpuShare = span > 0 ? Math.max(0, span - f.apiTime - f.syncTime - f.osrtTime) / span : 0;
  const syncPerIter = f.iterations > 0 ? f.syncCalls / f.iterations : 0;
  const avgKernel = f.kernels ? f.kernelTime / f.kernels : 0;
  const avgLaunch = f.launches ? f.launchTime / f.launches : 0;
  const base = [
    `GPU busy ${pct(gpuUtil)} of the steady state, copies ${pct(copyShare)}`,
    `main thread: CUDA API ${pct(apiShare)}, synchronization ${pct(syncShare)}, CPU outside CUDA/OS calls ${pct(cpuShare)}`,
  ];
  if (f.iterations > 0) base.push(`${f.iterations} iterations, ${syncPerIter.toFixed(1)} synchronizations and ${(f.launches / f.iterations).toFixed(1)} kernel launches per iteration`);
  if (f.wall <= 0 || f.apiCalls + f.kernels === 0) return { pattern: 'unknown', confidence: 0.2, evidence: ['no CUDA activity in the steady state', ...base] };
  const conf = (x: number, lo: number, hi: number): number => Math.max(0.5, Math.min(0.95, 0.5 + (0.45 * (x - lo)) / (hi - lo)));
  if (copyShare > 0.15) return { pattern: 'memcpy-bound', confidence: conf(copyShare, 0.15, 0.5), evidence: [`GPU copies take ${pct(copyShare)} of the wall time (> 15%)`, ...base] };
  if (gpuUtil >= 0.7) return { pattern: 'gpu-compute-bound', confidence: conf(gpuUtil, 0.7, 1), evidence: [`the GPU is busy ${pct(gpuUtil)} of the steady state (>= 70%)`, ...base] };
  if (syncShare > 0.3 || syncPerIter >= 10) {
    const why = syncShare > 0.3 ? `synchronization takes ${pct(syncShare)} of the main thread (> 30%)` : `${syncPerIter.toFixed(1)} host round trips (synchronizations) per iteration (>= 10)`;
    return { pattern: 'sync-bound', confidence: syncShare > 0.3 && syncPerIter >= 10 ? 0.9 : 0.7, evidence: [why, ...base] };
  }
  if (apiShare > 0.3 && avgKernel < avgLaunch) {
    return {
      pattern: 'cuda-api-bound',
      confidence: conf(apiShare, 0.3, 0.8),
      evidence: [`CUDA API calls take ${pct(apiShare)} of the main thread (> 30%) and a kernel runs ${ms(avgKernel)} on average against ${ms(avgLaunch)} to launch it`, ...base],
    };
  }
  if (cpuShare >= 0.5 && gpuUtil < 0.5) return { pattern: 'cpu-compute-bound', confidence: conf(cpuShare, 0.5, 0.95), evidence: [`the main thread computes on the CPU ${pct(cpuShare)} of the time while the GPU is busy ${pct(gpuUtil)}`, ...base] };
  return { pattern: 'unknown', confidence: 0.3, evidence: ['no utilization pattern stands out', ...base] };
}

/** API calls that block the CPU thread on the GPU: sync APIs and copies that cannot run asynchronously. */
function blockingCalls(model: TraceModel): Uint8Array {
  const { api } = model;
  const S = model.strings.strings;
  const out = new Uint8Array(api.count);
  const sync = new Map<number, boolean>();
  for (let k = 0; k < api.count; k++) {
    const id = api.nameId[k];
    let y = sync.get(id);
    if (y === undefined) sync.set(id, (y = isSyncApi(S[id])));
    if (y) out[k] = 1;
  }
  const m = model.memcpy;
  const calls = launchingCalls(model, m);
  for (let i = 0; i < m.count; i++) {
    const k = calls[i];
    if (k < 0) continue;
    const name = S[api.nameId[k]];
    // Synchronous copies, and async ones into pageable host memory (they wait for the stream).
    if (!/async/i.test(name) || m.dstKind[i] === MemKind.Pageable) out[k] = 2;
  }
  return out;
}

export function diagnose(model: TraceModel, opts: DiagnoseOptions = {}): Diagnosis {
  const S = model.strings.strings;
  const { api, osrt } = model;
  const loops = threadLoops(model);
  const stages = analyseStages(model, loops);

  // Main thread: the bottleneck stage, else the thread with the most CUDA API time.
  const apiTimeByThread = new Float64Array(model.threads.length);
  for (let k = 0; k < api.count; k++) if (api.depth[k] === 0) apiTimeByThread[api.thread[k]] += api.end[k] - api.start[k];
  let mainThread = -1;
  const bottleneck = stages.find((s) => s.bottleneck);
  if (bottleneck) mainThread = model.threads.findIndex((t) => t.pid === bottleneck.thread.pid && t.tid === bottleneck.thread.tid);
  if (mainThread < 0) {
    let best = 0;
    for (let t = 0; t < apiTimeByThread.length; t++) if (apiTimeByThread[t] > best) [best, mainThread] = [apiTimeByThread[t], t];
  }
  if (mainThread < 0 && loops.length) mainThread = loops[0].thread;
  const mainLoop = loops.find((l) => l.thread === mainThread);

  const startup = findStartup(model, mainLoop);
  // Steady state: after start-up, until the last loop iteration (or the last GPU / API activity).
  let steadyEnd = -Infinity;
  if (mainLoop) for (const i of mainLoop.topLevel) steadyEnd = Math.max(steadyEnd, model.nvtx.end[i]);
  else {
    for (const t of [model.kernels, model.memcpy, model.memset, api]) for (let i = 0; i < t.count; i++) steadyEnd = Math.max(steadyEnd, t.end[i]);
  }
  if (!Number.isFinite(steadyEnd)) steadyEnd = model.endNs;
  let steadyStart = startup.endNs;
  if (steadyStart >= steadyEnd) steadyStart = Math.max(model.startNs, steadyEnd - 1);

  // Per-window figures.
  const n = Math.max(1, opts.windowCount ?? 10);
  const w = (steadyEnd - steadyStart) / n;
  const acc = {
    gpu: new Float64Array(n + 1),
    copy: new Float64Array(n + 1),
    api: new Float64Array(n + 1),
    sync: new Float64Array(n + 1),
    osrt: new Float64Array(n + 1),
    calls: new Float64Array(n + 1),
    syncCalls: new Float64Array(n + 1),
  };
  // Index n holds the whole steady state.
  const addAll = (arr: Float64Array, s: number, e: number): void => {
    addClipped(arr.subarray(0, n), steadyStart, w, s, e);
    const len = Math.min(e, steadyEnd) - Math.max(s, steadyStart);
    if (len > 0) arr[n] += len;
  };
  const gpuList: Interval[] = [];
  const copyList: Interval[] = [];
  let kernelTime = 0;
  let kernelCount = 0;
  for (const t of [model.kernels, model.memcpy, model.memset]) {
    for (let i = 0; i < t.count; i++) {
      if (t.end[i] <= steadyStart || t.start[i] >= steadyEnd) continue;
      gpuList.push({ s: t.start[i], e: t.end[i] });
      if (t === model.memcpy) copyList.push({ s: t.start[i], e: t.end[i] });
      if (t === model.kernels) {
        kernelTime += t.end[i] - t.start[i];
        kernelCount++;
      }
    }
  }
  for (const x of union(gpuList)) addAll(acc.gpu, x.s, x.e);
  for (const x of union(copyList)) addAll(acc.copy, x.s, x.e);
  const blocking = blockingCalls(model);
  const isLaunch = nameTest(S, /^cu(da)?LaunchKernel/);
  let launches = 0;
  let launchTime = 0;
  for (let k = 0; k < api.count; k++) {
    const s = api.start[k];
    if (s >= steadyEnd || api.end[k] <= steadyStart) continue;
    const bucket = Math.min(n - 1, Math.floor((s - steadyStart) / w));
    if (bucket >= 0) {
      acc.calls[bucket]++;
      acc.calls[n]++;
    }
    if (api.thread[k] !== mainThread || api.depth[k] !== 0) continue;
    if (blocking[k]) {
      addAll(acc.sync, s, api.end[k]);
      if (blocking[k] === 1 && bucket >= 0) {
        acc.syncCalls[bucket]++;
        acc.syncCalls[n]++;
      }
    } else addAll(acc.api, s, api.end[k]);
    if (isLaunch(api.nameId[k])) {
      launches++;
      launchTime += api.end[k] - s;
    }
  }
  for (let k = 0; k < osrt.count; k++) {
    if (osrt.thread[k] !== mainThread || osrt.depth[k] !== 0) continue;
    addAll(acc.osrt, osrt.start[k], osrt.end[k]);
  }
  // The main thread's active span within the steady state (from its first to its last event there).
  let thStart = Infinity;
  let thEnd = -Infinity;
  const touch = (s: number, e: number): void => {
    const cs = Math.max(s, steadyStart);
    const ce = Math.min(e, steadyEnd);
    if (ce <= cs) return;
    thStart = Math.min(thStart, cs);
    thEnd = Math.max(thEnd, ce);
  };
  if (mainLoop) for (const i of mainLoop.topLevel) touch(model.nvtx.start[i], model.nvtx.end[i]);
  else for (let k = 0; k < api.count; k++) if (api.thread[k] === mainThread) touch(api.start[k], api.end[k]);
  const threadSpan = thEnd > thStart ? thEnd - thStart : 0;
  let iterations = 0;
  if (mainLoop) {
    for (const i of mainLoop.topLevel) {
      if (rangeOf(model, i) === mainLoop.loopRange && model.nvtx.start[i] >= steadyStart - 1 && model.nvtx.end[i] <= steadyEnd) iterations++;
    }
  }

  const figures = (k: number, wall: number, span: number, iters: number): Figures => ({
    wall,
    gpuBusy: acc.gpu[k],
    copyBusy: acc.copy[k],
    apiTime: acc.api[k],
    syncTime: acc.sync[k],
    osrtTime: acc.osrt[k],
    threadSpan: span,
    apiCalls: acc.calls[k],
    syncCalls: acc.syncCalls[k],
    launches: k === n ? launches : (launches * wall) / Math.max(1, steadyEnd - steadyStart),
    kernelTime: k === n ? kernelTime : (kernelTime * wall) / Math.max(1, steadyEnd - steadyStart),
    kernels: k === n ? kernelCount : (kernelCount * wall) / Math.max(1, steadyEnd - steadyStart),
    launchTime: k === n ? launchTime : (launchTime * wall) / Math.max(1, steadyEnd - steadyStart),
    iterations: iters,
  });

  const windows: TimeWindow[] = [];
  const windowOf = (startNs: number, endNs: number, f: Figures, isStartup: boolean, pattern: Pattern): TimeWindow => {
    const span = f.threadSpan > 0 ? f.threadSpan : f.wall;
    return {
      startNs,
      endNs,
      startup: isStartup,
      gpuUtilization: f.wall > 0 ? f.gpuBusy / f.wall : 0,
      cpuActivity: span > 0 ? Math.max(0, span - f.apiTime - f.syncTime - f.osrtTime) / span : 0,
      apiCallsPerMs: f.wall > 0 ? f.apiCalls / (f.wall / 1e6) : 0,
      apiTimeFraction: span > 0 ? f.apiTime / span : 0,
      syncTimeFraction: span > 0 ? f.syncTime / span : 0,
      copyTimeFraction: f.wall > 0 ? f.copyBusy / f.wall : 0,
      pattern,
    };
  };
  if (startup.endNs > model.startNs) {
    windows.push({
      startNs: model.startNs,
      endNs: startup.endNs,
      startup: true,
      gpuUtilization: 0,
      cpuActivity: 0,
      apiCallsPerMs: 0,
      apiTimeFraction: 0,
      syncTimeFraction: 0,
      copyTimeFraction: 0,
      pattern: 'startup-dominated',
    });
    fillStartupWindow(model, windows[0]);
  }
  const perWindowIters = iterations / n;
  for (let k = 0; k < n; k++) {
    const f = figures(k, w, threadSpan > 0 ? (threadSpan * 1) / n : w, perWindowIters);
    windows.push(windowOf(steadyStart + k * w, steadyStart + (k + 1) * w, f, false, classify(f).pattern));
  }
  const steady = classify(figures(n, steadyEnd - steadyStart, threadSpan, iterations));
  const evidence = [...steady.evidence];
  const th = mainThread >= 0 ? model.threads[mainThread] : undefined;
  if (th) evidence.push(`main thread: ${threadLabel(th)}${mainLoop ? `, loop range ${mainLoop.loopRange}` : ''}`);
  const agreeing = windows.filter((x) => !x.startup && x.pattern === steady.pattern).length / n;
  let verdict: Verdict = {
    pattern: steady.pattern,
    confidence: round2(steady.pattern === 'unknown' ? steady.confidence : steady.confidence * (0.6 + 0.4 * agreeing)),
    evidence,
  };
  if (startup.fraction >= 0.5) {
    verdict = {
      pattern: 'startup-dominated',
      confidence: round2(Math.min(0.95, 0.5 + (startup.fraction - 0.5))),
      evidence: [`start-up takes ${pct(startup.fraction)} of the run (>= 50%)`, ...startup.evidence, `steady state alone: ${steady.pattern}`, ...steady.evidence],
      ...(steady.pattern !== 'unknown' ? { steadyState: steady.pattern } : {}),
    };
  } else evidence.push(...startup.evidence);

  const findings: Finding[] = [];
  for (const f of [cudaMemcpyAsyncRule(model), cudaMemcpySyncRule(model), cudaApiSyncRule(model), gpuGapsRule(model, opts), gpuTimeUtilRule(model, opts)]) if (f) findings.push(f);
  // GPU-side findings name what the main thread was doing meanwhile.
  if (mainThread >= 0) {
    const mt = model.threads[mainThread];
    for (const f of findings) {
      if (f.thread) continue;
      f.thread = { pid: mt.pid, tid: mt.tid, name: mt.name };
      f.nvtxRange ??= busiestRange(model, mainThread, f.ranges);
    }
  }
  const ds = deepstreamRanges(model);
  findings.push(...deepstreamFindings(model, { startup, steadyStart, steadyEnd, acc, n, mainThread, iterations, stages, ds, blocking, loopRange: mainLoop?.loopRange }));

  return {
    source: model.source,
    captureNs: { startNs: model.startNs, endNs: model.endNs },
    steadyState: { startNs: steadyStart, endNs: steadyEnd },
    windows,
    verdict,
    findings,
    stages,
    deepstream: ds,
  };
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function fillStartupWindow(model: TraceModel, win: TimeWindow): void {
  const wall = win.endNs - win.startNs;
  if (wall <= 0) return;
  const list: Interval[] = [];
  for (const t of [model.kernels, model.memcpy, model.memset]) for (let i = 0; i < t.count; i++) if (t.start[i] < win.endNs) list.push({ s: t.start[i], e: Math.min(t.end[i], win.endNs) });
  win.gpuUtilization = union(list).reduce((a, x) => a + (x.e - x.s), 0) / wall;
  let calls = 0;
  for (let k = 0; k < model.api.count && model.api.start[k] < win.endNs; k++) calls++;
  win.apiCallsPerMs = calls / (wall / 1e6);
}

function deepstreamRanges(model: TraceModel): DeepStreamRange[] {
  const seen = new Map<string, DeepStreamRange>();
  for (let i = 0; i < model.nvtx.count; i++) {
    const d = model.nvtxDomains[model.nvtx.domain[i]];
    const domain = d ? d.name : '';
    const msg = model.strings.strings[model.nvtx.nameId[i]];
    const key = `${domain}\u0000${msg}`;
    if (seen.has(key)) continue;
    const r = parseDeepStreamRange(domain, msg);
    if (r) seen.set(key, r);
  }
  return [...seen.values()];
}

interface DsContext {
  startup: Startup;
  steadyStart: number;
  steadyEnd: number;
  acc: { gpu: Float64Array; copy: Float64Array; sync: Float64Array; api: Float64Array; osrt: Float64Array; syncCalls: Float64Array };
  n: number;
  mainThread: number;
  iterations: number;
  stages: ReturnType<typeof analyseStages>;
  ds: DeepStreamRange[];
  blocking: Uint8Array;
  loopRange: string | undefined;
}

/** The innermost NVTX range holding most of the weight of some API calls (by index), or undefined. */
function rangeOfCalls(model: TraceModel, calls: Iterable<number>): string | undefined {
  const w = new Map<string, number>();
  let n = 0;
  for (const k of calls) {
    if (++n > 20000) break;
    const r = innermostRange(model, model.api.thread[k], model.api.start[k]);
    if (r) w.set(r, (w.get(r) ?? 0) + model.api.end[k] - model.api.start[k]);
  }
  let best: string | undefined;
  let max = 0;
  for (const [r, x] of w) if (x > max) [best, max] = [r, x];
  return best;
}

function deepstreamFindings(model: TraceModel, c: DsContext): Finding[] {
  const S = model.strings.strings;
  const out: Finding[] = [];
  const { api } = model;
  const wall = c.steadyEnd - c.steadyStart;
  const mainTh = c.mainThread >= 0 ? model.threads[c.mainThread] : undefined;
  const thread = mainTh ? { pid: mainTh.pid, tid: mainTh.tid, name: mainTh.name } : undefined;

  // Engine build / module loading contamination: cuModuleLoadData > 10 % of the duration, or
  // TensorRT builder kernels, or a warm-up that dominates.
  const capture = model.endNs - model.startNs;
  let moduleLoad = 0;
  const isModuleLoadData = nameTest(S, /^cuModuleLoadData/);
  for (let k = 0; k < api.count; k++) if (isModuleLoadData(api.nameId[k])) moduleLoad += api.end[k] - api.start[k];
  const builderKernels = new Set<string>();
  const isBuilder = nameTest(S, /trtBuilder|cask_engine_build|autotun/i);
  for (let i = 0; i < model.kernels.count; i++) {
    const nm = S[model.kernels.nameId[i]];
    if (isBuilder(model.kernels.nameId[i])) builderKernels.add(nm);
  }
  if (moduleLoad > 0.1 * capture || builderKernels.size || c.startup.fraction >= 0.3) {
    const ev: string[] = [];
    if (moduleLoad > 0.1 * capture) ev.push(`cuModuleLoadData takes ${ms(moduleLoad)}, ${pct(moduleLoad / capture)} of the capture (> 10%)`);
    if (builderKernels.size) ev.push(`TensorRT builder kernels: ${[...builderKernels].slice(0, 3).join(', ')}`);
    ev.push(...c.startup.evidence, `start-up share of the run: ${pct(c.startup.fraction)}`);
    out.push({
      id: 'deepstream/engine-build-contamination',
      severity: 'warning',
      message: `Start-up (engine build / autotuning / module loading) contaminates this capture (${pct(c.startup.fraction)} of the run): pre-build the TensorRT engine (model-engine-file) and capture after warm-up (nsys --delay) before reading the figures.`,
      ranges: [{ startNs: c.startup.startNs, endNs: c.startup.endNs }],
      evidence: ev,
      events: [],
      thread,
      nvtxRange: c.loopRange,
      configKey: 'model-engine-file',
    });
  }

  // Copies over 15 % of the wall time: NVMM broken somewhere.
  const copyShare = wall > 0 ? c.acc.copy[c.n] / wall : 0;
  if (copyShare > 0.15) {
    out.push({
      id: 'deepstream/copies-over-15pct',
      severity: 'warning',
      message: `GPU memory copies take ${pct(copyShare)} of the steady state (> 15%): buffers leave device memory somewhere. Look for a CPU videoconvert, caps without memory:NVMM, or nvbuf-memory-type != 0.`,
      ranges: [{ startNs: c.steadyStart, endNs: c.steadyEnd }],
      evidence: [`${ms(c.acc.copy[c.n])} of copies in ${ms(wall)}`],
      events: [],
      thread,
      nvtxRange: rangeOfCalls(model, launchingCalls(model, model.memcpy).filter((k) => k >= 0)),
      configKey: 'nvbuf-memory-type',
    });
  }

  // Synchronization over 30 % of the CPU time.
  let thSpan = 0;
  if (c.mainThread >= 0) {
    let s = Infinity;
    let e = -Infinity;
    for (let k = 0; k < api.count; k++) {
      if (api.thread[k] !== c.mainThread) continue;
      s = Math.min(s, Math.max(api.start[k], c.steadyStart));
      e = Math.max(e, Math.min(api.end[k], c.steadyEnd));
    }
    thSpan = e > s ? e - s : 0;
  }
  const syncShare = thSpan > 0 ? c.acc.sync[c.n] / thSpan : 0;
  if (syncShare > 0.3) {
    out.push({
      id: 'deepstream/sync-over-30pct',
      nvtxRange: rangeOfCalls(
        model,
        (function* () {
          for (let k = 0; k < api.count; k++) if (c.blocking[k] && api.thread[k] === c.mainThread && api.start[k] >= c.steadyStart && api.start[k] < c.steadyEnd) yield k;
        })(),
      ),
      severity: 'warning',
      message: `Synchronization takes ${pct(syncShare)} of the main thread's time (> 30%): the CPU waits on the GPU instead of feeding it.`,
      ranges: [{ startNs: c.steadyStart, endNs: c.steadyEnd }],
      evidence: [`${ms(c.acc.sync[c.n])} in synchronizing calls and blocking copies`],
      events: [],
      thread,
    });
  }

  // Per-box host round trips: many tiny device-to-host copies each followed by a sync, inside one range.
  const m = model.memcpy;
  const calls = launchingCalls(model, m);
  const tinyByRange = new Map<string, { n: number; time: number; thread: number; first: number; last: number }>();
  for (let i = 0; i < m.count; i++) {
    if (m.bytes[i] > 4096 || !/Device-to-Host/.test(S[m.nameId[i]])) continue;
    const k = calls[i];
    if (k < 0) continue;
    const r = innermostRange(model, api.thread[k], api.start[k]) ?? '(no NVTX range)';
    const e = tinyByRange.get(r) ?? { n: 0, time: 0, thread: api.thread[k], first: api.start[k], last: api.end[k] };
    e.n++;
    e.time += api.end[k] - api.start[k];
    e.last = Math.max(e.last, api.end[k]);
    tinyByRange.set(r, e);
  }
  for (const [range, e] of tinyByRange) {
    const inst = countInstances(model, range, e.thread);
    const perItem = inst > 0 ? e.n / inst : e.n;
    if (perItem < 4) continue;
    const t = model.threads[e.thread];
    out.push({
      id: 'deepstream/per-box-host-round-trips',
      severity: 'warning',
      message: `${range} copies ${perItem.toFixed(0)} tiny results to the host per call (${e.n} copies of <= 4 KB, each a round trip that drains the GPU): read the detections back once per batch (one copy of all boxes), or keep post-processing on the GPU.`,
      ranges: [{ startNs: e.first, endNs: e.last }],
      evidence: [`${e.n} device-to-host copies of <= 4 KB in ${inst || 'no'} instances of ${range}; ${ms(e.time)} in their API calls`],
      events: [],
      nvtxRange: range,
      thread: { pid: t.pid, tid: t.tid, name: t.name },
    });
  }

  // Sync after every launch: a synchronization follows (almost) every kernel launch on a thread.
  // Counted per thread: a launch followed by a synchronization before the next launch.
  const isLaunchKernel = nameTest(S, /^cu(da)?LaunchKernel/);
  const perThread = new Map<number, { launches: number; syncAfter: number; first: number; last: number }>();
  const pending = new Map<number, boolean>();
  for (let k = 0; k < api.count; k++) {
    if (api.depth[k] !== 0) continue;
    const t = api.thread[k];
    const e = perThread.get(t) ?? { launches: 0, syncAfter: 0, first: api.start[k], last: api.end[k] };
    if (isLaunchKernel(api.nameId[k])) {
      e.launches++;
      pending.set(t, true);
    } else if (c.blocking[k] === 1 && pending.get(t)) {
      e.syncAfter++;
      pending.set(t, false);
    }
    e.last = api.end[k];
    perThread.set(t, e);
  }
  for (const [t, e] of perThread) {
    if (e.launches < 20 || e.syncAfter < 0.8 * e.launches) continue;
    const th = model.threads[t];
    out.push({
      id: 'deepstream/sync-after-every-launch',
      severity: 'warning',
      message: `${threadLabel(th)} synchronizes after ${pct(e.syncAfter / e.launches)} of its ${e.launches} kernel launches: the GPU never has more than one kernel queued. Synchronize once per batch (or use events).`,
      ranges: [{ startNs: e.first, endNs: e.last }],
      evidence: [`${e.syncAfter} synchronizations directly after ${e.launches} launches`],
      events: [],
      thread: { pid: th.pid, tid: th.tid, name: th.name },
    });
  }

  // Tiler / OSD longer than inference.
  const totals = new Map<string, { r: DeepStreamRange; total: number; n: number }>();
  const byRange = new Map(c.ds.map((r) => [r.range, r]));
  for (let i = 0; i < model.nvtx.count; i++) {
    const r = byRange.get(rangeOf(model, i));
    if (!r) continue;
    const fam = rangeFamily(r);
    const e = totals.get(fam) ?? { r, total: 0, n: 0 };
    e.total += model.nvtx.end[i] - model.nvtx.start[i];
    e.n++;
    totals.set(fam, e);
  }
  const inference = [...totals.values()].filter((x) => x.r.kind === 'inference');
  const infTotal = inference.reduce((a, x) => a + x.total, 0);
  for (const [fam, x] of totals) {
    if ((x.r.kind === 'osd' || x.r.kind === 'tiler') && inference.length && x.total > infTotal) {
      out.push({
        id: 'deepstream/osd-slower-than-inference',
        severity: 'warning',
        message: `${fam} (${x.r.kind}) takes ${ms(x.total)}, longer than inference (${ms(infTotal)}): drawing/compositing is the bottleneck. Use process-mode=1 (GPU) for nvdsosd, fewer/lower-resolution tiles, or disable display-text / display-clock.`,
        ranges: [],
        evidence: [`${x.n} ${fam} ranges, ${ms(x.total)} total; inference ranges: ${inference.map((y) => `${rangeFamily(y.r)} ${ms(y.total)}`).join(', ')}`],
        events: [],
        element: x.r.element,
        configKey: x.r.kind === 'osd' ? 'process-mode' : 'width / height',
      });
    }
  }
  for (const x of inference) {
    if (x.r.gieUniqueId === undefined) continue;
    const share = wall > 0 ? x.total / wall : 0;
    out.push({
      id: 'deepstream/nvinfer-time',
      severity: 'info',
      message: `${rangeFamily(x.r)}: ${x.n} ranges, ${ms(x.total)} (${pct(share)} of the steady state).`,
      ranges: [],
      evidence: [`ranges of the GstNvInfer: UID=${x.r.gieUniqueId} domain`],
      events: [],
      element: x.r.element,
      gieUniqueId: x.r.gieUniqueId,
      configKey: `gie-unique-id=${x.r.gieUniqueId}`,
    });
  }

  // Threaded pipelines: the bottleneck stage, and a full queue seen from upstream.
  for (const s of c.stages) {
    if (s.bottleneck) {
      out.push({
        id: 'deepstream/pipeline-bottleneck-stage',
        severity: 'warning',
        message: `Stage ${s.thread.name} [${s.thread.tid}] limits the pipeline: ${s.suggestion}.`,
        ranges: stageIntervals(model, s.thread, new Set(s.ranges), c.steadyStart, c.steadyEnd),
        evidence: [`service ${ms(s.serviceNsPerItem)} per item, capacity ${s.capacityPerSec.toFixed(1)} items/s, busy ${pct(s.busyFraction)}`],
        events: [],
        nvtxRange: s.ranges[0],
        thread: s.thread,
      });
    }
    for (const w of s.waits) {
      if (w.range.startsWith('(') || w.fraction < 0.2) continue;
      out.push({
        id: 'deepstream/queue-full-upstream',
        severity: 'info',
        message: `${s.thread.name} [${s.thread.tid}] waits ${ms(w.totalNs)} (${pct(w.fraction)} of its time) in ${w.range}: the queue to the next stage is full, the stage downstream is slower.`,
        ranges: stageIntervals(model, s.thread, new Set([w.range]), c.steadyStart, c.steadyEnd),
        evidence: [`${(w.totalNs / s.items / 1e6).toFixed(2)} ms per item in ${w.range}`],
        events: [],
        nvtxRange: w.range,
        thread: s.thread,
      });
    }
  }
  return out;
}

/**
 * Time intervals of a stage's top-level ranges named in `names` (its work ranges, or one wait range),
 * clipped to [from, to) (the steady state); all of them when none falls there; [from, to) when the
 * thread has none, so the viewer always has something to zoom to.
 */
function stageIntervals(model: TraceModel, thread: { pid: number; tid: number }, names: Set<string>, from: number, to: number): { startNs: number; endNs: number }[] {
  const threads = new Set<number>();
  model.threads.forEach((t, j) => {
    if (t.tid === thread.tid && t.pid === thread.pid) threads.add(j);
  });
  const { nvtx } = model;
  const all: { startNs: number; endNs: number }[] = [];
  const inside: { startNs: number; endNs: number }[] = [];
  for (let i = 0; i < nvtx.count; i++) {
    if (nvtx.depth[i] !== 0 || !threads.has(nvtx.thread[i]) || !names.has(rangeOf(model, i))) continue;
    all.push({ startNs: nvtx.start[i], endNs: nvtx.end[i] });
    const s = Math.max(nvtx.start[i], from);
    const e = Math.min(nvtx.end[i], to);
    if (e > s) inside.push({ startNs: s, endNs: e });
  }
  if (inside.length) return inside;
  if (all.length) return all;
  return [{ startNs: from, endNs: to }];
}

/** The NVTX range of a thread overlapping the given time ranges the most (deepest ranges preferred). */
function busiestRange(model: TraceModel, thread: number, ranges: { startNs: number; endNs: number }[]): string | undefined {
  const { nvtx } = model;
  const byName = new Map<string, { overlap: number; depth: number }>();
  for (let i = 0; i < nvtx.count; i++) {
    if (nvtx.thread[i] !== thread) continue;
    let overlap = 0;
    for (const r of ranges) overlap += Math.max(0, Math.min(r.endNs, nvtx.end[i]) - Math.max(r.startNs, nvtx.start[i]));
    if (overlap <= 0) continue;
    const name = rangeOf(model, i);
    const e = byName.get(name) ?? { overlap: 0, depth: nvtx.depth[i] };
    e.overlap += overlap;
    byName.set(name, e);
  }
  let best: string | undefined;
  let bestKey = -1;
  for (const [name, e] of byName) {
    // Deeper ranges say more; among one depth, the one covering most of the flagged time.
    const key = e.depth * 1e18 + e.overlap;
    if (key > bestKey) [best, bestKey] = [name, key];
  }
  return best;
}

function innermostRange(model: TraceModel, thread: number, t: number): string | undefined {
  const { nvtx } = model;
  let best = -1;
  for (let i = 0; i < nvtx.count && nvtx.start[i] <= t; i++) {
    if (nvtx.thread[i] === thread && nvtx.end[i] >= t && (best < 0 || nvtx.depth[i] >= nvtx.depth[best])) best = i;
  }
  return best >= 0 ? rangeOf(model, best) : undefined;
}

function countInstances(model: TraceModel, range: string, thread: number): number {
  let n = 0;
  for (let i = 0; i < model.nvtx.count; i++) if (model.nvtx.thread[i] === thread && rangeOf(model, i) === range) n++;
  return n;
}
