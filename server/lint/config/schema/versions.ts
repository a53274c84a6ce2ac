// DeepStream versions of config keys: attaches the evidence of versionEvidence.ts (which versions'
// parser sources read each key) to the schema, and compares versions with a target DeepStream version.
import { versionEvidence, versionSources, type KeyVersionTuple } from './versionEvidence';
import type { GroupSchema, KeySchema, KindSchema } from './types';

export { versionSources };

/** Compares dotted versions numerically ("6.10" > "6.9"); missing parts count as 0. */
const parsedVersions = new Map<string, number[]>();
function parseVersion(v: string): number[] {
  let p = parsedVersions.get(v);
  if (!p) {
    p = v.split('.').map((x) => Number(x) || 0);
    if (parsedVersions.size < 1000) parsedVersions.set(v, p);
  }
  return p;
}

export function compareVersions(a: string, b: string): number {
  const pa = parseVersion(a);
  const pb = parseVersion(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Which parser component of versionEvidence.ts describes a kind. */
const componentOf: Record<string, string> = { nvinfer: 'nvinfer', 'deepstream-app': 'app', preprocess: 'preprocess', analytics: 'analytics', dewarper: 'dewarper', metamux: 'metamux' };

/** The parser group a schema group is read by (parse_gie reads [primary-gie] and [secondary-gieN], ...). */
function evidenceGroup(kind: string, name: string): string {
  if (kind === 'nvinfer' && name.startsWith('class-attrs-')) return 'class-attrs';
  if (kind === 'deepstream-app') {
    if (name === 'primary-gie' || name.startsWith('secondary-gie')) return 'gie';
    if (name === 'source-attr-all' || name.startsWith('source<')) return 'source';
    if (name.startsWith('secondary-pre-process')) return 'pre-process';
  }
  return name.replace(/<[^>]+>$/, '').replace(/-$/, '');
}

/** Evidence names of a key: pattern keys are stored under their prefix (`roi-<label>` → `roi-`). */
function evidenceKeys(key: string): string[] {
  if (!key.includes('<')) return [key];
  const prefix = key.replace(/<[^>]+>$/, '');
  return [prefix, prefix.replace(/-$/, '')];
}

function applyToKey(s: KeySchema, found: KeyVersionTuple | undefined): void {
  if (!found) return;
  const [since, after, removed] = found;
  s.since ??= since;
  if (after && s.sinceAfter === undefined) s.sinceAfter = after;
  if (removed && s.removedIn === undefined) s.removedIn = removed;
}

/**
 * Sets since / sinceAfter / removedIn of every key of a kind from the evidence (values already set
 * in the schema win), and adds keys that older parsers read but the newest no longer does, so a
 * config written for an older release gets "removed in X" instead of "unknown key".
 */
export function withVersions(schema: KindSchema): KindSchema {
  const comp = versionEvidence[componentOf[schema.kind] ?? ''];
  if (!comp) return schema;
  const newest = comp.checked[comp.checked.length - 1];
  for (const g of schema.groups) {
    const eg = comp.groups[evidenceGroup(schema.kind, g.name)];
    if (!eg) continue;
    for (const s of [...Object.values(g.keys), ...(g.keyPatterns ?? []).map((p) => p.schema)]) {
      for (const name of evidenceKeys(s.key)) {
        if (eg[name]) {
          applyToKey(s, eg[name]);
          break;
        }
      }
    }
    addRemovedKeys(g, eg, newest);
  }
  return schema;
}

function addRemovedKeys(g: GroupSchema, eg: Record<string, KeyVersionTuple>, newest: string): void {
  for (const [key, t] of Object.entries(eg)) {
    const removed = t[2];
    if (!removed || compareVersions(removed, newest) > 0 || Object.prototype.hasOwnProperty.call(g.keys, key)) continue;
    if (g.keyPatterns?.some((p) => p.match.test(key))) continue;
    g.keys[key] = {
      key,
      type: 'string',
      doc: `Read by the parser of DeepStream ${t[0]}${t[1] ? '' : ' (and older)'} up to the release before ${removed}; not read since DeepStream ${removed}.`,
      since: t[0],
      sinceAfter: t[1] ?? undefined,
      removedIn: removed,
      ignored: true,
      deprecated: `Not read since DeepStream ${removed}.`,
      source: versionSources[removed] ?? g.source,
    };
  }
}

/** Releases whose sources were not found, so a key first seen after them may be older. */
export const uncheckedReleases = ['7.0', '7.1'];

/** Unchecked releases strictly between two checked versions. */
export function uncheckedBetween(after: string, since: string): string[] {
  return uncheckedReleases.filter((v) => compareVersions(v, after) > 0 && compareVersions(v, since) < 0);
}

/** One line about the versions of a key, for hover text (honest about what was not checked). */
export function describeVersions(s: KeySchema): string | undefined {
  const parts: string[] = [];
  if (s.since) {
    if (s.sinceAfter) {
      const gap = uncheckedBetween(s.sinceAfter, s.since);
      parts.push(`seen in DeepStream ${s.since} sources, not in ${s.sinceAfter}${gap.length ? ` (${gap.join(', ')} sources not checked)` : ''}`);
    } else parts.push(`seen in DeepStream ${s.since} sources (the oldest checked)`);
  }
  if (s.deprecatedSince) parts.push(`deprecated since ${s.deprecatedSince}`);
  if (s.removedIn) parts.push(`no effect since ${s.removedIn}`);
  return parts.length ? parts.join(' · ') : undefined;
}
