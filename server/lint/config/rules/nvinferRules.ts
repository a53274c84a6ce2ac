// Rules about one nvinfer config: a model to build from, calibration for INT8, custom parsers and
// their library, precision, the engine file and its name, clustering, tensor output and the
// primary/secondary settings.
import * as path from 'node:path';
import type { Range } from '../../diagnostic';
import { entryNumber } from '../values';
import { parseEngineName, precisionName, type NvinferInfo } from '../nvinferInfo';
import { insertKeyFix, nvinferInfoOf, replaceValueFix, type RuleContext } from './context';

function headerRange(_ctx: RuleContext, info: NvinferInfo): Range {
  return info.property?.headerRange ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

/** Options the app config gives on top of the nvinfer config ([primary-gie] model-engine-file, batch-size). */
export interface NvinferOverrides {
  engine?: string;
  batchSize?: number;
}

export function checkNvinfer(ctx: RuleContext, overrides: NvinferOverrides = {}): void {
  const info = nvinferInfoOf(ctx.doc);
  if (!info.property) return;
  checkModelSource(ctx, info, overrides);
  checkPrecision(ctx, info);
  checkEngine(ctx, info, overrides);
  checkClustering(ctx, info);
  checkTensorMeta(ctx, info);
  checkProcessMode(ctx, info);
  checkClassAttrs(ctx, info);
}

function checkModelSource(ctx: RuleContext, info: NvinferInfo, overrides: NvinferOverrides): void {
  const has = (k: string) => info.get(k) !== undefined;
  const custom = has('custom-network-config') || has('engine-create-func-name');
  if (!info.modelSource && !info.engine && !overrides.engine && !custom) {
    ctx.report({
      code: 'config/missing-model',
      severity: 'error',
      message: 'No model: nvinfer needs onnx-file (or model-engine-file with a prebuilt engine, tlt-encoded-model, or a custom engine-create-func-name) to start.',
      range: headerRange(ctx, info),
    });
  }
  if (has('model-file') && !has('proto-file')) {
    ctx.report({ code: 'config/missing-model', severity: 'error', message: 'model-file (Caffe) needs proto-file.', range: info.get('model-file')!.keyRange });
  }
  if (has('uff-file') && !has('uff-input-blob-name')) {
    ctx.report({ code: 'config/missing-model', severity: 'error', message: 'uff-file needs uff-input-blob-name (and infer-dims).', range: info.get('uff-file')!.keyRange });
  }
  if (has('tlt-encoded-model') && !has('tlt-model-key')) {
    ctx.report({ code: 'config/missing-model', severity: 'error', message: 'tlt-encoded-model needs tlt-model-key to decode the model.', range: info.get('tlt-encoded-model')!.keyRange });
  }
  for (const fn of ['parse-bbox-func-name', 'parse-bbox-instance-mask-func-name', 'parse-segmentation-func-name', 'parse-classifier-func-name', 'engine-create-func-name']) {
    const e = info.get(fn);
    if (e && !has('custom-lib-path')) {
      ctx.report({ code: 'config/custom-parser-without-lib', severity: 'error', message: `${fn}=${e.value.trim()} names a function of a custom library, but custom-lib-path is not set: nvinfer cannot find it.`, range: e.keyRange });
    }
  }
}

function platformName(ctx: RuleContext): string {
  return ctx.options.target === 'jetson' ? 'Jetson' : 'dGPU';
}

function checkPrecision(ctx: RuleContext, info: NvinferInfo): void {
  const modeEntry = info.get('network-mode');
  if (info.networkMode === 0) {
    const gain = ctx.options.target === 'jetson' ? 'FP16 (network-mode=2) roughly doubles throughput on Jetson GPUs and is what the DLA needs; INT8 (network-mode=1) more with a calibration table' : 'FP16 (network-mode=2) uses the Tensor Cores and roughly doubles throughput on dGPU; INT8 (network-mode=1) about doubles it again with a calibration table';
    ctx.report({
      code: 'config/fp32-precision',
      severity: 'warning',
      message: `${modeEntry ? 'network-mode=0' : 'network-mode is not set, so the engine is built in'} FP32 on ${platformName(ctx)}: ${gain}.`,
      range: modeEntry ? modeEntry.valueTrimmedRange : headerRange(ctx, info),
      fixes: modeEntry ? [replaceValueFix('Use FP16 (network-mode=2)', modeEntry, '2')] : [insertKeyFix(ctx, 'property', 'network-mode', '2', 'Add network-mode=2 (FP16)')].filter((f) => f !== undefined),
    });
  }
  if (info.networkMode === 1 && !info.get('int8-calib-file')) {
    const engineExists = info.engine ? ctx.files.exists(resolveFrom(ctx, info.engine)) : false;
    if (!engineExists) {
      ctx.report({
        code: 'config/int8-without-calibration',
        severity: 'warning',
        message: 'network-mode=1 (INT8) without int8-calib-file: unless the ONNX model is quantized (Q/DQ nodes), TensorRT has no scales and nvinfer falls back to a slower precision or fails to build.',
        range: modeEntry?.valueTrimmedRange ?? headerRange(ctx, info),
      });
    }
  }
}

function resolveFrom(ctx: RuleContext, p: string): string {
  return path.isAbsolute(p) ? p : path.resolve(path.dirname(ctx.path), p);
}

function checkEngine(ctx: RuleContext, info: NvinferInfo, overrides: NvinferOverrides): void {
  const engineEntry = info.get('model-engine-file');
  const batch = overrides.batchSize ?? info.batchSize;
  const prec = precisionName[info.networkMode] ?? 'fp32';
  if (!info.engine && !overrides.engine) {
    if (info.modelSource) {
      const name = `${path.basename(info.modelSource.value)}_b${batch}_gpu${info.gpuId}_${prec}.engine`;
      const dir = path.dirname(info.modelSource.value);
      const suggested = dir === '.' ? name : `${dir}/${name}`;
      ctx.report({
        code: 'config/no-engine-file',
        severity: 'hint',
        message: `No model-engine-file: nvinfer builds the TensorRT engine from ${info.modelSource.key} at every start (minutes). It saves it as ${name}; point model-engine-file at it to load it instead.`,
        range: headerRange(ctx, info),
        fixes: [insertKeyFix(ctx, 'property', 'model-engine-file', suggested, `Add model-engine-file=${suggested}`)].filter((f) => f !== undefined),
      });
    }
    return;
  }
  if (!engineEntry || !info.engine) return;
  const parsed = parseEngineName(path.basename(info.engine));
  if (!parsed) return;
  const diffs: string[] = [];
  if (parsed.batch !== batch) diffs.push(`batch ${parsed.batch} vs batch-size=${batch}`);
  if (parsed.gpu !== info.gpuId) diffs.push(`gpu${parsed.gpu} vs gpu-id=${info.gpuId}`);
  if (parsed.precision !== prec && !(parsed.precision === 'best' && info.networkMode === 3)) diffs.push(`${parsed.precision} vs network-mode=${info.networkMode} (${prec})`);
  if (diffs.length === 0) return;
  const rightName = `${parsed.prefix}_b${batch}_gpu${info.gpuId}_${prec}.engine`;
  const dir = path.dirname(info.engine);
  const rightPath = dir === '.' ? rightName : `${dir}/${rightName}`;
  ctx.report({
    code: 'config/engine-name-mismatch',
    severity: 'warning',
    message: `model-engine-file ${path.basename(info.engine)} encodes ${diffs.join(', ')}. An engine built for this config is saved as ${rightName}, never under this name, so it is rebuilt on every start (or a mismatched engine is used).`,
    range: engineEntry.valueTrimmedRange,
    fixes: [replaceValueFix(`Use ${rightName}`, engineEntry, rightPath)],
  });
}

function checkClustering(ctx: RuleContext, info: NvinferInfo): void {
  const detector = info.networkType === 0 || info.networkType === 3;
  const cm = info.clusterMode;
  const cmEntry = info.get('cluster-mode');
  if (cmEntry && cm !== undefined && detector) {
    if (cm === 1 || cm === 0) {
      ctx.report({
        code: 'config/slow-clustering',
        severity: 'info',
        message: `cluster-mode=${cm} (${cm === 1 ? 'DBSCAN' : 'OpenCV groupRectangles'}) clusters on the CPU and grows quadratically with the number of boxes; cluster-mode=2 (NMS) is the fast choice for most detectors.`,
        range: cmEntry.valueTrimmedRange,
        fixes: [replaceValueFix('Use NMS (cluster-mode=2)', cmEntry, '2')],
      });
    }
  }
  if (cmEntry && !detector && info.networkType !== 100) {
    ctx.report({ code: 'config/cluster-settings-ignored', severity: 'info', message: `cluster-mode only applies to detectors; network-type=${info.networkType} ignores it.`, range: cmEntry.keyRange, tags: ['unnecessary'] });
  }
  if (!detector) return;
  const effective = cm ?? 0;
  const used: Record<string, number[]> = {
    'nms-iou-threshold': [2, 3],
    topk: [2, 3],
    eps: [0, 1, 3],
    minBoxes: [1, 3],
    'dbscan-min-score': [1, 3],
    'group-threshold': [0],
  };
  for (const g of ctx.doc.groups) {
    if (!/^class-attrs-/.test(g.name)) continue;
    for (const e of g.entries) {
      const modes = used[e.key];
      if (modes && !modes.includes(effective)) {
        ctx.report({
          code: 'config/cluster-settings-ignored',
          severity: 'warning',
          message: `${e.key} has no effect with cluster-mode=${effective}${cm === undefined ? ' (the default)' : ''}: it is used by cluster-mode ${modes.join(' or ')}.`,
          range: e.keyRange,
          tags: ['unnecessary'],
        });
      }
    }
  }
}

function checkTensorMeta(ctx: RuleContext, info: NvinferInfo): void {
  const e = info.get('output-tensor-meta');
  if (!e || !info.outputTensorMeta || info.networkType === 100) return;
  ctx.report({
    code: 'config/output-tensor-meta-unused',
    severity: 'info',
    message: 'output-tensor-meta=1 copies every output tensor to host memory for each batch. Keep it only if a probe or downstream element reads NvDsInferTensorMeta; nvinfer already parses the outputs itself for this network-type.',
    range: e.keyRange,
  });
}

function checkProcessMode(ctx: RuleContext, info: NvinferInfo): void {
  if (info.processMode === 1) {
    for (const k of ['operate-on-gie-id', 'operate-on-class-ids', 'input-object-min-width', 'input-object-min-height', 'input-object-max-width', 'input-object-max-height', 'secondary-reinfer-interval', 'classifier-async-mode']) {
      const e = info.get(k);
      if (!e) continue;
      if (k === 'operate-on-gie-id' && entryNumber(e) === -1) continue;
      ctx.report({
        code: 'config/process-mode-mismatch',
        severity: 'warning',
        message: `${k} only applies to secondary GIEs (process-mode=2); with process-mode=${info.get('process-mode') ? '1' : '1 (the default)'} it is ignored.`,
        range: e.keyRange,
        tags: ['unnecessary'],
      });
    }
  }
}

function checkClassAttrs(ctx: RuleContext, info: NvinferInfo): void {
  const detector = info.networkType === 0 || info.networkType === 3;
  if (!detector || info.numDetectedClasses === undefined) return;
  for (const g of ctx.doc.groups) {
    const m = /^class-attrs-(\d+)$/.exec(g.name);
    if (!m) continue;
    const id = Number(m[1]);
    if (id >= info.numDetectedClasses) {
      ctx.report({
        code: 'config/class-attrs-out-of-range',
        severity: 'error',
        message: `[${g.name}] is for class ${id}, but num-detected-classes=${info.numDetectedClasses}: nvinfer refuses the config ("Attributes specified for class ${id}").`,
        range: g.nameRange,
      });
    }
  }
}
