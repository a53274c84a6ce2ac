// Documentation of the nvinferserver (protobuf text) config rules; docs/rules/<id>.md is generated
// from it together with the other config rules.
import type { RuleDoc } from '../../diagnostic';

const PROTO = 'includes/nvdsinferserver_plugin.proto, nvdsinferserver_config.proto, nvdsinferserver_common.proto (DeepStream 9.1)';
const VALIDATE = 'src/utils/nvdsinferserver/infer_proto_utils.cpp (validateProtoConfig) and src/gst-plugins/gst-nvinferserver/gstnvinferserver_impl.cpp (DeepStream 9.1)';

export const nvinferserverRuleDocs: RuleDoc[] = [
  {
    id: 'config/inferserver-syntax',
    defaultSeverity: 'error',
    title: 'nvinferserver config is not valid protobuf text',
    why: 'gst-nvinferserver reads its config with `google::protobuf::TextFormat::ParseFromString`. An unclosed `{`, a string across a line break, a scalar field without `:`, or a stray character makes the whole parse fail and the element does not start. Sightline keeps reading after the error so the rest of the file is still checked.',
    example: 'infer_config {\n  unique_id: 1\n  max_batch_size 4\n',
    fix: 'Write `name: value` for scalars, `name { ... }` for messages, close every brace, and use `#` for comments.',
    reference: 'protobuf text format (TextFormat::Parser); ' + PROTO,
  },
  {
    id: 'config/inferserver-unknown-field',
    defaultSeverity: 'error',
    title: 'Field the nvinferserver schema does not have',
    why: 'Unlike GLib key files, protobuf text refuses unknown field names: a typo (`max_batch_sizes`) or a field in the wrong block (`labelfile_path` directly in `infer_config` instead of `postprocess`) makes nvinferserver fail to start. The field table is generated from NVIDIA\'s .proto files.',
    example: 'infer_config {\n  max_batch_sizes: 4\n}',
    fix: 'Use the suggested name (quick fix), or move the field into the block that has it (the message says which).',
    reference: PROTO,
  },
  {
    id: 'config/inferserver-wrong-type',
    defaultSeverity: 'error',
    title: 'Value of the wrong kind for an nvinferserver field',
    why: 'Each field has one type in the .proto: strings must be quoted, integers must fit their type (`uint32` has no sign), booleans are `true`/`false`, message fields take `{ ... }`, and only repeated fields take `[a, b]` lists. Anything else is a parse error and nvinferserver does not start.',
    example: 'postprocess {\n  labelfile_path: labels.txt\n}',
    fix: 'Write the value the field expects; for an unquoted string the quick fix adds the quotes.',
    reference: PROTO,
  },
  {
    id: 'config/inferserver-bad-enum',
    defaultSeverity: 'error',
    title: 'Enum value nvinferserver does not know',
    why: 'Enum fields (`network_format`, `tensor_order`, `process_mode`, `data_type`, ...) take the value names of their enum. An unknown name is a parse error. An unknown number is kept by protobuf but has no meaning for nvinferserver (warning).',
    example: 'preprocess {\n  network_format: IMAGE_FORMAT_RGBA\n}',
    fix: 'Use one of the listed names (the quick fix picks the closest).',
    reference: PROTO,
  },
  {
    id: 'config/inferserver-duplicate-field',
    defaultSeverity: 'error',
    title: 'Field given twice, or two members of one oneof',
    why: 'protobuf refuses a non-repeated field that is specified twice (a scalar whose first value is the default is the exception: then the last value wins, reported as a warning), and two fields of the same `oneof` (e.g. `model_repo` and `grpc` in `triton`, `interval` and `secondary_reinfer_interval`, `nms` and `dbscan`).',
    example: 'triton {\n  model_repo { root: "../triton_model_repo" }\n  grpc { url: "localhost:8001" }\n}',
    fix: 'Keep one of them; the related location points at the other.',
    reference: PROTO,
  },
  {
    id: 'config/inferserver-refused',
    defaultSeverity: 'error',
    title: 'Config that gst-nvinferserver refuses after parsing',
    why: 'After parsing, nvinferserver validates the config: it needs an `infer_config` with a `backend { triton { ... } }`, supports a single GPU in `gpu_ids`, needs `loops` with input and output names for `lstm` and batch size 1 with it. An out-of-range `frame_scaling_filter` is replaced by the default filter (warning).',
    example: 'infer_config {\n  unique_id: 1\n  gpu_ids: [0, 1]\n  max_batch_size: 4\n  backend { triton { model_name: "yolo" version: -1 model_repo { root: "../repo" } } }\n}',
    fix: 'Add the missing block or keep one GPU per nvinferserver instance (one element per GPU).',
    reference: VALIDATE,
  },
  {
    id: 'config/inferserver-batch-size',
    defaultSeverity: 'warning',
    title: 'max_batch_size 0 or missing: one frame per Triton request',
    why: 'nvinferserver replaces a `max_batch_size` of 0 (or none) with 1, so each frame (or object) is sent to Triton as its own request: the GPU runs many small inferences instead of one batched one, and throughput drops with the number of streams.',
    example: 'infer_config {\n  unique_id: 1\n  backend { triton { model_name: "peoplenet" version: -1 model_repo { root: "../repo" } } }\n}',
    fix: 'Set `max_batch_size` to the muxer\'s batch-size (for a primary) and make sure the Triton model\'s own `max_batch_size` (config.pbtxt) allows it.',
    reference: VALIDATE,
  },
  {
    id: 'config/inferserver-deprecated',
    defaultSeverity: 'info',
    title: 'Deprecated nvinferserver field',
    why: '`trt_is` and `trtis_classification` are marked deprecated in the .proto; nvinferserver copies them to `triton` / `triton_classification` at start. `group_rectangle` clustering needs OpenCV, which DeepStream is built without by default: nvinferserver then silently switches to `nms` with `topk: 20` and `iou_threshold: 0.5`.',
    example: 'backend {\n  trt_is { model_name: "ssd" version: -1 model_repo { root: "../repo" } }\n}',
    fix: 'Rename to the current field (quick fix), or write the `nms { ... }` block you want instead of `group_rectangle`.',
    reference: VALIDATE,
  },
  {
    id: 'config/inferserver-slow-clustering',
    defaultSeverity: 'info',
    title: 'DBSCAN clustering on the CPU',
    why: '`dbscan` clusters detector boxes on the CPU and grows quadratically with the number of boxes per frame; with many streams it becomes the bottleneck after inference. `nms` is the fast choice for most detectors (as `cluster-mode=2` is for nvinfer).',
    example: 'detection {\n  num_detected_classes: 4\n  dbscan { pre_threshold: 0.3 eps: 0.7 min_boxes: 3 }\n}',
    fix: 'Use `nms { confidence_threshold: 0.3 iou_threshold: 0.5 topk: 20 }` unless the model needs DBSCAN.',
    reference: PROTO,
  },
  {
    id: 'config/inferserver-host-copy',
    defaultSeverity: 'info',
    title: 'Tensor copies to host memory each batch',
    why: '`extra { copy_input_to_host_buffers: true }` copies every input tensor batch to host memory; `output_control { output_tensor_meta: true }` attaches every output tensor as metadata even though nvinferserver already parses detection/classification/segmentation outputs itself; Triton over gRPC copies CUDA input buffers to system memory unless `enable_cuda_buffer_sharing: true` (same-machine server, dGPU only). Each costs a copy per batch.',
    example: 'infer_config {\n  extra { copy_input_to_host_buffers: true }\n}',
    fix: 'Turn the copy off unless a custom parser or probe reads those tensors; with a local Triton server on dGPU enable CUDA buffer sharing.',
    reference: PROTO,
  },
];
