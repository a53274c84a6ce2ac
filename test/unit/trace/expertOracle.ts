// Compares the events our expert rules flag with the rows of Nsight's `nsys analyze` CSVs (which
// list the first 50, longest first).
import assert from 'node:assert/strict';
import type { Diagnosis } from '../../../server/trace/diagnosisTypes';
import { oracle } from './traceFiles';

export const EXPERT_RULES = ['cuda_memcpy_async', 'cuda_memcpy_sync', 'cuda_api_sync', 'gpu_gaps', 'gpu_time_util'] as const;

export function assertExpertRulesMatchNsight(capture: string, d: Diagnosis): void {
  for (const id of EXPERT_RULES) {
    const want = oracle(capture, id);
    const f = d.findings.find((x) => x.id === id);
    if (!want || want.length === 0) {
      assert.equal(f, undefined, `${capture} ${id}: Nsight flags nothing, we flag ${f?.events.length}`);
      continue;
    }
    assert.ok(f, `${capture} ${id}: Nsight flags ${want.length} events, we flag none`);
    const ours = f.events.slice(0, want.length);
    assert.equal(ours.length, want.length, `${capture} ${id}: ${f.events.length} flagged, Nsight lists ${want.length}`);
    if (want.length < 50) assert.equal(f.events.length, want.length, `${capture} ${id}: Nsight's list is complete (${want.length}), ours has ${f.events.length}`);
    for (let i = 0; i < want.length; i++) {
      const w: Record<string, string> = want[i];
      const o = ours[i];
      const what = `${capture} ${id} row ${i + 1}`;
      assert.equal(o.durationNs, Number(w['Duration (ns)']), `${what} duration`);
      assert.equal(o.pid, Number(w.PID), `${what} pid`);
      if (id === 'gpu_time_util') {
        assert.equal(o.startNs, Number(w['Start (ns)']), `${what} start`);
        assert.equal(o.inUsePercent, Number(w['In-Use (%)']), `${what} in-use`);
        assert.equal(o.deviceId, Number(w['Device ID']), `${what} device`);
        continue;
      }
      if (w['API Name'] !== undefined) assert.equal(o.apiName, w['API Name'], `${what} API`);
      if (w.TID !== undefined) assert.equal(o.tid, Number(w.TID), `${what} tid`);
      if (w['Src Kind'] !== undefined) {
        assert.equal(o.srcKind, w['Src Kind'], `${what} src kind`);
        assert.equal(o.dstKind, w['Dst Kind'], `${what} dst kind`);
        assert.equal(((o.bytes ?? 0) / 1e6).toFixed(3), w['Bytes (MB)'], `${what} MB`);
        assert.equal(o.streamId, Number(w['Stream ID']), `${what} stream`);
      }
    }
    // Equal durations may come in another order: compare the starts as a set.
    const starts = new Set(want.map((w) => `${w['Start (ns)']}/${w['Duration (ns)']}`));
    for (const o of ours) assert.ok(starts.has(`${o.startNs}/${o.durationNs}`), `${capture} ${id}: event at ${o.startNs} (${o.durationNs} ns) not in Nsight's list`);
  }
}
