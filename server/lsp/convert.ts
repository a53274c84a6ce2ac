// Core diagnostics to LSP diagnostics.
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver/node';
import type { LintDiagnostic, Severity } from '../lint/diagnostic';
import { URI } from '../uri';

const severityMap: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export const docsBase = 'https://github.com/sightline-dev/sightline/blob/main/docs/rules/';

export function toLspDiagnostic(d: LintDiagnostic, uri?: string): Diagnostic {
  const out: Diagnostic = {
    range: d.range,
    severity: severityMap[d.severity],
    code: d.code,
    codeDescription: { href: docsBase + d.code.replace(/\//g, '-') + '.md' },
    source: 'sightline',
    message: d.message,
  };
  if (d.tags) out.tags = d.tags.map((t) => (t === 'unnecessary' ? DiagnosticTag.Unnecessary : DiagnosticTag.Deprecated));
  if (d.related && uri) {
    out.relatedInformation = d.related.map((r) => ({
      location: { uri: r.file ? URI.fromFsPath(r.file) : uri, range: r.range },
      message: r.message,
    }));
  }
  return out;
}
