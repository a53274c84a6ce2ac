// All 300 DeepStream 9.1 configs of the shared corpus, linted from disk as the CLI does: no error
// except missing referenced files (models, labels, libraries, streams and installed sample configs
// are not part of the corpus), every such error names a path that really does not exist, and
// every file gets a kind.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { diskFiles } from '../../../server/lint/diskFiles';
import { lintConfig, parseConfig } from '../../../server/lint/config/index';
import { corpusRoot, dgpu, jetson, walk } from './support';

const files = walk(corpusRoot);

test('the corpus has the 300 configs', () => {
  assert.equal(files.length, 300);
});

test('no false errors on the corpus: the only errors are referenced files that do not exist', () => {
  const byKey = new Map<string, number>();
  const kinds = new Map<string, number>();
  const unexpected: string[] = [];
  for (const options of [dgpu, jetson]) {
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      if (options === dgpu) {
        const k = parseConfig(f, text).kind;
        kinds.set(k, (kinds.get(k) ?? 0) + 1);
      }
      for (const d of lintConfig(f, text, 'config-other', options, diskFiles)) {
        assert.ok(d.range.start.line >= 0 && d.range.end.line >= d.range.start.line, `${f}: bad range`);
        if (d.severity !== 'error') continue;
        if (d.code !== 'config/missing-file') {
          unexpected.push(`${path.relative(corpusRoot, f)}:${d.range.start.line + 1} ${d.code} ${d.message}`);
          continue;
        }
        const m = /resolved to (.+?); relative paths/.exec(d.message);
        assert.ok(m, d.message);
        assert.equal(fs.existsSync(m[1]), false, `${m[1]} exists but was reported missing`);
        if (options === dgpu) {
          const key = d.message.split(':')[0];
          byKey.set(key, (byKey.get(key) ?? 0) + 1);
        }
      }
    }
  }
  assert.deepEqual(unexpected, []);
  // The keys whose files are absent from the corpus (reported so the numbers are visible).
  const summary = [...byKey.entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k}: ${n}`);
  console.log(`missing referenced files reported as errors (dGPU): ${summary.join(', ')}`);
  console.log(`kinds: ${[...kinds.entries()].map(([k, n]) => `${k} ${n}`).join(', ')}`);
  for (const key of byKey.keys()) {
    assert.ok(
      ['onnx-file', 'labelfile-path', 'custom-lib-path', 'uri', 'll-lib-file', 'll-config-file', 'config-file', 'csv-file-path', 'msg-conv-config', 'tlt-encoded-model', 'model-engine-file', 'msg-conv-msg2p-lib', 'mean-file', 'int8-calib-file'].includes(key),
      `unexpected missing-file key ${key}`,
    );
  }
  assert.equal(kinds.get('unknown') ?? 0, 1, 'only the vLLM plugin config is not a DeepStream component config');
});

test('the corpus nvinfer configs use only known keys (one real typo: process_mode)', () => {
  const unknown: string[] = [];
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    if (parseConfig(f, text).kind !== 'nvinfer') continue;
    for (const d of lintConfig(f, text, 'nvinfer-config', dgpu, diskFiles)) if (d.code === 'config/unknown-key') unknown.push(d.message);
  }
  assert.equal(unknown.length, 1, unknown.join('\n'));
  assert.match(unknown[0], /process_mode/);
});
