// The facts of one nvinfer config that rules need (model source, precision, batch, ids, input
// dims), read with DeepStream's defaults (gstnvinfer.cpp DEFAULT_*, NvDsInferContextInitParams).
import type { ConfigDoc, ConfigEntry } from './document';
import { entryBool, entryIntList, entryNumber, entryString } from './values';

export interface NvinferInfo {
  property?: ReturnType<ConfigDoc['groupMap']['get']>;
  get(key: string): ConfigEntry | undefined;
  uniqueId: number;
  uniqueIdSet: boolean;
  processMode: number;
  batchSize: number;
  batchSizeSet: boolean;
  gpuId: number;
  networkMode: number;
  networkModeSet: boolean;
  networkType: number;
  operateOnGieId?: number;
  numDetectedClasses?: number;
  inferDims?: number[];
  outputTensorMeta: boolean;
  clusterMode?: number;
  engine?: string;
  /** The model file nvinfer builds from (onnx, etlt, uff, caffemodel), if any. */
  modelSource?: { key: string; value: string };
  labelFile?: string;
}

export const precisionName: Record<number, string> = { 0: 'fp32', 1: 'int8', 2: 'fp16', 3: 'best' };

export function readNvinfer(doc: ConfigDoc): NvinferInfo {
  const property = doc.groupMap.get('property');
  const get = (key: string) => property?.keys.get(key);
  const num = (key: string, def: number) => entryNumber(get(key)) ?? def;
  const modelKeys = ['onnx-file', 'tlt-encoded-model', 'uff-file', 'model-file'];
  let modelSource: NvinferInfo['modelSource'];
  for (const k of modelKeys) {
    const v = entryString(get(k));
    if (v) {
      modelSource = { key: k, value: v.trim() };
      break;
    }
  }
  return {
    property,
    get,
    uniqueId: num('gie-unique-id', 15),
    uniqueIdSet: get('gie-unique-id') !== undefined,
    processMode: num('process-mode', 1),
    batchSize: num('batch-size', 1),
    batchSizeSet: get('batch-size') !== undefined,
    gpuId: num('gpu-id', 0),
    networkMode: num('network-mode', 0),
    networkModeSet: get('network-mode') !== undefined,
    networkType: get('network-type') ? num('network-type', 0) : entryBool(get('is-classifier')) ? 1 : 0,
    operateOnGieId: entryNumber(get('operate-on-gie-id')),
    numDetectedClasses: entryNumber(get('num-detected-classes')),
    inferDims: entryIntList(get('infer-dims')) ?? entryIntList(get('input-dims'))?.slice(0, 3) ?? entryIntList(get('uff-input-dims'))?.slice(0, 3),
    outputTensorMeta: entryBool(get('output-tensor-meta')) ?? false,
    clusterMode: entryNumber(get('cluster-mode')),
    engine: entryString(get('model-engine-file'))?.trim() || undefined,
    modelSource,
    labelFile: entryString(get('labelfile-path'))?.trim() || undefined,
  };
}

/** What a DeepStream-built engine file name says: `<model>_b<batch>_gpu<id>_<precision>.engine`. */
export function parseEngineName(file: string): { batch: number; gpu: number; precision: string; prefix: string } | undefined {
  const m = /^(.*)_b(\d+)_gpu(\d+)_(fp32|fp16|int8|best)\.engine$/i.exec(file);
  if (!m) return undefined;
  return { prefix: m[1], batch: Number(m[2]), gpu: Number(m[3]), precision: m[4].toLowerCase() };
}
