import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { extractPipelines, lintPipelineHost } from '../../../server/lint/pipeline/index';
import { diskFiles } from '../../../server/lint/diskFiles';
import { LineIndex } from '../../../server/lint/pipeline/lineIndex';
import type { LintDiagnostic, Range } from '../../../server/lint/diagnostic';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const corpus = path.resolve(repoRoot, '..', 'shared', 'corpus');

function jsonl<T>(name: string): T[] {
  return fs
    .readFileSync(path.join(corpus, name), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

function inside(text: string, r: Range): boolean {
  const lines = new LineIndex(text);
  const last = lines.position(text.length);
  const le = (a: Range['start'], b: Range['start']) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return le({ line: 0, character: 0 }, r.start) && le(r.start, r.end) && le(r.end, last) && lines.offset(r.start) <= text.length;
}

test('all 130 verified pipelines parse and lint with zero errors (dGPU and Jetson)', () => {
  const rows = jsonl<{ intent: string; pipeline: string }>('verified-pipelines.jsonl');
  assert.equal(rows.length, 130);
  const errors: string[] = [];
  let elements = 0;
  for (const target of ['dgpu', 'jetson'] as const) {
    for (const r of rows) {
      const file = '/corpus/verified.gst';
      // most start with gst-launch-1.0, a few are bare descriptions: the .gst host handles both
      const ps = extractPipelines(file, r.pipeline, 'gst-pipeline');
      assert.ok(ps.length >= 1, `a pipeline in: ${r.pipeline}`);
      elements += ps[0].parsed.elements.length;
      const ds: LintDiagnostic[] = lintPipelineHost(file, r.pipeline, 'gst-pipeline', { target, dsVersion: '9.1' }, diskFiles);
      for (const d of ds) {
        assert.ok(inside(r.pipeline, d.range), `${d.code} range outside the text`);
        if (d.severity === 'error') errors.push(`[${target}] ${d.code}: ${d.message}\n    in: ${r.pipeline}`);
      }
    }
  }
  assert.ok(elements > 130 * 2 * 3, 'the pipelines really parsed into elements');
  assert.deepEqual(errors, []);
});

test('all launch lines of the DeepStream 9.1 corpus parse and lint without exceptions, positions inside', () => {
  const rows = jsonl<{ source: string; line: number; text: string }>('deepstream-9.1-launch-lines.jsonl');
  assert.equal(rows.length, 113);
  let pipelines = 0;
  let withErrors = 0;
  for (const r of rows) {
    // as a line of a shell script (the most permissive host: prose lines become commands too)
    const ds = lintPipelineHost('/corpus/line.sh', r.text, 'shell', { target: 'dgpu', dsVersion: '9.1' }, diskFiles);
    for (const d of ds) assert.ok(inside(r.text, d.range), `${r.source}:${r.line} ${d.code} range outside`);
    const ps = extractPipelines('/corpus/line.sh', r.text, 'shell');
    pipelines += ps.length;
    for (const p of ps) for (const e of p.parsed.elements) assert.ok(inside(r.text, e.span.range));
    if (ps.length && ds.some((d) => d.severity === 'error')) withErrors++;
  }
  // 73 of the 113 lines mention gst-launch-1.0 in prose or as a string in code; 40 run it.
  assert.ok(pipelines >= 40, `found ${pipelines} gst-launch commands`);
  // Commands cut from multi-line blocks or abbreviated with `…` are not runnable as they stand,
  // and a few name third-party elements (pylonsrc, dsdirection); most lint clean.
  assert.ok(withErrors <= pipelines / 4, `${withErrors} of ${pipelines} commands with errors`);
});
