// The schema API for hover and completion, checked against facts of DeepStream 9.1's parsers and
// against the keys the corpus really uses.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { describeKey, getGroupSchema, getKeySchema, getKindSchema, listGroupKeys } from '../../../server/lint/config/schema';
import { parseConfig } from '../../../server/lint/config/index';
import { configRuleDocs } from '../../../server/lint/config/index';
import { corpusRoot, walk } from './support';

test('nvinfer keys: type, range, enum with meanings, default, deprecation', () => {
  const bs = getKeySchema('nvinfer', 'property', 'batch-size')!;
  assert.equal(bs.type, 'int');
  assert.equal(bs.min, 1);
  assert.equal(bs.max, 1024);
  assert.equal(bs.default, '1');
  assert.equal(bs.enforced, true);
  const nm = getKeySchema('nvinfer', 'property', 'network-mode')!;
  assert.deepEqual(nm.enum?.map((e) => e.value), [0, 1, 2, 3]);
  assert.match(nm.enum![2].meaning, /FP16/);
  assert.equal(getKeySchema('nvinfer', 'property', 'infer-dims')!.listLength, 3);
  assert.equal(getKeySchema('nvinfer', 'property', 'labelfile-path')!.type, 'path');
  assert.match(getKeySchema('nvinfer', 'property', 'uff-file')!.deprecated ?? '', /TensorRT 10/);
  assert.match(getKeySchema('nvinfer', 'class-attrs-3', 'threshold')!.deprecated ?? '', /pre-cluster-threshold/);
  assert.equal(getKeySchema('nvinfer', 'class-attrs-all', 'nms-iou-threshold')!.max, 1);
  assert.equal(getKeySchema('nvinfer', 'property', 'no-such-key'), undefined);
  assert.equal(getGroupSchema('nvinfer', 'class-attrs-x'), undefined);
});

test('deepstream-app groups by pattern, keys with the getter type of the parser', () => {
  assert.equal(getGroupSchema('deepstream-app', 'sink3')?.name, 'sink<N>');
  assert.equal(getGroupSchema('deepstream-app', 'secondary-gie12')?.name, 'secondary-gie<N>');
  const sync = getKeySchema('deepstream-app', 'sink0', 'sync')!;
  assert.equal(sync.type, 'int');
  assert.deepEqual(sync.enum?.map((e) => e.value), [0, 1]);
  assert.equal(getKeySchema('deepstream-app', 'streammux', 'batched-push-timeout')!.type, 'int');
  assert.equal(getKeySchema('deepstream-app', 'streammux', 'frame-duration')!.type, 'uint64');
  assert.equal(getKeySchema('deepstream-app', 'primary-gie', 'config-file')!.type, 'path');
  assert.equal(getKeySchema('deepstream-app', 'primary-gie', 'bbox-border-color2')!.listLength, 4);
  assert.equal(getKeySchema('deepstream-app', 'osd', 'process-mode')!.enum?.[0].value, 0);
  assert.equal(getKeySchema('deepstream-app', 'source', 'csv-file-path')!.type, 'path');
  assert.ok(listGroupKeys('deepstream-app', 'source0').length >= 40);
});

test('other kinds: pattern keys of nvdsanalytics, preprocess groups, open kinds', () => {
  assert.equal(getKeySchema('analytics', 'line-crossing-stream-0', 'line-crossing-Exit')!.listLength, 8);
  assert.equal(getKeySchema('preprocess', 'group-0', 'roi-params-src-2')!.type, 'int-list');
  assert.ok(!getKindSchema('tracker').openGroups, 'tracker sections are checked');
  assert.ok(getKindSchema('nvinferserver').openGroups);
});

test('hover text: type, doc, range, enum meanings and source', () => {
  const md = describeKey(getKeySchema('nvinfer', 'property', 'cluster-mode')!);
  assert.match(md, /\*\*cluster-mode\*\* \(int\)/);
  assert.match(md, /`2`: NMS/);
  assert.match(md, /gstnvinfer_property_parser\.cpp/);
});

test('every key used by the corpus nvinfer configs is in the schema (except one typo)', () => {
  const unknown = new Set<string>();
  for (const f of walk(corpusRoot)) {
    const { doc, kind } = parseConfig(f, fs.readFileSync(f, 'utf8'));
    if (kind !== 'nvinfer') continue;
    for (const g of doc.groups) {
      if (!getGroupSchema(kind, g.name)) continue;
      for (const e of g.entries) if (!getKeySchema(kind, g.name, e.key)) unknown.add(`${g.name}.${e.key}`);
    }
  }
  assert.deepEqual([...unknown], ['property.process_mode']);
});

test('rule docs: unique ids, severity, why/example/fix for each', () => {
  const docs = configRuleDocs();
  assert.ok(docs.length >= 35);
  assert.equal(new Set(docs.map((d) => d.id)).size, docs.length);
  for (const d of docs) {
    assert.match(d.id, /^config\/[a-z0-9-]+$/);
    for (const k of ['title', 'why', 'example', 'fix'] as const) assert.ok(d[k].length > 5, `${d.id}.${k}`);
  }
});
