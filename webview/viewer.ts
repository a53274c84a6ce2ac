// The trace viewer page: loading / error states, one timeline with the side panel, or two
// timelines (compare) with summary deltas. Talks to its host only through HostBridge; persists
// its view in the webview state so a reopened trace comes back where it was.
import { CompareView } from './compareView';
import { el, replaceChildren } from './dom';
import type { HostBridge } from './hostBridge';
import { parseViewerState, type HostToWebview, type TraceInfo, type ViewerState } from './hostMessages';
import { SidePanel, type SideTab } from './sidePanel';
import { watchTheme } from './theme';
import { Timeline } from './timeline';
import type { Shade } from './timelineRenderer';
import { TraceClient, type SummaryTableRow, type ViewerFinding } from './traceClient';
import type { TimeWindow } from './viewport';

export class ViewerApp {
  timelines: Timeline[] = [];
  panel: SidePanel | undefined;
  findings: ViewerFinding[] = [];
  /** Resolves after the first complete frame of a loaded trace (tests, benchmark). */
  firstFrame: Promise<number>;
  private resolveFirstFrame!: (ms: number) => void;
  private info: TraceInfo | undefined;
  private stateTimer: ReturnType<typeof setTimeout> | undefined;
  private occurrenceCursor = new Map<string, number>();
  private sideTab: SideTab = 'findings';
  /** The compare view, when this panel compares two traces. */
  compare: CompareView | undefined;
  /** The files' URIs the host sent (a compare panel persists them). */
  private sources: string[] = [];
  /** waiting → loading → loaded (data arriving) → shown (first frame drawn), or error. */
  status: string = 'waiting';
  private restoreState: ViewerState | undefined;
  private pendingReveal: TimeWindow | undefined;

  constructor(
    private readonly root: HTMLElement,
    private readonly bridge: HostBridge,
  ) {
    this.firstFrame = new Promise((r) => (this.resolveFirstFrame = r));
    bridge.onMessage((m) => this.onHost(m));
    watchTheme(() => this.timelines.forEach((t) => t.themeChanged()));
    replaceChildren(root, el('div', { class: 'loading', role: 'status' }, el('vscode-progress-ring', { 'aria-label': 'Waiting for the trace' }), 'Waiting for the trace…'));
    bridge.send({ type: 'ready' });
  }

  private onHost(m: HostToWebview): void {
    switch (m.type) {
      case 'loading':
        this.status = 'loading';
        this.showLoading(m.title, m.message, m.fraction, m.cancellable);
        break;
      case 'error':
        this.status = 'error';
        this.showError(m.title, m.message, m.cancelled === true, m.reloadable === true);
        break;
      case 'loaded':
        this.status = 'loaded';
        this.restoreState = m.restoreState;
        this.sources = m.sources ?? [];
        if (m.compareWith) void this.showCompare(m.info, m.compareWith);
        else void this.showTrace(m.info);
        break;
      case 'reveal':
        // Before the first frame the reveal waits for it (it wins over a restored view).
        if (this.status === 'shown') this.timelines[0]?.reveal(m.t0, m.t1);
        else this.pendingReveal = { t0: m.t0, t1: m.t1 };
        break;
      case 'sourceResult':
        this.panel?.note(m.message);
        break;
      default:
        break;
    }
  }

  private showLoading(title: string, message: string, fraction: number | undefined, cancellable: boolean): void {
    // Progress updates arrive several times a second: update the box in place (the Cancel button
    // keeps its focus), build it only the first time or when the bar kind changes.
    const existing = this.root.querySelector<HTMLElement>('.loading[data-title]');
    if (existing && existing.dataset.title === title && existing.dataset.determinate === String(fraction !== undefined)) {
      const bar = existing.querySelector('vscode-progress-bar');
      if (bar && fraction !== undefined) bar.setAttribute('value', String(Math.round(fraction * 100)));
      const text = existing.querySelector('.loading-message');
      if (text) text.textContent = fraction !== undefined ? `${message} ${Math.round(fraction * 100)}%` : message;
      // Screen readers hear the phase changes, not every percent.
      const phase = existing.querySelector('.loading-phase');
      if (phase && phase.textContent !== message) phase.textContent = message;
      return;
    }
    const bar = fraction !== undefined ? el('vscode-progress-bar', { value: Math.round(fraction * 100), max: 100, 'aria-label': 'Loading progress' }) : el('vscode-progress-ring', { 'aria-label': 'Loading' });
    const box = el(
      'div',
      { class: 'loading', role: 'region', 'aria-label': `Loading ${title}`, 'data-title': title, 'data-determinate': String(fraction !== undefined) },
      el('h2', {}, `Loading ${title}`),
      bar,
      el('div', { class: 'loading-message', 'aria-hidden': 'true' }, fraction !== undefined ? `${message} ${Math.round(fraction * 100)}%` : message),
      el('div', { class: 'loading-phase visually-hidden', role: 'status', 'aria-live': 'polite' }, message),
    );
    if (cancellable) {
      const cancel = el('vscode-button', { secondary: true, 'aria-label': 'Cancel loading' }, 'Cancel');
      cancel.addEventListener('click', () => this.bridge.send({ type: 'cancelLoad' }));
      box.appendChild(cancel);
    }
    replaceChildren(this.root, box);
  }

  private showError(title: string, message: string, cancelled = false, reloadable = false): void {
    const box = el(
      'div',
      { class: 'load-error', role: 'alert' },
      el('h2', {}, cancelled ? `Loading ${title} was cancelled` : `Could not open ${title}`),
      el('pre', {}, message),
    );
    if (reloadable) {
      const reload = el('vscode-button', { 'aria-label': `Load ${title} again` }, 'Reload');
      reload.addEventListener('click', () => this.bridge.send({ type: 'reload' }));
      box.appendChild(reload);
    }
    if (!cancelled) box.appendChild(el('p', { class: 'muted' }, 'To see this file another way, use “Reopen Editor With…” from the editor’s menu. The Sightline log (Sightline: Show Log) has the details.'));
    replaceChildren(this.root, box);
    // Focus the Reload button once the element has rendered (keyboard users land on it).
    const reload = box.querySelector<HTMLElement>('vscode-button');
    if (reload) void customElements.whenDefined('vscode-button').then(() => requestAnimationFrame(() => reload.focus()));
  }

  /** The webview's own state (panel restored) or the host's copy (trace reopened). */
  private savedState(): ViewerState | undefined {
    return parseViewerState(this.bridge.getState()) ?? this.restoreState;
  }

  private saveState(): void {
    if (this.stateTimer) clearTimeout(this.stateTimer);
    this.stateTimer = setTimeout(() => {
      const t = this.timelines[0];
      if (!t) return;
      const s: ViewerState = this.compare ? this.compare.state() : { ...t.viewState(), sideTab: this.sideTab };
      this.bridge.setState(s);
      this.bridge.send({ type: 'viewChanged', state: s });
    }, 150);
  }

  private async showTrace(info: TraceInfo): Promise<void> {
    this.info = info;
    const client = new TraceClient(this.bridge, info.traceId);
    const panel = new SidePanel({
      onFinding: (f) => this.openFinding(f),
      onSummaryRow: (r) => void this.jumpToOccurrence(client, r),
      onOpenSource: (name, domain) => this.bridge.send({ type: 'openSource', name, domain }),
      onTabChange: (t) => {
        this.sideTab = t;
        this.saveState();
      },
    });
    this.panel = panel;
    const timeline = new Timeline(client, {
      title: info.title,
      onStateChange: () => this.saveState(),
      onSelectionChange: (sel) => void this.selectionChanged(client, sel),
      onEventActivate: (d) => {
        panel.setDetails(d, true);
        if (d.kind === 'nvtx') this.bridge.send({ type: 'openSource', name: d.name, domain: d.domain ?? '' });
        panel.show('details');
      },
    });
    this.timelines = [timeline];
    const zoomSel = el('vscode-button', { secondary: true, 'aria-label': 'Zoom to the selected range (Z)' }, 'Zoom to selection');
    zoomSel.addEventListener('click', () => timeline.zoomToSelection());
    const reset = el('vscode-button', { secondary: true, 'aria-label': 'Show the whole capture (0)' }, 'Whole trace');
    reset.addEventListener('click', () => timeline.setWindow(timeline.bounds));
    const toolbar = el(
      'div',
      { class: 'toolbar', role: 'toolbar', 'aria-label': 'Trace viewer' },
      el('span', { class: 'title', title: info.title }, info.title),
      info.warnings.length ? el('span', { class: 'warnings', title: info.warnings.join('\n') }, `⚠ ${info.warnings.join(' · ')}`) : null,
      zoomSel,
      reset,
    );
    replaceChildren(this.root, toolbar, el('div', { class: 'main' }, el('div', { class: 'timelines' }, timeline.element), panel.element));
    const saved = this.savedState();
    if (saved?.sideTab) panel.show(saved.sideTab as SideTab);
    const started = performance.now();
    try {
      await timeline.load(saved ? { window: { t0: saved.t0, t1: saved.t1 }, scrollY: saved.scrollY, collapsed: saved.collapsed, selection: saved.selection, focus: saved.focus } : undefined);
    } catch (e) {
      this.showError(info.title, (e as Error).message);
      return;
    }
    this.resolveFirstFrame(performance.now() - started);
    this.status = 'shown';
    if (this.pendingReveal) {
      timeline.reveal(this.pendingReveal.t0, this.pendingReveal.t1);
      this.pendingReveal = undefined;
    }
    if (saved?.selection) void this.selectionChanged(client, saved.selection, false); // restored: keep the restored tab
    void client
      .summary()
      .then((s) => panel.setSummary(s))
      .catch((e: Error) => panel.setSummaryError(`Summary unavailable: ${e.message}`));
    void client
      .findings()
      .then((f) => {
        this.findings = f;
        panel.setFindings(f);
        timeline.setShades(shadesOf(f, timeline));
      })
      .catch((e: Error) => panel.setFindings(`Diagnosis failed: ${e.message}`));
  }

  openFinding(f: ViewerFinding): void {
    const t = this.timelines[0];
    if (!t) return;
    if (f.t0 !== undefined && f.t1 !== undefined) {
      const base = shadesOf(this.findings, t);
      t.setShades([...base, { t0: f.t0, t1: f.t1, kind: 'finding', rowIds: [] }]);
      t.reveal(f.t0, f.t1);
    }
    if (f.nvtxRange) this.bridge.send({ type: 'openSource', name: f.nvtxRange.name, domain: f.nvtxRange.domain });
  }

  private async jumpToOccurrence(client: TraceClient, r: SummaryTableRow): Promise<void> {
    const t = this.timelines[0];
    if (!t) return;
    const key = `${r.table}\u0000${r.name}`;
    const occ = await client.occurrences(r.table, r.name, 1000);
    if (!occ.length) return;
    const i = (this.occurrenceCursor.get(key) ?? -1) + 1;
    const o = occ[i % occ.length];
    this.occurrenceCursor.set(key, i % occ.length);
    t.reveal(o.startNs, o.endNs, o.rowId);
  }

  private async selectionChanged(client: TraceClient, sel: TimeWindow | undefined, showTab = true): Promise<void> {
    const panel = this.panel;
    if (!panel) return;
    if (!sel) {
      panel.setSelection(undefined);
      return;
    }
    try {
      const stats = await client.rangeStats(sel.t0, sel.t1);
      panel.setSelection(stats);
      if (showTab && panel.tab !== 'selection') panel.show('selection');
    } catch (e) {
      panel.setSelection(undefined, (e as Error).message);
    }
  }

  private async showCompare(a: TraceInfo, b: TraceInfo): Promise<void> {
    const view = new CompareView(a, b, this.bridge, this.sources, {
      onStateChange: () => this.saveState(),
      onEventActivate: (d) => {
        if (d.kind === 'nvtx') this.bridge.send({ type: 'openSource', name: d.name, domain: d.domain ?? '' });
      },
    });
    this.compare = view;
    this.timelines = view.timelines;
    replaceChildren(this.root, view.element);
    const saved = this.savedState();
    const started = performance.now();
    try {
      await view.load(saved?.compare ? saved : undefined);
    } catch (e) {
      this.showError(`${a.title} ↔ ${b.title}`, (e as Error).message);
      return;
    }
    this.resolveFirstFrame(performance.now() - started);
    this.status = 'shown';
    await view.loadDeltas();
  }
}

/** GPU gap and low-utilization shading of the findings, on each GPU's rows. */
export function shadesOf(findings: readonly ViewerFinding[], t: Timeline): Shade[] {
  const out: Shade[] = [];
  const rows = t.visibleRows;
  for (const f of findings)
    for (const s of f.shades) {
      const onDevice = (id: string): boolean => (s.deviceId !== undefined ? id.startsWith(`gpu${s.deviceId}/`) : /^gpu\d+\//.test(id));
      out.push({ t0: s.t0, t1: s.t1, kind: s.kind, rowIds: rows.filter((r) => onDevice(r.id)).map((r) => r.id) });
    }
  return out;
}
