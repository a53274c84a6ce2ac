// Time ruler arithmetic: tick spacing in 1-2-5 steps, units that fit the zoom, duration text.
// Pure (no DOM), unit-tested in test/unit/viewer/timeRuler.test.ts. Times are nanoseconds.

export interface RulerTick {
  /** Time of the tick, ns from trace start. */
  t: number;
  /** Pixel x of the tick for the given window. */
  x: number;
  /** Text under the tick ("+20 µs" when relative to `origin`, "1.25 s" when absolute). */
  label: string;
}

export interface Ruler {
  step: number;
  ticks: RulerTick[];
  /** When tick labels are offsets, the absolute time they are relative to ("1.2345 s"). */
  originLabel?: string;
}

const UNITS: { ns: number; name: string }[] = [
  { ns: 1e9, name: 's' },
  { ns: 1e6, name: 'ms' },
  { ns: 1e3, name: 'µs' },
  { ns: 1, name: 'ns' },
];

/** The smallest 1, 2 or 5 × 10^k nanoseconds step that keeps ticks at least `minPx` apart. */
export function tickStep(rangeNs: number, widthPx: number, minPx = 80): number {
  if (!(rangeNs > 0) || !(widthPx > 0)) return 1;
  const raw = (rangeNs / widthPx) * minPx;
  const exp = Math.floor(Math.log10(raw));
  for (let e = Math.max(0, exp); ; e++) {
    for (const m of [1, 2, 5]) {
      const step = m * 10 ** e;
      if (step >= raw) return step;
    }
  }
}

/** The unit a step is best written in: the largest unit not bigger than the step. */
export function unitFor(ns: number): { ns: number; name: string } {
  const a = Math.abs(ns);
  for (const u of UNITS) if (a >= u.ns) return u;
  return UNITS[UNITS.length - 1];
}

function decimalsFor(step: number, unitNs: number): number {
  const v = step / unitNs;
  if (v >= 1) return 0;
  return Math.min(9, Math.ceil(-Math.log10(v) - 1e-9));
}

function trimNumber(v: number, decimals: number): string {
  return v.toFixed(decimals);
}

/** "850 ns", "12.4 µs", "3.21 ms", "1.50 s": three significant digits in the fitting unit. */
export function formatDuration(ns: number): string {
  if (!Number.isFinite(ns)) return '–';
  if (ns === 0) return '0 ns';
  const u = unitFor(ns);
  const v = ns / u.ns;
  const a = Math.abs(v);
  const decimals = u.name === 'ns' ? 0 : a >= 100 ? 0 : a >= 10 ? 1 : 2;
  return `${v.toFixed(decimals)} ${u.name}`;
}

/** The unit tick labels use for a step: the largest in which the step is at least 0.1. */
export function tickUnitFor(step: number): { ns: number; name: string } {
  for (const u of UNITS) if (step / u.ns >= 0.1 - 1e-12) return u;
  return UNITS[UNITS.length - 1];
}

/** A time written with the precision of `step`: formatTime(1234567, 1000) → "1235 µs" */
export function formatTime(t: number, step: number): string {
  const u = tickUnitFor(step);
  return `${trimNumber(t / u.ns, decimalsFor(step, u.ns))} ${u.name}`;
}

/**
 * Ticks for the window [t0, t1] drawn over `widthPx` pixels. Labels are absolute while they stay
 * short; deep zooms into a long trace label ticks as offsets ("+20 µs") from an origin shown once
 * ("1.23456 s"), as Nsight Systems does.
 */
export function computeRuler(t0: number, t1: number, widthPx: number, minPx = 80): Ruler {
  const range = t1 - t0;
  const step = tickStep(range, widthPx, minPx);
  const first = Math.ceil(t0 / step) * step;
  const u = tickUnitFor(step);
  const dec = decimalsFor(step, u.ns);
  // Absolute labels when the number of digits stays readable (at most 6 characters of number).
  const absDigits = Math.abs(t1 / u.ns).toFixed(dec).length;
  const relative = absDigits > 6;
  let origin = 0;
  let originLabel: string | undefined;
  if (relative) {
    // Origin: the window start truncated to a multiple of 1000 steps, written in a unit that
    // distinguishes it at that granularity.
    const big = step * 1000;
    origin = Math.floor(t0 / big) * big;
    originLabel = formatTime(origin, big);
  }
  const ticks: RulerTick[] = [];
  for (let t = first, i = 0; t <= t1 && i < 10000; i++, t = first + i * step) {
    const x = ((t - t0) / range) * widthPx;
    const label = relative ? `+${trimNumber((t - origin) / u.ns, dec)} ${u.name}` : formatTime(t, step);
    ticks.push({ t, x, label });
  }
  return { step, ticks, originLabel };
}
