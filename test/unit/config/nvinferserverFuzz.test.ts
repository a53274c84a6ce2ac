// fast-check fuzz of the nvinferserver path: real NVIDIA configs (test/fixtures/nvinferserver) with
// random edits (the characters that matter to protobuf text, deleted/duplicated lines, known field
// names with random values), and raw random text. No exception, no slow case, every diagnostic
// inside the text.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { lintConfig } from '../../../server/lint/config/index';
import { parseTextFormat } from '../../../server/lint/config/nvinferserver/textFormat';
import type { FileAccess, LintDiagnostic } from '../../../server/lint/diagnostic';
import { dgpu, jetson, repoRoot } from './support';

const dir = path.join(repoRoot, 'test', 'fixtures', 'nvinferserver');
const seeds = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.txt'))
  .map((f) => ({ path: path.join(dir, f), text: fs.readFileSync(path.join(dir, f), 'utf8').split('\n').filter((l) => !/^#/.test(l)).join('\n') }));

const files: FileAccess = { exists: (p) => p.length % 2 === 0, readText: (p) => ({ error: `${p} does not exist` }) };

const special = ['{', '}', '<', '>', '[', ']', ':', ',', ';', '#', '"', "'", '\\', '\n', '-', '.', '0x', '1e', 'f', '${X}', '$', 'inf', '-nan', '\u0000', '😀', '\r\n', ' '];
const fields = ['infer_config', 'backend', 'triton', 'grpc', 'model_repo', 'max_batch_size', 'gpu_ids', 'unique_id', 'lstm', 'loops', 'nms', 'dbscan', 'group_rectangle', 'per_class_params', 'key', 'value', 'labelfile_path', 'network_format', 'process_mode', 'output_tensor_meta', 'trt_is', 'extra', 'custom_lib', 'path', 'root', 'interval', 'secondary_reinfer_interval'];
const values = ['0', '1', '-1', '30', '4294967296', '3.5', 'true', 'yes', '"x"', 'IMAGE_FORMAT_RGB', 'TENSOR_ORDER_X', '{ }', '[0, 1]', '[ {name: "a"} ]', '{ loops { input: "a" } }', '', '0777', '09', '0x'];

type Edit = { op: 'insert'; at: number; s: string } | { op: 'delete'; at: number; n: number } | { op: 'dupLine'; at: number } | { op: 'field'; at: number; name: string; value: string; colon: boolean };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), s: fc.oneof(fc.constantFrom(...special), fc.string({ maxLength: 5 })) }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 30 }) }),
  fc.record({ op: fc.constant('dupLine' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('field' as const), at: fc.nat(), name: fc.constantFrom(...fields), value: fc.constantFrom(...values), colon: fc.boolean() }),
);

function apply(text: string, edits: Edit[]): string {
  let t = text;
  for (const e of edits) {
    const len = Math.max(1, t.length);
    const lines = t.split('\n');
    if (e.op === 'insert') t = t.slice(0, e.at % len) + e.s + t.slice(e.at % len);
    else if (e.op === 'delete') t = t.slice(0, e.at % len) + t.slice((e.at % len) + e.n);
    else if (e.op === 'dupLine') {
      const i = e.at % lines.length;
      lines.splice(i, 0, lines[i]);
      t = lines.join('\n');
    } else {
      lines.splice(e.at % (lines.length + 1), 0, `${e.name}${e.colon ? ':' : ''} ${e.value}`);
      t = lines.join('\n');
    }
  }
  return t;
}

function saneRanges(text: string, ds: LintDiagnostic[]): void {
  const lines = text.split('\n');
  for (const d of ds) {
    const { start, end } = d.range;
    assert.ok(start.line >= 0 && start.line < Math.max(1, lines.length), `${d.code} line ${start.line}`);
    assert.ok(start.line < end.line || (start.line === end.line && start.character <= end.character), `${d.code} range order`);
    assert.ok(start.character <= (lines[start.line] ?? '').length, `${d.code} character ${start.character} beyond line ${start.line}`);
    assert.ok(d.message.length > 0);
  }
}

test('5,000 mutated real nvinferserver configs: no exception, no hang, sane ranges', () => {
  let slowest = 0;
  let runs = 0;
  fc.assert(
    fc.property(fc.nat({ max: seeds.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 6 }), fc.boolean(), (i, edits, onJetson) => {
      const seed = seeds[i];
      const text = apply(seed.text, edits);
      const t0 = performance.now();
      const ds = lintConfig(seed.path, text, 'config-other', onJetson ? jetson : dgpu, files);
      slowest = Math.max(slowest, performance.now() - t0);
      saneRanges(text, ds);
      runs++;
    }),
    { numRuns: 5000, seed: 4242 },
  );
  console.log(`${runs} mutated nvinferserver configs, slowest ${slowest.toFixed(1)} ms`);
  assert.ok(slowest < 2000, `slowest lint took ${slowest} ms`);
});

test('2,000 random texts of protobuf tokens and deep nesting: the reader never throws and stops at the nesting limit', () => {
  const tokens = fc.constantFrom(...special, ...fields, ...values, 'infer_config {', '}', ': ');
  fc.assert(
    fc.property(fc.array(tokens, { maxLength: 80 }), (parts) => {
      const text = parts.join(' ');
      const doc = parseTextFormat(text);
      for (const e of doc.errors) assert.ok(e.start >= 0 && e.end <= text.length && e.start <= e.end);
      const wrapped = `infer_config {\n${text}\n}\n`;
      saneRanges(wrapped, lintConfig('/x/cfg.txt', wrapped, 'config-other', dgpu, files));
    }),
    { numRuns: 2000, seed: 7 },
  );
  const deep = `infer_config ${'{ a '.repeat(5000)}${'}'.repeat(5000)}`;
  const t0 = performance.now();
  const doc = parseTextFormat(deep);
  assert.ok(doc.errors.some((e) => /nested deeper than 100 levels/.test(e.message)));
  assert.ok(performance.now() - t0 < 2000);
});
