// The panel beside the timeline: the diagnosis findings, the statistics of the selected range,
// the details of the clicked event, and the summary tables (NVTX, kernels, CUDA API, memory,
// OS runtime). Everything is text nodes; controls are @vscode-elements/elements.
import type { EventDetails } from '../server/trace/protocol';
import { DataTable, type Column } from './dataTable';
import { el, replaceChildren } from './dom';
import { detailLines } from './timeline';
import { formatDuration } from './timeRuler';
import type { RangeStatRow, RangeStats, SummaryTableRow, SummaryTables, ViewerFinding } from './traceClient';

export const SIDE_TABS = ['findings', 'selection', 'details', 'nvtx', 'kernels', 'cudaApi', 'memory', 'osrt'] as const;
export type SideTab = (typeof SIDE_TABS)[number];
const TAB_LABELS: Record<SideTab, string> = {
  findings: 'Findings',
  selection: 'Selection',
  details: 'Event',
  nvtx: 'NVTX',
  kernels: 'Kernels',
  cudaApi: 'CUDA API',
  memory: 'Memory',
  osrt: 'OS runtime',
};

export interface SidePanelCallbacks {
  onFinding: (f: ViewerFinding) => void;
  onSummaryRow: (r: SummaryTableRow) => void;
  onOpenSource: (name: string, domain: string) => void;
  onTabChange: (tab: SideTab) => void;
}

function summaryColumns(): Column<SummaryTableRow>[] {
  return [
    { key: 'name', label: 'Name', value: (r) => r.name },
    { key: 'share', label: 'Time %', numeric: true, value: (r) => r.share, format: (r) => r.share.toFixed(1) },
    { key: 'totalNs', label: 'Total', numeric: true, value: (r) => r.totalNs, format: (r) => formatDuration(r.totalNs) },
    { key: 'count', label: 'Count', numeric: true, value: (r) => r.count, format: (r) => r.count.toLocaleString('en-US') },
    { key: 'avgNs', label: 'Avg', numeric: true, value: (r) => r.avgNs, format: (r) => formatDuration(r.avgNs) },
    { key: 'medNs', label: 'Med', numeric: true, value: (r) => r.medNs, format: (r) => formatDuration(r.medNs) },
    { key: 'maxNs', label: 'Max', numeric: true, value: (r) => r.maxNs, format: (r) => formatDuration(r.maxNs) },
  ];
}

export class SidePanel {
  readonly element: HTMLElement;
  private readonly tabs: HTMLElement;
  private readonly panels = new Map<SideTab, HTMLElement>();
  private readonly findingsList: HTMLElement;
  private readonly selectionBody: HTMLElement;
  private readonly detailsBody: HTMLElement;
  private readonly tables = new Map<SideTab, DataTable<SummaryTableRow>>();
  private readonly rangeTable: DataTable<RangeStatRow>;
  private current: SideTab = 'findings';

  constructor(private readonly cb: SidePanelCallbacks) {
    this.findingsList = el('ul', { class: 'findings', 'aria-label': 'Findings of the diagnosis' }, el('li', { class: 'muted' }, 'Diagnosing…'));
    this.selectionBody = el('div', { class: 'selection-info', 'aria-live': 'polite' }, el('p', { class: 'muted' }, 'Shift+drag on the timeline, or drag on the ruler, to select a range.'));
    this.rangeTable = new DataTable<RangeStatRow>({
      caption: 'Statistics of the selected range',
      columns: [
        { key: 'category', label: 'Kind', value: (r) => r.category },
        { key: 'name', label: 'Name', value: (r) => r.name },
        { key: 'count', label: 'Count', numeric: true, value: (r) => r.count },
        { key: 'totalNs', label: 'Total', numeric: true, value: (r) => r.totalNs, format: (r) => formatDuration(r.totalNs) },
        { key: 'share', label: 'Share %', numeric: true, value: (r) => r.share, format: (r) => r.share.toFixed(1) },
      ],
      initialSort: { key: 'totalNs', descending: true },
      limit: 300,
    });
    this.detailsBody = el('div', { class: 'details', 'aria-live': 'polite' }, el('p', { class: 'muted' }, 'Click an event on the timeline.'));
    this.tabs = el('vscode-tabs', { 'aria-label': 'Trace panels', class: 'side-tabs' });
    SIDE_TABS.forEach((t) => {
      this.tabs.appendChild(el('vscode-tab-header', { slot: 'header', id: `tab-${t}` }, TAB_LABELS[t]));
      const panel = el('vscode-tab-panel', { 'aria-labelledby': `tab-${t}`, 'data-tab': t });
      this.panels.set(t, panel);
      this.tabs.appendChild(panel);
    });
    this.panels.get('findings')!.appendChild(this.findingsList);
    this.panels.get('selection')!.append(this.selectionBody, this.rangeTable.element);
    this.panels.get('details')!.appendChild(this.detailsBody);
    for (const t of ['nvtx', 'kernels', 'cudaApi', 'memory', 'osrt'] as const) {
      const table = new DataTable<SummaryTableRow>({
        caption: `${TAB_LABELS[t]} summary`,
        columns: summaryColumns(),
        onActivate: (r) => this.cb.onSummaryRow(r),
        describe: (r) => `${r.name}: ${r.count} events, ${formatDuration(r.totalNs)} total. Enter jumps to the next occurrence.`,
        initialSort: { key: 'totalNs', descending: true },
      });
      this.tables.set(t, table);
      this.panels.get(t)!.appendChild(table.element);
    }
    this.tabs.addEventListener('vsc-tabs-select', (e) => {
      const idx = (e as CustomEvent<{ selectedIndex: number }>).detail?.selectedIndex ?? 0;
      this.current = SIDE_TABS[idx] ?? 'findings';
      this.cb.onTabChange(this.current);
    });
    this.element = el('aside', { class: 'side', 'aria-label': 'Findings, statistics and summaries' }, this.tabs);
  }

  get tab(): SideTab {
    return this.current;
  }

  show(tab: SideTab): void {
    const idx = SIDE_TABS.indexOf(tab);
    if (idx < 0) return;
    this.current = tab;
    (this.tabs as unknown as { selectedIndex: number }).selectedIndex = idx;
  }

  table(tab: SideTab): DataTable<SummaryTableRow> | undefined {
    return this.tables.get(tab);
  }

  setSummary(s: SummaryTables): void {
    this.tables.get('nvtx')!.setRows(s.nvtx);
    this.tables.get('kernels')!.setRows(s.kernels);
    this.tables.get('cudaApi')!.setRows(s.cudaApi);
    this.tables.get('memory')!.setRows(s.memory);
    this.tables.get('osrt')!.setRows(s.osrt);
  }

  setSummaryError(message: string): void {
    for (const t of this.tables.values()) t.setRows([]);
    for (const t of ['nvtx', 'kernels', 'cudaApi', 'memory', 'osrt'] as const) this.panels.get(t)!.prepend(el('p', { class: 'error', role: 'alert' }, message));
  }

  setFindings(findings: ViewerFinding[] | string): void {
    if (typeof findings === 'string') {
      replaceChildren(this.findingsList, el('li', { class: 'error', role: 'alert' }, findings));
      return;
    }
    if (findings.length === 0) {
      replaceChildren(this.findingsList, el('li', { class: 'muted' }, 'No findings.'));
      return;
    }
    replaceChildren(
      this.findingsList,
      ...findings.map((f) => {
        const open = el('button', { type: 'button', class: 'finding-open', 'aria-label': `Zoom to: ${f.title}` }, el('span', { class: `sev sev-${f.severity}`, 'aria-hidden': 'true' }, f.severity === 'error' ? '⛔' : f.severity === 'warning' ? '⚠' : 'ℹ'), el('span', { class: 'finding-title' }, f.title));
        open.addEventListener('click', () => this.cb.onFinding(f));
        const li = el('li', { class: 'finding', 'data-finding': f.id }, open, el('div', { class: 'finding-message' }, f.message));
        if (f.nvtxRange) {
          const r = f.nvtxRange;
          const src = el('vscode-button', { secondary: true, class: 'open-source', 'aria-label': `Open the code of NVTX range ${r.name}` }, `Open ${r.domain ? `${r.domain}:` : ''}${r.name} in code`);
          src.addEventListener('click', () => this.cb.onOpenSource(r.name, r.domain));
          li.appendChild(src);
        }
        return li;
      }),
    );
  }

  setSelection(stats: RangeStats | undefined, error?: string): void {
    if (error) {
      replaceChildren(this.selectionBody, el('p', { class: 'error', role: 'alert' }, error));
      this.rangeTable.setRows([]);
      return;
    }
    if (!stats) {
      replaceChildren(this.selectionBody, el('p', { class: 'muted' }, 'Shift+drag on the timeline, or drag on the ruler, to select a range.'));
      this.rangeTable.setRows([]);
      return;
    }
    replaceChildren(
      this.selectionBody,
      el('p', {}, `Selected ${formatDuration(stats.t1 - stats.t0)} (${formatDuration(stats.t0)} – ${formatDuration(stats.t1)})`),
      ...stats.gpuBusy.map((g) => el('p', {}, `GPU ${g.deviceId} busy ${g.share.toFixed(1)}% of the range`)),
      stats.patterns?.length ? el('p', { class: 'pattern' }, `Pattern: ${stats.patterns.map((x) => `${x.pattern} (${x.share.toFixed(0)}% of the range)`).join(', ')}`) : null,
      el('p', { class: 'muted' }, 'Z zooms to the selection; Escape clears it.'),
    );
    this.rangeTable.setRows(stats.rows);
  }

  setDetails(d: EventDetails, canOpenSource: boolean): void {
    const lines = detailLines(d);
    const children: HTMLElement[] = lines.map((l, i) => (i === 0 ? el('h3', { class: 'details-name' }, l) : el('div', {}, l)));
    if (d.payload !== undefined) children.push(el('div', {}, `Payload: ${d.payload}`));
    if (canOpenSource && d.kind === 'nvtx') {
      const name = d.name;
      const domain = d.domain ?? '';
      const b = el('vscode-button', { class: 'open-source', 'aria-label': `Open the code of NVTX range ${name}` }, 'Open in code');
      b.addEventListener('click', () => this.cb.onOpenSource(name, domain));
      children.push(b);
    }
    replaceChildren(this.detailsBody, ...children);
  }

  note(message: string): void {
    this.detailsBody.prepend(el('p', { class: 'note', role: 'status' }, message));
  }
}
