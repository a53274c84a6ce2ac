// Paths a trace reports (where the program ran: a Jetson, a container) mapped to workspace files,
// through the user's remote-root / local-root pairs (sightline.trace.pathMappings and the
// target's pathMappings), or failing that by the longest common path suffix among the files the
// index knows.
import * as nodePath from 'node:path';

export interface PathMapping {
  remoteRoot: string;
  localRoot: string;
}

function normalize(p: string): string {
  let s = p.replace(/\\/g, '/');
  if (s.length > 1 && s.endsWith('/')) s = s.slice(0, -1);
  return s;
}

/** The local path a remote path maps to by the longest matching remote root, or undefined. */
export function mapRemotePath(remote: string, mappings: readonly PathMapping[]): string | undefined {
  const r = normalize(remote);
  let best: PathMapping | undefined;
  let bestLen = -1;
  for (const m of mappings) {
    const root = normalize(m.remoteRoot);
    if (!root) continue;
    const matches = r === root || r.startsWith(root.endsWith('/') ? root : `${root}/`);
    if (matches && root.length > bestLen) {
      best = m;
      bestLen = root.length;
    }
  }
  if (!best) return undefined;
  const rest = r.slice(bestLen).replace(/^\//, '');
  return rest ? nodePath.join(best.localRoot, ...rest.split('/')) : nodePath.normalize(best.localRoot);
}

/**
 * The workspace file a remote path stands for: the mapped path when the index has it, else the
 * known file sharing the longest path suffix (at least the file name; ties give undefined).
 */
export function findWorkspaceFile(remote: string, mappings: readonly PathMapping[], known: (p: string) => boolean, allFiles: Iterable<string>): string | undefined {
  const mapped = mapRemotePath(remote, mappings);
  if (mapped && known(mapped)) return mapped;
  const parts = normalize(remote).split('/').filter(Boolean);
  if (parts.length === 0) return undefined;
  let best: string | undefined;
  let bestScore = 0;
  let tie = false;
  for (const f of allFiles) {
    const fp = normalize(f).split('/').filter(Boolean);
    let k = 0;
    while (k < parts.length && k < fp.length && parts[parts.length - 1 - k] === fp[fp.length - 1 - k]) k++;
    if (k === 0) continue;
    if (k > bestScore) {
      best = f;
      bestScore = k;
      tie = false;
    } else if (k === bestScore) tie = true;
  }
  return tie ? undefined : best;
}
