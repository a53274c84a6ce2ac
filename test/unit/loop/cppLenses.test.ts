// CodeLens above annotated C++ functions, from the real `cpp` capture and its source.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { loadTrace } from '../../../server/trace/load';
import { diagnose } from '../../../server/trace/diagnose';
import { NvtxIndex } from '../../../server/index/nvtxIndex';
import { loopTrace } from '../../../server/loop/traceFacts';
import { closeTheLoop } from '../../../server/loop/closeTheLoop';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const shared = path.resolve(repoRoot, '..', 'shared');
const cu = path.join(shared, 'traces', 'src', 'cpp_pipeline.cu');

test('cpp.sqlite: every range of main() gets its lens above main, with its figures from nvtx_sum', async () => {
  const model = await loadTrace(zlib.gunzipSync(fs.readFileSync(path.join(shared, 'traces', 'h100', 'cpp.sqlite.gz'))), { sourceName: 'cpp.sqlite' });
  const trace = loopTrace('/profiles/cpp.sqlite', Date.now(), model, diagnose(model));
  const index = new NvtxIndex();
  index.update(cu, fs.readFileSync(cu, 'utf8'));
  const r = closeTheLoop(trace, index, (p) => (p === cu ? { text: fs.readFileSync(cu, 'utf8'), modifiedMs: 0 } : undefined));
  const lenses = r.lenses.filter((l) => l.file === cu);
  // main() starts at line 21; its ranges: frame, upload, pipeline:infer_registered, download, nms_cpu.
  assert.deepEqual(lenses.map((l) => l.range.start.line + 1), [21, 21, 21, 21, 21]);
  const titles = lenses.map((l) => l.title.split(':').slice(0, l.title.startsWith('pipeline:') ? 2 : 1).join(':')).sort();
  assert.deepEqual(titles, ['download', 'frame', 'nms_cpu', 'pipeline:infer_registered', 'upload']);
  // Figures agree with Nsight's own nvtx_sum (Instances and Avg (ns)).
  const oracle = fs.readFileSync(path.join(shared, 'traces', 'h100', 'cpp.stats', 'nvtx_sum.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
  for (const row of oracle) {
    const [domain, name] = [row[9].slice(0, row[9].indexOf(':')), row[9].slice(row[9].indexOf(':') + 1)];
    const fig = trace.ranges.find((x) => x.domain === domain && x.name === name)!;
    assert.equal(fig.count, Number(row[2]), row[9]);
    assert.ok(Math.abs(fig.avgNs - Number(row[3])) < 1, `${row[9]} avg ${fig.avgNs} vs ${row[3]}`);
    const lens = lenses.find((l) => l.title.startsWith(`${domain ? `${domain}:` : ''}${name}:`))!;
    assert.match(lens.title, new RegExp(`${(Number(row[3]) / 1e6).toFixed(2).replace('.', '\\.')} ms per call`));
  }
});
