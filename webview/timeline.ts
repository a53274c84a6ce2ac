// One interactive timeline: row labels (DOM, keyboard-operable tree), the track canvas, the time
// ruler and the minimap. Asks the host for level-of-detail data for a window three screens wide
// at the canvas resolution, draws from what it holds while a new answer is on its way, so zoom
// and pan frames never wait for the server.
import type { EventDetails, RowSlice, TimelineRow, ViewMessage } from '../server/trace/protocol';
import { argbToCss, colorForName, KIND_COLORS, textColorFor } from './colors';
import { el, replaceChildren } from './dom';
import { hitTest, packRowItems, type RowItems } from './drawList';
import { layoutRows, LANE_HEIGHT, ROW_PAD, rowAtY, type Layout, type ViewRow } from './rowLayout';
import { readTheme, type Theme } from './theme';
import { computeRuler, formatDuration } from './timeRuler';
import { MARK_RADIUS, TimelineRenderer, type EventRef, type ItemStyle, type MarkItems, type Scene, type Shade, type UtilSeries } from './timelineRenderer';
import type { TraceClient } from './traceClient';
import type { KeyFocus, TimelineViewState } from './hostMessages';
import { clampWindow, keyNavigate, panBy, wheelZoomFactor, windowAround, xToTime, zoomAt, type TimeWindow } from './viewport';

export interface TimelineOptions {
  title: string;
  onViewChange?: (w: TimeWindow) => void;
  onSelectionChange?: (sel: TimeWindow | undefined) => void;
  /** An event was clicked (details loaded). */
  onEventActivate?: (d: EventDetails) => void;
  onStateChange?: () => void;
  /** The keyboard selection moved (arrow keys) or was cleared. */
  onFocusChange?: (f: KeyFocus | undefined) => void;
}

interface Loaded {
  window: TimeWindow;
  widthPx: number;
  items: Map<string, RowItems>;
  styles: ItemStyle[];
  itemCount: number;
}

/** CUDA API names as Nsight shows them: `cudaLaunchKernel_v7000` → `cudaLaunchKernel` (4-digit `_vNNNN` only). */
export function apiDisplayName(raw: string): string {
  return /_v\d{4}$/.test(raw) ? raw.slice(0, -6) : raw;
}

/** Style key: name, colour and how the row kind colours it. */
function styleFor(kind: string, rawName: string, colour: number): ItemStyle {
  const name = kind === 'cuda-api' ? apiDisplayName(rawName) : rawName;
  let fill: string;
  if (colour !== 0) fill = argbToCss(colour);
  else if (kind === 'memcpy') {
    fill = /Host-to-Device|HtoD/i.test(name)
      ? KIND_COLORS.memcpyHtoD
      : /Device-to-Host|DtoH/i.test(name)
        ? KIND_COLORS.memcpyDtoH
        : /Device-to-Device|DtoD/i.test(name)
          ? KIND_COLORS.memcpyDtoD
          : KIND_COLORS.memcpyOther;
    // Pageable copies are drawn darker (the label says so too).
    if (/pageable/i.test(name)) fill = darken(fill);
  } else if (kind === 'memset') fill = KIND_COLORS.memset;
  else if (kind === 'osrt') fill = KIND_COLORS.osrt;
  else if (kind === 'cuda-api' && /synchronize|sync/i.test(name)) fill = KIND_COLORS.sync;
  else if (kind === 'cuda-api') fill = KIND_COLORS.cudaApi;
  else fill = colorForName(name);
  return { name, fill, text: textColorFor(fill) };
}

function darken(hex: string): string {
  const v = parseInt(hex.slice(1), 16);
  const f = (c: number): string => Math.round(c * 0.6).toString(16).padStart(2, '0');
  return `#${f((v >> 16) & 255)}${f((v >> 8) & 255)}${f(v & 255)}`;
}

export function toViewRows(rows: readonly TimelineRow[]): ViewRow[] {
  const out: ViewRow[] = [];
  for (const r of rows) {
    out.push({ id: r.id, parentId: r.parent, label: r.label, kind: r.kind, lanes: Math.max(1, r.depthCount), eventCount: r.eventCount });
  }
  // A utilization graph first under each GPU.
  for (const r of rows)
    if (r.kind === 'gpu') {
      const hasWork = rows.some((c) => c.id.startsWith(`${r.id}/`) && c.eventCount > 0);
      out.splice(out.indexOf(out.find((v) => v.id === r.id)!) + 1, 0, {
        id: `${r.id}/util`,
        parentId: r.id,
        label: 'GPU utilization',
        kind: 'gpuUtil',
        lanes: 1,
        eventCount: hasWork ? 1 : 0,
      });
    }
  return out;
}

/** Packs a view answer into draw lists with a shared style table. */
export function packView(msg: ViewMessage, kinds: ReadonlyMap<string, string>): Loaded {
  // kind → label → colour → style index (numbers only in the per-item loop).
  const styleIndex = new Map<string, Map<number, Map<number, number>>>();
  const styles: ItemStyle[] = [];
  const items = new Map<string, RowItems>();
  let itemCount = 0;
  for (const s of msg.slices as RowSlice[]) {
    const kind = kinds.get(s.rowId) ?? '';
    let byLabel = styleIndex.get(kind);
    if (!byLabel) styleIndex.set(kind, (byLabel = new Map()));
    const style = new Int32Array(s.start.length);
    for (let i = 0; i < s.start.length; i++) {
      const label = s.label[i];
      const colour = s.colour[i] >>> 0;
      let byColour = byLabel.get(label);
      if (!byColour) byLabel.set(label, (byColour = new Map()));
      let si = byColour.get(colour);
      if (si === undefined) {
        si = styles.length;
        styles.push(styleFor(kind, msg.strings[label] ?? '', colour));
        byColour.set(colour, si);
      }
      style[i] = si;
    }
    items.set(s.rowId, packRowItems({ start: s.start, end: s.end, lane: s.depth, style, count: s.count, id: s.index }));
    itemCount += s.start.length;
  }
  return { window: { t0: msg.t0, t1: msg.t1 }, widthPx: msg.widthPx, items, styles, itemCount };
}

const RULER_HEIGHT = 24;
const MINIMAP_HEIGHT = 36;

export class Timeline {
  readonly element: HTMLElement;
  private readonly renderer: TimelineRenderer;
  private readonly tracks: HTMLElement;
  private readonly labels: HTMLElement;
  private readonly vscroll: HTMLElement;
  private readonly vspacer: HTMLElement;
  private readonly tooltip: HTMLElement;
  private readonly ruler: HTMLCanvasElement;
  private readonly minimap: HTMLCanvasElement;
  private readonly corner: HTMLElement;
  private minimapImage: HTMLCanvasElement | undefined;

  private theme: Theme = readTheme();
  bounds: TimeWindow = { t0: 0, t1: 1 };
  window: TimeWindow = { t0: 0, t1: 1 };
  private rows: ViewRow[] = [];
  private rowKinds = new Map<string, string>();
  collapsed = new Set<string>();
  private layout: Layout = { rows: [], height: 0 };
  scrollY = 0;
  private loaded: Loaded | undefined;
  private util = new Map<string, UtilSeries>();
  /** NVTX marks of the held window, per NVTX row. */
  private marks = new Map<string, MarkItems>();
  private markTooltipKey = '';
  private shades: Shade[] = [];
  selection: TimeWindow | undefined;
  /** The event the keyboard selection is on (arrow keys step through a row's events). */
  focus: KeyFocus | undefined;
  /** Time the ruler counts from (compare: the aligned anchor's start); capture time when unset. */
  private timeOrigin: number | undefined;
  /** Screen-reader announcements of the keyboard selection. */
  readonly live: HTMLElement;
  private stepSeq = 0;
  private hover: EventRef | undefined;
  private link: Scene['link'];
  private fetchSeq = 0;
  private fetchTimer: ReturnType<typeof setTimeout> | undefined;
  private inflight = false;
  private refetch = false;
  private drawQueued = false;
  private detailsTimer: ReturnType<typeof setTimeout> | undefined;
  /** Durations of the last frames (ms), for the benchmark and tests. */
  readonly frameTimes: number[] = [];
  lastFrame = { rects: 0, labels: 0, ms: 0 };
  /** Time to unpack a data answer and draw it (ms): the frame in which new detail appears. */
  readonly applyTimes: number[] = [];
  /** Most drawable items held at once since the trace was shown. */
  maxItemCount = 0;
  /** Resolves once data for the current window has been drawn. */
  private settledWaiters: (() => void)[] = [];

  constructor(
    private readonly client: TraceClient,
    private readonly opts: TimelineOptions,
  ) {
    const canvas = el('canvas', { class: 'tl-canvas', 'aria-hidden': 'true' });
    this.renderer = new TimelineRenderer(canvas);
    this.tooltip = el('div', { class: 'tl-tooltip', role: 'tooltip', hidden: true });
    this.tracks = el(
      'div',
      {
        class: 'tl-tracks',
        tabindex: 0,
        role: 'application',
        'aria-roledescription': 'timeline',
        'aria-label': `Timeline of ${opts.title}. Arrow keys select the previous or next event of a row and move between rows, Home and End the first and last event of the row, Enter zooms to the selected event and opens the code of an NVTX range. W and S zoom, A and D pan, Page Up and Page Down scroll, drag to pan, Shift+drag or drag on the ruler to select a range, Z zooms to the selection, 0 shows the whole capture, Escape clears the selection.`,
      },
      canvas,
      this.tooltip,
    );
    this.labels = el('div', { class: 'tl-labels', role: 'tree', 'aria-label': `Rows of ${opts.title}` });
    this.vspacer = el('div', { class: 'tl-vspacer' });
    this.vscroll = el('div', { class: 'tl-vscroll', 'aria-hidden': 'true' }, this.vspacer);
    this.ruler = el('canvas', { class: 'tl-ruler', role: 'img', 'aria-label': 'Time ruler; drag to select a range' });
    this.minimap = el('canvas', { class: 'tl-minimap', role: 'img', 'aria-label': 'Minimap of the whole capture; click or drag to move the view' });
    this.corner = el('div', { class: 'tl-corner' });
    this.live = el('div', { class: 'visually-hidden tl-live', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
    this.element = el(
      'section',
      { class: 'timeline', 'aria-label': `Timeline: ${opts.title}` },
      el('div', { class: 'tl-top' }, el('div', { class: 'tl-corner-wrap' }, this.corner), el('div', { class: 'tl-overview' }, this.minimap, this.ruler)),
      el('div', { class: 'tl-body' }, this.labels, this.tracks, this.vscroll),
      this.live,
    );
    this.installInput();
    new ResizeObserver(() => this.onResize()).observe(this.tracks);
  }

  /** Loads the rows and the first view; resolves when the first complete frame is drawn. */
  async load(initial?: { window?: TimeWindow; scrollY?: number; collapsed?: string[]; selection?: TimeWindow; focus?: KeyFocus }): Promise<void> {
    const rows = await this.client.rows();
    this.bounds = { t0: rows.startNs, t1: Math.max(rows.startNs + 1, rows.endNs) };
    this.rows = toViewRows(rows.rows);
    this.rowKinds = new Map(this.rows.map((r) => [r.id, r.kind]));
    if (initial?.collapsed) this.collapsed = new Set(initial.collapsed);
    this.relayout();
    this.window = initial?.window ? clampWindow(initial.window, this.bounds) : { ...this.bounds };
    this.selection = initial?.selection;
    this.focus = initial?.focus && this.rowKinds.has(initial.focus.rowId) ? initial.focus : undefined;
    this.scrollY = initial?.scrollY ?? 0;
    // Let the page lay out (custom elements render asynchronously) before sizing the first request.
    await new Promise<void>((r) => requestAnimationFrame(() => r()));
    this.onResize();
    const settled = this.whenSettled();
    this.scheduleFetch(0);
    await settled;
    // The minimap's whole-run query waits until the first frame is on screen.
    void this.loadMinimap();
  }

  /** What a reopened view restores: window, scroll, collapsed rows, selection, keyboard selection. */
  viewState(): TimelineViewState {
    return { t0: this.window.t0, t1: this.window.t1, scrollY: this.scrollY, collapsed: [...this.collapsed], selection: this.selection, focus: this.focus };
  }

  /** The ruler counts from `t` (compare: both columns from their anchor); undefined: capture time. */
  setTimeOrigin(t: number | undefined): void {
    this.timeOrigin = t;
    this.requestDraw();
  }

  /** Event rows in display order (what Up / Down step through). */
  private eventRowIds(): string[] {
    return this.layout.rows.filter((r) => r.row.eventCount > 0 && r.row.kind !== 'gpuUtil' && !r.isGroup).map((r) => r.row.id);
  }

  /** `NVTX · main [587]`: the row and the thread / stream it belongs to. */
  rowTitle(rowId: string): string {
    const row = this.rows.find((r) => r.id === rowId);
    if (!row) return rowId;
    const parent = row.parentId ? this.rows.find((r) => r.id === row.parentId) : undefined;
    return parent ? `${row.label} of ${parent.label}` : row.label;
  }

  /**
   * Moves the keyboard selection: `left`/`right` to the previous / next event of its row,
   * `up`/`down` to the event nearest in time on the row above / below (skipping rows with
   * nothing there). Without a selection it starts on the first row, at the centre of the view.
   */
  async stepFocus(move: 'left' | 'right' | 'up' | 'down' | 'first' | 'last'): Promise<KeyFocus | undefined> {
    const seq = ++this.stepSeq;
    const rows = this.eventRowIds();
    if (!rows.length) return undefined;
    const cur = this.focus && rows.includes(this.focus.rowId) ? this.focus : undefined;
    const centre = (this.window.t0 + this.window.t1) / 2;
    let next: KeyFocus | null = null;
    if (move === 'first' || move === 'last') {
      // Home / End: the first / last event of the selected row (of the first row without a selection).
      const row = cur?.rowId ?? rows[0];
      next = await this.client.step(row, move === 'first' ? 1 : -1, move === 'first' ? this.bounds.t0 - 1 : this.bounds.t1 + 1);
    } else if (!cur) {
      const start = move === 'up' ? rows.length - 1 : 0;
      for (let i = start; i >= 0 && i < rows.length && !next; i += move === 'up' ? -1 : 1) next = await this.client.step(rows[i], 0, centre);
    } else if (move === 'left' || move === 'right') {
      next = await this.client.step(cur.rowId, move === 'left' ? -1 : 1, cur.startNs, cur.index);
      if (!next) {
        this.announce(`${move === 'left' ? 'First' : 'Last'} event of ${this.rowTitle(cur.rowId)}`);
        return cur;
      }
    } else {
      const at = (Math.max(cur.startNs, this.window.t0) + Math.min(cur.endNs, this.window.t1)) / 2;
      const d = move === 'up' ? -1 : 1;
      for (let i = rows.indexOf(cur.rowId) + d; i >= 0 && i < rows.length && !next; i += d) next = await this.client.step(rows[i], 0, at);
      if (!next) {
        this.announce(`No row ${move === 'up' ? 'above' : 'below'} ${this.rowTitle(cur.rowId)}`);
        return cur;
      }
    }
    if (seq !== this.stepSeq || !next) return this.focus;
    this.setFocus(next);
    return next;
  }

  /** Puts the keyboard selection on an event, brings it into view and announces it. */
  setFocus(f: KeyFocus | undefined, announce = true): void {
    this.focus = f;
    if (f) {
      const span = this.window.t1 - this.window.t0;
      const dur = f.endNs - f.startNs;
      const visible = f.startNs < this.window.t1 && f.endNs > this.window.t0;
      if (dur > span) {
        if (!visible) this.setWindow({ t0: f.startNs - span * 0.1, t1: f.startNs + span * 0.9 });
      } else if (!(f.startNs >= this.window.t0 && f.endNs <= this.window.t1)) {
        const mid = (f.startNs + f.endNs) / 2;
        this.setWindow({ t0: mid - span / 2, t1: mid + span / 2 });
      }
      this.scrollToRow(f.rowId);
      if (announce) this.announce(describeFocus(f, this.rowTitle(f.rowId)));
    }
    this.opts.onFocusChange?.(f);
    this.opts.onStateChange?.();
    this.requestDraw();
  }

  /** Enter: zoom to the selected event and activate it (details; an NVTX range opens its code). */
  async enterFocus(): Promise<EventDetails | undefined> {
    const f = this.focus;
    if (!f) return undefined;
    this.setWindow(windowAround(f.startNs, f.endNs, this.bounds, 0.1));
    const d = await this.client.details(f.rowId, f.index);
    this.opts.onEventActivate?.(d);
    return d;
  }

  announce(text: string): void {
    // Same text twice is still announced: clear first, set on the next frame.
    this.live.textContent = '';
    requestAnimationFrame(() => (this.live.textContent = text));
  }

  /** Number of drawable items the webview holds now. */
  get itemCount(): number {
    return this.loaded?.itemCount ?? 0;
  }

  get visibleRows(): readonly { id: string; label: string; y: number; h: number; kind: string }[] {
    return this.layout.rows.map((r) => ({ id: r.row.id, label: r.row.label, y: r.y, h: r.h, kind: r.row.kind }));
  }

  setShades(shades: Shade[]): void {
    this.shades = shades;
    this.requestDraw();
  }

  /** Zoom to [t0, t1] (with a margin) and scroll the given row into view. */
  reveal(t0: number, t1: number, rowId?: string): void {
    this.setWindow(windowAround(t0, t1, this.bounds, 0.1));
    if (rowId) this.scrollToRow(rowId);
  }

  scrollToRow(rowId: string): void {
    // Expand the ancestors.
    let changed = false;
    for (let p = this.rows.find((r) => r.id === rowId)?.parentId; p; p = this.rows.find((r) => r.id === p)?.parentId ?? null)
      if (this.collapsed.delete(p)) changed = true;
    if (changed) this.relayout();
    const lr = this.layout.rows.find((r) => r.row.id === rowId);
    const H = this.renderer.size.height;
    if (lr && (lr.y < this.scrollY || lr.y + lr.h > this.scrollY + H)) this.setScroll(Math.max(0, lr.y - H / 3));
  }

  setWindow(w: TimeWindow): void {
    this.window = clampWindow(w, this.bounds);
    this.opts.onViewChange?.(this.window);
    this.opts.onStateChange?.();
    this.requestDraw();
    this.scheduleFetch();
  }

  setSelection(sel: TimeWindow | undefined): void {
    this.selection = sel && sel.t1 > sel.t0 ? sel : undefined;
    this.opts.onSelectionChange?.(this.selection);
    this.opts.onStateChange?.();
    this.requestDraw();
  }

  zoomToSelection(): void {
    if (this.selection) this.setWindow(this.selection);
  }

  /** Draw now (synchronously) and return the frame time; the benchmark drives frames with it. */
  drawNow(): number {
    this.drawQueued = false;
    this.drawRuler();
    this.drawMinimap();
    const stats = this.renderer.draw(this.scene());
    this.lastFrame = stats;
    this.frameTimes.push(stats.ms);
    if (this.frameTimes.length > 2000) this.frameTimes.splice(0, 1000);
    return stats.ms;
  }

  /** Resolves when the data for the current window has arrived and been drawn. */
  whenSettled(): Promise<void> {
    return new Promise((resolve) => {
      this.settledWaiters.push(resolve);
      this.checkSettled();
    });
  }

  toggleRow(id: string, collapse?: boolean): void {
    const now = this.collapsed.has(id);
    const want = collapse ?? !now;
    if (want === now) return;
    if (want) this.collapsed.add(id);
    else this.collapsed.delete(id);
    this.relayout();
    this.opts.onStateChange?.();
    this.scheduleFetch(0, true);
  }

  // ---- internals ----

  private scene(): Scene {
    return {
      window: this.window,
      layout: this.layout,
      scrollY: this.scrollY,
      items: this.loaded?.items ?? new Map(),
      styles: this.loaded?.styles ?? [],
      util: this.util,
      shades: this.shades,
      selection: this.selection,
      hover: this.hover,
      link: this.link,
      marks: this.marks,
      focus: this.focus ? { rowId: this.focus.rowId, t0: this.focus.startNs, t1: this.focus.endNs, lane: this.focus.depth } : undefined,
      theme: this.theme,
    };
  }

  requestDraw(): void {
    if (this.drawQueued) return;
    this.drawQueued = true;
    requestAnimationFrame(() => {
      if (this.drawQueued) this.drawNow();
    });
  }

  themeChanged(): void {
    this.theme = readTheme();
    this.minimapImage = undefined;
    void this.loadMinimap();
    this.requestDraw();
  }

  private relayout(): void {
    this.layout = layoutRows(this.rows, this.collapsed);
    this.vspacer.style.height = `${this.layout.height}px`;
    this.setScroll(this.scrollY);
    this.renderLabels();
  }

  private setScroll(y: number): void {
    const H = this.renderer.size.height;
    this.scrollY = Math.max(0, Math.min(y, Math.max(0, this.layout.height - H)));
    if (Math.abs(this.vscroll.scrollTop - this.scrollY) > 1) this.vscroll.scrollTop = this.scrollY;
    this.renderLabels();
    this.opts.onStateChange?.();
    this.requestDraw();
  }

  private renderLabels(): void {
    const H = this.renderer.size.height || 600;
    const frag = document.createDocumentFragment();
    for (const lr of this.layout.rows) {
      if (lr.y + lr.h < this.scrollY || lr.y > this.scrollY + H) continue;
      const item = el(
        'div',
        {
          class: `tl-label kind-${lr.row.kind}${lr.isGroup ? ' group' : ''}`,
          role: 'treeitem',
          'aria-level': lr.level + 1,
          'aria-expanded': lr.isGroup ? String(!lr.collapsed) : undefined,
          tabindex: lr.isGroup ? 0 : -1,
          title: lr.row.label,
          'data-row': lr.row.id,
        },
        lr.isGroup ? el('span', { class: 'twisty', 'aria-hidden': 'true' }, lr.collapsed ? '▸' : '▾') : null,
        el('span', { class: 'label-text' }, lr.row.label),
      );
      item.style.top = `${lr.y - this.scrollY}px`;
      item.style.height = `${lr.h}px`;
      item.style.paddingLeft = `${4 + lr.level * 12}px`;
      if (lr.isGroup) {
        const id = lr.row.id;
        item.addEventListener('click', () => this.toggleRow(id));
        item.addEventListener('keydown', (e) => {
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault();
            this.toggleRow(id);
            (this.labels.querySelector(`[data-row="${CSS.escape(id)}"]`) as HTMLElement | null)?.focus();
          } else if (e.key === 'ArrowLeft') this.toggleRow(id, true);
          else if (e.key === 'ArrowRight') this.toggleRow(id, false);
        });
      }
      frag.appendChild(item);
    }
    replaceChildren(this.labels, frag);
  }

  private onResize(): void {
    const rect = this.tracks.getBoundingClientRect();
    const dpr = window.devicePixelRatio || 1;
    this.renderer.resize(rect.width, rect.height, dpr);
    const ow = this.ruler.parentElement?.getBoundingClientRect().width ?? rect.width;
    for (const [c, h] of [
      [this.ruler, RULER_HEIGHT],
      [this.minimap, MINIMAP_HEIGHT],
    ] as const) {
      c.width = Math.max(1, Math.floor(ow * dpr));
      c.height = Math.floor(h * dpr);
      c.style.width = `${Math.floor(ow)}px`;
      c.style.height = `${h}px`;
    }
    this.relayout();
    this.scheduleFetch(0);
    this.drawNow();
  }

  /** Fetch when the held data does not cover the window or its resolution is off by > 1.6×. */
  private needsFetch(): boolean {
    const d = this.loaded;
    if (!d) return true;
    const span = this.window.t1 - this.window.t0;
    const W = this.renderer.size.width;
    const heldNsPerPx = (d.window.t1 - d.window.t0) / d.widthPx;
    const wantNsPerPx = span / W;
    const ratio = heldNsPerPx / wantNsPerPx;
    const margin = span * 0.05;
    const covers =
      (d.window.t0 <= this.window.t0 + margin || d.window.t0 <= this.bounds.t0) &&
      (d.window.t1 >= this.window.t1 - margin || d.window.t1 >= this.bounds.t1);
    return !covers || ratio > 1.6 || ratio < 1 / 4;
  }

  private scheduleFetch(delay = 60, force = false): void {
    if (this.fetchTimer) clearTimeout(this.fetchTimer);
    this.fetchTimer = setTimeout(() => {
      this.fetchTimer = undefined;
      if (this.inflight) {
        // One request at a time: the answer in flight decides whether another is needed.
        if (force) this.refetch = true;
        return;
      }
      if (force || this.needsFetch()) void this.fetch();
      else this.checkSettled();
    }, delay);
  }

  private async fetch(): Promise<void> {
    const seq = ++this.fetchSeq;
    this.inflight = true;
    const span = this.window.t1 - this.window.t0;
    const W = Math.max(1, this.renderer.size.width);
    const want = clampWindow({ t0: this.window.t0 - span, t1: this.window.t1 + span }, this.bounds);
    const widthPx = Math.max(1, Math.round((W * (want.t1 - want.t0)) / span));
    const rowIds = this.layout.rows.filter((r) => r.row.eventCount > 0 && r.row.kind !== 'gpuUtil').map((r) => r.row.id);
    try {
      const [view, util] = await Promise.all([
        this.client.view(want.t0, want.t1, widthPx, rowIds),
        this.client.utilization(want.t0, want.t1, Math.min(4096, widthPx)),
      ]);
      if (seq !== this.fetchSeq) return;
      const applyStart = performance.now();
      this.loaded = packView(view, this.rowKinds);
      this.util = new Map(util.gpus.map((g) => [g.rowId, { t0: util.t0, t1: util.t1, values: g.values }]));
      this.marks = marksOf(view);
      this.hover = undefined;
      this.drawNow();
      this.applyTimes.push(performance.now() - applyStart);
      if (this.applyTimes.length > 2000) this.applyTimes.splice(0, 1000);
      this.maxItemCount = Math.max(this.maxItemCount, this.loaded.itemCount);
    } catch (e) {
      this.corner.textContent = `Could not load the view: ${(e as Error).message}`;
    } finally {
      if (seq === this.fetchSeq) {
        this.inflight = false;
        const again = this.refetch || this.needsFetch();
        this.refetch = false;
        if (again) this.scheduleFetch(0, true);
        else this.checkSettled();
      }
    }
  }

  private checkSettled(): void {
    if (this.inflight || this.fetchTimer || !this.loaded || this.needsFetch()) return;
    const waiters = this.settledWaiters;
    this.settledWaiters = [];
    for (const w of waiters) w();
  }

  private async loadMinimap(): Promise<void> {
    const w = Math.max(1, Math.floor(this.minimap.width));
    try {
      const rowIds = this.rows.filter((r) => r.eventCount > 0 && r.kind !== 'gpuUtil').map((r) => r.id);
      const view = await this.client.view(this.bounds.t0, this.bounds.t1, w, rowIds);
      const packed = packView(view, this.rowKinds);
      const img = document.createElement('canvas');
      img.width = w;
      img.height = this.minimap.height;
      const ctx = img.getContext('2d');
      if (!ctx) return;
      ctx.fillStyle = this.theme.groupBackground;
      ctx.fillRect(0, 0, img.width, img.height);
      const ids = rowIds.filter((id) => packed.items.has(id));
      const band = img.height / Math.max(1, ids.length);
      const scale = img.width / (this.bounds.t1 - this.bounds.t0);
      ids.forEach((id, i) => {
        const items = packed.items.get(id)!;
        for (let k = 0; k < items.n; k++) {
          if (items.lane[k] !== 0) continue;
          const st = packed.styles[items.style[k]];
          ctx.fillStyle = st ? st.fill : this.theme.muted;
          const x0 = (items.start[k] - this.bounds.t0) * scale;
          ctx.fillRect(x0, i * band, Math.max(1, (items.end[k] - items.start[k]) * scale), Math.max(1, band - 0.5));
        }
      });
      this.minimapImage = img;
      this.drawMinimap();
    } catch {
      /* the minimap is a convenience; the timeline reports errors */
    }
  }

  private drawMinimap(): void {
    const ctx = this.minimap.getContext('2d');
    if (!ctx) return;
    const W = this.minimap.width;
    const H = this.minimap.height;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = this.theme.background;
    ctx.fillRect(0, 0, W, H);
    if (this.minimapImage) ctx.drawImage(this.minimapImage, 0, 0, W, H);
    const scale = W / (this.bounds.t1 - this.bounds.t0);
    const x0 = (this.window.t0 - this.bounds.t0) * scale;
    const x1 = Math.max(x0 + 2, (this.window.t1 - this.bounds.t0) * scale);
    ctx.globalAlpha = 0.45;
    ctx.fillStyle = this.theme.background;
    ctx.fillRect(0, 0, x0, H);
    ctx.fillRect(x1, 0, W - x1, H);
    ctx.globalAlpha = 1;
    ctx.strokeStyle = this.theme.focus;
    ctx.lineWidth = 2;
    ctx.strokeRect(x0 + 1, 1, x1 - x0 - 2, H - 2);
  }

  private drawRuler(): void {
    const ctx = this.ruler.getContext('2d');
    if (!ctx) return;
    const dpr = window.devicePixelRatio || 1;
    const W = this.ruler.width / dpr;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = this.theme.background;
    ctx.fillRect(0, 0, W, RULER_HEIGHT);
    // The ruler sits above the track area (the corner box is above the labels).
    const off = 0;
    const tw = this.renderer.size.width;
    const origin = this.timeOrigin ?? 0;
    const r = computeRuler(this.window.t0 - origin, this.window.t1 - origin, tw);
    ctx.font = this.theme.font;
    ctx.textBaseline = 'top';
    ctx.fillStyle = this.theme.border;
    ctx.fillRect(0, RULER_HEIGHT - 1, W, 1);
    for (const t of r.ticks) {
      const x = off + t.x;
      ctx.fillStyle = this.theme.muted;
      ctx.fillRect(Math.round(x), RULER_HEIGHT - 8, 1, 7);
      ctx.fillStyle = this.theme.foreground;
      ctx.fillText(t.label, x + 3, 3);
    }
    if (this.selection) {
      const s0 = off + ((this.selection.t0 - this.window.t0) / (this.window.t1 - this.window.t0)) * tw;
      const s1 = off + ((this.selection.t1 - this.window.t0) / (this.window.t1 - this.window.t0)) * tw;
      ctx.globalAlpha = 0.4;
      ctx.fillStyle = this.theme.selection;
      ctx.fillRect(s0, 0, s1 - s0, RULER_HEIGHT);
      ctx.globalAlpha = 1;
    }
    const span = formatDuration(this.window.t1 - this.window.t0);
    const from = this.timeOrigin !== undefined ? 'from the aligned range · ' : '';
    this.corner.textContent = r.originLabel ? `${from}${r.originLabel} + · ${span} shown` : `${from}${span} shown`;
  }

  private trackPoint(e: MouseEvent): { x: number; y: number; t: number } {
    const rect = this.tracks.getBoundingClientRect();
    const x = e.clientX - rect.left;
    const y = e.clientY - rect.top;
    return { x, y, t: xToTime(x, this.window, this.renderer.size.width) };
  }

  /** The event under a track-area point. */
  eventAt(x: number, y: number): EventRef | undefined {
    const lr = rowAtY(this.layout, y + this.scrollY);
    if (!lr || !this.loaded) return undefined;
    const items = this.loaded.items.get(lr.row.id);
    if (!items) return undefined;
    const lane = Math.floor((y + this.scrollY - lr.y - ROW_PAD) / LANE_HEIGHT);
    if (lane < 0 || lane >= items.lanes) return undefined;
    const nsPerPx = (this.window.t1 - this.window.t0) / this.renderer.size.width;
    const k = hitTest(items, xToTime(x, this.window, this.renderer.size.width), lane, 2 * nsPerPx);
    return k >= 0 ? { rowId: lr.row.id, item: k } : undefined;
  }

  /** Name, duration and merged count of a held item (what the tooltip shows before details arrive). */
  itemInfo(ref: EventRef): { name: string; startNs: number; endNs: number; count: number; index: number; lane: number } | undefined {
    const items = this.loaded?.items.get(ref.rowId);
    if (!items || ref.item >= items.n) return undefined;
    const st = this.loaded!.styles[items.style[ref.item]];
    return { name: st?.name ?? '', startNs: items.start[ref.item], endNs: items.end[ref.item], count: items.count[ref.item], index: items.id[ref.item], lane: items.lane[ref.item] };
  }

  /** Screen position (client coordinates) of the centre of a held item, for tests. */
  itemCenter(ref: EventRef): { x: number; y: number } | undefined {
    const info = this.itemInfo(ref);
    const lr = this.layout.rows.find((r) => r.row.id === ref.rowId);
    if (!info || !lr) return undefined;
    const rect = this.tracks.getBoundingClientRect();
    const W = this.renderer.size.width;
    const x0 = Math.max(0, ((info.startNs - this.window.t0) / (this.window.t1 - this.window.t0)) * W);
    const x1 = Math.min(W, ((info.endNs - this.window.t0) / (this.window.t1 - this.window.t0)) * W);
    return { x: rect.left + (x0 + x1) / 2, y: rect.top + lr.y - this.scrollY + ROW_PAD + info.lane * LANE_HEIGHT + LANE_HEIGHT / 2 };
  }

  /** Items currently held for a row (tests). */
  heldItems(rowId: string): { name: string; startNs: number; endNs: number; count: number; index: number; lane: number }[] {
    const items = this.loaded?.items.get(rowId);
    if (!items) return [];
    const out = [];
    for (let k = 0; k < items.n; k++) out.push(this.itemInfo({ rowId, item: k })!);
    return out;
  }

  private showTooltip(ref: EventRef, x: number, y: number): void {
    const info = this.itemInfo(ref);
    if (!info) return this.hideTooltip();
    const lines: string[] = [info.name, `${formatDuration(info.endNs - info.startNs)}${info.count > 1 ? ` · ${info.count} events merged at this zoom` : ''}`];
    replaceChildren(this.tooltip, ...lines.map((l, i) => el('div', { class: i === 0 ? 'tt-name' : 'tt-line' }, l)));
    this.tooltip.hidden = false;
    const W = this.renderer.size.width;
    this.tooltip.style.left = `${Math.min(x + 14, Math.max(0, W - 320))}px`;
    this.tooltip.style.top = `${y + 16}px`;
    if (this.detailsTimer) clearTimeout(this.detailsTimer);
    if (info.count === 1 && info.index >= 0) {
      this.detailsTimer = setTimeout(() => {
        void this.client
          .details(ref.rowId, info.index)
          .then((d) => {
            if (this.hover?.rowId !== ref.rowId || this.hover.item !== ref.item) return;
            replaceChildren(this.tooltip, ...detailLines(d).map((l, i) => el('div', { class: i === 0 ? 'tt-name' : 'tt-line' }, l)));
          })
          .catch(() => undefined);
      }, 60);
    }
  }

  /** The NVTX mark under a track-area point (its diamond on the row's first lane). */
  markAt(x: number, y: number): { rowId: string; k: number } | undefined {
    const lr = rowAtY(this.layout, y + this.scrollY);
    if (!lr) return undefined;
    const m = this.marks.get(lr.row.id);
    if (!m) return undefined;
    const cy = lr.y - this.scrollY + ROW_PAD + LANE_HEIGHT / 2;
    if (Math.abs(y - cy) > MARK_RADIUS + 2) return undefined;
    const W = this.renderer.size.width;
    let best = -1;
    let bestD = MARK_RADIUS + 2;
    for (let k = 0; k < m.time.length; k++) {
      const d = Math.abs(((m.time[k] - this.window.t0) / (this.window.t1 - this.window.t0)) * W - x);
      if (d <= bestD) {
        best = k;
        bestD = d;
      }
    }
    return best >= 0 ? { rowId: lr.row.id, k: best } : undefined;
  }

  /** Marks held for a row (tests). */
  heldMarks(rowId: string): { name: string; time: number; count: number }[] {
    const m = this.marks.get(rowId);
    return m ? m.time.map((time, k) => ({ name: m.name[k], time, count: m.count[k] })) : [];
  }

  /** Over an NVTX mark: its name, time and thread. */
  private showMarkTooltip(x: number, y: number): boolean {
    const hit = this.markAt(x, y);
    if (!hit) return false;
    const m = this.marks.get(hit.rowId)!;
    const count = m.count[hit.k];
    const key = `${hit.rowId}\u0000${m.index[hit.k]}\u0000${count}`;
    if (key === this.markTooltipKey && !this.tooltip.hidden) {
      this.tooltip.style.left = `${Math.min(x + 14, Math.max(0, this.renderer.size.width - 320))}px`;
      this.tooltip.style.top = `${y + 16}px`;
      return true;
    }
    this.markTooltipKey = key;
    replaceChildren(
      this.tooltip,
      el('div', { class: 'tt-name' }, m.name[hit.k] || '(unnamed mark)'),
      el('div', { class: 'tt-line' }, `NVTX mark at ${formatDuration(m.time[hit.k])}${count > 1 ? ` · ${count} marks at this zoom` : ''}`),
      el('div', { class: 'tt-line' }, this.rowTitle(hit.rowId)),
    );
    // A single mark: its domain, category and the ranges around it, once the details arrive.
    if (count === 1) {
      void this.client
        .details(hit.rowId, m.index[hit.k], 'nvtx-mark')
        .then((d) => {
          if (this.markTooltipKey !== key || this.tooltip.hidden) return;
          const lines = [d.name || '(unnamed mark)', `NVTX mark at ${formatDuration(d.startNs)}`, ...detailLines(d).slice(2)];
          replaceChildren(this.tooltip, ...lines.map((l, i) => el('div', { class: i === 0 ? 'tt-name' : 'tt-line' }, l)));
        })
        .catch(() => undefined);
    }
    this.tooltip.hidden = false;
    this.tooltip.style.left = `${Math.min(x + 14, Math.max(0, this.renderer.size.width - 320))}px`;
    this.tooltip.style.top = `${y + 16}px`;
    return true;
  }

  /** Over a GPU utilization graph: the busy share under the cursor. */
  private showUtilTooltip(x: number, y: number): boolean {
    const lr = rowAtY(this.layout, y + this.scrollY);
    if (!lr || lr.row.kind !== 'gpuUtil') return false;
    const series = this.util.get(lr.row.id);
    if (!series || !series.values.length) return false;
    const t = xToTime(x, this.window, this.renderer.size.width);
    const binNs = (series.t1 - series.t0) / series.values.length;
    const i = Math.floor((t - series.t0) / binNs);
    if (i < 0 || i >= series.values.length) return false;
    replaceChildren(
      this.tooltip,
      el('div', { class: 'tt-name' }, `${lr.row.label}: ${(series.values[i] * 100).toFixed(1)}% busy`),
      el('div', { class: 'tt-line' }, `over ${formatDuration(binNs)} at ${formatDuration(series.t0 + i * binNs)} (kernels, copies and memsets of all streams)`),
    );
    this.tooltip.hidden = false;
    this.tooltip.style.left = `${Math.min(x + 14, Math.max(0, this.renderer.size.width - 320))}px`;
    this.tooltip.style.top = `${y + 16}px`;
    return true;
  }

  private hideTooltip(): void {
    this.tooltip.hidden = true;
    this.markTooltipKey = '';
    if (this.detailsTimer) clearTimeout(this.detailsTimer);
  }

  /** Click on an event: details, the launch ↔ kernel line, and the activation callback. */
  async activate(ref: EventRef): Promise<EventDetails | undefined> {
    const info = this.itemInfo(ref);
    if (!info || info.index < 0 || info.count > 1) {
      if (info) this.setWindow(windowAround(info.startNs, info.endNs, this.bounds, 0.05));
      return undefined;
    }
    const d = await this.client.details(ref.rowId, info.index);
    // The arrow keys go on from the clicked event.
    this.focus = { rowId: ref.rowId, index: d.index, name: d.kind === 'cuda-api' ? apiDisplayName(d.name) : d.name, startNs: d.startNs, endNs: d.endNs, depth: info.lane };
    this.opts.onFocusChange?.(this.focus);
    this.opts.onStateChange?.();
    const linked = d.linked?.[0];
    if (linked) {
      this.link = { a: { rowId: ref.rowId, t0: d.startNs, t1: d.endNs, lane: info.lane }, b: { rowId: linked.rowId, t0: linked.startNs, t1: linked.endNs, lane: 0 } };
      this.scrollToRow(linked.rowId);
    } else this.link = undefined;
    this.requestDraw();
    this.opts.onEventActivate?.(d);
    return d;
  }

  get linkShown(): boolean {
    return this.link !== undefined;
  }

  private installInput(): void {
    const t = this.tracks;
    t.addEventListener(
      'wheel',
      (e) => {
        e.preventDefault();
        const p = this.trackPoint(e);
        const W = this.renderer.size.width;
        if (e.shiftKey && !e.ctrlKey) {
          this.setScroll(this.scrollY + e.deltaY);
          return;
        }
        if (Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
          this.setWindow(panBy(this.window, e.deltaX, W, this.bounds));
          return;
        }
        this.setWindow(zoomAt(this.window, p.x, W, wheelZoomFactor(e.deltaY, e.deltaMode), this.bounds));
      },
      { passive: false },
    );
    this.labels.addEventListener('wheel', (e) => {
      e.preventDefault();
      this.setScroll(this.scrollY + e.deltaY);
    }, { passive: false });
    this.vscroll.addEventListener('scroll', () => {
      if (Math.abs(this.vscroll.scrollTop - this.scrollY) > 1) this.setScroll(this.vscroll.scrollTop);
    });

    let drag: { x: number; y: number; startWindow: TimeWindow; startScroll: number; mode: 'pan' | 'select'; t0: number; moved: boolean } | undefined;
    t.addEventListener('mousedown', (e) => {
      if (e.button !== 0) return;
      t.focus();
      const p = this.trackPoint(e);
      drag = { x: e.clientX, y: e.clientY, startWindow: this.window, startScroll: this.scrollY, mode: e.shiftKey ? 'select' : 'pan', t0: p.t, moved: false };
      e.preventDefault();
    });
    window.addEventListener('mousemove', (e) => {
      if (!drag) return;
      const dx = e.clientX - drag.x;
      const dy = e.clientY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
      if (!drag.moved) return;
      this.hideTooltip();
      if (drag.mode === 'pan') {
        this.window = clampWindow(panBy(drag.startWindow, -dx, this.renderer.size.width, this.bounds), this.bounds);
        this.setScroll(drag.startScroll - dy);
        this.setWindow(this.window);
      } else {
        const p = this.trackPoint(e);
        this.setSelection({ t0: Math.min(drag.t0, p.t), t1: Math.max(drag.t0, p.t) });
      }
    });
    window.addEventListener('mouseup', (e) => {
      if (!drag) return;
      const d = drag;
      drag = undefined;
      if (!d.moved) {
        const p = this.trackPoint(e);
        const ref = this.eventAt(p.x, p.y);
        if (ref) void this.activate(ref);
        else {
          this.link = undefined;
          this.requestDraw();
        }
      }
    });
    t.addEventListener('mousemove', (e) => {
      if (drag) return;
      const p = this.trackPoint(e);
      // A mark sits on top of the ranges: it wins the tooltip.
      if (this.showMarkTooltip(p.x, p.y)) {
        if (this.hover) {
          this.hover = undefined;
          this.requestDraw();
        }
        return;
      }
      const ref = this.eventAt(p.x, p.y);
      const same = ref && this.hover && ref.rowId === this.hover.rowId && ref.item === this.hover.item;
      if (!same) {
        const hadHover = this.hover !== undefined;
        this.hover = ref;
        if (ref || hadHover) this.requestDraw();
        if (ref) this.showTooltip(ref, p.x, p.y);
        else if (!this.showUtilTooltip(p.x, p.y)) this.hideTooltip();
      } else if (ref) {
        this.tooltip.style.left = `${Math.min(p.x + 14, Math.max(0, this.renderer.size.width - 320))}px`;
        this.tooltip.style.top = `${p.y + 16}px`;
      }
    });
    t.addEventListener('mouseleave', () => {
      this.hover = undefined;
      this.hideTooltip();
      this.requestDraw();
    });
    t.addEventListener('keydown', (e) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const next = keyNavigate(this.window, e.key, this.bounds);
      if (next) {
        e.preventDefault();
        this.setWindow(next);
      } else if (e.key === 'z' || e.key === 'Z') {
        e.preventDefault();
        this.zoomToSelection();
      } else if (e.key === 'Escape') {
        this.setSelection(undefined);
        this.link = undefined;
      } else if (e.key === '0') {
        this.setWindow(this.bounds);
      } else if (e.key === 'ArrowLeft' || e.key === 'ArrowRight' || e.key === 'ArrowUp' || e.key === 'ArrowDown') {
        e.preventDefault();
        void this.stepFocus(e.key === 'ArrowLeft' ? 'left' : e.key === 'ArrowRight' ? 'right' : e.key === 'ArrowUp' ? 'up' : 'down');
      } else if (e.key === 'Home' || e.key === 'End') {
        e.preventDefault();
        void this.stepFocus(e.key === 'Home' ? 'first' : 'last');
      } else if (e.key === 'Enter' || e.key === ' ') {
        if (!this.focus) return;
        e.preventDefault();
        void this.enterFocus();
      } else if (e.key === 'PageDown') {
        e.preventDefault();
        this.setScroll(this.scrollY + this.renderer.size.height * 0.8);
      } else if (e.key === 'PageUp') {
        e.preventDefault();
        this.setScroll(this.scrollY - this.renderer.size.height * 0.8);
      }
    });

    // Ruler: drag selects a range.
    let rulerDrag: number | undefined;
    const rulerTime = (e: MouseEvent): number => {
      const rect = this.ruler.getBoundingClientRect();
      return xToTime(e.clientX - rect.left, this.window, this.renderer.size.width);
    };
    this.ruler.addEventListener('mousedown', (e) => {
      rulerDrag = rulerTime(e);
      e.preventDefault();
    });
    window.addEventListener('mousemove', (e) => {
      if (rulerDrag === undefined) return;
      const t1 = rulerTime(e);
      this.setSelection({ t0: Math.min(rulerDrag, t1), t1: Math.max(rulerDrag, t1) });
    });
    window.addEventListener('mouseup', () => (rulerDrag = undefined));

    // Minimap: click or drag centres the view there.
    let mmDrag = false;
    const mmMove = (e: MouseEvent): void => {
      const rect = this.minimap.getBoundingClientRect();
      const t = this.bounds.t0 + ((e.clientX - rect.left) / rect.width) * (this.bounds.t1 - this.bounds.t0);
      const span = this.window.t1 - this.window.t0;
      this.setWindow({ t0: t - span / 2, t1: t + span / 2 });
    };
    this.minimap.addEventListener('mousedown', (e) => {
      mmDrag = true;
      mmMove(e);
      e.preventDefault();
    });
    window.addEventListener('mousemove', (e) => mmDrag && mmMove(e));
    window.addEventListener('mouseup', () => (mmDrag = false));
  }
}

/** The NVTX marks of a view answer (RowSlice.marks), names resolved, per row. */
export function marksOf(view: ViewMessage): Map<string, MarkItems> {
  const out = new Map<string, MarkItems>();
  for (const s of view.slices) {
    const m = s.marks;
    if (!m || m.time.length === 0) continue;
    out.set(s.rowId, { time: m.time, name: m.label.map((l) => view.strings[l] ?? ''), colour: m.colour, count: m.count, index: m.index });
  }
  return out;
}

/** What a screen reader hears for the keyboard selection: name, duration, row, start. */
export function describeFocus(f: KeyFocus, rowTitle: string): string {
  return `${f.name || '(unnamed)'}, ${formatDuration(f.endNs - f.startNs)}, ${rowTitle}, at ${formatDuration(f.startNs)}`;
}

/** The tooltip's lines for an event's details (text only). */
export function detailLines(d: EventDetails): string[] {
  const lines = [d.kind === 'cuda-api' ? apiDisplayName(d.name) : d.name, `${formatDuration(d.durationNs)} · starts at ${formatDuration(d.startNs)}`];
  if (d.threadName !== undefined || d.tid !== undefined) lines.push(`Thread: ${d.threadName ? `${d.threadName} ` : ''}[${d.tid ?? '?'}] · pid ${d.pid}`);
  if (d.deviceId !== undefined) lines.push(`GPU ${d.deviceId}${d.streamId !== undefined ? ` · stream ${d.streamId}` : ''}`);
  if (d.domain !== undefined)
    lines.push(`NVTX domain: ${d.domain || '(default)'}${d.depth !== undefined && d.item === undefined ? ` · depth ${d.depth}` : ''}${d.categoryName ? ` · category ${d.categoryName}` : ''}`);
  if (d.bytes !== undefined) lines.push(`${d.copyKind ?? 'Memory'}: ${formatBytes(d.bytes)}${d.srcKind ? ` · ${d.srcKind}` : ''}${d.dstKind ? ` → ${d.dstKind}` : ''}`);
  if (d.correlationId !== undefined && d.correlationId >= 0) lines.push(`Correlation id ${d.correlationId}`);
  for (const l of d.linked ?? []) lines.push(`${d.kind === 'cuda-api' ? 'Launched' : 'Launched by'}: ${d.kind === 'cuda-api' ? l.name : apiDisplayName(l.name)} (${formatDuration(l.endNs - l.startNs)})`);
  if (d.enclosingRanges?.length) lines.push(`In: ${d.enclosingRanges.join(' › ')}`);
  return lines;
}

export function formatBytes(b: number): string {
  if (b >= 1 << 30) return `${(b / (1 << 30)).toFixed(2)} GiB`;
  if (b >= 1 << 20) return `${(b / (1 << 20)).toFixed(2)} MiB`;
  if (b >= 1 << 10) return `${(b / (1 << 10)).toFixed(1)} KiB`;
  return `${b} B`;
}
