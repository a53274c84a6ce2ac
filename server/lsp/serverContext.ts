// State shared by the server's handler groups: the connection, open documents, settings pulled
// from the client, workspace folders, Workspace Trust, the diagnostic sources and the lint
// service. Handler files (lintHandlers.ts, languageFeatures.ts, trace*.ts) receive it.
import type { Connection, InitializeParams, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from '../uri';
import { DiagnosticSources } from './diagnosticSources';
import { LintService } from './lintService';
import { defaultSettings, settingsFrom, type ServerSettings } from './settings';
import type { NvtxIndex } from '../index/nvtxIndex';

export class ServerContext {
  settings: ServerSettings = defaultSettings;
  folders: string[] = [];
  /** Workspace Trust as the client reported it. Linting runs no code, so it works untrusted too. */
  trusted = true;
  clientCapabilities: InitializeParams['capabilities'] = {};
  readonly sources: DiagnosticSources;
  readonly lint: LintService;
  /** The workspace NVTX index (server/lsp/loopHandlers.ts keeps it current; the trace viewer reads it). */
  nvtxIndex?: NvtxIndex;

  constructor(
    readonly connection: Connection,
    readonly documents: TextDocuments<TextDocument>,
  ) {
    this.sources = new DiagnosticSources(connection, (uri) => documents.get(uri)?.version);
    this.lint = new LintService({
      connection,
      documents,
      sources: this.sources,
      settings: () => this.settings,
      workspaceFolders: () => this.folders,
    });
  }

  initialize(params: InitializeParams): void {
    this.clientCapabilities = params.capabilities;
    const opts = params.initializationOptions as { trusted?: unknown; settings?: unknown } | undefined;
    this.trusted = opts?.trusted !== false;
    if (opts?.settings !== undefined) this.settings = settingsFrom(opts.settings, undefined);
    const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    this.folders = folders.filter((u) => u.startsWith('file:')).map((u) => URI.toFsPath(u));
  }

  get supportsConfiguration(): boolean {
    return this.clientCapabilities.workspace?.configuration === true;
  }

  /** Pulls `sightline` and `files.exclude` from the client; keeps the old settings on failure. */
  async pullSettings(pushed?: unknown): Promise<ServerSettings> {
    if (this.supportsConfiguration) {
      try {
        const [sightline, filesExclude] = await this.connection.workspace.getConfiguration([{ section: 'sightline' }, { section: 'files.exclude' }]);
        this.settings = settingsFrom(sightline, filesExclude);
      } catch (e) {
        this.connection.console.warn(`could not read settings: ${(e as Error).message}`);
      }
    } else if (pushed !== undefined) {
      const p = pushed as { sightline?: unknown; files?: { exclude?: unknown } } | null;
      this.settings = settingsFrom(p?.sightline, p?.files?.exclude);
    }
    return this.settings;
  }
}
