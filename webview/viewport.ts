// The visible time window and its navigation: zoom at a pixel, pan by pixels, keyboard steps,
// clamping to the trace. Pure, unit-tested (test/unit/viewer/viewport.test.ts). Times in ns.

export interface TimeWindow {
  t0: number;
  t1: number;
}

/** Narrowest window allowed: 100 ns across the canvas. */
export const MIN_SPAN_NS = 100;

export function clampWindow(w: TimeWindow, bounds: TimeWindow): TimeWindow {
  const full = bounds.t1 - bounds.t0;
  let span = Math.max(MIN_SPAN_NS, Math.min(full, w.t1 - w.t0));
  if (!(span > 0)) span = Math.max(MIN_SPAN_NS, full);
  let t0 = w.t0;
  if (t0 < bounds.t0) t0 = bounds.t0;
  if (t0 + span > bounds.t1) t0 = Math.max(bounds.t0, bounds.t1 - span);
  return { t0, t1: t0 + span };
}

/** Zoom by `factor` (<1 zooms in) keeping the time under pixel `x` where it is. */
export function zoomAt(w: TimeWindow, x: number, widthPx: number, factor: number, bounds: TimeWindow): TimeWindow {
  const span = w.t1 - w.t0;
  const frac = widthPx > 0 ? Math.min(1, Math.max(0, x / widthPx)) : 0.5;
  const anchor = w.t0 + frac * span;
  const full = bounds.t1 - bounds.t0;
  const newSpan = Math.min(full, Math.max(MIN_SPAN_NS, span * factor));
  return clampWindow({ t0: anchor - frac * newSpan, t1: anchor - frac * newSpan + newSpan }, bounds);
}

/** Move the window by `dxPx` pixels (positive: later times come into view). */
export function panBy(w: TimeWindow, dxPx: number, widthPx: number, bounds: TimeWindow): TimeWindow {
  const dt = widthPx > 0 ? (dxPx / widthPx) * (w.t1 - w.t0) : 0;
  return clampWindow({ t0: w.t0 + dt, t1: w.t1 + dt }, bounds);
}

/** W/S zoom in/out at the centre, A/D pan by a fifth of the window. */
export function keyNavigate(w: TimeWindow, key: string, bounds: TimeWindow): TimeWindow | undefined {
  switch (key.toLowerCase()) {
    case 'w':
      return zoomAt(w, 0.5, 1, 0.8, bounds);
    case 's':
      return zoomAt(w, 0.5, 1, 1.25, bounds);
    case 'a':
      return panBy(w, -0.2, 1, bounds);
    case 'd':
      return panBy(w, 0.2, 1, bounds);
    default:
      return undefined;
  }
}

/** Factor for a wheel delta: trackpad pinch sends small deltas with ctrlKey, wheels ~100. */
export function wheelZoomFactor(deltaY: number, deltaMode: number): number {
  const px = deltaMode === 1 ? deltaY * 16 : deltaMode === 2 ? deltaY * 400 : deltaY;
  const clamped = Math.max(-300, Math.min(300, px));
  return Math.exp(clamped * 0.0025);
}

export function timeToX(t: number, w: TimeWindow, widthPx: number): number {
  return ((t - w.t0) / (w.t1 - w.t0)) * widthPx;
}

export function xToTime(x: number, w: TimeWindow, widthPx: number): number {
  return w.t0 + (x / widthPx) * (w.t1 - w.t0);
}

/** A window around [a, b] with a margin of `pad` of its span on each side. */
export function windowAround(a: number, b: number, bounds: TimeWindow, pad = 0.1): TimeWindow {
  const span = Math.max(MIN_SPAN_NS, b - a);
  return clampWindow({ t0: a - span * pad, t1: b + span * pad }, bounds);
}
