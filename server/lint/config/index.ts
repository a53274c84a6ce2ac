// Entry point of the config lint core. (Filled in by the config-linter work: key-file and YAML
// readers, schema, rules.)
import type { FileAccess, LintDiagnostic, LintOptions } from '../diagnostic';
import type { FileKind } from '../fileKind';

export function lintConfig(
  _path: string,
  _text: string,
  _kind: FileKind,
  _options: LintOptions,
  _files: FileAccess,
): LintDiagnostic[] {
  return [];
}
