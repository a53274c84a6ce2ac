// Every config rule on real excerpts of the DeepStream 9.1 corpus: either a finding the corpus
// file really has, or a corpus file with one documented edit (mutate()) that introduces the
// mistake. The last test checks that every documented rule id was exercised here.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { LintDiagnostic } from '../../../server/lint/diagnostic';
import { diskFiles } from '../../../server/lint/diskFiles';
import { configRuleDocs } from '../../../server/lint/config/index';
import { pipelineRules } from '../../../server/lint/pipeline/rules/all';
import { corpusFile, corpusRoot, dgpu, everythingExists, jetson, lineOf, lint, memoryFiles, mutate, only } from './support';

const covered = new Set<string>();

/** Asserts exactly the findings of `code` and returns them. */
function expect(ds: LintDiagnostic[], code: string, want: { severity: LintDiagnostic['severity']; lines: number[]; message?: RegExp }): LintDiagnostic[] {
  const got = only(ds, code);
  assert.deepEqual(got.map((d) => d.range.start.line), want.lines, `${code}: ${JSON.stringify(got.map((d) => d.message))}`);
  for (const d of got) {
    assert.equal(d.severity, want.severity, `${code} severity`);
    if (want.message) assert.match(d.message, want.message);
  }
  covered.add(code);
  return got;
}

function applyFix(text: string, d: LintDiagnostic, index = 0): string {
  const fix = d.fixes?.[index];
  assert.ok(fix, `${d.code} has no fix`);
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const edits = [...fix.edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of edits) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

const pgie1 = corpusFile('src/apps/sample_apps/deepstream-test1/dstest1_pgie_config.txt');
const pgie1yml = corpusFile('src/apps/sample_apps/deepstream-test1/dstest1_pgie_config.yml');
const tcnApp = corpusFile('src/apps/tao_apps/deepstream_app_tao_configs/deepstream_app_source1_trafficcamnet.txt');
const tcnApp3 = corpusFile('src/apps/tao_apps/deepstream_app_tao_configs/deepstream_app_source1_trafficcamnet_vehiclemakenet_vehicletypenet.txt');

test('config/syntax: a ";" comment line makes GLib refuse the file; the reader goes on', () => {
  const text = mutate(pgie1.text, 'batch-size=1\n', '; batch size for the engine\nbatch-size=1\n');
  const ds = lint(pgie1.path, text);
  expect(ds, 'config/syntax', { severity: 'error', lines: [lineOf(text, /^; batch size/)], message: /";" does not start a comment/ });
  // batch-size after the broken line is still read: a bad value there is still found.
  const bad = lint(pgie1.path, mutate(text, 'batch-size=1\n', 'batch-size=0\n'));
  assert.equal(only(bad, 'config/out-of-range').length, 1);
});

test('config/duplicate-key: deepstream-test2 sgie1 sets gpu-id and process-mode twice', () => {
  const f = corpusFile('src/apps/sample_apps/deepstream-test2/dstest2_sgie1_config.txt');
  const ds = lint(f.path, f.text);
  const lines = f.text.split('\n');
  const second = (re: RegExp) => lines.findIndex((l, i) => re.test(l) && i > lineOf(f.text, re));
  const got = expect(ds, 'config/duplicate-key', { severity: 'warning', lines: [second(/^gpu-id=/), second(/^process-mode=/)] });
  assert.equal(got[0].related?.[0].range.start.line, lineOf(f.text, /^gpu-id=/));
});

test('config/duplicate-group: a second [class-attrs-all] continues the first', () => {
  const text = `${pgie1.text}\n[class-attrs-all]\ntopk=10\n`;
  expect(lint(pgie1.path, text), 'config/duplicate-group', { severity: 'info', lines: [text.split('\n').length - 3] });
});

test('config/invalid-utf8: a Latin-1 byte in a path', () => {
  const bytes = Buffer.from(pgie1.text.replace('labels.txt', 'labels_X.txt'), 'utf8');
  bytes[bytes.indexOf('labels_X') + 7] = 0xe9;
  const text = bytes.toString('utf8');
  expect(lint(pgie1.path, text), 'config/invalid-utf8', { severity: 'warning', lines: [lineOf(text, /^labelfile-path=/)] });
});

test('config/unknown-group: [primary_gie] is skipped by deepstream-app (did-you-mean fix); [source-list] in an nvinfer YAML', () => {
  const text = mutate(tcnApp.text, '[primary-gie]', '[primary_gie]');
  const [d] = expect(lint(tcnApp.path, text, diskFiles), 'config/unknown-group', { severity: 'warning', lines: [lineOf(text, /^\[primary_gie\]/)], message: /Did you mean "primary-gie"/ });
  assert.match(applyFix(text, d), /^\[primary-gie\]/m);
  const f = corpusFile('src/apps/tao_apps/configs/nvinfer/citysemsegformer_tao/pgie_citysemsegformer_tao_config.yml');
  expect(lint(f.path, f.text), 'config/unknown-group', { severity: 'warning', lines: [lineOf(f.text, /^source-list:/)], message: /nvinfer ignores it/ });
  // Prefix groups are read by deepstream-app: [secondary-gie] without index in peoplenet_reidentification.txt is a GIE.
  const r = corpusFile('src/apps/tao_apps/configs/app/peoplenet_reidentification.txt');
  assert.equal(only(lint(r.path, r.text, diskFiles), 'config/unknown-group').length, 0);
  // ...but a source group must be [source<N>]: deepstream-app refuses the file.
  const bad = mutate(tcnApp.text, '[source0]', '[source-0]');
  const [e] = expect(lint(tcnApp.path, bad, diskFiles), 'config/unknown-group', { severity: 'error', lines: [lineOf(bad, /^\[source-0\]/)], message: /refuses/ });
  assert.match(applyFix(bad, e), /^\[source0\]/m);
});

test('config/unknown-key: lpr_config_sgie_us.txt spells process_mode; did-you-mean fix', () => {
  const f = corpusFile('src/apps/tao_apps/misc/dev_blog/LPDR/lpdr_sample/lpr_config_sgie_us.txt');
  const ds = lint(f.path, f.text);
  const [d] = expect(ds, 'config/unknown-key', { severity: 'warning', lines: [lineOf(f.text, /^process_mode/)], message: /Did you mean "process-mode"/ });
  assert.equal(d.fixes?.[0].isPreferred, true);
  assert.match(applyFix(f.text, d), /^process-mode=/m);
  // The same key in YAML works the same way.
  const y = mutate(pgie1yml.text, '  batch-size: 1', '  batch_size: 1');
  expect(lint(pgie1yml.path, y), 'config/unknown-key', { severity: 'warning', lines: [lineOf(y, /batch_size/)], message: /Did you mean "batch-size"/ });
});

test('config/missing-group: without [property] nvinfer refuses the file', () => {
  const text = mutate(pgie1.text, '[property]', '[properties]');
  // Content still says nvinfer ([class-attrs-all]); the group is missing.
  expect(lint(pgie1.path, text), 'config/missing-group', { severity: 'error', lines: [0] });
});

test('config/wrong-type: trailing blank after a double, yes for a boolean, YAML mapping for a number', () => {
  const text = mutate(mutate(pgie1.text, 'net-scale-factor=0.00392156862745098', 'net-scale-factor=0.00392156862745098 '), 'cluster-mode=2\n', 'cluster-mode=2\nmaintain-aspect-ratio=yes\n');
  const ds = lint(pgie1.path, text);
  const got = expect(ds, 'config/wrong-type', { severity: 'error', lines: [lineOf(text, /^net-scale-factor/), lineOf(text, /^maintain-aspect-ratio/)] });
  assert.match(got[0].message, /trailing whitespace/);
  assert.doesNotMatch(applyFix(text, got[0]), /0\.00392156862745098 \n/);
  const y = mutate(pgie1yml.text, '  batch-size: 1', '  batch-size:\n    value: 1');
  expect(lint(pgie1yml.path, y), 'config/wrong-type', { severity: 'error', lines: [lineOf(y, /^\s+value: 1/)] });
  // Integers with a trailing comment are fine for GLib (config_deepstream.txt of the multi-view tracker sample).
  const mv = corpusFile('src/apps/reference_apps/deepstream-tracker-3d-multi-view/config_templates/config_deepstream.txt');
  assert.equal(only(lint(mv.path, mv.text), 'config/wrong-type').length, 0);
});

test('config/out-of-range: batch-size=0 (nvinfer checks 1..1024)', () => {
  const text = mutate(pgie1.text, 'batch-size=1', 'batch-size=0');
  expect(lint(pgie1.path, text), 'config/out-of-range', { severity: 'error', lines: [lineOf(text, /^batch-size/)], message: /between 1 and 1024/ });
  const y = mutate(pgie1yml.text, '  batch-size: 1', '  batch-size: 2000');
  expect(lint(pgie1yml.path, y), 'config/out-of-range', { severity: 'error', lines: [lineOf(y, /batch-size/)] });
});

test('config/bad-enum: network-mode=4', () => {
  const text = mutate(pgie1.text, 'network-mode=2', 'network-mode=4');
  expect(lint(pgie1.path, text), 'config/bad-enum', { severity: 'error', lines: [lineOf(text, /^network-mode/)], message: /2 \(FP16\)/ });
});

test('config/list-length: infer-dims with two items (bodypose3d sgie)', () => {
  const f = corpusFile('src/apps/tao_apps/configs/nvinfer/bodypose3d_tao/config_infer_secondary_bodypose3dnet.txt');
  const text = mutate(f.text, /^infer-dims=.*$/m, 'infer-dims=256;192');
  expect(lint(f.path, text), 'config/list-length', { severity: 'error', lines: [lineOf(text, /^infer-dims/)], message: /exactly 3/ });
});

test('config/deprecated-key: [tracker] enable-batch-process of older releases; input-dims of the TAO trafficcamnet config', () => {
  const ds = lint(tcnApp.path, tcnApp.text);
  const got = only(ds, 'config/deprecated-key');
  assert.deepEqual(got.map((d) => d.range.start.line), [lineOf(tcnApp.text, /^enable-batch-process/), lineOf(tcnApp.text, /^enable-past-frame/)]);
  assert.ok(got.every((d) => d.severity === 'warning' && d.tags?.includes('deprecated')));
  const f = corpusFile('src/apps/tao_apps/deepstream_app_tao_configs/nvinfer/config_infer_primary_trafficcamnet.txt');
  const inf = only(lint(f.path, f.text), 'config/deprecated-key');
  assert.ok(inf.some((d) => d.range.start.line === lineOf(f.text, /^input-dims/) && d.severity === 'info' && /infer-dims/.test(d.message)));
  assert.ok(inf.some((d) => d.range.start.line === lineOf(f.text, /^uff-input-blob-name/) && /TensorRT 10/.test(d.message)));
  covered.add('config/deprecated-key');
});

test('config/inline-comment: a comment after a path becomes part of it', () => {
  const text = mutate(pgie1.text, /^(labelfile-path=.*)$/m, '$1  # 4 classes');
  const [d] = expect(lint(pgie1.path, text), 'config/inline-comment', { severity: 'warning', lines: [lineOf(text, /^labelfile-path/)] });
  const fixed = applyFix(text, d);
  assert.match(fixed, /^# 4 classes\nlabelfile-path=\S+\n/m);
});

test('config/platform-value: scaling-compute-hw=2 (VIC) is Jetson only', () => {
  const text = mutate(pgie1.text, 'cluster-mode=2\n', 'cluster-mode=2\nscaling-compute-hw=2\n');
  expect(lint(pgie1.path, text, everythingExists, dgpu), 'config/platform-value', { severity: 'warning', lines: [lineOf(text, /^scaling-compute-hw/)] });
  assert.equal(only(lint(pgie1.path, text, everythingExists, jetson), 'config/platform-value').length, 0);
});

test('config/missing-model: no onnx-file and no model-engine-file', () => {
  const text = mutate(mutate(pgie1.text, /^onnx-file=.*\n/m, ''), /^model-engine-file=.*\n/m, '');
  expect(lint(pgie1.path, text), 'config/missing-model', { severity: 'error', lines: [lineOf(text, /^\[property\]/)] });
});

test('config/custom-parser-without-lib: peoplenet transformer config without its custom-lib-path', () => {
  const f = corpusFile('src/apps/tao_apps/deepstream_app_tao_configs/nvinfer/config_infer_primary_peoplenet_transformer_v2.txt');
  assert.equal(only(lint(f.path, f.text), 'config/custom-parser-without-lib').length, 0);
  const text = mutate(f.text, /^custom-lib-path=.*\n/m, '');
  expect(lint(f.path, text), 'config/custom-parser-without-lib', { severity: 'error', lines: [lineOf(text, /^parse-bbox-func-name/)] });
});

test('config/fp32-precision: the retail DINO config builds FP32; the message names the platform', () => {
  const f = corpusFile('src/apps/tao_apps/configs/nvinfer/retail_object_detection_tao/pgie_retail_object_detection_binary_dino_tao_config.txt');
  const [d] = expect(lint(f.path, f.text), 'config/fp32-precision', { severity: 'warning', lines: [lineOf(f.text, /^network-mode=0/)], message: /dGPU/ });
  assert.match(only(lint(f.path, f.text, everythingExists, jetson), 'config/fp32-precision')[0].message, /Jetson/);
  assert.match(applyFix(f.text, d), /^network-mode=2$/m);
  // Missing network-mode means FP32 too; the fix inserts the key.
  const text = mutate(pgie1.text, /^network-mode=2\n/m, '');
  const [m] = expect(lint(pgie1.path, text), 'config/fp32-precision', { severity: 'warning', lines: [lineOf(text, /^\[property\]/)], message: /not set/ });
  assert.match(applyFix(text, m), /^network-mode=2$/m);
});

test('config/int8-without-calibration: network-mode=1 with int8-calib-file removed', () => {
  const text = mutate(mutate(pgie1.text, 'network-mode=2', 'network-mode=1'), /^int8-calib-file=.*\n/m, '');
  expect(lint(pgie1.path, text, memoryFiles({})), 'config/int8-without-calibration', { severity: 'warning', lines: [lineOf(text, /^network-mode/)] });
  assert.equal(only(lint(pgie1.path, mutate(pgie1.text, 'network-mode=2', 'network-mode=1')), 'config/int8-without-calibration').length, 0);
});

test('config/engine-name-mismatch: runtime_source_add_delete pgie has batch-size=30 with a _b1 engine', () => {
  const f = corpusFile('src/apps/reference_apps/runtime_source_add_delete/dstest_pgie_config.txt');
  const [d] = expect(lint(f.path, f.text), 'config/engine-name-mismatch', { severity: 'warning', lines: [lineOf(f.text, /^model-engine-file/)], message: /batch 1 vs batch-size=30/ });
  assert.match(applyFix(f.text, d), /_b30_gpu0_fp16\.engine$/m);
  // deepstream-test1's engine name matches its config.
  assert.equal(only(lint(pgie1.path, pgie1.text), 'config/engine-name-mismatch').length, 0);
});

test('config/no-engine-file: multi-view tracker pgie builds its engine at every start', () => {
  const f = corpusFile('src/apps/reference_apps/deepstream-tracker-3d-multi-view/config_templates/config_pgie_peoplenet.txt');
  const [d] = expect(lint(f.path, f.text), 'config/no-engine-file', { severity: 'hint', lines: [lineOf(f.text, /^\[property\]/)], message: /resnet34_peoplenet\.onnx_b1_gpu0_fp16\.engine/ });
  assert.match(applyFix(f.text, d), /^model-engine-file=.*resnet34_peoplenet\.onnx_b1_gpu0_fp16\.engine$/m);
});

test('config/slow-clustering: the transfer-learning detector clusters with DBSCAN', () => {
  const f = corpusFile('src/apps/sample_apps/deepstream-transfer-learning-app/configs/config_infer_primary_ds_transfer_learning.txt');
  expect(lint(f.path, f.text), 'config/slow-clustering', { severity: 'info', lines: [lineOf(f.text, /^cluster-mode=1/)] });
});

test('config/cluster-settings-ignored: topk with cluster-mode=4 (multi-view tracker pgie)', () => {
  const f = corpusFile('src/apps/reference_apps/deepstream-tracker-3d-multi-view/config_templates/config_pgie.txt');
  const got = only(lint(f.path, f.text), 'config/cluster-settings-ignored');
  assert.ok(got.some((d) => d.range.start.line === lineOf(f.text, /^topk/) && d.severity === 'warning' && /cluster-mode=4/.test(d.message)));
  covered.add('config/cluster-settings-ignored');
});

test('config/output-tensor-meta-unused: the 2D action recognition pgie; the ReID sgie of peoplenet_reidentification under deepstream-app', () => {
  const f = corpusFile('src/apps/sample_apps/deepstream-3d-action-recognition/config_infer_primary_2d_action.txt');
  expect(lint(f.path, f.text), 'config/output-tensor-meta-unused', { severity: 'info', lines: [lineOf(f.text, /^output-tensor-meta=1/)] });
  const r = corpusFile('src/apps/tao_apps/configs/app/peoplenet_reidentification.txt');
  expect(lint(r.path, r.text, diskFiles), 'config/output-tensor-meta-unused', { severity: 'info', lines: [lineOf(r.text, /^config-file=.*reidentificationnet/)], message: /tensor-meta-gie-id=2/ });
  // A tracker that reads that GIE's tensors is a consumer.
  const withTracker = mutate(r.text, /^\[tracker\]\n/m, '[tracker]\ninput-tensor-meta=1\ntensor-meta-gie-id=2\n');
  assert.equal(only(lint(r.path, withTracker, diskFiles), 'config/output-tensor-meta-unused').length, 0);
});

test('config/process-mode-mismatch: mask2former (primary) sets input-object-min-width/height', () => {
  const f = corpusFile('src/apps/tao_apps/configs/nvinfer/mask2former_tao/pgie_mask2former_tao_config.yml');
  expect(lint(f.path, f.text), 'config/process-mode-mismatch', { severity: 'warning', lines: [lineOf(f.text, /input-object-min-width/), lineOf(f.text, /input-object-min-height/)] });
});

test('config/class-attrs-out-of-range: [class-attrs-4] with num-detected-classes=4', () => {
  const text = `${pgie1.text}\n[class-attrs-4]\npre-cluster-threshold=0.5\n`;
  expect(lint(pgie1.path, text), 'config/class-attrs-out-of-range', { severity: 'error', lines: [lineOf(text, /^\[class-attrs-4\]/)] });
});

test('config/missing-file: resolved relative to the config; engines are rebuilt (info), labels and models are needed (error)', () => {
  const f = corpusFile('src/apps/tao_apps/deepstream_app_tao_configs/nvinfer/config_infer_primary_trafficcamnet.txt');
  const ds = lint(f.path, f.text, memoryFiles({}));
  const got = only(ds, 'config/missing-file');
  const byKey = Object.fromEntries(got.map((d) => [d.message.split(':')[0], d]));
  assert.equal(byKey['labelfile-path'].severity, 'error');
  assert.equal(byKey['onnx-file'].severity, 'error');
  assert.equal(byKey['model-engine-file'].severity, 'info');
  assert.match(byKey['labelfile-path'].message, new RegExp(path.join(corpusRoot, 'src/apps/tao_apps/deepstream_app_tao_configs/labels_trafficnet.txt').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  // With the engine present the ONNX file is only needed for rebuilds.
  const engine = path.resolve(path.dirname(f.path), '../../../models/tao_pretrained_models/trafficcamnet/resnet18_trafficcamnet_pruned.onnx_b1_gpu0_fp16.engine');
  const withEngine = only(lint(f.path, f.text, memoryFiles({ [engine]: '' })), 'config/missing-file');
  assert.equal(withEngine.find((d) => d.message.startsWith('onnx-file'))?.severity, 'warning');
  covered.add('config/missing-file');
});

test('config/unreadable-file and config/label-count: the label file is read through FileAccess', () => {
  const labels = '/opt/nvidia/deepstream/deepstream/samples/models/Primary_Detector/labels.txt';
  const three = lint(pgie1.path, pgie1.text, { readText: (p) => (p === labels ? { text: 'Car\nBicycle\nPerson\n' } : { error: 'no' }), exists: () => true });
  const [d] = expect(three, 'config/label-count', { severity: 'warning', lines: [lineOf(pgie1.text, /^num-detected-classes/)], message: /3 labels/ });
  assert.match(applyFix(pgie1.text, d), /^num-detected-classes=3$/m);
  const four = lint(pgie1.path, pgie1.text, { readText: (p) => (p === labels ? { text: 'Car\nBicycle\nPerson\nRoadsign\n' } : { error: 'no' }), exists: () => true });
  assert.equal(only(four, 'config/label-count').length, 0);
  const denied = lint(pgie1.path, pgie1.text, { readText: (p) => ({ error: `${p} is not readable (permission denied)` }), exists: () => true });
  expect(denied, 'config/unreadable-file', { severity: 'warning', lines: [lineOf(pgie1.text, /^labelfile-path/)], message: /permission denied/ });
});

test('config/mux-batch-vs-sources: num-sources=4 feeding a batch-size=1 muxer (TAO trafficcamnet app)', () => {
  const text = mutate(tcnApp.text, 'num-sources=1', 'num-sources=4');
  const [d] = expect(lint(tcnApp.path, text, diskFiles), 'config/mux-batch-vs-sources', { severity: 'warning', lines: [lineOf(text, /^batch-size=1/)], message: /4 streams/ });
  assert.match(applyFix(text, d), /\[streammux\][^[]*batch-size=4/);
  assert.equal(only(lint(tcnApp.path, tcnApp.text, diskFiles), 'config/mux-batch-vs-sources').length, 0);
});

test('config/gie-batch-vs-mux: yolo app muxes 16 streams into a GIE whose config keeps batch-size at its default', () => {
  const f = corpusFile('tools/yolo_deepstream/deepstream_yolo/deepstream_app_config_yolo.txt');
  expect(lint(f.path, f.text, diskFiles), 'config/gie-batch-vs-mux', { severity: 'warning', lines: [lineOf(f.text, /^\[primary-gie\]/)], message: /batch-size=16/ });
  const text = mutate(tcnApp.text, /(\[streammux\][^[]*?)batch-size=1/, '$1batch-size=2');
  const [d] = expect(lint(tcnApp.path, text, diskFiles), 'config/gie-batch-vs-mux', { severity: 'warning', lines: [text.split('\n').findIndex((l, i) => l === 'batch-size=1' && i > lineOf(text, /^\[primary-gie\]/))] });
  assert.match(applyFix(text, d), /\[primary-gie\][^[]*batch-size=2/);
});

test('config/mux-resolution-vs-model: 1920×1080 muxer before a 960×544 model (trafficcamnet input-dims)', () => {
  expect(lint(tcnApp.path, tcnApp.text, diskFiles), 'config/mux-resolution-vs-model', { severity: 'info', lines: [lineOf(tcnApp.text, /^width=1920/)], message: /960×544/ });
});

test('config/duplicate-gie-id and config/operate-on-missing-gie: ids across the three-GIE TAO app', () => {
  const clean = lint(tcnApp3.path, tcnApp3.text, diskFiles);
  assert.equal(only(clean, 'config/duplicate-gie-id').length + only(clean, 'config/operate-on-missing-gie').length, 0);
  const sg = lineOf(tcnApp3.text, /^\[secondary-gie0\]/);
  const lines = tcnApp3.text.split('\n');
  const idLine = lines.findIndex((l, i) => i > sg && /^gie-unique-id=/.test(l));
  const opLine = lines.findIndex((l, i) => i > sg && /^operate-on-gie-id=/.test(l));
  const dup = [...lines];
  dup[idLine] = 'gie-unique-id=1';
  expect(lint(tcnApp3.path, dup.join('\n'), diskFiles), 'config/duplicate-gie-id', { severity: 'warning', lines: [idLine], message: /like \[primary-gie\]/ });
  const miss = [...lines];
  miss[opLine] = 'operate-on-gie-id=7';
  expect(lint(tcnApp3.path, miss.join('\n'), diskFiles), 'config/operate-on-missing-gie', { severity: 'warning', lines: [opLine], message: /gie-unique-id=7/ });
});

test('config/batched-push-timeout: a 30 fps camera with a 400 ms timeout; a >1 s timeout in the TAO det app', () => {
  const text = mutate(mutate(tcnApp.text, /type=3\nnum-sources=1\n/, 'type=1\ncamera-fps-n=30\ncamera-fps-d=1\n'), 'batched-push-timeout=40000', 'batched-push-timeout=400000');
  const [d] = expect(lint(tcnApp.path, text, diskFiles), 'config/batched-push-timeout', { severity: 'warning', lines: [lineOf(text, /^batched-push-timeout/)], message: /30 fps/ });
  assert.match(applyFix(text, d), /^batched-push-timeout=33333$/m);
  const f = corpusFile('src/apps/tao_apps/configs/app/det_app_config.yml');
  expect(lint(f.path, f.text, diskFiles), 'config/batched-push-timeout', { severity: 'info', lines: [lineOf(f.text, /batched-push-timeout/)] });
});

test('config/osd-cpu-mode: [osd] process-mode=0', () => {
  const text = mutate(tcnApp.text, 'border-width=3', 'process-mode=0\nborder-width=3');
  const [d] = expect(lint(tcnApp.path, text, diskFiles), 'config/osd-cpu-mode', { severity: 'warning', lines: [lineOf(text, /^process-mode=0/)] });
  assert.match(applyFix(text, d), /^process-mode=1$/m);
});

test('config/sink-sync-in-perf and config/tiler-in-perf: the TAO trafficcamnet app measures with sync=1 and a tiler', () => {
  const ds = lint(tcnApp.path, tcnApp.text, diskFiles);
  const sinkSync = tcnApp.text.split('\n').findIndex((l, i) => l === 'sync=1' && i > lineOf(tcnApp.text, /^\[sink0\]/));
  const [d] = expect(ds, 'config/sink-sync-in-perf', { severity: 'warning', lines: [sinkSync] });
  assert.match(applyFix(tcnApp.text, d), /\[sink0\][^[]*sync=0/);
  expect(ds, 'config/tiler-in-perf', { severity: 'info', lines: [lineOf(tcnApp.text, /^\[tiled-display\]/) + 1] });
  // Without enable-perf-measurement neither is reported.
  const quiet = lint(tcnApp.path, mutate(tcnApp.text, 'enable-perf-measurement=1', 'enable-perf-measurement=0'), diskFiles);
  assert.equal(only(quiet, 'config/sink-sync-in-perf').length + only(quiet, 'config/tiler-in-perf').length, 0);
});

test('config/skipped: binary and oversized input is not linted, with the reason', () => {
  expect(lint('/x/a.txt', '[property]\u0000\u0001'), 'config/skipped', { severity: 'info', lines: [0], message: /binary/ });
});

test('config/pipeline-rules-failed: a crashing pipeline rule becomes one diagnostic, config findings stay', () => {
  const crashing = { doc: { id: 'pipeline/test-crash', defaultSeverity: 'warning' as const, title: 't', why: 'w', example: 'e', fix: 'f' }, check: () => { throw new Error('boom'); } };
  (pipelineRules as unknown[]).push(crashing);
  try {
    const ds = lint(tcnApp.path, tcnApp.text, diskFiles);
    expect(ds, 'config/pipeline-rules-failed', { severity: 'info', lines: [lineOf(tcnApp.text, /^\[streammux\]/)], message: /boom/ });
    assert.ok(only(ds, 'config/sink-sync-in-perf').length === 1);
  } finally {
    (pipelineRules as unknown[]).splice(pipelineRules.indexOf(crashing as never), 1);
  }
});

test('config/newer-key: crop-objects-to-roi-boundary (first read by the 6.2 parser) and disable-output-host-copy (8.0) with a 6.1 target', () => {
  const { path: p, text } = corpusFile('tools/yolo_deepstream/deepstream_yolo/config_infer_primary_yoloV8.txt');
  // disable-output-host-copy: #defined since the 6.1.1 header, but only the 8.0 parser reads it.
  const lines = [lineOf(text, /^disable-output-host-copy=/), lineOf(text, /^crop-objects-to-roi-boundary=/)];
  const got = expect(lint(p, text, everythingExists, { target: 'dgpu', dsVersion: '6.1' }), 'config/newer-key', { severity: 'hint', lines, message: /is newer than the target DeepStream 6\.1/ });
  assert.match(got[1].message, /6\.2 sources on \(not in 6\.1\.1\)/);
  assert.deepEqual(only(lint(p, text, everythingExists, { target: 'dgpu', dsVersion: '6.2' }), 'config/newer-key').map((d) => d.range.start.line), [lines[0]]);
  assert.equal(only(lint(p, text, everythingExists, { target: 'dgpu', dsVersion: '8.0' }), 'config/newer-key').length, 0);
});

test('config/missing-key: nvdsanalytics [property] without config-width (the parser refuses it)', () => {
  const f = corpusFile('src/apps/sample_apps/deepstream-nvdsanalytics-test/config_nvdsanalytics.txt');
  const text = mutate(f.text, /^config-width=1920\n/m, '');
  expect(lint(f.path, text), 'config/missing-key', { severity: 'error', lines: [lineOf(text, /^\[property\]/)], message: /has no "config-width"/ });
});

test('every documented config rule is exercised above', () => {
  // nvinferserver (protobuf) rules are exercised in nvinferserver.test.ts, which checks the same for them.
  const missing = configRuleDocs().map((d) => d.id).filter((id) => !covered.has(id) && !id.startsWith('config/inferserver-'));
  assert.deepEqual(missing, [], `rules without a test: ${missing.join(', ')}`);
});
