import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { allElements, carriesNvmm, catalogVersions, findEnumValue, getElement, getProperty } from '../../../server/lint/pipeline/catalog';

test('DeepStream elements carry facts from NVIDIA sources, with the DeepStream version', () => {
  assert.equal(catalogVersions().deepstream, '9.1');
  const infer = getElement('nvinfer');
  assert.ok(infer);
  assert.equal(infer.origin, 'deepstream');
  assert.match(infer.source, /gst-nvinfer\/gstnvinfer\.cpp/);
  const batch = getProperty('nvinfer', 'batch-size');
  assert.deepEqual([batch?.type, batch?.minimum, batch?.maximum, batch?.default], ['uint', 1, 1024, '1']);
  const mode = getProperty('nvdsosd', 'process-mode');
  assert.equal(mode?.type, 'enum');
  assert.equal(findEnumValue(mode!, 'MODE_CPU')?.value, 0);
  assert.equal(findEnumValue(mode!, '1')?.nick, 'MODE_GPU');
  assert.ok(carriesNvmm(infer));
  for (const f of ['nvstreammux', 'nvinferserver', 'nvtracker', 'nvvideoconvert', 'nvv4l2decoder', 'nvv4l2h264enc', 'nvv4l2h265enc', 'nvjpegdec', 'nvdsosd', 'nvmultistreamtiler', 'nvstreamdemux', 'nvurisrcbin', 'nvmultiurisrcbin', 'nvdspreprocess', 'nvdspostprocess', 'nvdsanalytics', 'nvmsgconv', 'nvmsgbroker', 'nveglglessink', 'nv3dsink', 'nvegltransform', 'nvdewarper', 'nvdsvideotemplate']) {
    const e = getElement(f);
    assert.ok(e, `catalog lacks ${f}`);
    assert.ok(e.pads.length > 0, `${f} has pads`);
    assert.ok(e.properties.some((p) => p.name === 'name'), `${f} has name`);
  }
});

test('old and new nvstreammux are both known', () => {
  const oldMux = getElement('nvstreammux');
  const newMux = getElement('nvstreammux', { newStreammux: true });
  assert.ok(oldMux && newMux);
  assert.ok(oldMux.properties.some((p) => p.name === 'width'));
  assert.ok(!newMux.properties.some((p) => p.name === 'width'), 'the new muxer does not scale');
  assert.ok(newMux.properties.some((p) => p.name === 'config-file-path'));
  assert.ok(getProperty('nvvideoconvert', 'compute-hw')?.values?.some((v) => v.nick === 'VIC'));
});

test('upstream elements come from gst-inspect-1.0 (GStreamer version recorded)', () => {
  assert.match(catalogVersions().gstreamer, /^1\.\d+/);
  const q = getElement('queue');
  assert.equal(q?.origin, 'upstream');
  const leaky = getProperty('queue', 'leaky');
  assert.deepEqual(leaky?.values?.map((v) => v.nick), ['no', 'upstream', 'downstream']);
  assert.equal(getProperty('queue', 'max-size-buffers')?.default, '200');
  for (const f of ['tee', 'filesrc', 'uridecodebin', 'decodebin', 'qtdemux', 'h264parse', 'avdec_h264', 'x264enc', 'jpegdec', 'videoconvert', 'videoscale', 'videorate', 'appsrc', 'appsink', 'fakesink', 'autovideosink', 'rtspsrc', 'udpsink', 'xvimagesink']) {
    assert.ok(getElement(f), `catalog lacks ${f}`);
  }
  assert.equal(getElement('tee')?.pads.find((p) => p.direction === 'src')?.presence, 'request');
  assert.equal(getElement('no_such_element_xyz'), undefined);
  assert.ok(allElements().length > 1000);
  assert.ok(!allElements().some((e) => e.factory.includes('@')));
});
