// NvMultiObjectTracker YAML configs (nvtracker ll-config-file): documented sections and keys, types,
// documented ranges/enums, YAML-sequence lists, did-you-mean; on NVIDIA's own configs from the corpus.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { getGroupSchema, getKeySchema, parseConfig } from '../../../server/lint/config/index';
import { configHover } from '../../../server/lsp/configFeatures';
import { corpusFile, corpusRoot, lineOf, lint, mutate, only, walk } from './support';

const sv3dt = corpusFile('src/apps/reference_apps/deepstream-tracker-3d/configs/config_tracker_NvDCF_accuracy_3D.yml');

test('every tracker config of the corpus is read as a tracker config and has no finding', () => {
  let n = 0;
  for (const f of walk(corpusRoot)) {
    if (!/\.ya?ml$/.test(f)) continue;
    const text = fs.readFileSync(f, 'utf8');
    if (parseConfig(f, text).kind !== 'tracker') continue;
    n++;
    const ds = lint(f, text).filter((d) => d.code !== 'config/missing-file');
    assert.deepEqual(ds.map((d) => `${d.range.start.line + 1} ${d.code} ${d.message}`), [], f);
  }
  assert.ok(n >= 5, `tracker configs in the corpus: ${n}`);
});

test('sections and keys from NVIDIA\'s tracker reference, samples-only keys marked as such', () => {
  assert.equal(getGroupSchema('tracker', 'VisualTracker')?.name, 'VisualTracker');
  assert.equal(getGroupSchema('tracker', 'visualtracker'), undefined, 'section names are case-sensitive');
  const conf = getKeySchema('tracker', 'TargetManagement', 'minTrackerConfidence')!;
  assert.deepEqual([conf.type, conf.min, conf.max], ['double', 0, 1]);
  assert.deepEqual(getKeySchema('tracker', 'StateEstimator', 'stateEstimatorType')!.enum!.map((e) => e.value), [0, 1, 2, 3]);
  assert.deepEqual(getKeySchema('tracker', 'ReID', 'inferDims')!.listLength, 3);
  assert.equal(getKeySchema('tracker', 'ReID', 'inferDims')!.yamlSeq, true);
  assert.match(getKeySchema('tracker', 'TargetManagement', 'maxTrajectoryBufferLength')!.doc, /not described in the tracker reference/);
  assert.equal(getKeySchema('tracker', 'TargetManagement', 'maxShadowTrackingAge')!.enforced, undefined, 'closed-source library: nothing enforced');
});

test('unknown key in a tracker section: did-you-mean with a quick fix', () => {
  const text = mutate(sv3dt.text, /^ {2}maxShadowTrackingAge:/m, '  maxShadowTrackingAg:');
  const [d] = only(lint(sv3dt.path, text), 'config/unknown-key');
  assert.equal(d.severity, 'warning');
  assert.equal(d.range.start.line, lineOf(text, /maxShadowTrackingAg:/));
  assert.match(d.message, /Unknown key "maxShadowTrackingAg" in TargetManagement: NvMultiObjectTracker does not document it.*Did you mean "maxShadowTrackingAge"\?/);
  assert.equal(d.fixes?.[0].edits[0].newText, 'maxShadowTrackingAge');
});

test('unknown section: did-you-mean', () => {
  const text = mutate(sv3dt.text, /^VisualTracker:/m, 'VisualTraker:');
  const [d] = only(lint(sv3dt.path, text), 'config/unknown-group');
  assert.match(d.message, /Unknown group "VisualTraker".*Did you mean "VisualTracker"\?/);
});

test('types, documented ranges and enums, platform-only values', () => {
  const notInt = mutate(sv3dt.text, /^ {2}probationAge: 2/m, '  probationAge: two');
  assert.equal(only(lint(sv3dt.path, notInt), 'config/wrong-type')[0].severity, 'error');
  const range = mutate(sv3dt.text, /^ {2}minTrackerConfidence: 0\.1513/m, '  minTrackerConfidence: 1.5');
  const [r] = only(lint(sv3dt.path, range), 'config/out-of-range');
  assert.equal(r.severity, 'warning');
  assert.match(r.message, /between 0 and 1/);
  const badEnum = mutate(sv3dt.text, /^ {2}visualTrackerType: 2/m, '  visualTrackerType: 3');
  assert.match(only(lint(sv3dt.path, badEnum), 'config/bad-enum')[0].message, /2 \(NvDCF_VPI\)/);
  const pva = mutate(sv3dt.text, /^ {2}vpiBackend4DcfTracker: 1/m, '  vpiBackend4DcfTracker: 2');
  assert.equal(only(lint(sv3dt.path, pva), 'config/platform-value').length, 1, 'PVA on a dGPU target');
  assert.equal(only(lint(sv3dt.path, pva, undefined, { target: 'jetson', dsVersion: '9.1' }), 'config/platform-value').length, 0);
});

test('lists are YAML sequences: [3, 256, 128] is fine, a missing dimension is reported', () => {
  assert.match(sv3dt.text, /inferDims: \[3, 256, 128\]/);
  assert.equal(only(lint(sv3dt.path, sv3dt.text), 'config/wrong-type').length, 0);
  const text = mutate(sv3dt.text, /inferDims: \[3, 256, 128\]/, 'inferDims: [3, 256]');
  const [d] = only(lint(sv3dt.path, text), 'config/list-length');
  assert.match(d.message, /ReID\.inferDims has 2 items; it needs exactly 3/);
});

test('hover on a tracker key shows the reference text and the documented range', () => {
  const line = lineOf(sv3dt.text, /^ {2}minTrackerConfidence:/);
  const h = configHover(sv3dt.path, sv3dt.text, 'config-other', { line, character: 4 }, '9.1');
  assert.ok(h);
  const value = (h.contents as { value: string }).value;
  assert.match(value, /\*\*minTrackerConfidence\*\* — `\[TargetManagement\]`/);
  assert.match(value, /range: 0 … 1/);
  assert.match(value, /tracker_config\.md/);
});
