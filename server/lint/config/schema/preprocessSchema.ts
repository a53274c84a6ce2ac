// nvdspreprocess config ([property], [group-<N>], [user-configs]) as
// src/gst-plugins/gst-nvdspreprocess/nvdspreprocess_property_parser.cpp of DeepStream 9.1 reads it:
// getter per key, the enums it checks ("Error. Invalid value for ..." → the config fails), the keys
// whose absence makes it refuse [property] ("Some preprocess config properties not set"); what a
// [group-N] needs depends on process-on-frame (rules/schemaRules.ts checkPreprocessGroups).
import { interpolationEnum, key, keyMap, memTypeEnum } from './keyBuilders';
import type { KeySchema, KindSchema, ValueType } from './types';
import { withVersions } from './versions';

const SRC = 'gst-nvdspreprocess/nvdspreprocess_property_parser.cpp';
const k = (name: string, type: ValueType, doc: string, extra: Partial<KeySchema> = {}) => key(SRC, name, type, doc, extra);

const propertyKeys: KeySchema[] = [
  k('enable', 'bool', 'Whether nvdspreprocess processes buffers (0: pass-through).', { default: 'true' }),
  k('unique-id', 'int', 'Unique id of this nvdspreprocess instance; its tensor metadata carries it.'),
  k('gpu-id', 'int', 'GPU the element runs on.', { min: 0 }),
  k('process-on-frame', 'bool', '1: full frames or their ROIs (primary mode), 0: objects detected upstream (secondary mode).'),
  k('maintain-aspect-ratio', 'bool', 'Keep the aspect ratio when scaling ROIs to processing-width × processing-height (pads the rest).'),
  k('symmetric-padding', 'bool', 'With maintain-aspect-ratio, pad on both sides instead of right/bottom.'),
  k('processing-width', 'int', 'Width ROIs/objects are scaled to (the model input width).', { required: true, min: 1 }),
  k('processing-height', 'int', 'Height ROIs/objects are scaled to (the model input height).', { required: true, min: 1 }),
  k('scaling-buf-pool-size', 'int', 'Number of buffers in the scaling pool.', { min: 1 }),
  k('tensor-buf-pool-size', 'int', 'Number of tensors in the tensor pool.', { min: 1 }),
  k('target-unique-ids', 'int-list', 'gie-unique-id of the nvinfer instances (input-tensor-from-meta=1) that consume the tensor.'),
  k('operate-on-gie-id', 'int', 'Secondary mode: process objects produced by the GIE with this gie-unique-id.'),
  k('network-input-order', 'int', 'Layout of the tensor.', { required: true, enforced: true, enum: [{ value: 0, meaning: 'NCHW' }, { value: 1, meaning: 'NHWC' }, { value: 2, meaning: 'custom (e.g. NCDHW for 3D action recognition)' }] }),
  k('network-input-shape', 'int-list', 'Tensor shape, batch size first (e.g. `8;3;544;960`); the first item is the maximum batch size.', { required: true, min: 1 }),
  k('network-color-format', 'int', 'Color format of the tensor.', { required: true, enforced: true, enum: [{ value: 0, meaning: 'RGB' }, { value: 1, meaning: 'BGR' }, { value: 2, meaning: 'GRAY' }] }),
  k('tensor-data-type', 'int', 'Element type of the tensor (NvDsDataType).', {
    required: true,
    enforced: true,
    enum: [
      { value: 0, meaning: 'FP32' },
      { value: 1, meaning: 'UINT8' },
      { value: 2, meaning: 'INT8' },
      { value: 3, meaning: 'UINT32' },
      { value: 4, meaning: 'INT32' },
      { value: 5, meaning: 'INT64' },
      { value: 6, meaning: 'UINT64' },
      { value: 7, meaning: 'FP16' },
    ],
  }),
  k('tensor-name', 'string', 'Name of the model input layer the tensor feeds.', { required: true }),
  k('scaling-filter', 'int', 'Interpolation used to scale ROIs/objects.', { required: true, enforced: true, enum: interpolationEnum }),
  k('scaling-pool-memory-type', 'int', 'Memory type of the scaling pool.', { required: true, enforced: true, enum: memTypeEnum }),
  k('scaling-pool-compute-hw', 'int', 'Hardware that scales (VIC is accepted only by the aarch64 build).', { enforced: true, enum: [{ value: 0, meaning: 'default (GPU on dGPU, VIC on Jetson)' }, { value: 1, meaning: 'GPU' }, { value: 2, meaning: 'VIC (Jetson only)', platform: 'jetson' }] }),
  k('custom-lib-path', 'path', 'Library with the custom tensor preparation (and transformation) functions; relative to the config file.', { required: true }),
  k('custom-tensor-preparation-function', 'string', 'Function of custom-lib-path that prepares the tensor.', { required: true }),
];

const groupKeys: KeySchema[] = [
  k('src-ids', 'int-list', 'Source ids processed by this group; -1: every source (the ROIs of the first roi-params-src-N then apply to all). The parser refuses the first group without it.'),
  k('process-on-roi', 'bool', 'Primary mode: 1 processes only the ROIs of roi-params-src-N, 0 full frames. The parser refuses a primary-mode group without it.'),
  k('process-on-all-objects', 'bool', 'Secondary mode: 1 processes every object, 0 only objects inside roi-params-src-N. The parser refuses a secondary-mode group without it.'),
  k('custom-input-transformation-function', 'string', 'Function of custom-lib-path that transforms (scales/converts) the input.'),
  k('operate-on-class-ids', 'int-list', 'Secondary mode: class ids of the objects processed.'),
  k('input-object-min-width', 'int', 'Secondary mode: skip objects narrower than this.', { min: 0, enforced: true, default: '0' }),
  k('input-object-min-height', 'int', 'Secondary mode: skip objects shorter than this.', { min: 0, enforced: true, default: '0' }),
  k('input-object-max-width', 'int', 'Secondary mode: skip objects wider than this (0: no limit).', { min: 0, enforced: true, default: '0' }),
  k('input-object-max-height', 'int', 'Secondary mode: skip objects taller than this (0: no limit).', { min: 0, enforced: true, default: '0' }),
  k('interval', 'int', 'Number of frames skipped between processed frames.', { min: 0, enforced: true }),
  k('roi-color', 'double-list', 'ROI border color `r;g;b;a`, each 0–1 (default green in primary, cyan in secondary mode).', { listLength: 4, min: 0, max: 1, enforced: true }),
  k('draw-roi', 'bool', 'Draw the ROIs on the frames.', { default: 'true' }),
];

export const preprocessSchema: KindSchema = withVersions({
  kind: 'preprocess',
  title: 'nvdspreprocess config',
  groups: [
    { name: 'property', match: /^property$/, doc: 'Tensor preparation of nvdspreprocess: shape, layout, data type, scaling, custom library. The parser refuses the file without it and without its 11 mandatory keys.', required: true, source: SRC, keys: keyMap(propertyKeys) },
    {
      name: 'group-<N>',
      match: /^group-/,
      doc: 'Sources and ROIs processed together (the parser takes every group whose name starts with `group-`).',
      source: SRC,
      keys: keyMap(groupKeys),
      keyPatterns: [
        {
          match: /^roi-params-src/,
          schema: k('roi-params-src-<N>', 'int-list', 'ROIs of source N, `left;top;width;height` per ROI; read when process-on-roi=1 (primary) or process-on-all-objects=0 (secondary).', { listMultipleOf: 4, enforced: true }),
        },
      ],
    },
    { name: 'user-configs', match: /^user-configs$/, doc: 'Free-form `key=value` strings handed to the custom library (custom_initparams.user_configs).', keys: {}, openKeys: true, source: SRC },
  ],
});
