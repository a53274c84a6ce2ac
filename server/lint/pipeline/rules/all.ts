// Registry of every pipeline rule, in reporting order.
import { inferBatchSize, missingInferConfig, muxerScaling } from './crossFileRules';
import { elementNotOnTarget, invalidPropertyValue, propertyNotOnTarget, readOnlyProperty, unknownElement, unknownProperty } from './elementRules';
import { cpuConvertInNvmm, encodeThenDecode, osdCpuMode, profilingTilerOsd, softwareDecoder, softwareEncoder, syncDisplaySink, systemMemoryCaps, teeWithoutQueue } from './performanceRules';
import type { PipelineRule } from './rule';
import { doublyLinkedPad, duplicateName, streammuxBatchSize, unlinkedPad } from './topologyRules';

export const pipelineRules: PipelineRule[] = [
  unknownElement,
  elementNotOnTarget,
  unknownProperty,
  invalidPropertyValue,
  readOnlyProperty,
  propertyNotOnTarget,
  duplicateName,
  unlinkedPad,
  doublyLinkedPad,
  softwareDecoder,
  softwareEncoder,
  cpuConvertInNvmm,
  systemMemoryCaps,
  teeWithoutQueue,
  encodeThenDecode,
  streammuxBatchSize,
  inferBatchSize,
  muxerScaling,
  missingInferConfig,
  osdCpuMode,
  profilingTilerOsd,
  syncDisplaySink,
];
