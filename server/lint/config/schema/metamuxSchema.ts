// nvdsmetamux config ([property], [group-<N>]) as
// src/gst-plugins/gst-nvdsmetamux/nvdsmetamux_property_parser.cpp of DeepStream 9.1 reads it. Other
// keys of [property] and [group-<N>] are skipped silently; other groups are printed as ignored.
import { key, keyMap } from './keyBuilders';
import type { KeySchema, KindSchema, ValueType } from './types';
import { withVersions } from './versions';

const SRC = 'gst-nvdsmetamux/nvdsmetamux_property_parser.cpp';
const k = (name: string, type: ValueType, doc: string, extra: Partial<KeySchema> = {}) => key(SRC, name, type, doc, extra);

export const metamuxSchema: KindSchema = withVersions({
  kind: 'metamux',
  title: 'nvdsmetamux config',
  groups: [
    {
      name: 'property',
      match: /^property$/,
      doc: 'nvdsmetamux settings (the parser refuses the file without this group).',
      required: true,
      source: SRC,
      keys: keyMap([
        k('enable', 'bool', 'Whether nvdsmetamux merges metadata (0: pass-through).'),
        k('active-pad', 'string', 'Sink pad whose buffers are forwarded downstream (e.g. `sink_0`); metadata of the other pads is merged into them.'),
        k('pts-tolerance', 'int', 'PTS difference up to which buffers of different pads are taken as the same frame (the sample uses 60000).', { min: 0 }),
      ]),
    },
    {
      name: 'user-configs',
      match: /^user-configs$/,
      doc: 'Present in NVIDIA sample configs but not read: the parser prints "Group \'user-configs\' ignored".',
      keys: {},
      openKeys: true,
      source: SRC,
    },
    {
      name: 'group-<N>',
      match: /^group-/,
      doc: 'Which sources each model\'s metadata is kept for.',
      source: SRC,
      keys: {},
      keyPatterns: [{ match: /^src-ids-model-/, schema: k('src-ids-model-<gie-id>', 'int-list', 'Source ids whose metadata from the model with this gie-unique-id is kept.') }],
    },
  ],
});
