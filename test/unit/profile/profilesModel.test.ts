// The Profiles tree's logic (client/profile/core/profilesModel.ts, what the tree provider and the
// open / compare / reveal / delete commands use): with a fake store, and with the real run
// folders on disk, where delete removes a run folder only after the confirmation says yes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { childrenOf, compareTargets, deleteQuestion, deleteRunsConfirmed, diskRunStore, revealPath, runContextValue, runDescription, runOf, runsToDelete, type ProfilesNode, type RunStore } from '../../../client/profile/core/profilesModel';
import { createRunDir, listRuns, writeMetadata, type RunMetadata, type StoredRun } from '../../../client/profile/core/runStore';

function meta(id: string, startedAt: string, o: Partial<RunMetadata> = {}): RunMetadata {
  return {
    schema: 1,
    id,
    target: { label: 'orin', host: 'orin' },
    command: ['/opt/app/deepstream-app', '-c', 'cfg.txt'],
    trace: ['cuda', 'nvtx', 'osrt'],
    durationS: 20,
    delayS: 0,
    mode: 'profile',
    startedAt,
    remoteKept: false,
    status: 'complete',
    checks: [],
    files: { report: 'report.nsys-rep', sqlite: 'report.sqlite', graphs: [] },
    graphs: [],
    ...o,
  };
}

class FakeStore implements RunStore {
  removed: string[] = [];
  constructor(public runs: StoredRun[]) {}
  list(): StoredRun[] {
    return this.runs;
  }
  remove(run: StoredRun): void {
    if (run.dir.includes('locked')) throw new Error('EACCES: permission denied');
    this.removed.push(run.dir);
    this.runs = this.runs.filter((r) => r.dir !== run.dir);
  }
}

const newest: StoredRun = { dir: '/w/.sightline/profiles/b', metadata: meta('b', '2026-11-22T07:00:00Z', { files: { report: 'report.nsys-rep', sqlite: 'report.sqlite', graphs: ['graphs/x.PAUSED_PLAYING.dot', 'graphs/x.NULL_READY.dot'] } }) };
const older: StoredRun = { dir: '/w/.sightline/profiles/a', metadata: meta('a', '2026-11-22T06:00:00Z') };
const failed: StoredRun = { dir: '/w/.sightline/profiles/c', metadata: meta('c', '2026-11-22T05:00:00Z', { status: 'failed', files: { graphs: [] } }) };

test('tree nodes: runs at the root, their graphs as children; context values say what each run allows', () => {
  const store = new FakeStore([newest, older, failed]);
  const roots = childrenOf(store);
  assert.deepEqual(roots.map((n) => n.run.metadata.id), ['b', 'a', 'c']);
  const kids = childrenOf(store, roots[0]);
  assert.deepEqual(kids, newest.metadata.files.graphs.map((file) => ({ kind: 'graph', run: newest, file })));
  assert.deepEqual(childrenOf(store, kids[0]), []);
  assert.equal(runContextValue(newest), 'sightline.profileRun.openable.graphs');
  assert.equal(runContextValue(older), 'sightline.profileRun.openable');
  assert.equal(runContextValue(failed), 'sightline.profileRun');
  assert.equal(runDescription(older), 'deepstream-app -c cfg.txt');
  assert.equal(runDescription(failed), 'deepstream-app -c cfg.txt (failed)');
  // A command without a node (palette, keybinding) acts on the newest run.
  assert.equal(runOf(store, undefined), newest);
  assert.equal(runOf(store, { kind: 'graph', run: older, file: 'g' }), older);
});

test('package.json menus match the context values (open/compare need a SQLite, the graph action needs graphs)', async () => {
  const { repoRoot } = await import('../../support/lspClient');
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { contributes: { menus: Record<string, { command: string; when?: string }[]> } };
  const menu = pkg.contributes.menus['view/item/context'];
  const shows = (command: string, ctx: string) =>
    menu.some((m) => {
      if (m.command !== command || !m.when) return false;
      const eq = /viewItem == ([\w.]+)/.exec(m.when);
      const re = /viewItem =~ \/(.+)\/$/.exec(m.when);
      return eq ? eq[1] === ctx : re ? new RegExp(re[1]).test(ctx) : false;
    });
  for (const run of [newest, older, failed]) {
    const ctx = runContextValue(run);
    assert.equal(shows('sightline.profiles.open', ctx), !!run.metadata.files.sqlite, `open for ${ctx}`);
    assert.equal(shows('sightline.profiles.compare', ctx), !!run.metadata.files.sqlite, `compare for ${ctx}`);
    assert.equal(shows('sightline.profiles.showGraph', ctx), run.metadata.files.graphs.length > 0, `graph for ${ctx}`);
    assert.ok(shows('sightline.profiles.delete', ctx) && shows('sightline.profiles.reveal', ctx));
  }
  assert.ok(shows('sightline.profiles.showGraph', 'sightline.profileGraph'));
});

test('compare: two selected runs compare directly; one run offers the others with a SQLite; clear reasons otherwise', () => {
  const store = new FakeStore([newest, older, failed]);
  const sel: ProfilesNode[] = [{ kind: 'run', run: newest }, { kind: 'run', run: older }];
  assert.deepEqual(compareTargets(store, newest, sel), { other: older, candidates: [] });
  assert.deepEqual(compareTargets(store, newest, [{ kind: 'run', run: newest }]), { candidates: [older] });
  assert.match(compareTargets(store, failed).error ?? '', /run c has no SQLite export/);
  assert.match(compareTargets(new FakeStore([older]), older).error ?? '', /no other run/);
  assert.match(compareTargets(new FakeStore([]), undefined).error ?? '', /no profiling run/);
});

test('reveal: the report when it is there, else run.json', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-reveal-'));
  try {
    const run: StoredRun = { dir, metadata: meta('r', '2026-11-22T07:00:00Z') };
    assert.equal(revealPath(run), path.join(dir, 'run.json'));
    fs.writeFileSync(path.join(dir, 'report.nsys-rep'), 'x');
    assert.equal(revealPath(run), path.join(dir, 'report.nsys-rep'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('delete with a fake store: the selection (graph nodes count once), nothing without a yes, failures reported', async () => {
  const store = new FakeStore([newest, older, failed]);
  const runs = runsToDelete({ kind: 'run', run: newest }, [{ kind: 'run', run: newest }, { kind: 'graph', run: newest, file: 'g' }, { kind: 'run', run: older }]);
  assert.deepEqual(runs, [newest, older]);
  assert.deepEqual(runsToDelete({ kind: 'graph', run: failed, file: 'g' }, []), [failed]);
  assert.deepEqual(runsToDelete(undefined, undefined), []);
  const questions: string[] = [];
  const no = await deleteRunsConfirmed(store, runs, async (q) => {
    questions.push(q);
    return false;
  });
  assert.deepEqual(no, { deleted: [], failed: [] });
  assert.deepEqual(store.removed, []);
  assert.deepEqual(questions, ['Delete 2 runs and their files (report, SQLite export, graphs, log)?']);
  assert.equal(deleteQuestion([older]), 'Delete the run a and their files (report, SQLite export, graphs, log)?');
  const yes = await deleteRunsConfirmed(store, runs, async () => true);
  assert.deepEqual(yes.deleted, [newest.dir, older.dir]);
  assert.deepEqual(store.list(), [failed]);
  const locked: StoredRun = { dir: '/w/.sightline/profiles/locked', metadata: meta('locked', '2026-11-22T04:00:00Z') };
  const partial = await deleteRunsConfirmed(new FakeStore([locked]), [locked], async () => true);
  assert.deepEqual(partial.deleted, []);
  assert.match(partial.failed[0], /locked: EACCES/);
  let asked = false;
  await deleteRunsConfirmed(store, [], async () => (asked = true));
  assert.equal(asked, false, 'nothing to delete: no question');
});

test('delete on disk: the run folder goes only after the yes; other runs and non-run folders stay', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-profiles-del-'));
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-not-a-run-'));
  try {
    const mk = (stamp: string) => {
      const { id, dir } = createRunDir(root, stamp, 'orin');
      writeMetadata(dir, meta(id, `2026-11-22T0${stamp.slice(-1)}:00:00Z`));
      fs.writeFileSync(path.join(dir, 'report.sqlite'), 'sqlite');
      fs.mkdirSync(path.join(dir, 'graphs'));
      fs.writeFileSync(path.join(dir, 'graphs', 'g.dot'), 'digraph pipeline {}\n');
      return dir;
    };
    const d1 = mk('20261122-000001');
    const d2 = mk('20261122-000002');
    const store = diskRunStore(() => [root]);
    assert.deepEqual(store.list().map((r) => r.dir), [d2, d1]);
    const target = store.list().find((r) => r.dir === d1)!;
    await deleteRunsConfirmed(store, [target], async () => false);
    assert.ok(fs.existsSync(path.join(d1, 'graphs', 'g.dot')), 'kept after "no"');
    const r = await deleteRunsConfirmed(store, [target], async () => true);
    assert.deepEqual(r, { deleted: [d1], failed: [] });
    assert.ok(!fs.existsSync(d1), 'the whole folder is gone');
    assert.deepEqual(listRuns(root).map((x) => x.dir), [d2]);
    // A folder that is not a run folder under the root is refused, even when asked to.
    fs.writeFileSync(path.join(outside, 'keep.txt'), 'x');
    const fake: StoredRun = { dir: outside, metadata: meta('x', '2026-11-22T00:00:00Z') };
    const refused = await deleteRunsConfirmed(store, [fake], async () => true);
    assert.equal(refused.deleted.length, 0);
    assert.match(refused.failed[0], /not a Sightline run folder/);
    assert.ok(fs.existsSync(path.join(outside, 'keep.txt')));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(outside, { recursive: true, force: true });
  }
});
