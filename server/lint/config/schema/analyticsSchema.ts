// nvdsanalytics config ([property], [roi-filtering-stream-<N>], [overcrowding-stream-<N>],
// [line-crossing-stream-<N>], [direction-detection-stream-<N>]) as
// src/gst-plugins/gst-nvdsanalytics/nvdsanalytics_property_parser.cpp of DeepStream 9.1 reads it.
// Groups match by prefix (strncmp) and the stream id is the number after it; ranges marked
// enforced are checked with PARSE_ERROR (the element fails to start).
import { key, keyMap } from './keyBuilders';
import type { KeySchema, KindSchema, ValueType } from './types';
import { withVersions } from './versions';

const SRC = 'gst-nvdsanalytics/nvdsanalytics_property_parser.cpp';
const k = (name: string, type: ValueType, doc: string, extra: Partial<KeySchema> = {}) => key(SRC, name, type, doc, extra);

const streamEnable = k('enable', 'bool', 'Whether this analysis runs on the stream. Defaults to 0: a group without `enable=1` does nothing.', { default: 'false' });
const classId = k('class-id', 'int-list', 'Class ids the analysis applies to (`;`-separated); -1: every class.', { default: '-1' });
const polygon = (what: string) => k('roi-<label>', 'int-list', `${what} polygon \`x1;y1;x2;y2;...\` in config-width × config-height coordinates; the label is the text after \`roi-\`. Coordinates must be ≥ 0 and come in x;y pairs.`, { min: 0, enforced: true, listMultipleOf: 2, required: true });

export const analyticsSchema: KindSchema = withVersions({
  kind: 'analytics',
  title: 'nvdsanalytics config',
  groups: [
    {
      name: 'property',
      match: /^property$/,
      doc: 'Global nvdsanalytics settings: the coordinate space of all ROIs and lines, and what is drawn. The parser refuses the file without it.',
      required: true,
      source: SRC,
      keys: keyMap([
        k('enable', 'bool', 'Whether nvdsanalytics processes buffers (the key-file parser reads it as mandatory).', { required: 'ini' }),
        k('config-width', 'int', 'Width of the coordinate space the ROIs and lines are written in; they are scaled from it to the frame width (mandatory in INI configs).', { required: 'ini', min: 0, enforced: true }),
        k('config-height', 'int', 'Height of the coordinate space the ROIs and lines are written in (mandatory in INI configs).', { required: 'ini', min: 0, enforced: true }),
        k('osd-mode', 'int', 'What is drawn on the frames.', { enum: [{ value: 0, meaning: 'nothing' }, { value: 1, meaning: 'ROIs and lines with their labels' }, { value: 2, meaning: 'ROIs and lines with labels and counts' }], enforced: true, default: '2' }),
        k('display-font-size', 'int', 'Font size of the drawn text (0 keeps the default).', { default: '12' }),
        k('display-obj-cnt', 'bool', 'Display the object counts.', { default: 'false' }),
        k('obj-cnt-win-in-ms', 'int', 'Window in ms over which object counts are averaged.', { min: 1, max: 1000000000, enforced: true }),
      ]),
    },
    {
      name: 'roi-filtering-stream-<N>',
      match: /^roi-filtering-stream-/,
      doc: 'ROI filtering on stream N: objects outside (or, with inverse-roi, inside) the ROIs are flagged. The parser refuses a group without a roi-<label>.',
      source: SRC,
      keys: keyMap([streamEnable, classId, k('inverse-roi', 'bool', 'Flag objects inside the ROI instead of outside.', { default: 'false' })]),
      keyPatterns: [{ match: /^roi-/, schema: polygon('ROI') }],
    },
    {
      name: 'overcrowding-stream-<N>',
      match: /^overcrowding-stream-/,
      doc: 'Overcrowding detection on stream N. The parser refuses a group without a roi-<label>.',
      source: SRC,
      keys: keyMap([
        streamEnable,
        classId,
        k('object-threshold', 'int', 'Number of objects in the ROI above which it is overcrowded.', { min: 0, enforced: true, default: '1' }),
        k('time-threshold', 'int', 'Time in ms the count must stay above object-threshold.', { min: 0, enforced: true, default: '2000' }),
      ]),
      keyPatterns: [{ match: /^roi-/, schema: polygon('Overcrowding ROI') }],
    },
    {
      name: 'line-crossing-stream-<N>',
      match: /^line-crossing-stream-/,
      doc: 'Line crossing counting on stream N. The parser refuses a group without a line-crossing-<label>.',
      source: SRC,
      keys: keyMap([
        streamEnable,
        classId,
        k('mode', 'string', 'How strictly a crossing must follow the direction; other values fall back to loose with a message.', { enum: [{ value: 'loose', meaning: 'loose (default)' }, { value: 'balanced', meaning: 'balanced' }, { value: 'strict', meaning: 'strict' }], default: 'loose' }),
        k('extended', 'bool', 'Count crossings of the infinite extension of the line, not only of the segment.', { default: 'true' }),
      ]),
      keyPatterns: [
        {
          match: /^line-crossing-/,
          schema: k('line-crossing-<label>', 'int-list', 'Direction vector `x1;y1;x2;y2` then the line `x1;y1;x2;y2` (8 values ≥ 0; the parser reads exactly 8).', { listLength: 8, min: 0, enforced: true, required: true }),
        },
      ],
    },
    {
      name: 'direction-detection-stream-<N>',
      match: /^direction-detection-stream-/,
      doc: 'Direction detection on stream N. The parser refuses a group without a direction-<label>.',
      source: SRC,
      keys: keyMap([
        streamEnable,
        classId,
        k('mode', 'string', 'How strictly the movement must follow the direction; other values fall back to balanced with a message.', { enum: [{ value: 'loose', meaning: 'loose' }, { value: 'balanced', meaning: 'balanced (default)' }, { value: 'strict', meaning: 'strict' }], default: 'balanced' }),
      ]),
      keyPatterns: [
        {
          match: /^direction-/,
          schema: k('direction-<label>', 'int-list', 'Direction vector `x1;y1;x2;y2` (values ≥ 0; the parser uses the first 4).', { listLength: 4, min: 0, enforced: true, required: true }),
        },
      ],
    },
  ],
});
