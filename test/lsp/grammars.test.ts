// The TextMate grammars in syntaxes/, tokenized by the real engine (vscode-textmate +
// oniguruma), with VS Code's own shell / Python / C grammars (from the code-server install) as
// hosts for the injection grammar. Checks the scopes a theme colours, on real launch lines.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vsctm from 'vscode-textmate';
import * as oniguruma from 'vscode-oniguruma';
import { repoRoot, sharedRoot } from '../support/lspClient';

const vscodeExtensions = path.join(repoRoot, 'node_modules', 'code-server', 'lib', 'vscode', 'extensions');

interface PackageGrammar {
  language?: string;
  scopeName: string;
  path: string;
  injectTo?: string[];
}

const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { contributes: { grammars: PackageGrammar[] } };

const hostGrammars: Record<string, string> = {
  'source.shell': path.join(vscodeExtensions, 'shellscript', 'syntaxes', 'shell-unix-bash.tmLanguage.json'),
  'source.python': path.join(vscodeExtensions, 'python', 'syntaxes', 'MagicPython.tmLanguage.json'),
  'source.c': path.join(vscodeExtensions, 'cpp', 'syntaxes', 'c.tmLanguage.json'),
};

let registry: vsctm.Registry | undefined;
async function getRegistry(): Promise<vsctm.Registry> {
  if (registry) return registry;
  const wasm = fs.readFileSync(path.join(repoRoot, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const ours = new Map(manifest.contributes.grammars.map((g) => [g.scopeName, path.join(repoRoot, g.path)]));
  registry = new vsctm.Registry({
    onigLib: Promise.resolve({ createOnigScanner: (s: string[]) => new oniguruma.OnigScanner(s), createOnigString: (s: string) => new oniguruma.OnigString(s) }),
    loadGrammar: async (scope: string) => {
      const file = ours.get(scope) ?? hostGrammars[scope];
      if (!file || !fs.existsSync(file)) return null;
      return vsctm.parseRawGrammar(fs.readFileSync(file, 'utf8'), file);
    },
    getInjections: (scope: string) => manifest.contributes.grammars.filter((g) => g.injectTo?.includes(scope)).map((g) => g.scopeName),
  });
  return registry;
}

/** Tokens of `text` as [token text, scopes joined] per line. */
async function tokenize(scope: string, text: string): Promise<{ text: string; scopes: string }[]> {
  const grammar = await (await getRegistry()).loadGrammar(scope);
  assert.ok(grammar, `grammar ${scope} loads`);
  let state = vsctm.INITIAL;
  const out: { text: string; scopes: string }[] = [];
  for (const line of text.split('\n')) {
    const r = grammar.tokenizeLine(line, state);
    for (const t of r.tokens) out.push({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes.join(' ') });
    state = r.ruleStack;
  }
  return out;
}

function scopeOf(tokens: { text: string; scopes: string }[], text: string): string {
  const t = tokens.find((x) => x.text === text || x.text.trim() === text);
  assert.ok(t, `token '${text}' in ${JSON.stringify(tokens.map((x) => x.text))}`);
  return t.scopes;
}

test('package.json contributes the four grammars and every file is valid JSON with its scope name', () => {
  const scopes = manifest.contributes.grammars.map((g) => g.scopeName).sort();
  assert.deepEqual(scopes, ['gst-launch.injection', 'source.deepstream-app-config', 'source.gst-pipeline', 'source.nvinfer-config']);
  for (const g of manifest.contributes.grammars) {
    const raw = JSON.parse(fs.readFileSync(path.join(repoRoot, g.path), 'utf8')) as { scopeName: string };
    assert.equal(raw.scopeName, g.scopeName);
  }
});

test('gst-launch grammar: elements, properties, values, links, caps and pad references', async () => {
  const line = 'gst-launch-1.0 -e filesrc location=a.h264 ! h264parse ! nvv4l2decoder ! "video/x-raw(memory:NVMM),format=NV12" ! mux.sink_0 nvstreammux name=mux batch-size=1 ! fakesink sync=false';
  const toks = await tokenize('source.gst-pipeline', line);
  assert.match(scopeOf(toks, 'gst-launch-1.0'), /support\.function\.gst-launch/);
  assert.match(scopeOf(toks, 'filesrc'), /entity\.name\.type\.element/);
  assert.match(scopeOf(toks, 'nvv4l2decoder'), /entity\.name\.type\.element/);
  assert.match(scopeOf(toks, 'nvstreammux'), /entity\.name\.type\.element/);
  assert.match(scopeOf(toks, 'location'), /entity\.other\.attribute-name\.property/);
  assert.match(scopeOf(toks, '1'), /constant\.numeric/);
  assert.match(scopeOf(toks, 'false'), /constant\.language\.boolean/);
  assert.match(scopeOf(toks, '!'), /keyword\.operator\.link/);
  assert.match(scopeOf(toks, 'mux'), /variable\.other\.element-name/);
  assert.match(scopeOf(toks, 'sink_0'), /variable\.other\.pad/);
});

test('every verified pipeline of the corpus tokenizes with each element name scoped as an element', async () => {
  const lines = fs.readFileSync(path.join(sharedRoot, 'corpus', 'verified-pipelines.jsonl'), 'utf8').trim().split('\n');
  let elements = 0;
  for (const l of lines) {
    const { pipeline } = JSON.parse(l) as { pipeline: string };
    const toks = (await tokenize('source.gst-pipeline', pipeline)).filter((t) => t.text.trim() !== '');
    // The word right after each `!` link is an element, unless it is a pad reference (`mux.`) or caps.
    for (let i = 0; i + 1 < toks.length; i++) {
      if (!/keyword\.operator\.link/.test(toks[i].scopes) || !/^[a-z][a-z0-9_-]*$/.test(toks[i + 1].text)) continue;
      if (toks[i + 2]?.text === '.' || /string|caps/.test(toks[i + 1].scopes)) continue;
      assert.match(toks[i + 1].scopes, /entity\.name\.type\.element/, `${toks[i + 1].text} in ${pipeline}`);
      elements++;
    }
  }
  assert.ok(elements > 200, `checked ${elements} elements`);
});

test('nvinfer and deepstream-app config grammars: groups, keys, numbers, paths, lists, comments', async () => {
  const text = '# primary detector\n[property]\ngpu-id=0\nnet-scale-factor=0.00392156862745098\nmodel-engine-file=../../models/resnet18.onnx_b1_gpu0_fp16.engine\noffsets=0;0;0\n';
  for (const scope of ['source.nvinfer-config', 'source.deepstream-app-config']) {
    const toks = await tokenize(scope, text);
    assert.match(scopeOf(toks, '# primary detector'), /comment\.line/);
    assert.match(scopeOf(toks, 'property'), /entity\.name\.section\.group/);
    assert.match(scopeOf(toks, 'gpu-id'), /variable\.other\.key/);
    assert.match(scopeOf(toks, '0.00392156862745098'), /constant\.numeric/);
    assert.match(scopeOf(toks, '../../models/resnet18.onnx_b1_gpu0_fp16.engine'), /string\.unquoted\.path/);
    assert.match(scopeOf(toks, ';'), /punctuation\.separator\.list/);
  }
});

test('injection: launch lines coloured inside shell commands, Python strings and C strings', async () => {
  const sh = await tokenize('source.shell', '#!/bin/bash\nGST_DEBUG=3 gst-launch-1.0 filesrc location=a.h264 ! h264parse ! \\\n  nvv4l2decoder ! fakesink sync=false\necho done\n');
  assert.match(scopeOf(sh, 'filesrc'), /entity\.name\.type\.element/);
  assert.match(scopeOf(sh, 'nvv4l2decoder'), /entity\.name\.type\.element/, 'continuation line still inside the command');
  assert.ok(!/gst-pipeline/.test(scopeOf(sh, 'done')), 'the next command is plain shell again');

  const py = await tokenize('source.python', 'p = Gst.parse_launch(\n    "filesrc location=a.h264 ! h264parse ! "\n    "nvv4l2decoder ! fakesink sync=false")\nname = "not a pipeline"\n');
  assert.match(scopeOf(py, 'h264parse'), /entity\.name\.type\.element/);
  assert.match(scopeOf(py, 'location'), /entity\.other\.attribute-name\.property/);
  assert.match(scopeOf(py, 'nvv4l2decoder'), /entity\.name\.type\.element/);
  assert.ok(!/gst-pipeline/.test(scopeOf(py, 'not a pipeline')), 'ordinary strings untouched');

  const c = await tokenize('source.c', 'GstElement *p = gst_parse_launch("videotestsrc num-buffers=10 ! nvvideoconvert ! fakesink", NULL);\n');
  assert.match(scopeOf(c, 'videotestsrc'), /entity\.name\.type\.element/);
  assert.match(scopeOf(c, 'num-buffers'), /entity\.other\.attribute-name\.property/);
});
