// The trace viewer and the loop share one loaded model per trace file (server/lsp/traceModelCache.ts):
// opening the example trace in the viewer and attaching it to the loop reads the file once and
// diagnoses it once; the model is dropped when the last holder lets go; a changed file is read again.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { loadTrace, type LoadOptions } from '../../../server/trace/load';
import { TraceModelCache } from '../../../server/lsp/traceModelCache';
import { TraceService } from '../../../server/lsp/traceHandlers';
import { LoopService } from '../../../server/lsp/loopService';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');

function workspace(): { root: string; trace: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-share-'));
  fs.cpSync(path.join(repoRoot, 'examples'), root, { recursive: true });
  return { root, trace: path.join(root, 'traces', 'sync.sqlite') };
}

/** A cache whose loader records every file it reads (the real loader underneath). */
function countingCache(): { cache: TraceModelCache; reads: string[] } {
  const reads: string[] = [];
  const cache = new TraceModelCache((file: string, options: LoadOptions) => {
    reads.push(file);
    return loadTrace(file, options);
  });
  return { cache, reads };
}

function loopOf(root: string, cache: TraceModelCache, log: string[]): LoopService {
  const published = new Map<string, Diagnostic[]>();
  return new LoopService({
    folders: [root],
    documents: { get: (): TextDocument | undefined => undefined, all: (): TextDocument[] => [] },
    sources: {
      set: (uri: string, _source: string, diagnostics: Diagnostic[]) => {
        published.set(uri, diagnostics);
        return true;
      },
      uris: () => [...published.keys()],
    },
    log: (l) => log.push(l),
    refreshCodeLenses: () => undefined,
    models: cache,
  });
}

test('a trace open in the viewer and attached to the loop is loaded once', async () => {
  const ws = workspace();
  const { cache, reads } = countingCache();
  const viewer = new TraceService({ folders: [ws.root], models: cache });
  const log: string[] = [];
  const loop = loopOf(ws.root, cache, log);
  try {
    const opened = (await viewer.request('open', { path: ws.trace })) as { traceId: string };
    assert.equal(reads.length, 1);
    const status = await loop.setTrace(ws.trace);
    assert.equal(status.trace, ws.trace);
    assert.equal(status.diagnostics, 3, 'the loop still places its findings');
    assert.deepEqual(reads, [ws.trace], 'the loop used the viewer\'s model: one read of the file');
    assert.ok(log.some((l) => /attached in \d+ ms \(model shared with the trace viewer, diagnosed\)/.test(l)), log.join('\n'));
    assert.equal(cache.size, 1);
    assert.equal(await cache.holders(ws.trace), 1, 'the loop let go of the model once it had its figures; the viewer holds it');
    // The report (before/after lookups included) reads nothing new either.
    await loop.report();
    assert.equal(reads.length, 1);
    // Closing the viewer drops the model.
    await viewer.request('close', { traceId: opened.traceId });
    assert.equal(cache.size, 0);
    // With nothing holding it, attaching again reads the file again, and does not keep it.
    await loop.setTrace(ws.trace);
    assert.equal(reads.length, 2);
    assert.equal(cache.size, 0);
  } finally {
    fs.rmSync(ws.root, { recursive: true, force: true });
  }
});

test('a viewer open and a loop attach that race share the one load in flight', async () => {
  const ws = workspace();
  const { cache, reads } = countingCache();
  const viewer = new TraceService({ folders: [ws.root], models: cache });
  const loop = loopOf(ws.root, cache, []);
  try {
    const [opened, status] = await Promise.all([viewer.request('open', { path: ws.trace }) as Promise<{ traceId: string }>, loop.setTrace(ws.trace)]);
    assert.equal(status.diagnostics, 3);
    assert.equal(reads.length, 1);
    // Two editors on the same file still count once, and one close keeps the model for the other.
    const second = (await viewer.request('open', { path: ws.trace })) as { traceId: string };
    assert.equal(reads.length, 1);
    await viewer.request('close', { traceId: opened.traceId });
    assert.equal(cache.size, 1);
    await viewer.request('close', { traceId: second.traceId });
    assert.equal(cache.size, 0);
  } finally {
    fs.rmSync(ws.root, { recursive: true, force: true });
  }
});

test('a trace file that changed on disk is read again; a failed load is not kept', async () => {
  const ws = workspace();
  const { cache, reads } = countingCache();
  try {
    const a = await cache.acquire(ws.trace);
    const b = await cache.acquire(ws.trace);
    assert.equal(a.model, b.model);
    assert.ok(!a.shared && b.shared);
    fs.utimesSync(ws.trace, new Date(), new Date(Date.now() + 5000));
    const c = await cache.acquire(ws.trace);
    assert.notEqual(c.model, a.model, 'new size/mtime: a new model');
    assert.equal(reads.length, 2);
    assert.equal(cache.size, 2, 'holders of the old model keep it');
    a.release();
    a.release(); // a second release does nothing
    assert.equal(cache.size, 2);
    b.release();
    c.release();
    assert.equal(cache.size, 0);
    const bad = path.join(ws.root, 'labels.txt');
    await assert.rejects(cache.acquire(bad), /labels\.txt: not a SQLite database/);
    assert.equal(cache.size, 0);
    await assert.rejects(cache.acquire(path.join(ws.root, 'missing.sqlite')), /missing\.sqlite: cannot read \(ENOENT\)/);
    // The size limit holds for a file someone already holds.
    const held = await cache.acquire(ws.trace);
    await assert.rejects(cache.acquire(ws.trace, { maxFileSizeMB: 0.001 }), /above the 0\.001 MB limit/);
    held.release();
  } finally {
    fs.rmSync(ws.root, { recursive: true, force: true });
  }
});

type Finding = { id: string };

test('the viewer (analysis worker) and the loop diagnose a shared model once, whichever asks first', async () => {
  const ws = workspace();
  try {
    // The viewer first: its worker's diagnosis is the loop's.
    {
      const { cache } = countingCache();
      const viewer = new TraceService({ folders: [ws.root], models: cache });
      const log: string[] = [];
      const loop = loopOf(ws.root, cache, log);
      const opened = (await viewer.request('open', { path: ws.trace })) as { traceId: string };
      const findings = (await viewer.request('findings', { traceId: opened.traceId })) as Finding[];
      assert.ok(findings.length > 0);
      assert.equal(cache.diagnoses, 1);
      const status = await loop.setTrace(ws.trace);
      assert.equal(status.diagnostics, 3);
      assert.equal(cache.diagnoses, 1, 'the loop took the viewer\'s diagnosis');
      assert.ok(log.some((l) => /\(model shared with the trace viewer, diagnosis shared\)/.test(l)), log.join('\n'));
      await viewer.request('summary', { traceId: opened.traceId });
      assert.equal(cache.diagnoses, 1);
      await viewer.request('close', { traceId: opened.traceId });
    }
    // The loop first (the client attaches the tab's trace while the viewer is still loading): the
    // viewer's findings and summary reuse it; its worker only summarizes.
    {
      const { cache } = countingCache();
      const viewer = new TraceService({ folders: [ws.root], models: cache });
      const loop = loopOf(ws.root, cache, []);
      const opened = (await viewer.request('open', { path: ws.trace })) as { traceId: string };
      await loop.setTrace(ws.trace);
      assert.equal(cache.diagnoses, 1);
      const [summary, findings] = await Promise.all([viewer.request('summary', { traceId: opened.traceId }), viewer.request('findings', { traceId: opened.traceId }) as Promise<Finding[]>]);
      assert.ok(summary);
      assert.ok(findings.some((f) => f.id.startsWith('deepstream/per-box-host-round-trips')), JSON.stringify(findings.map((f) => f.id)));
      assert.equal(cache.diagnoses, 1, 'one diagnosis for the viewer and the loop');
      // Attaching again (the tab becomes active again) does not diagnose again either.
      await loop.setTrace(ws.trace);
      assert.equal(cache.diagnoses, 1);
      await viewer.request('close', { traceId: opened.traceId });
      // Once nobody holds the model, a new attach loads and diagnoses it anew.
      await loop.setTrace(ws.trace);
      assert.equal(cache.diagnoses, 2);
    }
  } finally {
    fs.rmSync(ws.root, { recursive: true, force: true });
  }
});
