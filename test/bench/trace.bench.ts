// Trace engine benchmark on api_big (1.8 M events, 94 MB), figures in one run:
//  1. `sightline trace summary` wall time against the `sqlite3` shell computing the same
//     aggregates natively (count, sum, min, max, avg, sum of squares per name for the five reports;
//     SQLite has no median, so the native side does a little less work). Goal <= 3x (1.5x ideal).
//  2. The model's memory (typed arrays + strings) against the file size. Goal < 3x.
//  3. A full-width level-of-detail query (2000 px, every row). Goal < 16 ms.
//  4. The cost of loading in slices (event-loop turns every 50 ms, progress reports, an
//     AbortSignal checked between slices) against the same loader never yielding. Goal < 5 %.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadTrace } from '../../server/trace/load';
import { modelBytes } from '../../server/trace/modelSize';
import { listRows, queryView, rowIndexBytes } from '../../server/trace/lod';
import { capturePath, repoRoot } from '../unit/trace/traceFiles';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

function timeIt(f: () => void): number {
  const t = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

const NATIVE_SQL = `
SELECT nameId, count(*), sum(end-start), min(end-start), max(end-start), avg(end-start), sum((end-start)*(end-start)) FROM CUPTI_ACTIVITY_KIND_RUNTIME GROUP BY nameId;
SELECT demangledName, count(*), sum(end-start), min(end-start), max(end-start), avg(end-start), sum((end-start)*(end-start)) FROM CUPTI_ACTIVITY_KIND_KERNEL GROUP BY demangledName;
SELECT coalesce(text, textId), domainId, eventType, count(*), sum(end-start), min(end-start), max(end-start), avg(end-start), sum((end-start)*(end-start)) FROM NVTX_EVENTS WHERE eventType IN (59, 60) AND end IS NOT NULL GROUP BY 1, 2, 3;
SELECT nameId, count(*), sum(end-start), min(end-start), max(end-start), avg(end-start), sum((end-start)*(end-start)) FROM OSRT_API WHERE eventClass NOT IN (31, 32) GROUP BY nameId;
`;

async function main(): Promise<void> {
  const file = await capturePath('api_big');
  const size = statSync(file).size;
  const runs = 3;
  const results: Record<string, unknown> = { file: path.basename(file), fileBytes: size };

  // 1. CLI summary against native sqlite3.
  const cli = [path.join(repoRoot, 'dist', 'cli.js'), path.join(repoRoot, 'out', 'server', 'cli', 'main.js')].find((p) => existsSync(p));
  if (!cli) throw new Error('no built CLI (dist/cli.js or out/server/cli/main.js)');
  let sqlite3 = '';
  try {
    sqlite3 = execFileSync('sh', ['-c', 'command -v sqlite3'], { encoding: 'utf8' }).trim();
  } catch {
    sqlite3 = '';
  }
  const ours: number[] = [];
  const native: number[] = [];
  for (let i = 0; i < runs; i++) {
    ours.push(
      timeIt(() => {
        const r = spawnSync(process.execPath, [cli, 'trace', 'summary', '--format', 'json', file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
        if (r.status !== 0) throw new Error(`sightline trace summary failed: ${r.stderr}`);
      }),
    );
    if (sqlite3) {
      native.push(
        timeIt(() => {
          const r = spawnSync(sqlite3, [file, NATIVE_SQL], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
          if (r.status !== 0) throw new Error(`sqlite3 failed: ${r.stderr}`);
        }),
      );
    }
  }
  // CPU time (user + sys of the child, from bash's `times`): steadier than wall time on a shared machine.
  const cpuOf = (cmd: string[]): number => {
    const r = spawnSync('bash', ['-c', '"$@" > /dev/null 2>&1; times', '_', ...cmd], { encoding: 'utf8' });
    const lines = r.stdout.trim().split('\n');
    const m = /(\d+)m([\d.]+)s (\d+)m([\d.]+)s/.exec(lines[lines.length - 1] ?? '');
    return m ? (Number(m[1]) * 60 + Number(m[2]) + Number(m[3]) * 60 + Number(m[4])) * 1000 : NaN;
  };
  const oursCpu = median([0, 1, 2].map(() => cpuOf([process.execPath, cli, 'trace', 'summary', '--format', 'json', file])));
  results.summaryCliCpuMs = oursCpu;
  if (sqlite3) {
    const nativeCpu = median([0, 1, 2].map(() => cpuOf([sqlite3, file, NATIVE_SQL])));
    results.sqlite3NativeCpuMs = nativeCpu;
    results.summaryVsSqlite3CpuRatio = Math.round((oursCpu / nativeCpu) * 100) / 100;
    console.log(`CPU time (user+sys): ours ${oursCpu.toFixed(0)} ms, sqlite3 ${nativeCpu.toFixed(0)} ms, ratio ${(oursCpu / nativeCpu).toFixed(2)}x`);
  }
  const oursMs = median(ours);
  results.summaryCliMs = oursMs;
  if (sqlite3) {
    const nativeMs = median(native);
    results.sqlite3NativeMs = nativeMs;
    results.summaryVsSqlite3Ratio = Math.round((oursMs / nativeMs) * 100) / 100;
    console.log(`trace summary api_big: ${oursMs.toFixed(0)} ms, sqlite3 shell ${nativeMs.toFixed(0)} ms, ratio ${(oursMs / nativeMs).toFixed(2)}x (goal <= 3x)`);
  } else {
    console.log(`trace summary api_big: ${oursMs.toFixed(0)} ms; sqlite3 not installed, no ratio (apt-get install sqlite3)`);
  }

  // 2. Model memory.
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage();
  const t0 = process.hrtime.bigint();
  const model = await loadTrace(file);
  const loadOnceMs = Number(process.hrtime.bigint() - t0) / 1e6;
  gc?.();
  const after = process.memoryUsage();
  const bytes = modelBytes(model);
  results.loadMs = loadOnceMs;
  results.modelBytes = bytes;
  results.modelToFileRatio = Math.round((bytes / size) * 100) / 100;
  results.heapPlusArrayBuffersDeltaBytes = after.heapUsed + after.arrayBuffers - (before.heapUsed + before.arrayBuffers);
  console.log(`model of api_big: ${(bytes / 1e6).toFixed(1)} MB for a ${(size / 1e6).toFixed(1)} MB file, ratio ${(bytes / size).toFixed(2)}x (goal < 3x); load ${loadOnceMs.toFixed(0)} ms; heap+arrayBuffers delta ${((after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers) / 1e6).toFixed(1)} MB`);

  // 3. Full-width LOD query.
  const indexMs = timeIt(() => listRows(model));
  const width = 2000;
  const lod: number[] = [];
  let items = 0;
  for (let i = 0; i < 21; i++) {
    lod.push(
      timeIt(() => {
        const v = queryView(model, { t0: model.startNs, t1: model.endNs, widthPx: width });
        items = v.slices.reduce((a, s) => a + s.start.length, 0);
      }),
    );
  }
  // The same query's CPU time (this process only), for machines shared with other work.
  const lodCpu: number[] = [];
  for (let i = 0; i < 21; i++) {
    const c = process.cpuUsage();
    queryView(model, { t0: model.startNs, t1: model.endNs, widthPx: width });
    const d = process.cpuUsage(c);
    lodCpu.push((d.user + d.system) / 1000);
  }
  results.lodFullWidthCpuMedianMs = median(lodCpu);
  const zoom: number[] = [];
  const mid = (model.startNs + model.endNs) / 2;
  for (let i = 0; i < 21; i++) zoom.push(timeIt(() => queryView(model, { t0: mid, t1: mid + 5e6, widthPx: width })));
  results.rowIndexBuildMs = indexMs;
  results.rowIndexBytes = rowIndexBytes(model);
  results.modelPlusRowIndexToFileRatio = Math.round(((bytes + rowIndexBytes(model)) / size) * 100) / 100;
  results.lodFullWidthMedianMs = median(lod);
  results.lodFullWidthItems = items;
  results.lodZoom5msMedianMs = median(zoom);
  console.log(`LOD full width (${width} px, all rows): median ${median(lod).toFixed(2)} ms, ${items} items (goal < 16 ms), CPU ${median(lodCpu).toFixed(2)} ms; 5 ms zoom ${median(zoom).toFixed(2)} ms; row index built once in ${indexMs.toFixed(0)} ms (${(rowIndexBytes(model) / 1e6).toFixed(1)} MB; model + index ${((bytes + rowIndexBytes(model)) / size).toFixed(2)}x the file)`);

  // 4. Sliced loading against one synchronous stretch, interleaved runs, wall and CPU medians.
  const sliced: number[] = [];
  const slicedCpu: number[] = [];
  const whole: number[] = [];
  const wholeCpu: number[] = [];
  let reports = 0;
  for (let i = 0; i < 7; i++) {
    for (const mode of ['sliced', 'whole'] as const) {
      gc?.();
      const c = process.cpuUsage();
      const t = process.hrtime.bigint();
      if (mode === 'sliced') {
        reports = 0;
        await loadTrace(file, { onProgress: () => reports++, signal: new AbortController().signal });
      } else {
        await loadTrace(file, { sliceMs: Infinity });
      }
      const ms = Number(process.hrtime.bigint() - t) / 1e6;
      const d = process.cpuUsage(c);
      (mode === 'sliced' ? sliced : whole).push(ms);
      (mode === 'sliced' ? slicedCpu : wholeCpu).push((d.user + d.system) / 1000);
    }
  }
  results.loadSlicedMedianMs = median(sliced);
  results.loadWholeMedianMs = median(whole);
  results.loadSlicedCpuMedianMs = median(slicedCpu);
  results.loadWholeCpuMedianMs = median(wholeCpu);
  results.loadSlicingOverheadWall = Math.round((median(sliced) / median(whole) - 1) * 1000) / 1000;
  results.loadSlicingOverheadCpu = Math.round((median(slicedCpu) / median(wholeCpu) - 1) * 1000) / 1000;
  results.loadSlicedProgressReports = reports;
  console.log(
    `load api_big in 50 ms slices: ${median(sliced).toFixed(0)} ms (CPU ${median(slicedCpu).toFixed(0)}) vs unsliced ${median(whole).toFixed(0)} ms (CPU ${median(wholeCpu).toFixed(0)}): overhead ${((median(sliced) / median(whole) - 1) * 100).toFixed(1)} % wall, ${((median(slicedCpu) / median(wholeCpu) - 1) * 100).toFixed(1)} % CPU (goal < 5 %); ${reports} progress reports during one load`,
  );

  mkdirSync(path.join(repoRoot, 'bench-results'), { recursive: true });
  writeFileSync(path.join(repoRoot, 'bench-results', 'trace.json'), `${JSON.stringify(results, null, 2)}\n`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
