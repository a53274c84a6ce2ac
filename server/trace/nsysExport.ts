// A `.nsys-rep` (or older `.qdrep`) report is a binary Nsight Systems file; only nsys itself can
// turn it into the SQLite export we read. Use a local nsys when there is one (no shell: argv only).
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TraceLoadCancelledError, TraceLoadError } from './errors';

export function isNsysReport(file: string): boolean {
  return /\.(nsys-rep|qdrep)$/i.test(file);
}

/** nsys on PATH, or under /opt/nvidia/nsight-systems*, or the given one. */
export function findNsys(explicit?: string): string | undefined {
  if (explicit) return existsSync(explicit) ? explicit : undefined;
  const exe = process.platform === 'win32' ? 'nsys.exe' : 'nsys';
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const p = path.join(dir, exe);
    if (existsSync(p)) return p;
  }
  const roots = ['/opt/nvidia', '/usr/local/cuda/bin'];
  for (const root of roots) {
    if (!existsSync(root)) continue;
    const direct = path.join(root, exe);
    if (existsSync(direct)) return direct;
    for (const d of readdirSync(root).filter((n) => n.startsWith('nsight-systems')).sort().reverse()) {
      for (const sub of ['bin', 'target-linux-x64', 'target-linux-sbsa-armv8', 'target-linux-tegra-armv8']) {
        const p = path.join(root, d, sub, exe);
        if (existsSync(p)) return p;
      }
    }
  }
  return undefined;
}

/**
 * Export a report to SQLite next to it (or in the temp dir when that is read-only); returns the
 * .sqlite path. An abort of `signal` kills nsys and removes its partial output.
 */
export async function exportReportToSqlite(report: string, nsysPath?: string, signal?: AbortSignal): Promise<string> {
  const name = path.basename(report);
  const base = report.replace(/\.(nsys-rep|qdrep)$/i, '');
  const beside = `${base}.sqlite`;
  if (existsSync(beside) && statSync(beside).mtimeMs >= statSync(report).mtimeMs) return beside;
  const nsys = findNsys(nsysPath);
  if (!nsys) {
    throw new TraceLoadError(
      `${name}: an Nsight Systems report; no local nsys to export it. Run \`nsys export --type sqlite --output ${path.basename(beside)} ${name}\` where Nsight Systems is installed and open the .sqlite file`,
    );
  }
  const cancelled = (out: string): TraceLoadCancelledError => {
    rmSync(out, { force: true });
    return new TraceLoadCancelledError(`${name}: loading cancelled`);
  };
  const tryExport = (out: string): Promise<void> =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(cancelled(out));
        return;
      }
      execFile(nsys, ['export', '--type', 'sqlite', '--force-overwrite', 'true', '--output', out, report], { timeout: 10 * 60_000, signal }, (err, _o, stderr) => {
        if (err && signal?.aborted) reject(cancelled(out));
        else if (err) reject(new Error(String(stderr || err.message).trim().split('\n').pop()));
        else resolve();
      });
    });
  try {
    await tryExport(beside);
    return beside;
  } catch (e) {
    if (e instanceof TraceLoadCancelledError) throw e;
    const tmp = path.join(os.tmpdir(), `sightline-${process.pid}-${path.basename(beside)}`);
    try {
      await tryExport(tmp);
      return tmp;
    } catch (e) {
      if (e instanceof TraceLoadCancelledError) throw e;
      throw new TraceLoadError(`${name}: \`nsys export\` failed (${e instanceof Error ? e.message : String(e)})`);
    }
  }
}
