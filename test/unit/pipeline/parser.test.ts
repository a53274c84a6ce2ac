import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseLaunchString } from '../../../server/lint/pipeline/parser';
import type { ElementNode, ParsedPipeline } from '../../../server/lint/pipeline/model';

function factories(p: ParsedPipeline): string[] {
  return p.elements.map((e) => e.factory);
}
function links(p: ParsedPipeline): string[] {
  const n = (id: number): string => p.elements[id].name ?? p.elements[id].factory;
  return p.graph.links.map((l) => `${n(l.from.element)}${l.from.pad ? '.' + l.from.pad : ''}>${n(l.to.element)}${l.to.pad ? '.' + l.to.pad : ''}`);
}
function el(p: ParsedPipeline, factory: string): ElementNode {
  const e = p.elements.find((x) => x.factory === factory);
  assert.ok(e, `no ${factory}`);
  return e;
}

test('elements, properties and links of a linear pipeline', () => {
  const p = parseLaunchString('filesrc location=/a/b.mp4 ! qtdemux ! h264parse ! nvv4l2decoder ! fakesink sync=false');
  assert.deepEqual(p.errors, []);
  assert.deepEqual(factories(p), ['filesrc', 'qtdemux', 'h264parse', 'nvv4l2decoder', 'fakesink']);
  assert.deepEqual(links(p), ['filesrc>qtdemux', 'qtdemux>h264parse', 'h264parse>nvv4l2decoder', 'nvv4l2decoder>fakesink']);
  const loc = el(p, 'filesrc').properties[0];
  assert.equal(loc.key, 'location');
  assert.equal(loc.value, '/a/b.mp4');
  assert.deepEqual(loc.keySpan.range, { start: { line: 0, character: 8 }, end: { line: 0, character: 16 } });
  assert.deepEqual(loc.valueSpan.range, { start: { line: 0, character: 17 }, end: { line: 0, character: 25 } });
});

test('quoted values, escapes and values that contain ! or spaces (GStreamer lexer semantics)', () => {
  const p = parseLaunchString('filesrc location="my file.mp4" ! x name=a\\ b ! y caps=a!b ! fakesink');
  assert.deepEqual(p.errors, []);
  assert.equal(el(p, 'filesrc').properties[0].value, 'my file.mp4');
  assert.equal(el(p, 'filesrc').properties[0].quoted, true);
  assert.equal(el(p, 'x').name, 'a b');
  // an unquoted value runs to the next blank: `a!b` is one value, as in parse.l
  assert.equal(el(p, 'y').properties[0].value, 'a!b');
});

test('caps filters with features, several fields and a quoted shell form', () => {
  const p = parseLaunchString('nvvideoconvert ! video/x-raw(memory:NVMM),format=NV12,width=1920 ! nvv4l2h264enc ! video/x-h264,\\ stream-format=byte-stream ! fakesink');
  assert.deepEqual(p.errors, []);
  const caps = p.graph.links[0].caps;
  assert.ok(caps);
  assert.equal(caps.structures[0].mediaType, 'video/x-raw');
  assert.deepEqual(caps.structures[0].features, ['memory:NVMM']);
  assert.deepEqual(
    caps.structures[0].fields.map(({ name, value }) => ({ name, value })),
    [
      { name: 'format', value: 'NV12' },
      { name: 'width', value: '1920' },
    ],
  );
  assert.equal(p.graph.links[1].caps?.structures[0].fields[0].value, 'byte-stream');
  assert.equal(factories(p).length, 3, 'caps are link filters, not elements');
});

test('named elements, pad references before and after their definition, tee branches', () => {
  const p = parseLaunchString(
    'src1 ! m.sink_0 src2 ! m.sink_1 nvstreammux name=m batch-size=2 ! tee name=t t. ! queue ! fakesink t. ! queue ! nvstreamdemux name=d d.src_1 ! fakesink',
  );
  assert.deepEqual(p.errors, []);
  assert.deepEqual(links(p), ['src1>m.sink_0', 'src2>m.sink_1', 'm>t', 't>queue', 'queue>fakesink', 't>queue', 'queue>d', 'd.src_1>fakesink']);
  const ref = p.chains[0].items[1];
  assert.equal(ref.kind, 'pad-ref');
  if (ref.kind === 'pad-ref') {
    assert.equal(ref.elementName, 'm');
    assert.equal(ref.pad, 'sink_0');
    assert.equal(ref.resolved, el(p, 'nvstreammux').id);
    assert.deepEqual(ref.padSpan?.range, { start: { line: 0, character: 9 }, end: { line: 0, character: 15 } });
  }
});

test('bins ( ... ) and factory.( ... ) keep their children and properties', () => {
  const p = parseLaunchString('videotestsrc ! ( queue ! fakesink ) bin.( name=b2 identity ! fakesink )');
  assert.deepEqual(p.errors, []);
  assert.equal(p.bins.length, 2);
  assert.equal(p.bins[1].binType, 'bin');
  assert.equal(p.bins[1].properties[0].value, 'b2');
  assert.equal(el(p, 'identity').binId, 1);
  assert.ok(links(p).includes('videotestsrc>queue'), 'linking into a bin links to its first element');
  assert.ok(links(p).includes('identity>fakesink'));
});

test('pad refs with a leading dot: demux .video_0 ! ... and ! .sink element', () => {
  const p = parseLaunchString('a .src_1 ! .sink_2 b');
  assert.deepEqual(p.errors, []);
  assert.deepEqual(links(p), ['a.src_1>b.sink_2']);
});

test('URIs make elements: rtsp://host/x ! fakesink', () => {
  const p = parseLaunchString('rtsp://cam/stream ! fakesink');
  assert.deepEqual(p.errors, []);
  assert.equal(p.elements[0].uri, 'rtsp://cam/stream');
  assert.equal(p.elements[0].opaque, true);
});

test('errors: dangling !, unterminated quote, unknown reference, empty branch, empty bin, unbalanced parens', () => {
  const cases: [string, string, RegExp, number, number][] = [
    ['a ! ', 'pipeline/syntax', /Dangling `!`/, 2, 3],
    ['a ! ! b', 'pipeline/syntax', /Dangling `!`/, 2, 3],
    ['a location="abc ! b', 'pipeline/syntax', /Unterminated quote/, 11, 12],
    ['a ! mux.sink_0', 'pipeline/unknown-reference', /No element named `mux`/, 4, 7],
    ['tee name=t t. ! queue ! fakesink t.', 'pipeline/empty-branch', /Empty branch/, 33, 35],
    ['a ! ( )', 'pipeline/empty-branch', /Empty bin/, 4, 7],
    ['( a ! b', 'pipeline/syntax', /never closed/, 0, 1],
    ['a ! b )', 'pipeline/syntax', /Unbalanced `\)`/, 6, 7],
    ['a ! "video/x-raw" ! b', 'pipeline/syntax', /quote/, 4, 5],
  ];
  for (const [text, code, re, s, e] of cases) {
    const p = parseLaunchString(text);
    const err = p.errors.find((x) => x.code === code && re.test(x.message));
    assert.ok(err, `${text}: expected ${code} ${re}, got ${JSON.stringify(p.errors.map((x) => x.message))}`);
    assert.equal(err.span.range.start.character, s, `${text}: start`);
    assert.equal(err.span.range.end.character, e, `${text}: end`);
  }
});

test('a broken pipeline still yields a tree for what parsed', () => {
  const p = parseLaunchString('filesrc location=a.mp4 ! qtdemux ! ! h264parse ! nvv4l2decoder ! fakesink');
  assert.ok(p.errors.length >= 1);
  assert.deepEqual(factories(p), ['filesrc', 'qtdemux', 'h264parse', 'nvv4l2decoder', 'fakesink']);
  assert.deepEqual(links(p), ['filesrc>qtdemux', 'h264parse>nvv4l2decoder', 'nvv4l2decoder>fakesink']);
});

test('multi-line descriptions get line/character positions', () => {
  const p = parseLaunchString('videotestsrc !\n  nvvideoconvert\n  ! fakesink');
  assert.deepEqual(el(p, 'nvvideoconvert').factorySpan.range, { start: { line: 1, character: 2 }, end: { line: 1, character: 16 } });
  assert.deepEqual(el(p, 'fakesink').factorySpan.range.start, { line: 2, character: 4 });
});
