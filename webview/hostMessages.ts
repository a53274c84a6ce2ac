// The messages between the trace viewer webview and its host (the VS Code extension host, or the
// test host of the browser tests and the benchmark). The webview asks for data with `request`
// messages; the host answers each with a `response` carrying the same id. Data shapes are the
// trace engine's (server/trace/protocol.ts) plus the few viewer-specific ones below.
// Pure, validated on arrival (a webview must not trust what it is sent, nor the host).

/** Data methods; the VS Code host forwards each as the LSP request `sightline/trace/<method>`. */
export const TRACE_METHODS = ['rows', 'view', 'details', 'summary', 'rangeStats', 'occurrences', 'findings', 'utilization', 'compare'] as const;
export type TraceMethod = (typeof TRACE_METHODS)[number];

export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'request'; id: number; method: TraceMethod; params: Record<string, unknown> }
  | { type: 'cancelLoad' }
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
  | { type: 'loaded'; info: TraceInfo; compareWith?: TraceInfo; restoreState?: ViewerState }
  | { type: 'error'; title: string; message: string }
  | { type: 'response'; id: number; result?: unknown; error?: string }
  /** Zoom the view to [t0, t1] (a finding opened from outside the webview, tests). */
  | { type: 'reveal'; t0: number; t1: number; label?: string }
  | { type: 'sourceResult'; name: string; message: string };

/** What the viewer persists in the webview state (restored when a trace is reopened). */
export interface ViewerState {
  t0: number;
  t1: number;
  scrollY: number;
  collapsed: string[];
  sideTab?: string;
  selection?: { t0: number; t1: number };
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
        return { type: 'loaded', info: v.info, compareWith: isTraceInfo(v.compareWith) ? v.compareWith : undefined, restoreState: parseViewerState(v.restoreState) };
      return undefined;
    case 'error':
      if (str(v.title) && str(v.message)) return { type: 'error', title: v.title, message: v.message };
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

/** Validates persisted state (it may come from an older version of the viewer). */
export function parseViewerState(v: unknown): ViewerState | undefined {
  if (!isObj(v) || !num(v.t0) || !num(v.t1) || !(v.t1 > v.t0)) return undefined;
  const collapsed = Array.isArray(v.collapsed) ? v.collapsed.filter(str) : [];
  const sel = isObj(v.selection) && num(v.selection.t0) && num(v.selection.t1) ? { t0: v.selection.t0, t1: v.selection.t1 } : undefined;
  return { t0: v.t0, t1: v.t1, scrollY: num(v.scrollY) ? Math.max(0, v.scrollY) : 0, collapsed, sideTab: str(v.sideTab) ? v.sideTab : undefined, selection: sel };
}
