// "Pipeline graph — <run>": a webview beside the trace showing the GStreamer graphs a run brought
// back (dist/pipelineGraph.js, strict CSP with a nonce). One panel per run; opening it again
// reveals it on the requested snapshot. Clicking a factory that the workspace's launch lines or
// configs mention opens that place (a bounded text search, only over small text files).
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { StoredRun } from './core/runStore';
import { findFactories, graphPanelData, loadGraphSnapshots, type FactoryLocation } from './core/graphPanelData';
import { pipelineGraphHtml } from './core/pipelineGraphHtml';
import type { GraphPanelMessage } from '../../webview/pipelineGraph/model';

const panels = new Map<string, vscode.WebviewPanel>();
/** Where each revealable factory is, per panel (refreshed each time the panel is shown). */
const panelLocations = new Map<string, Map<string, { uri: vscode.Uri; at: FactoryLocation }>>();
const searchGlob = '**/*.{txt,yml,yaml,sh,bash,py,c,cc,cpp,h,md,ini,cfg,Dockerfile}';
const excludeGlob = '**/{node_modules,.git,.sightline,out,dist,build}/**';

/** Factories of the graphs mentioned in workspace text, with their first place (bounded search). */
async function locateFactories(factories: Set<string>, token?: vscode.CancellationToken): Promise<Map<string, { uri: vscode.Uri; at: FactoryLocation }>> {
  const found = new Map<string, { uri: vscode.Uri; at: FactoryLocation }>();
  if (!vscode.workspace.workspaceFolders?.length || !factories.size) return found;
  const uris = await vscode.workspace.findFiles(searchGlob, excludeGlob, 400, token);
  const decoder = new TextDecoder();
  for (const uri of uris) {
    if (token?.isCancellationRequested || found.size === factories.size) break;
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.size > 512 * 1024) continue;
      const text = decoder.decode(await vscode.workspace.fs.readFile(uri));
      for (const [f, at] of findFactories(text, [...factories].filter((x) => !found.has(x)))) found.set(f, { uri, at });
    } catch {
      /* unreadable: skip */
    }
  }
  return found;
}

export async function showPipelineGraphs(context: vscode.ExtensionContext, run: StoredRun, file: string | undefined, log: vscode.LogOutputChannel): Promise<vscode.WebviewPanel | undefined> {
  const files = run.metadata.files.graphs;
  if (!files.length) {
    void vscode.window.showInformationMessage(`Sightline: the run ${run.metadata.id} has no pipeline graphs (turn on "sightline.profile.captureGraphs" and profile a GStreamer application).`);
    return undefined;
  }
  const snapshots = loadGraphSnapshots(run.dir, files);
  for (const s of snapshots) if (s.error) log.warn(`pipeline graph ${path.join(run.dir, s.file)}: ${s.error}`);
  const factories = new Set(snapshots.flatMap((s) => s.graph?.elements.filter((e) => !e.isBin).map((e) => e.factory) ?? []));
  const locations = await locateFactories(factories);
  const data = graphPanelData(run.metadata.id, snapshots, file, [...locations.keys()]);
  const title = `Pipeline graph — ${run.metadata.id}`;
  const dist = vscode.Uri.joinPath(context.extensionUri, 'dist');
  panelLocations.set(run.dir, locations);
  let panel = panels.get(run.dir);
  if (!panel) {
    panel = vscode.window.createWebviewPanel('sightline.pipelineGraph', title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: true, localResourceRoots: [dist], retainContextWhenHidden: false });
    panels.set(run.dir, panel);
    const p = panel;
    p.onDidDispose(
      () => {
        panels.delete(run.dir);
        panelLocations.delete(run.dir);
      },
      undefined,
      context.subscriptions,
    );
    p.webview.onDidReceiveMessage(
      async (m: GraphPanelMessage) => {
        if (m.type !== 'reveal') return;
        const at = panelLocations.get(run.dir)?.get(m.factory);
        if (!at) return;
        const doc = await vscode.workspace.openTextDocument(at.uri);
        const start = new vscode.Position(at.at.line, at.at.character);
        await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, selection: new vscode.Range(start, start.translate(0, at.at.length)) });
      },
      undefined,
      context.subscriptions,
    );
  } else {
    panel.reveal(vscode.ViewColumn.Beside, true);
  }
  panel.title = title;
  panel.webview.html = pipelineGraphHtml({ scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'pipelineGraph.js')).toString(), cspSource: panel.webview.cspSource, title, data });
  return panel;
}
