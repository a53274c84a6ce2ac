// Regression tests for the QA audit of the pipeline linter (issue #3): unterminated quotes in
// host files, non-UTF-8 bytes, Dockerfile exec form, message wording.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { lintText } from '../../../server/lint/lintFile';
import { lintPipelineHost } from '../../../server/lint/pipeline/index';
import { diskFiles } from '../../../server/lint/diskFiles';
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

function tempFile(name: string, bytes: Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-utf8-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return file;
}

/** Lints a file the way the CLI and the workspace pass do (bytes decoded as UTF-8). */
function lintFromDisk(file: string): LintDiagnostic[] {
  return lintText(file, fs.readFileSync(file, 'utf8'), opts, diskFiles).diagnostics;
}

test('non-UTF-8 bytes: one file/invalid-utf8 at the first invalid byte with its value; every other finding is kept', () => {
  const line = 'gst-launch-1.0 filesrc location=caf\xe9.mp4 ! qtdemux ! avdec_h264 ! fakesink\n';
  const file = tempFile('latin.sh', Buffer.from(line, 'latin1'));
  const ds = lintFromDisk(file);
  const bad = ds.filter((d) => d.code === 'file/invalid-utf8');
  assert.equal(bad.length, 1, JSON.stringify(ds));
  assert.equal(bad[0].severity, 'warning');
  assert.equal(at(bad[0]), `0:${line.indexOf('\xe9')}`);
  assert.match(bad[0].message, /byte 0xE9/);
  assert.doesNotMatch(bad[0].message, /more/);
  assert.equal(ds.filter((d) => d.code === 'pipeline/software-decoder').length, 1, JSON.stringify(ds));
});

test('non-UTF-8 bytes: the count of further invalid sequences, and a written U+FFFD before them is skipped', () => {
  // line 0: a validly encoded U+FFFD (EF BF BD); line 1: 0xFF, then 0xC3 cut short, then 0x80 alone
  const bytes = Buffer.concat([
    Buffer.from('# \uFFFD is fine\n', 'utf8'),
    Buffer.from('gst-launch-1.0 videotestsrc ! textoverlay text=a', 'utf8'),
    Buffer.from([0xff, 0x62, 0xc3, 0x20, 0x80]),
    Buffer.from(' ! x264enc ! fakesink\n', 'utf8'),
  ]);
  const file = tempFile('many.sh', bytes);
  const ds = lintFromDisk(file);
  const bad = ds.filter((d) => d.code === 'file/invalid-utf8');
  assert.equal(bad.length, 1, JSON.stringify(ds));
  assert.equal(at(bad[0]), `1:${'gst-launch-1.0 videotestsrc ! textoverlay text=a'.length}`);
  assert.match(bad[0].message, /byte 0xFF .*and 2 more invalid sequences/);
  assert.ok(ds.some((d) => d.code === 'pipeline/software-encoder'), JSON.stringify(ds.map((d) => d.code)));
  // a file whose only U+FFFD is written as such is valid UTF-8
  const ok = tempFile('ok.sh', Buffer.from('# \uFFFD\ngst-launch-1.0 videotestsrc ! fakesink\n', 'utf8'));
  assert.deepEqual(lintFromDisk(ok).filter((d) => d.code === 'file/invalid-utf8'), []);
});

test('non-UTF-8 bytes in Python, Dockerfile and YAML config hosts; INI configs keep config/invalid-utf8 without a duplicate', () => {
  const py = tempFile('app.py', Buffer.from('import gi\np = Gst.parse_launch("filesrc location=caf\xe9.mp4 ! fakesink")\n', 'latin1'));
  const dpy = lintFromDisk(py).filter((d) => d.code === 'file/invalid-utf8');
  assert.equal(dpy.length, 1);
  assert.equal(at(dpy[0]), `1:${'p = Gst.parse_launch("filesrc location=caf'.length}`);
  const yml = tempFile('config_infer_primary.yml', Buffer.from('property:\n  gpu-id: 0\n  labelfile-path: labels_\xe9.txt\n  batch-size: 1\n', 'latin1'));
  const dy = lintFromDisk(yml);
  const utf = dy.filter((d) => d.code === 'file/invalid-utf8' || d.code === 'config/invalid-utf8');
  assert.equal(utf.length, 1, JSON.stringify(dy));
  assert.equal(utf[0].range.start.line, 2);
  const ini = tempFile('config_infer_primary.txt', Buffer.from('[property]\ngpu-id=0\nlabelfile-path=labels_\xe9.txt\nbatch-size=1\n', 'latin1'));
  const di = lintFromDisk(ini);
  assert.equal(di.filter((d) => d.code === 'file/invalid-utf8' || d.code === 'config/invalid-utf8').length, 1, JSON.stringify(di));
});

test('an open document (no file on disk) with U+FFFD gets the decoded-text message at the first one', () => {
  const text = 'gst-launch-1.0 filesrc location=caf\uFFFD.mp4 ! qtdemux ! fakesink\necho \uFFFD\n';
  const ds = lintText('/nonexistent/dir/run.sh', text, opts, files).diagnostics.filter((d) => d.code === 'file/invalid-utf8');
  assert.equal(ds.length, 1);
  assert.equal(at(ds[0]), `0:${text.indexOf('\uFFFD')}`);
  assert.match(ds[0].message, /U\+FFFD.*and 1 more/);
});

test('Dockerfile exec form: CMD / RUN / ENTRYPOINT JSON arrays are linted with positions inside the JSON strings', () => {
  const text = [
    'FROM ubuntu',
    'CMD ["gst-launch-1.0", "videotestsrc", "!", "jpegdec", "!", "fakesink"]',
    'RUN ["nsys", "profile", "gst-launch-1.0", "-e", "videotestsrc", "!", "x264enc", "!", "fakesink"]',
    'ENTRYPOINT [ "gst-launch-1.0", \\',
    '  "videotestsrc", "!", "avdec_h264", \\',
    '  "!", "fakesink" ]',
    '',
  ].join('\n');
  const ds = lintPipelineHost('/x/Dockerfile', text, 'dockerfile', opts, files);
  const lines = text.split('\n');
  const find = (code: string, line: number, word: string): LintDiagnostic => {
    const d = ds.find((x) => x.code === code && x.range.start.line === line);
    assert.ok(d, `${code} on line ${line}: ${JSON.stringify(ds)}`);
    assert.equal(d.range.start.character, lines[line].indexOf(`"${word}"`) + 1, JSON.stringify(d));
    assert.equal(d.range.end.character - d.range.start.character, word.length, JSON.stringify(d));
    return d;
  };
  find('pipeline/software-decoder', 1, 'jpegdec');
  find('pipeline/software-encoder', 2, 'x264enc');
  find('pipeline/software-decoder', 4, 'avdec_h264');
  // the quick fix edits the element's characters inside the JSON string
  const fix = find('pipeline/software-decoder', 1, 'jpegdec').fixes?.[0]?.edits[0];
  assert.ok(fix);
  assert.equal(fix.range.start.character, lines[1].indexOf('"jpegdec"') + 1);
  assert.equal(fix.range.end.character, lines[1].indexOf('"jpegdec"') + 1 + 'jpegdec'.length);
  assert.equal(fix.newText, 'nvjpegdec');
  assert.ok(!ds.some((d) => d.severity === 'error'), JSON.stringify(ds));
});

test('Dockerfile exec form: JSON escapes are decoded and positions map to the escaped characters', () => {
  // \u0021 is `!`, \" quotes a caps string; the unknown element sits after escapes on the line
  const line = 'CMD ["gst-launch-1.0", "videotestsrc", "\\u0021", "capsfilter", "caps=\\"video/x-raw,width=640\\"", "!", "fakesinkk"]';
  const ds = lintPipelineHost('/x/Dockerfile', `FROM ubuntu\n${line}\n`, 'dockerfile', opts, files);
  const unknown = ds.filter((d) => d.code === 'pipeline/unknown-element');
  assert.equal(unknown.length, 1, JSON.stringify(ds));
  assert.match(unknown[0].message, /`fakesinkk`/);
  assert.equal(unknown[0].range.start.line, 1);
  assert.equal(unknown[0].range.start.character, line.indexOf('fakesinkk'));
  assert.ok(!ds.some((d) => d.code === 'pipeline/syntax'), JSON.stringify(ds));
});

test('Dockerfile: an array that is not JSON is not taken for exec form, and shell form still works after it', () => {
  const text = 'FROM ubuntu\nCMD ["gst-launch-1.0", videotestsrc]\nRUN gst-launch-1.0 videotestsrc ! jpegdec ! fakesink\n';
  const ds = lintPipelineHost('/x/Dockerfile', text, 'dockerfile', opts, files);
  assert.deepEqual(ds.map((d) => `${d.code}@${at(d)}`), [`pipeline/software-decoder@2:${'RUN gst-launch-1.0 videotestsrc ! '.length}`]);
});

test('Python and C: an unterminated string literal is reported at its quote, without a cascade from the code after it', () => {
  const py = 'import gi\np = Gst.parse_launch("videotestsrc ! fakesink)\nq = Gst.parse_launch("videotestsrc ! avdec_h264 ! fakesink")\n';
  const dp = lintPipelineHost('/x/app.py', py, 'python', opts, files);
  assert.deepEqual(
    dp.map((d) => `${d.code}@${at(d)}`),
    [`pipeline/syntax@1:${'p = Gst.parse_launch('.length}`, `pipeline/software-decoder@2:${'q = Gst.parse_launch("videotestsrc ! '.length}`],
    JSON.stringify(dp),
  );
  assert.match(dp[0].message, /Unterminated string literal/);
  const c = 'int main(void) {\n  GstElement *p = gst_parse_launch("videotestsrc ! fakesink, NULL); // go\n  GstElement *q = gst_parse_launch("videotestsrc ! x264enc ! fakesink", NULL);\n}\n';
  const dc = lintPipelineHost('/x/app.c', c, 'c', opts, files);
  assert.deepEqual(
    dc.map((d) => `${d.code}@${at(d)}`),
    [`pipeline/syntax@1:${'  GstElement *p = gst_parse_launch('.length}`, `pipeline/software-encoder@2:${'  GstElement *q = gst_parse_launch("videotestsrc ! '.length}`],
    JSON.stringify(dc),
  );
  // a literal with an escaped quote, closed on its line, is not unterminated
  const ok = lintPipelineHost('/x/ok.c', 'void f(void) { gst_parse_launch("videotestsrc ! capsfilter caps=\\"video/x-raw\\" ! fakesink", NULL); }\n', 'c', opts, files);
  assert.ok(!ok.some((d) => d.severity === 'error'), JSON.stringify(ok));
});
