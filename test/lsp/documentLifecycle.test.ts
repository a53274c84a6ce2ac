// Open / edit / save / close over real JSON-RPC: versions of published diagnostics, stale
// work dropped, settings pulled on change, bad input (binary .txt, deleted files) handled.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspTestClient, repoRoot as repoRootForTests, sharedRoot } from '../support/lspClient';

const corpus = path.join(sharedRoot, 'corpus', 'deepstream-9.1-configs');

function corpusFile(rel: string): string {
  return fs.readFileSync(path.join(corpus, rel), 'utf8');
}

test('rapid edits: every publish carries the version it was computed for, never an older one, and the last one is the final version', async () => {
  const c = new LspTestClient();
  try {
    await c.initialize();
    const uri = 'file:///tmp/sightline-rapid/config_infer_primary.txt';
    const text = corpusFile('src/apps/sample_apps/deepstream-test1/dstest1_pgie_config.txt');
    await c.open(uri, 'nvinfer-config', text);
    await c.waitForDiagnostics(uri, (p) => p.version === 1);
    // 200 keystrokes sent back to back: faster than the server can lint each one.
    let v = 1;
    for (let i = 0; i < 200; i++) v = await c.edit(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, i % 2 ? '\n' : '#');
    const final = await c.waitForDiagnostics(uri, (p) => p.version === v);
    assert.equal(final.version, v);
    const versions = c.published.filter((p) => p.uri === uri).map((p) => p.version ?? -1);
    for (let i = 1; i < versions.length; i++) assert.ok(versions[i] >= versions[i - 1], `published versions never go back: ${versions.join(',')}`);
    // Debounced: far fewer lints than keystrokes reached the client.
    assert.ok(versions.length < 200, `expected coalescing, got ${versions.length} publishes for 200 edits`);
    // The server answers requests right after the burst.
    const symbols = await c.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.ok(Array.isArray(symbols) && symbols.length > 0, 'outline of the edited config');
  } finally {
    await c.shutdown();
  }
});

test('a binary file with a .txt name is not linted and the server stays responsive', async () => {
  const c = new LspTestClient();
  try {
    await c.initialize();
    const uri = 'file:///tmp/sightline-binary/labels.txt';
    const bytes = Buffer.alloc(4096);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) % 256;
    await c.open(uri, 'plaintext', `[property]\n${bytes.toString('latin1')}`);
    const p = await c.waitForDiagnostics(uri);
    assert.deepEqual(p.diagnostics, []);
    const hover = await c.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 2 } });
    assert.ok(hover === null || typeof hover === 'object');
  } finally {
    await c.shutdown();
  }
});

test('settings are pulled on start and again on didChangeConfiguration, and apply without a restart', async () => {
  const c = new LspTestClient();
  try {
    c.settings = { sightline: { target: 'dgpu', deepstreamVersion: '9.1', rules: {}, lint: { onType: true } } };
    await c.initialize();
    const uri = 'file:///tmp/sightline-settings/config_infer_primary.txt';
    await c.open(uri, 'nvinfer-config', corpusFile('src/apps/sample_apps/deepstream-test1/dstest1_pgie_config.txt'));
    await c.waitForDiagnostics(uri);
    const before = c.configurationRequests.length;
    assert.ok(before >= 1, 'pulled settings at start');
    // Turn lint-as-you-type off: an edit is then not linted until save.
    const relinted = c.nextDiagnostics(uri);
    await c.changeSettings({ sightline: { target: 'jetson', deepstreamVersion: '8.0', lint: { onType: false } } });
    await relinted; // target changed: open documents are re-checked
    assert.ok(c.configurationRequests.length > before, 'pulled settings again after the change');
    const v = await c.edit(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, '# edited\n');
    await new Promise((r) => setTimeout(r, 300));
    assert.notEqual(c.latest(uri)?.version, v, 'no lint on type when sightline.lint.onType is false');
    await c.save(uri);
    const saved = await c.waitForDiagnostics(uri, (p) => p.version === v);
    assert.equal(saved.version, v, 'linted on save');
  } finally {
    await c.shutdown();
  }
});

test('a workspace file deleted on disk loses its diagnostics; closing a document outside the workspace clears them', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-del-'));
  const c = new LspTestClient();
  try {
    const file = path.join(dir, 'notes.txt');
    fs.writeFileSync(file, 'plain text\n');
    await c.initialize(pathToFileURL(dir).href);
    await c.waitForNotification('sightline/workspaceLintDone');
    const outside = 'file:///tmp/sightline-outside/config_infer_x.txt';
    await c.open(outside, 'nvinfer-config', '[property]\ngpu-id=0\n');
    await c.waitForDiagnostics(outside);
    const cleared = c.nextDiagnostics(outside, (p) => p.diagnostics.length === 0 && p.version === undefined);
    await c.close(outside);
    await cleared;
    fs.rmSync(file);
    await c.fileChanged(pathToFileURL(file).href, 'deleted');
    // Still responsive after the event.
    const r = await c.request<unknown>('textDocument/documentSymbol', { textDocument: { uri: pathToFileURL(file).href } });
    assert.equal(r, null);
  } finally {
    await c.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('sightline.rules turns rules off and changes severities without a restart', async () => {
  const c = new LspTestClient();
  try {
    await c.initialize();
    const uri = 'file:///tmp/sightline-rules/run.sh';
    const text = fs.readFileSync(path.join(repoRootForTests, 'examples', 'run_pipeline.sh'), 'utf8');
    await c.open(uri, 'shellscript', text);
    const before = await c.waitForDiagnostics(uri, (p) => p.version === 1);
    const sw = before.diagnostics.filter((d) => d.code === 'pipeline/software-decoder');
    const tee = before.diagnostics.filter((d) => d.code === 'pipeline/tee-without-queue');
    assert.ok(sw.length > 0 && tee.length > 0, before.diagnostics.map((d) => d.code).join(', '));
    assert.ok(tee.every((d) => d.severity === 2), 'tee-without-queue is a warning by default');
    const changed = c.nextDiagnostics(uri, (p) => !p.diagnostics.some((d) => d.code === 'pipeline/software-decoder'));
    await c.changeSettings({ sightline: { rules: { 'pipeline/software-decoder': 'off', 'pipeline/tee-without-queue': 'error' } } });
    const after = await changed;
    assert.equal(after.version, 1, 'same document version, re-linted with the new settings');
    const teeAfter = after.diagnostics.filter((d) => d.code === 'pipeline/tee-without-queue');
    assert.equal(teeAfter.length, tee.length);
    assert.ok(teeAfter.every((d) => d.severity === 1), 'now errors');
    // Back to defaults: the rule reports again.
    const restored = c.nextDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'pipeline/software-decoder'));
    await c.changeSettings({ sightline: {} });
    await restored;
  } finally {
    await c.shutdown();
  }
});

test('an untrusted workspace is linted the same (linting runs no code), and the server logs the trust state', async () => {
  const c = new LspTestClient();
  try {
    await c.initialize(null, { trusted: false });
    const uri = 'file:///tmp/sightline-untrusted/run.sh';
    await c.open(uri, 'shellscript', fs.readFileSync(path.join(repoRootForTests, 'examples', 'run_pipeline.sh'), 'utf8'));
    const p = await c.waitForDiagnostics(uri, (x) => x.version === 1);
    assert.ok(p.diagnostics.some((d) => d.code === 'pipeline/software-decoder'));
    await c.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
    assert.ok(c.logs.some((l) => /untrusted/.test(l)), c.logs.join('\n'));
  } finally {
    await c.shutdown();
  }
});
