// Hosts the trace viewer webview in one VS Code webview panel (a custom editor or a compare
// panel): strict CSP, resources only from dist/, loading in the language server with progress
// and cancellation, the relay of the webview's data requests to `sightline/trace/*` (only for
// the traces this panel opened), per-file view state, and jump to source.
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { LanguageClient } from 'vscode-languageclient/node';
import { parseWebviewMessage, type HostToWebview, type TraceInfo, type ViewerState } from '../../webview/hostMessages';
import type { OpenResult } from '../../server/lsp/traceHandlers';
import { LoadProgressTracker, type LoadProgressNotification } from '../../webview/loadProgress';
import { makeNonce, webviewHtml } from './webviewHtml';
import { isNotATrace } from './notATrace';
import { openNvtxSource, type PathMapping } from './sourceNavigator';

export const TRACE_REQUEST_PREFIX = 'sightline/trace/';
const STATE_KEY = 'sightline.traceViewState:';

/** The server's load progress notification (server/lsp/traceHandlers.ts TRACE_LOAD_PROGRESS). */
export const TRACE_LOAD_PROGRESS = 'sightline/trace/loadProgress';
const progressListeners = new Map<string, (p: LoadProgressNotification) => void>();

/** Routes a `sightline/trace/loadProgress` notification to the panel whose load it is. */
export function dispatchLoadProgress(p: LoadProgressNotification): void {
  if (p && typeof p.key === 'string') progressListeners.get(p.key)?.(p);
}

export interface TraceMetadata {
  /** Title shown instead of the file name. */
  title?: string;
  /** Remote-root / local-root pairs for jump to source (from the profiling target). */
  pathMappings?: PathMapping[];
}

export interface TraceHostServices {
  context: vscode.ExtensionContext;
  client: LanguageClient;
  log: vscode.LogOutputChannel;
  metadataFor(uri: vscode.Uri): TraceMetadata | undefined;
  /** A panel finished loading its traces (the loop attaches a trace only then, sharing the model). */
  onLoaded?(uris: readonly vscode.Uri[]): void;
}

/** Options every trace webview gets: scripts on, resources only from dist/. */
export function traceWebviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')] };
}

function errorText(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}

function isCancellation(e: unknown): boolean {
  return e instanceof vscode.CancellationError || (typeof e === 'object' && e !== null && (e as { code?: number }).code === -32800);
}

export class TracePanelHost implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly traceIds = new Set<string>();
  private cts: vscode.CancellationTokenSource | undefined;
  private disposed = false;
  private loadedFlag = false;
  private readonly webviewReady: Promise<void>;
  private markReady!: () => void;

  constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly uris: vscode.Uri[],
    private readonly services: TraceHostServices,
    /** A file that is no Nsight Systems export at all (another SQLite database, not SQLite): hand it to another editor. */
    private readonly onNotATrace?: (message: string) => void,
  ) {
    const { context } = services;
    this.webviewReady = new Promise((r) => (this.markReady = r));
    panel.webview.options = traceWebviewOptions(context.extensionUri);
    const script = panel.webview.asWebviewUri(vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview.js'));
    panel.webview.html = webviewHtml({ scriptUri: script.toString(), cspSource: panel.webview.cspSource, title: this.title(), nonce: makeNonce() });
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: unknown) => void this.onMessage(m)),
      panel.onDidDispose(() => this.dispose()),
    );
    void this.load();
  }

  private title(): string {
    const names = this.uris.map((u) => this.services.metadataFor(u)?.title ?? path.basename(u.fsPath));
    return names.join(' ↔ ');
  }

  /** The last loaded / error message, re-sent if the webview reloads. */
  private lastState: HostToWebview | undefined;

  private post(m: HostToWebview): void {
    if (m.type === 'loaded' || m.type === 'error') this.lastState = m;
    if (!this.disposed) void this.panel.webview.postMessage(m);
  }

  private async load(): Promise<void> {
    await this.webviewReady;
    const { client, log } = this.services;
    const cfg = vscode.workspace.getConfiguration('sightline');
    const maxFileSizeMB = cfg.get<number>('trace.maxFileSizeMB', 1024);
    this.cts = new vscode.CancellationTokenSource();
    const token = this.cts.token;
    const title = this.title();
    this.post({ type: 'loading', title, message: 'Reading the Nsight Systems export in the language server…', cancellable: true });
    const opened: OpenResult[] = [];
    try {
      const results = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Sightline: loading ${title}`, cancellable: true },
        async (progress, progressToken) => {
          progressToken.onCancellationRequested(() => this.cts?.cancel());
          const n = this.uris.length;
          let reported = 0;
          for (const [i, uri] of this.uris.entries()) {
            const name = path.basename(uri.fsPath);
            const key = makeNonce();
            const tracker = new LoadProgressTracker();
            let lastPost = 0;
            // The loader's phases, as the notification's bar and the editor's progress bar.
            progressListeners.set(key, (p) => {
              const { fraction, message } = tracker.update(p);
              const overall = (i + fraction) / n;
              const pct = Math.round(overall * 100);
              const label = `${n > 1 ? `${name} (${i + 1}/${n}): ` : ''}${message}`;
              if (pct > reported) {
                progress.report({ message: `${label} ${pct}%`, increment: pct - reported });
                reported = pct;
              }
              const now = Date.now();
              if (now - lastPost >= 100 || fraction >= 1) {
                lastPost = now;
                this.post({ type: 'loading', title, message: label, fraction: overall, cancellable: true });
              }
            });
            try {
              progress.report({ message: `${name}${n > 1 ? ` (${i + 1}/${n})` : ''}` });
              opened.push(await client.sendRequest<OpenResult>(`${TRACE_REQUEST_PREFIX}open`, { path: uri.fsPath, maxFileSizeMB, progressKey: key }, token));
            } finally {
              progressListeners.delete(key);
            }
          }
          return opened;
        },
      );
      if (this.disposed) {
        for (const r of results) void client.sendRequest(`${TRACE_REQUEST_PREFIX}close`, { traceId: r.traceId });
        return;
      }
      for (const r of results) this.traceIds.add(r.traceId);
      this.loadedFlag = true;
      this.services.onLoaded?.(this.uris);
      const infos: TraceInfo[] = results.map((r, i) => ({
        traceId: r.traceId,
        title: this.services.metadataFor(this.uris[i])?.title ?? r.title,
        startNs: r.startNs,
        endNs: r.endNs,
        warnings: r.warnings,
      }));
      for (const r of results) log.info(`trace ${r.title}: ${r.eventCount} events loaded in ${r.loadMs} ms`);
      const restoreState = this.uris.length === 1 ? this.services.context.workspaceState.get<ViewerState>(STATE_KEY + this.uris[0].toString()) : undefined;
      this.post({ type: 'loaded', info: infos[0], compareWith: infos[1], restoreState, sources: this.uris.map((u) => u.toString()) });
      if (this.pendingReveal) {
        this.post(this.pendingReveal);
        this.pendingReveal = undefined;
      }
    } catch (e) {
      // A compare whose second file failed must not leave the first open in the server.
      for (const r of opened) void client.sendRequest(`${TRACE_REQUEST_PREFIX}close`, { traceId: r.traceId }).then(undefined, () => undefined);
      const cancelled = isCancellation(e) || token.isCancellationRequested;
      const message = cancelled ? 'Loading cancelled. Reload loads the trace again.' : errorText(e);
      log.warn(`trace ${title}: ${message}`);
      if (!cancelled && this.onNotATrace && this.uris.length === 1 && isNotATrace(message)) {
        this.onNotATrace(message);
        return;
      }
      this.post({ type: 'error', title, message, cancelled, reloadable: true });
    } finally {
      this.cts?.dispose();
      this.cts = undefined;
    }
  }

  private async onMessage(raw: unknown): Promise<void> {
    const m = parseWebviewMessage(raw);
    if (!m) return;
    switch (m.type) {
      case 'ready':
        // A webview that reloaded its content asks again: give it the last answer.
        if (this.lastState) this.post(this.lastState);
        this.markReady();
        return;
      case 'cancelLoad':
        this.cts?.cancel();
        return;
      case 'reload':
        if (!this.cts && this.traceIds.size === 0) void this.load();
        return;
      case 'viewChanged':
        if (this.uris.length === 1) void this.services.context.workspaceState.update(STATE_KEY + this.uris[0].toString(), m.state);
        return;
      case 'openSource': {
        const mappings = [...(vscode.workspace.getConfiguration('sightline').get<PathMapping[]>('trace.pathMappings') ?? []), ...this.uris.flatMap((u) => this.services.metadataFor(u)?.pathMappings ?? [])];
        const result = await openNvtxSource(this.services.client, m.name, m.domain, mappings, [...this.traceIds][0]);
        this.post({ type: 'sourceResult', name: m.name, message: result });
        return;
      }
      case 'request': {
        const params = { ...m.params };
        // The webview may only name traces this panel opened.
        for (const key of ['traceId', 'otherId'] as const) {
          if (key in params && !this.traceIds.has(String(params[key]))) {
            this.post({ type: 'response', id: m.id, error: 'unknown trace' });
            return;
          }
        }
        try {
          const result = await this.services.client.sendRequest(TRACE_REQUEST_PREFIX + m.method, params);
          this.post({ type: 'response', id: m.id, result });
        } catch (e) {
          this.post({ type: 'response', id: m.id, error: errorText(e) });
        }
        return;
      }
    }
  }

  /** The panel's traces are loaded in the server. */
  get loaded(): boolean {
    return this.loadedFlag && !this.disposed;
  }

  /** A reveal asked for before the trace was loaded: sent right after `loaded`. */
  private pendingReveal: HostToWebview | undefined;

  /** Zoom the view to [t0, t1] (a finding opened from the Problems panel, tests). */
  reveal(t0: number, t1: number, label?: string): void {
    const m: HostToWebview = { type: 'reveal', t0, t1, label };
    if (this.lastState?.type === 'loaded') this.post(m);
    else this.pendingReveal = m;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.cts?.cancel();
    for (const id of this.traceIds) void this.services.client.sendRequest(`${TRACE_REQUEST_PREFIX}close`, { traceId: id }).then(undefined, () => undefined);
    this.traceIds.clear();
    for (const d of this.disposables) d.dispose();
  }
}
