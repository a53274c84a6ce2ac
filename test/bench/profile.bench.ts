// Wall time of `sightline profile` vs the same capture run by hand with ssh + scp, on the
// loopback setup (real sshd from test/support/sshd.ts, fake nsys writing the real `sync`
// capture, an application that runs 3 s). By hand: ssh nsys profile; ssh nsys export; scp both
// files; ssh rm. Sightline adds preflight, checksums, multiplexing and the run folder.
// Goal: < 10 % overhead. Writes bench-results/profile.json.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../support/lspClient';
import { startSshd, fakeNsysDir } from '../support/sshd';

const rounds = Number(process.env.SIGHTLINE_BENCH_ROUNDS ?? 5);
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
  const sshd = await startSshd();
  sshd.setFake('trace', 'sync');
  const app = path.join(fakeNsysDir, 'app.py');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-bench-'));
  const ssh = ['-F', sshd.clientConfig, '-o', 'BatchMode=yes'];
  const byHand: number[] = [];
  const sightline: number[] = [];
  const findings: number[] = [];
  try {
    for (let i = 0; i < rounds; i++) {
      // By hand.
      const remote = path.join(sshd.remoteBase, `hand-${i}`);
      const local = path.join(work, `hand-${i}`);
      fs.mkdirSync(local, { recursive: true });
      const t0 = performance.now();
      const steps = [
        ['ssh', [...ssh, sshd.alias, `mkdir -p '${remote}' && FAKE_APP_SECONDS=${appSeconds} nsys profile --trace=cuda,nvtx,osrt -o '${remote}/report' --force-overwrite=true --duration=20 ${app}`]],
        ['ssh', [...ssh, sshd.alias, `nsys export --type=sqlite --output='${remote}/report.sqlite' --force-overwrite=true '${remote}/report.nsys-rep'`]],
        ['scp', [...ssh, '-q', `${sshd.alias}:${remote}/report.nsys-rep`, `${sshd.alias}:${remote}/report.sqlite`, `${local}/`]],
        ['ssh', [...ssh, sshd.alias, `rm -rf '${remote}'`]],
      ] as const;
      for (const [c, a] of steps) {
        const r = await run(c, [...a]);
        if (r.code !== 0) throw new Error(`${c} failed: ${r.err}`);
      }
      byHand.push(performance.now() - t0);
      if (!fs.existsSync(path.join(local, 'report.sqlite'))) throw new Error('by-hand run produced no sqlite');

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
      process.stdout.write(`round ${i + 1}/${rounds}: by hand ${byHand[i].toFixed(0)} ms, sightline ${sightline[i].toFixed(0)} ms\n`);
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
    sightlineMedianMs: Math.round(sl),
    ratio: Number(ratio.toFixed(3)),
    overheadPercent: Number(((ratio - 1) * 100).toFixed(1)),
    goalPercent: 10,
    findingsSummaryMedianMs: findings.length ? Math.round(median(findings)) : null,
    byHandMs: byHand.map(Math.round),
    sightlineMs: sightline.map(Math.round),
  };
  fs.mkdirSync(path.join(repoRoot, 'bench-results'), { recursive: true });
  fs.writeFileSync(path.join(repoRoot, 'bench-results', 'profile.json'), JSON.stringify(result, null, 2) + '\n');
  process.stdout.write(
    `profile: by hand (ssh+scp) median ${result.byHandMedianMs} ms, sightline profile median ${result.sightlineMedianMs} ms, ratio ${result.ratio} (${result.overheadPercent}% overhead; goal < 10%)` +
      (result.findingsSummaryMedianMs !== null ? `; findings summary afterwards ${result.findingsSummaryMedianMs} ms` : '') +
      '\n',
  );
}

main().catch((e: unknown) => {
  process.stderr.write(`profile bench failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
