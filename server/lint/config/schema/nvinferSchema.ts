// Every key of an nvinfer config ([property] and [class-attrs-*]), with the getter DeepStream 9.1
// uses, the checks its parser makes (ranges, enums, list lengths) and what the key does.
// Facts from src/gst-plugins/gst-nvinfer/gstnvinfer_property_parser.{h,cpp}, gstnvinfer.cpp
// (element defaults), includes/nvdsinfer_context.h and includes/nvbufsurftransform.h.
import type { GroupSchema, KeySchema, KindSchema, ValueType } from './types';
import { withVersions } from './versions';

const SRC = 'gst-nvinfer/gstnvinfer_property_parser.cpp';

function k(key: string, type: ValueType, doc: string, extra: Partial<KeySchema> = {}): KeySchema {
  return { key, type, doc, source: SRC, ...extra };
}


export const networkModes = [
  { value: 0, meaning: 'FP32' },
  { value: 1, meaning: 'INT8 (needs a calibration table: int8-calib-file)' },
  { value: 2, meaning: 'FP16' },
  { value: 3, meaning: 'BEST (TensorRT picks the fastest precision per layer)' },
];

export const networkTypes = [
  { value: 0, meaning: 'Detector' },
  { value: 1, meaning: 'Classifier' },
  { value: 2, meaning: 'Segmentation' },
  { value: 3, meaning: 'Instance segmentation' },
  { value: 100, meaning: 'Other (no post-processing; use output-tensor-meta)' },
];

export const clusterModes = [
  { value: 0, meaning: 'OpenCV groupRectangles()' },
  { value: 1, meaning: 'DBSCAN' },
  { value: 2, meaning: 'NMS (non-maximum suppression)' },
  { value: 3, meaning: 'DBSCAN + NMS hybrid' },
  { value: 4, meaning: 'No clustering' },
];

// nvinfer still reads the Caffe/UFF keys, but the engine builder (libs/nvdsinfer/nvdsinfer_model_builder.cpp)
// of the DeepStream 6.3 sources has CaffeModelParser/UffModelParser and the 8.0 one builds only from ONNX or
// a custom parser (TensorRT 10 dropped both parsers). 7.x sources were not checked.
const caffeUff = 'The engine builder of DeepStream 8.0 and later builds only from ONNX or a custom model parser (the 6.3 sources still had the Caffe and UFF parsers; TensorRT 10 dropped them). Convert the model to ONNX (onnx-file).';
const caffeUffGone = { deprecated: caffeUff, removedIn: '8.0' };

const propertyKeys: KeySchema[] = [
  k('gie-unique-id', 'int', 'Unique id of this GIE; its metadata carries it and `operate-on-gie-id` of secondary GIEs refers to it.', { min: 1, default: '15' }),
  k('process-mode', 'int', 'What the GIE infers on.', { enum: [{ value: 1, meaning: 'Primary: full frames' }, { value: 2, meaning: 'Secondary: objects detected upstream' }], default: '1' }),
  k('interval', 'int', 'Number of consecutive batches to skip between inferences (0: every batch).', { min: 0, default: '0' }),
  k('labelfile-path', 'path', 'Text file with the class labels (one per line for detectors; `;`-separated per output for classifiers).'),
  k('gpu-id', 'int', 'GPU the inference runs on.', { min: 0, default: '0' }),
  k('secondary-reinfer-interval', 'int', 'Re-infer a tracked object every N frames (secondary mode).', { min: 0 }),
  k('output-tensor-meta', 'bool', 'Attach the raw output tensors as metadata (NvDsInferTensorMeta). The outputs are copied to host memory every batch, so only enable it when something reads them.', { default: 'false' }),
  k('output-instance-mask', 'bool', 'Attach instance masks to object metadata (instance segmentation).', { default: 'false' }),
  k('disable-output-host-copy', 'int', 'Do not copy output tensors to host memory (custom parsers that work on device memory).', { min: 0, max: 1, default: '0' }),
  k('auto-inc-mem', 'int', 'Let the context grow GPU memory automatically.', { min: 0 }),
  k('max-gpu-mem-per', 'int', 'Maximum percentage of GPU memory the context may use.', { min: 0, max: 100 }),
  k('enable-dla', 'bool', 'Run the engine on a DLA core (Jetson AGX/NX only).', { default: 'false' }),
  k('use-dla-core', 'int', 'DLA core used when `enable-dla=1`.', { min: 0 }),
  k('dump-input-tensor', 'int', 'Debug: dump the input tensor to a file.', { min: 0, max: 1 }),
  k('dump-output-tensor', 'int', 'Debug: dump the output tensors to files.', { min: 0, max: 1 }),
  k('overwrite-input-tensor', 'int', 'Debug: replace the input tensor with `ip-tensor-file`.', { min: 0, max: 1 }),
  k('overwrite-output-tensor', 'int', 'Debug: replace the output tensors with `op-tensor-files`.', { min: 0, max: 1 }),
  k('ip-tensor-file', 'path', 'Debug: input tensor file used with `overwrite-input-tensor`.'),
  k('op-tensor-files', 'path-list', 'Debug: output tensor files used with `overwrite-output-tensor`.'),
  k('raw-output-file-write', 'bool', 'Debug: write raw inference outputs to files (slow).', { default: 'false' }),
  k('batch-size', 'int', 'Maximum number of frames/objects inferred together; the engine is built for it. Should equal the muxer batch-size for a primary GIE.', { min: 1, max: 1024, default: '1' }),
  k('tensor-meta-pool-size', 'int', 'Size of the pool of output tensor buffers.', { min: 0 }),
  k('force-implicit-batch-dim', 'bool', 'Build the engine with an implicit batch dimension (legacy models).', { default: 'false' }),
  k('workspace-size', 'int', 'TensorRT builder workspace in MB (0: TensorRT default).', { min: 0 }),
  k('infer-dims', 'int-list', 'Model input dimensions `channels;height;width`. Required for models without static input shape; the muxer resolution should match height/width.', { listLength: 3, min: 1 }),
  k('network-mode', 'int', 'Precision the engine is built with.', { enum: networkModes, default: '0' }),
  k('model-engine-file', 'path', 'Serialized TensorRT engine. When it exists and matches batch size, GPU and precision, it is loaded instead of building one (building takes minutes).'),
  k('int8-calib-file', 'path', 'INT8 calibration table (needed for `network-mode=1` unless the model carries quantization scales).'),
  k('output-blob-names', 'string-list', 'Output layer names (`;`-separated).'),
  k('output-io-formats', 'string-list', 'Per output layer data type and format, `layer:type:format;...`.'),
  k('layer-device-precision', 'string-list', 'Per layer precision and device, `layer:precision:device;...`.'),
  k('network-type', 'int', 'What the model is; selects the post-processing.', { enum: networkTypes, default: '0' }),
  k('is-classifier', 'bool', 'Legacy: 1 for a classifier.', { deprecated: 'Use network-type=1 (classifier) or 0 (detector); read only when network-type is absent.', since: '4.0.1' }),
  k('model-color-format', 'int', 'Color format the model expects.', { enum: [{ value: 0, meaning: 'RGB' }, { value: 1, meaning: 'BGR' }, { value: 2, meaning: 'GRAY' }], default: '0' }),
  k('net-scale-factor', 'double', 'Pixel normalization factor: y = net-scale-factor × (x − mean).', { default: '1' }),
  k('offsets', 'double-list', 'Per-channel mean values subtracted from the pixels (`;`-separated, up to 4).', { listLength: [1, 4] }),
  k('mean-file', 'path', 'PPM file with a per-pixel mean image.'),
  k('maintain-aspect-ratio', 'bool', 'Keep the aspect ratio when scaling to the model input (pads the rest).', { default: 'false' }),
  k('symmetric-padding', 'bool', 'With maintain-aspect-ratio, pad on both sides instead of right/bottom.', { default: 'false' }),
  k('scaling-filter', 'int', 'Interpolation used to scale frames/objects to the model input.', {
    enum: [
      { value: 0, meaning: 'Nearest' },
      { value: 1, meaning: 'Bilinear' },
      { value: 2, meaning: 'Algo1 (GPU: cubic, VIC: 5-tap)' },
      { value: 3, meaning: 'Algo2 (GPU: super, VIC: 10-tap)' },
      { value: 4, meaning: 'Algo3 (GPU: Lanczos, VIC: smart)' },
      { value: 5, meaning: 'Algo4 (GPU: ignored, VIC: nicest)' },
      { value: 6, meaning: 'Default (GPU: nearest, VIC: nearest)' },
    ],
  }),
  k('scaling-compute-hw', 'int', 'Hardware that scales frames/objects to the model input.', {
    enum: [
      { value: 0, meaning: 'Default (GPU on dGPU, VIC on Jetson)' },
      { value: 1, meaning: 'GPU' },
      { value: 2, meaning: 'VIC (Jetson only)', platform: 'jetson' },
    ],
    default: '0',
  }),
  k('network-input-order', 'int', 'Layout of the model input.', { enum: [{ value: 0, meaning: 'NCHW' }, { value: 1, meaning: 'NHWC' }], default: '0' }),
  k('input-tensor-from-meta', 'bool', 'Take the input tensor from nvdspreprocess metadata instead of scaling frames.', { default: 'false' }),
  k('custom-lib-path', 'path', 'Shared library with custom parsing / engine creation functions.'),
  k('parse-bbox-func-name', 'string', 'Custom bounding-box parser function in custom-lib-path.'),
  k('parse-bbox-instance-mask-func-name', 'string', 'Custom instance-mask parser function in custom-lib-path.'),
  k('parse-segmentation-func-name', 'string', 'Custom segmentation parser function in custom-lib-path.'),
  k('engine-create-func-name', 'string', 'Custom engine creation function in custom-lib-path.'),
  k('parse-classifier-func-name', 'string', 'Custom classifier parser function in custom-lib-path.'),
  k('custom-network-config', 'string', 'Configuration file passed to the custom engine creation function.'),
  k('model-file', 'path', 'Caffe model (.caffemodel).', caffeUffGone),
  k('proto-file', 'path', 'Caffe network description (.prototxt).', caffeUffGone),
  k('uff-file', 'path', 'UFF model.', caffeUffGone),
  k('uff-input-order', 'int', 'UFF input layout.', { enum: [{ value: 0, meaning: 'NCHW' }, { value: 1, meaning: 'NHWC' }, { value: 2, meaning: 'NC' }], ...caffeUffGone }),
  k('input-dims', 'int-list', 'Legacy UFF input dims `c;h;w;order`.', { listLength: 4, deprecated: 'Use infer-dims (c;h;w); ignored when infer-dims is set.', deprecatedSince: '5.0' }),
  k('uff-input-dims', 'int-list', 'Legacy UFF input dims `c;h;w;order`.', { listLength: 4, deprecated: 'Use infer-dims (c;h;w); ignored when infer-dims is set.', deprecatedSince: '5.0' }),
  k('uff-input-blob-name', 'string', 'UFF input layer name.', caffeUffGone),
  k('tlt-encoded-model', 'path', 'TAO/TLT encoded model (.etlt).'),
  k('tlt-model-key', 'string', 'Key that decodes tlt-encoded-model.'),
  k('onnx-file', 'path', 'ONNX model the engine is built from when no usable model-engine-file exists.'),
  k('num-detected-classes', 'int', 'Number of classes the detector outputs; should match the label file.', { min: 0 }),
  k('enable-dbscan', 'bool', 'Legacy: cluster with DBSCAN.', { deprecated: 'Use cluster-mode=1; ignored when cluster-mode is set.', deprecatedSince: '5.0' }),
  k('cluster-mode', 'int', 'How detector boxes are clustered.', { enum: clusterModes, default: '0' }),
  k('classifier-threshold', 'double', 'Minimum confidence for a classifier label.', { min: 0 }),
  k('classifier-type', 'string', 'Name of the classifier (labels its metadata).'),
  k('classifier-async-mode', 'bool', 'Secondary classifier works asynchronously on tracked objects.', { default: 'false' }),
  k('segmentation-threshold', 'double', 'Confidence threshold for segmentation output.', { min: 0 }),
  k('segmentation-output-order', 'int', 'Layout of the segmentation output.', { enum: [{ value: 0, meaning: 'NCHW' }, { value: 1, meaning: 'NHWC' }] }),
  k('input-object-min-width', 'int', 'Secondary mode: skip objects narrower than this.', { min: 0 }),
  k('input-object-min-height', 'int', 'Secondary mode: skip objects shorter than this.', { min: 0 }),
  k('input-object-max-width', 'int', 'Secondary mode: skip objects wider than this (0: no limit).', { min: 0 }),
  k('input-object-max-height', 'int', 'Secondary mode: skip objects taller than this (0: no limit).', { min: 0 }),
  k('operate-on-gie-id', 'int', 'Secondary mode: infer only on objects produced by the GIE with this gie-unique-id.', { default: '-1' }),
  k('operate-on-class-ids', 'int-list', 'Secondary mode: infer only on objects of these class ids (`;`-separated).', { min: 0 }),
  k('filter-out-class-ids', 'int-list', 'Drop detections of these class ids.', { min: 0 }),
  k('crop-objects-to-roi-boundary', 'bool', 'Clip detected boxes to the ROI given by nvdspreprocess.', { default: 'false' }),
  k('strongly-typed', 'bool', 'Build a strongly typed TensorRT network (precision from the ONNX model).', { default: 'false' }),
  k('warmup-engine', 'bool', 'Run a warm-up inference at start-up.', { default: 'false' }),
  k('stabilize-buffer-count', 'int', 'Number of buffers used to stabilize the pipeline before measuring.', { min: 0 }),
  k('dynamic-properties', 'string', 'Dynamic TensorRT properties, `key1=value1;key2=value2`.'),
  k('parse-func', 'int', 'Legacy parser selection of early DeepStream versions.', { ignored: true, deprecated: 'Not read by DeepStream 9.1; use parse-bbox-func-name with custom-lib-path.' }),
];

const classAttrKeys: KeySchema[] = [
  k('threshold', 'double', 'Legacy name of pre-cluster-threshold.', { min: 0, deprecated: 'Use pre-cluster-threshold.', deprecatedSince: '5.0' }),
  k('pre-cluster-threshold', 'double', 'Detections below this confidence are dropped before clustering.', { min: 0, default: '0.2' }),
  k('post-cluster-threshold', 'double', 'Detections below this confidence are dropped after clustering.', { min: 0, default: '0' }),
  k('eps', 'double', 'DBSCAN epsilon / groupRectangles eps.', { min: 0, default: '0' }),
  k('group-threshold', 'int', 'groupRectangles: minimum rectangles in a group.', { min: 0, default: '0' }),
  k('minBoxes', 'int', 'DBSCAN: minimum boxes in a cluster.', { min: 0, default: '0' }),
  k('dbscan-min-score', 'double', 'DBSCAN: minimum sum of confidences of a cluster.', { min: 0, default: '0' }),
  k('roi-top-offset', 'int', 'Ignore detections whose top is above this offset from the frame top.', { min: 0, default: '0' }),
  k('roi-bottom-offset', 'int', 'Ignore detections whose bottom is below this offset from the frame bottom.', { min: 0, default: '0' }),
  k('detected-min-w', 'int', 'Minimum width of a detection.', { min: 0, default: '0' }),
  k('detected-min-h', 'int', 'Minimum height of a detection.', { min: 0, default: '0' }),
  k('detected-max-w', 'int', 'Maximum width of a detection (0: no limit).', { min: 0, default: '0' }),
  k('detected-max-h', 'int', 'Maximum height of a detection (0: no limit).', { min: 0, default: '0' }),
  k('border-color', 'double-list', 'Box color `r;g;b;a`, each 0–1.', { listLength: 4, min: 0, max: 1, default: '1;0;0;1' }),
  k('bg-color', 'double-list', 'Box background color `r;g;b;a`, each 0–1.', { listLength: 4, min: 0, max: 1 }),
  k('nms-iou-threshold', 'double', 'NMS: boxes overlapping more than this IoU are suppressed.', { min: 0, max: 1, default: '0.3' }),
  k('topk', 'int', 'NMS: keep at most this many boxes per class (-1 default: all).', { min: 0, default: '-1' }),
];

// Keys whose range, enum or list length gst_nvinfer_parse_props / _parse_class_attrs check
// ("Error: ... should be", "Invalid value for"): a violation makes nvinfer refuse the config.
const enforcedKeys = new Set([
  'gie-unique-id', 'batch-size', 'interval', 'input-object-min-width', 'input-object-min-height', 'input-object-max-width',
  'input-object-max-height', 'num-detected-classes', 'classifier-threshold', 'segmentation-threshold', 'infer-dims', 'input-dims',
  'uff-input-dims', 'offsets', 'cluster-mode', ...classAttrKeys.map((c) => c.key),
]);
for (const s of [...propertyKeys, ...classAttrKeys]) if (enforcedKeys.has(s.key) || s.enum) s.enforced = true;

function keyMap(list: KeySchema[]): Record<string, KeySchema> {
  const r: Record<string, KeySchema> = {};
  for (const s of list) r[s.key] = s;
  return r;
}

export const nvinferGroups: GroupSchema[] = [
  { name: 'property', match: /^property$/, doc: 'Model, precision, batching and post-processing of one nvinfer instance (mandatory group).', keys: keyMap(propertyKeys), required: true, source: SRC },
  {
    name: 'class-attrs-all',
    match: /^class-attrs-all$/,
    doc: 'Detection thresholds and clustering parameters for every class.',
    keys: keyMap(classAttrKeys),
    source: SRC,
  },
  {
    name: 'class-attrs-<class-id>',
    match: /^class-attrs-\d+$/,
    doc: 'Detection thresholds and clustering parameters for one class id (< num-detected-classes).',
    keys: keyMap(classAttrKeys),
    source: SRC,
  },
];

export const nvinferSchema: KindSchema = withVersions({ kind: 'nvinfer', title: 'nvinfer config', groups: nvinferGroups });
