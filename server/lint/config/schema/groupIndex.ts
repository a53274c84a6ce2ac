// Lookup tables derived once per group schema (lazily, on first use, after every schema module has
// finished adding its keys): the keys as a Map, their names in schema order (did-you-mean), and the
// keys and key patterns the parser requires, per config format. Pure caches of the schema data:
// lints ask them for every entry and group, so they must not rebuild anything per call.
import type { GroupSchema, KeySchema } from './types';

export interface GroupIndex {
  /** The keys of `GroupSchema.keys`, same order. */
  keys: ReadonlyMap<string, KeySchema>;
  /** `Object.keys(GroupSchema.keys)`. */
  keyNames: readonly string[];
  /** Keys without which the INI (key-file) parser refuses the group (`required` true or 'ini'), schema order. */
  requiredIni: readonly KeySchema[];
  /** Keys without which the YAML parser refuses the group (`required` true), schema order. */
  requiredYaml: readonly KeySchema[];
  /** Key patterns of which the INI parser needs at least one match. */
  requiredPatternsIni: readonly { match: RegExp; schema: KeySchema }[];
  /** Key patterns of which the YAML parser needs at least one match. */
  requiredPatternsYaml: readonly { match: RegExp; schema: KeySchema }[];
}

const indexes = new WeakMap<GroupSchema, GroupIndex>();

export function groupIndex(gs: GroupSchema): GroupIndex {
  let ix = indexes.get(gs);
  if (!ix) {
    const entries = Object.entries(gs.keys);
    const values = entries.map(([, s]) => s);
    const patterns = gs.keyPatterns ?? [];
    ix = {
      keys: new Map(entries),
      keyNames: entries.map(([k]) => k),
      requiredIni: values.filter((s) => s.required === true || s.required === 'ini'),
      requiredYaml: values.filter((s) => s.required === true),
      requiredPatternsIni: patterns.filter((p) => p.schema.required === true || p.schema.required === 'ini'),
      requiredPatternsYaml: patterns.filter((p) => p.schema.required === true),
    };
    indexes.set(gs, ix);
  }
  return ix;
}

/** The schema of a key of a group: exact name first, then the key patterns; undefined if unknown. */
export function lookupGroupKey(gs: GroupSchema, key: string): KeySchema | undefined {
  const s = groupIndex(gs).keys.get(key);
  if (s) return s;
  const patterns = gs.keyPatterns;
  if (patterns) for (const p of patterns) if (p.match.test(key)) return p.schema;
  return undefined;
}
