// The per-graph facts the pipeline rules share (server/lint/pipeline/rules/graphFacts.ts): what
// they say about a graph, and that a rule that returns early because of them really had nothing
// to report. Every rule runs on every corpus pipeline (launch lines as shell and .gst hosts, the
// repo's pipeline fixtures, the app pipelines of the corpus deepstream-app configs) with the real
// facts and with facts that claim every kind everywhere (no shortcut taken), under each target,
// with and without measuring and the new nvstreammux: the findings must be identical.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LintOptions, Range } from '../../../server/lint/diagnostic';
import { diskFiles } from '../../../server/lint/diskFiles';
import { detectFileKind } from '../../../server/lint/fileKind';
import { readApp } from '../../../server/lint/config/appModel';
import { buildAppGraph } from '../../../server/lint/config/appPipeline';
import { parseConfig } from '../../../server/lint/config/index';
import { extractPipelines } from '../../../server/lint/pipeline/index';
import type { PipelineGraph, PipelineRuleContext } from '../../../server/lint/pipeline/model';
import { pipelineRules } from '../../../server/lint/pipeline/rules/all';
import { conservativeFacts, graphFacts, hasInput, hasOutput, noFindings, severalInputs, severalOutputs, unknownElementKind, unknownPropertyKind } from '../../../server/lint/pipeline/rules/graphFacts';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const corpus = path.resolve(repoRoot, '..', 'shared', 'corpus');
const dgpu: LintOptions = { target: 'dgpu', dsVersion: '9.1' };
const jetson: LintOptions = { target: 'jetson', dsVersion: '9.1' };

function jsonl<T>(name: string): T[] {
  return fs
    .readFileSync(path.join(corpus, name), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}
function walk(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

/** Every launch line and verified pipeline of the corpus, as a shell command and as a .gst file. */
function corpusLaunchGraphs(): PipelineGraph[] {
  const texts = [...jsonl<{ pipeline: string }>('verified-pipelines.jsonl').map((r) => r.pipeline), ...jsonl<{ text: string }>('deepstream-9.1-launch-lines.jsonl').map((r) => r.text)];
  const graphs: PipelineGraph[] = [];
  for (const t of texts) {
    for (const p of extractPipelines('/corpus/line.sh', `${t.startsWith('gst-launch') ? t : `gst-launch-1.0 ${t}`}\n`, 'shell')) graphs.push(p.parsed.graph);
    for (const p of extractPipelines('/corpus/line.gst', t, 'gst-pipeline')) graphs.push(p.parsed.graph);
  }
  // the repo's pipeline fixtures, each as its own kind of host file
  for (const f of walk(path.join(repoRoot, 'test', 'fixtures', 'pipeline'))) {
    const text = fs.readFileSync(f, 'utf8');
    const kind = detectFileKind(f, text);
    for (const p of extractPipelines(f, text, kind)) graphs.push(p.parsed.graph);
  }
  return graphs;
}

/** The pipelines the corpus deepstream-app configs build (graphs not made by the launch parser). */
function corpusAppGraphs(): PipelineGraph[] {
  const graphs: PipelineGraph[] = [];
  for (const f of walk(path.join(corpus, 'deepstream-9.1-configs'))) {
    const text = fs.readFileSync(f, 'utf8');
    const { doc } = parseConfig(f, text);
    const app = readApp(doc, f, diskFiles);
    if (!app.mux) continue;
    graphs.push(buildAppGraph(app, f, dgpu));
  }
  return graphs;
}

const contexts: PipelineRuleContext[] = [];
for (const options of [dgpu, jetson]) for (const measuring of [false, true]) for (const newStreammux of [false, true]) contexts.push({ options, files: diskFiles, measuring, newStreammux });

function compareWithAndWithoutShortcuts(graphs: PipelineGraph[]): { findings: Map<string, number>; skipped: number; checks: number } {
  const findings = new Map<string, number>();
  let skipped = 0;
  let checks = 0;
  for (const g of graphs) {
    for (const ctx of contexts) {
      const facts = graphFacts(g, ctx);
      const everything = conservativeFacts(g, ctx);
      for (const rule of pipelineRules) {
        const fast = rule.check(g, ctx, facts);
        const full = rule.check(g, ctx, everything);
        checks++;
        if (fast === noFindings) skipped++;
        const a = JSON.stringify(fast);
        assert.equal(a, JSON.stringify(full), `${rule.doc.id} on a ${g.origin} graph of ${g.elements.map((e) => e.factory).join(' ')} (${ctx.options.target}, measuring ${ctx.measuring}, new mux ${ctx.newStreammux})`);
        // and a rule called without facts computes its own
        assert.equal(JSON.stringify(rule.check(g, ctx)), a, `${rule.doc.id} without facts`);
        if (full.length) findings.set(rule.doc.id, (findings.get(rule.doc.id) ?? 0) + full.length);
      }
    }
  }
  return { findings, skipped, checks };
}

test('every rule finds the same in every corpus launch pipeline with and without the facts shortcuts', () => {
  const graphs = corpusLaunchGraphs();
  assert.ok(graphs.length > 400, `${graphs.length} graphs`);
  const { findings, skipped, checks } = compareWithAndWithoutShortcuts(graphs);
  // the comparison is not vacuous: the rules find things, and the shortcuts are really taken
  for (const id of ['pipeline/unknown-element', 'pipeline/element-not-on-target', 'pipeline/unlinked-pad', 'pipeline/software-decoder', 'pipeline/software-encoder', 'pipeline/cpu-convert-in-nvmm-pipeline', 'pipeline/infer-batch-size', 'pipeline/profiling-tiler-osd', 'pipeline/display-sink-sync', 'pipeline/property-not-on-target', 'pipeline/streammux-batch-size']) {
    assert.ok((findings.get(id) ?? 0) > 0, `${id} finds something in the corpus`);
  }
  assert.ok(skipped > checks / 2, `shortcuts taken in ${skipped} of ${checks} checks`);
});

test('every rule finds the same in the app pipelines of the corpus configs with and without the facts shortcuts', () => {
  const graphs = corpusAppGraphs();
  assert.ok(graphs.length >= 40, `${graphs.length} app graphs`);
  const { findings } = compareWithAndWithoutShortcuts(graphs);
  assert.ok((findings.get('pipeline/profiling-tiler-osd') ?? 0) > 0);
});

test('the facts of a hand-built graph: catalog entries, kinds, link ends, names', () => {
  const r: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
  const p = (key: string, value: string) => ({ key, value, keyRange: r, valueRange: r, range: r });
  const graph: PipelineGraph = {
    origin: 'launch',
    hostPath: '/w/a.sh',
    elements: [
      { id: 0, factory: 'filesrc', name: 'src', properties: [p('location', 'a.h264')], range: r, factoryRange: r },
      { id: 1, factory: 'nvv4l2decodr', properties: [], range: r, factoryRange: r },
      { id: 2, factory: 'queue', name: 'q', properties: [p('max-size-bufers', '3'), p('a::b', '1')], range: r, factoryRange: r },
      { id: 3, factory: 'fakesink', properties: [], range: r, factoryRange: r },
      { id: 4, factory: '', opaque: true, properties: [], range: r, factoryRange: r },
    ],
    links: [
      { from: { element: 0 }, to: { element: 1 }, range: r },
      { from: { element: 1 }, to: { element: 2 }, range: r },
      { from: { element: 2 }, to: { element: 3 }, range: r },
      { from: { element: 2 }, to: { element: 3 }, range: r },
      { from: { element: 9 }, to: { element: 3 }, range: r },
    ],
  };
  const f = graphFacts(graph, { options: dgpu, files: diskFiles });
  assert.deepEqual(
    f.infos.map((i) => i?.factory),
    ['filesrc', undefined, 'queue', 'fakesink', undefined],
  );
  assert.equal(f.named, 2);
  assert.deepEqual(
    f.kinds.map((k) => [!!(k & unknownElementKind), !!(k & unknownPropertyKind)]),
    [
      [false, false],
      [true, false],
      [false, true],
      [false, false],
      [false, false],
    ],
    'the misspelled factory and property are flagged; the opaque element and the child-proxy key are not',
  );
  assert.deepEqual(f.ends, [hasOutput, hasInput | hasOutput, hasInput | hasOutput | severalOutputs, hasInput | severalInputs, 0], 'a link from an id out of range counts nowhere');
  assert.equal(f.anyCaps, false);
  assert.equal(f.present & unknownElementKind, unknownElementKind);
  // a rule whose elements are absent returns the shared empty result
  const decoder = pipelineRules.find((x) => x.doc.id === 'pipeline/software-decoder');
  assert.equal(decoder?.check(graph, { options: dgpu, files: diskFiles }, f), noFindings);
  // facts of another graph are not used: the rule computes the right ones
  const other: PipelineGraph = { ...graph, elements: [{ id: 0, factory: 'avdec_h264', properties: [], range: r, factoryRange: r }], links: [] };
  assert.equal(decoder?.check(other, { options: dgpu, files: diskFiles }, f).length, 1);
});
