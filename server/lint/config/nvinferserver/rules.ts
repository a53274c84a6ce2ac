// What gst-nvinferserver does with a config that protobuf accepted (facts from
// src/utils/nvdsinferserver/infer_proto_utils.cpp validateProtoConfig and
// src/gst-plugins/gst-nvinferserver/gstnvinferserver_impl.cpp, DeepStream 9.1): the checks that
// make it refuse to start, the values it silently replaces, the relative paths it resolves against
// the config's folder, and the settings that cost throughput (one frame per inference, CPU
// clustering, host copies of tensors).
import type { ProtoProblem, TypedMessage } from './validate';
import { integerValue } from './validate';
import type { PbField, PbMessage, PbScalar } from './textFormat';
import { getMessage, shortName } from './protoSchema';

/** The last occurrence of a field (protobuf keeps the last value of a repeated singular scalar). */
export function fieldOf(m: PbMessage | undefined, name: string): PbField | undefined {
  if (!m) return undefined;
  for (let i = m.fields.length - 1; i >= 0; i--) if (m.fields[i].name === name) return m.fields[i];
  return undefined;
}

export function messageOf(m: PbMessage | undefined, name: string): PbMessage | undefined {
  const v = fieldOf(m, name)?.values.at(-1);
  return v?.kind === 'message' ? v : undefined;
}

export function scalarOf(m: PbMessage | undefined, name: string): PbScalar | undefined {
  const v = fieldOf(m, name)?.values.at(-1);
  return v?.kind === 'scalar' ? v : undefined;
}

function isTrue(s: PbScalar | undefined): boolean {
  if (!s) return false;
  if (s.token === 'identifier') return s.text === 'true' || s.text === 'True' || s.text === 't';
  return s.token === 'integer' && integerValue(s) === 1n;
}

function intOf(s: PbScalar | undefined): number | undefined {
  if (!s || s.token !== 'integer') return undefined;
  const v = integerValue(s);
  return v === undefined ? undefined : Number(v);
}

/** A path value nvinferserver resolves (relative to the config's folder) and must find. */
export interface ReferencedPath {
  field: string;
  value: string;
  start: number;
  end: number;
}

export interface ServerRuleInput {
  root: PbMessage;
  messages: TypedMessage[];
  target: 'jetson' | 'dgpu';
}

/** The checks; paths are returned for the caller to look up through FileAccess. */
export function checkServerConfig(input: ServerRuleInput): { problems: ProtoProblem[]; paths: ReferencedPath[] } {
  const problems: ProtoProblem[] = [];
  const paths: ReferencedPath[] = [];
  const { root } = input;
  const at = (f: PbField) => ({ start: f.nameStart, end: f.nameEnd });
  const refused = (where: { start: number; end: number }, message: string) => problems.push({ code: 'config/inferserver-refused', severity: 'error', message, ...where });

  // Deprecated fields (marked "[deprecated]" in the .proto; nvinferserver copies them over).
  for (const { type, value } of input.messages) {
    const msg = getMessage(type);
    for (const f of value.fields) {
      const fd = msg?.fields.get(f.name);
      if (!fd?.deprecated) continue;
      const replacement = f.name === 'trt_is' ? 'triton' : f.name === 'trtis_classification' ? 'triton_classification' : undefined;
      problems.push({
        code: 'config/inferserver-deprecated',
        severity: 'info',
        message: `"${f.name}" in ${shortName(type)} is deprecated${replacement ? `: nvinferserver copies it to "${replacement}" at start (and logs a warning). Rename it to "${replacement}".` : '.'}`,
        ...at(f),
        replacement: replacement ? { title: `Rename to "${replacement}"`, text: replacement } : undefined,
      });
    }
  }

  const inferField = fieldOf(root, 'infer_config');
  const infer = messageOf(root, 'infer_config');
  if (!inferField || !infer) {
    if (!inferField) refused({ start: 0, end: 0 }, 'No infer_config { ... } block: gst-nvinferserver has no backend to run and refuses the config ("Configuration config backend missing").');
    return { problems, paths };
  }
  const backendField = fieldOf(infer, 'backend');
  const backend = messageOf(infer, 'backend');
  if (!backendField) refused(at(inferField), 'infer_config has no backend { ... }: gst-nvinferserver refuses it ("Configuration config backend missing").');
  const triton = messageOf(backend, 'triton') ?? messageOf(backend, 'trt_is');
  if (backendField && backend && !fieldOf(backend, 'triton') && !fieldOf(backend, 'trt_is')) refused(at(backendField), 'backend has no triton { ... } block: gst-nvinferserver refuses it ("Configuration config triton missing").');

  const gpuIds = fieldOf(infer, 'gpu_ids');
  if (gpuIds && gpuIds.values.length > 1) refused(at(gpuIds), `gpu_ids lists ${gpuIds.values.length} GPUs; nvinferserver supports a single GPU per instance and refuses the config.`);

  // max_batch_size: 0 (or absent) is replaced by 1.
  const mbsField = fieldOf(infer, 'max_batch_size');
  const mbs = intOf(scalarOf(infer, 'max_batch_size'));
  if (!mbsField || mbs === 0) {
    problems.push({
      code: 'config/inferserver-batch-size',
      severity: 'warning',
      message: `${mbsField ? 'max_batch_size: 0' : 'No max_batch_size'}: nvinferserver sets it to 1, so every frame (or object) is a separate Triton request. Set it to the muxer's batch-size (and the model's max_batch_size in its config.pbtxt).`,
      ...(mbsField ? at(mbsField) : at(inferField)),
    });
  }

  const lstmField = fieldOf(infer, 'lstm');
  const lstm = messageOf(infer, 'lstm');
  if (lstmField && lstm) {
    const loops = (fieldOf(lstm, 'loops') ? lstm.fields.filter((f) => f.name === 'loops').flatMap((f) => f.values) : []).filter((v): v is PbMessage => v.kind === 'message');
    if (loops.length === 0) refused(at(lstmField), 'lstm has no loops: nvinferserver refuses the config ("lstm does not have loops").');
    for (const l of loops) {
      const input = scalarOf(l, 'input')?.decoded;
      const output = scalarOf(l, 'output')?.decoded;
      if (!input || !output) refused({ start: l.start, end: l.start + 1 }, `Each lstm loop needs both input and output tensor names (this one lacks ${!input ? 'input' : 'output'}): nvinferserver refuses the config.`);
    }
    if (mbs !== undefined && mbs > 1 && mbsField) refused(at(mbsField), `max_batch_size: ${mbs} with lstm: LSTM models support batch size 1 only; nvinferserver refuses the config.`);
  }

  const pre = messageOf(infer, 'preprocess');
  const filterField = fieldOf(pre, 'frame_scaling_filter');
  const filter = intOf(scalarOf(pre, 'frame_scaling_filter'));
  if (filterField && filter !== undefined && filter > 6) {
    problems.push({ code: 'config/inferserver-refused', severity: 'warning', message: `frame_scaling_filter: ${filter} is not an NvBufSurfTransform_Inter value (0 nearest … 5 Algo4, 6 default): nvinferserver logs "unsupported" and uses the default filter.`, ...at(filterField) });
  }
  const meanFile = scalarOf(messageOf(pre, 'normalize'), 'mean_file');
  if (meanFile?.decoded) paths.push({ field: 'mean_file', value: meanFile.decoded, start: meanFile.start, end: meanFile.end });

  const post = messageOf(infer, 'postprocess');
  const label = scalarOf(post, 'labelfile_path');
  if (label?.decoded) paths.push({ field: 'labelfile_path', value: label.decoded, start: label.start, end: label.end });
  const detection = messageOf(post, 'detection');
  const dbscan = fieldOf(detection, 'dbscan');
  if (dbscan) {
    problems.push({ code: 'config/inferserver-slow-clustering', severity: 'info', message: 'dbscan clusters the boxes on the CPU, which grows quadratically with the number of boxes; nms { ... } is the fast choice for most detectors.', ...at(dbscan) });
  }
  const group = fieldOf(detection, 'group_rectangle');
  if (group) {
    problems.push({
      code: 'config/inferserver-deprecated',
      severity: 'info',
      message: 'group_rectangle needs OpenCV, which DeepStream builds without by default: nvinferserver then replaces it with nms { topk: 20 iou_threshold: 0.5 } (keeping confidence_threshold) and logs a warning. Write the nms block you want instead.',
      ...at(group),
    });
  }

  const lib = scalarOf(messageOf(infer, 'custom_lib'), 'path');
  // Without a '/' the library is looked up on the system library path (dlopen), not as a file.
  if (lib?.decoded && lib.decoded.includes('/')) paths.push({ field: 'custom_lib.path', value: lib.decoded, start: lib.start, end: lib.end });
  const repo = messageOf(triton, 'model_repo');
  for (const f of repo?.fields ?? []) {
    if (f.name !== 'root') continue;
    for (const v of f.values) {
      if (v.kind !== 'scalar' || !v.decoded || v.decoded.includes('://')) continue;
      paths.push({ field: 'model_repo.root', value: v.decoded, start: v.start, end: v.end });
    }
  }

  // Host copies.
  const extra = messageOf(infer, 'extra');
  const copyIn = fieldOf(extra, 'copy_input_to_host_buffers');
  if (copyIn && isTrue(scalarOf(extra, 'copy_input_to_host_buffers'))) {
    problems.push({ code: 'config/inferserver-host-copy', severity: 'info', message: 'copy_input_to_host_buffers: true copies every input tensor batch to host memory. Keep it only if your output parser reads the input tensors.', ...at(copyIn) });
  }
  const outCtl = messageOf(root, 'output_control');
  const tensorMeta = fieldOf(outCtl, 'output_tensor_meta');
  const parsesItself = ['detection', 'classification', 'segmentation', 'triton_classification', 'trtis_classification'].find((k) => fieldOf(post, k));
  if (tensorMeta && isTrue(scalarOf(outCtl, 'output_tensor_meta')) && parsesItself) {
    problems.push({ code: 'config/inferserver-host-copy', severity: 'info', message: `output_tensor_meta: true attaches every output tensor (host memory) as NvDsInferTensorMeta for each batch. Keep it only if a probe or downstream element reads it; nvinferserver already parses the outputs itself (postprocess ${parsesItself}).`, ...at(tensorMeta) });
  }
  const grpcField = fieldOf(triton, 'grpc');
  const grpc = messageOf(triton, 'grpc');
  if (grpcField && grpc && input.target === 'dgpu' && !isTrue(scalarOf(grpc, 'enable_cuda_buffer_sharing'))) {
    problems.push({
      code: 'config/inferserver-host-copy',
      severity: 'hint',
      message: 'Triton over gRPC without enable_cuda_buffer_sharing: every input batch is copied from CUDA to system memory for the request. If the Triton server runs on this machine (dGPU), enable_cuda_buffer_sharing: true shares the CUDA buffers instead.',
      ...at(grpcField),
    });
  }
  return { problems, paths };
}
