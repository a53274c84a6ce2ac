// Wall time of `sightline profile` vs the same capture run by hand with ssh + scp, on the
// loopback setup (real sshd from test/support/sshd.ts, fake nsys writing the real `sync`
// capture, an application that runs 3 s). Two by-hand baselines: (A) ssh nsys profile; ssh nsys
// export; scp both files; ssh rm (as ../shared/traces/src/capture.sh does), and (B) the fastest
// by hand: ssh nsys profile --export=sqlite; scp; ssh rm. Sightline adds preflight (nsys version,
// nsys status, disk, files), checksums, the run folder and metadata. The ratio is taken against
// the faster baseline (B). Goal: < 10 % overhead. Writes bench-results/profile.json.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../support/lspClient';
import { startSshd, fakeNsysDir } from '../support/sshd';
import { runProfile } from '../../client/profile/core/profileRun';

const rounds = Number(process.env.SIGHTLINE_BENCH_ROUNDS ?? 3);
const appSeconds = '3';

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number | null; ms: number; err: string }> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], env });
    let err = '';
    p.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    p.on('close', (code) => resolve({ code, ms: performance.now() - t0, err }));
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main(): Promise<void> {
  // The machine is shared: the load says how far these figures can be compared with others.
  const loadBefore = os.loadavg()[0];
  const sshd = await startSshd();
  sshd.setFake('trace', 'sync');
  const app = path.join(fakeNsysDir, 'app.py');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-bench-'));
  const ssh = ['-F', sshd.clientConfig, '-o', 'BatchMode=yes'];
  const byHand: number[] = [];
  const byHandSeparateExport: number[] = [];
  const sightline: number[] = [];
  const inProcess: number[] = [];
  const findings: number[] = [];
  const cliStartup: number[] = [];
  const nodeStartup: number[] = [];
  try {
    // The same capture four ways per round; the order rotates each round so that load drifting
    // on the shared machine does not always fall on the same variant.
    const byHandRun = async (variant: 'A' | 'B', i: number) => {
      const remote = path.join(sshd.remoteBase, `hand-${variant}-${i}`);
      const local = path.join(work, `hand-${variant}-${i}`);
      fs.mkdirSync(local, { recursive: true });
      const t0 = performance.now();
      const profile = `mkdir -p '${remote}' && FAKE_APP_SECONDS=${appSeconds} nsys profile --trace=cuda,nvtx,osrt -o '${remote}/report' --force-overwrite=true --duration=20${variant === 'B' ? ' --export=sqlite' : ''} ${app}`;
      const steps: [string, string[]][] = [['ssh', [...ssh, sshd.alias, profile]]];
      if (variant === 'A') steps.push(['ssh', [...ssh, sshd.alias, `nsys export --type=sqlite --output='${remote}/report.sqlite' --force-overwrite=true '${remote}/report.nsys-rep'`]]);
      steps.push(['scp', [...ssh, '-q', `${sshd.alias}:${remote}/report.nsys-rep`, `${sshd.alias}:${remote}/report.sqlite`, `${local}/`]]);
      steps.push(['ssh', [...ssh, sshd.alias, `rm -rf '${remote}'`]]);
      for (const [c, a] of steps) {
        const r = await run(c, a);
        if (r.code !== 0) throw new Error(`${c} failed: ${r.err}`);
      }
      (variant === 'A' ? byHandSeparateExport : byHand).push(performance.now() - t0);
      if (!fs.existsSync(path.join(local, 'report.sqlite'))) throw new Error('by-hand run produced no sqlite');
    };
    const cliRun = async (i: number) => {
      // Sightline CLI (capture, export, download, cleanup; --json skips the findings summary).
      const out = path.join(work, `sl-${i}`);
      const cli = [path.join(repoRoot, 'dist', 'cli.js'), 'profile', '--target', sshd.alias, '--ssh-config', sshd.clientConfig, '--remote-dir', sshd.remoteBase, '--out', out, '--duration', '20', '--env', `FAKE_APP_SECONDS=${appSeconds}`, '--json', '--', app];
      const r = await run(process.execPath, cli);
      if (r.code !== 0) throw new Error(`sightline profile failed: ${r.err}`);
      sightline.push(r.ms);
      const runDir = path.join(out, fs.readdirSync(out)[0]);
      const t1 = performance.now();
      const f = await run(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), 'trace', 'findings', path.join(runDir, 'report.sqlite')]);
      if (f.code === 0) findings.push(performance.now() - t1);
    };
    const inProcessRun = async (i: number) => {
      // The extension's path: the same core called inside an already running process.
      const t2 = performance.now();
      const res = await runProfile({
        target: { host: sshd.alias, remoteDir: sshd.remoteBase, env: { FAKE_APP_SECONDS: appSeconds } },
        command: [app],
        capture: { trace: ['cuda', 'nvtx', 'osrt'], durationS: 20, delayS: 0 },
        mode: 'profile',
        captureGraphs: false,
        keepRemoteFiles: false,
        profilesRoot: path.join(work, `ext-${i}`),
        ssh: { configFile: sshd.clientConfig, batchMode: true },
      });
      if (!res.ok) throw new Error(`runProfile failed: ${res.message}`);
      inProcess.push(performance.now() - t2);
    };
    const variants = [(i: number) => byHandRun('A', i), (i: number) => byHandRun('B', i), cliRun, inProcessRun];
    for (let i = 0; i < rounds; i++) {
      for (let k = 0; k < variants.length; k++) await variants[(k + i) % variants.length](i);
      // What the CLI costs before it does anything: node start-up and loading the bundle.
      const st = await run(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), 'profile', '--help']);
      if (st.code === 0) cliStartup.push(st.ms);
      const bare = await run(process.execPath, ['-e', '0']);
      nodeStartup.push(bare.ms);
      process.stdout.write(`round ${i + 1}/${rounds}: by hand (A) ${byHandSeparateExport[i].toFixed(0)} ms, by hand (B) ${byHand[i].toFixed(0)} ms, sightline CLI ${sightline[i].toFixed(0)} ms, in-process core (extension) ${inProcess[i].toFixed(0)} ms; CLI start-up ${st.ms.toFixed(0)} ms (bare node ${bare.ms.toFixed(0)} ms)\n`);
    }
  } finally {
    await sshd.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
  const hand = median(byHand);
  const sl = median(sightline);
  const ratio = sl / hand;
  const result = {
    name: 'profile',
    rounds,
    appSeconds: Number(appSeconds),
    trace: 'sync (2.6 MB SQLite, 0.8 MB report)',
    byHandMedianMs: Math.round(hand),
    byHandSeparateExportMedianMs: Math.round(median(byHandSeparateExport)),
    ratioVsSeparateExport: Number((sl / median(byHandSeparateExport)).toFixed(3)),
    extensionInProcessMedianMs: Math.round(median(inProcess)),
    extensionRatio: Number((median(inProcess) / hand).toFixed(3)),
    extensionOverheadPercent: Number(((median(inProcess) / hand - 1) * 100).toFixed(1)),
    sightlineMedianMs: Math.round(sl),
    ratio: Number(ratio.toFixed(3)),
    overheadPercent: Number(((ratio - 1) * 100).toFixed(1)),
    goalPercent: 10,
    findingsSummaryMedianMs: findings.length ? Math.round(median(findings)) : null,
    cliStartupMedianMs: Math.round(median(cliStartup)),
    nodeStartupMedianMs: Math.round(median(nodeStartup)),
    cliBundleBytes: fs.statSync(path.join(repoRoot, 'dist', 'cli.js')).size,
    cliOverInProcessMedianMs: Math.round(sl - median(inProcess)),
    loadAverage1m: { before: Number(loadBefore.toFixed(2)), after: Number(os.loadavg()[0].toFixed(2)), cores: os.cpus().length },
    byHandMs: byHand.map(Math.round),
    byHandSeparateExportMs: byHandSeparateExport.map(Math.round),
    sightlineMs: sightline.map(Math.round),
    extensionInProcessMs: inProcess.map(Math.round),
  };
  fs.mkdirSync(path.join(repoRoot, 'bench-results'), { recursive: true });
  fs.writeFileSync(path.join(repoRoot, 'bench-results', 'profile.json'), JSON.stringify(result, null, 2) + '\n');
  process.stdout.write(
    `profile: by hand (ssh+scp, --export=sqlite) median ${result.byHandMedianMs} ms, by hand with separate export ${result.byHandSeparateExportMedianMs} ms, sightline profile median ${result.sightlineMedianMs} ms, ratio ${result.ratio} vs the faster (${result.overheadPercent}% overhead; goal < 10%), ${result.ratioVsSeparateExport} vs separate export; in-process core as the extension runs it: median ${result.extensionInProcessMedianMs} ms, ratio ${result.extensionRatio} (${result.extensionOverheadPercent}%)` +
      (result.findingsSummaryMedianMs !== null ? `; findings summary afterwards ${result.findingsSummaryMedianMs} ms` : '') +
      `; CLI start-up (profile --help) ${result.cliStartupMedianMs} ms vs bare node ${result.nodeStartupMedianMs} ms; CLI minus in-process ${result.cliOverInProcessMedianMs} ms` +
      '\n',
  );
}

main().catch((e: unknown) => {
  process.stderr.write(`profile bench failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
