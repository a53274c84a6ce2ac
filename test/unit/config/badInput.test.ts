// Bad input never crashes or hangs the config core: binary and huge files are skipped with a
// reason, invalid UTF-8 and YAML bombs get diagnostics, symlink loops, FIFOs and directories in
// place of referenced files are reported with the reason the disk gave.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { diskFiles } from '../../../server/lint/diskFiles';
import { lintText } from '../../../server/lint/lintFile';
import { corpusFile, dgpu, lint, only } from './support';

function tmpdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-config-'));
}

function timed<T>(f: () => T, maxMs: number, what: string): T {
  const t0 = Date.now();
  const r = f();
  const ms = Date.now() - t0;
  assert.ok(ms < maxMs, `${what} took ${ms} ms`);
  return r;
}

test('binary files are skipped with a reason (lintConfig and lintText)', () => {
  const bin = `[property]\n${'\u0000\u0001\u0002'.repeat(100)}`;
  const ds = lint('/x/config_infer_primary.txt', bin);
  assert.deepEqual(ds.map((d) => [d.code, d.severity]), [['config/skipped', 'info']]);
  const r = lintText('/x/config_infer_primary.txt', bin, dgpu, diskFiles);
  assert.match(r.skipped ?? '', /binary/);
});

test('huge files are skipped quickly', () => {
  const huge = `[property]\n${'gpu-id=0\n'.repeat(2_000_000)}`;
  assert.ok(huge.length > 16 * 1024 * 1024);
  const ds = timed(() => lint('/x/big.txt', huge), 2000, 'huge file');
  assert.equal(ds[0].code, 'config/skipped');
  assert.match(ds[0].message, /16 MiB/);
});

test('a large but legal config is linted in bounded time', () => {
  const { text } = corpusFile('src/apps/sample_apps/deepstream-test1/dstest1_pgie_config.txt');
  const big = text + Array.from({ length: 5000 }, (_, i) => `[class-attrs-${i}]\npre-cluster-threshold=0.${i % 10}\n`).join('');
  const ds = timed(() => lint('/x/big_pgie.txt', big), 5000, '5000 class-attrs groups');
  // num-detected-classes=4: groups 4..4999 are out of range.
  assert.equal(only(ds, 'config/class-attrs-out-of-range').length, 4996);
});

test('invalid UTF-8 becomes a warning at the bad character, not a crash', () => {
  const { text } = corpusFile('src/apps/sample_apps/deepstream-test1/dstest1_pgie_config.txt');
  const bytes = Buffer.concat([Buffer.from(text.replace('gpu-id=0', 'gpu-id=0\nlabelfile-path=lab')), Buffer.from([0xff, 0xfe, 0x80]), Buffer.from('.txt\n')]);
  const decoded = bytes.toString('utf8');
  const ds = lint('/x/p.txt', decoded);
  const bad = only(ds, 'config/invalid-utf8');
  assert.equal(bad.length, 1);
  assert.equal(bad[0].range.start.line, decoded.split('\n').findIndex((l) => l.includes('\uFFFD')));
});

test('a YAML bomb (billion laughs) is read without expanding the aliases', () => {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 20; i++) {
    const n = String.fromCharCode(97 + i);
    const p = String.fromCharCode(96 + i);
    lines.push(`${n}: &${n} [${new Array(9).fill(`*${p}`).join(',')}]`);
  }
  const bomb = `${lines.join('\n')}\nproperty:\n  gpu-id: 0\n  onnx-file: *t\n  batch-size: 1\n`;
  const ds = timed(() => lint('/x/bomb_pgie.yml', bomb), 3000, 'YAML bomb');
  // onnx-file got a sequence (through the alias): reported, nothing expanded.
  assert.ok(only(ds, 'config/wrong-type').some((d) => /onnx-file/.test(d.message)));
  const r = timed(() => lintText('/x/bomb_pgie.yml', bomb, dgpu, diskFiles), 3000, 'YAML bomb via lintText');
  assert.equal(r.skipped, undefined);
});

test('deeply nested and malformed YAML is reported, not thrown', () => {
  const deep = `property:\n  x: ${'['.repeat(5000)}${']'.repeat(5000)}\n`;
  const ds = timed(() => lint('/x/deep.yml', deep), 3000, 'deep YAML');
  assert.ok(Array.isArray(ds));
  const broken = lint('/x/broken.yml', 'property:\n  gpu-id: 0\n   bad indent: [\n');
  assert.ok(only(broken, 'config/syntax').length >= 1);
});

test('symlink loops, directories and FIFOs in place of referenced files: reported with the reason, no hang', () => {
  const dir = tmpdir();
  try {
    fs.symlinkSync('loop.txt', path.join(dir, 'loop.txt'));
    fs.mkdirSync(path.join(dir, 'labels.txt'));
    execFileSync('mkfifo', [path.join(dir, 'pgie.txt')]);
    const cfg = path.join(dir, 'config_infer_primary.txt');
    const text = '[property]\nonnx-file=loop.txt\nlabelfile-path=labels.txt\nnum-detected-classes=4\nnetwork-mode=2\nmodel-engine-file=loop.txt_b1_gpu0_fp16.engine\n';
    const ds = timed(() => lint(cfg, text, diskFiles), 3000, 'symlink loop');
    const loop = only(ds, 'config/missing-file').find((d) => d.message.startsWith('onnx-file'));
    assert.ok(loop, JSON.stringify(ds));
    assert.match(loop.message, /ELOOP|too many symbolic links/i);
    assert.ok(only(ds, 'config/unreadable-file').some((d) => /not a regular file/.test(d.message)));
    // An app config whose GIE config is a FIFO: read through FileAccess, refused, no blocking read.
    const app = path.join(dir, 'app.txt');
    const appText = '[application]\nenable-perf-measurement=1\n[streammux]\nbatch-size=1\nwidth=1280\nheight=720\n[primary-gie]\nenable=1\nconfig-file=pgie.txt\n';
    const appDs = timed(() => lint(app, appText, diskFiles), 3000, 'FIFO config');
    assert.ok(Array.isArray(appDs));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('unreadable referenced files (FileAccess error) are reported, never thrown', () => {
  const { path: p, text } = corpusFile('src/apps/tao_apps/deepstream_app_tao_configs/deepstream_app_source1_trafficcamnet.txt');
  const throwingish = { readText: (f: string) => ({ error: `${f} is not readable (permission denied)` }), exists: () => true };
  const ds = lint(p, text, throwingish);
  assert.ok(ds.length > 0);
  assert.ok(!ds.some((d) => d.code === 'internal/linter-crash'));
});

test('protobuf text (nvinferserver) is read as protobuf, not as a key file; broken protobuf gets located errors', () => {
  const pb = 'infer_config {\n  unique_id: 1\n  gpu_ids: [0]\n  max_batch_size: 4\n  backend {\n    triton { model_name: "x" }\n  }\n}\n';
  assert.deepEqual(lint('/x/config_infer_triton.txt', pb), []);
  const broken = lint('/x/config_infer_triton.txt', pb.replace('model_name: "x"', 'model_name: "x').replace(/\}\n$/, ''));
  assert.ok(broken.length > 0);
  assert.ok(broken.every((d) => d.code === 'config/inferserver-syntax'), JSON.stringify(broken.map((d) => d.code)));
  assert.ok(broken.some((d) => d.range.start.line === 5));
});
