// Completion: element names after `!`, property names and enum values inside launch strings,
// config groups / keys / values in nvinfer and deepstream-app configs, and snippets for common
// DeepStream pipeline shapes.
import type { CompletionItem, CompletionParams } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';

export const completionTriggerCharacters = ['!', ' ', '=', '[', '.'];

export function completionsFor(_doc: TextDocument, _params: CompletionParams): CompletionItem[] {
  return [];
}
