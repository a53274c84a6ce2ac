// DeepStream plugin ranges: `GstNvInfer: UID=N` domains → the nvinfer config and the element or
// app-config group using it; `<name>_(Frame=N)` (nvdsosd) → the element of that name.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { NvtxIndex } from '../../../server/index/nvtxIndex';
import { scanDeepStream } from '../../../server/index/deepstreamScan';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const shared = path.resolve(repoRoot, '..', 'shared');
const taoDir = path.join(shared, 'corpus', 'deepstream-9.1-configs', 'src', 'apps', 'tao_apps', 'deepstream_app_tao_configs');

function indexFolder(index: NvtxIndex, dir: string): void {
  for (const name of fs.readdirSync(dir)) {
    const p = path.join(dir, name);
    if (fs.statSync(p).isDirectory()) indexFolder(index, p);
    else index.update(p, fs.readFileSync(p, 'utf8'));
  }
}

test('deepstream-app configs: [secondary-gieN] gie-unique-id overrides the nvinfer config (real corpus configs)', () => {
  const index = new NvtxIndex();
  indexFolder(index, taoDir);
  const app = path.join(taoDir, 'deepstream_app_source1_trafficcamnet_vehiclemakenet_vehicletypenet.txt');
  const make = path.join(taoDir, 'nvinfer', 'config_infer_secondary_vehiclemakenet.txt');
  const uid4 = index.gieConfigs.get(4) ?? [];
  // The INI app config and its YAML twin both run vehiclemakenet (.txt / .yml) as UID 4.
  assert.deepEqual(uid4.map((g) => path.basename(g.configFile ?? '')).sort(), ['config_infer_secondary_vehiclemakenet.txt', 'config_infer_secondary_vehiclemakenet.yml']);
  const ini = uid4.find((g) => g.configFile === make)!;
  assert.equal(ini.config?.uid, 1, 'the config itself says 1; the app config runs it as 4');
  assert.equal(ini.references[0].element.group, 'secondary-gie0');
  assert.equal(ini.references[0].file, app);

  const c = index.resolve('buffer_process batch_num=17', 'GstNvInfer: UID=4');
  assert.equal(c[0].file, app, 'the line that sets the id ranks first');
  const appLines = fs.readFileSync(app, 'utf8').split('\n');
  assert.equal(appLines[c[0].line].trim(), 'gie-unique-id=4');
  assert.equal(c[0].match, 'gie-element');
  const cfg = c.find((x) => x.match === 'gie-config');
  assert.equal(cfg?.file, make);
  assert.match(cfg!.detail, /run as UID 4/);

  // The primary GIE (UID 1) is used by several app configs (INI and YAML).
  const uid1 = index.resolve('queueInput batch_num=0', 'GstNvInfer: UID=1');
  assert.ok(uid1.some((x) => x.match === 'gie-config' && x.file.endsWith('config_infer_primary_trafficcamnet.txt')));
  assert.ok(uid1.some((x) => x.match === 'gie-element' && x.file.endsWith('deepstream_app_source1_trafficcamnet.txt')));
  // No config runs as UID 99.
  assert.equal(index.resolve('buffer_process batch_num=1', 'GstNvInfer: UID=99').length, 0);

  // deepstream-app names its OSD nvosd0: the [osd] group.
  const osd = index.resolve('nvosd0_(Frame=120)', '');
  assert.ok(osd.length >= 1);
  const osdApp = osd.find((x) => x.file === app);
  assert.ok(osdApp);
  assert.equal(appLines[osdApp.line].trim(), '[osd]');
});

test('launch lines, Python and C element creation: named and unnamed elements, unique-id, config-file-path', () => {
  const index = new NvtxIndex();
  const ws = '/ws';
  index.update(`${ws}/cfg/pgie.txt`, '[property]\ngpu-id=0\ngie-unique-id=3\nbatch-size=4\n');
  index.update(`${ws}/cfg/sgie.txt`, '[property]\nprocess-mode=2\n');
  index.update(
    `${ws}/run.sh`,
    [
      '#!/bin/sh',
      'gst-launch-1.0 filesrc location=a.mp4 ! qtdemux ! h264parse ! nvv4l2decoder ! m.sink_0 \\',
      '  nvstreammux name=m batch-size=1 width=1920 height=1080 ! \\',
      '  nvinfer config-file-path=cfg/pgie.txt ! nvinfer config-file-path=cfg/sgie.txt unique-id=7 ! \\',
      '  nvdsosd name=myosd ! nvdsosd ! fakesink',
    ].join('\n'),
  );
  index.update(
    `${ws}/app.py`,
    [
      'from gi.repository import Gst',
      'pipeline = Gst.parse_launch("filesrc location=x ! nvvideoconvert ! "',
      '                            "nvdsosd name=pyosd ! fakesink")',
      'osd = Gst.ElementFactory.make("nvdsosd", "onscreendisplay")',
      'pgie = Gst.ElementFactory.make("nvinfer", "primary-inference")',
      'pgie.set_property("config-file-path", "cfg/pgie.txt")',
    ].join('\n'),
  );
  index.update(
    `${ws}/main.c`,
    ['GstElement *osd2 = gst_element_factory_make ("nvdsosd", "nv-onscreendisplay");', 'sgie = gst_element_factory_make ("nvinfer", "secondary-nvinference-engine");', 'g_object_set (G_OBJECT (sgie), "config-file-path", "cfg/sgie.txt", "unique-id", 9, NULL);'].join('\n'),
  );
  const at = (c: { file: string; line: number }) => `${path.basename(c.file)}:${c.line + 1}`;
  assert.deepEqual(index.resolve('myosd_(Frame=3)', '').map(at), ['run.sh:5']);
  assert.deepEqual(index.resolve('nvdsosd0_(Frame=3)', '').map(at), ['run.sh:5'], 'the unnamed nvdsosd is nvdsosd0');
  assert.deepEqual(index.resolve('pyosd_(Frame=0)', '').map(at), ['app.py:3']);
  assert.deepEqual(index.resolve('onscreendisplay_(Frame=0)', '').map(at), ['app.py:4']);
  assert.deepEqual(index.resolve('nv-onscreendisplay_(Frame=0)', '').map(at), ['main.c:1']);
  assert.deepEqual(index.resolve('myosd_(Frame=3)', 'other domain').map(at), [], 'nvdsosd ranges are in the default domain');

  assert.deepEqual([...index.gieConfigs.keys()].sort((a, b) => a - b), [3, 7, 9]);
  const three = index.resolve('buffer_process batch_num=1', 'GstNvInfer: UID=3');
  assert.deepEqual(three.map((c) => `${at(c)} ${c.match}`), ['pgie.txt:3 gie-config', 'app.py:6 gie-element', 'run.sh:4 gie-element']);
  const seven = index.resolve('buffer_process batch_num=1', 'GstNvInfer: UID=7');
  assert.equal(at(seven[0]), 'run.sh:4');
  assert.equal(seven[0].column, 'nvinfer config-file-path=cfg/pgie.txt ! nvinfer config-file-path=cfg/sgie.txt unique-id='.length + 2);
  assert.equal(at(index.resolve('x', 'GstNvInfer: UID=9')[0]), 'main.c:3');
  // sgie.txt sets no gie-unique-id and every use overrides it, so nothing runs as 15.
  assert.equal(index.gieConfigs.get(15), undefined);
});

test('an nvinfer config without gie-unique-id runs with nvinfer\'s default 15', () => {
  const facts = scanDeepStream('/ws/c.txt', '[property]\ngpu-id=0\n', 'nvinfer-config');
  assert.deepEqual(facts.inferConfig && { uid: facts.inferConfig.uid, explicit: facts.inferConfig.explicit, line: facts.inferConfig.range.start.line }, { uid: 15, explicit: false, line: 0 });
  const index = new NvtxIndex();
  index.update('/ws/c.txt', '[property]\ngpu-id=0\n');
  assert.match(index.resolve('x', 'GstNvInfer: UID=15')[0].detail, /default 15/);
});

test('every real launch line with nvinfer config-file-path yields an nvinfer element reference', () => {
  const lines = fs.readFileSync(path.join(shared, 'corpus', 'deepstream-9.1-launch-lines.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { text: string });
  let checked = 0;
  for (const { text } of lines) {
    // Independent count: `!`-separated segments that are an nvinfer element with a config file.
    const want = text.split('!').filter((seg) => /^\s*nvinfer\s/.test(seg) && /\sconfig-file-path=/.test(seg)).length;
    if (!want) continue;
    const facts = scanDeepStream('/ws/x.sh', text, 'shell');
    assert.equal(facts.refs.filter((r) => r.element.factory === 'nvinfer').length, want, text);
    checked++;
  }
  assert.ok(checked >= 5, `only ${checked} launch lines with nvinfer`);
});
