// The Sightline language server process: thin LSP glue around the pure cores in lint/, trace/
// and index/. Started by the client over IPC (VS Code) or stdio (tests, other editors).
// Each area registers its handlers with one call below; shared state lives in ServerContext.
import { createConnection, ProposedFeatures, TextDocuments, type InitializeResult } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ServerContext } from './lsp/serverContext';
import { serverCapabilities } from './lsp/capabilities';
import { registerLintHandlers } from './lsp/lintHandlers';
import { registerLanguageFeatures } from './lsp/languageFeatures';
import { registerTraceHandlers } from './lsp/traceHandlers';
import { registerLoopHandlers } from './lsp/loopHandlers';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const ctx = new ServerContext(connection, documents);

connection.onInitialize((params): InitializeResult => {
  ctx.initialize(params);
  connection.console.info(`Sightline language server starting (workspace ${ctx.trusted ? 'trusted' : 'untrusted'})`);
  return { capabilities: serverCapabilities(), serverInfo: { name: 'sightline', version: '0.1.0' } };
});

registerLintHandlers(ctx);
registerLanguageFeatures(ctx);
registerTraceHandlers(ctx);
registerLoopHandlers(ctx);
// Other areas register here, one line each (e.g. registerTraceHandlers(connection, ctx)).

documents.listen(connection);
connection.listen();
