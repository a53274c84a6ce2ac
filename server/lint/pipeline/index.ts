// Entry point of the pipeline lint core. (Filled in by the pipeline-linter work: parser,
// extraction from host files, element catalog, rules.)
import type { FileAccess, LintDiagnostic, LintOptions } from '../diagnostic';
import type { FileKind } from '../fileKind';

export function lintPipelineHost(
  _path: string,
  _text: string,
  _kind: FileKind,
  _options: LintOptions,
  _files: FileAccess,
): LintDiagnostic[] {
  return [];
}
