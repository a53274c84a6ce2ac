// NVTX marks (instants) in the model and in the NVTX rows' level-of-detail answers, and NVTX
// category names (nvtxNameCategory) on ranges and marks. The oracle for the real capture is the
// export itself, read with SQL independently of the loader.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadTrace } from '../../../server/trace/load';
import { eventDetails, listRows, queryView } from '../../../server/trace/lod';
import { nvtxCategoryName } from '../../../server/trace/model';
import { summarize } from '../../../server/trace/summary';
import { getSqlJs } from '../../../server/trace/sqlJs';
import { buildDb, gtid, nsys2022Export, nvtxCategoriesExport, oldSchemaMultiGpu } from './fixtureDb';
import { capturePath } from './traceFiles';

async function markTimesInExport(file: string): Promise<number[]> {
  const SQL = await getSqlJs();
  const db = new SQL.Database(readFileSync(file));
  try {
    const r = db.exec("SELECT n.start FROM NVTX_EVENTS n WHERE n.eventType = 34 ORDER BY n.start");
    return (r[0]?.values ?? []).map((v) => Number(v[0]));
  } finally {
    db.close();
  }
}

test('cpp: the 40 frame_done marks are in the model and on the main thread NVTX row', async () => {
  const file = await capturePath('cpp');
  const m = await loadTrace(file);
  const times = await markTimesInExport(file);
  assert.equal(times.length, 40);
  assert.equal(m.marks.count, 40);
  assert.deepEqual(Array.from(m.marks.time), times);
  for (let i = 0; i < m.marks.count; i++) assert.equal(m.strings.strings[m.marks.nameId[i]], 'frame_done');

  const row = listRows(m).find((r) => r.kind === 'nvtx' && r.markCount);
  assert.ok(row, 'an NVTX row with marks');
  assert.equal(row.markCount, 40);
  const ranges = Array.from(m.nvtx.thread).filter((t) => t === m.marks.thread[0]).length;
  assert.equal(row.eventCount, ranges + 40);

  // Full view at 1000 px: every range and every mark accounted for; marks in time order.
  const v = queryView(m, { t0: m.startNs, t1: m.endNs, widthPx: 1000, rowIds: [row.id] });
  const s = v.slices[0];
  assert.ok(s.marks, 'marks on the row');
  assert.equal(s.marks.kind, 'nvtx-mark');
  const n = s.marks.time.length;
  for (const col of [s.marks.label, s.marks.colour, s.marks.count, s.marks.index]) assert.equal(col.length, n);
  assert.equal(s.marks.count.reduce((a, b) => a + b, 0), 40);
  assert.equal(s.count.reduce((a, b) => a + b, 0) + 40, row.eventCount);
  for (let i = 1; i < n; i++) assert.ok(s.marks.time[i] > s.marks.time[i - 1]);
  assert.ok(s.marks.label.every((l) => v.strings[l] === 'frame_done'));

  // Coarse zoom: 10 px for the whole capture merges marks that share a pixel.
  const coarse = queryView(m, { t0: m.startNs, t1: m.endNs, widthPx: 10, rowIds: [row.id] }).slices[0].marks;
  assert.ok(coarse);
  assert.ok(coarse.time.length <= 11, `${coarse.time.length} mark items at 10 px`);
  assert.ok(coarse.count.some((c) => c > 1), 'marks merged at coarse zoom');
  assert.equal(coarse.count.reduce((a, b) => a + b, 0), 40);

  // Zoomed on one mark: a single item at its exact time, details with the enclosing frame range.
  const k = 17;
  const zoom = queryView(m, { t0: times[k] - 1000, t1: times[k] + 1000, widthPx: 800, rowIds: [row.id] }).slices[0].marks;
  assert.ok(zoom);
  assert.deepEqual(zoom.time, [times[k]]);
  assert.deepEqual(zoom.count, [1]);
  const d = eventDetails(m, row.id, zoom.index[0], 'nvtx-mark');
  assert.ok(d);
  assert.equal(d.item, 'nvtx-mark');
  assert.equal(d.name, 'frame_done');
  assert.equal(d.startNs, times[k]);
  assert.equal(d.durationNs, 0);
  assert.equal(d.domain, '');
  assert.ok(d.enclosingRanges?.includes(':frame'), d.enclosingRanges?.join(' '));
  // A mark index asked for on a row of another thread is refused.
  const other = listRows(m).find((r) => r.kind === 'cuda-api');
  assert.ok(other);
  assert.equal(eventDetails(m, other.id, zoom.index[0], 'nvtx-mark'), undefined);
});

test('cpp: category 7 has no registered name; the range keeps the id and no name', async () => {
  const m = await loadTrace(await capturePath('cpp'));
  assert.deepEqual(m.nvtxCategories, []);
  const i = Array.from(m.nvtx.category).indexOf(7);
  assert.ok(i >= 0);
  assert.equal(nvtxCategoryName(m, m.nvtx.domain[i], 7), '');
  const row = listRows(m).find((r) => r.kind === 'nvtx' && r.id.startsWith(`p${m.threads[m.nvtx.thread[i]].pid}/t${m.threads[m.nvtx.thread[i]].tid}/`));
  assert.ok(row);
  const d = eventDetails(m, row.id, i);
  assert.equal(d?.category, 7);
  assert.equal(d?.categoryName, undefined);
});

test('category names (eventType 33, per process and domain) on ranges and marks; nvtx_sum figures unchanged', async () => {
  const m = await loadTrace(await buildDb(nvtxCategoriesExport()), { sourceName: 'categories.sqlite' });
  const names = m.nvtxCategories.map((c) => `${m.nvtxDomains[c.domain].name}/${c.category}=${c.name}`).sort();
  assert.deepEqual(names, ['Custom domain/1=boo', 'Custom domain/2=blah', 'Julia/11=compiler inference', 'Julia/1=GC auto']);
  const rows = listRows(m);
  const nvtxRow = rows.find((r) => r.kind === 'nvtx');
  assert.ok(nvtxRow);
  const byName = (n: string): number => Array.from(m.nvtx.nameId).findIndex((id) => m.strings.strings[id] === n);
  // The same category id means different names in different domains.
  assert.equal(eventDetails(m, nvtxRow.id, byName('inner range'))?.categoryName, 'boo');
  assert.equal(eventDetails(m, nvtxRow.id, byName('GC'))?.categoryName, 'GC auto');
  assert.equal(eventDetails(m, nvtxRow.id, byName('plain'))?.categoryName, undefined);
  // A mark with a category and a payload.
  assert.equal(m.marks.count, 1);
  const md = eventDetails(m, nvtxRow.id, 0, 'nvtx-mark');
  assert.equal(md?.name, 'alloc');
  assert.equal(md?.categoryName, 'compiler inference');
  assert.equal(md?.payload, 4096);
  // Summary rows stay those of nvtx_sum (no grouping by category): one row per range name.
  const s = summarize(m);
  assert.deepEqual(s.nvtx.map((r) => `${r.range} ${r.count}`).sort(), ['Custom domain:inner range 2', 'Julia:GC 1', ':plain 1'].sort());
});

test('a thread with marks and no ranges gets an NVTX row of marks only', async () => {
  const stmts = oldSchemaMultiGpu();
  stmts.push(`INSERT INTO NVTX_EVENTS VALUES (8000, NULL, 34, NULL, NULL, NULL, 'lonely mark', ${gtid(100, 555)})`);
  const m = await loadTrace(await buildDb(stmts), { sourceName: 'old.sqlite' });
  const row = listRows(m).find((r) => r.id === 'p100/t555/nvtx');
  assert.ok(row, listRows(m).map((r) => r.id).join(' '));
  assert.equal(row.eventCount, 1);
  assert.equal(row.markCount, 1);
  assert.equal(row.depthCount, 1);
  const s = queryView(m, { t0: m.startNs, t1: m.endNs, widthPx: 100, rowIds: [row.id] }).slices[0];
  assert.equal(s.start.length, 0);
  assert.deepEqual(s.marks?.time, [8000]);
});

test('an export in the nsys 2022 layout (nsys2json record): model, marks, summary equal to SQL over the same file', async () => {
  const bytes = await buildDb(nsys2022Export());
  const m = await loadTrace(bytes, { sourceName: 'nsys2022.sqlite' });
  assert.equal(m.nsysVersion, '');
  assert.equal(m.marks.count, 30);
  assert.equal(m.nvtx.count, 90);
  const s = summarize(m);
  // The oracle: the same aggregates computed by SQLite over the same bytes.
  const SQL = await getSqlJs();
  const db = new SQL.Database(bytes);
  try {
    const nvtx = db.exec(`SELECT coalesce(d.text, '') || ':' || coalesce(n.text, s.value), n.eventType, count(*), sum(n.end - n.start), min(n.end - n.start), max(n.end - n.start)
      FROM NVTX_EVENTS n LEFT JOIN StringIds s ON s.id = n.textId
      LEFT JOIN NVTX_EVENTS d ON d.eventType = 75 AND d.domainId = n.domainId AND n.domainId != 0
      WHERE n.eventType IN (59, 60) GROUP BY 1, 2 ORDER BY 1`)[0].values;
    assert.deepEqual(
      s.nvtx.map((r) => [r.range, r.style === 'PushPop' ? 59 : 60, r.count, r.totalNs, r.minNs, r.maxNs]).sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
      nvtx.map((r) => r.map((v) => (typeof v === 'string' ? v : Number(v)))),
    );
    const kern = db.exec(`SELECT s.value, count(*), sum(k.end - k.start), min(k.end - k.start), max(k.end - k.start)
      FROM CUPTI_ACTIVITY_KIND_KERNEL k JOIN StringIds s ON s.id = k.demangledName GROUP BY 1 ORDER BY 1`)[0].values;
    assert.deepEqual(
      s.kernels.map((r) => [r.name, r.count, r.totalNs, r.minNs, r.maxNs]).sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
      kern.map((r) => r.map((v) => (typeof v === 'string' ? v : Number(v)))),
    );
  } finally {
    db.close();
  }
  // The mark shows on the main thread's NVTX row.
  const row = listRows(m).find((r) => r.id === 'p4242/t4242/nvtx');
  assert.equal(row?.markCount, 30);
});
