// Reads the pipeline graphs GStreamer writes (GST_DEBUG_DUMP_DOT_DIR, gst_debug_bin_to_dot_file)
// and says, for each link, which caps were negotiated and whether buffers travel in NVMM
// (device) memory or system memory. Pure text parsing of the dot format GStreamer emits.

export type LinkMemory = 'NVMM' | 'system' | 'unknown';

export interface DotElement {
  id: string;
  type: string;
  name: string;
}

export interface DotLink {
  from: { element: string; pad: string };
  to: { element: string; pad: string };
  /** First caps structure name with features, e.g. "video/x-raw(memory:NVMM)". */
  media: string;
  fields: Record<string, string>;
  memory: LinkMemory;
}

export interface DotGraph {
  pipeline: string;
  elements: DotElement[];
  links: DotLink[];
}

export interface DotGraphSummary {
  file: string;
  pipeline: string;
  elements: number;
  links: { from: string; to: string; media: string; memory: LinkMemory; format?: string; size?: string }[];
  nvmmLinks: number;
  systemLinks: number;
}

function unescapeDot(s: string): string {
  return s.replace(/\\"/g, '"');
}

function attr(attrs: string, key: string): string | undefined {
  const m = new RegExp(`(?:^|[\\s,\\[])${key}="((?:[^"\\\\]|\\\\.)*)"`).exec(attrs);
  return m ? unescapeDot(m[1]) : undefined;
}

export function linkMemory(media: string): LinkMemory {
  if (!media || media === 'ANY' || media === 'EMPTY') return 'unknown';
  if (/\(([^)]*\b)?memory:NVMM\b/.test(media)) return 'NVMM';
  return 'system';
}

export function parseDotGraph(text: string): DotGraph {
  const lines = text.split(/\r?\n/);
  const elements: DotElement[] = [];
  let pipeline = '';
  const top = /^\s*label="<([^>]+)>\\n([^\\"]+)/;
  for (let i = 0; i < lines.length; i++) {
    if (!pipeline) {
      const t = top.exec(lines[i]);
      if (t) pipeline = t[2];
    }
    const m = /^\s*subgraph cluster_([A-Za-z0-9_]+)\s*\{/.exec(lines[i]);
    if (!m) continue;
    // The cluster's own label is among the next few attribute lines.
    for (let j = i + 1; j < Math.min(lines.length, i + 8); j++) {
      const l = /^\s*label="((?:[^"\\]|\\.)*)";/.exec(lines[j]);
      if (!l) continue;
      const parts = l[1].split('\\n');
      if (parts.length >= 2 && parts[0]) elements.push({ id: m[1], type: parts[0], name: parts[1] });
      break;
    }
  }
  // Longest cluster id first, so a pad resolves to its innermost element.
  const byLength = [...elements].sort((a, b) => b.id.length - a.id.length);
  const resolve = (node: string): { element: string; pad: string } => {
    const e = byLength.find((x) => node.startsWith(`${x.id}_`));
    if (!e) return { element: node, pad: '' };
    const pad = node.slice(e.id.length + 1).replace(/_0x[0-9a-fA-F]+$/, '');
    return { element: e.name, pad };
  };
  const links: DotLink[] = [];
  const edge = /^\s*([A-Za-z0-9_]+)\s*->\s*([A-Za-z0-9_]+)\s*\[(.*)\]\s*;?\s*$/;
  for (const line of lines) {
    const m = edge.exec(line);
    if (!m || /style="invis"/.test(m[3])) continue;
    const label = attr(m[3], 'taillabel') ?? attr(m[3], 'label') ?? '';
    const capsLines = label.split('\\l').map((s) => s.trim()).filter(Boolean);
    const media = capsLines[0] ?? '';
    const fields: Record<string, string> = {};
    for (const f of capsLines.slice(1)) {
      const kv = /^([^:]+):\s*(.*)$/.exec(f);
      if (kv) fields[kv[1].trim()] = kv[2].trim();
    }
    links.push({ from: resolve(m[1]), to: resolve(m[2]), media, fields, memory: linkMemory(media) });
  }
  return { pipeline, elements, links };
}

export function summarizeDotGraph(file: string, text: string): DotGraphSummary {
  const g = parseDotGraph(text);
  const links = g.links.map((l) => ({
    from: `${l.from.element}${l.from.pad ? `.${l.from.pad}` : ''}`,
    to: `${l.to.element}${l.to.pad ? `.${l.to.pad}` : ''}`,
    media: l.media,
    memory: l.memory,
    format: l.fields.format,
    size: l.fields.width && l.fields.height ? `${l.fields.width}x${l.fields.height}` : undefined,
  }));
  return {
    file,
    pipeline: g.pipeline,
    elements: g.elements.length,
    links,
    nvmmLinks: links.filter((l) => l.memory === 'NVMM').length,
    systemLinks: links.filter((l) => l.memory === 'system').length,
  };
}
