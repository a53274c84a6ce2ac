// The parse tree makes its spans, caps structures and caps fields only when they are read
// (launchNodes.ts, launchGraph.ts). These tests read them on tricky descriptions and check them
// against what the text says, worked out by hand: the piece of text each span covers, the host
// range under a shell extraction, the caps split at `;` and `,` outside brackets and quotes, and
// the plain JSON shapes that toJSON gives.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseLaunchString } from '../../../server/lint/pipeline/parser';
import { extractPipelines } from '../../../server/lint/pipeline/index';
import type { CapsNode, ChainNode, ElementNode, LinkNode, PadRefNode, ParsedPipeline, Span } from '../../../server/lint/pipeline/model';

const cut = (p: ParsedPipeline, s: Span): string => p.text.slice(s.start, s.end);

function links(p: ParsedPipeline): LinkNode[] {
  const out: LinkNode[] = [];
  const walk = (cs: ChainNode[]): void => {
    for (const c of cs) {
      for (const l of c.links) out.push(l);
      for (const it of c.items) if (it.kind === 'bin') walk(it.chains);
    }
  };
  walk(p.chains);
  return out;
}

test('element, property, link, chain and reference spans cover their text', () => {
  const text = 'filesrc  location="a b.mp4" name=src ! qtdemux ! m.sink_0   nvstreammux name=m batch-size=2 ! fakesink\n t. ! queue';
  const p = parseLaunchString(text);
  const [filesrc, qtdemux, mux, sink, queue] = p.elements;
  assert.equal(cut(p, filesrc.span), 'filesrc  location="a b.mp4" name=src');
  assert.equal(cut(p, filesrc.factorySpan), 'filesrc');
  assert.equal(filesrc.name, 'src');
  const loc = filesrc.properties[0];
  assert.equal(cut(p, loc.keySpan), 'location');
  assert.equal(cut(p, loc.valueSpan), '"a b.mp4"');
  assert.equal(cut(p, loc.span), 'location="a b.mp4"');
  assert.equal(loc.value, 'a b.mp4');
  assert.equal(loc.raw, '"a b.mp4"');
  assert.equal(loc.quoted, true);
  assert.equal(cut(p, qtdemux.span), 'qtdemux');
  assert.equal(cut(p, mux.span), 'nvstreammux name=m batch-size=2');
  assert.equal(cut(p, sink.span), 'fakesink');
  assert.equal(cut(p, queue.span), 'queue');
  const [c1, c2, c3] = p.chains;
  assert.equal(cut(p, c1.span), 'filesrc  location="a b.mp4" name=src ! qtdemux ! m.sink_0');
  assert.equal(cut(p, c2.span), 'nvstreammux name=m batch-size=2 ! fakesink');
  assert.equal(cut(p, c3.span), 't. ! queue');
  assert.deepEqual(
    c1.links.map((l) => cut(p, l.span)),
    ['!', '!'],
  );
  const ref = c1.items[2] as PadRefNode;
  assert.equal(ref.kind, 'pad-ref');
  assert.equal(cut(p, ref.span), 'm.sink_0');
  assert.equal(cut(p, ref.nameSpan), 'm');
  assert.equal(ref.padSpan && cut(p, ref.padSpan), 'sink_0');
  assert.equal(ref.resolved, mux.id);
  // the unresolved `t.` is reported at its name
  const unknown = p.errors.find((e) => e.code === 'pipeline/unknown-reference');
  assert.ok(unknown);
  assert.equal(cut(p, unknown.span), 't');
  assert.deepEqual(unknown.span.range, { start: { line: 1, character: 1 }, end: { line: 1, character: 2 } });
  // the graph's link end at the named pad reads its range from the reference
  const toMux = p.graph.links.find((l) => l.to.element === mux.id);
  assert.ok(toMux);
  assert.equal(toMux.to.pad, 'sink_0');
  assert.deepEqual(toMux.to.padRange, ref.padSpan?.range);
  assert.equal(toMux.from.padRange, undefined);
  // graph elements read their ranges from the tree
  assert.deepEqual(p.graph.elements[0].range, filesrc.span.range);
  assert.deepEqual(p.graph.elements[0].factoryRange, filesrc.factorySpan.range);
});

test('caps filters are split into structures, features and fields on first read', () => {
  const caps = 'video/x-raw(memory:NVMM, meta:X) , format=(string)NV12, framerate=[ 1/1, 30/1 ] ;  audio/x-raw,channels={ 1, 2 },name="a, b" ,, flag';
  const p = parseLaunchString(`a ! ${caps}  ! b`);
  assert.deepEqual(p.errors, []);
  const node = links(p)[0].caps as CapsNode;
  assert.equal(node.text, caps);
  assert.equal(cut(p, node.span), caps);
  const [video, audio] = node.structures;
  assert.equal(node.structures.length, 2);
  assert.equal(video.mediaType, 'video/x-raw');
  assert.deepEqual(video.features, ['memory:NVMM', 'meta:X']);
  assert.equal(cut(p, video.span), 'video/x-raw(memory:NVMM, meta:X) , format=(string)NV12, framerate=[ 1/1, 30/1 ]');
  assert.deepEqual(
    video.fields.map((f) => [f.name, f.value, cut(p, f.span)]),
    [
      ['format', '(string)NV12', 'format=(string)NV12'],
      ['framerate', '[ 1/1, 30/1 ]', 'framerate=[ 1/1, 30/1 ]'],
    ],
  );
  assert.equal(audio.mediaType, 'audio/x-raw');
  assert.deepEqual(audio.features, []);
  assert.equal(cut(p, audio.span), 'audio/x-raw,channels={ 1, 2 },name="a, b" ,, flag');
  assert.deepEqual(
    audio.fields.map((f) => [f.name, f.value]),
    [
      ['channels', '{ 1, 2 }'],
      ['name', '"a, b"'],
      ['flag', ''],
    ],
  );
  // the graph's caps are the tree's caps node (one object, both interfaces)
  const g = p.graph.links[0].caps;
  assert.ok(g);
  assert.equal(g, node);
  assert.equal(g.text, caps);
  assert.deepEqual(g.range, node.span.range);
  assert.deepEqual(
    g.structures.map((s) => [s.mediaType, s.features]),
    [
      ['video/x-raw', ['memory:NVMM', 'meta:X']],
      ['audio/x-raw', []],
    ],
  );
  assert.deepEqual(
    g.structures[0].fields.map(({ name, value }) => ({ name, value })),
    [
      { name: 'format', value: '(string)NV12' },
      { name: 'framerate', value: '[ 1/1, 30/1 ]' },
    ],
  );
  const json = JSON.parse(JSON.stringify(g)) as { text: string; range: unknown; span: { start: number; end: number; range: unknown }; structures: { mediaType: string; features: string[]; fields: { name: string; value: string }[] }[] };
  assert.equal(json.text, caps);
  assert.deepEqual(json.range, node.span.range);
  assert.deepEqual(json.span, { start: node.span.start, end: node.span.end, range: node.span.range });
  assert.deepEqual(
    json.structures.map((s) => [s.mediaType, s.features, s.fields.map((f) => [f.name, f.value])]),
    [
      ['video/x-raw', ['memory:NVMM', 'meta:X'], [['format', '(string)NV12'], ['framerate', '[ 1/1, 30/1 ]']]],
      ['audio/x-raw', [], [['channels', '{ 1, 2 }'], ['name', '"a, b"'], ['flag', '']]],
    ],
  );
});

test('escaped caps text: the media type and values are unwrapped, the split skips escaped separators', () => {
  const p = parseLaunchString('a ! video/x-h264,\\ stream-format=byte\\,stream,x=\\101 ! b');
  assert.deepEqual(p.errors, []);
  const node = links(p)[0].caps as CapsNode;
  assert.equal(node.text, 'video/x-h264, stream-format=byte,stream,x=A');
  const [s] = node.structures;
  assert.deepEqual(
    s.fields.map((f) => [f.name, f.value, cut(p, f.span)]),
    [
      ['\\ stream-format', 'byte,stream', '\\ stream-format=byte\\,stream'],
      ['x', 'A', 'x=\\101'],
    ],
  );
  // a media type with no features part and a head that is not a media type
  const q = parseLaunchString('a ! x/y ( z ) ,k=v ! b');
  const qs = (links(q)[0].caps as CapsNode).structures[0];
  assert.equal(qs.mediaType, 'x/y');
  assert.deepEqual(qs.features, ['z']);
  assert.deepEqual(
    qs.fields.map((f) => [f.name, f.value]),
    [['k', 'v']],
  );
});

test('host ranges of lazy spans under a shell extraction (quotes, continuation lines)', () => {
  const host = 'gst-launch-1.0 filesrc location="/a b/c.mp4" \\\n   ! "video/x-raw,format=NV12" ! mux.sink_0 nvstreammux name=mux ! fakesink\n';
  const [x] = extractPipelines('/w/run.sh', host, 'shell');
  const p = x.parsed;
  const hostText = (s: Span): string => {
    const lines = host.split('\n');
    const { start, end } = s.range;
    if (start.line === end.line) return lines[start.line].slice(start.character, end.character);
    return [lines[start.line].slice(start.character), ...lines.slice(start.line + 1, end.line), lines[end.line].slice(0, end.character)].join('\n');
  };
  const filesrc = p.elements[0];
  // the shell's quotes are not part of the launch text: the value's range is what they enclose
  assert.equal(hostText(filesrc.properties[0].valueSpan), '/a b/c.mp4');
  assert.equal(filesrc.properties[0].value, '/a b/c.mp4');
  // `! caps !` is one link (filesrc to the reference)
  assert.equal(p.chains[0].links.length, 1);
  const toCaps = p.chains[0].links[0];
  assert.equal(hostText(toCaps.span), '! "video/x-raw,format=NV12" !');
  assert.ok(toCaps.caps);
  assert.equal(hostText(toCaps.caps.span), 'video/x-raw,format=NV12');
  assert.equal(hostText(toCaps.caps.structures[0].fields[0].span), 'format=NV12');
  assert.equal(hostText(p.chains[1].links[0].span), '!');
  const ref = p.chains[0].items[1] as PadRefNode;
  assert.equal(hostText(ref.span), 'mux.sink_0');
  assert.equal(ref.padSpan && hostText(ref.padSpan), 'sink_0');
  assert.equal(hostText(p.chains[0].span), 'filesrc location="/a b/c.mp4" \\\n   ! "video/x-raw,format=NV12" ! mux.sink_0');
  for (const s of [filesrc.span, toCaps.span, ref.span, p.chains[0].span]) assert.deepEqual(s.range, x.map.hostRange(s.start, s.end));
});

test('toJSON gives plain objects with every field of the model interfaces, read through the getters', () => {
  const p = parseLaunchString('uridecodebin uri=rtsp://cam/1 ! queue ! m.sink_0 nvstreammux name=m ! video/x-raw(memory:NVMM),format=NV12 ! fakesink ( identity )');
  const json = JSON.parse(JSON.stringify(p)) as ParsedPipeline;
  const span = (s: Span): unknown => ({ start: s.start, end: s.end, range: s.range });
  const el = (e: ElementNode): unknown => {
    const o: Record<string, unknown> = { kind: 'element', factory: e.factory, factorySpan: span(e.factorySpan), properties: e.properties.map((x) => ({ kind: 'property', key: x.key, value: x.value, raw: x.raw, quoted: x.quoted, opaque: x.opaque, keySpan: span(x.keySpan), valueSpan: span(x.valueSpan), span: span(x.span) })), opaque: e.opaque };
    if (e.uri !== undefined) o.uri = e.uri;
    Object.assign(o, { span: span(e.span), id: e.id });
    if (e.binId !== undefined) o.binId = e.binId;
    if (e.name !== undefined) o.name = e.name;
    // an element node is also the graph's element
    Object.assign(o, { range: e.span.range, factoryRange: e.factorySpan.range });
    return o;
  };
  assert.deepEqual(json.elements, p.elements.map(el));
  const c0 = p.chains[0];
  const ref = c0.items[2] as PadRefNode;
  assert.deepEqual(json.chains[0].items[2], { kind: 'pad-ref', elementName: 'm', pad: 'sink_0', nameSpan: span(ref.nameSpan), padSpan: span(ref.padSpan as Span), span: span(ref.span), resolved: 2 });
  // a link node in the graph also has the graph link's fields
  assert.deepEqual(json.chains[0].links[0], { kind: 'link', span: span(c0.links[0].span), fromItem: 0, toItem: 1, from: { element: 0 }, to: { element: 1 }, range: c0.links[0].span.range });
  assert.deepEqual(json.chains[0].span, span(c0.span));
  const c1 = p.chains[1];
  const caps = c1.links[0].caps as CapsNode;
  assert.deepEqual(json.chains[1].links[0].caps, {
    kind: 'caps',
    text: 'video/x-raw(memory:NVMM),format=NV12',
    structures: [{ mediaType: 'video/x-raw', features: ['memory:NVMM'], fields: [{ name: 'format', value: 'NV12', span: span(caps.structures[0].fields[0].span) }], span: span(caps.structures[0].span) }],
    span: span(caps.span),
    range: caps.span.range,
  });
  assert.equal(json.elements[0].uri, undefined, 'uridecodebin is an element, not a URI');
  // the graph's elements and links are the tree's nodes
  assert.equal(p.graph.elements[0], p.elements[0]);
  assert.equal(p.graph.links[1], c0.links[1]);
  assert.deepEqual(json.graph.elements, json.elements);
  assert.deepEqual(json.graph.links[1], { kind: 'link', span: span(c0.links[1].span), fromItem: 1, toItem: 2, from: { element: 1 }, to: { element: 2, pad: 'sink_0', padRange: (ref.padSpan as Span).range }, range: c0.links[1].span.range });
  // an element made from a URI
  const u = JSON.parse(JSON.stringify(parseLaunchString('rtsp://cam/1 ! fakesink'))) as ParsedPipeline;
  assert.equal(u.elements[0].uri, 'rtsp://cam/1');
  assert.equal(u.elements[0].factory, '');
  assert.equal(u.elements[0].opaque, true);
  assert.equal(u.graph.elements[0].opaque, true);
});
