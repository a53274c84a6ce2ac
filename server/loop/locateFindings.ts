// Trace findings → diagnostics at the lines that cause them. A finding is placed only where the
// trace itself links to the workspace: an NVTX range that resolves to a call site, a
// `GstNvInfer: UID=N` domain that maps to an nvinfer config, an element name of a
// `<name>_(Frame=N)` range. A finding with no such link is left for the report (never guessed
// onto an unrelated file).
import type { Range } from '../lint/diagnostic';
import type { Finding } from '../trace/diagnosisTypes';
import type { NvtxCallSite } from '../index/callSite';
import type { NvtxIndex, GieEntry } from '../index/nvtxIndex';
import type { ElementDecl } from '../index/deepstreamScan';
import { readConfigOutline } from '../index/configOutline';
import { detectFileKind } from '../lint/fileKind';
import { type EvidenceLink, type LoopFile, type LoopFiles, type LoopResult, type LoopTrace, type RangeFigures, type TraceDiagnostic, type LoopSeverity } from './loopTypes';
import { fmtMs, fmtPct, profileLabel, profileTime } from './traceFacts';

/** Share of the steady state above which one GIE's ranges "dominate the frame". */
export const GIE_DOMINANT_SHARE = 0.3;

export function splitRange(range: string): { domain: string; name: string } {
  const c = range.indexOf(':');
  return c < 0 ? { domain: '', name: range } : { domain: range.slice(0, c), name: range.slice(c + 1) };
}

interface Ctx {
  trace: LoopTrace;
  index: NvtxIndex;
  files: LoopFiles;
  label: string;
  out: TraceDiagnostic[];
  linked: Set<string>;
}

export function locateFindings(trace: LoopTrace, index: NvtxIndex, files: LoopFiles): Omit<LoopResult, 'lenses'> {
  const label = profileLabel(trace);
  const ctx: Ctx = { trace, index, files, label, out: [], linked: new Set() };
  const unplaced: LoopResult['unplaced'] = [];
  for (const f of trace.diagnosis.findings) {
    const reason = place(ctx, f);
    if (reason) unplaced.push({ finding: f, reason });
  }
  // Files linked through the trace's ranges even when no finding landed there (lenses, weighting).
  for (const r of trace.ranges) for (const c of topCandidates(ctx, r.domain, r.name, r.pid)) ctx.linked.add(c.file);
  for (const g of linkedGies(ctx)) {
    if (g.configFile) ctx.linked.add(g.configFile);
    for (const ref of g.references) ctx.linked.add(ref.file);
  }
  return { diagnostics: dedupe(ctx.out), unplaced, linkedFiles: ctx.linked, label };
}

/** Places one finding; returns why it could not be placed, or undefined. */
function place(ctx: Ctx, f: Finding): string | undefined {
  switch (f.id) {
    case 'deepstream/per-box-host-round-trips':
      return placeInRange(ctx, f, [/\.item\(\)/, /\.(cpu|tolist|numpy)\(\)/, /cudaMemcpy\w*\([^;]*DeviceToHost/, /cudaStreamSynchronize|cudaDeviceSynchronize/], 'warning', (r) =>
        `Per-box host round trips in ${r}: ${f.evidence[0] ?? f.message}. Read all boxes back once per batch (one copy), or keep post-processing on the GPU.`,
      );
    case 'cuda_memcpy_async':
    case 'cuda_memcpy_sync':
      return placeInRange(ctx, f, [/\.(to|cuda)\(/, /cudaMemcpy\w*\(/, /from_numpy\(/], 'warning', (r) => `${firstSentence(f.message)} in ${r}${f.evidence[0] ? ` (${f.evidence[0]})` : ''}. ${fixOf(f)}`);
    case 'cuda_api_sync':
    case 'deepstream/sync-over-30pct':
    case 'deepstream/sync-after-every-launch':
    case 'deepstream/pipeline-bottleneck-stage':
    case 'deepstream/queue-full-upstream':
      return placeInRange(ctx, f, [], f.severity === 'info' ? 'info' : 'warning', (r) => `${f.message.replace(/\.$/, '')} (in ${r}${f.evidence[0] ? `: ${f.evidence[0]}` : ''}).`);
    case 'deepstream/nvinfer-time':
      return placeGie(ctx, f);
    case 'deepstream/osd-slower-than-inference':
      return placeOsd(ctx, f);
    case 'deepstream/copies-over-15pct':
      return placeCopies(ctx, f);
    case 'gpu_time_util':
    case 'gpu_gaps':
      return placeBatchSize(ctx, f);
    case 'deepstream/engine-build-contamination':
      return placeEngineBuild(ctx, f);
    default:
      if (f.nvtxRange) return placeInRange(ctx, f, [], f.severity === 'info' ? 'info' : 'warning', (r) => `${f.message} (in ${r}).`);
      return 'no NVTX range, nvinfer UID or element of the workspace ties it to a line';
  }
}

function firstSentence(s: string): string {
  const i = s.indexOf(': ');
  return i > 0 ? s.slice(0, i) : s.replace(/\.$/, '');
}

function fixOf(f: Finding): string {
  const i = f.message.indexOf(': ');
  const fix = i > 0 ? f.message.slice(i + 2) : '';
  return fix ? fix[0].toUpperCase() + fix.slice(1) : '';
}

/** The best call sites of a range (equal best scores all count), with the process's context. */
function topCandidates(ctx: Ctx, domain: string, name: string, pid: number): NvtxCallSite[] {
  const related = ctx.trace.namesByProcess.get(pid) ?? [];
  const c = ctx.index.resolve(name, domain, { relatedNames: related }).filter((x) => x.site);
  if (!c.length) return [];
  return c.filter((x) => x.score === c[0].score).map((x) => x.site!);
}

function figuresOf(ctx: Ctx, domain: string, name: string): RangeFigures | undefined {
  return ctx.trace.ranges.find((r) => r.domain === domain && r.name === name);
}

function evidenceOf(ctx: Ctx, f: Finding, fallback?: RangeFigures): EvidenceLink | undefined {
  const r = f.ranges[0] ?? (f.events[0] ? { startNs: f.events[0].startNs, endNs: f.events[0].startNs + f.events[0].durationNs } : undefined) ?? (fallback ? fallback.longest : undefined);
  if (!r) return undefined;
  return { tracePath: ctx.trace.path, t0: r.startNs, t1: r.endNs, label: f.id };
}

/** Files written within this long after the capture started count as written with it. */
export const MTIME_SLACK_MS = 2000;

/**
 * Why a file's figures are from before a change: `changed` (its content differs from the content
 * recorded when the profile was attached), `modified` (no content was recorded and its mtime is
 * after the capture time — the last resort), or undefined (not stale).
 */
export function staleness(st: Pick<LoopFile, 'changedSinceProfile' | 'modifiedMs'> | undefined, takenAtMs: number): 'changed' | 'modified' | undefined {
  if (!st) return undefined;
  if (st.changedSinceProfile !== undefined) return st.changedSinceProfile ? 'changed' : undefined;
  return st.modifiedMs !== undefined && st.modifiedMs > takenAtMs + MTIME_SLACK_MS ? 'modified' : undefined;
}

export function fileIsStale(st: Pick<LoopFile, 'changedSinceProfile' | 'modifiedMs'> | undefined, takenAtMs: number): boolean {
  return staleness(st, takenAtMs) !== undefined;
}

/** The `[stale: …]` prefix of a diagnostic's message ('' when not stale). */
export function stalePrefix(file: string, st: LoopFile | undefined, takenAtMs: number): string {
  const why = staleness(st, takenAtMs);
  if (why === 'changed') return `[stale: ${shortName(file)} changed after the profile of ${profileTime(takenAtMs)}; the figure is from before the change] `;
  if (why === 'modified') return `[stale: ${shortName(file)} was modified on disk at ${profileTime(st!.modifiedMs!)}, after the capture of ${profileTime(takenAtMs)}; the figure may be from before a change] `;
  return '';
}

function push(ctx: Ctx, d: Omit<TraceDiagnostic, 'stale' | 'message'> & { message: string }): void {
  const prefix = stalePrefix(d.file, ctx.files(d.file), ctx.trace.takenAtMs);
  const stale = prefix !== '';
  ctx.out.push({ ...d, stale, message: `${prefix}${d.message} — measured in ${ctx.label}.` });
  ctx.linked.add(d.file);
}

function shortName(p: string): string {
  return p.replace(/^.*[\\/]/, '');
}

function lineRange(line: number, start: number, end: number): Range {
  return { start: { line, character: start }, end: { line, character: end } };
}

/** A finding about an NVTX range: at the line in the range's function that matches `patterns` (first that matches), else at the range's call site. */
function placeInRange(ctx: Ctx, f: Finding, patterns: RegExp[], severity: LoopSeverity, message: (range: string) => string): string | undefined {
  if (!f.nvtxRange) return 'the finding names no NVTX range';
  const { domain, name } = splitRange(f.nvtxRange);
  const pid = f.thread?.pid ?? figuresOf(ctx, domain, name)?.pid ?? -1;
  const sites = topCandidates(ctx, domain, name, pid);
  if (!sites.length) return `NVTX range ${f.nvtxRange} does not resolve to workspace source${ctx.index.explain(name, domain) ? ` (${ctx.index.explain(name, domain)})` : ''}`;
  const fig = figuresOf(ctx, domain, name);
  for (const s of sites) {
    const siteRange = lineRange(s.line, s.column, s.line === s.endLine ? s.endColumn : s.column + name.length + 2);
    let range = siteRange;
    const text = ctx.files(s.file)?.text;
    const fn = s.enclosingFunction ? ctx.index.functionsIn(s.file).find((x) => x.name === s.enclosingFunction && x.line <= s.line && x.endLine >= s.line) : undefined;
    if (text && fn && patterns.length) {
      const lines = text.split(/\r?\n/);
      search: for (const re of patterns) {
        for (let l = Math.max(fn.line, s.line); l <= fn.endLine && l < lines.length; l++) {
          const m = re.exec(lines[l]);
          if (m && !/^\s*#|^\s*\/\//.test(lines[l])) {
            range = lineRange(l, m.index, m.index + m[0].length);
            break search;
          }
        }
      }
    }
    const rangeLabel = `${domain ? `${domain}:` : ''}${name}${fig ? ` (${fig.count}×, ${fmtMs(fig.avgNs)} per call)` : ''}`;
    const related = range !== siteRange ? [{ file: s.file, range: siteRange, message: `NVTX range ${name} opens here` }] : undefined;
    push(ctx, { file: s.file, range, severity, code: f.id, message: message(rangeLabel), evidence: evidenceOf(ctx, f, fig), related });
  }
  return undefined;
}

function linkedGies(ctx: Ctx): GieEntry[] {
  const out: GieEntry[] = [];
  const uids = new Set<number>();
  for (const r of ctx.trace.diagnosis.deepstream) if (r.gieUniqueId !== undefined) uids.add(r.gieUniqueId);
  for (const uid of uids) out.push(...(ctx.index.gieConfigs.get(uid) ?? []));
  return out;
}

function gieFigures(ctx: Ctx, uid: number): { total: number; count: number; share: number; longest?: RangeFigures } {
  let total = 0;
  let count = 0;
  let share = 0;
  let longest: RangeFigures | undefined;
  for (const r of ctx.trace.ranges) {
    if (!new RegExp(`^GstNvInfer(?:Server)?: ?UID=${uid}$`).test(r.domain)) continue;
    total += r.totalNs;
    count += r.count;
    share += r.steadyShare;
    if (!longest || r.maxNs > longest.maxNs) longest = r;
  }
  return { total, count, share, longest };
}

/** Ranges of a GIE are nested (buffer_process contains queueInput ...): count the outermost family only. */
function gieShare(ctx: Ctx, uid: number): { share: number; perBatchNs: number; batches: number; longest?: RangeFigures } {
  const fam = ctx.trace.ranges.filter((r) => new RegExp(`^GstNvInfer(?:Server)?: ?UID=${uid}$`).test(r.domain));
  const byKind = new Map<string, { total: number; count: number; share: number; longest: RangeFigures }>();
  for (const r of fam) {
    const kind = r.name.replace(/[ _]?batch_num=\d+$/, '').replace(/_?\((Frame|Batch)=\d+\)$/, '');
    const e = byKind.get(kind) ?? { total: 0, count: 0, share: 0, longest: r };
    e.total += r.totalNs;
    e.count += r.count;
    e.share += r.steadyShare;
    if (r.maxNs > e.longest.maxNs) e.longest = r;
    byKind.set(kind, e);
  }
  // buffer_process spans a batch from input to output; otherwise take the largest family.
  const best = byKind.get('buffer_process') ?? [...byKind.values()].sort((a, b) => b.total - a.total)[0];
  if (!best) {
    const g = gieFigures(ctx, uid);
    return { share: g.share, perBatchNs: g.count ? g.total / g.count : 0, batches: g.count, longest: g.longest };
  }
  return { share: best.share, perBatchNs: best.count ? best.total / best.count : 0, batches: best.count, longest: best.longest };
}

function placeGie(ctx: Ctx, f: Finding): string | undefined {
  const uid = f.gieUniqueId;
  if (uid === undefined) return 'no gie-unique-id';
  const entries = ctx.index.gieConfigs.get(uid) ?? [];
  if (!entries.length) return `no nvinfer config with gie-unique-id=${uid} in the workspace`;
  const g = gieShare(ctx, uid);
  const all = [...new Set(ctx.trace.diagnosis.deepstream.map((r) => r.gieUniqueId).filter((x): x is number => x !== undefined))].map((u) => ({ u, s: gieShare(ctx, u).share }));
  const top = all.sort((a, b) => b.s - a.s)[0];
  if (g.share < GIE_DOMINANT_SHARE || (top && top.u !== uid)) return `nvinfer UID ${uid} takes ${fmtPct(g.share)} of the steady state: not dominant (shown as a CodeLens)`;
  const evidence: EvidenceLink | undefined = g.longest ? { tracePath: ctx.trace.path, t0: g.longest.longest.startNs, t1: g.longest.longest.endNs, label: `GstNvInfer: UID=${uid}` } : undefined;
  for (const e of entries) {
    const cfgName = e.configFile ? shortName(e.configFile) : `UID ${uid}`;
    const message = `nvinfer UID ${uid} (${cfgName}) dominates the frame: ${fmtMs(g.perBatchNs)} per batch over ${g.batches} batches, ${fmtPct(g.share)} of the steady state. Make the model cheaper: FP16/INT8 (network-mode=2 or 1 with a calibration file), a larger interval= to skip frames, or a smaller network input`;
    if (e.config) {
      const text = ctx.files(e.config.file)?.text;
      let range = e.config.range;
      if (text) {
        const prop = readConfigOutline(e.config.file, text).groups.get('property');
        const nm = prop?.keys.get('network-mode');
        if (nm && nm.value !== '1' && nm.value !== '2') range = nm.valueRange;
      }
      push(ctx, { file: e.config.file, range, severity: 'warning', code: f.id, message, evidence, related: e.references.map((r) => ({ file: r.file, range: r.range, message: `uses ${cfgName}` })) });
    }
    for (const r of e.references) {
      if (e.config && r.file === e.config.file) continue;
      push(ctx, { file: r.file, range: r.uidRange ?? r.element.range, severity: 'info', code: f.id, message, evidence });
    }
  }
  return undefined;
}

function elementsNamed(ctx: Ctx, name: string): ElementDecl[] {
  return ctx.index.elements().filter((e) => e.name === name || e.autoName === name);
}

function placeOsd(ctx: Ctx, f: Finding): string | undefined {
  if (!f.element) return 'the finding names no element';
  const els = elementsNamed(ctx, f.element);
  if (!els.length) return `no element named ${f.element} in the workspace`;
  const fig = ctx.trace.ranges.filter((r) => r.name.startsWith(`${f.element}_(`));
  const total = fig.reduce((a, r) => a + r.totalNs, 0);
  const count = fig.reduce((a, r) => a + r.count, 0);
  const longest = fig.sort((a, b) => b.maxNs - a.maxNs)[0];
  const evidence: EvidenceLink | undefined = longest ? { tracePath: ctx.trace.path, t0: longest.longest.startNs, t1: longest.longest.endNs, label: f.element } : undefined;
  const figure = `${fmtMs(count ? total / count : 0)} per frame over ${count} frames (${f.evidence[0] ?? ''})`;
  for (const el of els) {
    const text = ctx.files(el.file)?.text;
    // The line to change: process-mode (0 = CPU) when written, else the element / [osd] group.
    const pm = el.props.get('process-mode');
    const range = pm ? pm.range : el.range;
    push(ctx, { file: el.file, range, severity: 'warning', code: f.id, message: `On-screen display ${f.element} draws longer than inference: ${figure}. Draw on the GPU (process-mode=1), fewer tiles / a smaller tiler output, or turn off display-text and display-clock`, evidence });
    // The tiler of the same pipeline composites every frame the OSD then draws on.
    if (text) {
      for (const t of ctx.index.elements().filter((e) => e.file === el.file && e.factory === 'nvmultistreamtiler')) {
        const w = t.props.get('width') ?? t.props.get('rows');
        push(ctx, { file: t.file, range: w ? w.range : t.range, severity: 'info', code: f.id, message: `The tiler feeds ${f.element}, which draws longer than inference (${figure}): a smaller tiled output (width/height) or fewer tiles means less to draw`, evidence });
      }
    }
  }
  return undefined;
}

/** Elements and app-config groups of the pipelines the trace is linked to. */
function linkedPipelineFiles(ctx: Ctx): Set<string> {
  const files = new Set<string>();
  for (const g of linkedGies(ctx)) for (const r of g.references) files.add(r.file);
  for (const r of ctx.trace.diagnosis.deepstream) if (r.kind !== 'inference') for (const e of elementsNamed(ctx, r.element)) files.add(e.file);
  return files;
}

function placeCopies(ctx: Ctx, f: Finding): string | undefined {
  const files = linkedPipelineFiles(ctx);
  if (!files.size) return 'no pipeline of the workspace is linked to the trace (no nvinfer UID or element name of it)';
  const evidence = evidenceOf(ctx, f);
  const what = `GPU memory copies take ${f.message.match(/take ([\d.]+%)/)?.[1] ?? 'more than 15 %'} of the steady state (> 15 %; ${f.evidence[0] ?? ''})`;
  let placed = 0;
  for (const file of files) {
    const text = ctx.files(file)?.text;
    for (const el of ctx.index.elements().filter((e) => e.file === file && (e.factory === 'videoconvert' || e.factory === 'capsfilter'))) {
      push(ctx, { file, range: el.range, severity: 'warning', code: f.id, message: `${what}: ${el.factory} works in system memory, every frame is copied out of and back into GPU memory. Use nvvideoconvert and keep caps in memory:NVMM`, evidence });
      placed++;
    }
    if (!text) continue;
    const lines = text.split(/\r?\n/);
    lines.forEach((l, i) => {
      const caps = /video\/x-raw(?!\(memory:NVMM\))[^!"'\s]*/.exec(l);
      if (caps) {
        push(ctx, { file, range: lineRange(i, caps.index, caps.index + caps[0].length), severity: 'warning', code: f.id, message: `${what}: caps without memory:NVMM force the buffers into system memory here. Use video/x-raw(memory:NVMM)`, evidence });
        placed++;
      }
      const nbm = /^\s*nvbuf-memory-type\s*[=:]\s*([1-9])/.exec(l);
      if (nbm) {
        push(ctx, { file, range: lineRange(i, 0, l.length), severity: 'info', code: f.id, message: `${what}: nvbuf-memory-type=${nbm[1]} is not the default device memory`, evidence });
        placed++;
      }
    });
  }
  return placed ? undefined : 'the linked pipelines have no videoconvert, system-memory caps or nvbuf-memory-type to point at';
}

function placeBatchSize(ctx: Ctx, f: Finding): string | undefined {
  const gies = linkedGies(ctx);
  if (!gies.length) return 'no nvinfer of the workspace is linked to the trace';
  const low = f.events.length ? Math.min(...f.events.map((e) => e.inUsePercent ?? 100)) : undefined;
  const util = low !== undefined ? `${low.toFixed(1)} %` : 'low';
  const evidence = evidenceOf(ctx, f);
  let placed = 0;
  const seen = new Set<string>();
  const consider = (file: string, group: string, key: string): void => {
    const k = `${file}\u0000${group}\u0000${key}`;
    if (seen.has(k)) return;
    seen.add(k);
    const text = ctx.files(file)?.text;
    if (!text) return;
    const o = readConfigOutline(file, text);
    const g = o.groups.get(group);
    const e = g?.keys.get(key);
    if (!g || !e) return;
    const sources = [...o.groups.keys()].filter((n) => /^source\d+$/.test(n) && o.groups.get(n)?.keys.get('enable')?.value !== '0').length;
    const b = Number(e.value);
    if (!(b >= 1)) return;
    if (sources > b || b === 1) {
      push(ctx, {
        file,
        range: e.valueRange,
        severity: 'warning',
        code: f.id,
        message: `The GPU idles between small batches (GPU in use ${util} of the time in the worst window; ${f.evidence[0] ?? f.message}): [${group}] batch-size=${b}${sources ? ` with ${sources} sources` : ''}. Batch all sources together (batch-size=${Math.max(sources, 2)}) so each inference does more work per launch`,
        evidence,
      });
      placed++;
    }
  };
  for (const g of gies) {
    if (g.configFile && ctx.files(g.configFile)) consider(g.configFile, 'property', 'batch-size');
    for (const r of g.references) {
      if (detectFileKind(r.file, ctx.files(r.file)?.text) === 'deepstream-app-config') {
        consider(r.file, 'streammux', 'batch-size');
        if (r.element.group) consider(r.file, r.element.group, 'batch-size');
      }
    }
  }
  return placed ? undefined : 'the linked configs already batch every source';
}

function placeEngineBuild(ctx: Ctx, f: Finding): string | undefined {
  const gies = linkedGies(ctx).filter((g) => g.config);
  if (!gies.length) return 'no nvinfer config of the workspace is linked to the trace';
  const evidence = evidenceOf(ctx, f);
  for (const g of gies) {
    const file = g.config!.file;
    const text = ctx.files(file)?.text;
    const e = text ? readConfigOutline(file, text).groups.get('property')?.keys.get('model-engine-file') : undefined;
    push(ctx, {
      file,
      range: e ? e.valueRange : g.config!.range,
      severity: 'warning',
      code: f.id,
      message: `Start-up dominates the profile (${f.evidence.find((x) => /share/.test(x)) ?? f.message}): the TensorRT engine is built at start. ${e ? 'Check that model-engine-file names an engine built for this batch-size, GPU and precision' : 'Set model-engine-file to a pre-built engine'}, and profile after warm-up (nsys --delay)`,
      evidence,
    });
  }
  return undefined;
}

function dedupe(ds: TraceDiagnostic[]): TraceDiagnostic[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const k = `${d.file}\u0000${d.range.start.line}\u0000${d.range.start.character}\u0000${d.code}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
