// Jump to source for an NVTX range: asks the language server's NVTX call-site index
// (`sightline/trace/resolveSource`), opens the one match at its line, offers a quick pick when
// several match, and says so (with a workspace search) when none does. Returns a one-line
// outcome for the webview.
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { ResolveSourceResult, SourceCandidate } from '../../server/lsp/traceHandlers';

export interface PathMapping {
  remoteRoot: string;
  localRoot: string;
}

async function reveal(c: SourceCandidate): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(c.file));
  const range = new vscode.Range(c.line, c.column, c.endLine, c.endColumn);
  await vscode.window.showTextDocument(doc, { selection: range, viewColumn: vscode.ViewColumn.Beside, preserveFocus: false });
}

function rel(file: string): string {
  return vscode.workspace.asRelativePath(file, true);
}

export async function openNvtxSource(client: LanguageClient, name: string, domain: string, pathMappings: PathMapping[], traceId?: string): Promise<string> {
  const label = `${domain ? `${domain}:` : ''}${name}`;
  let result: ResolveSourceResult;
  try {
    result = await client.sendRequest<ResolveSourceResult>('sightline/trace/resolveSource', { name, domain, pathMappings, traceId });
  } catch (e) {
    const msg = `Could not look up NVTX range “${label}”: ${e instanceof Error ? e.message : String(e)}`;
    void vscode.window.showErrorMessage(msg);
    return msg;
  }
  const cands = result.candidates;
  if (cands.length === 0) {
    const why = result.explanation ?? `No code in the workspace emits the NVTX range “${label}”.`;
    void vscode.window.showInformationMessage(why, 'Search Workspace').then((pick) => {
      if (pick) void vscode.commands.executeCommand('workbench.action.findInFiles', { query: name, triggerSearch: true, isRegex: false });
    });
    return why;
  }
  // A clear winner (exact literal outranking the rest) opens directly.
  const best = cands[0];
  if (cands.length === 1 || best.score > cands[1].score) {
    await reveal(best);
    return `Opened ${rel(best.file)}:${best.line + 1}`;
  }
  const pick = await vscode.window.showQuickPick(
    cands.map((c) => ({ label: `${path.basename(c.file)}:${c.line + 1}`, description: rel(c.file), detail: c.detail, candidate: c })),
    { title: `Where does NVTX range “${label}” come from?`, matchOnDescription: true, matchOnDetail: true },
  );
  if (!pick) return `${cands.length} places emit “${label}”; none chosen`;
  await reveal(pick.candidate);
  return `Opened ${rel(pick.candidate.file)}:${pick.candidate.line + 1}`;
}
