// Threaded pipelines: one NVTX-annotated loop per thread, joined by queues (like the replicas of
// replicate-and-batch pipelined inference). Each thread with a repeated top-level range is a
// stage; its service time per item is the time in its work ranges, its waits are the ranges that
// hand items over (put/get/enqueue/...) plus the time it sits outside any range. The stage with
// the longest service time per item limits the pipeline.
import type { TraceModel } from './model';
import type { Stage, StageWait } from './diagnosisTypes';

const WAIT_RANGE = /(enqueue|dequeue|queue|wait|put|get_|_get|push_|pop_|acquire|collect)/i;

export interface ThreadLoop {
  thread: number;
  /** Name (`domain:name`) of the repeated top-level range that counts items. */
  loopRange: string;
  items: number;
  /** Indices (into model.nvtx) of all top-level ranges of the thread. */
  topLevel: number[];
}

function rangeName(model: TraceModel, i: number): string {
  const d = model.nvtxDomains[model.nvtx.domain[i]];
  return `${d ? d.name : ''}:${model.strings.strings[model.nvtx.nameId[i]]}`;
}

/** Per thread: its top-level NVTX ranges and the most repeated one (>= 3 instances). */
export function threadLoops(model: TraceModel): ThreadLoop[] {
  const { nvtx } = model;
  const byThread = new Map<number, number[]>();
  for (let i = 0; i < nvtx.count; i++) {
    if (nvtx.depth[i] !== 0) continue;
    const l = byThread.get(nvtx.thread[i]);
    if (l) l.push(i);
    else byThread.set(nvtx.thread[i], [i]);
  }
  const out: ThreadLoop[] = [];
  for (const [thread, idx] of byThread) {
    const counts = new Map<string, { n: number; total: number }>();
    for (const i of idx) {
      const name = rangeName(model, i);
      const c = counts.get(name) ?? { n: 0, total: 0 };
      c.n++;
      c.total += nvtx.end[i] - nvtx.start[i];
      counts.set(name, c);
    }
    let best: string | undefined;
    let bestC = { n: 0, total: 0 };
    for (const [name, c] of counts) {
      const waitish = WAIT_RANGE.test(name);
      const bestWaitish = best !== undefined && WAIT_RANGE.test(best);
      if (c.n > bestC.n || (c.n === bestC.n && (bestWaitish && !waitish || (!waitish && c.total > bestC.total)))) {
        best = name;
        bestC = c;
      }
    }
    if (best && bestC.n >= 3) out.push({ thread, loopRange: best, items: bestC.n, topLevel: idx });
  }
  return out;
}

export function analyseStages(model: TraceModel, loops: ThreadLoop[] = threadLoops(model)): Stage[] {
  // A pipeline needs at least two looping threads of one process running at the same time.
  const byPid = new Map<number, ThreadLoop[]>();
  for (const l of loops) {
    const pid = model.threads[l.thread].pid;
    const a = byPid.get(pid) ?? [];
    a.push(l);
    byPid.set(pid, a);
  }
  const stages: Stage[] = [];
  for (const group of byPid.values()) {
    if (group.length < 2) continue;
    const spans = group.map((l) => {
      let s = Infinity;
      let e = -Infinity;
      for (const i of l.topLevel) {
        s = Math.min(s, model.nvtx.start[i]);
        e = Math.max(e, model.nvtx.end[i]);
      }
      return { s, e };
    });
    const overlapStart = Math.max(...spans.map((x) => x.s));
    const overlapEnd = Math.min(...spans.map((x) => x.e));
    if (overlapEnd <= overlapStart) continue;
    const local: Stage[] = group.map((l, k) => {
      const th = model.threads[l.thread];
      let work = 0;
      const waits = new Map<string, number>();
      const workNames = new Set<string>();
      let inRanges = 0;
      for (const i of l.topLevel) {
        const d = model.nvtx.end[i] - model.nvtx.start[i];
        inRanges += d;
        const name = rangeName(model, i);
        if (WAIT_RANGE.test(name)) waits.set(name, (waits.get(name) ?? 0) + d);
        else {
          work += d;
          workNames.add(name);
        }
      }
      const wall = spans[k].e - spans[k].s;
      const outside = Math.max(0, wall - inRanges);
      const waitList: StageWait[] = [...waits].map(([range, totalNs]) => ({ range, totalNs, fraction: wall > 0 ? totalNs / wall : 0 }));
      if (outside > 0) waitList.push({ range: '(outside ranges: waiting for input)', totalNs: outside, fraction: wall > 0 ? outside / wall : 0 });
      waitList.sort((a, b) => b.totalNs - a.totalNs);
      const service = work / l.items;
      return {
        thread: { pid: th.pid, tid: th.tid, name: th.name },
        ranges: [...workNames],
        items: l.items,
        serviceNsPerItem: service,
        waitNsPerItem: waitList.reduce((a, w) => a + w.totalNs, 0) / l.items,
        waits: waitList,
        capacityPerSec: service > 0 ? 1e9 / service : Infinity,
        throughputPerSec: wall > 0 ? (l.items * 1e9) / wall : 0,
        busyFraction: wall > 0 ? work / wall : 0,
        bottleneck: false,
      };
    });
    let worst = 0;
    for (let k = 1; k < local.length; k++) if (local[k].serviceNsPerItem > local[worst].serviceNsPerItem) worst = k;
    const b = local[worst];
    b.bottleneck = true;
    const others = local.filter((s) => s !== b);
    const next = Math.max(...others.map((s) => s.serviceNsPerItem));
    const replicas = next > 0 ? Math.ceil(b.serviceNsPerItem / next) : 2;
    b.suggestion =
      `${b.thread.name || 'thread'} [${b.thread.tid}] needs ${(b.serviceNsPerItem / 1e6).toFixed(2)} ms per item ` +
      `(${b.ranges.join(', ')}) against ${(next / 1e6).toFixed(2)} ms for the next slowest stage: run ${replicas} replicas of it ` +
      `joined by queues, batch more items per call, or move its CPU work to the GPU`;
    stages.push(...local);
  }
  return stages;
}
