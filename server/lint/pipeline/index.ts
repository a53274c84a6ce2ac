// Entry point of the pipeline lint core: find the launch descriptions in a host file, parse
// them (syntax errors become diagnostics at their exact place), then run the rules on each
// pipeline graph. pipelineRuleDocs() lists every rule for docs/rules/.
import type { FileAccess, LintDiagnostic, LintOptions, RuleDoc } from '../diagnostic';
import type { FileKind } from '../fileKind';
import { extractPipelines, isPipelineHostKind } from './extract/index';
import { parseRuleDocs } from './rules/parseRules';
import { allRuleDocs, runPipelineRules } from './rules/index';

export { extractPipelines } from './extract/index';
export type { ExtractedPipeline } from './extract/index';

export function lintPipelineHost(
  path: string,
  text: string,
  kind: FileKind,
  options: LintOptions,
  files: FileAccess,
): LintDiagnostic[] {
  if (!isPipelineHostKind(kind)) return [];
  const out: LintDiagnostic[] = [];
  for (const p of extractPipelines(path, text, kind)) {
    if (p.skipped) {
      out.push({ code: 'pipeline/too-large', severity: 'info', message: p.skipped, range: { start: p.range.start, end: p.range.start } });
      continue;
    }
    for (const e of p.parsed.errors) {
      out.push({ code: e.code, severity: 'error', message: e.message, range: e.span.range });
    }
    out.push(...runPipelineRules(p.parsed.graph, { options, files, measuring: p.measuring, newStreammux: p.newStreammux }));
  }
  return out;
}

export function pipelineRuleDocs(): RuleDoc[] {
  return [...parseRuleDocs, ...allRuleDocs()];
}
