// Language-server latency and memory over real JSON-RPC (stdio), as VS Code talks to it.
//  1. keystroke → new diagnostics in a 2,000-line deepstream-app config (p50 / p95, target p95 < 50 ms)
//  2. opening the 300-config corpus as workspace → last diagnostic published and pass done (target < 2 s)
//  3. server memory after that pass (RSS, peak RSS; target < 150 MB)
// Writes bench-results/lsp.json.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspTestClient, repoRoot, sharedRoot } from '../support/lspClient';

const corpus = path.join(sharedRoot, 'corpus', 'deepstream-9.1-configs');

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

/** CPU time (user + system) the process used so far, in ms (Linux /proc; 0 elsewhere). */
function cpuMs(pid: number | undefined): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime are fields 14 and 15 of /proc/PID/stat (11 and 12 after the command), in clock ticks (100 Hz).
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return 0;
  }
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}

/** A 2,000-line deepstream-app config: a real corpus config with its source/sink/gie groups repeated. */
function bigAppConfig(): string {
  const base = fs.readFileSync(path.join(corpus, 'src/apps/sample_apps/deepstream-test5/configs/test5_dec_infer-resnet_tracker_sgie_tiled_display.txt'), 'utf8').replace(/\r\n/g, '\n');
  const lines = base.split('\n');
  const source = /^\[source0\]$/m.exec(base);
  const out = [...lines];
  let n = 1;
  // Append more [sourceN] groups copied from [source0] until the file has 2,000 lines.
  const start = source ? base.slice(source.index).split('\n') : [];
  const group: string[] = [];
  for (let i = 0; i < start.length; i++) {
    if (i > 0 && /^\[/.test(start[i])) break;
    group.push(start[i]);
  }
  while (out.length < 2000) {
    out.push('', ...group.map((l, i) => (i === 0 ? `[source${n}]` : l)));
    n++;
  }
  return out.slice(0, 2000).join('\n') + '\n';
}

async function keystrokeLatency(): Promise<{ lines: number; keystrokes: number; p50: number; p95: number; max: number; diagnostics: number; serverCpuMsPerKeystroke: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-bench-'));
  const c = new LspTestClient();
  try {
    await c.initialize(null);
    const text = bigAppConfig();
    const file = path.join(dir, 'deepstream_app_config_big.txt');
    fs.writeFileSync(file, text);
    const uri = pathToFileURL(file).href;
    await c.open(uri, 'deepstream-app-config', text);
    const first = await c.waitForDiagnostics(uri, (p) => p.version === 1, 30000);
    // Type into a value in the middle of the file: `gpu-id=0` → `gpu-id=01` → ... one char at a time.
    const lines = text.split('\n');
    const target = lines.findIndex((l, i) => i > 1000 && /^gpu-id=/.test(l));
    const line = target >= 0 ? target : 1000;
    let col = lines[line].length;
    const samples: number[] = [];
    const keystrokes = 120;
    const cpu0 = cpuMs(c.proc.pid);
    for (let k = 0; k < keystrokes; k++) {
      const ch = k % 10 === 9 ? '' : String(k % 10);
      const range = ch === '' ? { start: { line, character: col - 1 }, end: { line, character: col } } : { start: { line, character: col }, end: { line, character: col } };
      const t0 = performance.now();
      const v = await c.edit(uri, range, ch);
      await c.nextDiagnostics(uri, (p) => p.version === v, 10000);
      samples.push(performance.now() - t0);
      col += ch === '' ? -1 : 1;
      // A human types about 10 characters a second at most; leave the server a typing-like gap.
      await new Promise((r) => setTimeout(r, 30));
    }
    const cpuPerKey = (cpuMs(c.proc.pid) - cpu0) / keystrokes;
    const sorted = [...samples].sort((a, b) => a - b);
    return { lines: 2000, keystrokes, p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), max: round(sorted[sorted.length - 1]), diagnostics: first.diagnostics.length, serverCpuMsPerKeystroke: round(cpuPerKey) };
  } finally {
    await c.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

interface PassResult {
  files: number;
  linted: number;
  withDiagnostics: number;
  cancelled: boolean;
  ms: number;
}

async function workspaceOpen(): Promise<{ ms: number; lastPublishMs: number; passMs: number; serverCpuMs: number; files: number; linted: number; published: number; rssMB: number; peakRssMB: number }> {
  const c = new LspTestClient();
  try {
    const t0 = performance.now();
    const done = c.waitForNotification<PassResult>('sightline/workspaceLintDone', 60000);
    await c.initialize(pathToFileURL(corpus).href);
    const result = await done;
    const tDone = performance.now();
    // CPU the server spent from its start to the end of the pass (load-independent cost).
    const serverCpuMs = cpuMs(c.proc.pid);
    const lastPublish = c.published.length ? Math.max(...c.published.map((p) => p.at)) : t0;
    let rssMB = 0;
    let peakRssMB = 0;
    try {
      const status = fs.readFileSync(`/proc/${c.proc.pid}/status`, 'utf8');
      rssMB = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
      peakRssMB = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
    } catch {
      /* not Linux */
    }
    return {
      ms: round(tDone - t0),
      lastPublishMs: round(lastPublish - t0),
      passMs: result.ms,
      serverCpuMs: round(serverCpuMs),
      files: result.files,
      linted: result.linted,
      published: new Set(c.published.map((p) => p.uri)).size,
      rssMB: round(rssMB),
      peakRssMB: round(peakRssMB),
    };
  } finally {
    await c.shutdown();
  }
}

async function main(): Promise<void> {
  const keys = await keystrokeLatency();
  console.log(`keystroke → diagnostics (2,000-line deepstream-app config, ${keys.keystrokes} keystrokes, ${keys.diagnostics} diagnostics): p50 ${keys.p50} ms, p95 ${keys.p95} ms, max ${keys.max} ms (target p95 < 50 ms); server CPU ${keys.serverCpuMsPerKeystroke} ms per keystroke`);
  const runs = [];
  for (let i = 0; i < 3; i++) runs.push(await workspaceOpen());
  const byMs = [...runs].sort((a, b) => a.ms - b.ms);
  const median = byMs[1];
  console.log(
    `open ${median.files}-file corpus workspace (median of 3): pass done ${median.ms} ms, last diagnostic published ${median.lastPublishMs} ms, ${median.linted} linted, ${median.published} files with diagnostics (target < 2000 ms)`,
  );
  console.log(`  runs: ${runs.map((r) => `${r.ms} ms`).join(', ')}; server CPU from start to end of pass: ${runs.map((r) => `${r.serverCpuMs} ms`).join(', ')}`);
  console.log(`  machine load average at the end: ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} on ${os.cpus().length} CPUs`);
  const maxRss = Math.max(...runs.map((r) => r.rssMB));
  const maxPeak = Math.max(...runs.map((r) => r.peakRssMB));
  console.log(`server memory after the pass: RSS ${maxRss} MB, peak RSS ${maxPeak} MB (target < 150 MB)`);
  const result = {
    keystroke: keys,
    workspaceOpen: { median, runs },
    memory: { rssMB: maxRss, peakRssMB: maxPeak },
    targets: { keystrokeP95Ms: 50, workspaceOpenMs: 2000, memoryMB: 150 },
    met: { keystroke: keys.p95 < 50, workspaceOpen: median.ms < 2000 && median.lastPublishMs < 2000, memory: maxPeak < 150 },
    machine: { cpus: os.cpus().length, node: process.version, loadavg: os.loadavg() },
  };
  fs.mkdirSync(path.join(repoRoot, 'bench-results'), { recursive: true });
  fs.writeFileSync(path.join(repoRoot, 'bench-results', 'lsp.json'), JSON.stringify(result, null, 2) + '\n');
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
