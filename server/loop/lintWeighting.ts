// Static lint warnings weighed by the profile: a warning the trace confirms says so, with the
// measured figure; one the trace contradicts (the profile measured the thing it worries about and
// found it cheap) is lowered to a hint. Only files the trace is linked to are touched.
import type { LintLike, LoopResult, LoopTrace } from './loopTypes';
import { fmtPct, profileTime } from './traceFacts';

export interface WeightedLint<T extends LintLike> {
  diagnostic: T;
  verdict: 'confirmed' | 'contradicted' | 'unchanged';
  /** Sentence appended to the message. */
  note?: string;
}

interface Topic {
  /** Lint rule ids it covers. */
  rules: RegExp;
  /** Trace findings that confirm it. */
  confirmedBy: RegExp;
  /** Measured share of the steady state for the topic, when the trace has the figures. */
  measure: (t: LoopTrace) => number | undefined;
  /** Below this share the trace contradicts the warning. */
  contradictBelow: number;
  what: string;
}

const osdShare = (t: LoopTrace): number | undefined => {
  const r = t.ranges.filter((x) => !x.domain && /osd\w*_\((Frame|Batch)=\d+\)$/i.test(x.name));
  return r.length ? r.reduce((a, x) => a + x.steadyShare, 0) : undefined;
};
const inferShare = (t: LoopTrace): number | undefined => {
  const r = t.ranges.filter((x) => /^GstNvInfer(Server)?: ?UID=\d+$/.test(x.domain) && /^buffer_process/.test(x.name));
  return r.length ? r.reduce((a, x) => a + x.steadyShare, 0) : undefined;
};
const copyShare = (t: LoopTrace): number | undefined => {
  const w = t.diagnosis.windows.filter((x) => !x.startup);
  return w.length ? w.reduce((a, x) => a + x.copyTimeFraction, 0) / w.length : undefined;
};
const gpuIdle = (t: LoopTrace): number | undefined => {
  const w = t.diagnosis.windows.filter((x) => !x.startup);
  if (!w.length || !t.diagnosis.deepstream.some((r) => r.kind === 'inference')) return undefined;
  return 1 - w.reduce((a, x) => a + x.gpuUtilization, 0) / w.length;
};
const startupShare = (t: LoopTrace): number | undefined => {
  const s = t.diagnosis.windows.filter((x) => x.startup).reduce((a, x) => a + (x.endNs - x.startNs), 0);
  const all = t.diagnosis.captureNs.endNs - t.diagnosis.captureNs.startNs;
  return all > 0 && t.diagnosis.deepstream.some((r) => r.kind === 'inference') ? s / all : undefined;
};

const topics: Topic[] = [
  { rules: /osd-cpu-mode|osd/, confirmedBy: /osd-slower-than-inference/, measure: osdShare, contradictBelow: 0.05, what: 'the OSD' },
  { rules: /tiler/, confirmedBy: /osd-slower-than-inference/, measure: osdShare, contradictBelow: 0.05, what: 'drawing the tiles' },
  { rules: /fp32-precision|int8|network-mode/, confirmedBy: /nvinfer-time/, measure: inferShare, contradictBelow: 0.1, what: 'inference' },
  { rules: /software-decoder|videoconvert|nvmm|caps|nvbuf-memory|cpu-convert/, confirmedBy: /copies-over-15pct|cuda_memcpy/, measure: copyShare, contradictBelow: 0.02, what: 'memory copies' },
  { rules: /mux-batch-vs-sources|gie-batch-vs-mux|batched-push-timeout|batch-size/, confirmedBy: /gpu_time_util|gpu_gaps/, measure: gpuIdle, contradictBelow: 0.1, what: 'GPU idle time' },
  { rules: /engine-name-mismatch|no-engine-file|engine/, confirmedBy: /engine-build-contamination/, measure: startupShare, contradictBelow: 0.05, what: 'start-up (engine build)' },
];

export function weighLint<T extends LintLike>(file: string, lint: T[], trace: LoopTrace, loop: Pick<LoopResult, 'diagnostics' | 'linkedFiles'>): WeightedLint<T>[] {
  const when = profileTime(trace.takenAtMs);
  const linked = loop.linkedFiles.has(file);
  return lint.map((d) => {
    if (!linked || d.severity === 'error') return { diagnostic: d, verdict: 'unchanged' as const };
    const topic = topics.find((t) => t.rules.test(d.code));
    if (!topic) return { diagnostic: d, verdict: 'unchanged' as const };
    const confirming = loop.diagnostics.find((x) => topic.confirmedBy.test(x.code) && x.file === file);
    const share = topic.measure(trace);
    if (confirming) {
      const figure = share !== undefined ? `${fmtPct(share)} of the steady state in ${topic.what}` : confirming.message.replace(/ — measured in.*$/, '').slice(0, 120);
      const note = `Confirmed by the profile of ${when}: ${figure}.`;
      return { diagnostic: { ...d, message: `${d.message} ${note}` }, verdict: 'confirmed' as const, note };
    }
    if (share !== undefined && share < topic.contradictBelow) {
      const note = `The profile of ${when} does not show it: ${topic.what} takes ${fmtPct(share)} of the steady state (lowered to a hint).`;
      return { diagnostic: { ...d, severity: 'hint' as const, message: `${d.message} ${note}` }, verdict: 'contradicted' as const, note };
    }
    return { diagnostic: d, verdict: 'unchanged' as const };
  });
}
