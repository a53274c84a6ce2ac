// Hover, completion, definition, references, rename, outline and folding over JSON-RPC, on
// launch lines and on real DeepStream configs from the corpus.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { applyEdits, LspTestClient, sharedRoot, type LspRange } from '../support/lspClient';

const corpus = path.join(sharedRoot, 'corpus', 'deepstream-9.1-configs');

interface Hover {
  contents: { kind: string; value: string };
  range?: LspRange;
}
interface CompletionItem {
  label: string;
  kind?: number;
  insertText?: string;
  detail?: string;
}
interface Location {
  uri: string;
  range: LspRange;
}

/** Position of the `nth` occurrence of `needle` in `text` (plus `offset` characters). */
function posOf(text: string, needle: string, offset = 0, nth = 0): { line: number; character: number } {
  let i = -1;
  for (let k = 0; k <= nth; k++) i = text.indexOf(needle, i + 1);
  assert.ok(i >= 0, `${needle} in text`);
  const before = text.slice(0, i + offset);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - before.lastIndexOf('\n') - 1 };
}

const launch =
  'filesrc location=sample_720p.h264 ! h264parse ! nvv4l2decoder ! mux.sink_0 \\\n' +
  '  nvstreammux name=mux batch-size=1 width=1920 height=1080 ! nvinfer config-file-path=config_infer_primary.txt ! \\\n' +
  '  nvvideoconvert compute-hw=VIC ! nvdsosd ! fakesink sync=false\n';

async function withClient(fn: (c: LspTestClient) => Promise<void>): Promise<void> {
  const c = new LspTestClient();
  try {
    await c.initialize();
    await fn(c);
  } finally {
    await c.shutdown();
  }
}

test('hover: element, property (type, range, default) and enum value docs in a launch line', () =>
  withClient(async (c) => {
    const uri = 'file:///tmp/sightline-feat/p.gst';
    await c.open(uri, 'gst-pipeline', launch);
    const el = await c.request<Hover>('textDocument/hover', { textDocument: { uri }, position: posOf(launch, 'nvinfer', 2) });
    assert.match(el.contents.value, /\*\*nvinfer\*\*/);
    assert.match(el.contents.value, /DeepStream \d+\.\d+/);
    const prop = await c.request<Hover>('textDocument/hover', { textDocument: { uri }, position: posOf(launch, 'batch-size', 3) });
    assert.match(prop.contents.value, /nvstreammux\.batch-size/);
    assert.match(prop.contents.value, /range: \d+ … \d+/);
    assert.match(prop.contents.value, /default: `\d+`/);
    const enumValue = await c.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: posOf(launch, 'VIC', 1) });
    assert.ok(enumValue, 'hover on an enum value');
    assert.match(enumValue.contents.value, /compute-hw/);
    const nothing = await c.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: posOf(launch, ' ! h264parse', 1) });
    assert.equal(nothing, null);
  }));

test('hover on nvinfer and deepstream-app config keys from the corpus', () =>
  withClient(async (c) => {
    const file = path.join(corpus, 'src/apps/sample_apps/deepstream-test1/dstest1_pgie_config.txt');
    const text = fs.readFileSync(file, 'utf8');
    const uri = pathToFileURL(file).href;
    await c.open(uri, 'nvinfer-config', text);
    const key = await c.request<Hover>('textDocument/hover', { textDocument: { uri }, position: posOf(text, '\nnetwork-mode', 3) });
    assert.match(key.contents.value, /\*\*network-mode\*\*/);
    assert.match(key.contents.value, /type: `int`/);
    assert.match(key.contents.value, /FP16|fp16/i, 'enum values listed');
    const group = await c.request<Hover>('textDocument/hover', { textDocument: { uri }, position: posOf(text, '[property]', 2) });
    assert.match(group.contents.value, /\[property\]/);
    // The YAML form of the same config.
    const yfile = path.join(corpus, 'src/apps/sample_apps/deepstream-test1/dstest1_pgie_config.yml');
    const ytext = fs.readFileSync(yfile, 'utf8');
    const yuri = pathToFileURL(yfile).href;
    await c.open(yuri, 'yaml', ytext);
    const ykey = await c.request<Hover>('textDocument/hover', { textDocument: { uri: yuri }, position: posOf(ytext, 'network-mode', 2) });
    assert.match(ykey.contents.value, /\*\*network-mode\*\*/);
    const yvalues = await c.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: yuri }, position: { line: posOf(ytext, 'network-mode').line, character: ytext.split('\n')[posOf(ytext, 'network-mode').line].length } });
    assert.ok(yvalues.some((v) => v.label === '2'), 'enum values after `network-mode:` in YAML');
  }));

test('completion: elements after `!`, properties, enum values, snippets', () =>
  withClient(async (c) => {
    const uri = 'file:///tmp/sightline-feat/c.gst';
    const text = 'filesrc location=a.h264 ! h264parse ! nvv\n';
    await c.open(uri, 'gst-pipeline', text);
    const els = await c.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: posOf(text, 'nvv', 3) });
    assert.ok(els.some((i) => i.label === 'nvv4l2decoder'));
    assert.ok(els.some((i) => i.label === 'nvvideoconvert'));
    const t2 = 'filesrc location=a.h264 ! h264parse ! nvv4l2decoder ! nvstreammux ';
    await c.replace(uri, t2);
    const props = await c.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: t2.length } });
    assert.ok(props.some((i) => i.label === 'batch-size' && i.insertText === 'batch-size='), props.map((i) => i.label).slice(0, 20).join(','));
    const t3 = 'videotestsrc ! nvvideoconvert compute-hw=';
    await c.replace(uri, t3);
    const values = await c.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: t3.length } });
    assert.ok(values.some((i) => i.label === 'VIC'), values.map((i) => i.label).join(','));
    await c.replace(uri, '');
    const start = await c.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 0 } });
    const snippets = start.filter((i) => i.kind === 15);
    assert.ok(snippets.length >= 3, 'DeepStream pipeline snippets at the start of a launch file');
    assert.ok(snippets.every((s) => /nvstreammux/.test(s.insertText ?? '')));
  }));

test('completion in configs: groups after `[`, keys of the group, enum values after `=`', () =>
  withClient(async (c) => {
    const uri = 'file:///tmp/sightline-feat/config_infer_primary.txt';
    const text = '[property]\ngpu-id=0\nnetwork-mode=\n\n[\n';
    await c.open(uri, 'nvinfer-config', text);
    const values = await c.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line: 2, character: 13 } });
    assert.ok(values.length >= 3 && values.some((v) => v.label === '2'), values.map((v) => `${v.label}:${v.detail}`).join(','));
    const keys = await c.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line: 3, character: 0 } });
    assert.ok(keys.some((k) => k.label === 'batch-size'));
    assert.ok(!keys.some((k) => k.label === 'gpu-id'), 'keys already set are not offered again');
    const groups = await c.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line: 4, character: 1 } });
    assert.ok(groups.some((g) => g.label === 'class-attrs-all'));
  }));

test('definition: pad reference `mux.` → `name=mux`, and config-file-path → the config file', () =>
  withClient(async (c) => {
    const dir = path.join(corpus, 'src/apps/sample_apps/deepstream-test1');
    const host = path.join(dir, 'pipeline.gst'); // not on disk: an unsaved editor buffer
    const text = launch.replace('config_infer_primary.txt', 'dstest1_pgie_config.txt');
    const uri = pathToFileURL(host).href;
    await c.open(uri, 'gst-pipeline', text);
    const def = await c.request<Location>('textDocument/definition', { textDocument: { uri }, position: posOf(text, 'mux.sink_0', 1) });
    assert.equal(def.uri, uri);
    assert.deepEqual(def.range.start, posOf(text, 'name=mux', 5));
    const cfg = await c.request<Location>('textDocument/definition', { textDocument: { uri }, position: posOf(text, 'dstest1_pgie', 3) });
    assert.equal(cfg.uri, pathToFileURL(path.join(dir, 'dstest1_pgie_config.txt')).href);
  }));

test('references and rename of an element name within a pipeline', () =>
  withClient(async (c) => {
    const uri = 'file:///tmp/sightline-feat/r.sh';
    const text =
      'gst-launch-1.0 nvstreammux name=m batch-size=2 width=1920 height=1080 ! fakesink \\\n' +
      '  uridecodebin uri=file:///a.mp4 ! m.sink_0 \\\n' +
      '  uridecodebin uri=file:///b.mp4 ! m.sink_1\n';
    await c.open(uri, 'shellscript', text);
    const refs = await c.request<Location[]>('textDocument/references', { textDocument: { uri }, position: posOf(text, 'm.sink_1'), context: { includeDeclaration: true } });
    assert.equal(refs.length, 3);
    const prep = await c.request<{ range: LspRange; placeholder: string }>('textDocument/prepareRename', { textDocument: { uri }, position: posOf(text, 'name=m', 5) });
    assert.equal(prep.placeholder, 'm');
    const edit = await c.request<{ documentChanges: { edits: { range: LspRange; newText: string }[] }[] }>('textDocument/rename', { textDocument: { uri }, position: posOf(text, 'm.sink_0'), newName: 'mux' });
    const renamed = applyEdits(text, edit.documentChanges[0].edits);
    assert.match(renamed, /name=mux /);
    assert.match(renamed, /mux\.sink_0/);
    assert.match(renamed, /mux\.sink_1/);
    await assert.rejects(c.request('textDocument/rename', { textDocument: { uri }, position: posOf(text, 'm.sink_0'), newName: '0bad name' }));
  }));

test('outline and folding of an INI config and of a launch script', () =>
  withClient(async (c) => {
    const file = path.join(corpus, 'src/apps/sample_apps/deepstream-test1/dstest1_pgie_config.txt');
    const text = fs.readFileSync(file, 'utf8');
    const uri = pathToFileURL(file).href;
    await c.open(uri, 'nvinfer-config', text);
    const symbols = await c.request<{ name: string; children?: { name: string }[] }[]>('textDocument/documentSymbol', { textDocument: { uri } });
    const property = symbols.find((s) => s.name === 'property');
    assert.ok(property?.children?.some((k) => k.name === 'network-mode'));
    const folds = await c.request<{ startLine: number; endLine: number }[]>('textDocument/foldingRange', { textDocument: { uri } });
    assert.ok(folds.some((f) => f.startLine === posOf(text, '[property]').line && f.endLine > f.startLine));
    const sh = 'file:///tmp/sightline-feat/o.sh';
    const shText = `#!/bin/sh\ngst-launch-1.0 ${launch}`;
    await c.open(sh, 'shellscript', shText);
    const pipeSymbols = await c.request<{ name: string; children: { name: string }[] }[]>('textDocument/documentSymbol', { textDocument: { uri: sh } });
    assert.equal(pipeSymbols.length, 1);
    assert.ok(pipeSymbols[0].children.some((e) => e.name === 'nvstreammux (mux)'));
    const shFolds = await c.request<{ startLine: number; endLine: number }[]>('textDocument/foldingRange', { textDocument: { uri: sh } });
    assert.deepEqual(shFolds, [{ startLine: 1, endLine: 3 }]);
  }));
