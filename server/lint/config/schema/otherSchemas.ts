// The plugin config schemas (nvdspreprocess, nvdsanalytics, nvdewarper, nvdsmetamux, tracker), one
// file each, plus the kinds that are recognized and left alone (nvinferserver protobuf text, new
// nvstreammux, message broker, service-maker and nvdspostprocess configs).
import type { KindSchema } from './types';
import { trackerSchema } from './trackerSchema';

export { preprocessSchema } from './preprocessSchema';
export { analyticsSchema } from './analyticsSchema';
export { dewarperSchema } from './dewarperSchema';
export { metamuxSchema } from './metamuxSchema';
export { trackerSchema } from './trackerSchema';

/** Kinds by name; all but the tracker are recognized but not checked (no parser source to derive them from, or a pass-through format). */
export const openSchemas: Record<string, KindSchema> = {
  tracker: trackerSchema,
  nvinferserver: { kind: 'nvinferserver', title: 'nvinferserver config (protobuf text)', groups: [], openGroups: true },
  streammux: { kind: 'streammux', title: 'new nvstreammux config', groups: [{ name: 'property', match: /^property$/, doc: 'New nvstreammux batching policy.', keys: {}, openKeys: true, source: 'nvstreammux (new) documentation' }], openGroups: true },
  msgbroker: { kind: 'msgbroker', title: 'message broker adapter config', groups: [], openGroups: true },
  'service-maker': { kind: 'service-maker', title: 'Service Maker pipeline YAML', groups: [], openGroups: true },
  postprocess: { kind: 'postprocess', title: 'nvdspostprocess config', groups: [], openGroups: true },
  unknown: { kind: 'unknown', title: 'unrecognized config', groups: [], openGroups: true },
};
