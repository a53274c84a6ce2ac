// The trace viewer in the extension host: the custom editor for Nsight Systems exports
// (`*.sqlite`, `*.nsys-rep`), "Sightline: Open Trace", "Sightline: Compare Traces", and
// `openTracePanel()` for the profiler (opens a downloaded report). Several traces can be open at
// once; each panel loads its trace in the language server.
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { LanguageClient } from 'vscode-languageclient/node';
import { dispatchLoadProgress, TRACE_LOAD_PROGRESS, TracePanelHost, type TraceHostServices, type TraceMetadata } from './tracePanelHost';
import { parseViewerState } from '../../webview/hostMessages';

export const TRACE_EDITOR_VIEW_TYPE = 'sightline.traceViewer';
export const TRACE_COMPARE_VIEW_TYPE = 'sightline.traceCompare';

let services: TraceHostServices | undefined;
const metadata = new Map<string, TraceMetadata>();
const hosts = new Map<string, Set<TracePanelHost>>();

class TraceDocument implements vscode.CustomDocument {
  constructor(readonly uri: vscode.Uri) {}
  dispose(): void {
    /* the panel host closes the trace in the server */
  }
}

class TraceEditorProvider implements vscode.CustomReadonlyEditorProvider<TraceDocument> {
  openCustomDocument(uri: vscode.Uri): TraceDocument {
    return new TraceDocument(uri);
  }

  resolveCustomEditor(document: TraceDocument, panel: vscode.WebviewPanel): void {
    if (!services) throw new Error('Sightline trace viewer is not initialised');
    // `*.sqlite` opens here by default: a database that is not an Nsight Systems export goes to
    // VS Code's default editor instead, with a message saying why.
    const host = new TracePanelHost(panel, [document.uri], services, (message) => {
      void vscode.window.showInformationMessage(`${message}. Opened with VS Code's default editor; use “Reopen Editor With…” to choose another.`);
      void vscode.commands.executeCommand('vscode.openWith', document.uri, 'default', panel.viewColumn).then(() => panel.dispose());
    });
    const key = document.uri.toString();
    let set = hosts.get(key);
    if (!set) hosts.set(key, (set = new Set()));
    set.add(host);
    panel.onDidDispose(() => set!.delete(host));
  }
}

const TRACE_FILTERS = { 'Nsight Systems traces': ['sqlite', 'nsys-rep'] };

/**
 * Opens a trace in the viewer (the custom editor). The profiler calls this with the downloaded
 * report and its metadata (title, remote → local path mappings for jump to source).
 */
export async function openTracePanel(uri: vscode.Uri, meta?: TraceMetadata, column?: vscode.ViewColumn): Promise<void> {
  if (meta) metadata.set(uri.toString(), meta);
  await vscode.commands.executeCommand('vscode.openWith', uri, TRACE_EDITOR_VIEW_TYPE, column ?? vscode.ViewColumn.Active);
}

const loadedEmitter = new vscode.EventEmitter<vscode.Uri>();
/**
 * Fires when a viewer has loaded a trace in the language server. The loop attaches a trace on
 * this (not when its tab appears), so it shares the viewer's model instead of starting a load of
 * its own that the viewer's progress and Cancel cannot reach.
 */
export const onDidLoadTrace: vscode.Event<vscode.Uri> = loadedEmitter.event;

/** Whether some viewer of `uri` has its trace loaded. */
export function isTraceLoaded(uri: vscode.Uri): boolean {
  for (const h of hosts.get(uri.toString()) ?? []) if (h.loaded) return true;
  return false;
}

/** Zooms every open viewer of `uri` to [t0, t1] (e.g. a trace finding chosen elsewhere). */
export function revealInTrace(uri: vscode.Uri, t0: number, t1: number, label?: string): boolean {
  const set = hosts.get(uri.toString());
  if (!set?.size) return false;
  for (const h of set) h.reveal(t0, t1, label);
  return true;
}

export async function compareTraces(a: vscode.Uri, b: vscode.Uri): Promise<void> {
  if (!services) throw new Error('Sightline trace viewer is not initialised');
  const panel = vscode.window.createWebviewPanel(TRACE_COMPARE_VIEW_TYPE, `Compare ${path.basename(a.fsPath)} ↔ ${path.basename(b.fsPath)}`, vscode.ViewColumn.Active, {
    enableScripts: true,
    retainContextWhenHidden: true,
    localResourceRoots: [vscode.Uri.joinPath(services.context.extensionUri, 'dist')],
  });
  new TracePanelHost(panel, [a, b], services);
}

/** The two files of a compare panel from its persisted webview state (undefined: nothing to restore). */
export function compareSources(state: unknown): vscode.Uri[] | undefined {
  const sources = parseViewerState(state)?.compare?.sources;
  if (!sources) return undefined;
  try {
    return sources.map((s) => vscode.Uri.parse(s, true));
  } catch {
    return undefined;
  }
}

/** Restores compare panels after a window reload: their state names the two files. */
class ComparePanelSerializer implements vscode.WebviewPanelSerializer {
  deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const uris = compareSources(state);
    if (!services || !uris) {
      // A panel closed before its traces loaded has nothing to come back to.
      panel.dispose();
      return Promise.resolve();
    }
    new TracePanelHost(panel, uris, services);
    return Promise.resolve();
  }
}

export function registerTraceViewer(context: vscode.ExtensionContext, client: LanguageClient, log: vscode.LogOutputChannel): void {
  services = { context, client, log, metadataFor: (u) => metadata.get(u.toString()), onLoaded: (uris) => uris.length === 1 && loadedEmitter.fire(uris[0]) };
  context.subscriptions.push(
    vscode.window.registerCustomEditorProvider(TRACE_EDITOR_VIEW_TYPE, new TraceEditorProvider(), {
      webviewOptions: { retainContextWhenHidden: true },
      supportsMultipleEditorsPerDocument: true,
    }),
    vscode.window.registerWebviewPanelSerializer(TRACE_COMPARE_VIEW_TYPE, new ComparePanelSerializer()),
    client.onNotification(TRACE_LOAD_PROGRESS, dispatchLoadProgress),
    vscode.commands.registerCommand('sightline.openTrace', async (uri?: vscode.Uri) => {
      const target =
        uri instanceof vscode.Uri
          ? uri
          : (await vscode.window.showOpenDialog({ canSelectMany: false, filters: TRACE_FILTERS, title: 'Open an Nsight Systems trace' }))?.[0];
      if (target) await openTracePanel(target);
    }),
    vscode.commands.registerCommand('sightline.compareTraces', async (a?: vscode.Uri, b?: vscode.Uri | vscode.Uri[]) => {
      // From the explorer with two files selected VS Code passes (clicked, [selected...]).
      const selected = Array.isArray(b) ? b : b ? [b] : [];
      let pair = a instanceof vscode.Uri && selected.length === 2 ? selected : a instanceof vscode.Uri && b instanceof vscode.Uri ? [a, b] : undefined;
      if (!pair) {
        const picked = await vscode.window.showOpenDialog({ canSelectMany: true, filters: TRACE_FILTERS, title: 'Choose two Nsight Systems traces to compare' });
        if (!picked) return;
        pair = picked;
        if (pair.length === 1) {
          const second = await vscode.window.showOpenDialog({ canSelectMany: false, filters: TRACE_FILTERS, title: `Compare ${path.basename(pair[0].fsPath)} with…` });
          if (!second?.[0]) return;
          pair = [pair[0], second[0]];
        }
      }
      if (pair.length !== 2) {
        void vscode.window.showWarningMessage('Choose exactly two traces to compare.');
        return;
      }
      await compareTraces(pair[0], pair[1]);
    }),
  );
}
