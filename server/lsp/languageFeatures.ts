// Editor features over the lint cores' models: hover, completion, definition, references,
// rename, document symbols and folding. Each request detects the file kind and asks the
// matching provider (config*.ts for INI/YAML configs, pipeline*.ts for launch descriptions).
// Parsed pipelines are cached per document version (a hover after a keystroke parses once).
import { ResponseError, type TextDocumentPositionParams } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ServerContext } from './serverContext';
import { detectFileKind, type FileKind } from '../lint/fileKind';
import type { ExtractedPipeline } from '../lint/pipeline/extract/index';
import { URI } from '../uri';
import { configFolding, configSymbols } from './configOutline';
import { configHover } from './configFeatures';
import { pathDefinition } from './pathDefinition';
import { completionsFor, isConfigKind } from './completion';
import { pipelineDefinition, pipelineFolding, pipelineHover, pipelineReferences, pipelinesIn, pipelineSymbols, prepareRename, renameEdits } from './pipelineFeatures';

interface DocInfo {
  doc: TextDocument;
  fsPath: string;
  text: string;
  kind: FileKind;
}

function isIniConfig(kind: FileKind, fsPath: string): boolean {
  return isConfigKind(kind) && !/\.ya?ml$/i.test(fsPath);
}

export function registerLanguageFeatures(ctx: ServerContext): void {
  const { connection, documents } = ctx;
  const pipeCache = new Map<string, { version: number; pipes: ExtractedPipeline[] }>();
  documents.onDidClose((e) => pipeCache.delete(e.document.uri));

  const docInfo = (uri: string): DocInfo | undefined => {
    const doc = documents.get(uri);
    if (!doc) return undefined;
    const fsPath = URI.toFsPath(uri);
    const text = doc.getText();
    return { doc, fsPath, text, kind: detectFileKind(fsPath, text) };
  };
  const pipesOf = (d: DocInfo): ExtractedPipeline[] => {
    const c = pipeCache.get(d.doc.uri);
    if (c && c.version === d.doc.version) return c.pipes;
    let pipes: ExtractedPipeline[] = [];
    try {
      pipes = pipelinesIn(d.fsPath, d.text, d.kind);
    } catch (e) {
      connection.console.error(`pipeline extraction failed for ${d.fsPath}: ${(e as Error).message}`);
    }
    pipeCache.set(d.doc.uri, { version: d.doc.version, pipes });
    return pipes;
  };
  const at = (p: TextDocumentPositionParams): DocInfo | undefined => {
    const d = docInfo(p.textDocument.uri);
    return d && d.kind !== 'none' ? d : undefined;
  };

  connection.onHover((p) => {
    const d = at(p);
    if (!d) return null;
    if (isConfigKind(d.kind)) return configHover(d.fsPath, d.text, d.kind, p.position, ctx.settings.lint.dsVersion) ?? null;
    return pipelineHover(pipesOf(d), p.position) ?? null;
  });

  connection.onCompletion((p) => {
    const d = at(p);
    if (!d) return null;
    return completionsFor(d.fsPath, d.text, d.kind, p.position, ctx.settings.lint);
  });

  connection.onDefinition((p) => {
    const d = at(p);
    if (!d) return null;
    const file = pathDefinition(d.fsPath, d.text, p.position);
    if (file) return file;
    if (isConfigKind(d.kind)) return null;
    return pipelineDefinition(d.doc.uri, pipesOf(d), p.position) ?? null;
  });

  connection.onReferences((p) => {
    const d = at(p);
    if (!d || isConfigKind(d.kind)) return null;
    return pipelineReferences(d.doc.uri, pipesOf(d), p.position, p.context.includeDeclaration);
  });

  connection.onPrepareRename((p) => {
    const d = at(p);
    if (!d || isConfigKind(d.kind)) return null;
    const r = prepareRename(pipesOf(d), p.position);
    if ('error' in r) throw new ResponseError(-32803, r.error);
    return r;
  });

  connection.onRenameRequest((p) => {
    const d = at(p);
    if (!d || isConfigKind(d.kind)) return null;
    const edits = renameEdits(pipesOf(d), p.position, p.newName);
    if ('error' in edits) throw new ResponseError(-32803, edits.error);
    return { documentChanges: [{ textDocument: { uri: d.doc.uri, version: d.doc.version }, edits }] };
  });

  connection.onDocumentSymbol((p) => {
    const d = docInfo(p.textDocument.uri);
    if (!d || d.kind === 'none') return null;
    if (isIniConfig(d.kind, d.fsPath)) return configSymbols(d.text);
    if (isConfigKind(d.kind)) return null;
    return pipelineSymbols(pipesOf(d));
  });

  connection.onFoldingRanges((p) => {
    const d = docInfo(p.textDocument.uri);
    if (!d || d.kind === 'none') return null;
    if (isIniConfig(d.kind, d.fsPath)) return configFolding(d.text);
    // Launch files fold per description; code hosts keep their own (indentation) folding.
    if (d.kind === 'gst-pipeline' || d.kind === 'shell') return pipelineFolding(pipesOf(d));
    return null;
  });
}
