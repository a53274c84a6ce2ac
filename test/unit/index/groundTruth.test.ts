// Every NVTX range of every real capture in ../shared/traces/h100 resolves to the line of its
// literal in the workload sources the captures were made from (../shared/traces/src).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { NvtxIndex } from '../../../server/index/nvtxIndex';
import { common, perCapture, py, cu, capturesDir } from './groundTruthTable';

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
