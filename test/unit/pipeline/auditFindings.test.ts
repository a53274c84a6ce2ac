// Regression tests for the QA audit of the pipeline linter (issue #3): unterminated quotes in
// host files, non-UTF-8 bytes, Dockerfile exec form, message wording.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { lintText } from '../../../server/lint/lintFile';
import { lintPipelineHost } from '../../../server/lint/pipeline/index';
import type { FileAccess, LintDiagnostic } from '../../../server/lint/diagnostic';

const files: FileAccess = { readText: () => ({ error: 'none' }), exists: () => false };
const opts = { target: 'dgpu' as const, dsVersion: '9.1' };

function at(d: LintDiagnostic): string {
  return `${d.range.start.line}:${d.range.start.character}`;
}

test('shell: an unterminated quote is reported at the quote and the next commands are not swallowed', () => {
  for (const q of ['"', "'"]) {
    const text = `gst-launch-1.0 videotestsrc pattern=${q}ball ! fakesink\necho done\nls -l\ngst-launch-1.0 filesrc location=a.mp4 ! qtdemux ! h264parse ! avdec_h264 ! fakesink\n`;
    const ds = lintPipelineHost('/x/run.sh', text, 'shell', opts, files);
    const unclosed = ds.filter((d) => /Unterminated shell quote/.test(d.message));
    assert.equal(unclosed.length, 1, JSON.stringify(ds));
    assert.equal(unclosed[0].code, 'pipeline/syntax');
    assert.equal(at(unclosed[0]), `0:${text.indexOf(q)}`);
    assert.ok(unclosed[0].message.includes(`\`${q}\``));
    // nothing reported on the echo / ls lines, no text the extractor inserted (`\`) in a message
    assert.deepEqual(ds.filter((d) => d.range.start.line === 1 || d.range.start.line === 2), [], JSON.stringify(ds));
    assert.ok(!ds.some((d) => /unexpected `\\`|`echo`|`ls`/.test(d.message)), JSON.stringify(ds));
    // the command after them is linted normally
    const dec = ds.filter((d) => d.code === 'pipeline/software-decoder');
    assert.equal(dec.length, 1);
    assert.equal(dec[0].range.start.line, 3);
  }
});

test('shell: a quote closed on a later line is still one word (no false unterminated quote)', () => {
  const text = 'gst-launch-1.0 videotestsrc ! "video/x-raw,\nwidth=640" ! fakesink\necho "a \\\n b"\n';
  const ds = lintPipelineHost('/x/run.sh', text, 'shell', opts, files);
  assert.ok(!ds.some((d) => /Unterminated/.test(d.message)), JSON.stringify(ds));
  assert.ok(!ds.some((d) => d.severity === 'error'), JSON.stringify(ds));
});

test('shell: an unterminated quote on a continued line keeps the continuation and stops at its end', () => {
  const text = 'gst-launch-1.0 videotestsrc ! \\\n  textoverlay text="hi ! \\\n  fakesink\necho next\n';
  const ds = lintPipelineHost('/x/run.sh', text, 'shell', opts, files);
  const unclosed = ds.filter((d) => /Unterminated shell quote/.test(d.message));
  assert.equal(unclosed.length, 1, JSON.stringify(ds));
  assert.equal(at(unclosed[0]), `1:${'  textoverlay text='.length}`);
  assert.ok(!ds.some((d) => d.range.start.line === 3), JSON.stringify(ds));
});

test('markdown: an unterminated quote inside a fenced gst-launch block is reported there', () => {
  const text = '# Run\n\n```sh\ngst-launch-1.0 videotestsrc pattern="ball ! fakesink\necho done\n```\n';
  const ds = lintPipelineHost('/x/README.md', text, 'markdown', opts, files);
  const unclosed = ds.filter((d) => /Unterminated shell quote/.test(d.message));
  assert.equal(unclosed.length, 1, JSON.stringify(ds));
  assert.equal(at(unclosed[0]), `3:${'gst-launch-1.0 videotestsrc pattern='.length}`);
  assert.ok(!ds.some((d) => d.range.start.line === 4), JSON.stringify(ds));
});

test('lintText keeps the unterminated-quote diagnostic for a .sh file', () => {
  const r = lintText('/x/q6.sh', 'gst-launch-1.0 videotestsrc pattern="ball ! fakesink\necho done\nls -l\n', opts, files);
  assert.ok(r.diagnostics.some((d) => d.code === 'pipeline/syntax' && /Unterminated shell quote/.test(d.message)));
  assert.ok(!r.diagnostics.some((d) => d.code === 'pipeline/unknown-element'), JSON.stringify(r.diagnostics));
});

test('infer-batch-size: "batches 1 frame" (singular) and "batches 2 frames"', () => {
  for (const [mux, word] of [
    [1, '1 frame.'],
    [2, '2 frames.'],
  ] as const) {
    const sources = Array.from({ length: mux }, (_, k) => `videotestsrc ! nvvideoconvert ! m.sink_${k} `).join('');
    const line = `${sources}nvstreammux name=m batch-size=${mux} width=1280 height=720 ! nvinfer config-file-path=pgie.txt batch-size=4 ! fakesink`;
    const ds = lintPipelineHost('/x/p.gst', line, 'gst-pipeline', opts, files).filter((d) => d.code === 'pipeline/infer-batch-size');
    assert.equal(ds.length, 1, JSON.stringify(ds));
    assert.ok(ds[0].message.endsWith(`batches ${word}`), ds[0].message);
  }
});
