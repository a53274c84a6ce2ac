// nvdewarper config ([property], [surface<N>]) as
// src/gst-plugins/gst-nvdewarper/nvdewarper_property_parser.cpp of DeepStream 9.1 reads it. Unknown
// keys are printed and skipped; [surface<N>] groups are only read when the aisle/spot calibration
// CSV files are not both set.
import { key, keyMap, memTypeEnum } from './keyBuilders';
import type { KeySchema, KindSchema, ValueType } from './types';
import { withVersions } from './versions';

const SRC = 'gst-nvdewarper/nvdewarper_property_parser.cpp';
const k = (name: string, type: ValueType, doc: string, extra: Partial<KeySchema> = {}) => key(SRC, name, type, doc, extra);

/** NvDsSurfaceType (includes/nvds_dewarper_meta.h). */
const projectionTypes = [
  'none',
  'fisheye → pushbroom',
  'fisheye → vertical radial cylinder',
  'perspective → perspective (Brown distortion)',
  'fisheye → perspective',
  'fisheye → fisheye',
  'fisheye → cylinder',
  'fisheye → equirectangular',
  'fisheye → Panini',
  'perspective → equirectangular',
  'perspective → Panini',
  'equirectangular → cylinder',
  'equirectangular → equirectangular',
  'equirectangular → fisheye',
  'equirectangular → Panini',
  'equirectangular → perspective',
  'equirectangular → pushbroom',
  'equirectangular → stereographic',
  'equirectangular → vertical radial cylinder',
].map((meaning, value) => ({ value, meaning }));

export const dewarperSchema: KindSchema = withVersions({
  kind: 'dewarper',
  title: 'nvdewarper config',
  groups: [
    {
      name: 'property',
      match: /^property$/,
      doc: 'Output of nvdewarper (the parser refuses the file without it).',
      required: true,
      source: SRC,
      keys: keyMap([
        k('output-width', 'int', 'Width every dewarped surface is scaled to.'),
        k('output-height', 'int', 'Height every dewarped surface is scaled to.'),
        k('cuda-memory-type', 'int', 'Memory type of the output surfaces (NvBufSurfaceMemType).', { enum: memTypeEnum }),
        k('dewarp-dump-frames', 'int', 'Debug: number of dewarped frames dumped to files.', { min: 0 }),
        k('aisle-calibration-file', 'path', 'Aisle view calibration CSV (with spot-calibration-file, replaces the [surface<N>] groups).'),
        k('spot-calibration-file', 'path', 'Spot view calibration CSV.'),
        k('num-batch-buffers', 'int', 'Dewarped surfaces per output buffer (at most 4, MAX_SURFACES).', { max: 4, enforced: true }),
      ]),
    },
    {
      name: 'surface<N>',
      match: /^surface/,
      doc: 'One dewarped surface; the parser refuses a group starting with "surface" that is not followed by a number.',
      source: SRC,
      keys: keyMap([
        k('projection-type', 'int', 'Projection of the surface (NvDsSurfaceType).', { enum: projectionTypes }),
        k('surface-index', 'int', 'Index among surfaces of the same projection type.', { min: 0 }),
        k('width', 'int', 'Dewarped surface width.', { min: 0, enforced: true }),
        k('height', 'int', 'Dewarped surface height.', { min: 0, enforced: true }),
        k('top-angle', 'double', 'Top field-of-view angle in degrees.'),
        k('bottom-angle', 'double', 'Bottom field-of-view angle in degrees.'),
        k('pitch', 'double', 'View pitch in degrees (rotation about X).'),
        k('yaw', 'double', 'View yaw in degrees (rotation about Y).'),
        k('roll', 'double', 'View roll in degrees (rotation about Z).'),
        k('focal-length', 'double-list', 'Focal length of the source lens in pixels: one value, or X;Y (more are ignored with a message).', { listLength: [1, 2] }),
        k('cuda-address-mode', 'int', 'CUDA texture addressing mode; other values fall back to 0 with a message.', { enum: [{ value: 0, meaning: 'clamp (default)' }, { value: 1, meaning: 'border' }] }),
        k('src-fov', 'double', 'Source field of view in degrees; used to compute focal-length when it is not given.'),
        k('distortion', 'double-list', 'Up to 5 distortion coefficients (more are ignored with a message; missing ones are 0).', { listLength: [1, 5] }),
        k('src-x0', 'double', 'Source principal point X.'),
        k('src-y0', 'double', 'Source principal point Y.'),
        k('rot-axes', 'string', 'Order of the rotation axes, e.g. `YXZ`.'),
        k('control', 'double', 'Projection-specific control of Panini, stereographic and pushbroom projections.', { default: '0.6' }),
        k('rot-matrix', 'double-list', '3×3 rotation matrix, row-major (any other count is ignored with a message).', { listLength: 9 }),
        k('dst-focal-length', 'double-list', 'Destination focal length: one value, or X;Y.', { listLength: [1, 2] }),
        k('dst-principal-point', 'double-list', 'Destination principal point X;Y (any other count is ignored with a message).', { listLength: 2 }),
      ]),
    },
  ],
});
