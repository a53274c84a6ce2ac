// Differential test against the real GStreamer parser (gst_parse_launch through python3-gst-1.0,
// Debian packages listed in .ci/run): every corpus pipeline that our parser accepts is parsed by
// GStreamer too (nv* and other missing factories registered as stand-ins built from our catalog's
// pads), and the element, property and link topologies must match.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { extractPipelines } from '../../../server/lint/pipeline/index';
import { getElement } from '../../../server/lint/pipeline/catalog';
import type { ParsedPipeline } from '../../../server/lint/pipeline/model';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const corpus = path.resolve(repoRoot, '..', 'shared', 'corpus');
const script = path.join(repoRoot, 'test', 'unit', 'pipeline', 'gst_topology.py');

interface RealResult {
  ok: boolean;
  error: string | null;
  elements: { factory: string; name: string; props: Record<string, string> }[];
  links: { src: string; srcPad: string; sink: string | null; sinkPad: string }[];
}

function pythonWithGi(): string {
  for (const py of ['/usr/bin/python3', 'python3']) {
    const r = spawnSync(py, ['-c', 'import gi; gi.require_version("Gst", "1.0"); from gi.repository import Gst'], { encoding: 'utf8' });
    if (r.status === 0) return py;
  }
  throw new Error('python3 with gi and Gst 1.0 is required (apt-get install python3-gi python3-gst-1.0 gir1.2-gstreamer-1.0 gstreamer1.0-plugins-base; see .ci/run)');
}

function corpusPipelines(): ParsedPipeline[] {
  const texts: string[] = [];
  for (const l of fs.readFileSync(path.join(corpus, 'verified-pipelines.jsonl'), 'utf8').split('\n')) if (l.trim()) texts.push((JSON.parse(l) as { pipeline: string }).pipeline);
  for (const l of fs.readFileSync(path.join(corpus, 'deepstream-9.1-launch-lines.jsonl'), 'utf8').split('\n')) if (l.trim()) texts.push((JSON.parse(l) as { text: string }).text);
  const out: ParsedPipeline[] = [];
  const seen = new Set<string>();
  for (const t of texts) {
    for (const p of extractPipelines('/corpus/x.sh', t, 'shell')) {
      const parsed = p.parsed;
      if (parsed.errors.length || parsed.bins.length || seen.has(parsed.text)) continue;
      if (parsed.elements.some((e) => e.opaque || !e.factory)) continue; // $VARS / URIs: not comparable
      if (parsed.elements.some((e) => e.factory === 'capsfilter')) continue; // keep parser-made capsfilters unambiguous
      seen.add(parsed.text);
      out.push(parsed);
    }
  }
  return out;
}

function canon(k: string): string {
  return k.replace(/_/g, '-');
}

test('differential: element, property and link topology equal GStreamer’s own parser on the corpus', () => {
  const py = pythonWithGi();
  const pipelines = corpusPipelines();
  assert.ok(pipelines.length >= 150, `${pipelines.length} comparable pipelines`);
  const standins: Record<string, { pads: { name: string; direction: string; presence: string }[]; properties: string[] }> = {};
  for (const p of pipelines) {
    for (const e of p.elements) {
      const info = getElement(e.factory);
      const s = (standins[e.factory] ??= { pads: info ? info.pads.map((x) => ({ name: x.name, direction: x.direction, presence: x.presence })) : [], properties: info ? info.properties.filter((x) => x.writable).map((x) => x.name) : [] });
      for (const prop of e.properties) if (!s.properties.includes(canon(prop.key))) s.properties.push(canon(prop.key));
    }
  }
  const r = spawnSync(py, [script], { input: JSON.stringify({ pipelines: pipelines.map((p) => p.text), standins }), encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr.slice(-2000));
  const out = JSON.parse(r.stdout) as { gstreamer: string; standins: string[]; results: RealResult[] };
  const standinSet = new Set(out.standins);
  const problems: string[] = [];
  let comparedLinks = 0;
  let comparedProps = 0;
  pipelines.forEach((p, i) => {
    const real = out.results[i];
    const where = `\n    in: ${p.text}`;
    if (!real.ok) {
      problems.push(`GStreamer refused what we accept: ${real.error}${where}`);
      return;
    }
    const capsLinks = p.graph.links.filter((l) => l.caps).length;
    const factoryOf = new Map(real.elements.map((e) => [e.name, e.factory]));
    const parserMade = new Set(real.elements.filter((e) => e.factory === 'capsfilter').map((e) => e.name));
    if (parserMade.size !== capsLinks) problems.push(`caps filters: ours ${capsLinks}, GStreamer made ${parserMade.size}${where}`);
    // elements
    const ours = p.elements.map((e) => e.factory).sort();
    const theirs = real.elements.filter((e) => !parserMade.has(e.name)).map((e) => e.factory).sort();
    if (JSON.stringify(ours) !== JSON.stringify(theirs)) problems.push(`elements differ: ours ${ours.join(',')} / GStreamer ${theirs.join(',')}${where}`);
    // named elements
    for (const e of p.elements) if (e.name !== undefined && factoryOf.get(e.name) !== e.factory) problems.push(`element named ${e.name} (${e.factory}) missing in GStreamer's graph${where}`);
    // links, parser-made capsfilters collapsed into the link
    const realEdges: string[] = [];
    for (const l of real.links) {
      if (l.sink === null || parserMade.has(l.src)) continue;
      if (parserMade.has(l.sink)) {
        const next = real.links.find((x) => x.src === l.sink);
        if (next?.sink) realEdges.push(`${factoryOf.get(l.src)}->${factoryOf.get(next.sink)}+caps`);
        continue;
      }
      realEdges.push(`${factoryOf.get(l.src)}->${factoryOf.get(l.sink)}`);
    }
    const ourEdges = p.graph.links.map((l) => `${p.elements[l.from.element].factory}->${p.elements[l.to.element].factory}${l.caps ? '+caps' : ''}`);
    realEdges.sort();
    ourEdges.sort();
    comparedLinks += ourEdges.length;
    if (JSON.stringify(realEdges) !== JSON.stringify(ourEdges)) problems.push(`links differ:\n      ours ${ourEdges.join(' ')}\n      gst  ${realEdges.join(' ')}${where}`);
    // explicitly requested pads of named elements
    for (const l of p.graph.links) {
      for (const [end, dir] of [[l.from, 'src'], [l.to, 'sink']] as const) {
        const name = p.elements[end.element].name;
        if (!end.pad || name === undefined) continue;
        const hit = real.links.some((x) => (dir === 'src' ? x.src === name && x.srcPad === end.pad : x.sink === name && x.sinkPad === end.pad));
        if (!hit) problems.push(`pad ${name}.${end.pad} not linked in GStreamer's graph${where}`);
      }
    }
    // property values as GStreamer stored them (stand-ins keep strings; the last assignment wins)
    const ourProps = p.elements
      .filter((e) => standinSet.has(e.factory))
      .flatMap((e) => [...new Map(e.properties.filter((x) => canon(x.key) !== 'name').map((x) => [canon(x.key), x.value])).entries()].map(([k, v]) => `${e.factory}|${k}|${v}`))
      .sort();
    const realProps = real.elements
      .filter((e) => standinSet.has(e.factory))
      .flatMap((e) => Object.entries(e.props).map(([k, v]) => `${e.factory}|${k}|${v}`))
      .sort();
    comparedProps += ourProps.length;
    if (JSON.stringify(realProps) !== JSON.stringify(ourProps)) problems.push(`properties differ:\n      ours ${ourProps.join(' ')}\n      gst  ${realProps.join(' ')}${where}`);
  });
  process.stdout.write(`# differential: ${pipelines.length} pipelines, ${comparedLinks} links, ${comparedProps} stand-in property values against ${out.gstreamer}\n`);
  assert.deepEqual(problems, []);
});
