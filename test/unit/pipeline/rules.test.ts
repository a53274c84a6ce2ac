import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintPipelineHost, pipelineRuleDocs } from '../../../server/lint/pipeline/index';
import { runPipelineRules } from '../../../server/lint/pipeline/rules/index';
import { diskFiles } from '../../../server/lint/diskFiles';
import type { FileAccess, LintDiagnostic, LintOptions, Range } from '../../../server/lint/diagnostic';
import type { PipelineGraph } from '../../../server/lint/pipeline/model';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const fixtures = path.join(repoRoot, 'test', 'fixtures', 'pipeline');
const dgpu: LintOptions = { target: 'dgpu', dsVersion: '9.1' };
const jetson: LintOptions = { target: 'jetson', dsVersion: '9.1' };
const noFiles: FileAccess = { readText: () => ({ error: 'no files in this test' }), exists: () => false };

function lint(line: string, options = dgpu, files = noFiles, file = '/w/run.sh'): LintDiagnostic[] {
  return lintPipelineHost(file, `gst-launch-1.0 ${line}\n`, 'shell', options, files);
}
function codes(ds: LintDiagnostic[]): string[] {
  return ds.map((d) => d.code);
}
function only(ds: LintDiagnostic[], code: string): LintDiagnostic[] {
  return ds.filter((d) => d.code === code);
}
/** Apply a fix's edits to a single-line text (line 0). */
function applyFix(text: string, edits: { range: Range; newText: string }[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.range.start.character - a.range.start.character)) {
    out = out.slice(0, e.range.start.character) + e.newText + out.slice(e.range.end.character);
  }
  return out;
}
const prefix = 'gst-launch-1.0 ';

test('every rule that can be reported has a RuleDoc', () => {
  const ids = new Set(pipelineRuleDocs().map((d) => d.id));
  for (const id of ['pipeline/software-decoder', 'pipeline/software-encoder', 'pipeline/cpu-convert-in-nvmm-pipeline', 'pipeline/system-memory-caps-between-nvidia-elements', 'pipeline/tee-without-queue', 'pipeline/encode-then-decode', 'pipeline/streammux-batch-size', 'pipeline/infer-batch-size', 'pipeline/muxer-double-scaling', 'pipeline/osd-cpu-mode', 'pipeline/profiling-tiler-osd', 'pipeline/display-sink-sync', 'pipeline/unknown-element', 'pipeline/unknown-property', 'pipeline/invalid-property-value', 'pipeline/unlinked-pad', 'pipeline/doubly-linked-pad', 'pipeline/duplicate-name', 'pipeline/syntax', 'pipeline/unknown-reference', 'pipeline/empty-branch', 'pipeline/property-not-on-target']) {
    assert.ok(ids.has(id), `missing doc for ${id}`);
  }
});

test('software decoder and encoder, with the element named and a safe replacement', () => {
  const line = 'filesrc location=a.mp4 ! qtdemux ! h264parse ! avdec_h264 ! videoconvert ! x264enc ! fakesink';
  const ds = lint(line);
  const dec = only(ds, 'pipeline/software-decoder');
  assert.equal(dec.length, 1);
  assert.match(dec[0].message, /avdec_h264.*nvv4l2decoder/);
  const fixed = applyFix(prefix + line, dec[0].fixes?.[0].edits ?? []);
  assert.match(fixed, /h264parse ! nvv4l2decoder ! nvvideoconvert ! videoconvert/, 'videoconvert takes no NVMM: the fix adds nvvideoconvert');
  const enc = only(ds, 'pipeline/software-encoder');
  assert.equal(enc.length, 1);
  assert.match(enc[0].message, /x264enc.*nvv4l2h264enc/);
  assert.equal(only(lint('videotestsrc ! jpegenc ! jpegdec ! fakesink'), 'pipeline/software-decoder')[0].fixes?.[0].edits[0].newText, 'nvjpegdec');
  // no replacement offered when the element has properties the NVIDIA one lacks
  assert.deepEqual(only(lint('videotestsrc ! x264enc speed-preset=1 ! fakesink'), 'pipeline/software-encoder')[0].fixes, []);
});

test('CPU videoconvert only flagged when the pipeline carries NVMM', () => {
  assert.equal(only(lint('videotestsrc ! videoconvert ! autovideosink'), 'pipeline/cpu-convert-in-nvmm-pipeline').length, 0);
  const ds = only(lint('filesrc location=a.h264 ! h264parse ! nvv4l2decoder ! videoconvert ! videoscale ! fakesink'), 'pipeline/cpu-convert-in-nvmm-pipeline');
  assert.equal(ds.length, 2);
  assert.equal(ds[0].fixes?.[0].edits[0].newText, 'nvvideoconvert');
});

test('video/x-raw caps without memory:NVMM between NVIDIA elements; quick fix inserts the feature', () => {
  const line = 'videotestsrc ! nvvideoconvert ! video/x-raw,format=RGBA ! nvdsosd ! fakesink';
  const ds = only(lint(line), 'pipeline/system-memory-caps-between-nvidia-elements');
  assert.equal(ds.length, 1);
  assert.match(ds[0].message, /nvvideoconvert.*nvdsosd/);
  assert.equal(applyFix(prefix + line, ds[0].fixes?.[0].edits ?? []), prefix + 'videotestsrc ! nvvideoconvert ! video/x-raw(memory:NVMM),format=RGBA ! nvdsosd ! fakesink');
  // system memory caps towards a CPU consumer are legitimate
  assert.equal(only(lint('videotestsrc ! nvvideoconvert ! video/x-raw,format=RGB ! filesink location=o.rgb'), 'pipeline/system-memory-caps-between-nvidia-elements').length, 0);
});

test('tee branches without queue; the fix inserts a queue', () => {
  const line = 'videotestsrc ! tee name=t t. ! queue ! fakesink t. ! fakesink';
  const ds = only(lint(line), 'pipeline/tee-without-queue');
  assert.equal(ds.length, 1);
  assert.equal(applyFix(prefix + line, ds[0].fixes?.[0].edits ?? []), prefix + 'videotestsrc ! tee name=t t. ! queue ! fakesink t. ! queue ! fakesink');
  assert.equal(only(lint('videotestsrc ! tee name=t t. ! queue ! fakesink t. ! queue ! fakesink'), 'pipeline/tee-without-queue').length, 0);
});

test('encode followed by decode', () => {
  const ds = only(lint('videotestsrc ! nvvideoconvert ! nvv4l2h264enc ! h264parse ! nvv4l2decoder ! fakesink'), 'pipeline/encode-then-decode');
  assert.equal(ds.length, 1);
  assert.match(ds[0].message, /nvv4l2h264enc.*nvv4l2decoder/);
  assert.equal(only(lint('videotestsrc ! nvvideoconvert ! nvv4l2h264enc ! h264parse ! filesink location=o.h264'), 'pipeline/encode-then-decode').length, 0);
});

test('nvstreammux batch-size against linked sources, with a fix', () => {
  const line = 'videotestsrc ! nvvideoconvert ! m.sink_0 videotestsrc ! nvvideoconvert ! m.sink_1 nvstreammux name=m batch-size=4 width=1280 height=720 ! fakesink';
  const ds = only(lint(line), 'pipeline/streammux-batch-size');
  assert.equal(ds.length, 1);
  assert.match(ds[0].message, /batch-size=4 but 2 sources/);
  assert.equal(ds[0].fixes?.[0].edits[0].newText, '2');
});

test('cross-file: nvinfer config batch-size and model input against the muxer (fixture files on disk)', () => {
  const file = path.join(fixtures, 'four_sources.sh');
  const ds = lintPipelineHost(file, fs.readFileSync(file, 'utf8'), 'shell', dgpu, diskFiles);
  const batch = only(ds, 'pipeline/infer-batch-size');
  assert.equal(batch.length, 1, JSON.stringify(codes(ds)));
  assert.match(batch[0].message, /batch-size 1 \(configs\/pgie_b1\.txt \[property\] batch-size\) but .*nvstreammux.* batches 4/);
  const scale = only(ds, 'pipeline/muxer-double-scaling');
  assert.equal(scale.length, 1);
  assert.match(scale[0].message, /1920x1080 .* 960x544/);
  assert.equal(only(ds, 'pipeline/streammux-batch-size').length, 0, 'four sources, batch 4');
  // the secondary nvinfer (process-mode=2 in its config) is not compared
  assert.ok(!batch[0].message.includes('sgie'));
});

test('cross-file: YAML nvinfer config and the element property overriding the config', () => {
  const file = path.join(fixtures, 'inline.sh');
  const files: FileAccess = {
    readText: (p) => diskFiles.readText(p),
    exists: (p) => diskFiles.exists(p),
  };
  const src = 'gst-launch-1.0 videotestsrc ! nvvideoconvert ! m.sink_0 nvstreammux name=m batch-size=1 width=960 height=544 ! nvinfer config-file-path=configs/pgie_b4.yml ! fakesink\n';
  const ds = lintPipelineHost(file, src, 'shell', dgpu, files);
  const b = only(ds, 'pipeline/infer-batch-size');
  assert.equal(b.length, 1);
  assert.match(b[0].message, /batch-size 4/);
  assert.equal(only(ds, 'pipeline/muxer-double-scaling').length, 0, 'muxer output equals the model input');
  const own = lintPipelineHost(file, src.replace('nvinfer ', 'nvinfer batch-size=1 '), 'shell', dgpu, files);
  assert.equal(only(own, 'pipeline/infer-batch-size').length, 0, 'the element property overrides the config');
  const missing = lintPipelineHost(file, src.replace('pgie_b4.yml', 'nope.txt'), 'shell', dgpu, files);
  assert.equal(only(missing, 'pipeline/infer-config-not-found').length, 1);
});

test('nvdsosd process-mode=0 draws on the CPU', () => {
  const ds = only(lint('videotestsrc ! nvvideoconvert ! nvdsosd process-mode=0 ! fakesink'), 'pipeline/osd-cpu-mode');
  assert.equal(ds.length, 1);
  assert.equal(ds[0].fixes?.[0].edits[0].newText, '1');
  assert.equal(only(lint('videotestsrc ! nvvideoconvert ! nvdsosd process-mode=MODE_CPU ! fakesink'), 'pipeline/osd-cpu-mode').length, 1);
  assert.equal(only(lint('videotestsrc ! nvvideoconvert ! nvdsosd process-mode=1 ! fakesink'), 'pipeline/osd-cpu-mode').length, 0);
});

test('profiling hints only when the run is measured (nsys prefix)', () => {
  const line = 'videotestsrc ! nvvideoconvert ! m.sink_0 nvstreammux name=m batch-size=1 width=1280 height=720 ! nvmultistreamtiler ! nvdsosd ! nveglglessink';
  assert.equal(only(lint(line), 'pipeline/profiling-tiler-osd').length, 0);
  assert.equal(only(lint(line), 'pipeline/display-sink-sync').length, 0);
  const measured = lintPipelineHost('/w/p.sh', `nsys profile -o r gst-launch-1.0 ${line}\n`, 'shell', dgpu, noFiles);
  assert.equal(only(measured, 'pipeline/profiling-tiler-osd').length, 2);
  const sync = only(measured, 'pipeline/display-sink-sync');
  assert.equal(sync.length, 1);
  assert.equal(sync[0].severity, 'hint');
  assert.equal(sync[0].fixes?.[0].edits[0].newText, ' sync=false');
});

test('unknown element and property with did-you-mean; values out of range / not in the enum', () => {
  const ds = lint('videotestsrc ! nvvideoconvrt ! nvvideoconvert flip-methd=1 ! nvvideoconvert flip-method=9 ! queue max-size-buffers=-1 leaky=sideways ! fakesink sync=maybe');
  const el = only(ds, 'pipeline/unknown-element');
  assert.equal(el.length, 1);
  assert.match(el[0].message, /nvvideoconvrt.*did you mean `nvvideoconvert`/);
  assert.equal(el[0].severity, 'error');
  const prop = only(ds, 'pipeline/unknown-property');
  assert.equal(prop.length, 1);
  assert.match(prop[0].message, /flip-methd.*did you mean `flip-method`/);
  const vals = only(ds, 'pipeline/invalid-property-value').map((d) => d.message);
  assert.equal(vals.length, 4, vals.join('\n'));
  assert.ok(vals.some((m) => /flip-method.*`9` is not one of/.test(m)));
  assert.ok(vals.some((m) => /max-size-buffers.*negative/.test(m)));
  assert.ok(vals.some((m) => /leaky.*`sideways`/.test(m)));
  assert.ok(vals.some((m) => /sync.*not a boolean/.test(m)));
  // enum by nick and by number are both fine, as gst_value_deserialize accepts both
  assert.equal(only(lint('videotestsrc ! queue leaky=downstream ! queue leaky=2 ! fakesink'), 'pipeline/invalid-property-value').length, 0);
  // underscores are accepted for dashes
  assert.equal(only(lint('videotestsrc ! queue max_size_buffers=3 ! fakesink'), 'pipeline/unknown-property').length, 0);
});

test('target setting: VIC compute-hw and Jetson-only elements', () => {
  const line = 'videotestsrc ! nvvideoconvert compute-hw=2 ! nv3dsink';
  const onDgpu = lint(line, dgpu);
  assert.equal(only(onDgpu, 'pipeline/property-not-on-target').length, 1);
  assert.equal(only(onDgpu, 'pipeline/element-not-on-target').length, 1);
  const onJetson = lint(line, jetson);
  assert.equal(only(onJetson, 'pipeline/property-not-on-target').length, 0);
  assert.equal(only(onJetson, 'pipeline/element-not-on-target').length, 0);
  assert.equal(only(lint('videotestsrc ! nvvideoconvert compute-hw=1 ! fakesink', dgpu), 'pipeline/property-not-on-target').length, 0);
});

test('unlinked, doubly linked pads and duplicate names', () => {
  const ds = lint('videotestsrc ! m.sink_0 videotestsrc ! m.sink_0 nvstreammux name=m batch-size=2 width=1280 height=720 ! queue name=q ! fakesink  videotestsrc ! queue name=q');
  assert.equal(only(ds, 'pipeline/doubly-linked-pad').length, 1);
  assert.match(only(ds, 'pipeline/doubly-linked-pad')[0].message, /sink_0/);
  assert.equal(only(ds, 'pipeline/duplicate-name').length, 1);
  const unl = only(ds, 'pipeline/unlinked-pad');
  assert.equal(unl.length, 1);
  assert.match(unl[0].message, /output of `queue` "q"/);
  const two = only(lint('videotestsrc name=v ! fakesink v. ! fakesink'), 'pipeline/doubly-linked-pad');
  assert.equal(two.length, 1);
  assert.match(two[0].message, /single src pad.*tee/);
});

test('rules run on a graph not produced by the parser (ranges come from the graph nodes)', () => {
  const r = (line: number): Range => ({ start: { line, character: 0 }, end: { line, character: 5 } });
  const graph: PipelineGraph = {
    origin: 'config',
    hostPath: path.join(fixtures, 'deepstream_app.txt'),
    elements: [
      { id: 0, factory: 'nvstreammux', properties: [{ key: 'batch-size', value: '4', keyRange: r(10), valueRange: r(10), range: r(10) }, { key: 'width', value: '1920', keyRange: r(11), valueRange: r(11), range: r(11) }, { key: 'height', value: '1080', keyRange: r(12), valueRange: r(12), range: r(12) }], range: r(9), factoryRange: r(9) },
      { id: 1, factory: 'nvinfer', properties: [{ key: 'config-file-path', value: 'configs/pgie_b1.txt', keyRange: r(20), valueRange: r(20), range: r(20) }], range: r(19), factoryRange: r(19) },
      { id: 2, factory: 'nvdsosd', properties: [{ key: 'process-mode', value: '0', keyRange: r(30), valueRange: r(30), range: r(30) }], range: r(29), factoryRange: r(29) },
      { id: 3, factory: 'fakesink', properties: [], range: r(40), factoryRange: r(40) },
    ],
    links: [
      { from: { element: 0 }, to: { element: 1 }, range: r(9) },
      { from: { element: 1 }, to: { element: 2 }, range: r(19) },
      { from: { element: 2 }, to: { element: 3 }, range: r(29) },
    ],
  };
  const ds = runPipelineRules(graph, { options: dgpu, files: diskFiles });
  const batch = only(ds, 'pipeline/infer-batch-size');
  assert.equal(batch.length, 1);
  assert.equal(batch[0].range.start.line, 20, 'range from the graph node');
  assert.equal(only(ds, 'pipeline/osd-cpu-mode')[0].range.start.line, 30);
  assert.equal(only(ds, 'pipeline/muxer-double-scaling')[0].range.start.line, 11);
});

test('severity overrides turn rules off', () => {
  const ds = runPipelineRules(
    { origin: 'launch', hostPath: '', elements: [{ id: 0, factory: 'avdec_h264', properties: [], range: { start: { line: 0, character: 0 }, end: { line: 0, character: 10 } }, factoryRange: { start: { line: 0, character: 0 }, end: { line: 0, character: 10 } } }], links: [] },
    { options: { ...dgpu, severities: { 'pipeline/software-decoder': 'off' } }, files: noFiles },
  );
  assert.ok(!codes(ds).includes('pipeline/software-decoder'));
});
