// Row layout: the row tree (process → thread → NVTX / CUDA API / OS runtime; GPU → streams)
// flattened into what is visible given the collapsed groups, with y positions and heights.
// Empty rows are hidden; a group with no visible child is hidden too. Pure, unit-tested.

import type { RowKind as TraceRowKind } from '../server/trace/protocol';

/** The engine's row kinds plus the viewer's own GPU utilization graph row. */
export type RowKind = TraceRowKind | 'gpuUtil';

export interface ViewRow {
  id: string;
  parentId: string | null;
  label: string;
  kind: RowKind;
  /** Nesting depth of the events (NVTX ranges nest): one lane per level. */
  lanes: number;
  /** Events in the whole trace on this row (0: the row is hidden). Groups: 0 is fine. */
  eventCount: number;
  /** Extra text for screen readers and the label tooltip (pid, tid, device name). */
  detail?: string;
}

export interface LayoutRow {
  row: ViewRow;
  y: number;
  h: number;
  /** Indentation level in the tree. */
  level: number;
  isGroup: boolean;
  collapsed: boolean;
}

export interface Layout {
  rows: LayoutRow[];
  height: number;
}

export const LANE_HEIGHT = 16;
export const GROUP_HEIGHT = 22;
export const GRAPH_HEIGHT = 32;
export const ROW_PAD = 3;

export function rowHeight(row: ViewRow, isGroup: boolean, laneHeight = LANE_HEIGHT): number {
  if (row.kind === 'gpuUtil') return GRAPH_HEIGHT;
  if (isGroup && row.eventCount === 0) return GROUP_HEIGHT;
  return Math.max(1, row.lanes) * laneHeight + 2 * ROW_PAD;
}

/** Flatten `rows` (parents listed before or after children, any order) into visible rows. */
export function layoutRows(rows: readonly ViewRow[], collapsed: ReadonlySet<string>, laneHeight = LANE_HEIGHT): Layout {
  const children = new Map<string | null, ViewRow[]>();
  const ids = new Set(rows.map((r) => r.id));
  for (const r of rows) {
    const parent = r.parentId !== null && ids.has(r.parentId) ? r.parentId : null;
    let list = children.get(parent);
    if (!list) children.set(parent, (list = []));
    list.push(r);
  }
  // Which subtrees have anything to show.
  const visibleMemo = new Map<string, boolean>();
  const hasContent = (r: ViewRow): boolean => {
    const m = visibleMemo.get(r.id);
    if (m !== undefined) return m;
    visibleMemo.set(r.id, false); // cycle guard
    let v = r.eventCount > 0;
    for (const c of children.get(r.id) ?? []) if (hasContent(c)) v = true;
    visibleMemo.set(r.id, v);
    return v;
  };
  const out: LayoutRow[] = [];
  let y = 0;
  const visit = (r: ViewRow, level: number): void => {
    if (!hasContent(r)) return;
    const kids = (children.get(r.id) ?? []).filter(hasContent);
    const isGroup = kids.length > 0;
    const isCollapsed = isGroup && collapsed.has(r.id);
    const h = rowHeight(r, isGroup, laneHeight);
    out.push({ row: r, y, h, level, isGroup, collapsed: isCollapsed });
    y += h;
    if (!isCollapsed) for (const c of kids) visit(c, level + 1);
  };
  for (const r of children.get(null) ?? []) visit(r, 0);
  return { rows: out, height: y };
}

/** The layout row at pixel y (binary search), or undefined below the last row. */
export function rowAtY(layout: Layout, y: number): LayoutRow | undefined {
  const rows = layout.rows;
  let lo = 0;
  let hi = rows.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = rows[mid];
    if (y < r.y) hi = mid - 1;
    else if (y >= r.y + r.h) lo = mid + 1;
    else return r;
  }
  return undefined;
}

/** Rows intersecting the vertical band [top, bottom). */
export function rowsInBand(layout: Layout, top: number, bottom: number): LayoutRow[] {
  return layout.rows.filter((r) => r.y + r.h > top && r.y < bottom);
}
