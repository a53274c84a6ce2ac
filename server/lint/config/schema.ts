// The config schema API used by the rules, hover and completion: which groups and keys a kind of
// config has, and what each key is (type, range, enum values with meanings, default, docs).
import { appSchema } from './schema/appSchema';
import { nvinferSchema } from './schema/nvinferSchema';
import { analyticsSchema, dewarperSchema, metamuxSchema, openSchemas, preprocessSchema } from './schema/otherSchemas';
import type { ConfigKind, GroupSchema, KeySchema, KindSchema } from './schema/types';
import { describeVersions } from './schema/versions';
import { groupIndex, lookupGroupKey } from './schema/groupIndex';

export type { ConfigKind, EnumValue, GroupSchema, KeySchema, KindSchema, ValueType } from './schema/types';

const kinds: Record<ConfigKind, KindSchema> = {
  nvinfer: nvinferSchema,
  'deepstream-app': appSchema,
  preprocess: preprocessSchema,
  analytics: analyticsSchema,
  dewarper: dewarperSchema,
  metamux: metamuxSchema,
  tracker: openSchemas.tracker,
  nvinferserver: openSchemas.nvinferserver,
  streammux: openSchemas.streammux,
  msgbroker: openSchemas.msgbroker,
  'service-maker': openSchemas['service-maker'],
  postprocess: openSchemas.postprocess,
  unknown: openSchemas.unknown,
};

export function getKindSchema(kind: ConfigKind): KindSchema {
  return kinds[kind];
}

/** Groups the file is refused without, per kind (computed once). */
const requiredGroups = new Map<ConfigKind, readonly GroupSchema[]>();

export function getRequiredGroups(kind: ConfigKind): readonly GroupSchema[] {
  let r = requiredGroups.get(kind);
  if (!r) {
    r = kinds[kind].groups.filter((g) => g.required);
    requiredGroups.set(kind, r);
  }
  return r;
}

/** Group name as written → its schema (null: unknown), per kind; bounded, names come from user files. */
const groupByName = new Map<ConfigKind, Map<string, GroupSchema | null>>();
const GROUP_CACHE_LIMIT = 4096;

/** Schema of a group by its name as written (e.g. `sink0`, `class-attrs-2`), undefined if unknown. */
export function getGroupSchema(kind: ConfigKind, group: string): GroupSchema | undefined {
  let byName = groupByName.get(kind);
  if (!byName) {
    byName = new Map();
    groupByName.set(kind, byName);
  }
  const hit = byName.get(group);
  if (hit !== undefined) return hit ?? undefined;
  let found: GroupSchema | null = null;
  for (const g of kinds[kind].groups) {
    if (g.match.test(group)) {
      found = g;
      break;
    }
  }
  if (byName.size < GROUP_CACHE_LIMIT) byName.set(group, found);
  return found ?? undefined;
}

/** Schema of a key, by group name as written; undefined if the key is unknown in that group. */
export function getKeySchema(kind: ConfigKind, group: string, key: string): KeySchema | undefined {
  const g = getGroupSchema(kind, group);
  if (!g) return undefined;
  return lookupGroupKey(g, key);
}

/** All keys a group accepts (for completion). */
export function listGroupKeys(kind: ConfigKind, group: string): KeySchema[] {
  const g = getGroupSchema(kind, group);
  return g ? [...groupIndex(g).keys.values()] : [];
}

/** Markdown hover text of a key. */
export function describeKey(s: KeySchema): string {
  const lines = [`**${s.key}** (${s.type})`, '', s.doc];
  const facts: string[] = [];
  if (s.min !== undefined || s.max !== undefined) facts.push(`range ${s.min ?? '−∞'} … ${s.max ?? '∞'}`);
  if (s.listLength !== undefined) facts.push(`items: ${Array.isArray(s.listLength) ? s.listLength.join('–') : s.listLength}`);
  if (s.default !== undefined) facts.push(`default ${s.default}`);
  if (facts.length) lines.push('', facts.join(' · '));
  const versions = describeVersions(s);
  if (versions) lines.push('', `Versions: ${versions}`);
  if (s.enum) lines.push('', ...s.enum.map((e) => `- \`${e.value}\`: ${e.meaning}`));
  if (s.deprecated) lines.push('', `*Deprecated:* ${s.deprecated}`);
  lines.push('', `Source: \`${s.source}\``);
  return lines.join('\n');
}
