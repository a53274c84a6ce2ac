// The layered left-to-right layout of the pipeline graph panel (webview/pipelineGraph/layout.ts),
// on hand-made graphs with known properties and on the real graphs GStreamer writes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { layeredLayout, type GraphLayout, type LayoutEdge, type LayoutNode } from '../../../webview/pipelineGraph/layout';
import { parsePipelineGraph } from '../../../client/profile/core/dotPipeline';
import { deepstreamFixture } from './graphFixtures';

const box = (id: string, width = 120, height = 60): LayoutNode => ({ id, width, height });
const edge = (from: string, to: string): LayoutEdge => ({ id: `${from}->${to}`, from, to });

function assertNoOverlap(l: GraphLayout): void {
  const ns = [...l.nodes.values()];
  for (let i = 0; i < ns.length; i++) {
    for (let j = i + 1; j < ns.length; j++) {
      const a = ns[i];
      const b = ns[j];
      const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
      assert.ok(apart, `${a.id} and ${b.id} overlap: ${JSON.stringify([a, b])}`);
    }
  }
  for (const n of ns) assert.ok(n.x >= 0 && n.y >= 0 && n.x + n.width <= l.width && n.y + n.height <= l.height, `${n.id} inside the drawing`);
}

test('a chain goes left to right, one layer per element, on one line', () => {
  const ids = ['src', 'dec', 'mux', 'infer', 'sink'];
  const l = layeredLayout(ids.map((i) => box(i)), ids.slice(1).map((id, i) => edge(ids[i], id)));
  assert.equal(l.layers, 5);
  const xs = ids.map((i) => l.nodes.get(i)!.x);
  assert.deepEqual([...xs].sort((a, b) => a - b), xs);
  const ys = new Set(ids.map((i) => l.nodes.get(i)!.y));
  assert.equal(ys.size, 1, 'a straight chain stays on one line');
  for (const e of l.edges) {
    assert.equal(e.points.length, 2);
    assert.ok(e.points[0].x < e.points[1].x);
  }
  assertNoOverlap(l);
});

test('fan-in (two sources into a muxer) and long edges get bend points through the skipped layers', () => {
  const nodes = ['a', 'b', 'mux', 'x', 'y', 'sink'].map((i) => box(i));
  const edges = [edge('a', 'mux'), edge('b', 'mux'), edge('mux', 'x'), edge('x', 'y'), edge('y', 'sink'), edge('mux', 'sink')];
  const l = layeredLayout(nodes, edges);
  assert.equal(l.nodes.get('a')!.layer, 0);
  assert.equal(l.nodes.get('b')!.layer, 0);
  assert.equal(l.nodes.get('sink')!.layer, 4);
  const long = l.edges.find((e) => e.id === 'mux->sink')!;
  assert.equal(long.points.length, 4, 'two ends and a dummy point in each skipped layer (x, y)');
  for (let i = 1; i < long.points.length; i++) assert.ok(long.points[i].x > long.points[i - 1].x);
  // The muxer sits between its two inputs.
  const [ya, yb, ym] = ['a', 'b', 'mux'].map((i) => l.nodes.get(i)!.y + l.nodes.get(i)!.height / 2);
  assert.ok(ym >= Math.min(ya, yb) && ym <= Math.max(ya, yb), `${ya} ${ym} ${yb}`);
  assertNoOverlap(l);
});

test('barycenter ordering removes avoidable crossings', () => {
  // Input order makes a crossing: a1->b2, a2->b1.
  const l = layeredLayout([box('a1'), box('a2'), box('b1'), box('b2'), box('c1'), box('c2')], [edge('a1', 'b2'), edge('a2', 'b1'), edge('b1', 'c1'), edge('b2', 'c2')]);
  assert.equal(l.crossings, 0);
  const above = (p: string, q: string) => l.nodes.get(p)!.y < l.nodes.get(q)!.y;
  assert.equal(above('a1', 'a2'), above('b2', 'b1'));
  assertNoOverlap(l);
});

test('cycles are broken (one edge reversed), self links and unknown ends ignored, empty graph is fine', () => {
  const l = layeredLayout([box('a'), box('b'), box('c')], [edge('a', 'b'), edge('b', 'c'), edge('c', 'a'), edge('a', 'a'), edge('a', 'zz')]);
  assert.equal(l.edges.length, 3);
  assert.equal(l.edges.filter((e) => e.reversed).length, 1);
  assert.equal(l.layers, 3);
  assertNoOverlap(l);
  const empty = layeredLayout([], []);
  assert.equal(empty.nodes.size, 0);
  assert.equal(empty.layers, 0);
  assert.ok(empty.width > 0 && empty.height > 0);
});

test('layout is deterministic and keeps different heights apart', () => {
  const nodes = [box('s', 150, 120), box('t1', 200, 40), box('t2', 100, 200), box('t3', 180, 90), box('u', 160, 60)];
  const edges = [edge('s', 't1'), edge('s', 't2'), edge('s', 't3'), edge('t1', 'u'), edge('t2', 'u'), edge('t3', 'u')];
  const a = layeredLayout(nodes, edges);
  const b = layeredLayout(nodes, edges);
  assert.deepEqual([...a.nodes.values()], [...b.nodes.values()]);
  assertNoOverlap(a);
  // Every layer is as wide as its widest node: t1 (200) sets where u starts.
  assert.equal(a.nodes.get('u')!.x, a.nodes.get('t1')!.x + 200 + 200);
});

test('the DeepStream fixture lays out without overlaps, sources first and the sink last', () => {
  const g = parsePipelineGraph(fs.readFileSync(deepstreamFixture, 'utf8'));
  const leaves = g.elements.filter((e) => !e.isBin);
  const l = layeredLayout(leaves.map((e) => box(e.id, 180, 90)), g.links.map((x) => ({ id: x.id, from: x.from.element, to: x.to.element })));
  assertNoOverlap(l);
  const layerOf = (name: string) => l.nodes.get(leaves.find((e) => e.name === name)!.id)!.layer;
  assert.equal(layerOf('uri-decode-bin-0'), 0);
  assert.equal(layerOf('uri-decode-bin-1'), 0);
  assert.equal(layerOf('stream-muxer'), 1);
  assert.equal(layerOf('<img src=x onerror=alert(1)>'), 10);
  assert.equal(l.crossings, 0);
});
