// Which schema describes an open config: by file kind, and for the "other" configs
// (preprocess, analytics, dewarper, metamux, tracker) by which schema knows most of the file's groups.
// Group and key lookups follow the schema's own matching (`source<N>` matches `source0`).
import type { FileKind } from '../lint/fileKind';
import { appSchema } from '../lint/config/schema/appSchema';
import { nvinferSchema } from '../lint/config/schema/nvinferSchema';
import { analyticsSchema, dewarperSchema, metamuxSchema, preprocessSchema, trackerSchema } from '../lint/config/schema/otherSchemas';
import type { GroupSchema, KeySchema, KindSchema } from '../lint/config/schema/types';
import { compareVersions, describeVersions } from '../lint/config/schema/versions';

const otherSchemas: KindSchema[] = [preprocessSchema, analyticsSchema, dewarperSchema, metamuxSchema, trackerSchema];

export function schemaForFile(kind: FileKind, groupNames: string[]): KindSchema | undefined {
  if (kind === 'nvinfer-config') return nvinferSchema;
  if (kind === 'deepstream-app-config') return appSchema;
  if (kind !== 'config-other') return undefined;
  let best: KindSchema | undefined;
  let bestScore = 0;
  for (const s of otherSchemas) {
    const score = groupNames.filter((g) => s.groups.some((gs) => gs.match.test(g))).length;
    if (score > bestScore) {
      best = s;
      bestScore = score;
    }
  }
  return best;
}

export function groupSchema(schema: KindSchema, group: string): GroupSchema | undefined {
  return schema.groups.find((g) => g.match.test(group));
}

export function keySchema(group: GroupSchema, key: string): KeySchema | undefined {
  const k = group.keys[key] ?? group.keys[key.replace(/_/g, '-')];
  if (k) return k;
  return group.keyPatterns?.find((p) => p.match.test(key))?.schema;
}

/** Markdown documentation of one key: type, range, default, enum values, versions, deprecation. */
export function keyDocMarkdown(k: KeySchema, group?: GroupSchema, dsVersion?: string): string {
  const lines: string[] = [`**${k.key}**${group ? ` — \`[${group.name}]\`` : ''}`, '', k.doc, ''];
  const facts: string[] = [`type: \`${k.type}\``];
  if (k.min !== undefined || k.max !== undefined) facts.push(`range: ${k.min ?? '−∞'} … ${k.max ?? '∞'}`);
  if (k.default !== undefined) facts.push(`default: \`${k.default}\``);
  if (k.listLength !== undefined) facts.push(`items: ${Array.isArray(k.listLength) ? `${k.listLength[0]}–${k.listLength[1]}` : k.listLength}`);
  lines.push(facts.join(' · '));
  lines.push('', `Versions: ${describeVersions(k) ?? 'no version evidence'}`);
  const target = dsVersion ?? '9.1';
  if (k.removedIn && compareVersions(target, k.removedIn) >= 0) lines.push('', `⚠️ No effect in the target DeepStream ${target} (since ${k.removedIn}).`);
  else if (k.since && k.sinceAfter && compareVersions(target, k.since) < 0) lines.push('', `⚠️ Newer than the target DeepStream ${target}: first seen in the ${k.since} sources.`);
  if (k.enum?.length) {
    lines.push('', 'Values:');
    for (const e of k.enum) lines.push(`- \`${e.value}\` — ${e.meaning}${e.platform ? ` (${e.platform} only)` : ''}`);
  }
  if (k.deprecated) lines.push('', `⚠️ Deprecated${k.deprecatedSince ? ` since DeepStream ${k.deprecatedSince}` : ''}: ${k.deprecated}`);
  if (k.ignored && !k.removedIn) lines.push('', '⚠️ No longer read by DeepStream: setting it has no effect.');
  lines.push('', `_Source: ${k.source}_`);
  return lines.join('\n');
}

export function groupDocMarkdown(g: GroupSchema, schema: KindSchema): string {
  const keys = Object.keys(g.keys);
  return [`**[${g.name}]** — ${schema.title}`, '', g.doc, '', `${keys.length} known key${keys.length === 1 ? '' : 's'}${g.required ? ' · required group' : ''}`, '', `_Source: ${g.source}_`].join('\n');
}
