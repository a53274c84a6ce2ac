// The viewer's server side: `sightline/trace/*` over real JSON-RPC against dist/server.js, and
// the viewer-specific figures (GPU utilization, window statistics, occurrences, copy labels,
// jump to source) checked against Nsight's own outputs for the same captures.
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as os from 'node:os';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import { LspTestClient } from '../../support/lspClient';
import { TRACE_LOAD_PROGRESS, TraceService, type LoadProgressNotification, type OpenResult, type ResolveSourceResult } from '../../../server/lsp/traceHandlers';
import { LOAD_PHASES } from '../../../server/trace/load';
import { LoadProgressTracker } from '../../../webview/loadProgress';
import type { RowsMessage, ViewMessage, EventDetails } from '../../../server/trace/protocol';
import type { Occurrence, RangeStats, SummaryTables, UtilizationMessage, ViewerFinding } from '../../../webview/traceClient';
import { sharedDir, sharedTrace } from '../../webview/viewerHarness';

function csv(name: string, file: string): Record<string, string>[] {
  const text = fs.readFileSync(path.join(sharedDir, 'traces', 'h100', `${name}.stats`, file), 'utf8').trim().split(/\r?\n/);
  const split = (l: string): string[] => {
    const out: string[] = [];
    let cur = '';
    let q = false;
    for (const ch of l) {
      if (ch === '"') q = !q;
      else if (ch === ',' && !q) {
        out.push(cur);
        cur = '';
      } else cur += ch;
    }
    out.push(cur);
    return out;
  };
  const head = split(text[0]);
  return text.slice(1).map((l) => Object.fromEntries(split(l).map((v, i) => [head[i], v])));
}

describe('sightline/trace/* over JSON-RPC', () => {
  let lsp: LspTestClient;
  before(async () => {
    lsp = new LspTestClient();
    await lsp.initialize(null);
  });
  after(async () => {
    await lsp?.shutdown();
  });
  const req = <T>(method: string, params: unknown): Promise<T> => lsp.conn.sendRequest<T>(`sightline/trace/${method}`, params);

  it('opens a capture, answers rows / view / details / summary / findings, and forgets it on close', async () => {
    const o = await req<OpenResult>('open', { path: sharedTrace('cpp') });
    assert.equal(o.title, 'cpp.sqlite');
    assert.ok(o.endNs > o.startNs && o.eventCount > 4000);
    const rows = await req<RowsMessage>('rows', { traceId: o.traceId });
    assert.ok(rows.rows.some((r) => r.kind === 'kernels'));
    const view = await req<ViewMessage>('view', { traceId: o.traceId, t0: o.startNs, t1: o.endNs, widthPx: 800 });
    const items = view.slices.reduce((a, s) => a + s.start.length, 0);
    const maxDepth = Math.max(...rows.rows.map((r) => r.depthCount));
    assert.ok(items <= view.slices.length * 800 * maxDepth, `${items} items for 800 px`);
    const api = view.slices.find((s) => s.rowId.endsWith('/cuda-api'))!;
    const k = api.count.findIndex((c) => c === 1);
    const d = await req<EventDetails>('details', { traceId: o.traceId, rowId: api.rowId, index: api.index[k] });
    assert.equal(d.kind, 'cuda-api');
    const summary = await req<SummaryTables>('summary', { traceId: o.traceId });
    for (const r of csv('cpp', 'nvtx_sum.csv')) assert.equal(summary.nvtx.find((x) => x.name === r.Range)?.count, Number(r.Instances));
    const findings = await req<ViewerFinding[]>('findings', { traceId: o.traceId });
    assert.ok(findings.some((f) => f.title === 'Synchronous copies' && f.t0 !== undefined));
    await req('close', { traceId: o.traceId });
    await assert.rejects(req('rows', { traceId: o.traceId }), /no open trace with id/);
  });

  it('summary and diagnosis run off the server thread: the timeline is answered meanwhile', async () => {
    const o = await req<OpenResult>('open', { path: sharedTrace('api') });
    const order: string[] = [];
    const findings = req<ViewerFinding[]>('findings', { traceId: o.traceId }).then((f) => (order.push('findings'), f));
    const views = [];
    for (let i = 0; i < 5; i++) {
      const t0 = o.startNs + ((o.endNs - o.startNs) * i) / 10;
      views.push(req<ViewMessage>('view', { traceId: o.traceId, t0, t1: t0 + (o.endNs - o.startNs) / 10, widthPx: 1500 }).then(() => order.push(`view${i}`)));
    }
    await Promise.all([findings, ...views]);
    assert.equal(order[order.length - 1], 'findings', order.join(' '));
    assert.ok(lsp.logs.some((l) => /trace analysis \(summary, diagnosis\) of api\.sqlite in worker thread \d+/.test(l)), lsp.logs.join('\n'));
    assert.ok((await findings).length > 1);
    await req('close', { traceId: o.traceId });
  });

  it('a file that is not a trace gets a clear error naming it', async () => {
    const bad = path.join(os.tmpdir(), `sightline-viewer-bad-${process.pid}.sqlite`);
    fs.writeFileSync(bad, 'not sqlite at all');
    await assert.rejects(req('open', { path: bad }), new RegExp(`${path.basename(bad)}: not a SQLite database`));
    await assert.rejects(req('open', { path: path.join(os.tmpdir(), 'does-not-exist.sqlite') }), /does-not-exist\.sqlite: cannot read \(ENOENT\)/);
    await assert.rejects(req('view', { traceId: 'nope', t0: 0, t1: 1, widthPx: 10 }), /no open trace/);
  });

  it('open reports the loader\'s phases as progress notifications, in order, ending with the timeline index', async () => {
    const seen: LoadProgressNotification[] = [];
    lsp.conn.onNotification(TRACE_LOAD_PROGRESS, (p: LoadProgressNotification) => seen.push(p));
    const o = await req<OpenResult>('open', { path: sharedTrace('api'), progressKey: 'k-progress' });
    const mine = seen.filter((p) => p.key === 'k-progress');
    assert.ok(mine.length >= 5, `${mine.length} reports`);
    const order = mine.map((p) => LOAD_PHASES.indexOf(p.phase as (typeof LOAD_PHASES)[number]));
    assert.ok(order.every((i) => i >= 0), 'known phases');
    for (let i = 1; i < order.length; i++) assert.ok(order[i] >= order[i - 1], `phases in loader order: ${mine.map((p) => p.phase).join(', ')}`);
    for (const p of mine) assert.ok(p.done >= 0 && p.done <= p.total, JSON.stringify(p));
    assert.ok(mine.some((p) => p.phase === 'read CUDA API'));
    assert.equal(mine[mine.length - 1].phase, 'indexes');
    // What the user sees from them grows to 100 %.
    const tracker = new LoadProgressTracker();
    let last = 0;
    for (const p of mine) {
      const f = tracker.update(p).fraction;
      assert.ok(f >= last);
      last = f;
    }
    assert.equal(last, 1);
    await req('close', { traceId: o.traceId });
  });

  it('cancelling an open mid-way aborts the loader (no more progress), and the file opens again afterwards', async () => {
    const copy = path.join(os.tmpdir(), `sightline-cancel-${process.pid}.sqlite`);
    fs.copyFileSync(sharedTrace('api_big'), copy);
    const seen: (LoadProgressNotification & { at: number })[] = [];
    lsp.conn.onNotification(TRACE_LOAD_PROGRESS, (p: LoadProgressNotification) => seen.push({ ...p, at: Date.now() }));
    const cts = new CancellationTokenSource();
    const p = lsp.conn.sendRequest('sightline/trace/open', { path: copy, progressKey: 'k-cancel' }, cts.token);
    // Cancel once the loader is reading rows (mid-way, after the file was read).
    const deadline = Date.now() + 20000;
    while (Date.now() < deadline && !seen.some((x) => x.key === 'k-cancel' && x.phase.startsWith('read ') && x.phase !== 'read file')) await new Promise((r) => setTimeout(r, 2));
    const atCancel = seen.filter((x) => x.key === 'k-cancel');
    assert.ok(atCancel.length > 0, 'progress arrived before the cancel');
    cts.cancel();
    await assert.rejects(p, /cancel/i);
    const answeredAt = Date.now();
    await new Promise((r) => setTimeout(r, 600));
    const after = seen.filter((x) => x.key === 'k-cancel');
    // The loader stopped: it never reached the end, and nothing came once the slice that was
    // running (and the reports already on the wire) had passed.
    assert.ok(!after.some((x) => x.phase === 'indexes' || x.phase === 'nesting'), `the load stopped: ${after.map((x) => x.phase).join(', ')}`);
    assert.ok(!after.some((x) => x.at > answeredAt + 200), `reports after the cancel: ${after.filter((x) => x.at > answeredAt).map((x) => `${x.phase} ${x.done}/${x.total}`).join(', ')}`);
    // Nothing poisoned: the same file opens completely.
    const o = await req<OpenResult>('open', { path: copy });
    assert.ok(o.eventCount > 0);
    await req('close', { traceId: o.traceId });
    fs.rmSync(copy, { force: true });
  });

  it('loading can be cancelled', async () => {
    const cts = new CancellationTokenSource();
    const p = lsp.conn.sendRequest('sightline/trace/open', { path: sharedTrace('stages') }, cts.token);
    setTimeout(() => cts.cancel(), 20);
    await assert.rejects(p, /cancel/i);
  });
});

describe('viewer figures against Nsight', () => {
  const service = new TraceService({ folders: [path.join(sharedDir, 'traces', 'src')] });
  let cpp: OpenResult;
  before(async () => {
    cpp = (await service.request('open', { path: sharedTrace('cpp') })) as OpenResult;
  });

  it('a file open in two editors shares one model until both close', async () => {
    const before = service.openCount;
    const a = (await service.request('open', { path: sharedTrace('cpu') })) as OpenResult;
    const b = (await service.request('open', { path: sharedTrace('cpu') })) as OpenResult;
    assert.notEqual(a.traceId, b.traceId);
    assert.equal(service.openCount, before + 1);
    assert.equal(service.model(a.traceId), service.model(b.traceId));
    await service.request('close', { traceId: a.traceId });
    assert.ok((await service.request('rows', { traceId: b.traceId })) !== undefined, 'the other editor still works');
    await service.request('close', { traceId: b.traceId });
    assert.equal(service.openCount, before);
    // Reopened after both closed: loaded again.
    const c = (await service.request('open', { path: sharedTrace('cpu') })) as OpenResult;
    assert.notEqual(service.model(c.traceId), undefined);
    await service.request('close', { traceId: c.traceId });
  });

  it('GPU utilization over the whole capture equals the union of cuda_gpu_trace intervals', async () => {
    const ops = csv('cpp', 'cuda_gpu_trace.csv').map((r) => [Number(r['Start (ns)']), Number(r['Start (ns)']) + Number(r['Duration (ns)'])] as const).sort((a, b) => a[0] - b[0]);
    let busy = 0;
    let cs = -1;
    let ce = -1;
    for (const [s, e] of ops) {
      if (s > ce) {
        busy += ce - cs;
        cs = s;
        ce = e;
      } else ce = Math.max(ce, e);
    }
    busy += ce - cs;
    const u = (await service.request('utilization', { traceId: cpp.traceId, t0: cpp.startNs, t1: cpp.endNs, bins: 1 })) as UtilizationMessage;
    assert.ok(Math.abs(u.gpus[0].values[0] - busy / (cpp.endNs - cpp.startNs)) < 0.001, `${u.gpus[0].values[0]} vs ${busy / (cpp.endNs - cpp.startNs)}`);
    // Bins add up to the same busy time.
    const fine = (await service.request('utilization', { traceId: cpp.traceId, t0: cpp.startNs, t1: cpp.endNs, bins: 1000 })) as UtilizationMessage;
    const sum = fine.gpus[0].values.reduce((a, b) => a + b, 0) * ((cpp.endNs - cpp.startNs) / 1000);
    assert.ok(Math.abs(sum - busy) / busy < 0.01);
    assert.ok(fine.gpus[0].values.every((v) => v >= 0 && v <= 1));
  });

  it('statistics of the whole capture count what nsys stats counts', async () => {
    const st = (await service.request('rangeStats', { traceId: cpp.traceId, t0: cpp.startNs, t1: cpp.endNs })) as RangeStats;
    for (const r of csv('cpp', 'cuda_gpu_kern_sum.csv')) assert.equal(st.rows.find((x) => x.category === 'Kernel' && x.name === r.Name)?.count, Number(r.Instances));
    for (const r of csv('cpp', 'cuda_api_sum.csv')) assert.equal(st.rows.find((x) => x.category === 'CUDA API' && x.name === r.Name)?.count, Number(r['Num Calls']), r.Name);
    for (const r of csv('cpp', 'nvtx_sum.csv')) {
      const row = st.rows.find((x) => x.category === 'NVTX' && x.name === r.Range)!;
      assert.equal(row.totalNs, Number(r['Total Time (ns)']), r.Range);
    }
    // A window of one frame: a third of a frame's ranges, shares sum to 100 per category.
    const frame = ((await service.request('occurrences', { traceId: cpp.traceId, table: 'nvtx', name: ':frame', limit: 100 })) as Occurrence[])[5];
    const one = (await service.request('rangeStats', { traceId: cpp.traceId, t0: frame.startNs, t1: frame.endNs })) as RangeStats;
    assert.equal(one.rows.find((r) => r.name === ':frame')?.count, 1);
    assert.equal(one.rows.find((r) => r.name === 'scale(float *, int, float)')?.count, 25);
    const share = one.rows.filter((r) => r.category === 'Kernel').reduce((a, r) => a + r.share, 0);
    assert.ok(Math.abs(share - 100) < 0.2);
  });

  it('occurrences list every event of a summary row, in time order, on its timeline row', async () => {
    const occ = (await service.request('occurrences', { traceId: cpp.traceId, table: 'nvtx', name: 'pipeline:infer_registered', limit: 1000 })) as Occurrence[];
    assert.equal(occ.length, Number(csv('cpp', 'nvtx_sum.csv').find((r) => r.Range === 'pipeline:infer_registered')!.Instances));
    assert.ok(occ.every((o, i) => i === 0 || o.startNs >= occ[i - 1].startNs));
    const rows = (await service.request('rows', { traceId: cpp.traceId })) as RowsMessage;
    assert.ok(rows.rows.some((r) => r.id === occ[0].rowId));
    const mem = (await service.request('occurrences', { traceId: cpp.traceId, table: 'memory', name: '[CUDA memcpy Device-to-Host]', limit: 1000 })) as Occurrence[];
    assert.equal(mem.length, 40);
  });

  it('copies on the timeline say pageable or pinned, as cuda_gpu_trace does', async () => {
    const view = (await service.request('view', { traceId: cpp.traceId, t0: cpp.startNs, t1: cpp.endNs, widthPx: 100000 })) as ViewMessage;
    const copies = view.slices.find((s) => s.rowId.endsWith('/memcpy'))!;
    const trace = csv('cpp', 'cuda_gpu_trace.csv').filter((r) => r.Name.startsWith('[CUDA memcpy'));
    for (let i = 0; i < copies.start.length; i++) {
      if (copies.count[i] !== 1) continue;
      const r = trace.find((t) => Number(t['Start (ns)']) === copies.start[i])!;
      assert.equal(view.strings[copies.label[i]], `${r.Name} ${r.SrcMemKd} → ${r.DstMemKd}`);
    }
  });

  it('jump to source resolves NVTX ranges of the capture to their literal lines in ../shared/traces/src', async () => {
    const src = fs.readFileSync(path.join(sharedDir, 'traces', 'src', 'cpp_pipeline.cu'), 'utf8').split('\n');
    for (const [name, domain, needle] of [
      ['upload', '', 'nvtxRangePushA("upload")'],
      ['nms_cpu', '', 'nvtxRangeStartA("nms_cpu")'],
      ['infer_registered', 'pipeline', '"infer_registered"'],
    ] as const) {
      const r = (await service.request('resolveSource', { name, domain })) as ResolveSourceResult;
      assert.ok(r.candidates.length > 0, `${domain}:${name} resolves`);
      assert.equal(path.basename(r.candidates[0].file), 'cpp_pipeline.cu');
      assert.equal(r.candidates[0].line, src.findIndex((l) => l.includes(needle)), `${domain}:${name} line`);
    }
    // `frame` is a literal in three functions of infer_pipeline.py; the sync capture's other
    // ranges (postprocess_nms_loop, ...) pick run_sync's.
    const sync = (await service.request('open', { path: sharedTrace('sync') })) as OpenResult;
    const py = fs.readFileSync(path.join(sharedDir, 'traces', 'src', 'infer_pipeline.py'), 'utf8').split('\n');
    const frame = (await service.request('resolveSource', { name: 'frame', domain: '', traceId: sync.traceId })) as ResolveSourceResult;
    assert.ok(frame.candidates.length >= 3);
    const runSync = py.findIndex((l) => l.startsWith('def run_sync'));
    const runCpu = py.findIndex((l) => l.startsWith('def run_cpu'));
    assert.ok(frame.candidates[0].line > runSync && frame.candidates[0].line < runCpu, `frame of sync at line ${frame.candidates[0].line}`);
    assert.ok(frame.candidates[0].score > frame.candidates[1].score, 'a clear winner opens without a quick pick');
    const none = (await service.request('resolveSource', { name: 'no_such_range_anywhere', domain: '' })) as ResolveSourceResult;
    assert.deepEqual(none.candidates, []);
  });
});
