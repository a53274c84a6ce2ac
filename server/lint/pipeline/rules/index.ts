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
      flatten(d.message);
      out.push({ severity: rule.doc.defaultSeverity, ...d, code: d.code ?? rule.doc.id });
    }
  }
  return out;
}

/**
 * Messages are built from template pieces, which V8 keeps as a tree of concatenation cells (one
 * per piece) until the string is read. Findings live as long as their document's diagnostics
 * (a large file has thousands), so the message is made one flat string here: reading a character
 * flattens it in place, and the pieces can be collected (the bench file's diagnostics took 8.5 MB
 * with trees, 7.0 MB flat).
 */
function flatten(message: string): void {
  if (message.length > 0) message.charCodeAt(0);
}

export function allRuleDocs(): RuleDoc[] {
  return pipelineRules.map((r) => r.doc);
}
