// Schemas of the other DeepStream plugin configs: nvdspreprocess, nvdsanalytics, nvdewarper and
// nvdsmetamux (from their *_property_parser.{h,cpp} in DeepStream 9.1), plus the kinds that are
// recognized and left alone (tracker low-level YAML, nvinferserver protobuf text, new nvstreammux,
// message broker, service-maker and nvdspostprocess configs).
import type { KeySchema, KindSchema, ValueType } from './types';
import { withVersions } from './versions';

function k(source: string, key: string, type: ValueType, doc: string, extra: Partial<KeySchema> = {}): KeySchema {
  return { key, type, doc, source, ...extra };
}

function keyMap(list: KeySchema[]): Record<string, KeySchema> {
  const r: Record<string, KeySchema> = {};
  for (const s of list) r[s.key] = s;
  return r;
}

const PRE = 'gst-nvdspreprocess/nvdspreprocess_property_parser.cpp';
const enable = (src: string): KeySchema => k(src, 'enable', 'bool', 'Whether the element processes buffers (0: pass-through).', { default: 'true' });

export const preprocessSchema: KindSchema = withVersions({
  kind: 'preprocess',
  title: 'nvdspreprocess config',
  groups: [
    {
      name: 'property',
      match: /^property$/,
      doc: 'Tensor preparation of nvdspreprocess.',
      required: true,
      source: PRE,
      keys: keyMap([
        enable(PRE),
        k(PRE, 'unique-id', 'int', 'Unique id of this preprocess element (nvinfer `input-tensor-from-meta` consumers match it in target-unique-ids).', { min: 0 }),
        k(PRE, 'gpu-id', 'int', 'GPU used.', { min: 0 }),
        k(PRE, 'process-on-frame', 'bool', '1: full frames/ROIs (primary), 0: objects (secondary).'),
        k(PRE, 'maintain-aspect-ratio', 'bool', 'Keep aspect ratio when scaling.'),
        k(PRE, 'symmetric-padding', 'bool', 'Pad symmetrically with maintain-aspect-ratio.'),
        k(PRE, 'processing-width', 'int', 'Width ROIs are scaled to (model input width).', { min: 1 }),
        k(PRE, 'processing-height', 'int', 'Height ROIs are scaled to (model input height).', { min: 1 }),
        k(PRE, 'scaling-buf-pool-size', 'int', 'Scaled buffer pool size.', { min: 1 }),
        k(PRE, 'tensor-buf-pool-size', 'int', 'Tensor buffer pool size.', { min: 1 }),
        k(PRE, 'target-unique-ids', 'int-list', 'gie-unique-id of the nvinfer instances that consume the tensor.'),
        k(PRE, 'operate-on-gie-id', 'int', 'Secondary mode: objects of this GIE.'),
        k(PRE, 'network-input-order', 'int', 'Tensor layout.', { enum: [{ value: 0, meaning: 'NCHW' }, { value: 1, meaning: 'NHWC' }, { value: 2, meaning: 'custom' }] }),
        k(PRE, 'network-input-shape', 'int-list', 'Tensor shape, batch first (e.g. `8;3;544;960`).'),
        k(PRE, 'network-color-format', 'int', 'Color format.', { enum: [{ value: 0, meaning: 'RGB' }, { value: 1, meaning: 'BGR' }, { value: 2, meaning: 'GRAY' }] }),
        k(PRE, 'scaling-filter', 'int', 'Interpolation (NvBufSurfTransform_Inter).', { min: 0, max: 6 }),
        k(PRE, 'tensor-data-type', 'int', 'Tensor element type (NvDsDataType: 0 FP32, 1 UINT8, 2 INT8, 3 UINT32, 4 INT32, 5 FP16, ...).', { min: 0 }),
        k(PRE, 'scaling-pool-memory-type', 'int', 'Memory type of the scaling pool.', { min: 0, max: 4 }),
        k(PRE, 'scaling-pool-compute-hw', 'int', 'Scaling hardware.', { enum: [{ value: 0, meaning: 'default' }, { value: 1, meaning: 'GPU' }, { value: 2, meaning: 'VIC (Jetson only)', platform: 'jetson' }] }),
        k(PRE, 'tensor-name', 'string', 'Name of the model input layer the tensor feeds.'),
        k(PRE, 'custom-lib-path', 'path', 'Library with the custom tensor preparation functions.'),
        k(PRE, 'custom-tensor-preparation-function', 'string', 'Function in custom-lib-path that prepares the tensor.'),
      ]),
    },
    { name: 'user-configs', match: /^user-configs$/, doc: 'Free-form parameters passed to the custom library.', keys: {}, openKeys: true, source: PRE },
    {
      name: 'group-<N>',
      match: /^group-\d+$/,
      doc: 'Sources and ROIs processed together.',
      source: PRE,
      keys: keyMap([
        k(PRE, 'src-ids', 'int-list', 'Source ids of this group (-1: all).'),
        k(PRE, 'process-on-roi', 'bool', 'Process only the ROIs (roi-params-src-N).'),
        k(PRE, 'process-on-all-objects', 'bool', 'Secondary mode: all objects.'),
        k(PRE, 'custom-input-transformation-function', 'string', 'Custom transformation function.'),
        k(PRE, 'operate-on-class-ids', 'int-list', 'Class ids processed in secondary mode.'),
        k(PRE, 'input-object-min-width', 'int', 'Minimum object width.', { min: 0 }),
        k(PRE, 'input-object-min-height', 'int', 'Minimum object height.', { min: 0 }),
        k(PRE, 'input-object-max-width', 'int', 'Maximum object width.', { min: 0 }),
        k(PRE, 'input-object-max-height', 'int', 'Maximum object height.', { min: 0 }),
        k(PRE, 'interval', 'int', 'Frames skipped between processing.', { min: 0 }),
        k(PRE, 'roi-color', 'double-list', 'ROI color r;g;b;a.', { listLength: 4, min: 0, max: 1 }),
        k(PRE, 'draw-roi', 'bool', 'Draw ROIs.'),
      ]),
      keyPatterns: [{ match: /^roi-params-src-\d+$/, schema: k(PRE, 'roi-params-src-<N>', 'int-list', 'ROIs of source N: left;top;width;height per ROI.') }],
    },
  ],
});

const ANA = 'gst-nvdsanalytics/nvdsanalytics_property_parser.cpp';
const classId = k(ANA, 'class-id', 'int-list', 'Class ids the analysis applies to (-1: all).');
const modeKey = k(ANA, 'mode', 'string', 'Matching strictness.', { enum: [{ value: 'strict', meaning: 'strict' }, { value: 'balanced', meaning: 'balanced' }, { value: 'loose', meaning: 'loose' }] });

export const analyticsSchema: KindSchema = withVersions({
  kind: 'analytics',
  title: 'nvdsanalytics config',
  groups: [
    {
      name: 'property',
      match: /^property$/,
      doc: 'Global nvdsanalytics settings.',
      required: true,
      source: ANA,
      keys: keyMap([
        enable(ANA),
        k(ANA, 'config-width', 'int', 'Width the ROI/line coordinates are given in.', { min: 1 }),
        k(ANA, 'config-height', 'int', 'Height the ROI/line coordinates are given in.', { min: 1 }),
        k(ANA, 'osd-mode', 'int', 'What is drawn.', { enum: [{ value: 0, meaning: 'nothing' }, { value: 1, meaning: 'labels' }, { value: 2, meaning: 'all' }] }),
        k(ANA, 'display-font-size', 'int', 'Font size.', { min: 0 }),
        k(ANA, 'display-obj-cnt', 'bool', 'Display object counts.'),
        k(ANA, 'obj-cnt-win-in-ms', 'int', 'Window of the object count average.', { min: 0 }),
      ]),
    },
    {
      name: 'roi-filtering-stream-<N>',
      match: /^roi-filtering-stream-\d+$/,
      doc: 'ROI filtering of one stream.',
      source: ANA,
      keys: keyMap([enable(ANA), classId, k(ANA, 'inverse-roi', 'bool', 'Keep objects outside the ROI.')]),
      keyPatterns: [{ match: /^roi-.+$/, schema: k(ANA, 'roi-<label>', 'int-list', 'Polygon x1;y1;x2;y2;...') }],
    },
    {
      name: 'overcrowding-stream-<N>',
      match: /^overcrowding-stream-\d+$/,
      doc: 'Overcrowding detection of one stream.',
      source: ANA,
      keys: keyMap([enable(ANA), classId, k(ANA, 'object-threshold', 'int', 'Objects above which the ROI is overcrowded.', { min: 0 }), k(ANA, 'time-threshold', 'int', 'Time in ms.', { min: 0 })]),
      keyPatterns: [{ match: /^roi-.+$/, schema: k(ANA, 'roi-<label>', 'int-list', 'Polygon x1;y1;x2;y2;...') }],
    },
    {
      name: 'line-crossing-stream-<N>',
      match: /^line-crossing-stream-\d+$/,
      doc: 'Line crossing of one stream.',
      source: ANA,
      keys: keyMap([enable(ANA), classId, modeKey, k(ANA, 'extended', 'bool', 'Count crossings of the extended line.')]),
      keyPatterns: [{ match: /^line-crossing-.+$/, schema: k(ANA, 'line-crossing-<label>', 'int-list', 'Direction x1;y1;x2;y2 then line x1;y1;x2;y2.', { listLength: 8 }) }],
    },
    {
      name: 'direction-detection-stream-<N>',
      match: /^direction-detection-stream-\d+$/,
      doc: 'Direction detection of one stream.',
      source: ANA,
      keys: keyMap([enable(ANA), classId, modeKey]),
      keyPatterns: [{ match: /^direction-.+$/, schema: k(ANA, 'direction-<label>', 'int-list', 'Direction x1;y1;x2;y2.', { listLength: 4 }) }],
    },
  ],
});

const DEW = 'gst-nvdewarper/nvdewarper_property_parser.cpp';
export const dewarperSchema: KindSchema = withVersions({
  kind: 'dewarper',
  title: 'nvdewarper config',
  groups: [
    {
      name: 'property',
      match: /^property$/,
      doc: 'Output of nvdewarper.',
      required: true,
      source: DEW,
      keys: keyMap([
        k(DEW, 'output-width', 'int', 'Output surface width.', { min: 1 }),
        k(DEW, 'output-height', 'int', 'Output surface height.', { min: 1 }),
        k(DEW, 'cuda-memory-type', 'int', 'Memory type.', { min: 0, max: 4 }),
        k(DEW, 'dewarp-dump-frames', 'int', 'Debug: frames to dump.', { min: 0 }),
        k(DEW, 'aisle-calibration-file', 'path', 'Aisle view calibration CSV.'),
        k(DEW, 'spot-calibration-file', 'path', 'Spot view calibration CSV.'),
        k(DEW, 'num-batch-buffers', 'int', 'Dewarped surfaces per buffer.', { min: 1 }),
      ]),
    },
    {
      name: 'surface<N>',
      match: /^surface\d+$/,
      doc: 'One dewarped surface.',
      source: DEW,
      keys: keyMap([
        k(DEW, 'projection-type', 'int', 'Projection (1 pushbroom, 2 vertical radial cylindrical, 3 perspective, ...).', { min: 0 }),
        k(DEW, 'surface-index', 'int', 'Index among surfaces of the same type.', { min: 0 }),
        k(DEW, 'width', 'int', 'Surface width.', { min: 1 }),
        k(DEW, 'height', 'int', 'Surface height.', { min: 1 }),
        k(DEW, 'top-angle', 'double', 'Top angle (degrees).'),
        k(DEW, 'bottom-angle', 'double', 'Bottom angle (degrees).'),
        k(DEW, 'pitch', 'double', 'Pitch (degrees).'),
        k(DEW, 'yaw', 'double', 'Yaw (degrees).'),
        k(DEW, 'roll', 'double', 'Roll (degrees).'),
        k(DEW, 'focal-length', 'double-list', 'Focal length(s) in pixels.'),
        k(DEW, 'cuda-address-mode', 'int', 'CUDA texture address mode.', { min: 0 }),
        k(DEW, 'src-fov', 'double', 'Source field of view (degrees).'),
        k(DEW, 'distortion', 'double-list', 'Distortion coefficients.'),
        k(DEW, 'src-x0', 'double', 'Principal point x.'),
        k(DEW, 'src-y0', 'double', 'Principal point y.'),
        k(DEW, 'rot-axes', 'string', 'Rotation axes order (e.g. YXZ).'),
        k(DEW, 'control', 'double', 'Projection control parameter.'),
        k(DEW, 'rot-matrix', 'double-list', '3×3 rotation matrix.', { listLength: 9 }),
        k(DEW, 'dst-focal-length', 'double-list', 'Destination focal length.'),
        k(DEW, 'dst-principal-point', 'double-list', 'Destination principal point.'),
      ]),
    },
  ],
});

const MMX = 'gst-nvdsmetamux/nvdsmetamux_property_parser.cpp';
export const metamuxSchema: KindSchema = withVersions({
  kind: 'metamux',
  title: 'nvdsmetamux config',
  groups: [
    {
      name: 'property',
      match: /^property$/,
      doc: 'nvdsmetamux settings.',
      required: true,
      source: MMX,
      keys: keyMap([enable(MMX), k(MMX, 'active-pad', 'string', 'Sink pad whose buffers are forwarded.'), k(MMX, 'pts-tolerance', 'int', 'PTS tolerance in µs when matching metadata.', { min: 0 })]),
    },
    { name: 'user-configs', match: /^user-configs$/, doc: 'Free-form parameters.', keys: {}, openKeys: true, source: MMX },
    { name: 'group-<N>', match: /^group-\d+$/, doc: 'Sources and models merged.', keys: keyMap([k(MMX, 'src-ids-model-<id>', 'int-list', 'Sources of a model.')]), keyPatterns: [{ match: /^src-ids-model-\d+$/, schema: k(MMX, 'src-ids-model-<gie-id>', 'int-list', 'Source ids whose metadata from this model is kept.') }], source: MMX },
  ],
});

/** Kinds recognized but whose keys are not checked (no parser source to derive them from, or a pass-through format). */
export const openSchemas: Record<string, KindSchema> = {
  tracker: { kind: 'tracker', title: 'nvtracker low-level config (NvMultiObjectTracker YAML)', groups: [], openGroups: true },
  nvinferserver: { kind: 'nvinferserver', title: 'nvinferserver config (protobuf text)', groups: [], openGroups: true },
  streammux: { kind: 'streammux', title: 'new nvstreammux config', groups: [{ name: 'property', match: /^property$/, doc: 'New nvstreammux batching policy.', keys: {}, openKeys: true, source: 'nvstreammux (new) documentation' }], openGroups: true },
  msgbroker: { kind: 'msgbroker', title: 'message broker adapter config', groups: [], openGroups: true },
  'service-maker': { kind: 'service-maker', title: 'Service Maker pipeline YAML', groups: [], openGroups: true },
  postprocess: { kind: 'postprocess', title: 'nvdspostprocess config', groups: [], openGroups: true },
  unknown: { kind: 'unknown', title: 'unrecognized config', groups: [], openGroups: true },
};
