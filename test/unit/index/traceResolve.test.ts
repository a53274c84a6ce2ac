// The same ground truth, but from the SQLite exports themselves (loaded by the trace engine):
// every NVTX range event resolves, with the context its own process gives, to its literal's line.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { loadTrace } from '../../../server/trace/load';
import { NvtxIndex } from '../../../server/index/nvtxIndex';
import { nvtxNamesByProcess, resolveTraceRange } from '../../../server/index/traceContext';
import { capturesDir, common, cu, perCapture, py } from './groundTruthTable';

function gunzipped(name: string): string {
  const out = path.join(os.tmpdir(), `sightline-index-test-${name}.sqlite`);
  const gz = path.join(capturesDir, `${name}.sqlite.gz`);
  if (!fs.existsSync(out) || fs.statSync(out).mtimeMs < fs.statSync(gz).mtimeMs) {
    const tmp = `${out}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, zlib.gunzipSync(fs.readFileSync(gz)));
    fs.renameSync(tmp, out);
  }
  return out;
}

// api_big (94 MB) carries the same two ranges as api; the benchmark set is left to the trace tests.
for (const capture of ['sync', 'cpu', 'api', 'gpu_heavy', 'gpu_warmup', 'stages', 'tuned', 'cpp']) {
  test(`every NVTX range event of ${capture}.sqlite resolves to its literal's line`, async () => {
    const model = await loadTrace(gunzipped(capture));
    const index = new NvtxIndex();
    for (const f of [py, cu]) index.update(f, fs.readFileSync(f, 'utf8'));
    const names = nvtxNamesByProcess(model);
    assert.ok(model.nvtx.count > 0);
    let checked = 0;
    for (let i = 0; i < model.nvtx.count; i++) {
      const d = model.nvtxDomains[model.nvtx.domain[i]]?.name ?? '';
      const name = model.strings.strings[model.nvtx.nameId[i]];
      const key = d ? `${d}:${name}` : name;
      const expected = perCapture[capture][key] ?? common[key];
      const c = resolveTraceRange(index, model, i, names);
      if (!expected) {
        assert.equal(c.length, 0, key);
        assert.ok(index.explain(name, d), `library range ${key} is explained`);
        continue;
      }
      assert.ok(c.length, `${key} unresolved`);
      assert.deepEqual([c[0].file, c[0].line + 1], expected, `${capture} range #${i} ${key}`);
      checked++;
    }
    assert.ok(checked > 0);
  });
}
