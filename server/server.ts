// The Sightline language server process: thin LSP glue around the pure cores in lint/, trace/
// and index/. Started by the client over stdio or IPC.
import {
  createConnection,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from './uri';
import { lintText } from './lint/lintFile';
import { diskFiles } from './lint/diskFiles';
import { defaultLintOptions, type LintDiagnostic } from './lint/diagnostic';
import { toLspDiagnostic } from './lsp/convert';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

connection.onInitialize((): InitializeResult => {
  connection.console.info('Sightline language server starting');
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
    },
    serverInfo: { name: 'sightline', version: '0.1.0' },
  };
});

function validate(doc: TextDocument): void {
  const path = URI.toFsPath(doc.uri);
  const result = lintText(path, doc.getText(), defaultLintOptions, diskFiles);
  const diagnostics = result.diagnostics.map((d: LintDiagnostic) => toLspDiagnostic(d));
  void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics });
}

documents.onDidOpen((e) => validate(e.document));
documents.onDidChangeContent((e) => validate(e.document));
documents.onDidClose((e) => void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] }));

documents.listen(connection);
connection.listen();
