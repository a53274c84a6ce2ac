// Property test: 100,000 generated and mutated pipelines in every host kind. No exception, no
// hang (each run is bounded by fast-check's interruptAfterTimeLimit), every position inside its
// file.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { extractPipelines, lintPipelineHost } from '../../../server/lint/pipeline/index';
import { LineIndex } from '../../../server/lint/pipeline/lineIndex';
import type { FileAccess, Range } from '../../../server/lint/diagnostic';
import type { FileKind } from '../../../server/lint/fileKind';

const files: FileAccess = {
  readText: () => ({ text: '[property]\nbatch-size=2\ninfer-dims=3;368;640\n' }),
  exists: () => true,
};

const factories = ['filesrc', 'qtdemux', 'h264parse', 'nvv4l2decoder', 'nvstreammux', 'nvinfer', 'nvvideoconvert', 'nvdsosd', 'tee', 'queue', 'fakesink', 'avdec_h264', 'x264enc', 'videoconvert', 'nvmultistreamtiler', 'nveglglessink', 'uridecodebin', 'nvstreamdemux', 'bogus_el', 'capsfilter'];
const keys = ['name', 'location', 'batch-size', 'width', 'height', 'config-file-path', 'sync', 'process-mode', 'flip-method', 'leaky', 'bad-key'];
const word = fc.stringMatching(/^[a-z0-9_./:-]{0,8}$/);
const value = fc.oneof(word, word.map((w) => `"${w} ${w}"`), fc.constantFrom('true', '0', '-1', '4', 'm', 't', '"unterminated', 'a\\ b', '{x}', '$VAR'));
const element = fc.tuple(fc.constantFrom(...factories), fc.array(fc.tuple(fc.constantFrom(...keys), value), { maxLength: 3 })).map(([f, ps]) => [f, ...ps.map(([k, v]) => `${k}=${v}`)].join(' '));
const caps = fc.constantFrom('video/x-raw(memory:NVMM),format=NV12', 'video/x-raw, format=RGBA', 'video/x-h264,stream-format=byte-stream', 'audio/x-raw;video/x-raw');
const item = fc.oneof({ weight: 6, arbitrary: element }, { weight: 1, arbitrary: fc.constantFrom('m.sink_0', 't.', 'd.src_1', 'mux.', '.src') }, { weight: 1, arbitrary: element.map((e) => `( ${e} ! fakesink )`) });
const chain = fc.array(fc.tuple(item, fc.option(caps, { nil: undefined })), { minLength: 1, maxLength: 6 }).map((xs) => xs.map(([it, c], i) => (i === 0 ? it : `${c ? `! ${c} ` : ''}! ${it}`)).join(' '));
const pipeline = fc.array(chain, { minLength: 1, maxLength: 3 }).map((cs) => cs.join(' '));

// Mutations: insert/delete/replace characters, including the grammar's special ones.
const specials = ['!', '"', "'", '(', ')', '.', ',', ';', '=', '\\', '\n', '\\\n', ' ', ':', '{', '}', '\u00e9', '\ud83d\ude00', '\u0000', '$', '#'];
const mutation = fc.tuple(fc.nat(), fc.nat(5), fc.constantFrom(...specials), fc.constantFrom('insert', 'delete', 'replace'));
const mutated = fc.tuple(pipeline, fc.array(mutation, { maxLength: 4 })).map(([p, ms]) => {
  let s = p;
  for (const [pos, len, ch, op] of ms) {
    const at = s.length ? pos % (s.length + 1) : 0;
    if (op === 'insert') s = s.slice(0, at) + ch + s.slice(at);
    else if (op === 'delete') s = s.slice(0, at) + s.slice(at + len);
    else s = s.slice(0, at) + ch + s.slice(at + 1);
  }
  return s;
});

const hosts: [FileKind, string, (p: string) => string][] = [
  ['gst-pipeline', '/f/p.gst', (p) => p],
  ['shell', '/f/run.sh', (p) => `#!/bin/sh\nnsys profile gst-launch-1.0 -e ${p.replace(/\n/g, ' \\\n  ')}\necho done\n`],
  ['python', '/f/app.py', (p) => `import gi\npipe = Gst.parse_launch(f"${p.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"\n  " ! fakesink")\n`],
  ['c', '/f/app.c', (p) => `int main() {\n  GstElement *e = gst_parse_launch ("${p.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}" /* c */ " ! fakesink", NULL);\n}\n`],
  ['markdown', '/f/README.md', (p) => `# T\n\n\`\`\`bash\ngst-launch-1.0 ${p}\n\`\`\`\n`],
  ['dockerfile', '/f/Dockerfile', (p) => `FROM x\nRUN gst-launch-1.0 ${p.replace(/\n/g, ' \\\n ')}\n`],
  ['shell', '/f/raw.sh', (p) => p], // the mutated text as a whole shell file, unwrapped
];

function within(text: string, lines: LineIndex, r: Range): boolean {
  if (r.start.line < 0 || r.start.character < 0 || r.end.line < 0 || r.end.character < 0) return false;
  const a = lines.offset(r.start);
  const b = lines.offset(r.end);
  const back = lines.position(a);
  return a <= b && b <= text.length && back.line === r.start.line && back.character === r.start.character;
}

test('fuzz: 100,000 generated and mutated pipelines in every host: no exception, positions inside the file', () => {
  const start = Date.now();
  let checked = 0;
  fc.assert(
    fc.property(fc.oneof(pipeline, mutated), fc.nat(hosts.length - 1), fc.constantFrom('dgpu', 'jetson'), (p, h, target) => {
      const [kind, file, wrap] = hosts[h];
      const text = wrap(p);
      const lines = new LineIndex(text);
      const ds = lintPipelineHost(file, text, kind, { target: target as 'dgpu' | 'jetson', dsVersion: '9.1' }, files);
      for (const d of ds) {
        if (!within(text, lines, d.range)) throw new Error(`${d.code} range ${JSON.stringify(d.range)} outside ${JSON.stringify(text)}`);
        for (const f of d.fixes ?? []) for (const e of f.edits) if (!within(text, lines, e.range)) throw new Error(`fix range outside: ${JSON.stringify(text)}`);
      }
      if (checked % 7 === 0) {
        for (const x of extractPipelines(file, text, kind)) for (const e of x.parsed.elements) if (!within(text, lines, e.span.range) || !within(text, lines, e.factorySpan.range)) throw new Error(`element range outside: ${JSON.stringify(text)}`);
      }
      checked++;
    }),
    { numRuns: 100_000, seed: 20261122, interruptAfterTimeLimit: 600_000, markInterruptAsFailure: true },
  );
  assert.equal(checked, 100_000);
  process.stdout.write(`# fuzz: ${checked} pipelines in ${((Date.now() - start) / 1000).toFixed(1)} s\n`);
});
