// System-memory caps after an element that outputs only NVMM (nvv4l2decoder), and the hardware
// decoder quick fix offered only where the fixed pipeline negotiates (audit #3.3, #3.4), with the
// verified corpus pipelines as the check that no new finding appears on pipelines that run.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { sharedRoot } from '../config/support';
import { lintPipelineHost } from '../../../server/lint/pipeline/index';
import { runPipelineRules } from '../../../server/lint/pipeline/rules/index';
import { diskFiles } from '../../../server/lint/diskFiles';
import type { FileAccess, LintDiagnostic, LintOptions, Range } from '../../../server/lint/diagnostic';
import type { PipelineGraph } from '../../../server/lint/pipeline/model';

const corpus = path.join(sharedRoot, 'corpus');
const dgpu: LintOptions = { target: 'dgpu', dsVersion: '9.1' };
const noFiles: FileAccess = { readText: () => ({ error: 'no files in this test' }), exists: () => false };
const prefix = 'gst-launch-1.0 ';
const capsRule = 'pipeline/system-memory-caps-between-nvidia-elements';

function lint(line: string, options = dgpu): LintDiagnostic[] {
  return lintPipelineHost('/w/run.sh', `${prefix}${line}\n`, 'shell', options, noFiles);
}
function only(ds: LintDiagnostic[], code: string): LintDiagnostic[] {
  return ds.filter((d) => d.code === code);
}
/** Applies a fix's edits to the line (line 0), last edit first. */
function applyFix(text: string, edits: { range: Range; newText: string }[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.range.start.character - a.range.start.character)) out = out.slice(0, e.range.start.character) + e.newText + out.slice(e.range.end.character);
  return out;
}

test('video/x-raw without NVMM right after nvv4l2decoder (outputs only NVMM) is reported, with the NVMM fix', () => {
  const line = 'filesrc location=a.mp4 ! qtdemux ! h264parse ! nvv4l2decoder ! video/x-raw,format=NV12 ! nvvideoconvert ! fakesink';
  const ds = only(lint(line), capsRule);
  assert.equal(ds.length, 1);
  assert.match(ds[0].message, /nvv4l2decoder.*nvvideoconvert.*outputs only NVMM buffers: the link fails to negotiate/);
  assert.equal((prefix + line).slice(ds[0].range.start.character, ds[0].range.end.character), 'video/x-raw,format=NV12');
  const fixed = applyFix(prefix + line, ds[0].fixes?.[0].edits ?? []);
  assert.match(fixed, /nvv4l2decoder ! video\/x-raw\(memory:NVMM\),format=NV12 ! nvvideoconvert/);
  assert.deepEqual(only(lint(fixed.slice(prefix.length)), capsRule), [], 'the fixed line is clean');
  // Through a queue too.
  assert.equal(only(lint('filesrc location=a.mp4 ! h264parse ! nvv4l2decoder ! queue ! video/x-raw,format=NV12 ! nvvideoconvert ! fakesink'), capsRule).length, 1);
});

test('system caps from an element that can output system memory into one that takes both stay quiet', () => {
  // nvvideoconvert may output system memory, nveglglessink takes both: a valid (if slower) choice, as before.
  assert.deepEqual(only(lint('videotestsrc ! nvvideoconvert ! video/x-raw,format=RGBA ! nveglglessink'), capsRule), []);
  // Decoder to a CPU element through system caps is not "between NVIDIA elements".
  assert.deepEqual(only(lint('filesrc location=a.mp4 ! h264parse ! nvv4l2decoder ! video/x-raw ! fakesink'), capsRule), []);
  // The downstream-only-NVMM case still fires as before.
  assert.equal(only(lint('videotestsrc ! nvvideoconvert ! video/x-raw,format=RGBA ! nvdsosd ! fakesink'), capsRule).length, 1);
});

function decoderFix(line: string) {
  const d = only(lint(line), 'pipeline/software-decoder');
  assert.equal(d.length, 1, line);
  return { fixes: d[0].fixes ?? [], fixed: applyFix(prefix + line, d[0].fixes?.[0]?.edits ?? []) };
}

test('avdec_h264 → nvv4l2decoder is a plain swap only when the downstream takes NVMM', () => {
  for (const line of [
    'filesrc location=a.mp4 ! qtdemux ! h264parse ! avdec_h264 ! nvvideoconvert ! fakesink',
    'filesrc location=a.mp4 ! qtdemux ! h264parse ! avdec_h264 ! queue ! m.sink_0 nvstreammux name=m batch-size=1 width=1920 height=1080 ! fakesink',
    'filesrc location=a.mp4 ! qtdemux ! h264parse ! avdec_h264 ! fakesink',
  ]) {
    const { fixes, fixed } = decoderFix(line);
    assert.equal(fixes.length, 1);
    assert.equal(fixes[0].edits[0].newText, 'nvv4l2decoder', line);
    assert.ok(!fixed.includes('avdec_h264'));
  }
});

test('when the downstream needs system memory the fix inserts nvvideoconvert after nvv4l2decoder', () => {
  for (const [line, expect] of [
    ['filesrc location=a.mp4 ! qtdemux ! h264parse ! avdec_h264 ! videoconvert ! x264enc ! fakesink', /h264parse ! nvv4l2decoder ! nvvideoconvert ! videoconvert ! x264enc/],
    ['filesrc location=a.mp4 ! qtdemux ! h264parse ! avdec_h264 ! x264enc ! fakesink', /h264parse ! nvv4l2decoder ! nvvideoconvert ! x264enc/],
    // nvvideoconvert downstream, but the caps between ask for system memory.
    ['filesrc location=a.mp4 ! h264parse ! avdec_h264 ! video/x-raw,format=I420 ! nvvideoconvert ! fakesink', /nvv4l2decoder ! nvvideoconvert ! video\/x-raw,format=I420 ! nvvideoconvert/],
    // A tee whose branches differ: one CPU branch is enough.
    ['filesrc location=a.mp4 ! h264parse ! avdec_h264 ! tee name=t t. ! queue ! nvvideoconvert ! fakesink t. ! queue ! videoconvert ! fakesink', /h264parse ! nvv4l2decoder ! nvvideoconvert ! tee/],
  ] as const) {
    const { fixes, fixed } = decoderFix(line);
    assert.equal(fixes.length, 1, line);
    assert.match(fixed, expect);
    // The fixed line: no caps that cannot negotiate after the decoder, and no decoder finding left.
    const after = lint(fixed.slice(prefix.length));
    assert.deepEqual(only(after, 'pipeline/software-decoder'), []);
    assert.ok(!after.some((d) => /fails to negotiate/.test(d.message)), fixed);
  }
  // jpegdec → nvjpegdec: nvjpegdec can output system memory, so the swap is plain.
  assert.equal(decoderFix('filesrc location=a.jpg ! jpegparse ! jpegdec ! videoconvert ! fakesink').fixes[0].edits[0].newText, 'nvjpegdec');
});

test('x264enc → nvv4l2h264enc: a plain swap after NVMM, nvvideoconvert inserted before it after system memory', () => {
  const encoderFix = (line: string) => {
    const d = only(lint(line), 'pipeline/software-encoder');
    assert.equal(d.length, 1, line);
    return applyFix(prefix + line, d[0].fixes?.[0]?.edits ?? []);
  };
  assert.match(encoderFix('videotestsrc ! nvvideoconvert ! queue ! x264enc ! h264parse ! fakesink'), /queue ! nvv4l2h264enc ! h264parse/);
  assert.match(encoderFix('videotestsrc ! videoconvert ! x264enc ! h264parse ! fakesink'), /videoconvert ! nvvideoconvert ! nvv4l2h264enc ! h264parse/);
  assert.match(encoderFix('videotestsrc ! nvvideoconvert ! video/x-raw,format=I420 ! x264enc ! fakesink'), /format=I420 ! nvvideoconvert ! nvv4l2h264enc/);
  // nvjpegenc takes system memory too: plain swap.
  assert.match(encoderFix('videotestsrc ! videoconvert ! jpegenc ! fakesink'), /videoconvert ! nvjpegenc ! fakesink/);
});

test('code-built pipelines get no text insertion: no fix when the swap is unsafe', () => {
  const r = (s: number, e: number): Range => ({ start: { line: 0, character: s }, end: { line: 0, character: e } });
  const graph = (next: string): PipelineGraph => ({
    origin: 'code',
    hostPath: '',
    elements: [
      { id: 0, factory: 'avdec_h264', properties: [], range: r(0, 10), factoryRange: r(0, 10) },
      { id: 1, factory: next, properties: [], range: r(11, 20), factoryRange: r(11, 20) },
    ],
    links: [{ from: { element: 0 }, to: { element: 1 }, range: r(10, 11) }],
  });
  const fixesFor = (next: string) => runPipelineRules(graph(next), { options: dgpu, files: noFiles }).find((d) => d.code === 'pipeline/software-decoder')?.fixes;
  assert.deepEqual(fixesFor('videoconvert'), []);
  assert.equal(fixesFor('nvvideoconvert')?.[0].edits[0].newText, 'nvv4l2decoder');
});

interface Verified {
  intent: string;
  pipeline: string;
}

test('the verified corpus pipelines (they run) get no negotiation claim and no unsafe decoder swap', () => {
  const rows = fs
    .readFileSync(path.join(corpus, 'verified-pipelines.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Verified);
  assert.equal(rows.length, 130);
  const wrong: string[] = [];
  let decoders = 0;
  for (const target of ['dgpu', 'jetson'] as const) {
    for (const r of rows) {
      const ds = lintPipelineHost('/corpus/verified.gst', r.pipeline, 'gst-pipeline', { target, dsVersion: '9.1' }, diskFiles);
      for (const d of ds) {
        // A pipeline NVIDIA verified to run cannot have a link that fails to negotiate.
        if (d.code === capsRule) wrong.push(`[${target}] ${d.message}\n    in: ${r.pipeline}`);
        if (d.code === 'pipeline/software-decoder') decoders++;
      }
    }
  }
  assert.deepEqual(wrong, []);
  assert.equal(decoders, 0, 'the verified pipelines use hardware decoders');
});
