// Small helpers the rules share: catalog lookups for graph elements, property access, neighbours.
import { findProperty, lookupElement, nvmmKey, type ElementInfo, type PropertyInfo, type WithDerived } from '../catalog';
import { LaunchGraphElement, LaunchGraphProperty } from '../launchGraph';
import { LaunchPropertyNode } from '../launchNodes';
import type { GraphElement, GraphLink, GraphProperty, PipelineGraph, PipelineRuleContext } from '../model';

export function infoOf(e: GraphElement, ctx: PipelineRuleContext): ElementInfo | undefined {
  if (e.opaque || !e.factory) return undefined;
  if (e instanceof LaunchGraphElement) return e.catalogInfo(ctx.newStreammux === true);
  return lookupElement(e.factory, ctx.newStreammux);
}

/** The last assignment of a property (GStreamer applies them in order; the last wins). */
export function prop(e: GraphElement, key: string): GraphProperty | undefined {
  let found: GraphProperty | undefined;
  const props = e.properties;
  for (let i = 0; i < props.length; i++) {
    const k = props[i].key;
    // `_` for `-` keeps the length: other lengths cannot match
    if (k.length === key.length && (k.indexOf('_') < 0 ? k : k.replace(/_/g, '-')) === key) found = props[i];
  }
  return found;
}

/** gst_value_deserialize for booleans. */
export function parseBool(v: string): boolean | undefined {
  const t = v.trim().toLowerCase();
  if (['true', 'yes', 't', '1'].includes(t)) return true;
  if (['false', 'no', 'f', '0'].includes(t)) return false;
  return undefined;
}

/** The value when it is an optional sign and decimal digits only (no spaces), else undefined. */
export function plainInteger(value: string): number | undefined {
  const n = value.length;
  let i = 0;
  if (n > 0 && (value.charCodeAt(0) === 43 || value.charCodeAt(0) === 45)) i = 1; // + -
  if (i === n) return undefined;
  for (; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  return Number(value);
}

export function parseIntValue(v: string): number | undefined {
  // fast path: plain decimal digits need neither trimming nor the patterns below
  const plain = plainInteger(v);
  if (plain !== undefined) return plain;
  const t = v.trim();
  if (/^[+-]?\d+$/.test(t)) return Number(t);
  if (/^[+-]?0x[0-9a-f]+$/i.test(t)) return Number.parseInt(t, 16);
  return undefined;
}

// The links of an element, for graphs of more than a few links: the links are indexed by element
// as compressed rows (links.from/to element -> positions in link order) in typed arrays that are
// reused from graph to graph. The rules run one graph after the other, so the index of the last
// graph is kept; building it allocates nothing (arrays of arrays per graph were 6 % of a lint
// run's allocation). A WeakMap keyed by every graph made the scavenger keep dead graphs alive.
let indexedGraph: PipelineGraph | undefined;
let indexedElements = -1;
let indexedLinks = -1;
/** Row starts: the links out of element id are outLinks[outStart[id] .. outStart[id + 1]). */
let outStart = new Int32Array(64);
let inStart = new Int32Array(64);
/** Link indexes (into g.links), in link order within each row. */
let outLinks = new Int32Array(64);
let inLinks = new Int32Array(64);
/** Fill cursors while building. */
let outNext = new Int32Array(64);
let inNext = new Int32Array(64);

function capacity(n: number): number {
  let c = 64;
  while (c < n) c *= 2;
  return c;
}

function indexLinks(g: PipelineGraph): void {
  const n = g.elements.length;
  const links = g.links;
  const count = links.length;
  if (g === indexedGraph && n === indexedElements && count === indexedLinks) return;
  if (outStart.length < n + 1) {
    const c = capacity(n + 1);
    outStart = new Int32Array(c);
    inStart = new Int32Array(c);
    outNext = new Int32Array(c);
    inNext = new Int32Array(c);
  }
  if (outLinks.length < count) {
    const c = capacity(count);
    outLinks = new Int32Array(c);
    inLinks = new Int32Array(c);
  }
  outStart.fill(0, 0, n + 1);
  inStart.fill(0, 0, n + 1);
  // ids outside the elements are in no row
  for (let k = 0; k < count; k++) {
    const f = links[k].from.element;
    const t = links[k].to.element;
    if (f >= 0 && f < n) outStart[f + 1]++;
    if (t >= 0 && t < n) inStart[t + 1]++;
  }
  for (let i = 1; i <= n; i++) {
    outStart[i] += outStart[i - 1];
    inStart[i] += inStart[i - 1];
  }
  for (let i = 0; i < n; i++) {
    outNext[i] = outStart[i];
    inNext[i] = inStart[i];
  }
  for (let k = 0; k < count; k++) {
    const f = links[k].from.element;
    const t = links[k].to.element;
    if (f >= 0 && f < n) outLinks[outNext[f]++] = k;
    if (t >= 0 && t < n) inLinks[inNext[t]++] = k;
  }
  indexedGraph = g;
  indexedElements = n;
  indexedLinks = count;
}

/** The links of a large graph that leave (`fromSide`) or enter element `id`, in link order. */
function indexedLinksOf(g: PipelineGraph, id: number, fromSide: boolean): GraphLink[] {
  indexLinks(g);
  if (!(id >= 0 && id < indexedElements)) return [];
  const start = fromSide ? outStart : inStart;
  const rows = fromSide ? outLinks : inLinks;
  const a = start[id];
  const b = start[id + 1];
  const out = new Array<GraphLink>(b - a);
  const links = g.links;
  for (let k = a; k < b; k++) out[k - a] = links[rows[k]];
  return out;
}

// Most graphs have a few links and the rules ask for the links of a few of their elements:
// reading the links there costs less than building the index.
const scanLinksUpTo = 16;

/** The links of a small graph that leave (`fromSide`) or enter element `id`, in link order. */
function scanLinks(g: PipelineGraph, id: number, fromSide: boolean): GraphLink[] {
  const links = g.links;
  const n = g.elements.length;
  // ids outside the elements are not in the index either
  if (!(id >= 0 && id < n)) return [];
  let count = 0;
  for (let k = 0; k < links.length; k++) if ((fromSide ? links[k].from : links[k].to).element === id) count++;
  const out = new Array<GraphLink>(count);
  if (count === 0) return out;
  let j = 0;
  for (let k = 0; k < links.length; k++) if ((fromSide ? links[k].from : links[k].to).element === id) out[j++] = links[k];
  return out;
}

export function outgoing(g: PipelineGraph, id: number): GraphLink[] {
  if (g.links.length <= scanLinksUpTo) return scanLinks(g, id, true);
  return indexedLinksOf(g, id, true);
}
export function incoming(g: PipelineGraph, id: number): GraphLink[] {
  if (g.links.length <= scanLinksUpTo) return scanLinks(g, id, false);
  return indexedLinksOf(g, id, false);
}

/** Elements that only pass buffers through (for finding the "real" neighbour). */
const passThrough = new Set(['queue', 'queue2', 'capsfilter', 'identity', 'tee', 'valve']);

/** Nearest upstream elements that are not queues/capsfilters (breadth-first). */
export function realUpstream(g: PipelineGraph, id: number): GraphElement[] {
  const out: GraphElement[] = [];
  const seen = new Set<number>([id]);
  let frontier = [id];
  while (frontier.length) {
    const next: number[] = [];
    for (const f of frontier) {
      for (const l of incoming(g, f)) {
        const u = l.from.element;
        if (seen.has(u)) continue;
        seen.add(u);
        const e = g.elements[u];
        if (passThrough.has(e.factory)) next.push(u);
        else out.push(e);
      }
    }
    frontier = next;
  }
  return out;
}

export function realDownstream(g: PipelineGraph, id: number): GraphElement[] {
  const out: GraphElement[] = [];
  const seen = new Set<number>([id]);
  let frontier = [id];
  while (frontier.length) {
    const next: number[] = [];
    for (const f of frontier) {
      for (const l of outgoing(g, f)) {
        const d = l.to.element;
        if (seen.has(d)) continue;
        seen.add(d);
        const e = g.elements[d];
        if (passThrough.has(e.factory)) next.push(d);
        else out.push(e);
      }
    }
    frontier = next;
  }
  return out;
}

/** Everything reachable downstream of `id`. */
export function reachable(g: PipelineGraph, id: number): Set<number> {
  const seen = new Set<number>();
  const stack = [id];
  while (stack.length) {
    const f = stack.pop() as number;
    for (const l of outgoing(g, f)) {
      if (!seen.has(l.to.element)) {
        seen.add(l.to.element);
        stack.push(l.to.element);
      }
    }
  }
  return seen;
}

/** Display name of an element for messages: `nvinfer` or `nvinfer "pgie"`. */
export function label(e: GraphElement): string {
  return e.name ? `\`${e.factory}\` "${e.name}"` : `\`${e.factory}\``;
}

/** Levenshtein distance, giving up (returning limit + 1) once it must exceed `limit`. */
export function editDistance(a: string, b: string, limit = 4): number {
  const m = a.length;
  const n = b.length;
  if (Math.abs(m - n) > limit) return limit + 1;
  let prev = new Array<number>(n + 1);
  let cur = new Array<number>(n + 1);
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca === b.charCodeAt(j - 1) ? 0 : 1));
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    const t = prev;
    prev = cur;
    cur = t;
  }
  return prev[n];
}

/** Closest candidates for a misspelled name (distance ≤ 2, ≤ 1 for short names). */
export function didYouMean(name: string, candidates: Iterable<string>, max = 3): string[] {
  const limit = name.length <= 4 ? 1 : 2;
  const scored: [string, number][] = [];
  for (const c of candidates) {
    if (Math.abs(c.length - name.length) > limit) continue;
    const d = editDistance(name, c, limit);
    if (d <= limit) scored.push([c, d]);
  }
  return scored
    .sort((x, y) => x[1] - y[1] || x[0].localeCompare(y[0]))
    .slice(0, max)
    .map((x) => x[0]);
}


/** Whether the element handles NVMM (a DeepStream element whose pads carry memory:NVMM). */
export function isNvmmElement(info: ElementInfo | undefined): boolean {
  if (!info) return false;
  const holder = info as WithDerived<typeof nvmmKey, boolean>;
  let r = holder[nvmmKey];
  if (r === undefined) {
    r = info.origin === 'deepstream' && info.pads.some((p) => p.memory.includes('NVMM'));
    holder[nvmmKey] = r;
  }
  return r;
}

/** The catalog facts of a property of a graph element (cached on parsed properties). */
export function propertySpec(info: ElementInfo, p: GraphProperty): PropertyInfo | undefined {
  if (p instanceof LaunchPropertyNode || p instanceof LaunchGraphProperty) return p.specIn(info);
  return findProperty(info, p.key);
}
