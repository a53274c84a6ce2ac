// The nvdspreprocess, nvdsanalytics, nvdewarper and nvdsmetamux schemas, checked against what their
// DeepStream 9.1 parsers (src/gst-plugins/*/..._property_parser.cpp) do, on real corpus configs with
// one documented edit each (mutate()).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { getGroupSchema, getKeySchema, listGroupKeys } from '../../../server/lint/config/index';
import { corpusFile, lineOf, lint, mutate, only } from './support';

const analytics = corpusFile('src/apps/sample_apps/deepstream-nvdsanalytics-test/config_nvdsanalytics.txt');
const preprocess = corpusFile('src/gst-plugins/gst-nvdspreprocess/config_preprocess.txt');
const dewarper = corpusFile('src/apps/sample_apps/deepstream-dewarper-test/config_dewarper_rot_axes.txt');
const metamux = corpusFile('src/gst-plugins/gst-nvdsmetamux/config_metamux.txt');

test('the corpus plugin configs are clean (no schema finding at all)', () => {
  for (const f of [analytics, preprocess, dewarper, metamux]) {
    const ds = lint(f.path, f.text).filter((d) => d.code !== 'config/missing-file');
    assert.deepEqual(ds.map((d) => `${d.code} ${d.message}`), [], f.path);
  }
});

test('every key the 9.1 parsers compare is in the schemas, with the parser getter type', () => {
  const property = ['enable', 'unique-id', 'gpu-id', 'process-on-frame', 'maintain-aspect-ratio', 'symmetric-padding', 'processing-width', 'processing-height', 'scaling-buf-pool-size', 'tensor-buf-pool-size', 'target-unique-ids', 'operate-on-gie-id', 'network-input-order', 'network-input-shape', 'network-color-format', 'tensor-data-type', 'tensor-name', 'scaling-filter', 'scaling-pool-memory-type', 'scaling-pool-compute-hw', 'custom-lib-path', 'custom-tensor-preparation-function'];
  assert.deepEqual(listGroupKeys('preprocess', 'property').map((k) => k.key).sort(), [...property].sort());
  assert.equal(listGroupKeys('preprocess', 'group-0').length, 12);
  assert.deepEqual(listGroupKeys('analytics', 'property').map((k) => k.key).sort(), ['config-height', 'config-width', 'display-font-size', 'display-obj-cnt', 'enable', 'obj-cnt-win-in-ms', 'osd-mode']);
  assert.equal(listGroupKeys('dewarper', 'surface0').length, 20);
  assert.equal(listGroupKeys('dewarper', 'property').length, 7);
  assert.deepEqual(listGroupKeys('metamux', 'property').map((k) => k.key).sort(), ['active-pad', 'enable', 'pts-tolerance']);
  // Facts from the parsers.
  assert.deepEqual(getKeySchema('preprocess', 'property', 'tensor-data-type')!.enum!.map((e) => `${e.value}=${e.meaning}`), ['0=FP32', '1=UINT8', '2=INT8', '3=UINT32', '4=INT32', '5=INT64', '6=UINT64', '7=FP16']);
  assert.equal(getKeySchema('preprocess', 'group-1', 'roi-params-src-3')!.listMultipleOf, 4);
  assert.equal(getKeySchema('analytics', 'property', 'obj-cnt-win-in-ms')!.max, 1000000000);
  assert.equal(getKeySchema('analytics', 'line-crossing-stream-3', 'mode')!.default, 'loose');
  assert.equal(getKeySchema('analytics', 'direction-detection-stream-3', 'mode')!.default, 'balanced');
  assert.equal(getKeySchema('dewarper', 'property', 'num-batch-buffers')!.max, 4);
  assert.equal(getKeySchema('dewarper', 'surface1', 'projection-type')!.enum!.length, 19);
  // Groups match by prefix, as the parsers compare them with strncmp.
  assert.equal(getGroupSchema('analytics', 'roi-filtering-stream-12')?.name, 'roi-filtering-stream-<N>');
  assert.equal(getGroupSchema('preprocess', 'group-7')?.name, 'group-<N>');
});

test('config/missing-key: nvdsanalytics [property] without config-width, a stream group without its ROI', () => {
  const noWidth = mutate(analytics.text, /^config-width=1920\n/m, '');
  const [d] = only(lint(analytics.path, noWidth), 'config/missing-key');
  assert.equal(d.severity, 'error');
  assert.equal(d.range.start.line, lineOf(noWidth, /^\[property\]/));
  assert.match(d.message, /nvdsanalytics config parser refuses \[property\]: it has no "config-width"/);
  const noRoi = mutate(analytics.text, /^roi-OC=.*\n/m, '');
  const [o] = only(lint(analytics.path, noRoi), 'config/missing-key');
  assert.equal(o.range.start.line, lineOf(noRoi, /^\[overcrowding-stream-1\]/));
  assert.match(o.message, /refuses \[overcrowding-stream-1\]: it has no key matching "roi-<label>"/);
});

test('config/missing-key in YAML: the nvdsanalytics YAML parser does not require config-width, but still the ROI', () => {
  // The [property] and [roi-filtering-stream-0] groups of the corpus sample, written as YAML.
  const yaml = 'property:\n  enable: 1\n  osd-mode: 2\n  display-font-size: 12\nroi-filtering-stream-0:\n  enable: 1\n  inverse-roi: 0\n  class-id: -1\n';
  const ds = only(lint(analytics.path.replace(/\.txt$/, '.yml'), yaml), 'config/missing-key');
  assert.deepEqual(ds.map((d) => d.range.start.line), [4]);
  assert.match(ds[0].message, /refuses roi-filtering-stream-0: it has no key matching "roi-<label>"/);
});

test('config/missing-key: nvdspreprocess [property] without tensor-name and scaling-filter', () => {
  const text = mutate(mutate(preprocess.text, /^tensor-name=.*\n/m, ''), /^scaling-filter=.*\n/m, '');
  const [d] = only(lint(preprocess.path, text), 'config/missing-key');
  assert.match(d.message, /no "tensor-name", "scaling-filter"/);
});

test('nvdspreprocess groups as the parser checks them: primary mode needs process-on-roi, ROIs read in key order', () => {
  // Only group-0 of the sample: later groups would be satisfied by what group-0 set (the parser
  // records the keys across groups).
  const groups = preprocess.text.indexOf('[group-1]');
  const one = preprocess.text.slice(0, groups);
  assert.deepEqual(only(lint(preprocess.path, one), 'config/missing-key'), []);
  const noRoiFlag = mutate(one, /^process-on-roi=1\n/m, '');
  const [d] = only(lint(preprocess.path, noRoiFlag), 'config/missing-key');
  assert.equal(d.range.start.line, lineOf(noRoiFlag, /^\[group-0\]/));
  assert.match(d.message, /refuses \[group-0\] in primary mode \(process-on-frame=1\): it has no "process-on-roi"/);
  // The ROIs before process-on-roi=1 are skipped by the parser, which then refuses the group.
  const late = mutate(one, /^process-on-roi=1\n((?:roi-params-src-\d+=.*\n)+)/m, '$1process-on-roi=1\n');
  const [l] = only(lint(preprocess.path, late), 'config/missing-key');
  assert.match(l.message, /no "roi-params-src-<N>".*"roi-params-src-0" on line \d+ comes before "process-on-roi=1": the parser reads keys in order and skipped it/);
  // The full sample: group-2 (process-on-roi=0) needs no ROIs.
  assert.deepEqual(only(lint(preprocess.path, preprocess.text), 'config/missing-key'), []);
});

test('nvdspreprocess secondary mode: process-on-all-objects=0 needs ROIs', () => {
  const f = corpusFile('src/gst-plugins/gst-nvdspreprocess/config_preprocess_sgie.txt');
  assert.match(f.text, /^process-on-frame=0/m);
  const g0 = f.text.slice(0, f.text.indexOf('[group-1]'));
  assert.match(g0, /^process-on-all-objects=0/m);
  const text = g0.replace(/^roi-params-src-\d+=.*\n/gm, '');
  const [d] = only(lint(f.path, text), 'config/missing-key');
  assert.match(d.message, /refuses \[group-0\] in secondary mode \(process-on-frame=0\): it has no "roi-params-src-<N>"/);
});

test('enforced ranges and enums of the plugin parsers are errors, tolerated ones warnings', () => {
  const osd = mutate(analytics.text, /^osd-mode=2$/m, 'osd-mode=3');
  const [bad] = only(lint(analytics.path, osd), 'config/bad-enum');
  assert.equal(bad.severity, 'error');
  const neg = mutate(analytics.text, /^roi-RF=295;643/m, 'roi-RF=-295;643');
  assert.equal(only(lint(analytics.path, neg), 'config/out-of-range')[0].severity, 'error');
  const mode = mutate(analytics.text, /^mode=loose$/m, 'mode=lenient');
  const [m] = only(lint(analytics.path, mode), 'config/bad-enum');
  assert.equal(m.severity, 'warning', 'an unknown mode falls back to loose with a message');
  const dtype = mutate(preprocess.text, /^tensor-data-type=0$/m, 'tensor-data-type=9');
  assert.equal(only(lint(preprocess.path, dtype), 'config/bad-enum')[0].severity, 'error');
  const batches = mutate(dewarper.text, /^num-batch-buffers=1$/m, 'num-batch-buffers=5');
  assert.equal(only(lint(dewarper.path, batches), 'config/out-of-range')[0].severity, 'error');
});

test('roi-params-src-N must hold whole ROIs (a multiple of 4 values)', () => {
  const f = corpusFile('src/gst-plugins/gst-nvdspreprocess/config_preprocess_sgie.txt');
  const text = mutate(f.text, /^(roi-params-src-2=.*)$/m, '$1;7');
  const [d] = only(lint(f.path, text), 'config/list-length');
  assert.equal(d.severity, 'error');
  assert.match(d.message, /5 items; it needs a multiple of 4/);
});
