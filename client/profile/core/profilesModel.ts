// The logic of the "Profiles" tree without VS Code: which nodes exist, what each run item says
// and allows (context value), what compare / reveal / delete act on, and deletion that happens
// only after an explicit confirmation. profilesTree.ts and the commands are thin glue over this.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { deleteRun, listRuns, type StoredRun } from './runStore';

export interface RunStore {
  /** Past runs, newest first. */
  list(): StoredRun[];
  /** Removes one run (its whole folder). */
  remove(run: StoredRun): void;
}

/** Runs on disk under each root (<workspace>/.sightline/profiles). */
export function diskRunStore(roots: () => string[]): RunStore {
  return {
    list: () => roots().flatMap((r) => listRuns(r)),
    remove: (run) => {
      const root = roots().find((r) => path.resolve(r) === path.resolve(path.dirname(run.dir)));
      if (!root) throw new Error(`not a Sightline run folder: ${run.dir} is not in ${roots().join(', ')}`);
      deleteRun(root, run.dir);
    },
  };
}

export type ProfilesNode = { kind: 'run'; run: StoredRun } | { kind: 'graph'; run: StoredRun; file: string };

export function childrenOf(store: RunStore, node?: ProfilesNode): ProfilesNode[] {
  if (!node) return store.list().map((run) => ({ kind: 'run', run }));
  if (node.kind === 'run') return node.run.metadata.files.graphs.map((file) => ({ kind: 'graph', run: node.run, file }));
  return [];
}

/**
 * Context value of a run item: "sightline.profileRun", then ".openable" when it has a SQLite
 * export (open, compare), then ".graphs" when it brought back pipeline graphs.
 */
export function runContextValue(run: StoredRun): string {
  return `sightline.profileRun${run.metadata.files.sqlite ? '.openable' : ''}${run.metadata.files.graphs.length ? '.graphs' : ''}`;
}

export function runDescription(run: StoredRun): string {
  const m = run.metadata;
  return `${path.basename(m.command[0] ?? '')} ${m.command.slice(1).join(' ')}`.trim().slice(0, 60) + (m.status === 'complete' ? '' : ` (${m.status})`);
}

/** The run a command acts on: the clicked node, else the newest run. */
export function runOf(store: RunStore, node: ProfilesNode | undefined): StoredRun | undefined {
  return node?.run ?? store.list()[0];
}

/**
 * What "Compare with…" compares `a` to: another selected run with a SQLite export when the user
 * selected two, else the candidates to pick from (every other run with one).
 */
export function compareTargets(store: RunStore, a: StoredRun | undefined, selected?: readonly ProfilesNode[]): { error?: string; other?: StoredRun; candidates: StoredRun[] } {
  if (!a) return { error: 'There is no profiling run to compare.', candidates: [] };
  if (!a.metadata.files.sqlite) return { error: `The run ${a.metadata.id} has no SQLite export to compare.`, candidates: [] };
  const other = selected?.map((x) => x.run).find((r) => r.dir !== a.dir && r.metadata.files.sqlite);
  if (other) return { other, candidates: [] };
  const candidates = store.list().filter((r) => r.dir !== a.dir && r.metadata.files.sqlite);
  if (!candidates.length) return { error: 'There is no other run with a SQLite export to compare with.', candidates };
  return { candidates };
}

/** The file revealed for a run: the report when it came home, else run.json. */
export function revealPath(run: StoredRun): string {
  const rep = run.metadata.files.report ? path.join(run.dir, run.metadata.files.report) : '';
  return rep && fs.existsSync(rep) ? rep : path.join(run.dir, 'run.json');
}

/** Runs a delete acts on: the selection when there is one, else the clicked run (graph nodes count as their run once). */
export function runsToDelete(node: ProfilesNode | undefined, selected?: readonly ProfilesNode[]): StoredRun[] {
  const nodes = selected?.length ? selected : node ? [node] : [];
  const out: StoredRun[] = [];
  for (const n of nodes) if (!out.some((r) => r.dir === n.run.dir)) out.push(n.run);
  return out;
}

export function deleteQuestion(runs: readonly StoredRun[]): string {
  return `Delete ${runs.length === 1 ? `the run ${path.basename(runs[0].dir)}` : `${runs.length} runs`} and their files (report, SQLite export, graphs, log)?`;
}

/**
 * Deletes the runs after `confirm` says yes; nothing is touched otherwise. Returns what was
 * removed and what could not be (with why), so that nothing fails silently.
 */
export async function deleteRunsConfirmed(store: RunStore, runs: readonly StoredRun[], confirm: (question: string) => Promise<boolean>): Promise<{ deleted: string[]; failed: string[] }> {
  if (!runs.length) return { deleted: [], failed: [] };
  if (!(await confirm(deleteQuestion(runs)))) return { deleted: [], failed: [] };
  const deleted: string[] = [];
  const failed: string[] = [];
  for (const r of runs) {
    try {
      store.remove(r);
      deleted.push(r.dir);
    } catch (e) {
      failed.push(`${r.dir}: ${(e as Error).message}`);
    }
  }
  return { deleted, failed };
}
