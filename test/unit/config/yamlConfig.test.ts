// Reading YAML configs: groups and entries with positions, yaml-cpp's leniencies (%YAML:1.0),
// duplicate keys, sequences, aliases; and the config kinds detected from content.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseYamlConfig } from '../../../server/lint/config/yamlConfig';
import { parseConfig } from '../../../server/lint/config/index';
import { corpusFile, lineOf } from './support';

test('a real YAML nvinfer config maps onto groups and entries with positions', () => {
  const { text } = corpusFile('src/apps/sample_apps/deepstream-test1/dstest1_pgie_config.yml');
  const doc = parseYamlConfig(text);
  assert.deepEqual(doc.problems, []);
  assert.deepEqual(doc.groups.map((g) => g.name), ['property', 'class-attrs-all']);
  const bs = doc.groupMap.get('property')!.keys.get('batch-size')!;
  const line = lineOf(text, /^\s+batch-size:/);
  assert.equal(bs.raw, '1');
  assert.deepEqual(bs.keyRange, { start: { line, character: 2 }, end: { line, character: 12 } });
  assert.deepEqual(bs.valueRange, { start: { line, character: 14 }, end: { line, character: 15 } });
  assert.equal(bs.yaml?.node, 'scalar');
  assert.equal(bs.yaml?.typed, 1);
});

test('";"-separated strings split into items with ranges (split_string of the YAML parsers)', () => {
  const doc = parseYamlConfig('property:\n  infer-dims: 3;544;960\n  output-blob-names: "a;b"\n');
  const dims = doc.groupMap.get('property')!.keys.get('infer-dims')!;
  assert.deepEqual(dims.items.map((i) => i.text), ['3', '544', '960']);
  assert.deepEqual(dims.items[1].range, { start: { line: 1, character: 16 }, end: { line: 1, character: 19 } });
  const names = doc.groupMap.get('property')!.keys.get('output-blob-names')!;
  assert.deepEqual(names.items.map((i) => i.text), ['a', 'b']);
  assert.equal(names.yaml?.quoted, true);
});

test('the OpenCV-style %YAML:1.0 first line that yaml-cpp accepts is not a syntax error', () => {
  const { text } = corpusFile('src/apps/reference_apps/deepstream-tracker-3d/configs/config_tracker_NvDCF_accuracy_3D.yml');
  const doc = parseYamlConfig(text);
  assert.deepEqual(doc.problems.filter((p) => p.fatal), []);
  assert.ok(doc.groupMap.has('BaseConfig'));
  assert.equal(parseConfig('/x/t.yml', text).kind, 'tracker');
});

test('syntax errors are fatal problems with a position; the rest of the file is still read', () => {
  const doc = parseYamlConfig('property:\n  gpu-id: 0\n  bad: [1, 2\nclass-attrs-all:\n  topk: 20\n');
  assert.ok(doc.problems.some((p) => p.fatal && p.code === 'config/syntax'));
  assert.ok(doc.groupMap.has('property'));
});

test('duplicate keys are kept in order and reported; the last one wins (deepstream-test2 sgie YAML)', () => {
  const { text } = corpusFile('src/apps/sample_apps/deepstream-test2/dstest2_sgie1_config.yml');
  const doc = parseYamlConfig(text);
  const e = doc.groupMap.get('property')!.keys.get('process-mode')!;
  assert.equal(e.raw, '2');
  const p = doc.problems.find((x) => x.code === 'config/duplicate-key' && /process-mode/.test(x.message))!;
  assert.equal(p.range.start.line, lineOf(text, /^\s+process-mode:/) + (text.split('\n').filter((l) => /^\s+process-mode:/.test(l)).length > 1 ? text.split('\n').slice(lineOf(text, /^\s+process-mode:/) + 1).findIndex((l) => /^\s+process-mode:/.test(l)) + 1 : 0));
  assert.equal(p.related?.start.line, lineOf(text, /^\s+process-mode:/));
});

test('sequences, mappings and nulls are kept as what they are', () => {
  const doc = parseYamlConfig('property:\n  offsets: [1, 2, 3]\n  nested:\n    a: 1\n  empty:\n');
  const g = doc.groupMap.get('property')!;
  assert.equal(g.keys.get('offsets')!.yaml?.node, 'seq');
  assert.deepEqual(g.keys.get('offsets')!.items.map((i) => i.text), ['1', '2', '3']);
  assert.equal(g.keys.get('nested')!.yaml?.node, 'map');
  assert.equal(g.keys.get('empty')!.yaml?.node, 'null');
});

test('aliases are followed one level and never expanded (an alias bomb is cheap)', () => {
  const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
  for (let i = 1; i < 12; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${new Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
  const bomb = `${levels.join('\n')}\nproperty:\n  gpu-id: *l\n`;
  const t0 = Date.now();
  const doc = parseYamlConfig(bomb);
  assert.ok(Date.now() - t0 < 2000, 'alias bomb took too long');
  assert.ok(doc.groupMap.has('property'));
  const shared = parseYamlConfig('base: &b\n  gpu-id: 0\nproperty: *b\n');
  assert.equal(shared.groupMap.get('property')!.keys.get('gpu-id')!.raw, '0');
});

test('config kinds come from content, for INI and YAML alike', () => {
  const kinds: [string, string][] = [
    ['src/apps/sample_apps/deepstream-test1/dstest1_pgie_config.txt', 'nvinfer'],
    ['src/apps/sample_apps/deepstream-test1/dstest1_pgie_config.yml', 'nvinfer'],
    ['src/apps/tao_apps/deepstream_app_tao_configs/deepstream_app_source1_trafficcamnet.txt', 'deepstream-app'],
    ['src/apps/tao_apps/deepstream_app_tao_configs/deepstream_app_source1_trafficcamnet.yml', 'deepstream-app'],
    ['src/gst-plugins/gst-nvdspreprocess/config_preprocess.txt', 'preprocess'],
    ['src/gst-plugins/gst-nvdsmetamux/config_metamux.txt', 'metamux'],
    ['src/apps/sample_apps/deepstream-server/config_new_nvstreammux.txt', 'streammux'],
    ['src/gst-plugins/gst-nvdspostprocess/config_detector.yml', 'postprocess'],
    ['src/service-maker/sources/apps/cpp/deepstream_test1_app/dstest1_config_x86.yaml', 'service-maker'],
  ];
  for (const [rel, kind] of kinds) {
    const { path, text } = corpusFile(rel);
    assert.equal(parseConfig(path, text).kind, kind, rel);
  }
  assert.equal(parseConfig('/x/config_infer_triton.txt', 'infer_config {\n  unique_id: 1\n}\n').kind, 'nvinferserver');
});
