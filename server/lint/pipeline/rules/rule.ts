// What a pipeline rule is: its documentation and a check over a graph.
import type { LintDiagnostic, RuleDoc } from '../../diagnostic';
import type { PipelineGraph, PipelineRuleContext } from '../model';

/** A finding; severity defaults to the rule's, code to the rule id. */
export type Finding = Omit<LintDiagnostic, 'code' | 'severity'> & { code?: string; severity?: LintDiagnostic['severity'] };

export interface PipelineRule {
  doc: RuleDoc;
  check(graph: PipelineGraph, context: PipelineRuleContext): Finding[];
}
