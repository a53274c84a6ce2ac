// Registers the loop on the server connection (one call from server.ts):
//   sightline/loop/setTrace {path: string | null, maxFileSizeMB?} -> LoopStatus
//   sightline/loop/status -> LoopStatus
//   sightline/loop/report {before?: string} -> string (markdown)
//   textDocument/codeLens -> the profile's lenses for the document
// and keeps the workspace NVTX index current with the open documents.
import { CodeLensRefreshRequest, ErrorCodes, ResponseError } from 'vscode-languageserver/node';
import type { ServerContext } from './serverContext';
import { LoopService } from './loopService';

export const LOOP_REQUEST_PREFIX = 'sightline/loop/';

export function registerLoopHandlers(ctx: ServerContext): LoopService {
  const { connection, documents } = ctx;
  const service = new LoopService({
    get folders() {
      return ctx.folders;
    },
    documents,
    sources: ctx.sources,
    log: (l) => connection.console.info(l),
    refreshCodeLenses: () => {
      if (ctx.clientCapabilities.workspace?.codeLens?.refreshSupport) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
    },
  });
  // The trace viewer's jump-to-source reads the same index: built on first use.
  Object.defineProperty(ctx, 'nvtxIndex', {
    configurable: true,
    get: () => {
      service.ensureIndexed();
      return service.index;
    },
  });
  ctx.sources.addTransform((uri, all) => service.weigh(uri, all));

  // The last profile run (newest .sightline/profiles/**/*.sqlite) is attached once the
  // workspace folders are known (initialize), without waiting for the user to open it.
  let tries = 0;
  const startup = setInterval(() => {
    if (!Object.keys(ctx.clientCapabilities).length && ++tries < 120) return;
    clearInterval(startup);
    const latest = service.latestProfile();
    if (latest) service.setTrace(latest).catch((e: Error) => connection.console.warn(`could not attach ${latest}: ${e.message}`));
  }, 500);
  startup.unref();

  documents.onDidChangeContent((e) => {
    if (e.document.uri.startsWith('file:')) service.documentChanged(e.document);
  });

  connection.onRequest(`${LOOP_REQUEST_PREFIX}setTrace`, async (p: { path?: unknown; maxFileSizeMB?: unknown } | null) => {
    const file = p?.path;
    if (file !== null && typeof file !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, 'path: a trace file path or null is required');
    try {
      return await service.setTrace(file, typeof p?.maxFileSizeMB === 'number' ? p.maxFileSizeMB : undefined);
    } catch (e) {
      throw new ResponseError(ErrorCodes.InternalError, `could not attach the profile ${String(file)}: ${(e as Error).message}`);
    }
  });
  connection.onRequest(`${LOOP_REQUEST_PREFIX}status`, () => service.status());
  connection.onRequest(`${LOOP_REQUEST_PREFIX}report`, async (p: { before?: unknown } | null) => {
    try {
      return await service.report(typeof p?.before === 'string' ? p.before : undefined);
    } catch (e) {
      throw new ResponseError(ErrorCodes.InternalError, `could not write the report: ${(e as Error).message}`);
    }
  });
  connection.onCodeLens((p) => service.lenses(p.textDocument.uri));
  return service;
}
