// Fast paths of the pipeline rules give what the general paths give: the caps text pre-check of
// system-memory-caps against the split caps of every corpus caps filter, links of small graphs read
// without the adjacency, duplicate names and doubly linked pads on both sides of their size limits.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LintOptions, Range } from '../../../server/lint/diagnostic';
import { extractPipelines } from '../../../server/lint/pipeline/index';
import type { GraphElement, GraphLink, PipelineGraph } from '../../../server/lint/pipeline/model';
import { incoming, outgoing } from '../../../server/lint/pipeline/rules/graphUtil';
import { firstCapsStructureNotSystemVideo } from '../../../server/lint/pipeline/rules/performanceRules';
import { doublyLinkedPad, duplicateName } from '../../../server/lint/pipeline/rules/topologyRules';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const corpus = path.resolve(repoRoot, '..', 'shared', 'corpus');
const dgpu: LintOptions = { target: 'dgpu', dsVersion: '9.1' };
const noFiles = { readText: () => ({ error: 'none' }), exists: () => false };

function corpusTexts(): string[] {
  const rows = (name: string) =>
    fs
      .readFileSync(path.join(corpus, name), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as { pipeline?: string; text?: string });
  return [...rows('verified-pipelines.jsonl'), ...rows('deepstream-9.1-launch-lines.jsonl')].map((r) => r.pipeline ?? r.text ?? '');
}

const systemVideo = (l: GraphLink) => !!l.caps && l.caps.structures.length > 0 && l.caps.structures.every((x) => x.mediaType === 'video/x-raw' && !x.features.includes('memory:NVMM'));

test('the caps text pre-check never rules out caps that are all system-memory video/x-raw (corpus and edge cases)', () => {
  const extra = ['video/x-raw', 'video/x-raw,format=RGBA', 'video/x-raw(memory:NVMM)', 'video/x-raw (memory:NVMM),format=NV12', 'video/x-rawx', '"video/x-raw"', 'video/x-raw(memory:NVMM),format=NV12; video/x-raw', 'video/x-raw;video/x-raw(memory:NVMM)', 'image/jpeg', 'video/x-raw(ANY)', 'video/x-raw\\,format=RGBA'];
  const texts = [...corpusTexts(), ...extra.map((c) => `videotestsrc ! ${c} ! nvvideoconvert ! fakesink`)];
  let ruledOut = 0;
  let caps = 0;
  for (const t of texts) {
    for (const p of extractPipelines('/c/a.gst', t, 'gst-pipeline')) {
      for (const l of p.parsed.graph.links) {
        if (!l.caps) continue;
        caps++;
        if (!firstCapsStructureNotSystemVideo(l)) continue;
        ruledOut++;
        assert.ok(!systemVideo(l), `ruled out but all system video: ${l.caps.text}`);
      }
    }
  }
  assert.ok(caps > 100 && ruledOut > caps / 2, `${ruledOut} of ${caps} caps ruled out from their text`);
  // caps of graphs not made by the parser are always split
  const r: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
  assert.equal(firstCapsStructureNotSystemVideo({ from: { element: 0 }, to: { element: 1 }, range: r, caps: { text: 'image/jpeg', structures: [], range: r } }), false);
});

test('links of small graphs (read from the links) equal those of large graphs (adjacency)', () => {
  for (const t of corpusTexts()) {
    for (const p of extractPipelines('/c/a.gst', t, 'gst-pipeline')) {
      const g = p.parsed.graph;
      for (let id = -1; id <= g.elements.length; id++) {
        assert.deepEqual(outgoing(g, id), g.links.filter((l) => l.from.element === id && id >= 0 && id < g.elements.length));
        assert.deepEqual(incoming(g, id), g.links.filter((l) => l.to.element === id && id >= 0 && id < g.elements.length));
      }
    }
  }
  // a graph with more links than the scan limit goes through the adjacency
  const text = Array.from({ length: 12 }, (_, i) => `videotestsrc ! queue name=q${i} ! fakesink`).join(' ');
  const g = extractPipelines('/c/a.gst', text, 'gst-pipeline')[0].parsed.graph;
  assert.ok(g.links.length > 16);
  for (let id = 0; id < g.elements.length; id++) assert.deepEqual(outgoing(g, id), g.links.filter((l) => l.from.element === id));
});

/** A graph of `n` elements linked into one muxer, names given by `nameOf`, sink pads by `padOf`. */
function fanIn(n: number, nameOf: (i: number) => string | undefined, padOf: (i: number) => string | undefined): PipelineGraph {
  const r = (c: number): Range => ({ start: { line: 0, character: c }, end: { line: 0, character: c + 1 } });
  const elements: GraphElement[] = [{ id: 0, factory: 'nvstreammux', properties: [], range: r(0), factoryRange: r(0) }];
  const links: GraphLink[] = [];
  for (let i = 1; i <= n; i++) {
    const name = nameOf(i);
    elements.push({ id: i, factory: 'videotestsrc', name, properties: name ? [{ key: 'name', value: name, keyRange: r(i), valueRange: r(i), range: r(i) }] : [], range: r(i), factoryRange: r(i) });
    const pad = padOf(i);
    links.push({ from: { element: i }, to: { element: 0, pad, padRange: pad ? r(100 + i) : undefined }, range: r(200 + i) });
  }
  return { origin: 'launch', hostPath: '/c/a.gst', elements, links };
}

/** The rules' general answers, written out here as the reference. */
function duplicateNamesByMap(g: PipelineGraph): string[] {
  const first = new Map<string, GraphElement>();
  const out: string[] = [];
  for (const e of g.elements) {
    if (e.name === undefined) continue;
    const key = `${e.binId ?? -1}/${e.name}`;
    const prev = first.get(key);
    if (prev) out.push(`${e.id}<${prev.id}`);
    else first.set(key, e);
  }
  return out;
}
function padsLinkedTwiceByMap(g: PipelineGraph): string[] {
  const seen = new Map<string, number>();
  const out: string[] = [];
  for (const l of g.links) {
    if (!l.to.pad) continue;
    const n = (seen.get(l.to.pad) ?? 0) + 1;
    seen.set(l.to.pad, n);
    if (n === 2) out.push(l.to.pad);
  }
  return out;
}

test('duplicate names and pads linked twice: the same on both sides of the pairwise limits', () => {
  for (const n of [3, 8, 9, 16, 17, 40]) {
    const g = fanIn(
      n,
      (i) => (i % 4 === 0 ? undefined : `s${i % 5}`),
      (i) => (i % 3 === 0 ? undefined : `sink_${i % 4}`),
    );
    const names = duplicateName.check(g, { options: dgpu, files: noFiles });
    assert.deepEqual(
      names.map((d) => d.message.match(/"(s\d)"/)?.[1]),
      duplicateNamesByMap(g).map((x) => g.elements[Number(x.split('<')[0])].name),
      `${n} sources: names`,
    );
    const pads = doublyLinkedPad.check(g, { options: dgpu, files: noFiles }).filter((d) => d.message.startsWith('Pad '));
    assert.deepEqual(
      pads.map((d) => d.message.match(/`(sink_\d)`/)?.[1]),
      padsLinkedTwiceByMap(g),
      `${n} sources: pads`,
    );
  }
});
