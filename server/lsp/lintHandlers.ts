// Wires document, configuration, workspace-folder and watched-file events to the lint service,
// and code actions to codeActions.ts.
import { DidChangeConfigurationNotification, DidChangeWatchedFilesNotification, FileChangeType } from 'vscode-languageserver/node';
import { URI } from '../uri';
import { codeActionsFor } from './codeActions';
import type { ServerContext } from './serverContext';
import { excludeDiffers, lintOptionsDiffer } from './settings';

/** File names the client should watch (configs, launch scripts, sources with launch strings). */
export const watchedGlob = '**/*.{txt,cfg,conf,ini,config,yml,yaml,gst,pipeline,sh,bash,zsh,py,c,cc,cpp,cxx,h,hh,hpp,cu,md,markdown,dockerfile}';

export function registerLintHandlers(ctx: ServerContext): void {
  const { connection, documents, lint } = ctx;

  connection.onInitialized(async () => {
    const caps = ctx.clientCapabilities;
    if (caps.workspace?.didChangeConfiguration?.dynamicRegistration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: ['sightline', 'files.exclude'] });
    }
    if (caps.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: watchedGlob }, { globPattern: '**/Dockerfile*' }] });
    }
    if (caps.workspace?.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        const removed = new Set(e.removed.map((f) => URI.toFsPath(f.uri)));
        ctx.folders = ctx.folders.filter((f) => !removed.has(f));
        for (const f of e.added) if (f.uri.startsWith('file:')) ctx.folders.push(URI.toFsPath(f.uri));
        void lint.lintWorkspace();
      });
    }
    const before = ctx.settings;
    const after = await ctx.pullSettings();
    // Documents opened before the settings arrived were linted with the defaults.
    if (lintOptionsDiffer(before, after)) lint.relintOpenDocuments();
    void lint.lintWorkspace();
  });

  connection.onDidChangeConfiguration(async (change) => {
    const before = ctx.settings;
    const after = await ctx.pullSettings(change.settings);
    if (lintOptionsDiffer(before, after)) {
      lint.relintOpenDocuments();
      void lint.lintWorkspace();
    } else if (excludeDiffers(before, after)) void lint.lintWorkspace();
  });

  documents.onDidOpen((e) => lint.opened(e.document));
  // Also fires on open; the service skips a version it already linted.
  documents.onDidChangeContent((e) => lint.changed(e.document));
  documents.onDidSave((e) => lint.saved(e.document));
  documents.onDidClose((e) => lint.closed(e.document));

  connection.onDidChangeWatchedFiles((e) => {
    for (const c of e.changes) {
      if (!c.uri.startsWith('file:')) continue;
      const type = c.type === FileChangeType.Deleted ? 'deleted' : c.type === FileChangeType.Created ? 'created' : 'changed';
      lint.fileEvent(URI.toFsPath(c.uri), type);
    }
  });

  connection.onCodeAction((params) => codeActionsFor(params, documents));

  connection.onShutdown(() => lint.cancelWorkspacePass());
}
