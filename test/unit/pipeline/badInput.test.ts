import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { lintText } from '../../../server/lint/lintFile';
import { lintPipelineHost } from '../../../server/lint/pipeline/index';
import type { FileAccess } from '../../../server/lint/diagnostic';

const files: FileAccess = { readText: () => ({ error: 'none' }), exists: () => false };
const opts = { target: 'dgpu' as const, dsVersion: '9.1' };

test('binary files are skipped with a reason', () => {
  const bin = String.fromCharCode(...Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
  const r = lintText('/x/p.gst', bin, opts, files);
  assert.match(r.skipped ?? '', /binary/);
});

test('a 10 MB single line is skipped with a reason at its start, in bounded time (.gst and shell hosts)', () => {
  const unit = 'videotestsrc ! queue ! fakesink ';
  const big = unit.repeat(Math.ceil((10 * 1024 * 1024) / unit.length));
  for (const [kind, file, text] of [
    ['gst-pipeline', '/x/p.gst', big],
    ['shell', '/x/run.sh', `echo start\ngst-launch-1.0 ${big}\necho end\n`],
  ] as const) {
    const t0 = Date.now();
    const ds = lintPipelineHost(file, text, kind, opts, files);
    const ms = Date.now() - t0;
    assert.ok(ms < 30_000, `${kind}: took ${ms} ms`);
    assert.equal(ds.length, 1, JSON.stringify(ds.map((d) => d.code)));
    assert.equal(ds[0].code, 'pipeline/too-large');
    assert.match(ds[0].message, /MB long/);
    assert.deepEqual(ds[0].range.start, { line: kind === 'shell' ? 1 : 0, character: 0 });
  }
});

test('half a megabyte of garbage on one line: errors are capped and each sits on that line', () => {
  const junk = '! ( " = , ; . '.repeat(Math.floor((512 * 1024) / 14));
  const t1 = Date.now();
  const dj = lintPipelineHost('/x/p.gst', junk, 'gst-pipeline', opts, files);
  assert.ok(Date.now() - t1 < 30_000);
  assert.ok(dj.length > 0 && dj.length <= 400, `${dj.length} diagnostics`);
  for (const d of dj) assert.equal(d.range.start.line, 0);
});

test('unbalanced parentheses and quotes get a diagnostic at the right place', () => {
  const text = 'videotestsrc ! ( queue ! fakesink\n';
  const ds = lintPipelineHost('/x/a.gst', text, 'gst-pipeline', opts, files);
  const e = ds.find((d) => /never closed/.test(d.message));
  assert.ok(e);
  assert.deepEqual(e.range.start, { line: 0, character: 15 });
  const deep = lintPipelineHost('/x/b.gst', '( '.repeat(50_000) + 'a', 'gst-pipeline', opts, files);
  assert.ok(deep.some((d) => /nested deeper/.test(d.message)));
  const q = lintPipelineHost('/x/a.gst', 'filesrc location="a.mp4 ! fakesink', 'gst-pipeline', opts, files);
  const u = q.find((d) => /Unterminated quote/.test(d.message));
  assert.ok(u);
  assert.deepEqual(u.range, { start: { line: 0, character: 17 }, end: { line: 0, character: 18 } });
});

test('non-UTF-8 bytes (decoded as U+FFFD) and astral characters keep UTF-16 positions', () => {
  const text = 'gst-launch-1.0 filesrc location=\ufffd\ufffd\ud83d\ude00.mp4 ! nvvideoconvrt ! fakesink\n';
  const ds = lintPipelineHost('/x/a.sh', text, 'shell', opts, files);
  const d = ds.find((x) => x.code === 'pipeline/unknown-element');
  assert.ok(d);
  const at = text.indexOf('nvvideoconvrt');
  assert.deepEqual(d.range, { start: { line: 0, character: at }, end: { line: 0, character: at + 'nvvideoconvrt'.length } });
});
