// The pull-request-ready report of a profile: verdict, evidence, the lines to change (from the
// located diagnostics), findings not tied to a line, and before/after when an earlier profile is
// given. Markdown; paths relative to the workspace root when one is given.
import * as path from 'node:path';
import type { LoopResult, LoopTrace, RangeFigures } from './loopTypes';
import { fmtMs, fmtPct, profileTime } from './traceFacts';

export interface ReportOptions {
  /** Workspace root: paths are printed relative to it. */
  root?: string;
  /** An earlier profile of the same program (before the change). */
  before?: { trace: LoopTrace; result?: LoopResult };
}

const esc = (s: string): string => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

function rel(p: string, root?: string): string {
  if (!root) return p;
  const r = path.relative(root, p);
  return r.startsWith('..') ? p : r.split(path.sep).join('/');
}

function rangeKey(r: RangeFigures): string {
  return `${r.domain}:${r.name}`;
}

export function renderLoopReport(trace: LoopTrace, result: LoopResult, opts: ReportOptions = {}): string {
  const d = trace.diagnosis;
  const out: string[] = [];
  out.push(`## Sightline profile report: ${path.basename(trace.path)}`, '');
  out.push(`Profile taken ${profileTime(trace.takenAtMs)}${trace.takenAtSource === 'file' ? " (the trace file's time: the capture time is not recorded)" : ''}; steady state ${fmtMs(d.steadyState.endNs - d.steadyState.startNs)} of a ${fmtMs(d.captureNs.endNs - d.captureNs.startNs)} capture.`, '');
  out.push(`### Verdict: ${d.verdict.pattern} (confidence ${d.verdict.confidence})`, '');
  for (const e of d.verdict.evidence) out.push(`- ${e}`);
  out.push('');
  out.push('### Lines to change', '');
  if (result.diagnostics.length) {
    out.push('| where | finding | measured and fix |', '|---|---|---|');
    const sorted = [...result.diagnostics].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'warning' ? -1 : 1) || a.file.localeCompare(b.file) || a.range.start.line - b.range.start.line);
    for (const x of sorted) {
      out.push(`| \`${esc(rel(x.file, opts.root))}:${x.range.start.line + 1}\` | ${esc(x.code)}${x.stale ? ' (stale)' : ''} | ${esc(x.message.replace(/ — measured in .*$/, ''))} |`);
    }
  } else out.push('_No finding of this profile maps to a line of the workspace._');
  out.push('');
  if (result.unplaced.length) {
    out.push('### Findings not tied to a line', '');
    for (const u of result.unplaced) out.push(`- **${esc(u.finding.id)}** (${u.finding.severity}): ${esc(u.finding.message)} _(${esc(u.reason)})_`);
    out.push('');
  }
  const top = trace.ranges.slice(0, 10);
  if (top.length) {
    out.push('### NVTX ranges', '', '| range | calls | avg | median | share of steady state |', '|---|---:|---:|---:|---:|');
    for (const r of top) out.push(`| \`${esc(rangeKey(r))}\` | ${r.count} | ${fmtMs(r.avgNs)} | ${fmtMs(r.medNs)} | ${fmtPct(r.steadyShare)} |`);
    out.push('');
  }
  if (opts.before) {
    const b = opts.before.trace;
    out.push(`### Before / after`, '', `Before: ${path.basename(b.path)} (${profileTime(b.takenAtMs)}), verdict ${b.diagnosis.verdict.pattern}. After: ${path.basename(trace.path)}, verdict ${d.verdict.pattern}.`, '');
    const beforeMap = new Map(b.ranges.map((r) => [rangeKey(r), r]));
    const keys = new Set([...b.ranges.map(rangeKey), ...trace.ranges.map(rangeKey)]);
    out.push('| range | avg before | avg after | change |', '|---|---:|---:|---:|');
    const rows = [...keys].map((k) => ({ k, a: beforeMap.get(k), z: trace.ranges.find((r) => rangeKey(r) === k) })).sort((x, y) => (y.a?.totalNs ?? 0) + (y.z?.totalNs ?? 0) - ((x.a?.totalNs ?? 0) + (x.z?.totalNs ?? 0)));
    for (const { k, a, z } of rows.slice(0, 15)) {
      const change = a && z ? `${z.avgNs >= a.avgNs ? '+' : ''}${(((z.avgNs - a.avgNs) / a.avgNs) * 100).toFixed(0)} %` : a ? 'gone' : 'new';
      out.push(`| \`${esc(k)}\` | ${a ? fmtMs(a.avgNs) : '-'} | ${z ? fmtMs(z.avgNs) : '-'} | ${change} |`);
    }
    const ids = (t: LoopTrace): Set<string> => new Set(t.diagnosis.findings.map((f) => f.id));
    const gone = [...ids(b)].filter((x) => !ids(trace).has(x));
    const added = [...ids(trace)].filter((x) => !ids(b).has(x));
    out.push('');
    if (gone.length) out.push(`Findings gone: ${gone.join(', ')}.`);
    if (added.length) out.push(`Findings new: ${added.join(', ')}.`);
    out.push('');
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}
