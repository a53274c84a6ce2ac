// The workspace pass over real JSON-RPC: the 300-config corpus as workspace root, progress
// through window/workDoneProgress, cancellation, `sightline.exclude` and `files.exclude`.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspTestClient, sharedRoot } from '../support/lspClient';

const corpus = path.join(sharedRoot, 'corpus', 'deepstream-9.1-configs');
const corpusUri = pathToFileURL(corpus).href;

interface PassResult {
  files: number;
  linted: number;
  withDiagnostics: number;
  cancelled: boolean;
  ms: number;
}

function countFiles(dir: string, skip: (rel: string) => boolean, rel = ''): number {
  let n = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) n += countFiles(path.join(dir, e.name), skip, r);
    else if (!skip(r)) n++;
  }
  return n;
}

test('opening the corpus as workspace lints every config with begin/report/end progress', async () => {
  const c = new LspTestClient();
  try {
    const done = c.waitForNotification<PassResult>('sightline/workspaceLintDone', 60000);
    await c.initialize(corpusUri);
    const result = await done;
    const begin = await c.waitForProgress((p) => p.value.kind === 'begin');
    assert.equal(begin.value.cancellable, true);
    assert.match(begin.value.title ?? '', /Sightline/);
    const end = await c.waitForProgress((p) => p.value.kind === 'end' && p.token === begin.token);
    assert.ok(end.at >= begin.at);
    assert.equal(result.cancelled, false);
    // Every .txt/.yml/.yaml file of the corpus is a candidate.
    assert.equal(result.files, countFiles(corpus, () => false));
    assert.ok(result.linted >= 200, `most corpus files are recognized configs (linted ${result.linted})`);
    // Every diagnostic the pass published is for a corpus file, never for an open version.
    for (const p of c.published) {
      assert.ok(p.uri.startsWith(corpusUri), p.uri);
      assert.equal(p.version, undefined);
    }
  } finally {
    await c.shutdown();
  }
});

test('sightline.exclude and files.exclude keep folders out of the pass', async () => {
  const c = new LspTestClient();
  try {
    c.settings = { sightline: { exclude: ['**/tao_apps/**'] }, 'files.exclude': { '**/skills': true, '**/never-matches': false } };
    const done = c.waitForNotification<PassResult>('sightline/workspaceLintDone', 60000);
    await c.initialize(corpusUri);
    const result = await done;
    const expected = countFiles(corpus, (r) => r.includes('/tao_apps/') || r.startsWith('skills/'));
    assert.equal(result.files, expected);
    for (const p of c.published) assert.ok(!p.uri.includes('/tao_apps/') && !p.uri.includes('/skills/'), p.uri);
  } finally {
    await c.shutdown();
  }
});

/** A synthetic workspace of `total` files in 1,000 folders, `configs` of them nvinfer configs. */
function bigWorkspace(total: number, configs: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-big-'));
  const config = fs.readFileSync(path.join(corpus, 'src/apps/sample_apps/deepstream-test1/dstest1_pgie_config.txt'));
  const perDir = Math.ceil(total / 1000);
  let made = 0;
  for (let d = 0; made < total; d++) {
    const sub = path.join(dir, `d${d}`);
    fs.mkdirSync(sub);
    for (let i = 0; i < perDir && made < total; i++, made++) {
      if (made % Math.floor(total / configs) === 0) fs.writeFileSync(path.join(sub, `config_infer_${i}.txt`), config);
      else fs.writeFileSync(path.join(sub, `frame_${i}.bin`), '');
    }
  }
  return dir;
}

test('a 100,000-file workspace: requests are answered while the pass runs, and the pass can be cancelled from the progress UI', async () => {
  const dir = bigWorkspace(100000, 3000);
  const c = new LspTestClient();
  try {
    const done = c.waitForNotification<PassResult>('sightline/workspaceLintDone', 120000);
    let passEnded = false;
    void done.then(() => (passEnded = true));
    await c.initialize(pathToFileURL(dir).href);
    const begin = await c.waitForProgress((p) => p.value.kind === 'begin');
    // A request sent while the pass walks and lints is answered before the pass ends.
    const uri = 'file:///tmp/sightline-responsive/config_infer_primary.txt';
    await c.open(uri, 'nvinfer-config', '[property]\ngpu-id=0\n');
    await c.waitForDiagnostics(uri, (p) => p.version === 1);
    const symbols = await c.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.equal(symbols.length, 1);
    assert.equal(passEnded, false, 'answered while the pass was still running');
    await c.conn.sendNotification('window/workDoneProgress/cancel', { token: begin.token });
    const result = await done;
    assert.equal(result.cancelled, true);
    assert.ok(result.linted < 3000, `stopped early: ${result.linted} linted`);
    await c.waitForProgress((p) => p.value.kind === 'end' && p.token === begin.token);
  } finally {
    await c.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
