// What a pipeline rule is: its documentation and a check over a graph.
import type { LintDiagnostic, RuleDoc } from '../../diagnostic';
import type { PipelineGraph, PipelineRuleContext } from '../model';
import type { GraphFacts } from './graphFacts';

/** A finding; severity defaults to the rule's, code to the rule id. */
export type Finding = Omit<LintDiagnostic, 'code' | 'severity'> & { code?: string; severity?: LintDiagnostic['severity'] };

export interface PipelineRule {
  doc: RuleDoc;
  /**
   * The findings in one graph. `facts` are the graph's shared facts (graphFacts.ts), computed once
   * by runPipelineRules; a rule called without them computes its own.
   */
  check(graph: PipelineGraph, context: PipelineRuleContext, facts?: GraphFacts): readonly Finding[];
}
