// The vocabulary of the config schema: what a key is (type, range, enum, default, meaning,
// versions, deprecation) and which keys a group holds. Pure data types.

/**
 * How DeepStream's parser reads a value, named after the GLib getter it calls:
 * int = g_key_file_get_integer, uint64 = g_key_file_get_uint64, bool = g_key_file_get_boolean,
 * double = g_key_file_get_double, string / path = g_key_file_get_string (path: resolved
 * relative to the config file), *-list = g_key_file_get_*_list.
 */
export type ValueType = 'int' | 'uint64' | 'bool' | 'double' | 'string' | 'path' | 'int-list' | 'double-list' | 'string-list' | 'path-list';

export interface EnumValue {
  value: number | string;
  meaning: string;
  /** Only valid on one platform (e.g. VIC on Jetson). */
  platform?: 'jetson' | 'dgpu';
}

export interface KeySchema {
  key: string;
  type: ValueType;
  /** What the key does (markdown, one or two sentences). */
  doc: string;
  default?: string;
  /** Inclusive bounds for numbers (and for each item of numeric lists). */
  min?: number;
  max?: number;
  enum?: EnumValue[];
  /** Exact list length, or [min, max]. */
  listLength?: number | [number, number];
  /**
   * Earliest DeepStream version whose parser sources read it, among the versions checked
   * (schema/versionEvidence.ts lists them). Absent: no evidence (e.g. YAML-only keys).
   */
  since?: string;
  /**
   * Latest checked version before `since` whose parser does not read the key: the key was added
   * after it. Absent while `since` is set: the oldest sources checked already read it.
   */
  sinceAfter?: string;
  /** First checked version whose parser no longer reads the key (or where it stops working). */
  removedIn?: string;
  /** Deprecation note (what to use instead); the key still works unless `ignored`. */
  deprecated?: string;
  /** First checked version whose parser warns that the key is deprecated. */
  deprecatedSince?: string;
  /** Lists: the item count must be a multiple of this (e.g. 4 for left;top;width;height ROIs). */
  listMultipleOf?: number;
  /**
   * The parser refuses the group without this key. On a pattern key: without at least one key
   * matching the pattern (e.g. an nvdsanalytics `roi-<label>`). `'ini'`: only the key-file parser
   * requires it (the YAML parser of the same plugin reads it when present).
   */
  required?: boolean | 'ini';
  /** YAML: the list is written as a YAML sequence (`[3, 256, 128]`), not as a `;`-separated string. */
  yamlSeq?: boolean;
  /** The parser itself rejects values outside range/enum/list length (the config fails to load). */
  enforced?: boolean;
  /** The parser no longer reads it (setting it has no effect). */
  ignored?: boolean;
  /** Where the key's fact comes from. */
  source: string;
}

export interface GroupSchema {
  /** Display name, e.g. `sink<N>` or `class-attrs-<class-id>`. */
  name: string;
  /** Matches the group names it describes. */
  match: RegExp;
  doc: string;
  keys: Record<string, KeySchema>;
  /** Keys whose name is data (e.g. nvdsanalytics `roi-<label>`), checked by pattern. */
  keyPatterns?: { match: RegExp; schema: KeySchema }[];
  /** Unknown keys are not reported (the parser passes them through or the schema is partial). */
  openKeys?: boolean;
  /** The file is refused when the group is missing. */
  required?: boolean;
  source: string;
}

/** Config kinds (finer than FileKind): what reads the file. */
export type ConfigKind =
  | 'nvinfer'
  | 'nvinferserver'
  | 'deepstream-app'
  | 'tracker'
  | 'preprocess'
  | 'analytics'
  | 'dewarper'
  | 'metamux'
  | 'streammux'
  | 'msgbroker'
  | 'service-maker'
  | 'postprocess'
  | 'unknown';

export interface KindSchema {
  kind: ConfigKind;
  title: string;
  groups: GroupSchema[];
  /** Unknown groups are not reported. */
  openGroups?: boolean;
}
