// The pipeline rules: each looks at a PipelineGraph (from a launch line, code, or a
// deepstream-app config) and reports findings with ranges taken from the graph's nodes.
import type { LintDiagnostic, RuleDoc } from '../../diagnostic';
import type { PipelineGraph, PipelineRuleContext } from '../model';
import { pipelineRules } from './all';

export function runPipelineRules(graph: PipelineGraph, context: PipelineRuleContext): LintDiagnostic[] {
  const out: LintDiagnostic[] = [];
  for (const rule of pipelineRules) {
    if (context.options.severities?.[rule.doc.id] === 'off') continue;
    for (const d of rule.check(graph, context)) out.push({ severity: rule.doc.defaultSeverity, ...d, code: d.code ?? rule.doc.id });
  }
  return out;
}

export function allRuleDocs(): RuleDoc[] {
  return pipelineRules.map((r) => r.doc);
}
