// Gives DeepStream INI configs their language by content: a .txt whose first group is
// [property] is an nvinfer config, one whose first group is [application] (or another
// deepstream-app group) is a deepstream-app config. VS Code's `firstLine` only sees line 1,
// and NVIDIA's configs start with a licence header, so we look at the first group instead.
import * as vscode from 'vscode';
import { detectFileKind } from '../server/lint/fileKind';

export function languageForDocument(doc: { fileName: string; getText(): string }): string | undefined {
  if (!/\.(txt|cfg|conf|ini|config)$/i.test(doc.fileName)) return undefined;
  const kind = detectFileKind(doc.fileName, doc.getText());
  if (kind === 'nvinfer-config' || kind === 'deepstream-app-config') return kind;
  return undefined;
}

export function registerLanguageDetection(context: vscode.ExtensionContext): void {
  const check = (doc: vscode.TextDocument): void => {
    if (doc.languageId !== 'plaintext' && doc.languageId !== 'ini' && doc.languageId !== 'properties') return;
    const lang = languageForDocument(doc);
    if (lang) void vscode.languages.setTextDocumentLanguage(doc, lang);
  };
  vscode.workspace.textDocuments.forEach(check);
  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument(check));
}
