// Hosts the trace viewer webview in one VS Code webview panel (a custom editor or a compare
// panel): strict CSP, resources only from dist/, loading in the language server with progress
// and cancellation, the relay of the webview's data requests to `sightline/trace/*` (only for
// the traces this panel opened), per-file view state, and jump to source.
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { LanguageClient } from 'vscode-languageclient/node';
import { parseWebviewMessage, type HostToWebview, type TraceInfo, type ViewerState } from '../../webview/hostMessages';
import type { OpenResult } from '../../server/lsp/traceHandlers';
import { makeNonce, webviewHtml } from './webviewHtml';
import { openNvtxSource, type PathMapping } from './sourceNavigator';

export const TRACE_REQUEST_PREFIX = 'sightline/trace/';
const STATE_KEY = 'sightline.traceViewState:';

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
  private readonly webviewReady: Promise<void>;
  private markReady!: () => void;

  constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly uris: vscode.Uri[],
    private readonly services: TraceHostServices,
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
    try {
      const results = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Sightline: loading ${title}`, cancellable: true },
        async (progress, progressToken) => {
          progressToken.onCancellationRequested(() => this.cts?.cancel());
          const out: OpenResult[] = [];
          for (const [i, uri] of this.uris.entries()) {
            progress.report({ message: `${path.basename(uri.fsPath)} (${i + 1}/${this.uris.length})` });
            if (this.uris.length > 1) this.post({ type: 'loading', title, message: `Loading ${path.basename(uri.fsPath)}…`, fraction: i / this.uris.length, cancellable: true });
            out.push(await client.sendRequest<OpenResult>(`${TRACE_REQUEST_PREFIX}open`, { path: uri.fsPath, maxFileSizeMB }, token));
          }
          return out;
        },
      );
      if (this.disposed) {
        for (const r of results) void client.sendRequest(`${TRACE_REQUEST_PREFIX}close`, { traceId: r.traceId });
        return;
      }
      for (const r of results) this.traceIds.add(r.traceId);
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
      const cancelled = isCancellation(e) || token.isCancellationRequested;
      const message = cancelled ? 'Loading cancelled. Reload loads the trace again.' : errorText(e);
      log.warn(`trace ${title}: ${message}`);
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
