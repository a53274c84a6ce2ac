// fast-check fuzz: 100,000 corpus configs with random edits (characters that matter to GLib and
// YAML, deleted/duplicated/swapped lines, known keys with random values) through the whole config
// core. No exception, no slow case, and every diagnostic has a sane range.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import fc from 'fast-check';
import { lintConfig } from '../../../server/lint/config/index';
import type { FileAccess } from '../../../server/lint/diagnostic';
import { corpusRoot, dgpu, jetson, walk } from './support';

/** Seeds: corpus configs without their licence comments (smaller, same structure). */
function seeds(ext: RegExp, maxLines: number): { path: string; text: string }[] {
  return walk(corpusRoot)
    .filter((f) => ext.test(f))
    .map((f) => ({ path: f, text: fs.readFileSync(f, 'utf8').split('\n').filter((l) => !/^\s*#/.test(l)).slice(0, maxLines).join('\n') }));
}

const iniSeeds = seeds(/\.txt$/, 60);
const yamlSeeds = seeds(/\.ya?ml$/, 30);

// Referenced files "exist" for half of the paths, deterministically, and some read back as text.
const files: FileAccess = {
  exists: (p) => p.length % 2 === 0,
  readText: (p) => (p.length % 3 === 0 ? { text: 'car\nperson\nbicycle\n' } : { error: `${p} does not exist` }),
};

const special = ['[', ']', '=', ';', '#', '\\', '\n', '\r\n', ':', '-', '&a', '*a', '\u0000', '\uFFFD', '\t', ' ', '"', "'", '{', '}', '%YAML:1.0\n', '\\s', '\\;', '0x', '1e9', '-1', '99999999999', '[property]\n', 'class-attrs-7', '\uFEFF', '😀', '- ', '|\n', '>'];
const keys = ['batch-size', 'network-mode', 'gie-unique-id', 'operate-on-gie-id', 'infer-dims', 'num-detected-classes', 'labelfile-path', 'model-engine-file', 'onnx-file', 'cluster-mode', 'enable', 'type', 'num-sources', 'sync', 'process-mode', 'config-file', 'width', 'height', 'batched-push-timeout', 'uri', 'border-color', 'offsets'];

type Edit =
  | { op: 'insert'; at: number; s: string }
  | { op: 'delete'; at: number; n: number }
  | { op: 'dupLine'; at: number }
  | { op: 'swapLines'; a: number; b: number }
  | { op: 'setKey'; at: number; key: string; value: string; yaml: boolean };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), s: fc.oneof(fc.constantFrom(...special), fc.string({ maxLength: 6 })) }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ op: fc.constant('dupLine' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('swapLines' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({
    op: fc.constant('setKey' as const),
    at: fc.nat(),
    key: fc.constantFrom(...keys),
    value: fc.oneof(fc.integer({ min: -5, max: 5000 }).map(String), fc.constantFrom('1;2;3', 'a.onnx', 'x_b4_gpu0_fp16.engine', '3;544;960', 'file://a.mp4', ''), fc.string({ maxLength: 5 })),
    yaml: fc.boolean(),
  }),
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
    } else if (e.op === 'swapLines') {
      const a = e.a % lines.length;
      const b = e.b % lines.length;
      [lines[a], lines[b]] = [lines[b], lines[a]];
      t = lines.join('\n');
    } else {
      lines.splice(e.at % (lines.length + 1), 0, e.yaml ? `  ${e.key}: ${e.value}` : `${e.key}=${e.value}`);
      t = lines.join('\n');
    }
  }
  return t;
}

test('100,000 mutated corpus configs: no exception, no hang, sane ranges', () => {
  let runs = 0;
  let slowest = 0;
  let slowestCase = '';
  const t0 = Date.now();
  fc.assert(
    fc.property(fc.nat(), fc.integer({ min: 0, max: 99 }), fc.array(edit, { minLength: 1, maxLength: 4 }), fc.boolean(), (pick, yamlDie, edits, onJetson) => {
      // About 4 % YAML: the YAML parser is far slower per file than the key-file reader.
      const pool = yamlDie < 4 ? yamlSeeds : iniSeeds;
      const seed = pool[pick % pool.length];
      const text = apply(seed.text, edits);
      const start = process.hrtime.bigint();
      const ds = lintConfig(seed.path, text, 'config-other', onJetson ? jetson : dgpu, files);
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (ms > slowest) {
        slowest = ms;
        slowestCase = seed.path;
      }
      runs++;
      for (const d of ds) {
        if (!(d.range.start.line >= 0 && d.range.start.character >= 0 && d.range.end.line >= d.range.start.line)) return false;
        if (typeof d.message !== 'string' || d.message.length === 0 || !/^config\/|^pipeline\//.test(d.code)) return false;
      }
      return ms < 2000;
    }),
    { numRuns: 100_000, seed: 4242, endOnFailure: true },
  );
  console.log(`fuzz: ${runs} configs in ${Date.now() - t0} ms; slowest ${slowest.toFixed(1)} ms (${slowestCase})`);
  assert.equal(runs, 100_000);
  assert.ok(slowest < 2000);
});
