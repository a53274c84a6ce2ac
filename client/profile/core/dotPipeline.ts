// The full structure of a pipeline graph GStreamer writes (gst_debug_bin_to_dot_file through
// GST_DEBUG_DUMP_DOT_DIR; format of subprojects/gstreamer/gst/gstdebugutils.c): elements with
// their type, state and non-default properties, bins and what they contain, pads (direction,
// presence, ghost pads), and links between leaf elements, followed through ghost and proxy pads,
// with the caps negotiated on them and the memory they travel in (NVMM or system memory).
// Pure text parsing, used by the pipeline graph panel; dotGraph.ts keeps the one-line summary.
import { linkMemory, type LinkMemory } from './dotGraph';

export type PadDirection = 'sink' | 'src' | 'unknown';
export type PadPresence = 'always' | 'sometimes' | 'request';

export interface GraphPad {
  /** The dot node id (unique in the file). */
  id: string;
  name: string;
  direction: PadDirection;
  presence: PadPresence;
  /** A ghost pad of a bin, or the proxy pad behind one. */
  ghost: boolean;
  /** The proxy pad GStreamer lists beside a ghost pad (an implementation detail, not drawn). */
  proxy: boolean;
}

export interface GraphProperty {
  name: string;
  value: string;
}

export interface GraphElement {
  /** The dot cluster id (unique in the file). */
  id: string;
  /** GObject type name, e.g. GstNvInfer. */
  type: string;
  /** The factory name as it is usually spelt in launch lines (GstNvInfer -> nvinfer). */
  factory: string;
  name: string;
  /** "[>]" playing, "[=]" paused, "[-]" ready, "[0]" null; "[=] -> [>]" while changing. */
  state?: string;
  properties: GraphProperty[];
  pads: GraphPad[];
  /** Id of the bin holding this element (undefined: the pipeline itself). */
  parent?: string;
  isBin: boolean;
}

export interface GraphLink {
  id: string;
  from: { element: string; pad: string };
  to: { element: string; pad: string };
  /** Caps as GStreamer printed them, one structure name or field per line. */
  caps: string[];
  /** First structure name with its features, e.g. "video/x-raw(memory:NVMM)". */
  media: string;
  fields: Record<string, string>;
  memory: LinkMemory;
  /** Caps of the downstream side when they differ from the upstream side. */
  peerCaps?: string[];
}

export interface PipelineGraph {
  pipeline: { type: string; name: string; state?: string; properties: GraphProperty[] };
  elements: GraphElement[];
  links: GraphLink[];
  /** Lines that could not be read (1-based line number and why); nothing else is dropped. */
  problems: { line: number; message: string }[];
}

/** GObject type name -> factory name as written in launch lines (best effort). */
export function factoryOfType(type: string): string {
  return type.replace(/^Gst/, '').toLowerCase();
}

/** Undoes dot string escaping and g_strescape's octal escapes (UTF-8 bytes). */
export function unescapeDotString(s: string): string {
  const bytes: number[] = [];
  const flush = (out: string[]) => {
    if (bytes.length) {
      out.push(Buffer.from(bytes).toString('utf8'));
      bytes.length = 0;
    }
  };
  const out: string[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\' && i + 1 < s.length) {
      const n = s[i + 1];
      const oct = /^[0-7]{3}/.exec(s.slice(i + 1, i + 4));
      if (oct) {
        bytes.push(parseInt(oct[0], 8));
        i += 3;
        continue;
      }
      flush(out);
      if (n === 'n' || n === 'l' || n === 'r') out.push('\n');
      else if (n === 't') out.push('\t');
      else out.push(n);
      i++;
      continue;
    }
    flush(out);
    out.push(c);
  }
  flush(out);
  return out.join('');
}

/** Splits a dot label into its lines (\n, \l and \r all end a line in dot). */
function labelLines(raw: string): string[] {
  const parts: string[] = [];
  let cur = '';
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === '\\' && i + 1 < raw.length) {
      const n = raw[i + 1];
      if (n === 'n' || n === 'l' || n === 'r') {
        parts.push(unescapeDotString(cur));
        cur = '';
      } else cur += raw[i] + n;
      i++;
    } else cur += raw[i];
  }
  if (cur) parts.push(unescapeDotString(cur));
  return parts;
}

/** key="value" or key=value attributes of one dot attribute list. */
function parseAttributes(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s\];]+))/g;
  for (let m = re.exec(s); m; m = re.exec(s)) out[m[1]] = m[2] ?? m[3];
  return out;
}

const stateRe = /^\[[~0\-=>]\](?:\(locked\))?(?: -> \[[~0\-=>]\])?$/;

function splitProperty(line: string): GraphProperty | undefined {
  const eq = line.indexOf('=');
  if (eq <= 0) return undefined;
  return { name: line.slice(0, eq).trim(), value: line.slice(eq + 1) };
}

interface Cluster {
  id: string;
  parent?: Cluster;
  label?: string;
  tooltip?: string;
  /** Pad cluster of an element: "<element>_sink" / "<element>_src" with an empty label. */
  padDirection?: PadDirection;
  line: number;
}

/** Parses one dot file GStreamer wrote. Throws only when the text is not a dot digraph. */
export function parsePipelineGraph(text: string): PipelineGraph {
  const lines = text.split(/\r?\n/);
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first < 0 || !/^\s*(strict\s+)?digraph\b/.test(lines[first])) {
    throw new Error(`line ${first + 1}: not a GStreamer pipeline graph (expected "digraph pipeline {")`);
  }
  const problems: PipelineGraph['problems'] = [];
  const clusters: Cluster[] = [];
  const stack: Cluster[] = [];
  const padOwnerCluster = new Map<string, Cluster>();
  const padNodes = new Map<string, { attrs: Record<string, string>; cluster?: Cluster }>();
  const edges: { from: string; to: string; attrs: Record<string, string>; line: number }[] = [];
  let topLabel: string | undefined;
  let depth = 0;
  for (let i = first; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line || line.startsWith('//') || line.startsWith('#')) continue;
    if (/^(strict\s+)?digraph\b.*\{$/.test(line)) {
      depth++;
      continue;
    }
    const sub = /^subgraph\s+cluster_([A-Za-z0-9_]+)\s*\{$/.exec(line);
    if (sub) {
      const c: Cluster = { id: sub[1], parent: stack[stack.length - 1], line: i + 1 };
      clusters.push(c);
      stack.push(c);
      continue;
    }
    if (line === '}') {
      if (stack.length) stack.pop();
      else depth--;
      continue;
    }
    // A multi-line node (GStreamer's legend): skip to its closing "];".
    if (/^[A-Za-z0-9_]+\s*\[$/.test(line)) {
      while (i + 1 < lines.length && !/^\s*\];?\s*$/.test(lines[i + 1])) i++;
      i++;
      continue;
    }
    const edge = /^([A-Za-z0-9_]+)\s*->\s*([A-Za-z0-9_]+)\s*(?:\[(.*)\])?\s*;?$/.exec(line);
    if (edge) {
      edges.push({ from: edge[1], to: edge[2], attrs: parseAttributes(edge[3] ?? ''), line: i + 1 });
      continue;
    }
    const node = /^([A-Za-z0-9_]+)\s*\[(.*)\]\s*;?$/.exec(line);
    if (node) {
      if (['node', 'edge', 'graph'].includes(node[1])) continue;
      const cluster = stack[stack.length - 1];
      padNodes.set(node[1], { attrs: parseAttributes(node[2]), cluster });
      if (cluster) padOwnerCluster.set(node[1], cluster);
      continue;
    }
    const kv = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*));?$/.exec(line);
    if (kv) {
      const value = kv[2] ?? kv[3] ?? '';
      const c = stack[stack.length - 1];
      if (kv[1] === 'label') {
        if (c) c.label = value;
        else topLabel = value;
      } else if (kv[1] === 'tooltip' && c) c.tooltip = value;
      continue;
    }
    problems.push({ line: i + 1, message: `unrecognised dot statement: ${line.slice(0, 80)}` });
  }
  if (depth > 0 || stack.length) problems.push({ line: lines.length, message: 'the graph ends before its closing brace (file cut short?)' });

  // Element clusters carry "Type\nname[\n[state]][\nprop=value...]"; pad clusters an empty label.
  const elementOf = new Map<Cluster, GraphElement>();
  const elements: GraphElement[] = [];
  for (const c of clusters) {
    if (c.label === undefined) continue;
    if (c.label === '') {
      c.padDirection = /_sink$/.test(c.id) ? 'sink' : /_src$/.test(c.id) ? 'src' : 'unknown';
      continue;
    }
    const parts = labelLines(c.label);
    if (parts.length < 2) {
      problems.push({ line: c.line, message: `element cluster ${c.id} has no "Type\\nname" label` });
      continue;
    }
    let state: string | undefined;
    const properties: GraphProperty[] = [];
    for (const p of parts.slice(2)) {
      if (!state && stateRe.test(p)) state = p;
      else {
        const prop = splitProperty(p);
        if (prop) properties.push(prop);
      }
    }
    // The tooltip (newer GStreamer) holds the properties without the 60-character ellipsis.
    if (c.tooltip) {
      const full = c.tooltip.split('&#10;').map((s) => splitProperty(unescapeDotString(s))).filter((p): p is GraphProperty => !!p);
      for (const f of full) {
        const p = properties.find((x) => x.name === f.name);
        if (p) p.value = f.value;
      }
    }
    const e: GraphElement = { id: c.id, type: parts[0], factory: factoryOfType(parts[0]), name: parts[1], state, properties, pads: [], isBin: false };
    elementOf.set(c, e);
    elements.push(e);
  }
  const enclosingElement = (c: Cluster | undefined): GraphElement | undefined => {
    for (let x = c; x; x = x.parent) {
      const e = elementOf.get(x);
      if (e) return e;
    }
    return undefined;
  };
  for (const c of clusters) {
    const e = elementOf.get(c);
    if (!e) continue;
    const parent = enclosingElement(c.parent);
    if (parent) {
      e.parent = parent.id;
      parent.isBin = true;
    }
  }
  const padOwner = new Map<string, GraphElement>();
  for (const [id, n] of padNodes) {
    const owner = enclosingElement(n.cluster);
    if (!owner) continue;
    const label = labelLines(n.attrs.label ?? '');
    const fill = (n.attrs.fillcolor ?? '').toLowerCase();
    const ghost = fill === '#ffdddd' || fill === '#ddddff';
    const dir: PadDirection = n.cluster?.padDirection && n.cluster.padDirection !== 'unknown' ? n.cluster.padDirection : fill === '#ffaaaa' || fill === '#ffdddd' ? 'src' : fill === '#aaaaff' || fill === '#ddddff' ? 'sink' : 'unknown';
    const style = n.attrs.style ?? '';
    const presence: PadPresence = /dotted/.test(style) ? 'sometimes' : /dashed/.test(style) ? 'request' : 'always';
    const name = label[0] ?? id;
    const pad: GraphPad = { id, name, direction: dir, presence, ghost, proxy: ghost && /^proxypad\d+$/.test(name) };
    owner.pads.push(pad);
    padOwner.set(id, owner);
  }

  // Links between leaf elements, followed through ghost and proxy pads of bins.
  const out = new Map<string, typeof edges>();
  for (const e of edges) {
    if (/invis/.test(e.attrs.style ?? '')) continue;
    const list = out.get(e.from) ?? [];
    list.push(e);
    out.set(e.from, list);
  }
  const padName = (id: string) => padOwner.get(id)?.pads.find((p) => p.id === id)?.name ?? id;
  const links: GraphLink[] = [];
  const seen = new Set<string>();
  for (const e of edges) {
    if (/invis|dashed/.test(e.attrs.style ?? '')) continue;
    const src = padOwner.get(e.from);
    if (!src || src.isBin) continue;
    // Walk downstream until a pad of a leaf element; the first caps seen are the link's.
    const walk = (padId: string, capsEdge: (typeof edges)[number], hops: number): void => {
      const owner = padOwner.get(padId);
      if (owner && !owner.isBin) {
        const key = `${e.from}->${padId}`;
        if (seen.has(key)) return;
        seen.add(key);
        const raw = capsEdge.attrs.taillabel ?? capsEdge.attrs.label ?? '';
        const caps = labelLines(raw).map((s) => s.trimEnd()).filter((s) => s.trim() !== '');
        const peer = capsEdge.attrs.headlabel !== undefined ? labelLines(capsEdge.attrs.headlabel).map((s) => s.trimEnd()).filter((s) => s.trim() !== '') : undefined;
        const media = (caps[0] ?? '').trim();
        const fields: Record<string, string> = {};
        for (const f of caps.slice(1)) {
          const m = /^\s*([^:]+):\s*(.*)$/.exec(f);
          if (m) fields[m[1].trim()] = m[2].trim();
        }
        links.push({ id: `l${links.length}`, from: { element: src.id, pad: padName(e.from) }, to: { element: owner.id, pad: padName(padId) }, caps: caps.map((s) => s.trim()), media, fields, memory: linkMemory(media), peerCaps: peer?.map((s) => s.trim()) });
        return;
      }
      if (hops > 64) return;
      for (const next of out.get(padId) ?? []) {
        const hasCaps = !!(capsEdge.attrs.label?.trim() || capsEdge.attrs.taillabel);
        walk(next.to, hasCaps ? capsEdge : next, hops + 1);
      }
    };
    walk(e.to, e, 0);
  }

  const top = labelLines(topLabel ?? '');
  const pipeline = {
    type: (top[0] ?? '').replace(/^<|>$/g, ''),
    name: top[1] ?? '',
    state: top.slice(2).find((p) => stateRe.test(p)),
    properties: top.slice(2).filter((p) => !stateRe.test(p)).map(splitProperty).filter((p): p is GraphProperty => !!p),
  };
  return { pipeline, elements, links, problems };
}

/** "PAUSED_PLAYING" from "0.00.01.2-gst-launch.PAUSED_PLAYING.dot" (the snapshot's state change). */
export function graphSnapshotLabel(file: string): string {
  const base = file.split('/').pop() ?? file;
  const m = /\.((?:VOID_PENDING|NULL|READY|PAUSED|PLAYING)_(?:VOID_PENDING|NULL|READY|PAUSED|PLAYING))\.dot$/.exec(base);
  const ts = /^(\d+\.\d+\.\d+\.\d+)-/.exec(base);
  const name = base.replace(/^\d+\.\d+\.\d+\.\d+-/, '').replace(/\.dot$/, '');
  if (m) return `${m[1].replace('_', ' → ')}${ts ? ` at ${ts[1]}` : ''}`;
  return `${name}${ts ? ` at ${ts[1]}` : ''}`;
}

/** The snapshot to show first: the pipeline going to PLAYING, else the one with the most negotiated links. */
export function preferredGraph<T extends { file: string; graph?: PipelineGraph }>(graphs: T[]): number {
  const playing = graphs.findIndex((g) => /PAUSED_PLAYING\.dot$/.test(g.file));
  if (playing >= 0) return playing;
  let best = 0;
  let bestScore = -1;
  graphs.forEach((g, i) => {
    const score = g.graph ? g.graph.links.filter((l) => l.memory !== 'unknown').length * 1000 + g.graph.elements.length : -1;
    if (score >= bestScore) {
      best = i;
      bestScore = score;
    }
  });
  return best;
}
