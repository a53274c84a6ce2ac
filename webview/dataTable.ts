// A sortable, filterable table (summary tables, range statistics, compare deltas). Plain <table>
// with theme colours, keyboard access (headers are buttons, rows are focusable, Enter activates)
// and screen-reader labels (aria-sort, caption). Cells are text only.
import { el, replaceChildren } from './dom';

export interface Column<R> {
  key: string;
  label: string;
  numeric?: boolean;
  value: (r: R) => string | number;
  /** Display text; defaults to the value. */
  format?: (r: R) => string;
}

export interface DataTableOptions<R> {
  caption: string;
  columns: Column<R>[];
  /** Called with the row on click / Enter (jump to its events). */
  onActivate?: (r: R) => void;
  /** Row tooltip / accessible description. */
  describe?: (r: R) => string;
  initialSort?: { key: string; descending: boolean };
  /** Rows shown at most (the filter narrows further). */
  limit?: number;
}

/** Sorts and filters rows the way the table shows them (pure; unit-tested). */
export function sortAndFilter<R>(rows: readonly R[], columns: readonly Column<R>[], sortKey: string, descending: boolean, filter: string): R[] {
  const col = columns.find((c) => c.key === sortKey) ?? columns[0];
  const f = filter.trim().toLowerCase();
  const kept = f
    ? rows.filter((r) => columns.some((c) => !c.numeric && String(c.value(r)).toLowerCase().includes(f)))
    : rows.slice();
  kept.sort((a, b) => {
    const va = col.value(a);
    const vb = col.value(b);
    const cmp = typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb));
    return descending ? -cmp : cmp;
  });
  return kept;
}

export class DataTable<R> {
  readonly element: HTMLElement;
  private rows: R[] = [];
  private sortKey: string;
  private descending: boolean;
  private filter = '';
  private readonly body: HTMLTableSectionElement;
  private readonly headRow: HTMLTableRowElement;
  private readonly status: HTMLElement;

  constructor(private readonly opts: DataTableOptions<R>) {
    this.sortKey = opts.initialSort?.key ?? opts.columns[0].key;
    this.descending = opts.initialSort?.descending ?? false;
    const filterInput = el('vscode-textfield', { placeholder: 'Filter by name', 'aria-label': `Filter ${opts.caption}`, class: 'table-filter' });
    filterInput.addEventListener('input', () => {
      this.filter = (filterInput as unknown as { value: string }).value ?? '';
      this.render();
    });
    this.headRow = el('tr');
    this.body = el('tbody');
    this.status = el('div', { class: 'table-status', role: 'status' });
    const table = el('table', { class: 'data-table' }, el('caption', { class: 'visually-hidden' }, opts.caption), el('thead', {}, this.headRow), this.body);
    this.element = el('div', { class: 'data-table-wrap' }, filterInput, el('div', { class: 'data-table-scroll' }, table), this.status);
  }

  setRows(rows: R[]): void {
    this.rows = rows;
    this.render();
  }

  /** Programmatic filter (tests, compare view). */
  setFilter(text: string): void {
    this.filter = text;
    this.render();
  }

  sortBy(key: string): void {
    if (this.sortKey === key) this.descending = !this.descending;
    else {
      this.sortKey = key;
      this.descending = !!this.opts.columns.find((c) => c.key === key)?.numeric;
    }
    this.render();
  }

  private render(): void {
    const { columns } = this.opts;
    replaceChildren(
      this.headRow,
      ...columns.map((c) => {
        const sorted = c.key === this.sortKey;
        const btn = el('button', { class: 'sort-button', type: 'button', title: `Sort by ${c.label}` }, c.label, sorted ? (this.descending ? ' ▾' : ' ▴') : '');
        btn.addEventListener('click', () => this.sortBy(c.key));
        return el('th', { scope: 'col', class: c.numeric ? 'num' : '', 'aria-sort': sorted ? (this.descending ? 'descending' : 'ascending') : 'none' }, btn);
      }),
    );
    const shown = sortAndFilter(this.rows, columns, this.sortKey, this.descending, this.filter);
    const limit = this.opts.limit ?? 500;
    const frag = document.createDocumentFragment();
    for (const r of shown.slice(0, limit)) {
      const tr = el('tr', { tabindex: this.opts.onActivate ? 0 : undefined, title: this.opts.describe?.(r) });
      for (const c of columns) tr.appendChild(el('td', { class: c.numeric ? 'num' : '' }, c.format ? c.format(r) : String(c.value(r))));
      if (this.opts.onActivate) {
        const act = this.opts.onActivate;
        tr.addEventListener('click', () => act(r));
        tr.addEventListener('keydown', (e) => {
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault();
            act(r);
          }
        });
      }
      frag.appendChild(tr);
    }
    replaceChildren(this.body, frag);
    this.status.textContent =
      shown.length === this.rows.length ? `${shown.length} rows` : `${shown.length} of ${this.rows.length} rows match`;
    if (shown.length > limit) this.status.textContent += ` (first ${limit} shown)`;
  }
}
