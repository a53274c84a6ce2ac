// nvinferserver configs (protobuf text): the reader with positions and recovery, the field table
// generated from DeepStream 9.1's .proto files, and the rules, on real NVIDIA configs
// (test/fixtures/nvinferserver, copied from NVIDIA/DeepStream) and mutations of them.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseConfig } from '../../../server/lint/config/index';
import { parseTextFormat } from '../../../server/lint/config/nvinferserver/textFormat';
import { getEnum, getMessage, protoSource, rootMessage } from '../../../server/lint/config/nvinferserver/protoSchema';
import { nvinferserverRuleDocs } from '../../../server/lint/config/nvinferserver/ruleDocs';
import type { LintDiagnostic } from '../../../server/lint/diagnostic';
import { configRuleDocs } from '../../../server/lint/config/index';
import { corpusRoot, dgpu, everythingExists, jetson, lint, memoryFiles, mutate, only, repoRoot, walk } from './support';

const fixtureDir = path.join(repoRoot, 'test', 'fixtures', 'nvinferserver');
const fixtures = fs
  .readdirSync(fixtureDir)
  .filter((f) => f.endsWith('.txt'))
  .map((f) => ({ path: path.join(fixtureDir, f), text: fs.readFileSync(path.join(fixtureDir, f), 'utf8') }));
const fixture = (name: string) => fixtures.find((f) => path.basename(f.path) === name)!;
const pgie = fixture('dstest2_pgie_nvinferserver_config.txt');

const errors = (ds: LintDiagnostic[]) => ds.filter((d) => d.severity === 'error');
const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length - 1;

test('the field table comes from DeepStream 9.1 nvdsinferserver_*.proto', () => {
  assert.equal(protoSource.deepstreamVersion, '9.1');
  assert.match(protoSource.commit, /^[0-9a-f]{40}$/);
  assert.ok(protoSource.files.includes('includes/nvdsinferserver_config.proto'));
  const root = getMessage(rootMessage)!;
  assert.deepEqual([...root.fields.keys()], ['infer_config', 'input_control', 'output_control']);
  const infer = getMessage('nvdsinferserver.config.InferenceConfig')!;
  assert.equal(infer.fields.get('max_batch_size')?.type, 'uint32');
  assert.equal(infer.fields.get('gpu_ids')?.repeated, true);
  assert.equal(infer.fields.get('preprocess')?.oneof, 'preprocessing');
  const backend = getMessage('nvdsinferserver.config.BackendParams')!;
  assert.equal(backend.fields.get('trt_is')?.deprecated, true);
  assert.equal(backend.fields.get('triton')?.deprecated, undefined);
  const det = getMessage('nvdsinferserver.config.DetectionParams')!;
  assert.equal(det.fields.get('per_class_params')?.kind, 'map');
  assert.equal(det.fields.get('per_class_params')?.mapValue, 'nvdsinferserver.config.DetectionParams.PerClassParams');
  assert.equal(getEnum('nvdsinferserver.config.MediaFormat')?.byName.get('IMAGE_FORMAT_BGR'), 2);
  assert.equal(getEnum('nvdsinferserver.config.PluginControl.ProcessMode')?.byNumber.get(2), 'PROCESS_MODE_CLIP_OBJECTS');
});

test('the reader keeps the offset of every field and value, lists and nested messages', () => {
  const doc = parseTextFormat(pgie.text);
  assert.deepEqual(doc.errors, []);
  assert.deepEqual(doc.fields.map((f) => f.name), ['infer_config', 'input_control']);
  const infer = doc.fields[0].values[0];
  assert.equal(infer.kind, 'message');
  if (infer.kind !== 'message') return;
  const gpu = infer.fields.find((f) => f.name === 'gpu_ids')!;
  assert.ok(gpu.list);
  assert.equal(gpu.values.length, 1);
  assert.equal(pgie.text.slice(gpu.nameStart, gpu.nameEnd), 'gpu_ids');
  const mbs = infer.fields.find((f) => f.name === 'max_batch_size')!;
  assert.equal(mbs.values[0].kind === 'scalar' && mbs.values[0].text, '30');
  const backend = infer.fields.find((f) => f.name === 'backend')!.values[0];
  assert.ok(backend.kind === 'message');
  if (backend.kind !== 'message') return;
  const outputs = backend.fields.find((f) => f.name === 'outputs')!;
  assert.equal(outputs.values.length, 2);
  const strings = parseTextFormat('a: "x\\ty" \'z\'\nb: -0x1F\nc: -inf\nd: 1.5e3f\ne: [1, 2, 3]\nf < g: 1 >');
  assert.deepEqual(strings.errors, []);
  const [a, b, c, d, e, f] = strings.fields;
  assert.equal(a.values[0].kind === 'scalar' && a.values[0].decoded, 'x\tyz');
  assert.ok(b.values[0].kind === 'scalar' && b.values[0].negative && b.values[0].token === 'integer');
  assert.ok(c.values[0].kind === 'scalar' && c.values[0].token === 'identifier');
  assert.ok(d.values[0].kind === 'scalar' && d.values[0].token === 'float');
  assert.equal(e.values.length, 3);
  assert.equal(f.values[0].kind, 'message');
});

test('every real nvinferserver config (NVIDIA fixtures and any in the shared corpus) reads with no false error', () => {
  const corpus = walk(corpusRoot)
    .map((p) => ({ path: p, text: fs.readFileSync(p, 'utf8') }))
    .filter((f) => parseConfig(f.path, f.text).kind === 'nvinferserver');
  const all = [...fixtures, ...corpus];
  assert.ok(fixtures.length >= 10, 'fixtures present');
  const tally: Record<string, number> = {};
  for (const f of all) {
    assert.equal(parseConfig(f.path, f.text).kind, 'nvinferserver', f.path);
    // Every referenced file exists: the only errors left would be false ones.
    const ds = lint(f.path, f.text, everythingExists, dgpu);
    for (const d of ds) tally[d.code] = (tally[d.code] ?? 0) + 1;
    assert.deepEqual(errors(ds).map((d) => `${d.range.start.line + 1}: ${d.code} ${d.message}`), [], path.basename(f.path));
  }
  console.log(`${fixtures.length} NVIDIA fixtures + ${corpus.length} corpus nvinferserver configs; findings: ${JSON.stringify(tally)}`);
});

test('unknown field: error at the name with did-you-mean and a fix; a field in the wrong block says where it belongs', () => {
  const typo = mutate(pgie.text, 'max_batch_size: 30', 'max_batch_sizes: 30');
  const [d] = only(lint(pgie.path, typo), 'config/inferserver-unknown-field');
  assert.equal(d.severity, 'error');
  assert.match(d.message, /InferenceConfig" has no field named "max_batch_sizes".*Did you mean "max_batch_size"/);
  assert.equal(d.range.start.line, lineOf(typo, 'max_batch_sizes'));
  assert.equal(typo.split('\n')[d.range.start.line].slice(d.range.start.character, d.range.end.character), 'max_batch_sizes');
  assert.equal(d.fixes?.[0].edits[0].newText, 'max_batch_size');
  const moved = mutate(pgie.text, '  max_batch_size: 30', '  max_batch_size: 30\n  labelfile_path: "labels.txt"');
  const [m] = only(lint(pgie.path, moved), 'config/inferserver-unknown-field');
  assert.match(m.message, /"labelfile_path" is a field of PostProcessParams/);
});

test('wrong value kinds: unquoted strings (quote fix), quoted numbers, negative uint32, scalars for messages, messages for scalars, list on a singular field', () => {
  const cases: [string, string, RegExp][] = [
    ['tensor_name: "input_1:0"', 'tensor_name: input_1', /expected a quoted string/],
    ['max_batch_size: 30', 'max_batch_size: "30"', /integer \(uint32\), not the string "30"/],
    ['max_batch_size: 30', 'max_batch_size: -1', /out of range for "max_batch_size" \(uint32: 0 … 4294967295\)/],
    ['max_batch_size: 30', 'max_batch_size: 4294967296', /out of range/],
    ['max_batch_size: 30', 'max_batch_size: 3.5', /integer \(uint32\), not 3.5/],
    ['copy_input_to_host_buffers: false', 'copy_input_to_host_buffers: yes', /true or false, not "yes"/],
    ['scale_factor: 0.00392156862745098', 'scale_factor: "0.0039"', /is a number, not the string/],
    ['max_batch_size: 30', 'max_batch_size { }', /not a message/],
    ['max_batch_size: 30', 'max_batch_size: [30]', /not repeated: list syntax/],
  ];
  for (const [from, to, re] of cases) {
    const ds = only(lint(pgie.path, mutate(pgie.text, from, to)), 'config/inferserver-wrong-type');
    assert.equal(ds.length, 1, `${to}: ${JSON.stringify(ds.map((d) => d.message))}`);
    assert.match(ds[0].message, re, to);
    assert.equal(ds[0].severity, 'error');
  }
  const unquoted = only(lint(pgie.path, mutate(pgie.text, 'tensor_name: "input_1:0"', 'tensor_name: input_1')), 'config/inferserver-wrong-type')[0];
  assert.equal(unquoted.fixes?.[0].edits[0].newText, '"input_1"');
  const backendScalar = mutate(pgie.text, /backend \{[\s\S]*?\n {2}\}\n/, 'backend: 3\n');
  assert.match(only(lint(pgie.path, backendScalar), 'config/inferserver-wrong-type')[0].message, /"backend" is a message BackendParams \{ \.\.\. \}, not 3: expected "\{"/);
});

test('enum values: unknown names are errors with did-you-mean, unknown numbers warnings, known numbers fine', () => {
  const bad = only(lint(pgie.path, mutate(pgie.text, 'network_format: MEDIA_FORMAT_NONE', 'network_format: IMAGE_FORMAT_RGBA')), 'config/inferserver-bad-enum');
  assert.equal(bad.length, 1);
  assert.equal(bad[0].severity, 'error');
  assert.match(bad[0].message, /Unknown enumeration value "IMAGE_FORMAT_RGBA".*Did you mean "IMAGE_FORMAT_RGB"/);
  assert.equal(bad[0].fixes?.[0].edits[0].newText, 'IMAGE_FORMAT_RGB');
  const num = only(lint(pgie.path, mutate(pgie.text, 'tensor_order: TENSOR_ORDER_LINEAR', 'tensor_order: 7')), 'config/inferserver-bad-enum');
  assert.equal(num.length, 1);
  assert.equal(num[0].severity, 'warning');
  assert.deepEqual(only(lint(pgie.path, mutate(pgie.text, 'tensor_order: TENSOR_ORDER_LINEAR', 'tensor_order: 1')), 'config/inferserver-bad-enum'), []);
  const str = only(lint(pgie.path, mutate(pgie.text, 'process_mode: PROCESS_MODE_FULL_FRAME', 'process_mode: "PROCESS_MODE_FULL_FRAME"')), 'config/inferserver-wrong-type');
  assert.match(str[0].message, /is an enum \(PluginControl.ProcessMode\)/);
});

test('syntax errors have their location, and reading goes on after them', () => {
  const noColon = mutate(pgie.text, 'unique_id: 1', 'unique_id 1');
  const [s] = only(lint(pgie.path, noColon), 'config/inferserver-syntax');
  assert.match(s.message, /Expected ":" after "unique_id"/);
  assert.equal(s.range.start.line, lineOf(noColon, 'unique_id 1'));
  // An unclosed string, and a typo further down that must still be found.
  const broken = mutate(mutate(pgie.text, 'model_name: "Primary_Detector"', 'model_name: "Primary_Detector'), 'operate_on_gie_id: -1', 'operate_on_gie_idd: -1');
  const ds = lint(pgie.path, broken);
  const syn = only(ds, 'config/inferserver-syntax');
  assert.ok(syn.some((d) => /not closed before the end of the line/.test(d.message) && d.range.start.line === lineOf(broken, 'model_name: "Primary_Detector')), JSON.stringify(syn));
  assert.ok(only(ds, 'config/inferserver-unknown-field').some((d) => /operate_on_gie_idd/.test(d.message)));
  // A missing closing brace is reported at the brace it should close.
  const open = pgie.text.replace(/\}\s*input_control/, '\ninput_control');
  const unclosed = only(lint(pgie.path, open), 'config/inferserver-syntax').find((d) => /Expected "\}" to close/.test(d.message));
  assert.ok(unclosed);
  assert.equal(unclosed.range.start.line, lineOf(open, 'infer_config {'));
  const stray = only(lint(pgie.path, `${pgie.text}\n}\n`), 'config/inferserver-syntax');
  assert.equal(stray.length, 1);
  assert.match(stray[0].message, /found "\}"/);
});

test('fields given twice and two members of a oneof (model_repo with grpc, nms with dbscan, interval with secondary_reinfer_interval)', () => {
  const both = mutate(pgie.text, 'strict_model_config: true\n      }', 'strict_model_config: true\n      }\n      grpc { url: "localhost:8001" }');
  const [o] = only(lint(pgie.path, both), 'config/inferserver-duplicate-field');
  assert.equal(o.severity, 'error');
  assert.match(o.message, /"grpc" is specified along with field "model_repo", another member of oneof "server"/);
  assert.equal(o.related?.[0].range.start.line, lineOf(both, 'model_repo {'));
  const twice = mutate(pgie.text, 'max_batch_size: 30', 'max_batch_size: 30\n  max_batch_size: 4');
  assert.match(only(lint(pgie.path, twice), 'config/inferserver-duplicate-field')[0].message, /Non-repeated field "max_batch_size" is specified multiple times/);
  // The first value is the default: protobuf accepts it (last wins), reported as a warning only.
  const harmless = mutate(pgie.text, 'interval: 0', 'interval: 0\n  async_mode: false\n  async_mode: true');
  const h = only(lint(pgie.path, harmless), 'config/inferserver-duplicate-field');
  assert.equal(h.length, 1);
  assert.equal(h[0].severity, 'warning');
  const intervals = mutate(pgie.text, 'interval: 0', 'interval: 0\n  secondary_reinfer_interval: 5');
  assert.match(only(lint(pgie.path, intervals), 'config/inferserver-duplicate-field')[0].message, /oneof "inference_interval"/);
});

test('what gst-nvinferserver refuses after parsing: no infer_config, no backend, no triton, several GPUs, LSTM with batch > 1', () => {
  const refused = (text: string) => only(lint(pgie.path, text), 'config/inferserver-refused').map((d) => d.message);
  assert.match(refused('input_control { process_mode: PROCESS_MODE_FULL_FRAME }\n')[0], /No infer_config/);
  assert.match(refused('infer_config { unique_id: 1 max_batch_size: 1 }\n')[0], /no backend/);
  assert.match(refused('infer_config { unique_id: 1 max_batch_size: 1 backend { outputs: [{name: "x"}] } }\n')[0], /no triton/);
  assert.match(refused(mutate(pgie.text, 'gpu_ids: [0]', 'gpu_ids: [0, 1]'))[0], /lists 2 GPUs/);
  const lstm = mutate(pgie.text, '  extra {', '  lstm { loops { input: "state_in" output: "state_out" } }\n  extra {');
  assert.match(refused(lstm)[0], /max_batch_size: 30 with lstm/);
  assert.ok(refused(mutate(pgie.text, '  extra {', '  lstm { }\n  extra {')).some((m) => /lstm has no loops/.test(m)));
  assert.deepEqual(refused(pgie.text), []);
});

test('performance: max_batch_size 0 or missing, DBSCAN, group_rectangle fallback, host copies, gRPC buffer sharing on dGPU only', () => {
  const zero = only(lint(pgie.path, mutate(pgie.text, 'max_batch_size: 30', 'max_batch_size: 0')), 'config/inferserver-batch-size');
  assert.equal(zero.length, 1);
  assert.equal(zero[0].severity, 'warning');
  assert.match(zero[0].message, /sets it to 1, so every frame .* is a separate Triton request/);
  assert.equal(only(lint(pgie.path, mutate(pgie.text, '  max_batch_size: 30\n', '')), 'config/inferserver-batch-size').length, 1);
  const nms = /nms \{[^}]*\}/;
  const db = only(lint(pgie.path, mutate(pgie.text, nms, 'dbscan { pre_threshold: 0.3 eps: 0.7 min_boxes: 3 }')), 'config/inferserver-slow-clustering');
  assert.equal(db.length, 1);
  const gr = only(lint(pgie.path, mutate(pgie.text, nms, 'group_rectangle { confidence_threshold: 0.2 group_threshold: 1 eps: 0.2 }')), 'config/inferserver-deprecated');
  assert.match(gr[0].message, /replaces it with nms/);
  const trtis = only(lint(pgie.path, mutate(pgie.text, 'triton {', 'trt_is {')), 'config/inferserver-deprecated');
  assert.equal(trtis[0].fixes?.[0].edits[0].newText, 'triton');
  const copy = only(lint(pgie.path, mutate(pgie.text, 'copy_input_to_host_buffers: false', 'copy_input_to_host_buffers: true')), 'config/inferserver-host-copy');
  assert.match(copy[0].message, /copies every input tensor batch to host memory/);
  const meta = mutate(pgie.text, 'input_control {', 'output_control {\n  output_tensor_meta: true\n}\ninput_control {');
  assert.match(only(lint(pgie.path, meta), 'config/inferserver-host-copy')[0].message, /postprocess detection/);
  // The lidar sample shares CUDA buffers; the TAO gRPC sample does not.
  const sharing = (f: { path: string; text: string }, o = dgpu) => only(lint(f.path, f.text, everythingExists, o), 'config/inferserver-host-copy').filter((d) => /enable_cuda_buffer_sharing/.test(d.message));
  assert.equal(sharing(fixture('triton_mode_GRPC.txt')).length, 0);
  const tao = fixture('sgie_lpd_DetectNet2_us.txt');
  assert.equal(sharing(tao).length, 1);
  assert.equal(sharing(tao)[0].severity, 'hint');
  assert.equal(sharing(tao, jetson).length, 0);
  assert.deepEqual(only(lint(pgie.path, pgie.text), 'config/inferserver-batch-size'), []);
});

test('referenced files resolve against the config folder: relative and missing is an error, library names go to the system path', () => {
  const dir = '/ds/configs';
  const cfg = path.join(dir, 'pgie.txt');
  const text = mutate(
    mutate(mutate(pgie.text, /labelfile_path: "[^"]*"/, 'labelfile_path: "../models/labels.txt"'), /root: "[^"]*"/, 'root: "gs://bucket/models"'),
    '  extra {',
    '  custom_lib { path: "libnvds_infercustomparser.so" }\n  extra {',
  );
  const missing = only(lint(cfg, text, memoryFiles({})), 'config/missing-file');
  assert.equal(missing.length, 1, JSON.stringify(missing.map((d) => d.message)));
  assert.equal(missing[0].severity, 'error');
  assert.match(missing[0].message, /labelfile_path: \.\.\/models\/labels\.txt does not exist \(resolved to \/ds\/models\/labels\.txt/);
  assert.deepEqual(only(lint(cfg, text, memoryFiles({ '/ds/models/labels.txt': 'car\n' })), 'config/missing-file'), []);
  const lib = mutate(text, 'libnvds_infercustomparser.so', '/opt/lib/libcustom.so');
  const libMissing = only(lint(cfg, lib, memoryFiles({ '/ds/models/labels.txt': 'car\n' })), 'config/missing-file');
  assert.equal(libMissing.length, 1);
  assert.equal(libMissing[0].severity, 'warning');
});

test('templates: ${VAR} placeholders are values of any type', () => {
  const tpl = fixture('nvds_inference_template.txt');
  assert.ok(tpl.text.includes('${'));
  assert.deepEqual(errors(lint(tpl.path, tpl.text)), []);
});

test('every nvinferserver rule has docs, wired into configRuleDocs', () => {
  const ids = new Set(configRuleDocs().map((d) => d.id));
  for (const d of nvinferserverRuleDocs) assert.ok(ids.has(d.id), d.id);
  const reported = new Set<string>();
  const texts = [
    mutate(pgie.text, 'max_batch_size: 30', 'max_batch_sizes: 0'),
    mutate(pgie.text, 'tensor_name: "input_1:0"', 'tensor_name: x'),
    mutate(pgie.text, 'network_format: MEDIA_FORMAT_NONE', 'network_format: X'),
    mutate(pgie.text, 'unique_id: 1', 'unique_id 1\n  unique_id: 2'),
    mutate(pgie.text, 'gpu_ids: [0]', 'gpu_ids: [0, 1]'),
    mutate(mutate(pgie.text, /nms \{[^}]*\}/, 'dbscan { eps: 0.7 }'), 'triton {', 'trt_is {'),
    mutate(pgie.text, 'copy_input_to_host_buffers: false', 'copy_input_to_host_buffers: true'),
    mutate(pgie.text, 'max_batch_size: 30', 'max_batch_size: 0'),
  ];
  for (const t of texts) for (const d of lint(pgie.path, t)) if (d.code.startsWith('config/inferserver-')) reported.add(d.code);
  assert.deepEqual([...reported].sort(), nvinferserverRuleDocs.map((d) => d.id).sort());
});
