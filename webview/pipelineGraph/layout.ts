// A layered left-to-right layout for pipeline graphs (Sugiyama style, kept small): cycles are
// broken by reversing DFS back edges, nodes get layers by longest path from the sources, edges
// spanning several layers get dummy points, the order inside each layer is improved by
// barycenter sweeps (the order with the fewest crossings is kept), then coordinates are set:
// x by layer, y by the average of the neighbours' centres with overlaps pushed apart.
// Pure and editor-free: no DOM, no vscode; the webview and the unit tests both use it.

export interface LayoutNode {
  id: string;
  width: number;
  height: number;
}

export interface LayoutEdge {
  id: string;
  from: string;
  to: string;
}

export interface LayoutOptions {
  /** Horizontal space between layers (room for the link labels). */
  layerGap: number;
  /** Vertical space between nodes of one layer. */
  nodeGap: number;
  margin: number;
  /** Barycenter sweeps (down + up count as two). */
  sweeps: number;
}

export interface PlacedNode {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
  layer: number;
  order: number;
}

export interface PlacedEdge {
  id: string;
  from: string;
  to: string;
  /** From the right side of `from` to the left side of `to`, through the dummy points. */
  points: { x: number; y: number }[];
  /** True when the edge was reversed to break a cycle (it points right to left). */
  reversed: boolean;
}

export interface GraphLayout {
  nodes: Map<string, PlacedNode>;
  edges: PlacedEdge[];
  width: number;
  height: number;
  layers: number;
  crossings: number;
}

export const defaultLayoutOptions: LayoutOptions = { layerGap: 200, nodeGap: 28, margin: 24, sweeps: 12 };

interface Item {
  id: string;
  height: number;
  width: number;
  dummy: boolean;
}

/** Counts crossings between two adjacent layers given the edges between them (as order pairs). */
function crossingsBetween(pairs: [number, number][]): number {
  let c = 0;
  for (let i = 0; i < pairs.length; i++) {
    for (let j = i + 1; j < pairs.length; j++) {
      const [a1, b1] = pairs[i];
      const [a2, b2] = pairs[j];
      if ((a1 - a2) * (b1 - b2) < 0) c++;
    }
  }
  return c;
}

export function layeredLayout(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[], options: Partial<LayoutOptions> = {}): GraphLayout {
  const o = { ...defaultLayoutOptions, ...options };
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const valid = edges.filter((e) => byId.has(e.from) && byId.has(e.to) && e.from !== e.to);

  // 1. Break cycles: DFS in input order; an edge to a node on the stack is reversed.
  const succ = new Map<string, LayoutEdge[]>();
  for (const n of nodes) succ.set(n.id, []);
  for (const e of valid) succ.get(e.from)!.push(e);
  const state = new Map<string, 1 | 2>();
  const reversed = new Set<string>();
  const visit = (start: string) => {
    const stack: { id: string; i: number }[] = [{ id: start, i: 0 }];
    state.set(start, 1);
    while (stack.length) {
      const top = stack[stack.length - 1];
      const out = succ.get(top.id)!;
      if (top.i >= out.length) {
        state.set(top.id, 2);
        stack.pop();
        continue;
      }
      const e = out[top.i++];
      const s = state.get(e.to);
      if (s === 1) reversed.add(e.id);
      else if (s === undefined) {
        state.set(e.to, 1);
        stack.push({ id: e.to, i: 0 });
      }
    }
  };
  // Sources first, so that a pipeline is read from its sources.
  const indeg = new Map(nodes.map((n) => [n.id, 0]));
  for (const e of valid) indeg.set(e.to, indeg.get(e.to)! + 1);
  for (const n of nodes) if (indeg.get(n.id) === 0 && !state.has(n.id)) visit(n.id);
  for (const n of nodes) if (!state.has(n.id)) visit(n.id);
  const dag = valid.map((e) => (reversed.has(e.id) ? { id: e.id, from: e.to, to: e.from } : e));

  // 2. Layers: longest path from the sources (Kahn's order).
  const layer = new Map<string, number>(nodes.map((n) => [n.id, 0]));
  const inCount = new Map(nodes.map((n) => [n.id, 0]));
  const dsucc = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  for (const e of dag) {
    inCount.set(e.to, inCount.get(e.to)! + 1);
    dsucc.get(e.from)!.push(e.to);
  }
  const queue = nodes.filter((n) => inCount.get(n.id) === 0).map((n) => n.id);
  for (let qi = 0; qi < queue.length; qi++) {
    const id = queue[qi];
    for (const t of dsucc.get(id)!) {
      layer.set(t, Math.max(layer.get(t)!, layer.get(id)! + 1));
      inCount.set(t, inCount.get(t)! - 1);
      if (inCount.get(t) === 0) queue.push(t);
    }
  }
  const layerCount = nodes.length ? Math.max(...layer.values()) + 1 : 0;

  // 3. Dummy items for edges longer than one layer.
  const layers: Item[][] = Array.from({ length: layerCount }, () => []);
  const itemLayer = new Map<string, number>();
  for (const n of nodes) {
    layers[layer.get(n.id)!].push({ id: n.id, width: n.width, height: n.height, dummy: false });
    itemLayer.set(n.id, layer.get(n.id)!);
  }
  const chains = new Map<string, string[]>();
  const segments: [string, string][] = [];
  for (const e of dag) {
    const a = layer.get(e.from)!;
    const b = layer.get(e.to)!;
    const chain = [e.from];
    for (let l = a + 1; l < b; l++) {
      const id = `\u0000dummy:${e.id}:${l}`;
      layers[l].push({ id, width: 0, height: 8, dummy: true });
      itemLayer.set(id, l);
      chain.push(id);
    }
    chain.push(e.to);
    chains.set(e.id, chain);
    for (let i = 0; i + 1 < chain.length; i++) segments.push([chain[i], chain[i + 1]]);
  }
  const up = new Map<string, string[]>();
  const down = new Map<string, string[]>();
  for (const [a, b] of segments) {
    (down.get(a) ?? down.set(a, []).get(a)!).push(b);
    (up.get(b) ?? up.set(b, []).get(b)!).push(a);
  }

  // 4. Order inside layers: barycenter sweeps, keep the best.
  const position = new Map<string, number>();
  const renumber = (ls: Item[][]) => ls.forEach((l) => l.forEach((it, i) => position.set(it.id, i)));
  renumber(layers);
  const totalCrossings = (ls: Item[][]): number => {
    let c = 0;
    for (let l = 0; l + 1 < ls.length; l++) {
      const pairs: [number, number][] = [];
      for (const it of ls[l]) for (const t of down.get(it.id) ?? []) pairs.push([position.get(it.id)!, position.get(t)!]);
      c += crossingsBetween(pairs);
    }
    return c;
  };
  let best = layers.map((l) => [...l]);
  let bestCrossings = totalCrossings(layers);
  let current = layers.map((l) => [...l]);
  for (let s = 0; s < o.sweeps && bestCrossings > 0; s++) {
    const downward = s % 2 === 0;
    const range = downward ? [...current.keys()].slice(1) : [...current.keys()].slice(0, -1).reverse();
    for (const l of range) {
      const neighbours = downward ? up : down;
      const keyed = current[l].map((it, i) => {
        const ns = neighbours.get(it.id) ?? [];
        const bc = ns.length ? ns.reduce((sum, n) => sum + position.get(n)!, 0) / ns.length : i;
        return { it, bc, i };
      });
      keyed.sort((a, b) => a.bc - b.bc || a.i - b.i);
      current[l] = keyed.map((k) => k.it);
      current[l].forEach((it, i) => position.set(it.id, i));
    }
    const c = totalCrossings(current);
    if (c < bestCrossings) {
      bestCrossings = c;
      best = current.map((l) => [...l]);
    }
  }
  current = best;
  renumber(current);

  // 5. Coordinates. x: by layer, each layer as wide as its widest node.
  const layerX: number[] = [];
  let x = o.margin;
  for (const l of current) {
    layerX.push(x);
    x += Math.max(0, ...l.map((it) => it.width)) + o.layerGap;
  }
  const width = layerCount ? x - o.layerGap + o.margin : 2 * o.margin;
  // y: stacked, then pulled towards the neighbours' centres and pushed apart again.
  const centre = new Map<string, number>();
  for (const l of current) {
    let y = o.margin;
    for (const it of l) {
      centre.set(it.id, y + it.height / 2);
      y += it.height + o.nodeGap;
    }
  }
  const pack = (l: Item[]) => {
    // Top to bottom: keep the gap; then bottom to top where it was pushed too far down.
    for (let i = 1; i < l.length; i++) {
      const minC = centre.get(l[i - 1].id)! + l[i - 1].height / 2 + o.nodeGap + l[i].height / 2;
      if (centre.get(l[i].id)! < minC) centre.set(l[i].id, minC);
    }
  };
  for (let pass = 0; pass < 8; pass++) {
    const downward = pass % 2 === 0;
    const order = downward ? current : [...current].reverse();
    for (const l of order) {
      const neighbours = downward ? up : down;
      for (const it of l) {
        const ns = [...(neighbours.get(it.id) ?? []), ...(pass >= 4 ? (downward ? down : up).get(it.id) ?? [] : [])];
        if (ns.length) centre.set(it.id, ns.reduce((s, n) => s + centre.get(n)!, 0) / ns.length);
      }
      pack(l);
    }
  }
  let minTop = Infinity;
  for (const l of current) for (const it of l) minTop = Math.min(minTop, centre.get(it.id)! - it.height / 2);
  const shift = Number.isFinite(minTop) ? o.margin - minTop : 0;
  let height = 2 * o.margin;
  const placed = new Map<string, PlacedNode>();
  current.forEach((l, li) => {
    l.forEach((it, i) => {
      const cy = centre.get(it.id)! + shift;
      height = Math.max(height, cy + it.height / 2 + o.margin);
      if (!it.dummy) placed.set(it.id, { id: it.id, x: layerX[li], y: cy - it.height / 2, width: it.width, height: it.height, layer: li, order: i });
    });
  });
  const layerWidth = current.map((l) => Math.max(0, ...l.map((it) => it.width)));
  const pointOf = (id: string, side: 'in' | 'out') => {
    const p = placed.get(id);
    if (p) return { x: side === 'out' ? p.x + p.width : p.x, y: p.y + p.height / 2 };
    const li = itemLayer.get(id)!;
    return { x: layerX[li] + layerWidth[li] / 2, y: centre.get(id)! + shift };
  };
  const placedEdges: PlacedEdge[] = valid.map((e) => {
    const chain = chains.get(e.id)!;
    const pts = chain.map((id, i) => pointOf(id, i === 0 ? 'out' : i === chain.length - 1 ? 'in' : 'out'));
    const isRev = reversed.has(e.id);
    return { id: e.id, from: e.from, to: e.to, points: isRev ? pts.reverse() : pts, reversed: isRev };
  });
  return { nodes: placed, edges: placedEdges, width, height, layers: layerCount, crossings: bestCrossings };
}
