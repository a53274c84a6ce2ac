// Close the loop, extension side: tells the language server which profile is active (a trace
// opened in the viewer, or a capture landing under .sightline/profiles/), opens a trace zoomed on
// a finding's evidence (diagnostic code links and CodeLens call sightline.openTraceAt), and shows
// the markdown report (Sightline: Trace Findings Report). The work happens in the server
// (server/lsp/loop*.ts, server/loop/).
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { isTraceLoaded, onDidLoadTrace, openTracePanel, revealInTrace, TRACE_EDITOR_VIEW_TYPE } from './trace';

const LOOP = 'sightline/loop/';

export function registerLoop(context: vscode.ExtensionContext, client: LanguageClient, log: vscode.LogOutputChannel): void {
  let active: string | undefined;
  const attach = (fsPath: string): void => {
    if (fsPath === active || !/\.sqlite$/i.test(fsPath)) return;
    active = fsPath;
    client.sendRequest(`${LOOP}setTrace`, { path: fsPath }).then(
      (s) => log.info(`profile attached to the workspace: ${fsPath} ${JSON.stringify(s)}`),
      (e: Error) => log.warn(`could not attach ${fsPath}: ${e.message}`),
    );
  };
  // A trace opened in the viewer becomes the active profile.
  const fromTabs = (): void => {
    for (const g of vscode.window.tabGroups.all) {
      const input = g.activeTab?.input;
      // Once the viewer has loaded it (the loop then shares its model; attaching earlier would start a load the viewer cannot show or cancel).
      if (g.isActive && input instanceof vscode.TabInputCustom && input.viewType === TRACE_EDITOR_VIEW_TYPE && isTraceLoaded(input.uri)) attach(input.uri.fsPath);
    }
  };
  // A new capture from Profile on Jetson (report.sqlite under .sightline/profiles/<run>/).
  const watcher = vscode.workspace.createFileSystemWatcher('**/.sightline/profiles/**/*.sqlite');
  context.subscriptions.push(
    watcher,
    watcher.onDidCreate((u) => attach(u.fsPath)),
    watcher.onDidChange((u) => {
      if (u.fsPath === active) {
        active = undefined;
        attach(u.fsPath);
      }
    }),
    vscode.window.tabGroups.onDidChangeTabs(fromTabs),
    onDidLoadTrace(fromTabs),
    vscode.window.tabGroups.onDidChangeTabGroups(fromTabs),
    vscode.commands.registerCommand('sightline.openTraceAt', async (tracePath: string, t0: number, t1: number, label?: string) => {
      if (typeof tracePath !== 'string') return;
      const uri = vscode.Uri.file(tracePath);
      await openTracePanel(uri);
      // The viewer loads the trace in the server first; reveal once it can take it (a reveal
      // before the data arrives is replaced by the one after).
      for (const delay of [0, 400, 1500, 4000]) {
        await new Promise((r) => setTimeout(r, delay));
        revealInTrace(uri, t0, t1, label);
      }
    }),
    vscode.commands.registerCommand('sightline.traceFindingsReport', async () => {
      try {
        const md = await client.sendRequest<string>(`${LOOP}report`, {});
        const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: md });
        await vscode.window.showTextDocument(doc, { preview: false });
      } catch (e) {
        void vscode.window.showErrorMessage(`Sightline: could not write the report: ${(e as Error).message}`);
      }
    }),
  );
  fromTabs();
}
