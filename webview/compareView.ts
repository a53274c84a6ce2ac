// The compare view: two traces side by side (two timeline columns), each with a picker of where to
// align it (an NVTX range and its instance, or the current selection). Aligned, both columns share
// one relative time origin (the anchor's start, 0 on both rulers) and one zoom, so the same stage
// lines up; zoom and pan in either moves both. Below, the summary deltas of the server's compare
// (server/trace/compare.ts through `compare`): per NVTX range, kernel, copy and CUDA API, with a
// verdict per row and the two diagnosis verdicts. Everything is reachable from the keyboard.
import { alignAt, deltaVerdict, nvtxDisplayName, pickInstance, shiftWindow, type Alignment } from './compareAlign';
import { DataTable } from './dataTable';
import { el, replaceChildren } from './dom';
import type { HostBridge } from './hostBridge';
import type { CompareAnchor, TimelineViewState, TraceInfo, ViewerState } from './hostMessages';
import type { EventDetails } from '../server/trace/protocol';
import { Timeline } from './timeline';
import { formatDuration } from './timeRuler';
import { TraceClient } from './traceClient';
import type { TimeWindow } from './viewport';

/** One row of the summary deltas (server `CompareRow`). */
export interface CompareRow {
  category: string;
  name: string;
  countA: number;
  countB: number;
  totalA: number;
  totalB: number;
  deltaPercent: number | null;
}

/** Answer to `compare` (server `CompareResult`). */
export interface CompareResult {
  rows: CompareRow[];
  verdict: { a: string; b: string; changed: boolean; evidenceA: string[]; evidenceB: string[] };
  findingsGone: string[];
  findingsNew: string[];
}

export interface CompareCallbacks {
  onStateChange: () => void;
  onEventActivate: (d: EventDetails) => void;
}

const SELECTION = '\u0000selection';

/** One column: its trace, timeline and alignment picker. */
class CompareColumn {
  readonly client: TraceClient;
  readonly timeline: Timeline;
  readonly element: HTMLElement;
  readonly picker: HTMLSelectElement;
  readonly instance: HTMLInputElement;
  /** NVTX range keys (`domain:name`) of the trace, most time first. */
  ranges: string[] = [];

  constructor(
    readonly side: 'A' | 'B',
    readonly info: TraceInfo,
    bridge: HostBridge,
    onView: (w: TimeWindow) => void,
    cb: CompareCallbacks,
  ) {
    this.client = new TraceClient(bridge, info.traceId);
    this.timeline = new Timeline(this.client, { title: `${side}: ${info.title}`, onViewChange: onView, onStateChange: cb.onStateChange, onEventActivate: cb.onEventActivate });
    const id = `align-${side}`;
    this.picker = el('select', { id, class: 'align-picker', 'aria-label': `Align trace ${side} at` }) as HTMLSelectElement;
    this.picker.appendChild(el('option', { value: SELECTION }, 'The selection (or the view)'));
    this.instance = el('input', { type: 'number', min: 1, value: 1, class: 'align-instance', 'aria-label': `Instance of the range in trace ${side}` }) as HTMLInputElement;
    this.element = el(
      'div',
      { class: 'compare-col', role: 'group', 'aria-label': `Trace ${side}: ${info.title}` },
      el(
        'div',
        { class: 'compare-col-head' },
        el('span', { class: 'compare-side' }, side),
        el('span', { class: 'compare-title', title: info.title }, info.title),
        el('label', { for: id, class: 'muted' }, 'Align at'),
        this.picker,
        el('span', { class: 'muted', 'aria-hidden': 'true' }, '#'),
        this.instance,
      ),
      this.timeline.element,
    );
  }

  setRanges(keys: string[]): void {
    this.ranges = keys;
    const current = this.picker.value;
    replaceChildren(this.picker, el('option', { value: SELECTION }, 'The selection (or the view)'), ...keys.map((k) => el('option', { value: k }, `NVTX ${nvtxDisplayName(k)}`)));
    if (keys.includes(current)) this.picker.value = current;
  }

  /** The anchor the picker describes now. */
  anchor(): CompareAnchor {
    if (this.picker.value === SELECTION || !this.picker.value) {
      const w = this.timeline.selection ?? this.timeline.window;
      return { kind: 'range', t0: w.t0, t1: w.t1 };
    }
    return { kind: 'nvtx', name: this.picker.value, instance: Math.max(0, Math.floor(Number(this.instance.value) || 1) - 1) };
  }

  /** Shows an anchor in the picker (restore, a delta row chosen). */
  showAnchor(a: CompareAnchor | undefined): void {
    if (!a || a.kind === 'range') {
      this.picker.value = SELECTION;
      return;
    }
    if (!this.ranges.includes(a.name)) this.picker.appendChild(el('option', { value: a.name }, `NVTX ${nvtxDisplayName(a.name)}`));
    this.picker.value = a.name;
    this.instance.value = String(a.instance + 1);
  }

  /** The time range of an anchor in this trace; a message when it has no such instance. */
  async resolve(a: CompareAnchor): Promise<TimeWindow | string> {
    if (a.kind === 'range') return { t0: a.t0, t1: a.t1 };
    const occ = await this.client.occurrences('nvtx', a.name, a.instance + 1);
    const o = pickInstance(occ, a.instance);
    if (!o) return `trace ${this.side} has ${occ.length === 0 ? 'no' : `only ${occ.length}`} NVTX range “${nvtxDisplayName(a.name)}”${occ.length ? ` instance${occ.length > 1 ? 's' : ''}` : ''}`;
    return { t0: o.startNs, t1: Math.max(o.endNs, o.startNs + 1) };
  }
}

export class CompareView {
  readonly element: HTMLElement;
  readonly columns: [CompareColumn, CompareColumn];
  alignment: Alignment | undefined;
  anchors: [CompareAnchor | undefined, CompareAnchor | undefined] = [undefined, undefined];
  result: CompareResult | undefined;
  private syncing = false;
  private readonly status: HTMLElement;
  private readonly verdict: HTMLElement;
  private readonly deltas: DataTable<CompareRow>;

  constructor(
    a: TraceInfo,
    b: TraceInfo,
    private readonly bridge: HostBridge,
    private readonly sources: string[],
    private readonly cb: CompareCallbacks,
  ) {
    const ca = new CompareColumn('A', a, bridge, (w) => this.follow(0, w), cb);
    const cbCol = new CompareColumn('B', b, bridge, (w) => this.follow(1, w), cb);
    this.columns = [ca, cbCol];
    this.status = el('span', { role: 'status', 'aria-live': 'polite', class: 'compare-status muted' }, 'Pick where to align each trace (an NVTX range or a selection), then Align.');
    const align = el('vscode-button', { 'aria-label': 'Align the two traces at the chosen ranges (Alt+L)', title: 'Alt+L' }, 'Align');
    align.addEventListener('click', () => void this.align());
    const unlink = el('vscode-button', { secondary: true, 'aria-label': 'Stop moving the traces together' }, 'Unlink');
    unlink.addEventListener('click', () => this.unlink());
    this.verdict = el('div', { class: 'compare-verdict', 'aria-live': 'polite' }, el('span', { class: 'muted' }, 'Comparing the summaries and diagnoses…'));
    this.deltas = new DataTable<CompareRow>({
      caption: 'Summary deltas, B against A',
      columns: [
        { key: 'category', label: 'Kind', value: (r) => r.category },
        { key: 'name', label: 'Name', value: (r) => (r.category === 'NVTX' ? nvtxDisplayName(r.name) : r.name) },
        { key: 'totalA', label: 'Total A', numeric: true, value: (r) => r.totalA, format: (r) => formatDuration(r.totalA) },
        { key: 'totalB', label: 'Total B', numeric: true, value: (r) => r.totalB, format: (r) => formatDuration(r.totalB) },
        { key: 'delta', label: 'Δ %', numeric: true, value: (r) => r.deltaPercent ?? Number.POSITIVE_INFINITY, format: (r) => (r.deltaPercent === null ? 'new' : `${r.deltaPercent > 0 ? '+' : ''}${r.deltaPercent.toFixed(1)}`) },
        { key: 'verdict', label: 'Verdict', value: (r) => deltaVerdict(r.totalA, r.totalB, r.countA, r.countB) },
        { key: 'countA', label: 'Count A', numeric: true, value: (r) => r.countA },
        { key: 'countB', label: 'Count B', numeric: true, value: (r) => r.countB },
      ],
      initialSort: { key: 'totalA', descending: true },
      limit: 400,
      describe: (r) => (r.category === 'NVTX' ? 'Enter aligns both traces at this range' : `${r.category} ${r.name}`),
      onActivate: (r) => {
        if (r.category !== 'NVTX') return;
        const anchor: CompareAnchor = { kind: 'nvtx', name: r.name.replace(/ \([^)]*\)$/, ''), instance: 0 };
        ca.showAnchor(anchor);
        cbCol.showAnchor(anchor);
        void this.align();
      },
    });
    this.element = el(
      'div',
      { class: 'compare' },
      el('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Compare traces' }, el('span', { class: 'title' }, `Compare ${a.title} ↔ ${b.title}`), align, unlink),
      el('div', { class: 'compare-bar' }, this.status),
      el('div', { class: 'compare-columns' }, ca.element, cbCol.element),
      el('div', { class: 'deltas', role: 'region', 'aria-label': 'Summary deltas' }, this.verdict, this.deltas.element),
    );
    this.element.addEventListener('keydown', (e) => {
      if (e.altKey && (e.key === 'l' || e.key === 'L')) {
        e.preventDefault();
        void this.align();
      }
    });
  }

  get timelines(): [Timeline, Timeline] {
    return [this.columns[0].timeline, this.columns[1].timeline];
  }

  /** Loads both timelines (restoring a saved view), the range pickers and the deltas. */
  async load(saved?: ViewerState): Promise<void> {
    const [ca, cb] = this.columns;
    const viewOf = (s: TimelineViewState | undefined): Parameters<Timeline['load']>[0] =>
      s ? { window: { t0: s.t0, t1: s.t1 }, scrollY: s.scrollY, collapsed: s.collapsed, selection: s.selection, focus: s.focus } : undefined;
    await Promise.all([ca.timeline.load(viewOf(saved)), cb.timeline.load(viewOf(saved?.compare?.b))]);
    const c = saved?.compare;
    void this.loadPickers(c?.anchorA, c?.anchorB).then(async () => {
      if (c?.aligned && c.anchorA && c.anchorB) await this.align(c.anchorA, c.anchorB, true);
    });
  }

  /** Loads the deltas (after the first frames; the analysis may take a while on big traces). */
  async loadDeltas(): Promise<void> {
    try {
      const r = await this.bridge.request<CompareResult>('compare', { traceId: this.columns[0].info.traceId, otherId: this.columns[1].info.traceId });
      this.result = r;
      this.deltas.setRows(r.rows);
      const v = r.verdict;
      replaceChildren(
        this.verdict,
        el('strong', {}, 'Verdict: '),
        `A ${v.a} → B ${v.b}${v.changed ? ' (changed)' : ' (unchanged)'}`,
        r.findingsGone.length ? el('span', { class: 'delta-down' }, ` · resolved in B: ${r.findingsGone.join(', ')}`) : null,
        r.findingsNew.length ? el('span', { class: 'delta-up' }, ` · new in B: ${r.findingsNew.join(', ')}`) : null,
      );
    } catch (e) {
      replaceChildren(this.verdict, el('span', { class: 'error' }, `Summary deltas unavailable: ${(e as Error).message}`));
    }
  }

  private async loadPickers(anchorA?: CompareAnchor, anchorB?: CompareAnchor): Promise<void> {
    const [ca, cb] = this.columns;
    const names = async (c: CompareColumn): Promise<string[]> => {
      try {
        return [...new Set((await c.client.summary()).nvtx.map((r) => r.name))];
      } catch {
        return [];
      }
    };
    const [na, nb] = await Promise.all([names(ca), names(cb)]);
    ca.setRanges(na);
    cb.setRanges(nb);
    if (anchorA || anchorB) {
      ca.showAnchor(anchorA);
      cb.showAnchor(anchorB);
      return;
    }
    // Preselect the range both runs have that takes the most time in A.
    const inB = new Set(nb);
    const common = na.find((n) => inB.has(n));
    if (common) {
      ca.showAnchor({ kind: 'nvtx', name: common, instance: 0 });
      cb.showAnchor({ kind: 'nvtx', name: common, instance: 0 });
    }
  }

  /**
   * Aligns the columns at their anchors (the pickers' when not given): starts coincide, the
   * longer anchor fills the view, rulers count from the anchor, zoom and pan move both.
   * `keepView`: a restored panel keeps its windows.
   */
  async align(anchorA?: CompareAnchor, anchorB?: CompareAnchor, keepView = false): Promise<boolean> {
    const [ca, cb] = this.columns;
    const a = anchorA ?? ca.anchor();
    const b = anchorB ?? cb.anchor();
    const [ra, rb] = await Promise.all([ca.resolve(a), cb.resolve(b)]);
    if (typeof ra === 'string' || typeof rb === 'string') {
      this.status.textContent = `Cannot align: ${[ra, rb].filter((x): x is string => typeof x === 'string').join('; ')}.`;
      return false;
    }
    const al = alignAt(ra, rb);
    this.alignment = al;
    this.anchors = [a, b];
    ca.timeline.setTimeOrigin(al.originA);
    cb.timeline.setTimeOrigin(al.originA + al.offset);
    if (!keepView) {
      this.syncing = true;
      ca.timeline.setWindow(al.windowA);
      cb.timeline.setWindow(al.windowB);
      this.syncing = false;
    }
    const what = (x: CompareAnchor): string => (x.kind === 'nvtx' ? `NVTX “${nvtxDisplayName(x.name)}” #${x.instance + 1}` : `the range ${formatDuration(x.t1 - x.t0)} long`);
    this.status.textContent = `Aligned at ${what(a)} in A and ${what(b)} in B: both rulers count from there; zoom and pan move both.`;
    this.cb.onStateChange();
    return true;
  }

  unlink(): void {
    this.alignment = undefined;
    for (const c of this.columns) c.timeline.setTimeOrigin(undefined);
    this.status.textContent = 'Unlinked: the traces move on their own.';
    this.cb.onStateChange();
  }

  /** A column's view changed: the other follows at the same relative time and zoom. */
  private follow(from: 0 | 1, w: TimeWindow): void {
    if (!this.alignment || this.syncing) return;
    this.syncing = true;
    try {
      const other = this.columns[from === 0 ? 1 : 0].timeline;
      other.setWindow(shiftWindow(w, from === 0 ? this.alignment.offset : -this.alignment.offset));
    } finally {
      this.syncing = false;
    }
  }

  /** What the panel persists: A's view at the top level, the rest under `compare`. */
  state(): ViewerState {
    const [ta, tb] = this.timelines;
    return {
      ...ta.viewState(),
      compare: { sources: this.sources, b: tb.viewState(), anchorA: this.anchors[0], anchorB: this.anchors[1], aligned: this.alignment !== undefined },
    };
  }
}
