// `sightline trace summary|findings|compare`: the trace engine from the command line.
import { registerSubcommand, type CliIo } from './run';
import type { TraceSummary, StatRow } from '../trace/summary';
import type { Diagnosis } from '../trace/diagnosisTypes';
import type { TraceComparison, Delta } from '../trace/compare';

type Format = 'json' | 'text' | 'markdown';

const traceUsage = `Usage:
  sightline trace summary [--format json|text|markdown] [--max-size-mb N] FILE
  sightline trace findings [--format json|text|markdown] [--max-size-mb N] [--workspace DIR] FILE
  sightline trace compare [--format json|text|markdown] [--max-size-mb N] A B
--workspace DIR also places the findings on the lines of DIR that cause them (the pull-request report).
FILE is an Nsight Systems SQLite export (nsys export --type sqlite) or a .nsys-rep when nsys is installed.
`;

interface Parsed {
  format: Format;
  maxFileSizeMB?: number;
  files: string[];
  /** findings: also locate them in this workspace folder (server/loop/cliReport.ts). */
  workspace?: string;
}

function parseArgs(args: string[]): Parsed | string {
  let format: Format = 'text';
  let maxFileSizeMB: number | undefined;
  let workspace: string | undefined;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--format' || a.startsWith('--format=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : args[++i];
      if (v !== 'json' && v !== 'text' && v !== 'markdown') return `unknown format '${v ?? ''}' (json, text or markdown)`;
      format = v;
    } else if (a === '--max-size-mb' || a.startsWith('--max-size-mb=')) {
      const v = Number(a.includes('=') ? a.slice(a.indexOf('=') + 1) : args[++i]);
      if (!(v > 0)) return '--max-size-mb needs a positive number';
      maxFileSizeMB = v;
    } else if (a === '--workspace' || a.startsWith('--workspace=')) {
      workspace = a.includes('=') ? a.slice(a.indexOf('=') + 1) : args[++i];
      if (!workspace) return '--workspace needs a folder';
    } else if (a.startsWith('--')) return `unknown option '${a}'`;
    else files.push(a);
  }
  return { format, maxFileSizeMB, files, workspace };
}

function fmtNs(ns: number): string {
  return Number.isInteger(ns) ? String(ns) : ns.toFixed(1);
}

/** `labels`: the text columns after the figures (e.g. Style and Range), one `keys` entry each per row. */
function statTable(title: string, labels: string[], rows: (StatRow & { keys: string[] })[], md: boolean): string {
  const head = ['Time (%)', 'Total Time (ns)', 'Count', 'Avg (ns)', 'Med (ns)', 'Min (ns)', 'Max (ns)', 'StdDev (ns)', ...labels];
  const body = rows.map((r) => [r.timePercent.toFixed(1), fmtNs(r.totalNs), String(r.count), r.avgNs.toFixed(1), r.medNs.toFixed(1), fmtNs(r.minNs), fmtNs(r.maxNs), r.stdDevNs.toFixed(1), ...r.keys]);
  return table(title, head, body, md, head.length - labels.length);
}

/** Text mode: columns from `leftFrom` on are left-aligned (names), the others right-aligned (figures). */
function table(title: string, head: string[], body: string[][], md: boolean, leftFrom = head.length - 1): string {
  if (md) {
    const esc = (s: string): string => s.replace(/\|/g, '\\|');
    const lines = [`### ${title}`, '', `| ${head.map(esc).join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
    for (const r of body) lines.push(`| ${r.map(esc).join(' | ')} |`);
    if (!body.length) lines.push('', '_none_');
    return `${lines.join('\n')}\n\n`;
  }
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => (i === head.length - 1 ? 0 : r[i].length))));
  const line = (r: string[]): string =>
    r
      .map((c, i) => (i === r.length - 1 ? c : i >= leftFrom ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ');
  const out = [`${title}`, line(head), ...body.map(line)];
  if (!body.length) out.push('  (none)');
  return `${out.join('\n')}\n\n`;
}

function renderSummary(s: TraceSummary, format: Format): string {
  if (format === 'json') return `${JSON.stringify(s, null, 2)}\n`;
  const md = format === 'markdown';
  let out = md ? `## Trace summary: ${s.source}\n\n` : `Trace summary: ${s.source}\n\n`;
  for (const w of s.warnings) out += md ? `> ${w}\n\n` : `note: ${w}\n`;
  if (s.warnings.length && !md) out += '\n';
  out += statTable('NVTX ranges (nvtx_sum)', ['Style', 'Range'], s.nvtx.map((r) => ({ ...r, keys: [r.style, r.range] })), md);
  out += statTable('CUDA kernels (cuda_gpu_kern_sum)', ['Name'], s.kernels.map((r) => ({ ...r, keys: [r.name] })), md);
  out += statTable('CUDA API (cuda_api_sum)', ['Name'], s.cudaApi.map((r) => ({ ...r, keys: [r.name] })), md);
  out += statTable('GPU memory operations (cuda_gpu_mem_time_sum)', ['Operation'], s.memory.map((r) => ({ ...r, keys: [r.operation] })), md);
  out += statTable('OS runtime (osrt_sum)', ['Name'], s.osrt.map((r) => ({ ...r, keys: [r.name] })), md);
  return out;
}

function ms(ns: number): string {
  return `${(ns / 1e6).toFixed(2)} ms`;
}

function renderFindings(d: Diagnosis, format: Format): string {
  if (format === 'json') return `${JSON.stringify(d, null, 2)}\n`;
  const md = format === 'markdown';
  const h = (t: string): string => (md ? `### ${t}\n\n` : `${t}\n`);
  let out = md ? `## Trace findings: ${d.source}\n\n` : `Trace findings: ${d.source}\n\n`;
  out += h(`Verdict: ${d.verdict.pattern} (confidence ${d.verdict.confidence})`);
  for (const e of d.verdict.evidence) out += `  - ${e}\n`;
  out += '\n';
  out += h(`Steady state: ${ms(d.steadyState.startNs - d.captureNs.startNs)} to ${ms(d.steadyState.endNs - d.captureNs.startNs)} after capture start`);
  out += table(
    'Windows',
    ['start (ms)', 'end (ms)', 'GPU %', 'CPU %', 'API calls/ms', 'API %', 'sync %', 'copy %', 'pattern'],
    d.windows.map((w) => [
      ((w.startNs - d.captureNs.startNs) / 1e6).toFixed(1),
      ((w.endNs - d.captureNs.startNs) / 1e6).toFixed(1),
      (w.gpuUtilization * 100).toFixed(1),
      (w.cpuActivity * 100).toFixed(1),
      w.apiCallsPerMs.toFixed(2),
      (w.apiTimeFraction * 100).toFixed(1),
      (w.syncTimeFraction * 100).toFixed(1),
      (w.copyTimeFraction * 100).toFixed(1),
      w.startup ? `${w.pattern} (start-up)` : w.pattern,
    ]),
    md,
  );
  out += h(`Findings (${d.findings.length})`);
  for (const f of d.findings) {
    const where = [f.nvtxRange && `range ${f.nvtxRange}`, f.thread && `thread ${f.thread.name} [${f.thread.tid}]`, f.element && `element ${f.element}`, f.configKey && `config ${f.configKey}`]
      .filter(Boolean)
      .join(', ');
    out += `- [${f.severity}] ${f.id}: ${f.message}${where ? ` (${where})` : ''}\n`;
    for (const e of f.evidence.slice(0, 4)) out += `    ${e}\n`;
  }
  out += '\n';
  if (d.stages.length) {
    out += table(
      'Pipeline stages',
      ['thread', 'items', 'service ms/item', 'wait ms/item', 'capacity/s', 'throughput/s', 'busy %', 'bottleneck'],
      d.stages.map((s) => [
        `${s.thread.name} [${s.thread.tid}]`,
        String(s.items),
        (s.serviceNsPerItem / 1e6).toFixed(2),
        (s.waitNsPerItem / 1e6).toFixed(2),
        s.capacityPerSec.toFixed(1),
        s.throughputPerSec.toFixed(1),
        (s.busyFraction * 100).toFixed(1),
        s.bottleneck ? `yes: ${s.suggestion ?? ''}` : '',
      ]),
      md,
    );
  }
  return out;
}

function renderCompare(c: TraceComparison, format: Format): string {
  if (format === 'json') return `${JSON.stringify(c, null, 2)}\n`;
  const md = format === 'markdown';
  let out = md ? `## Trace comparison\n\nA: ${c.a}  \nB: ${c.b}\n\n` : `Trace comparison\nA: ${c.a}\nB: ${c.b}\n\n`;
  const verdict = (p: string, steady: string | undefined): string => (steady ? `${p} (steady state: ${steady})` : p);
  out += `Verdict: ${verdict(c.verdict.a, c.verdict.steadyA)} -> ${verdict(c.verdict.b, c.verdict.steadyB)}${c.verdict.changed ? ' (changed)' : ' (same)'}\n\n`;
  if (c.findingsGone.length) out += `Findings gone: ${c.findingsGone.join(', ')}\n`;
  if (c.findingsNew.length) out += `Findings new: ${c.findingsNew.join(', ')}\n`;
  out += '\n';
  const rows = (ds: Delta[]): string[][] =>
    ds.slice(0, 25).map((d) => [
      d.a ? String(d.a.count) : '-',
      d.b ? String(d.b.count) : '-',
      d.a ? ms(d.a.totalNs) : '-',
      d.b ? ms(d.b.totalNs) : '-',
      `${d.deltaTotalNs >= 0 ? '+' : ''}${ms(d.deltaTotalNs)}`,
      d.avgRatio === null ? '-' : `x${d.avgRatio}`,
      d.name,
    ]);
  const head = ['count A', 'count B', 'total A', 'total B', 'delta', 'avg B/A', 'name'];
  out += table('NVTX ranges', head, rows(c.ranges), md);
  out += table('Kernels', head, rows(c.kernels), md);
  out += table('Memory operations', head, rows(c.memory), md);
  out += table('CUDA API', head, rows(c.cudaApi), md);
  return out;
}

async function traceCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h') {
    io.out(traceUsage);
    return sub === undefined ? 2 : 0;
  }
  if (sub !== 'summary' && sub !== 'findings' && sub !== 'compare') {
    io.err(`sightline trace: unknown sub-command '${sub}'\n${traceUsage}`);
    return 2;
  }
  const p = parseArgs(rest);
  if (typeof p === 'string') {
    io.err(`sightline trace ${sub}: ${p}\n`);
    return 2;
  }
  const want = sub === 'compare' ? 2 : 1;
  if (p.files.length !== want) {
    io.err(`sightline trace ${sub}: expected ${want === 2 ? 'two files (A B)' : 'one file'}, got ${p.files.length}\n${traceUsage}`);
    return 2;
  }
  const { loadTrace, TraceLoadError } = await import('../trace/load');
  try {
    const models = [];
    for (const f of p.files) models.push(await loadTrace(f, { maxFileSizeMB: p.maxFileSizeMB }));
    if (sub === 'summary') {
      const { summarize } = await import('../trace/summary');
      io.out(renderSummary(summarize(models[0]), p.format));
    } else if (sub === 'findings') {
      const { diagnose } = await import('../trace/diagnose');
      const d = diagnose(models[0]);
      if (p.workspace) {
        const { workspaceLoopReport } = await import('../loop/cliReport');
        io.out(workspaceLoopReport(models[0], d, p.files[0], p.workspace, p.format));
      } else io.out(renderFindings(d, p.format));
    } else {
      const { compareTraces } = await import('../trace/compare');
      io.out(renderCompare(compareTraces(models[0], models[1]), p.format));
    }
    return 0;
  } catch (e) {
    if (e instanceof TraceLoadError) {
      io.err(`sightline: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

registerSubcommand('trace', async () => traceCommand);
