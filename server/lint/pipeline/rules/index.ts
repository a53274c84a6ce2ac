// The pipeline rules: each looks at a PipelineGraph (from a launch line, code, or a
// deepstream-app config) and reports findings with ranges taken from the graph's nodes.
import type { LintDiagnostic, RuleDoc } from '../../diagnostic';
import type { PipelineGraph, PipelineRuleContext } from '../model';
import { pipelineRules } from './all';
import { graphFacts } from './graphFacts';

export function runPipelineRules(graph: PipelineGraph, context: PipelineRuleContext): LintDiagnostic[] {
  const out: LintDiagnostic[] = [];
  const severities = context.options.severities;
  // what the graph holds, once for all the rules (most rules then return at once)
  const facts = graphFacts(graph, context);
  for (let r = 0; r < pipelineRules.length; r++) {
    const rule = pipelineRules[r];
    if (severities !== undefined && severities[rule.doc.id] === 'off') continue;
    const found = rule.check(graph, context, facts);
    // most rules find nothing in most pipelines
    for (let k = 0; k < found.length; k++) {
      const d = found[k];
      out.push({ severity: rule.doc.defaultSeverity, ...d, code: d.code ?? rule.doc.id });
    }
  }
  return out;
}

export function allRuleDocs(): RuleDoc[] {
  return pipelineRules.map((r) => r.doc);
}
