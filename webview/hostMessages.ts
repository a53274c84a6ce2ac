// The messages between the trace viewer webview and its host (the VS Code extension host, or the
// test host of the browser tests and the benchmark). The webview asks for data with `request`
// messages; the host answers each with a `response` carrying the same id. Data shapes are the
// trace engine's (server/trace/protocol.ts) plus the few viewer-specific ones below.
// Pure, validated on arrival (a webview must not trust what it is sent, nor the host).

/** Data methods; the VS Code host forwards each as the LSP request `sightline/trace/<method>`. */
export const TRACE_METHODS = ['rows', 'view', 'details', 'summary', 'rangeStats', 'occurrences', 'findings', 'utilization', 'compare', 'step'] as const;
export type TraceMethod = (typeof TRACE_METHODS)[number];

export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'request'; id: number; method: TraceMethod; params: Record<string, unknown> }
  | { type: 'cancelLoad' }
  /** Load the trace(s) again (after a cancelled or failed load). */
  | { type: 'reload' }
  /** Open the code that emitted an NVTX range (the host resolves and opens it). */
  | { type: 'openSource'; name: string; domain: string }
  /** The view changed: the host keeps it per trace file, so a closed and reopened trace comes back where it was. */
  | { type: 'viewChanged'; state: ViewerState };

export interface TraceInfo {
  /** Host-side id of the loaded trace (sent back with every request by the host). */
  traceId: string;
  title: string;
  startNs: number;
  endNs: number;
  warnings: string[];
}

export type HostToWebview =
  | { type: 'loading'; title: string; message: string; fraction?: number; cancellable: boolean }
  /** `sources`: the files' URIs (a compare panel keeps them in its state to be restored after a reload). */
  | { type: 'loaded'; info: TraceInfo; compareWith?: TraceInfo; restoreState?: ViewerState; sources?: string[] }
  /** `cancelled`: the user stopped the load; `reloadable`: a Reload button may ask for `reload`. */
  | { type: 'error'; title: string; message: string; cancelled?: boolean; reloadable?: boolean }
  | { type: 'response'; id: number; result?: unknown; error?: string }
  /** Zoom the view to [t0, t1] (a finding opened from outside the webview, tests). */
  | { type: 'reveal'; t0: number; t1: number; label?: string }
  | { type: 'sourceResult'; name: string; message: string };

/** The event the keyboard selection is on (arrow keys on the timeline). */
export interface KeyFocus {
  rowId: string;
  index: number;
  name: string;
  startNs: number;
  endNs: number;
  depth: number;
}

/** The view of one timeline: window, vertical scroll, collapsed rows, selection, keyboard focus. */
export interface TimelineViewState {
  t0: number;
  t1: number;
  scrollY: number;
  collapsed: string[];
  selection?: { t0: number; t1: number };
  focus?: KeyFocus;
}

/** Where a compare column is aligned: an NVTX range instance, or a time range (a selection). */
export type CompareAnchor = { kind: 'nvtx'; name: string; instance: number } | { kind: 'range'; t0: number; t1: number };

/** A compare panel's extra state: its files (to reopen them after a reload), B's view, the alignment. */
export interface CompareViewState {
  sources: string[];
  b?: TimelineViewState;
  anchorA?: CompareAnchor;
  anchorB?: CompareAnchor;
  aligned: boolean;
}

/** What the viewer persists in the webview state (restored when a trace is reopened). Timeline A's view at the top level. */
export interface ViewerState extends TimelineViewState {
  sideTab?: string;
  compare?: CompareViewState;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const str = (v: unknown): v is string => typeof v === 'string';

export function isTraceMethod(v: unknown): v is TraceMethod {
  return typeof v === 'string' && (TRACE_METHODS as readonly string[]).includes(v);
}

/** Validates a message from the webview (the host must not trust it). */
export function parseWebviewMessage(v: unknown): WebviewToHost | undefined {
  if (!isObj(v) || !str(v.type)) return undefined;
  switch (v.type) {
    case 'ready':
    case 'cancelLoad':
    case 'reload':
      return { type: v.type };
    case 'request':
      if (num(v.id) && isTraceMethod(v.method) && isObj(v.params)) return { type: 'request', id: v.id, method: v.method, params: v.params };
      return undefined;
    case 'openSource':
      if (str(v.name) && str(v.domain) && v.name.length < 4096) return { type: 'openSource', name: v.name, domain: v.domain };
      return undefined;
    case 'viewChanged': {
      const state = parseViewerState(v.state);
      return state ? { type: 'viewChanged', state } : undefined;
    }
    default:
      return undefined;
  }
}

function isTraceInfo(v: unknown): v is TraceInfo {
  return isObj(v) && str(v.traceId) && str(v.title) && num(v.startNs) && num(v.endNs) && Array.isArray(v.warnings) && v.warnings.every(str);
}

/** Validates a message from the host. */
export function parseHostMessage(v: unknown): HostToWebview | undefined {
  if (!isObj(v) || !str(v.type)) return undefined;
  switch (v.type) {
    case 'loading':
      if (str(v.title) && str(v.message))
        return { type: 'loading', title: v.title, message: v.message, fraction: num(v.fraction) ? v.fraction : undefined, cancellable: v.cancellable === true };
      return undefined;
    case 'loaded':
      if (isTraceInfo(v.info))
        return {
          type: 'loaded',
          info: v.info,
          compareWith: isTraceInfo(v.compareWith) ? v.compareWith : undefined,
          restoreState: parseViewerState(v.restoreState),
          sources: Array.isArray(v.sources) && v.sources.every(str) ? v.sources : undefined,
        };
      return undefined;
    case 'error':
      if (str(v.title) && str(v.message)) return { type: 'error', title: v.title, message: v.message, cancelled: v.cancelled === true, reloadable: v.reloadable === true };
      return undefined;
    case 'response':
      if (num(v.id)) return { type: 'response', id: v.id, result: v.result, error: str(v.error) ? v.error : undefined };
      return undefined;
    case 'reveal':
      if (num(v.t0) && num(v.t1) && v.t1 > v.t0) return { type: 'reveal', t0: v.t0, t1: v.t1, label: str(v.label) ? v.label : undefined };
      return undefined;
    case 'sourceResult':
      if (str(v.name) && str(v.message)) return { type: 'sourceResult', name: v.name, message: v.message };
      return undefined;
    default:
      return undefined;
  }
}

function parseFocus(v: unknown): KeyFocus | undefined {
  if (!isObj(v) || !str(v.rowId) || !num(v.index) || !str(v.name) || !num(v.startNs) || !num(v.endNs) || !num(v.depth)) return undefined;
  return { rowId: v.rowId, index: v.index, name: v.name, startNs: v.startNs, endNs: v.endNs, depth: v.depth };
}

/** Validates one timeline's persisted view. */
export function parseTimelineViewState(v: unknown): TimelineViewState | undefined {
  if (!isObj(v) || !num(v.t0) || !num(v.t1) || !(v.t1 > v.t0)) return undefined;
  const collapsed = Array.isArray(v.collapsed) ? v.collapsed.filter(str) : [];
  const sel = isObj(v.selection) && num(v.selection.t0) && num(v.selection.t1) ? { t0: v.selection.t0, t1: v.selection.t1 } : undefined;
  return { t0: v.t0, t1: v.t1, scrollY: num(v.scrollY) ? Math.max(0, v.scrollY) : 0, collapsed, selection: sel, focus: parseFocus(v.focus) };
}

export function parseCompareAnchor(v: unknown): CompareAnchor | undefined {
  if (!isObj(v)) return undefined;
  if (v.kind === 'nvtx' && str(v.name) && num(v.instance) && v.instance >= 0) return { kind: 'nvtx', name: v.name, instance: Math.floor(v.instance) };
  if (v.kind === 'range' && num(v.t0) && num(v.t1) && v.t1 > v.t0) return { kind: 'range', t0: v.t0, t1: v.t1 };
  return undefined;
}

function parseCompareState(v: unknown): CompareViewState | undefined {
  if (!isObj(v) || !Array.isArray(v.sources) || v.sources.length !== 2 || !v.sources.every(str)) return undefined;
  return { sources: v.sources, b: parseTimelineViewState(v.b), anchorA: parseCompareAnchor(v.anchorA), anchorB: parseCompareAnchor(v.anchorB), aligned: v.aligned === true };
}

/** Validates persisted state (it may come from an older version of the viewer). */
export function parseViewerState(v: unknown): ViewerState | undefined {
  const base = parseTimelineViewState(v);
  if (!base || !isObj(v)) return undefined;
  return { ...base, sideTab: str(v.sideTab) ? v.sideTab : undefined, compare: parseCompareState(v.compare) };
}
