// Editor features over the lint cores' models: hover, completion, definition, references,
// rename, document symbols and folding. Each request detects the file kind and asks the
// matching provider (config*.ts for INI/YAML configs, pipeline*.ts for launch strings).
import type { ServerContext } from './serverContext';
import { detectFileKind, type FileKind } from '../lint/fileKind';
import { URI } from '../uri';
import { configFolding, configSymbols } from './configOutline';
import { pathDefinition } from './pathDefinition';
import { completionsFor } from './completion';
import type { TextDocument } from 'vscode-languageserver-textdocument';

function isIniConfig(kind: FileKind, fsPath: string): boolean {
  return (kind === 'nvinfer-config' || kind === 'deepstream-app-config' || kind === 'config-other') && !/\.ya?ml$/i.test(fsPath);
}

export function registerLanguageFeatures(ctx: ServerContext): void {
  const { connection, documents } = ctx;
  const docInfo = (uri: string): { doc: TextDocument; fsPath: string; text: string; kind: FileKind } | undefined => {
    const doc = documents.get(uri);
    if (!doc) return undefined;
    const fsPath = URI.toFsPath(uri);
    const text = doc.getText();
    return { doc, fsPath, text, kind: detectFileKind(fsPath, text) };
  };

  connection.onDocumentSymbol((p) => {
    const d = docInfo(p.textDocument.uri);
    if (!d) return null;
    if (isIniConfig(d.kind, d.fsPath)) return configSymbols(d.text);
    return null;
  });

  connection.onFoldingRanges((p) => {
    const d = docInfo(p.textDocument.uri);
    if (!d) return null;
    if (isIniConfig(d.kind, d.fsPath)) return configFolding(d.text);
    return null;
  });

  connection.onDefinition((p) => {
    const d = docInfo(p.textDocument.uri);
    if (!d || d.kind === 'none') return null;
    return pathDefinition(d.fsPath, d.text, p.position) ?? null;
  });

  connection.onCompletion((p) => {
    const d = docInfo(p.textDocument.uri);
    if (!d) return null;
    return completionsFor(d.doc, p);
  });
}
