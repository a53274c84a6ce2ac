// Completion entry point: configs (groups, keys, values) or launch descriptions (elements after
// `!`, properties, enum values, DeepStream snippets), by file kind.
import type { CompletionItem, Position } from 'vscode-languageserver/node';
import type { FileKind } from '../lint/fileKind';
import type { LintOptions } from '../lint/diagnostic';
import { configCompletion } from './configFeatures';
import { pipelineCompletion } from './pipelineCompletion';
import { pipelinesIn } from './pipelineFeatures';

export const completionTriggerCharacters = ['!', ' ', '=', '['];

export function isConfigKind(kind: FileKind): boolean {
  return kind === 'nvinfer-config' || kind === 'deepstream-app-config' || kind === 'config-other';
}

export function completionsFor(fsPath: string, text: string, kind: FileKind, pos: Position, options: LintOptions): CompletionItem[] {
  if (isConfigKind(kind)) return configCompletion(fsPath, text, kind, pos, options.dsVersion);
  const pipes = pipelinesIn(fsPath, text, kind);
  return pipelineCompletion(text, pipes, pos, options.target, kind === 'gst-pipeline') ?? [];
}
