// Draws the track area of the timeline on a canvas: row backgrounds, event bars (merged to one
// rect per pixel run, so a frame costs O(visible pixels)), names inside wide bars, the GPU
// utilization graph, diagnosis shading on GPU rows, the selection, the hovered event and the
// line between an API call and the GPU work it launched. No DOM text, no HTML: names are
// painted with fillText.
import { argbToCss } from './colors';
import { forEachPixelRect, type RowItems } from './drawList';
import { LANE_HEIGHT, ROW_PAD, type Layout } from './rowLayout';
import type { Theme } from './theme';
import type { TimeWindow } from './viewport';

export interface ItemStyle {
  name: string;
  fill: string;
  text: string;
}

export interface UtilSeries {
  t0: number;
  t1: number;
  /** Busy fraction 0..1 per equal-width bin over [t0, t1]. */
  values: number[];
}

export interface Shade {
  t0: number;
  t1: number;
  kind: 'gap' | 'lowUtil' | 'finding';
  /** Row ids the shading covers (GPU rows), all rows when empty. */
  rowIds: string[];
}

export interface EventRef {
  rowId: string;
  /** Index into that row's packed items. */
  item: number;
}

export interface Scene {
  window: TimeWindow;
  layout: Layout;
  scrollY: number;
  items: ReadonlyMap<string, RowItems>;
  styles: readonly ItemStyle[];
  util: ReadonlyMap<string, UtilSeries>;
  shades: readonly Shade[];
  selection?: TimeWindow;
  hover?: EventRef;
  /** Two events joined by a line (launch → kernel). Times and rows suffice. */
  link?: { a: { rowId: string; t0: number; t1: number; lane: number }; b: { rowId: string; t0: number; t1: number; lane: number } };
  /** NVTX marks per NVTX row: diamonds on the row's first lane. */
  marks?: ReadonlyMap<string, MarkItems>;
  /** The keyboard selection (arrow keys): outlined whatever the level of detail holds there. */
  focus?: { rowId: string; t0: number; t1: number; lane: number };
  theme: Theme;
}

/** The NVTX marks of one row (times in ns; colour 0xAARRGGBB or 0; count > 1: several in one pixel). */
export interface MarkItems {
  time: number[];
  name: string[];
  colour: number[];
  count: number[];
  /** Index of the (first) mark in the model's marks, for `details` with `item: 'nvtx-mark'`. */
  index: number[];
}

/** Half the width of a mark's diamond (px); also the hit radius. */
export const MARK_RADIUS = 4;

export interface FrameStats {
  rects: number;
  labels: number;
  ms: number;
}

export class TimelineRenderer {
  private ctx: CanvasRenderingContext2D;
  private width = 0;
  private height = 0;
  private charWidth = 6.2;

  constructor(readonly canvas: HTMLCanvasElement) {
    const ctx = canvas.getContext('2d', { alpha: false });
    if (!ctx) throw new Error('canvas 2d context unavailable');
    this.ctx = ctx;
  }

  resize(width: number, height: number, dpr: number): void {
    this.width = Math.max(1, Math.floor(width));
    this.height = Math.max(1, Math.floor(height));
    this.canvas.width = Math.floor(this.width * dpr);
    this.canvas.height = Math.floor(this.height * dpr);
    this.canvas.style.width = `${this.width}px`;
    this.canvas.style.height = `${this.height}px`;
    this.ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  }

  get size(): { width: number; height: number } {
    return { width: this.width, height: this.height };
  }

  draw(scene: Scene): FrameStats {
    const started = performance.now();
    const ctx = this.ctx;
    const { theme, window: w, layout, scrollY } = scene;
    const W = this.width;
    const H = this.height;
    const span = w.t1 - w.t0;
    const toX = (t: number): number => ((t - w.t0) / span) * W;
    ctx.font = theme.font;
    ctx.textBaseline = 'middle';
    this.charWidth = ctx.measureText('abcdefghijklmnopqrstuvwxyz_0123456789').width / 37 || 6.2;
    ctx.fillStyle = theme.background;
    ctx.fillRect(0, 0, W, H);
    let rects = 0;
    let labels = 0;

    const rowsOnScreen = layout.rows.filter((r) => r.y + r.h > scrollY && r.y < scrollY + H);
    const rowY = new Map<string, number>();
    for (let i = 0; i < rowsOnScreen.length; i++) {
      const lr = rowsOnScreen[i];
      const y = lr.y - scrollY;
      rowY.set(lr.row.id, y);
      if (lr.isGroup && lr.row.eventCount === 0) {
        ctx.fillStyle = theme.groupBackground;
        ctx.fillRect(0, y, W, lr.h);
      } else if (i % 2 === 1) {
        ctx.fillStyle = theme.stripe;
        ctx.fillRect(0, y, W, lr.h);
      }
      ctx.fillStyle = theme.border;
      ctx.fillRect(0, y + lr.h - 1, W, 1);

      if (lr.row.kind === 'gpuUtil') {
        const series = scene.util.get(lr.row.id);
        if (series) rects += this.drawUtil(series, w, y, lr.h, theme);
        continue;
      }
      const items = scene.items.get(lr.row.id);
      if (!items) continue;
      let lastStyle = -1;
      const laneTop = y + ROW_PAD;
      const labelRuns: { x0: number; x1: number; lane: number; style: number }[] = [];
      rects += forEachPixelRect(items, w.t0, w.t1, W, (r) => {
        if (r.style !== lastStyle) {
          const st = scene.styles[r.style];
          ctx.fillStyle = st ? st.fill : theme.muted;
          lastStyle = r.style;
        }
        const yy = laneTop + r.lane * LANE_HEIGHT;
        ctx.fillRect(r.x0, yy, r.x1 - r.x0, LANE_HEIGHT - 1);
        if (r.merged === 1 && r.x1 - r.x0 > 28) labelRuns.push({ x0: r.x0, x1: r.x1, lane: r.lane, style: r.style });
      });
      for (const run of labelRuns) {
        const st = scene.styles[run.style];
        if (!st) continue;
        const x0 = Math.max(0, run.x0) + 3;
        const avail = Math.min(W, run.x1) - x0 - 2;
        const maxChars = Math.floor(avail / this.charWidth);
        if (maxChars < 3) continue;
        const text = st.name.length <= maxChars ? st.name : `${st.name.slice(0, maxChars - 1)}…`;
        ctx.fillStyle = st.text;
        ctx.fillText(text, x0, laneTop + run.lane * LANE_HEIGHT + LANE_HEIGHT / 2);
        labels++;
      }
    }

    // Diagnosis shading (GPU gaps, low utilization, the finding in focus).
    for (const s of scene.shades) {
      if (s.t1 < w.t0 || s.t0 > w.t1) continue;
      const x0 = Math.max(-1, toX(s.t0));
      const x1 = Math.min(W + 1, Math.max(x0 + 2, toX(s.t1)));
      ctx.globalAlpha = s.kind === 'finding' ? 0.18 : 0.22;
      ctx.fillStyle = s.kind === 'gap' ? theme.gap : s.kind === 'lowUtil' ? theme.lowUtil : theme.focus;
      const targets = s.rowIds.length ? rowsOnScreen.filter((r) => s.rowIds.includes(r.row.id)) : rowsOnScreen;
      for (const r of targets) ctx.fillRect(x0, r.y - scrollY, x1 - x0, r.h);
      ctx.globalAlpha = 1;
      if (s.kind !== 'finding') {
        ctx.strokeStyle = s.kind === 'gap' ? theme.gap : theme.lowUtil;
        ctx.setLineDash([4, 3]);
        for (const r of targets) ctx.strokeRect(x0 + 0.5, r.y - scrollY + 0.5, x1 - x0 - 1, r.h - 1);
        ctx.setLineDash([]);
      }
    }

    if (scene.selection) {
      const x0 = toX(scene.selection.t0);
      const x1 = toX(scene.selection.t1);
      ctx.globalAlpha = 0.25;
      ctx.fillStyle = theme.selection;
      ctx.fillRect(x0, 0, x1 - x0, H);
      ctx.globalAlpha = 1;
      ctx.fillStyle = theme.selectionBorder;
      ctx.fillRect(Math.round(x0), 0, 1, H);
      ctx.fillRect(Math.round(x1), 0, 1, H);
    }

    if (scene.hover) {
      const items = scene.items.get(scene.hover.rowId);
      const y = rowY.get(scene.hover.rowId);
      if (items && y !== undefined && scene.hover.item < items.n) {
        const k = scene.hover.item;
        const x0 = toX(items.start[k]);
        const x1 = Math.max(x0 + 1, toX(items.end[k]));
        ctx.strokeStyle = theme.focus;
        ctx.lineWidth = 2;
        ctx.strokeRect(x0, y + ROW_PAD + items.lane[k] * LANE_HEIGHT, x1 - x0, LANE_HEIGHT - 1);
        ctx.lineWidth = 1;
      }
    }

    if (scene.marks?.size) {
      for (const [rowId, m] of scene.marks) {
        const y = rowY.get(rowId);
        if (y === undefined) continue;
        const cy = y + ROW_PAD + LANE_HEIGHT / 2;
        for (let k = 0; k < m.time.length; k++) {
          const x = toX(m.time[k]);
          if (x < -MARK_RADIUS || x > W + MARK_RADIUS) continue;
          const r = m.count[k] > 1 ? MARK_RADIUS + 1 : MARK_RADIUS;
          ctx.beginPath();
          ctx.moveTo(x, cy - r);
          ctx.lineTo(x + r, cy);
          ctx.lineTo(x, cy + r);
          ctx.lineTo(x - r, cy);
          ctx.closePath();
          ctx.fillStyle = m.colour[k] ? argbToCss(m.colour[k]) : theme.foreground;
          ctx.fill();
          ctx.strokeStyle = theme.background;
          ctx.lineWidth = 1;
          ctx.stroke();
          rects++;
        }
      }
    }

    if (scene.focus) {
      const y = rowY.get(scene.focus.rowId);
      if (y !== undefined) {
        const x0 = Math.max(-2, toX(scene.focus.t0));
        const x1 = Math.min(W + 2, Math.max(x0 + 3, toX(scene.focus.t1)));
        const top = y + ROW_PAD + scene.focus.lane * LANE_HEIGHT;
        ctx.strokeStyle = theme.foreground;
        ctx.lineWidth = 3;
        ctx.strokeRect(x0 - 1.5, top - 1.5, x1 - x0 + 3, LANE_HEIGHT + 2);
        ctx.strokeStyle = theme.focus;
        ctx.lineWidth = 2;
        ctx.strokeRect(x0 - 1, top - 1, x1 - x0 + 2, LANE_HEIGHT + 1);
        ctx.lineWidth = 1;
      }
    }

    if (scene.link) {
      const ya = rowY.get(scene.link.a.rowId);
      const yb = rowY.get(scene.link.b.rowId);
      if (ya !== undefined && yb !== undefined) {
        const ax = toX(scene.link.a.t0);
        const bx = toX(scene.link.b.t0);
        const ay = ya + ROW_PAD + scene.link.a.lane * LANE_HEIGHT + LANE_HEIGHT / 2;
        const by = yb + ROW_PAD + scene.link.b.lane * LANE_HEIGHT + LANE_HEIGHT / 2;
        ctx.strokeStyle = theme.link;
        ctx.lineWidth = 2;
        ctx.beginPath();
        ctx.moveTo(ax, ay);
        ctx.bezierCurveTo(ax, (ay + by) / 2, bx, (ay + by) / 2, bx, by);
        ctx.stroke();
        ctx.fillStyle = theme.link;
        ctx.beginPath();
        ctx.arc(ax, ay, 3, 0, Math.PI * 2);
        ctx.arc(bx, by, 3, 0, Math.PI * 2);
        ctx.fill();
        ctx.lineWidth = 1;
      }
    }
    return { rects, labels, ms: performance.now() - started };
  }

  private drawUtil(series: UtilSeries, w: TimeWindow, y: number, h: number, theme: Theme): number {
    const ctx = this.ctx;
    const W = this.width;
    const n = series.values.length;
    if (n === 0) return 0;
    const binNs = (series.t1 - series.t0) / n;
    const scale = W / (w.t1 - w.t0);
    const top = y + 2;
    const gh = h - 4;
    ctx.fillStyle = theme.utilFill;
    let drawn = 0;
    const first = Math.max(0, Math.floor((w.t0 - series.t0) / binNs));
    const last = Math.min(n - 1, Math.ceil((w.t1 - series.t0) / binNs));
    // One column per pixel: the max of the bins under it.
    let px = -1;
    let colMax = 0;
    const flush = (): void => {
      if (px >= 0 && colMax > 0) {
        const bh = Math.max(1, colMax * gh);
        ctx.fillRect(px, top + gh - bh, 1, bh);
        drawn++;
      }
    };
    for (let i = first; i <= last; i++) {
      const x0 = (series.t0 + i * binNs - w.t0) * scale;
      const x1 = x0 + binNs * scale;
      if (x1 - x0 >= 1) {
        flush();
        px = -1;
        colMax = 0;
        const v = series.values[i];
        if (v > 0) {
          const bh = Math.max(1, v * gh);
          ctx.fillRect(x0, top + gh - bh, x1 - x0, bh);
          drawn++;
        }
        continue;
      }
      const col = Math.floor(x0);
      if (col !== px) {
        flush();
        px = col;
        colMax = 0;
      }
      if (series.values[i] > colMax) colMax = series.values[i];
    }
    flush();
    return drawn;
  }
}
