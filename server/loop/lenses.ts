// CodeLens from a profile: above each GIE (nvinfer config, app-config group, launch element) the
// measured time per batch, above each annotated function the time per call of its ranges; both
// open the trace on the longest instance. Stale files get "Profile again".
import type { NvtxIndex } from '../index/nvtxIndex';
import { OPEN_TRACE_AT_COMMAND, PROFILE_AGAIN_COMMAND, type LoopFiles, type LoopTrace, type TraceLens } from './loopTypes';
import { fmtMs, fmtPct, profileTime } from './traceFacts';
import type { Range } from '../lint/diagnostic';
import { fileIsStale } from './locateFindings';

const GIE_DOMAIN = /^GstNvInfer(?:Server)?: ?UID=(\d+)$/;

function at(line: number): Range {
  return { start: { line, character: 0 }, end: { line, character: 0 } };
}

export function traceLenses(trace: LoopTrace, index: NvtxIndex, files: LoopFiles): TraceLens[] {
  const lenses: TraceLens[] = [];
  const when = profileTime(trace.takenAtMs);
  const staleFiles = new Set<string>();
  const isStale = (file: string): boolean => {
    const stale = fileIsStale(files(file), trace.takenAtMs);
    if (stale) staleFiles.add(file);
    return stale;
  };
  const add = (file: string, line: number, title: string, t0: number, t1: number, label: string): void => {
    const stale = isStale(file);
    lenses.push({ file, range: at(line), title: `${stale ? '$(warning) before your change: ' : ''}${title} — profile ${when}`, command: OPEN_TRACE_AT_COMMAND, arguments: [trace.path, t0, t1, label] });
  };

  // GIEs: per UID, the outermost family (buffer_process spans a batch from input to output);
  // names carry the batch number (`buffer_process batch_num=N`), so aggregate over names.
  const byUid = new Map<number, { perBatch: number; batches: number; share: number; t0: number; t1: number }>();
  const uids = new Set<number>();
  for (const r of trace.ranges) {
    const m = GIE_DOMAIN.exec(r.domain);
    if (m) uids.add(Number(m[1]));
  }
  for (const uid of uids) {
    const all = trace.ranges.filter((r) => GIE_DOMAIN.exec(r.domain)?.[1] === String(uid));
    const outer = all.filter((r) => /^buffer_process/.test(r.name));
    const fam = outer.length ? outer : all;
    const total = fam.reduce((a, r) => a + r.totalNs, 0);
    const count = fam.reduce((a, r) => a + r.count, 0);
    const longest = [...fam].sort((a, b) => b.maxNs - a.maxNs)[0];
    byUid.set(uid, { perBatch: count ? total / count : 0, batches: count, share: fam.reduce((a, r) => a + r.steadyShare, 0), t0: longest.longest.startNs, t1: longest.longest.endNs });
  }
  for (const [uid, g] of byUid) {
    const title = `nvinfer UID ${uid}: ${fmtMs(g.perBatch)} per batch × ${g.batches}, ${fmtPct(g.share)} of the steady state`;
    for (const e of index.gieConfigs.get(uid) ?? []) {
      if (e.config) add(e.config.file, e.config.range.start.line, title, g.t0, g.t1, `GstNvInfer: UID=${uid}`);
      for (const r of e.references) add(r.file, (r.element.range ?? r.range).start.line, title, g.t0, g.t1, `GstNvInfer: UID=${uid}`);
    }
  }

  // Annotated functions: the ranges whose best call site is in them.
  for (const r of trace.ranges) {
    if (GIE_DOMAIN.test(r.domain)) continue;
    const c = index.resolve(r.name, r.domain, { relatedNames: trace.namesByProcess.get(r.pid) ?? [] }).filter((x) => x.site);
    const best = c.filter((x) => x.score === c[0]?.score);
    for (const cand of best) {
      const s = cand.site!;
      const fn = s.enclosingFunction ? index.functionsIn(s.file).find((f) => f.name === s.enclosingFunction && f.line <= s.line && f.endLine >= s.line) : undefined;
      const line = fn && s.nameSource === 'function-name' ? Math.min(fn.line, s.line) : fn ? fn.line : s.line;
      const per = r.count > 1 ? `${fmtMs(r.avgNs)} per call (median ${fmtMs(r.medNs)}) × ${r.count}` : fmtMs(r.totalNs);
      add(s.file, line, `${r.domain ? `${r.domain}:` : ''}${r.name}: ${per}, ${fmtPct(r.steadyShare)} of the steady state`, r.longest.startNs, r.longest.endNs, r.name);
    }
  }
  // Element ranges (<name>_(Frame=N)) on the element.
  const frames = new Map<string, { total: number; count: number; t0: number; t1: number; max: number }>();
  for (const r of trace.ranges) {
    const m = /^(.+)_\((?:Frame|Batch)=\d+\)$/.exec(r.name);
    if (!m || r.domain) continue;
    const e = frames.get(m[1]) ?? { total: 0, count: 0, t0: r.longest.startNs, t1: r.longest.endNs, max: 0 };
    e.total += r.totalNs;
    e.count += r.count;
    if (r.maxNs > e.max) Object.assign(e, { max: r.maxNs, t0: r.longest.startNs, t1: r.longest.endNs });
    frames.set(m[1], e);
  }
  for (const [name, e] of frames) {
    for (const el of index.elements().filter((x) => x.name === name || x.autoName === name)) add(el.file, el.range.start.line, `${name}: ${fmtMs(e.total / e.count)} per frame × ${e.count}`, e.t0, e.t1, name);
  }
  for (const file of staleFiles) {
    lenses.push({ file, range: at(0), title: `$(warning) Changed after the profile of ${when}: Profile again`, command: PROFILE_AGAIN_COMMAND, arguments: [] });
  }
  return lenses;
}
