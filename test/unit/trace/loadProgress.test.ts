// loadTrace reports progress per phase and stops mid-way when its AbortSignal fires: the
// cancelled load rejects with a TraceLoadCancelledError, closes its sql.js database, and a load
// after it gives the same model as one that was never interrupted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LOAD_PHASES, isTraceLoadCancelled, loadTrace, TraceLoadError, type LoadProgress } from '../../../server/trace/load';
import { openDatabaseCount } from '../../../server/trace/sqlJs';
import { listRows } from '../../../server/trace/lod';
import { summarize } from '../../../server/trace/summary';
import { buildDb, oldSchemaMultiGpu } from './fixtureDb';
import { assertSummaryMatchesNsight } from './summaryOracle';
import { capturePath } from './traceFiles';

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  assert.fail('the load was not cancelled');
}

test('abort in the first progress callback: rejects as cancelled, no database left open', async () => {
  const file = await capturePath('stages');
  const before = openDatabaseCount();
  const ac = new AbortController();
  const seen: LoadProgress[] = [];
  const e = await rejection(
    loadTrace(file, {
      signal: ac.signal,
      onProgress: (p) => {
        seen.push(p);
        ac.abort();
      },
    }),
  );
  assert.ok(isTraceLoadCancelled(e), `not a cancelled load: ${String(e)}`);
  assert.ok(e instanceof TraceLoadError);
  assert.equal(e.kind, 'cancelled');
  assert.match(e.message, /^stages\.sqlite: loading cancelled$/);
  assert.equal(seen[0].phase, 'read file');
  assert.ok(seen.every((p) => p.phase === 'read file'), `went on after the abort: ${seen.map((p) => p.phase).join(', ')}`);
  assert.equal(openDatabaseCount(), before);
});

test('abort while reading the CUDA API table: stops there, closes the database; the next load is whole', async () => {
  const file = await capturePath('stages');
  const before = openDatabaseCount();
  const ac = new AbortController();
  const phases: string[] = [];
  let openDuringLoad = 0;
  const e = await rejection(
    loadTrace(file, {
      signal: ac.signal,
      sliceMs: 0, // pause after every slice of rows, so the abort lands inside the table
      onProgress: (p) => {
        phases.push(p.phase);
        if (p.phase === 'read CUDA API' && p.done > 0 && !ac.signal.aborted) {
          openDuringLoad = openDatabaseCount();
          ac.abort();
        }
      },
    }),
  );
  assert.ok(isTraceLoadCancelled(e), `not a cancelled load: ${String(e)}`);
  assert.equal(openDuringLoad, before + 1, 'the database was open while reading');
  assert.equal(openDatabaseCount(), before, 'the cancelled load closed its database');
  assert.equal(phases[phases.length - 1], 'read CUDA API', `phases after the abort: ${phases.join(', ')}`);
  assert.ok(!phases.includes('read kernels'));
  // Nothing of the cancelled load lingers: the same file loads in full, figures as Nsight's.
  const model = await loadTrace(file);
  assertSummaryMatchesNsight('stages', summarize(model));
});

test('an already aborted signal rejects before reading anything', async () => {
  const ac = new AbortController();
  ac.abort();
  const seen: LoadProgress[] = [];
  const e = await rejection(loadTrace(await capturePath('cpp'), { signal: ac.signal, onProgress: (p) => seen.push(p) }));
  assert.ok(isTraceLoadCancelled(e));
  assert.equal(seen.length, 0);
});

test('progress: phases in order, done monotonic within each, each phase ends at done === total', async () => {
  const file = await capturePath('stages');
  const seen: LoadProgress[] = [];
  const model = await loadTrace(file, { onProgress: (p) => seen.push(p), sliceMs: 1, viewIndex: true });
  const order = [...new Set(seen.map((p) => p.phase))];
  assert.deepEqual(
    order,
    (LOAD_PHASES as readonly string[]).filter((p) => order.includes(p)),
    'phases run in LOAD_PHASES order',
  );
  for (const phase of ['read file', 'open database', 'read strings', 'read threads', 'read NVTX', 'read CUDA API', 'read kernels', 'read memory copies', 'read OS runtime', 'nesting', 'indexes']) {
    assert.ok(order.includes(phase), `phase ${phase} reported (got ${order.join(', ')})`);
  }
  for (const phase of order) {
    const ps = seen.filter((p) => p.phase === phase);
    // One run per phase: all its reports are contiguous.
    const first = seen.findIndex((p) => p.phase === phase);
    assert.ok(seen.slice(first, first + ps.length).every((p) => p.phase === phase), `${phase} reported in one run`);
    for (let i = 1; i < ps.length; i++) {
      assert.ok(ps[i].done >= ps[i - 1].done, `${phase}: done went back from ${ps[i - 1].done} to ${ps[i].done}`);
      assert.equal(ps[i].total, ps[0].total, `${phase}: total changed`);
    }
    assert.equal(ps[0].done, 0, `${phase} starts at 0`);
    const last = ps[ps.length - 1];
    assert.equal(last.done, last.total, `${phase} ends complete`);
    assert.ok(ps.every((p) => p.done <= p.total));
  }
  const api = seen.filter((p) => p.phase === 'read CUDA API');
  assert.ok(api[0].total >= model.api.count, 'the API phase counts at least every call');
  assert.ok(api.length > 2, `reports inside the API table with sliceMs 1 (${api.length})`);
  const read = seen.filter((p) => p.phase === 'read file');
  assert.equal(read[read.length - 1].total, model.fileSize);
  // viewIndex built the row index during the load.
  assert.ok(listRows(model).length > 0);
});

test('the event loop gets turns while a capture loads', async () => {
  const file = await capturePath('stages');
  let turns = 0;
  let loading = true;
  const spin = (): void => {
    turns++;
    if (loading) setImmediate(spin);
  };
  setImmediate(spin);
  await loadTrace(file, { sliceMs: 0 });
  loading = false;
  assert.ok(turns > 10, `only ${turns} event-loop turns during the load`);
});

test('progress and abort on bytes of an old-schema export', async () => {
  const bytes = await buildDb(oldSchemaMultiGpu());
  const seen: string[] = [];
  const m = await loadTrace(bytes, { sourceName: 'old.sqlite', onProgress: (p) => seen.push(p.phase) });
  assert.ok(!seen.includes('read file'), 'bytes are not read from disk');
  assert.ok(seen.includes('read NVTX') && seen.includes('nesting'));
  assert.equal(m.api.count, 5);
  const ac = new AbortController();
  const e = await rejection(
    loadTrace(bytes, {
      sourceName: 'old.sqlite',
      signal: ac.signal,
      onProgress: (p) => {
        if (p.phase === 'read NVTX') ac.abort();
      },
    }),
  );
  assert.ok(isTraceLoadCancelled(e));
  assert.match((e as Error).message, /^old\.sqlite: loading cancelled$/);
});

test('a throwing progress callback does not break the load', async () => {
  const m = await loadTrace(await capturePath('cpp'), {
    onProgress: () => {
      throw new Error('callback bug');
    },
  });
  assert.equal(m.kernels.count, 1000);
});
