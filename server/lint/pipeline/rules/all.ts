// Registry of every pipeline rule, in reporting order.
import type { PipelineRule } from './rule';

export const pipelineRules: PipelineRule[] = [];
