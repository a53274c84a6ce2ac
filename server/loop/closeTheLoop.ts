// One entry of the loop core: a profile + the workspace index + the files → located diagnostics,
// lenses and the findings left for the report.
import type { NvtxIndex } from '../index/nvtxIndex';
import { locateFindings } from './locateFindings';
import { traceLenses } from './lenses';
import type { LoopFiles, LoopResult, LoopTrace } from './loopTypes';

export function closeTheLoop(trace: LoopTrace, index: NvtxIndex, files: LoopFiles): LoopResult {
  const located = locateFindings(trace, index, files);
  return { ...located, lenses: traceLenses(trace, index, files) };
}
