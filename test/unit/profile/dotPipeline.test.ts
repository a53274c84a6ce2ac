// The full pipeline graph model (elements, properties, pads, bins, links through ghost pads)
// read from dot files real GStreamer writes at test time (gst-launch-1.0 with
// GST_DEBUG_DUMP_DOT_DIR, and python3-gi for NVMM caps), and from the DeepStream-shaped fixture
// written in the format of gstdebugutils.c (node_ prefixes, tooltips, request/sometimes pads).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fakeNsysDir } from '../../support/sshd';
import { factoryOfType, graphSnapshotLabel, parsePipelineGraph, preferredGraph, unescapeDotString } from '../../../client/profile/core/dotPipeline';
import { findFactories, graphPanelData, loadGraphSnapshots } from '../../../client/profile/core/graphPanelData';
import { deepstreamFixture, gstLaunchGraphs } from './graphFixtures';

const byName = (g: ReturnType<typeof parsePipelineGraph>, n: string) => g.elements.find((e) => e.name === n);

test('real gst-launch graph with a bin: ghost pads are followed, proxy pads marked, properties read', () => {
  const dir = gstLaunchGraphs(['videotestsrc', 'num-buffers=3', '!', 'video/x-raw,format=I420,width=320,height=240', '!', '(', 'name=mybin', 'queue', 'name=inq', 'max-size-buffers=3', '!', 'identity', 'name=idn', ')', '!', 'fakesink', 'sync=false']);
  try {
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.dot'));
    const playing = files.find((f) => f.endsWith('PAUSED_PLAYING.dot'));
    assert.ok(playing, files.join(','));
    const g = parsePipelineGraph(fs.readFileSync(path.join(dir, playing), 'utf8'));
    assert.deepEqual(g.problems, []);
    assert.equal(g.pipeline.type, 'GstPipeline');
    assert.equal(g.pipeline.state, '[>]');
    const bin = byName(g, 'mybin');
    assert.ok(bin?.isBin);
    assert.equal(byName(g, 'inq')?.parent, bin.id);
    assert.equal(byName(g, 'inq')?.factory, 'queue');
    assert.deepEqual(byName(g, 'inq')?.properties.find((p) => p.name === 'max-size-buffers'), { name: 'max-size-buffers', value: '3' });
    assert.equal(byName(g, 'fakesink0')?.properties.find((p) => p.name === 'sync')?.value, 'FALSE');
    assert.ok(bin.pads.some((p) => p.proxy) && bin.pads.some((p) => p.ghost && !p.proxy));
    // Four leaf-to-leaf links: through the bin's sink ghost into inq, and out of idn through the src ghost.
    const pairs = g.links.map((l) => `${g.elements.find((e) => e.id === l.from.element)!.name}.${l.from.pad}->${g.elements.find((e) => e.id === l.to.element)!.name}.${l.to.pad}`).sort();
    assert.deepEqual(pairs, ['capsfilter0.src->inq.sink', 'idn.src->fakesink0.sink', 'inq.src->idn.sink', 'videotestsrc0.src->capsfilter0.sink']);
    for (const l of g.links) {
      assert.equal(l.memory, 'system');
      assert.equal(l.fields.format, 'I420');
      assert.equal(l.caps[0], 'video/x-raw');
    }
    // Every snapshot GStreamer wrote loads; PAUSED -> PLAYING is the one shown first.
    const snaps = loadGraphSnapshots(dir, files);
    assert.equal(snaps.length, files.length);
    assert.ok(snaps.every((s) => s.graph && !s.error));
    assert.match(snaps[graphPanelData('r', snaps, undefined, []).selected].file, /PAUSED_PLAYING\.dot$/);
    assert.equal(graphPanelData('r', snaps, snaps[0].file, []).selected, 0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('real python3-gi graph: NVMM caps features mark device-memory links', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-gstdot-'));
  try {
    execFileSync('/usr/bin/python3', [path.join(fakeNsysDir, 'gst_app.py')], { env: { ...process.env, GST_DEBUG_DUMP_DOT_DIR: dir }, stdio: 'pipe' });
    const [file] = fs.readdirSync(dir).filter((f) => f.endsWith('.dot'));
    const g = parsePipelineGraph(fs.readFileSync(path.join(dir, file), 'utf8'));
    const name = (id: string) => g.elements.find((e) => e.id === id)!.name;
    const nv = g.links.find((l) => name(l.from.element) === 'src' && name(l.to.element) === 'q_nvmm');
    assert.equal(nv?.memory, 'NVMM');
    assert.equal(nv?.media, 'video/x-raw(memory:NVMM)');
    assert.equal(nv?.fields.width, '1920');
    assert.equal(g.links.filter((l) => l.memory === 'NVMM').length, 3);
    assert.equal(g.links.filter((l) => l.memory === 'system').length, 3);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('DeepStream-shaped fixture: source bins, request pads, NVMM until the last convert, hostile name kept as text', () => {
  const g = parsePipelineGraph(fs.readFileSync(deepstreamFixture, 'utf8'));
  assert.deepEqual(g.problems, []);
  assert.equal(g.pipeline.name, 'deepstream-pipeline');
  const leaves = g.elements.filter((e) => !e.isBin);
  assert.equal(leaves.length, 12);
  assert.deepEqual(g.elements.filter((e) => e.isBin).map((e) => e.name), ['source-bin-00', 'source-bin-01']);
  const mux = byName(g, 'stream-muxer')!;
  assert.equal(mux.factory, 'nvstreammux');
  assert.deepEqual(mux.pads.map((p) => `${p.name}:${p.direction}:${p.presence}`), ['sink_0:sink:request', 'sink_1:sink:request', 'src:src:always']);
  assert.equal(byName(g, 'uri-decode-bin-0')?.pads[0].presence, 'sometimes');
  assert.equal(byName(g, 'primary-inference')?.factory, 'nvinfer');
  assert.match(byName(g, 'primary-inference')!.properties.find((p) => p.name === 'config-file-path')!.value, /config_infer_primary\.txt$/);
  // Escaped quotes in a property value come back unescaped.
  assert.equal(byName(g, 'nvvidconv-sys')?.properties.find((p) => p.name === 'src-crop')?.value, '"0:0:1280:720"');
  assert.ok(byName(g, '<img src=x onerror=alert(1)>'));
  const name = (id: string) => g.elements.find((e) => e.id === id)!.name;
  const links = g.links.map((l) => `${name(l.from.element)}->${name(l.to.element)}:${l.memory}`);
  assert.ok(links.includes('uri-decode-bin-0->stream-muxer:NVMM'), links.join(' '));
  assert.ok(links.includes('uri-decode-bin-1->stream-muxer:NVMM'));
  assert.ok(links.includes('queue-sys->nvvidconv-sys:NVMM'));
  assert.ok(links.includes('nvvidconv-sys->capsfilter-sys:system'));
  assert.equal(g.links.filter((l) => l.memory === 'NVMM').length, 9);
  assert.equal(g.links.filter((l) => l.memory === 'system').length, 2);
  assert.equal(g.links.find((l) => name(l.from.element) === 'stream-muxer')?.fields['batch-size'], '2');
});

test('bad input: not a graph is an error with its line; a cut file keeps what was read and says so', () => {
  assert.throws(() => parsePipelineGraph('\n\nhello world\n'), /line 3: not a GStreamer pipeline graph/);
  const full = fs.readFileSync(deepstreamFixture, 'utf8');
  const cut = full.slice(0, Math.floor(full.length * 0.6));
  const g = parsePipelineGraph(cut);
  assert.ok(g.problems.some((p) => /ends before its closing brace/.test(p.message)));
  assert.ok(g.elements.length > 3);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-gstdot-'));
  try {
    fs.mkdirSync(path.join(dir, 'graphs'));
    fs.writeFileSync(path.join(dir, 'graphs', 'broken.dot'), 'not dot\n');
    fs.copyFileSync(deepstreamFixture, path.join(dir, 'graphs', 'ds.dot'));
    const snaps = loadGraphSnapshots(dir, ['graphs/ds.dot', 'graphs/broken.dot']);
    assert.equal(snaps.length, 2);
    assert.match(snaps.find((s) => s.file === 'graphs/broken.dot')!.error!, /line 1: not a GStreamer pipeline graph/);
    assert.ok(snaps.find((s) => s.file === 'graphs/ds.dot')!.graph);
    assert.equal(preferredGraph(snaps), snaps.findIndex((s) => s.file === 'graphs/ds.dot'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('helpers: dot unescaping, factory names, snapshot labels, factory lookup in workspace text', () => {
  assert.equal(unescapeDotString('a\\"b\\\\c'), 'a"b\\c');
  assert.equal(unescapeDotString('caf\\303\\251'), 'café');
  assert.equal(factoryOfType('GstNvStreamMux'), 'nvstreammux');
  assert.equal(factoryOfType('GstVideoTestSrc'), 'videotestsrc');
  assert.equal(graphSnapshotLabel('graphs/0.00.01.234567-gst-launch.PAUSED_PLAYING.dot'), 'PAUSED → PLAYING at 0.00.01.234567');
  assert.equal(graphSnapshotLabel('graphs/sightline-test-pipeline.dot'), 'sightline-test-pipeline');
  const text = 'gst-launch-1.0 filesrc location=a.mp4 ! qtdemux ! h264parse ! nvv4l2decoder ! m.sink_0 nvstreammux name=m ! nvinfer config-file-path=x ! nvinfer2 ! fakesink\n';
  const found = findFactories(text, ['nvinfer', 'nvstreammux', 'fakesink', 'nvdsosd']);
  assert.deepEqual(found.get('nvinfer'), { line: 0, character: text.indexOf('nvinfer '), length: 7 });
  assert.equal(found.get('nvstreammux')?.character, text.indexOf('nvstreammux'));
  assert.ok(found.has('fakesink'));
  assert.ok(!found.has('nvdsosd'));
});
