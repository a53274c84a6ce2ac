// One model for a config whatever its syntax: groups of key/value entries with positions. The
// key-file reader and the YAML reader both produce it, so every rule works on INI and YAML alike.
import type { Range } from '../diagnostic';
import type { KeyFile, KeyFileEntry, KeyFileGroup } from './keyFile';

export type ConfigFormat = 'ini' | 'yaml';

/** What a YAML value node was (INI entries are always 'scalar'). */
export type YamlNodeKind = 'scalar' | 'seq' | 'map' | 'null';

export interface ConfigEntry extends KeyFileEntry {
  /** YAML only: the node kind and the scalar as YAML typed it (number, boolean, string). */
  yaml?: { node: YamlNodeKind; typed: unknown; quoted: boolean };
}

export interface ConfigGroup extends Omit<KeyFileGroup, 'entries' | 'keys'> {
  entries: ConfigEntry[];
  keys: Map<string, ConfigEntry>;
}

export interface SyntaxProblem {
  /** Rule id it is reported under (`config/syntax`, `config/duplicate-key`, ...). */
  code: string;
  fatal: boolean;
  message: string;
  range: Range;
  related?: Range;
}

export interface ConfigDoc {
  format: ConfigFormat;
  groups: ConfigGroup[];
  groupMap: Map<string, ConfigGroup>;
  problems: SyntaxProblem[];
  lines: string[];
  crlf: boolean;
  /** Entries outside any group (INI keys before the first group, YAML top-level scalars). */
  orphans: ConfigEntry[];
}

const problemRule: Record<string, string> = {
  'key-before-group': 'config/syntax',
  'invalid-line': 'config/syntax',
  'invalid-group-name': 'config/syntax',
  'invalid-key-name': 'config/syntax',
  'byte-order-mark': 'config/syntax',
  'invalid-escape': 'config/wrong-type',
  'duplicate-key': 'config/duplicate-key',
  'duplicate-group': 'config/duplicate-group',
  'invalid-utf8': 'config/invalid-utf8',
};

export function docFromKeyFile(kf: KeyFile): ConfigDoc {
  return {
    format: 'ini',
    groups: kf.groups,
    groupMap: kf.groupMap,
    problems: kf.problems
      // `\;` in a value is valid for list keys: the schema layer decides per key.
      .filter((p) => p.code !== 'invalid-escape')
      .map((p) => ({ code: problemRule[p.code] ?? 'config/syntax', fatal: p.fatal, message: p.message, range: p.range, related: p.related })),
    lines: kf.lines,
    crlf: kf.crlf,
    orphans: kf.orphans,
  };
}

export function getEntry(doc: ConfigDoc, group: string, key: string): ConfigEntry | undefined {
  return doc.groupMap.get(group)?.keys.get(key);
}
