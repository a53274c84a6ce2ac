// Past runs on disk: <workspace>/.sightline/profiles/<timestamp>-<target>/ with run.json
// (the metadata the trace viewer shows), capture.log, report.nsys-rep, report.sqlite, graphs/.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DotGraphSummary } from './dotGraph';
import type { PreflightCheck } from './preflight';

export type RunStatus = 'running' | 'complete' | 'cancelled' | 'failed' | 'incomplete';

export interface RunMetadata {
  schema: 1;
  id: string;
  target: { label: string; host: string; user?: string; port?: number };
  command: string[];
  cwd?: string;
  trace: string[];
  durationS: number;
  delayS: number;
  mode: 'profile' | 'interactive';
  startedAt: string;
  finishedAt?: string;
  nsysVersion?: string;
  nsysPath?: string;
  remoteRunDir?: string;
  remoteKept: boolean;
  status: RunStatus;
  message?: string;
  checks: PreflightCheck[];
  files: { report?: string; sqlite?: string; graphs: string[] };
  graphs: DotGraphSummary[];
  exportedOn?: 'target' | 'local';
}

export const profilesFolder = path.join('.sightline', 'profiles');
export const metadataFile = 'run.json';

/** "20261122-051342" (UTC) from a date. */
export function runTimestamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}-${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
}

/** Creates a fresh run folder; a second run in the same second gets a suffix. */
export function createRunDir(root: string, stamp: string, slug: string): { id: string; dir: string } {
  fs.mkdirSync(root, { recursive: true });
  for (let n = 0; n < 1000; n++) {
    const id = `${stamp}-${slug}${n ? `-${n}` : ''}`;
    const dir = path.join(root, id);
    try {
      fs.mkdirSync(dir);
      return { id, dir };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  throw new Error(`cannot create a run folder under ${root}`);
}

export function writeMetadata(dir: string, m: RunMetadata): void {
  const tmp = path.join(dir, `${metadataFile}.tmp`);
  fs.writeFileSync(tmp, JSON.stringify(m, null, 2) + '\n');
  fs.renameSync(tmp, path.join(dir, metadataFile));
}

export function readMetadata(dir: string): RunMetadata | undefined {
  try {
    const m = JSON.parse(fs.readFileSync(path.join(dir, metadataFile), 'utf8')) as RunMetadata;
    return m && m.schema === 1 && typeof m.id === 'string' ? m : undefined;
  } catch {
    return undefined;
  }
}

export interface StoredRun {
  dir: string;
  metadata: RunMetadata;
}

/** Past runs, newest first; folders without readable metadata are skipped. */
export function listRuns(root: string): StoredRun[] {
  if (!fs.existsSync(root)) return [];
  const out: StoredRun[] = [];
  for (const name of fs.readdirSync(root)) {
    const dir = path.join(root, name);
    if (!fs.statSync(dir).isDirectory()) continue;
    const metadata = readMetadata(dir);
    if (metadata) out.push({ dir, metadata });
  }
  return out.sort((a, b) => b.metadata.startedAt.localeCompare(a.metadata.startedAt) || b.metadata.id.localeCompare(a.metadata.id));
}

/** Deletes one run folder, only if it is a run folder directly under `root`. */
export function deleteRun(root: string, dir: string): void {
  const rel = path.relative(path.resolve(root), path.resolve(dir));
  if (!rel || rel.includes(path.sep) || rel.startsWith('..') || !readMetadata(dir)) throw new Error(`not a Sightline run folder: ${dir}`);
  fs.rmSync(dir, { recursive: true, force: true });
}
