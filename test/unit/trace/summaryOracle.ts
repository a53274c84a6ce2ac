// Compares our `nsys stats` equivalents with Nsight's own CSVs: counts and totals exactly,
// minimum and maximum exactly, averages, medians, standard deviations and time shares exactly as Nsight's one decimal.
import assert from 'node:assert/strict';
import type { StatRow, TraceSummary } from '../../../server/trace/summary';
import { oracle } from './traceFiles';

function close(ours: number, theirs: string, what: string): void {
  // Nsight prints one decimal of the exact value; ours must print the same digits.
  assert.equal(ours, Number(theirs), `${what}: ours ${ours}, Nsight ${theirs}`);
}

function check(capture: string, report: string, rows: (StatRow & { key: string })[], keyOf: (r: Record<string, string>) => string, countCol: string): number {
  const want = oracle(capture, report);
  assert.ok(want, `${capture}: no oracle ${report}.csv`);
  const byKey = new Map(rows.map((r) => [r.key, r]));
  assert.equal(rows.length, want.length, `${capture} ${report}: ${rows.length} rows, Nsight ${want.length} (ours: ${rows.map((r) => r.key).join(' | ')})`);
  for (const w of want) {
    const key = keyOf(w);
    const r = byKey.get(key);
    assert.ok(r, `${capture} ${report}: no row for ${key}`);
    const what = `${capture} ${report} ${key}`;
    assert.equal(r.count, Number(w[countCol]), `${what} count`);
    assert.equal(r.totalNs, Number(w['Total Time (ns)']), `${what} total`);
    assert.equal(r.minNs, Number(w['Min (ns)']), `${what} min`);
    assert.equal(r.maxNs, Number(w['Max (ns)']), `${what} max`);
    close(r.avgNs, w['Avg (ns)'], `${what} avg`);
    close(r.medNs, w['Med (ns)'], `${what} median`);
    close(r.stdDevNs, w['StdDev (ns)'], `${what} stddev`);
    close(r.timePercent, w['Time (%)'], `${what} time %`);
  }
  return want.length;
}

/** Asserts all five reports equal Nsight's; returns the number of rows compared. */
export function assertSummaryMatchesNsight(capture: string, s: TraceSummary): number {
  let n = 0;
  n += check(capture, 'nvtx_sum', s.nvtx.map((r) => ({ ...r, key: `${r.style}|${r.range}` })), (w) => `${w.Style}|${w.Range}`, 'Instances');
  n += check(capture, 'cuda_gpu_kern_sum', s.kernels.map((r) => ({ ...r, key: r.name })), (w) => w.Name, 'Instances');
  n += check(capture, 'cuda_api_sum', s.cudaApi.map((r) => ({ ...r, key: r.name })), (w) => w.Name, 'Num Calls');
  if (oracle(capture, 'cuda_gpu_mem_time_sum')) {
    n += check(capture, 'cuda_gpu_mem_time_sum', s.memory.map((r) => ({ ...r, key: r.operation })), (w) => w.Operation, 'Count');
  } else {
    assert.equal(s.memory.length, 0, `${capture}: Nsight found no GPU memory operations, we found ${s.memory.length}`);
  }
  n += check(capture, 'osrt_sum', s.osrt.map((r) => ({ ...r, key: r.name })), (w) => w.Name, 'Num Calls');
  return n;
}
