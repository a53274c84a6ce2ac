// Every NVTX range of every real capture in ../shared/traces/h100 resolves to the line of its
// literal in the workload sources the captures were made from (../shared/traces/src).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { NvtxIndex } from '../../../server/index/nvtxIndex';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const shared = path.resolve(repoRoot, '..', 'shared');
const srcDir = path.join(shared, 'traces', 'src');
const capturesDir = path.join(shared, 'traces', 'h100');
const py = path.join(srcDir, 'infer_pipeline.py');
const cu = path.join(srcDir, 'cpp_pipeline.cu');

// Hand-checked ground truth (1-based lines, as an editor shows them): which source line made
// each range of each capture. Ranges named alike in several functions ("frame", "batch") depend
// on the workload variant a capture ran (capture.sh: sync=sync cpu=cpu api=api gpu_*=gpu ...).
const common: Record<string, [string, number]> = {
  decode: [py, 32],
  preprocess_cpu: [py, 39],
  preprocess_gpu: [py, 49],
  infer: [py, 58],
  postprocess_nms_loop: [py, 66],
  postprocess_batched: [py, 78],
  cpu_resize: [py, 104],
  elementwise_chain: [py, 116],
  enqueue_decoded: [py, 141],
};
const perCapture: Record<string, Record<string, [string, number]>> = {
  sync: { frame: [py, 88] },
  cpu: { frame: [py, 99] },
  api: { frame: [py, 115] },
  api_big: { frame: [py, 115] },
  gpu_heavy: { batch: [py, 128] },
  gpu_warmup: { batch: [py, 128] },
  stages: {},
  tuned: { batch: [py, 174] },
  cpp: { frame: [cu, 31], upload: [cu, 32], download: [cu, 50], nms_cpu: [cu, 54], 'pipeline:infer_registered': [cu, 24] },
};

/** `domain:name` rows of the Range column of nsys stats' nvtx_sum report. */
function nvtxSumRanges(file: string): { domain: string; name: string }[] {
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/).filter(Boolean);
  const header = lines[0].split(',');
  const col = header.indexOf('Range');
  assert.ok(col >= 0, `no Range column in ${file}`);
  return lines.slice(1).map((l) => {
    const cell = l.split(',').slice(col).join(',');
    const colon = cell.indexOf(':');
    return { domain: cell.slice(0, colon), name: cell.slice(colon + 1) };
  });
}

function buildIndex(): NvtxIndex {
  const index = new NvtxIndex();
  for (const f of [py, cu]) index.update(f, fs.readFileSync(f, 'utf8'));
  return index;
}

const captures = fs.readdirSync(capturesDir).filter((d) => d.endsWith('.stats')).map((d) => d.replace(/\.stats$/, '')).sort();

test('the ground-truth table covers every capture in ../shared/traces/h100', () => {
  assert.ok(captures.length >= 9, `expected the 9 captures, found ${captures.join(', ')}`);
  for (const c of captures) assert.ok(perCapture[c], `no ground truth for capture ${c}`);
});

for (const capture of captures) {
  test(`every NVTX range of capture ${capture} resolves to its literal's line`, () => {
    const index = buildIndex();
    const ranges = nvtxSumRanges(path.join(capturesDir, `${capture}.stats`, 'nvtx_sum.csv'));
    assert.ok(ranges.length > 0);
    const names = ranges.map((r) => r.name);
    let resolved = 0;
    for (const r of ranges) {
      const key = r.domain ? `${r.domain}:${r.name}` : r.name;
      const expected = perCapture[capture][key] ?? common[key];
      const candidates = index.resolve(r.name, r.domain, { relatedNames: names });
      if (!expected) {
        // Only library ranges may lack a source line, and the index must say why.
        assert.equal(candidates.length, 0, `${key} resolved to ${JSON.stringify(candidates[0])}`);
        const why = index.explain(r.name, r.domain);
        assert.ok(why && why.includes(r.domain), `no explanation for unresolved ${key}`);
        continue;
      }
      assert.ok(candidates.length > 0, `${capture}: ${key} did not resolve`);
      const top = candidates[0];
      assert.equal(top.file, expected[0], `${capture}: ${key} resolved to ${top.file}`);
      assert.equal(top.line + 1, expected[1], `${capture}: ${key} resolved to line ${top.line + 1}, expected ${expected[1]} (${candidates.map((c) => `${c.line + 1}:${c.score}`).join(' ')})`);
      assert.equal(top.match === 'literal' || top.match === 'registered', true);
      const lineText = fs.readFileSync(top.file, 'utf8').split('\n')[top.line];
      assert.equal(lineText.slice(top.column, top.endColumn).replace(/^f?"|"$/g, ''), r.name, `${capture}: the candidate range does not cover the literal`);
      resolved++;
    }
    assert.ok(resolved >= 1);
  });
}

test('without context, equal literals are all offered and the expected line is among the best', () => {
  const index = buildIndex();
  const frame = index.resolve('frame', '');
  const lines = frame.map((c) => `${path.basename(c.file)}:${c.line + 1}`).sort();
  assert.deepEqual(lines, ['cpp_pipeline.cu:31', 'infer_pipeline.py:115', 'infer_pipeline.py:88', 'infer_pipeline.py:99']);
  assert.equal(new Set(frame.map((c) => c.score)).size, 1, 'equal literals rank equal without context');
  // The domain matters: the registered string lives in the `pipeline` domain only.
  assert.equal(index.resolve('infer_registered', '').length, 0);
  assert.equal(index.resolve('infer_registered', 'pipeline')[0].line + 1, 24);
  assert.equal(index.resolve('infer_registered', 'pipeline')[0].site?.call?.line, 45);
});
