import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { extractPipelines, type ExtractedPipeline } from '../../../server/lint/pipeline/index';
import type { Range } from '../../../server/lint/diagnostic';

function slice(text: string, r: Range): string {
  const lines = text.split('\n');
  if (r.start.line === r.end.line) return lines[r.start.line].slice(r.start.character, r.end.character);
  return [lines[r.start.line].slice(r.start.character), ...lines.slice(r.start.line + 1, r.end.line), lines[r.end.line].slice(0, r.end.character)].join('\n');
}
function element(p: ExtractedPipeline, factory: string) {
  const e = p.parsed.elements.find((x) => x.factory === factory);
  assert.ok(e, `no ${factory} in ${p.parsed.text}`);
  return e;
}

test('shell: continuations, quotes, $VARS and options map back to host positions', () => {
  const text = [
    '#!/bin/bash',
    'W=1920',
    'USE_NEW_NVSTREAMMUX=no nsys profile -o run gst-launch-1.0 -e filesrc location="my clip.mp4" ! qtdemux ! \\',
    '    h264parse ! nvv4l2decoder ! "video/x-raw(memory:NVMM), format=NV12" ! m.sink_0 \\',
    '  nvstreammux name=m batch-size=1 width=$W height=1080 ! fakesink sync=false -v # done',
    'echo gst-launch-1.0 is not run here',
  ].join('\n');
  const [p, ...rest] = extractPipelines('/x/run.sh', text, 'shell');
  assert.equal(rest.length, 0, 'the echo line does not run gst-launch');
  assert.deepEqual(p.parsed.errors, []);
  assert.equal(p.measuring, true, 'nsys profile prefix');
  assert.deepEqual(p.options, ['-e', '-v']);
  const src = element(p, 'filesrc');
  assert.equal(src.properties[0].value, 'my clip.mp4');
  assert.equal(slice(text, src.properties[0].valueSpan.range), 'my clip.mp4', 'the value inside the shell quotes');
  assert.equal(slice(text, element(p, 'h264parse').factorySpan.range), 'h264parse');
  assert.equal(element(p, 'h264parse').factorySpan.range.start.line, 3);
  const mux = element(p, 'nvstreammux');
  assert.equal(mux.factorySpan.range.start.line, 4);
  const width = mux.properties.find((x) => x.key === 'width');
  assert.ok(width?.opaque, '$W is opaque');
  assert.equal(slice(text, width.valueSpan.range), '$W');
  const caps = p.parsed.graph.links.find((l) => l.caps)?.caps;
  assert.equal(caps?.structures[0].features[0], 'memory:NVMM');
  assert.equal(slice(text, caps.range), 'video/x-raw(memory:NVMM), format=NV12');
});

test('echo/printf lines are not gst-launch commands', () => {
  assert.equal(extractPipelines('/x/a.sh', 'echo "run gst-launch-1.0 later"\n', 'shell').length, 0);
});

test('python: implicit concatenation, f-string placeholders, variables, .format', () => {
  const text = [
    'import gi',
    'PIPE = ("filesrc location={} ! "',
    "        'h264parse ! nvv4l2decoder'  # comment",
    '        " ! fakesink").format(path)',
    'p = Gst.parse_launch(PIPE)',
    'q = Gst.parse_launch(f"videotestsrc num-buffers={n} ! tee name=t "',
    '                     f"t. ! queue ! fakesink t. ! queue ! {sink}")',
    'r = Gst.parse_launch("videotestsrc ! x264enc ! " + enc_tail)',
  ].join('\n');
  const ps = extractPipelines('/x/app.py', text, 'python');
  assert.equal(ps.length, 3);
  const [a, b, c] = ps;
  assert.equal(a.source, 'python');
  const loc = element(a, 'filesrc').properties[0];
  assert.equal(loc.opaque, true);
  assert.equal(slice(text, loc.valueSpan.range), '{}');
  assert.equal(slice(text, element(a, 'nvv4l2decoder').factorySpan.range), 'nvv4l2decoder');
  assert.equal(element(a, 'nvv4l2decoder').factorySpan.range.start.line, 2);
  assert.deepEqual(a.parsed.errors, []);
  assert.equal(element(b, 'videotestsrc').properties[0].opaque, true);
  assert.deepEqual(b.parsed.errors, []);
  const last = b.parsed.elements[b.parsed.elements.length - 1];
  assert.equal(last.opaque, true, 'f-string field as an element is opaque');
  assert.equal(slice(text, last.factorySpan.range), '{sink}');
  assert.equal(c.parsed.elements.length, 3);
  assert.equal(c.parsed.elements[2].opaque, true);
});

test('python escapes: \\t splits tokens, \\" is a quote, raw strings keep backslashes', () => {
  const text = 'Gst.parse_launch("filesrc location=\\"a b\\" ! fakesink")\nGst.parse_launch(r"filesrc location=a\\ b ! fakesink")';
  const [a, b] = extractPipelines('/x/a.py', text, 'python');
  assert.equal(element(a, 'filesrc').properties[0].value, 'a b');
  assert.equal(slice(text, element(a, 'filesrc').properties[0].valueSpan.range), '\\"a b\\"');
  assert.equal(element(b, 'filesrc').properties[0].value, 'a b');
});

test('C: adjacent literals, comments, macros and identifiers', () => {
  const text = [
    '#define PIPE "videotestsrc ! " \\',
    '  "fakesink"',
    'GstElement *p = gst_parse_launch ("filesrc location=/a.mp4 ! " /* demux */ "qtdemux ! fakesink", NULL);',
    'p2 = gst_parse_launch (PIPE, &err);',
    'p3 = gst_parse_launch ("nvstreammux width=" WIDTH " ! fakesink", NULL);',
  ].join('\n');
  const ps = extractPipelines('/x/app.c', text, 'c');
  assert.equal(ps.length, 3);
  assert.equal(slice(text, element(ps[0], 'qtdemux').factorySpan.range), 'qtdemux');
  assert.deepEqual(ps[1].parsed.elements.map((e) => e.factory), ['videotestsrc', 'fakesink']);
  assert.equal(element(ps[1], 'fakesink').factorySpan.range.start.line, 1);
  assert.equal(element(ps[2], 'nvstreammux').properties[0].opaque, true);
});

test('markdown fences and Dockerfile RUN lines', () => {
  const md = '# Run\n\n```bash\n$ gst-launch-1.0 videotestsrc ! \\\n    fakesink\n```\n\nProse mentions gst-launch-1.0 a ! b.\n\n```python\nGst.parse_launch("a ! b")\n```\n';
  const ps = extractPipelines('/x/README.md', md, 'markdown');
  assert.equal(ps.length, 2);
  assert.equal(element(ps[0], 'fakesink').factorySpan.range.start.line, 4);
  assert.equal(ps[1].source, 'python');
  const docker = 'FROM x\nRUN apt-get update && \\\n    gst-launch-1.0 videotestsrc num-buffers=1 ! \\\n    fakesink && echo ok\nCMD ["gst-launch-1.0", "x"]\n';
  const ds = extractPipelines('/x/Dockerfile', docker, 'dockerfile');
  assert.equal(ds.length, 2); // RUN shell form, then CMD exec form (a JSON array, no shell)
  assert.deepEqual(ds[0].parsed.elements.map((e) => e.factory), ['videotestsrc', 'fakesink']);
  assert.equal(element(ds[0], 'fakesink').factorySpan.range.start.line, 3);
  assert.deepEqual(ds[1].parsed.elements.map((e) => e.factory), ['x']);
  assert.deepEqual(element(ds[1], 'x').factorySpan.range.start, { line: 4, character: 24 });
});

test('bare .gst file is one launch line; element-factory chains in code (best effort)', () => {
  const gst = 'videotestsrc !\n  fakesink\n';
  const [p] = extractPipelines('/x/p.gst', gst, 'gst-pipeline');
  assert.equal(p.source, 'file');
  assert.equal(p.parsed.elements[1].factorySpan.range.start.line, 1);
  const py = 'm = Gst.ElementFactory.make("nvstreammux", "mux")\nm.set_property("batch-size", 4)\nm.set_property("width", W)\ns = Gst.ElementFactory.make("fakesink", None)\nm.link(s)\n';
  const [chain] = extractPipelines('/x/a.py', py, 'python');
  assert.equal(chain.source, 'factory-chain');
  assert.equal(chain.parsed.graph.origin, 'code');
  const mux = chain.parsed.graph.elements[0];
  assert.equal(mux.name, 'mux');
  assert.deepEqual(mux.properties.map((x) => [x.key, x.value, !!x.opaque]), [['batch-size', '4', false], ['width', 'W', true]]);
  assert.equal(chain.parsed.graph.links.length, 1);
  const c = 'mux = gst_element_factory_make ("nvstreammux", "m");\ng_object_set (G_OBJECT (mux), "batch-size", 2, "width", 1280, NULL);\n';
  const [cc] = extractPipelines('/x/a.c', c, 'c');
  assert.deepEqual(cc.parsed.graph.elements[0].properties.map((x) => x.key), ['batch-size', 'width']);
  assert.equal(slice(c, cc.parsed.graph.elements[0].properties[1].valueRange), '1280');
});
