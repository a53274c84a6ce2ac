// One entry point for "lint this file's text": picks the core by file kind, applies rule
// severity settings and comment directives (directives.ts), and turns anything unexpected into a diagnostic instead of a crash.
import type { FileAccess, LintDiagnostic, LintOptions } from './diagnostic';
import { detectFileKind, type FileKind } from './fileKind';
import { lintPipelineHost } from './pipeline/index';
import { lintConfig } from './config/index';
import { applyDirectives } from './directives';
import { invalidUtf8Diagnostic } from './invalidUtf8';

export interface LintResult {
  kind: FileKind;
  diagnostics: LintDiagnostic[];
  /** Set when the file was not linted, with the reason (binary, too large, ...). */
  skipped?: string;
}

export const maxLintBytes = 16 * 1024 * 1024;

export function looksBinary(text: string): boolean {
  const head = text.slice(0, 8192);
  return head.includes('\u0000');
}

export function lintText(path: string, text: string, options: LintOptions, files: FileAccess, kind?: FileKind): LintResult {
  const k = kind ?? detectFileKind(path, text);
  if (k === 'none') return { kind: k, diagnostics: [] };
  if (looksBinary(text)) return { kind: k, diagnostics: [], skipped: 'binary file (NUL bytes in the first 8 KiB)' };
  if (text.length > maxLintBytes) return { kind: k, diagnostics: [], skipped: `larger than ${maxLintBytes / 1024 / 1024} MiB` };
  let diagnostics: LintDiagnostic[];
  try {
    diagnostics =
      k === 'nvinfer-config' || k === 'deepstream-app-config' || k === 'config-other'
        ? lintConfig(path, text, k, options, files)
        : lintPipelineHost(path, text, k, options, files);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    diagnostics = [
      {
        code: 'internal/linter-crash',
        severity: 'error',
        message: `Sightline could not lint this file: ${msg}. Please report it with the file attached.`,
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      },
    ];
  }
  const utf8 = invalidUtf8Diagnostic(path, text);
  // the config core already reports each such line of an INI file (config/invalid-utf8)
  if (utf8 && !diagnostics.some((d) => d.code === 'config/invalid-utf8' && d.range.start.line === utf8.range.start.line)) diagnostics.unshift(utf8);
  return { kind: k, diagnostics: applyDirectives(text, k, applySeverities(diagnostics, options)) };
}

export function applySeverities(diags: LintDiagnostic[], options: LintOptions): LintDiagnostic[] {
  const table = options.severities;
  if (!table) return diags;
  const out: LintDiagnostic[] = [];
  for (const d of diags) {
    const s = table[d.code];
    if (s === 'off') continue;
    out.push(s ? { ...d, severity: s } : d);
  }
  return out;
}
