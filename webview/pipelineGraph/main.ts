// The pipeline graph panel (browser side): draws one GStreamer pipeline snapshot as SVG with the
// layered layout of ./layout.ts. Elements are boxes (name, factory, key properties, pads), links
// carry their negotiated caps and are drawn by memory kind (NVMM solid, system memory dashed,
// not negotiated dotted; legend in the toolbar). A picker switches between snapshots; wheel,
// drag, buttons and keys zoom and pan; every element is focusable (Tab, Enter shows its details).
// All text from the graph goes through textContent / createTextNode, never through HTML.
import { layeredLayout, type GraphLayout } from './layout';
import type { GraphPanelData, GraphPanelMessage, GraphSnapshot } from './model';
import type { GraphElement, GraphLink, PipelineGraph } from '../../client/profile/core/dotPipeline';

interface VsCodeApi {
  postMessage(msg: unknown): void;
  getState(): unknown;
  setState(s: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const SVG = 'http://www.w3.org/2000/svg';
const vscode: VsCodeApi = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : { postMessage: () => undefined, getState: () => undefined, setState: () => undefined };
const post = (m: GraphPanelMessage) => vscode.postMessage(m);

function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) e.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return e;
}

function s<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number> = {}, text?: string): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

const CHAR = 6.8;
const PAD_ROW = 18;
const clip = (t: string, n: number) => (t.length > n ? `${t.slice(0, n - 1)}…` : t);

/** Properties worth showing on the box: not pointers, not the caps a capsfilter shows on its links. */
function keyProperties(e: GraphElement): { name: string; value: string }[] {
  return e.properties.filter((p) => !/^\(\(\w+\*?\)\s*0x[0-9a-f]+\)$/i.test(p.value) && !/^\(NULL\)$|^NULL$/.test(p.value)).slice(0, 3);
}

interface Box {
  e: GraphElement;
  width: number;
  height: number;
  textLines: { text: string; cls: string }[];
  sinks: GraphElement['pads'];
  srcs: GraphElement['pads'];
}

function boxOf(e: GraphElement): Box {
  const props = keyProperties(e).map((p) => ({ text: clip(`${p.name}=${p.value}`, 40), cls: 'prop' }));
  const typeLine = e.factory === e.type.toLowerCase() ? e.type : `${e.factory} (${e.type})`;
  const textLines = [{ text: clip(e.name, 40), cls: 'name' }, { text: clip(typeLine, 40), cls: 'type' }, ...props];
  const visible = e.pads.filter((p) => !p.proxy);
  const sinks = visible.filter((p) => p.direction === 'sink');
  const srcs = visible.filter((p) => p.direction !== 'sink');
  const padWidth = Math.max(0, ...sinks.map((p) => p.name.length)) + Math.max(0, ...srcs.map((p) => p.name.length));
  const width = Math.round(Math.min(340, Math.max(150, Math.max(...textLines.map((l) => l.text.length)) * CHAR + 24, padWidth * 6 + 60)));
  const height = 10 + textLines.length * 15 + Math.max(1, sinks.length, srcs.length) * PAD_ROW + 6;
  return { e, width, height, textLines, sinks, srcs };
}

function capsSummary(l: GraphLink): string {
  if (!l.media) return 'not negotiated';
  const size = l.fields.width && l.fields.height ? `${l.fields.width}x${l.fields.height}` : '';
  const mem = l.memory === 'NVMM' ? 'NVMM' : l.memory === 'system' ? 'system' : '?';
  const media = l.media.replace(/\(memory:NVMM\)/, '');
  return [mem, media, l.fields.format ?? '', size].filter(Boolean).join(' ');
}

class GraphView {
  private readonly root: HTMLElement;
  private readonly canvas: HTMLDivElement;
  private readonly details: HTMLElement;
  private readonly summary: HTMLElement;
  private readonly select: HTMLSelectElement;
  private svg: SVGSVGElement | undefined;
  private viewport: SVGGElement | undefined;
  private scale = 1;
  private tx = 0;
  private ty = 0;
  private layout: GraphLayout | undefined;
  private graph: PipelineGraph | undefined;
  private selected: string | undefined;
  private readonly revealable: Set<string>;

  constructor(private readonly data: GraphPanelData) {
    this.root = document.getElementById('root')!;
    this.revealable = new Set(data.revealable);
    this.select = h('select', { id: 'snapshot', 'aria-label': 'Graph snapshot' });
    data.snapshots.forEach((sn, i) => this.select.append(h('option', { value: String(i) }, `${sn.label} (${sn.file.split('/').pop() ?? sn.file})`)));
    this.select.addEventListener('change', () => this.show(Number(this.select.value)));
    const btn = (label: string, title: string, f: () => void) => {
      const b = h('button', { type: 'button', title, 'aria-label': title }, label);
      b.addEventListener('click', f);
      return b;
    };
    this.summary = h('span', { class: 'summary', 'aria-live': 'polite' });
    const legendLine = (cls: string, text: string) => {
      const sv = s('svg', { width: 28, height: 8, 'aria-hidden': 'true' });
      sv.append(s('line', { x1: 0, y1: 4, x2: 28, y2: 4, class: cls, 'stroke-width': 2 }));
      return h('span', {}, sv, ` ${text}`);
    };
    const legend = h('span', { class: 'legend', role: 'note', 'aria-label': 'Legend: solid green links carry NVMM (device) memory, dashed orange links system memory, dotted grey links are not negotiated' }, legendLine('NVMM', 'NVMM memory'), legendLine('system', 'system memory'), legendLine('unknown', 'not negotiated'));
    const toolbar = h(
      'div',
      { class: 'toolbar', role: 'toolbar', 'aria-label': 'Graph tools' },
      h('label', { for: 'snapshot' }, 'Snapshot '),
      this.select,
      btn('−', 'Zoom out (-)', () => this.zoomBy(1 / 1.25)),
      btn('+', 'Zoom in (+)', () => this.zoomBy(1.25)),
      btn('Fit', 'Fit to window (0)', () => this.fit()),
      this.summary,
      legend,
    );
    this.canvas = h('div', { class: 'canvas', tabindex: '0', role: 'application', 'aria-label': 'Pipeline graph: arrow keys pan, + and - zoom, 0 fits, Tab moves between elements, Enter shows details' });
    this.details = h('aside', { class: 'details', 'aria-label': 'Element details', 'aria-live': 'polite' }, h('p', { class: 'empty' }, 'Select an element (click, or Tab then Enter) to see its properties, pads and caps.'));
    this.root.append(toolbar, h('div', { class: 'main' }, this.canvas, this.details));
    this.installPanZoom();
    const start = Math.min(Math.max(0, data.selected), Math.max(0, data.snapshots.length - 1));
    this.select.value = String(start);
    this.show(start);
  }

  private show(index: number): void {
    const sn: GraphSnapshot | undefined = this.data.snapshots[index];
    this.canvas.replaceChildren();
    this.selected = undefined;
    this.details.replaceChildren(h('p', { class: 'empty' }, 'Select an element (click, or Tab then Enter) to see its properties, pads and caps.'));
    if (!sn) {
      this.canvas.append(h('p', { class: 'error' }, 'No pipeline graph in this run.'));
      return;
    }
    if (!sn.graph) {
      this.canvas.append(h('p', { class: 'error', role: 'alert' }, `${sn.file}: ${sn.error ?? 'cannot be read'}`));
      this.summary.textContent = '';
      return;
    }
    this.render(sn.graph);
  }

  private render(g: PipelineGraph): void {
    this.graph = g;
    const leaves = g.elements.filter((e) => !e.isBin);
    const boxes = new Map(leaves.map((e) => [e.id, boxOf(e)]));
    const layout = layeredLayout(
      leaves.map((e) => ({ id: e.id, width: boxes.get(e.id)!.width, height: boxes.get(e.id)!.height })),
      g.links.map((l) => ({ id: l.id, from: l.from.element, to: l.to.element })),
      // Room for a caps label of 40 characters between layers.
      { layerGap: 260, nodeGap: 44 },
    );
    this.layout = layout;
    const nv = g.links.filter((l) => l.memory === 'NVMM').length;
    const sys = g.links.filter((l) => l.memory === 'system').length;
    this.summary.textContent = `${g.pipeline.name || 'pipeline'}: ${leaves.length} elements, ${g.links.length} links (${nv} NVMM, ${sys} system memory)${g.problems.length ? `, ${g.problems.length} unreadable lines` : ''}`;

    const svg = s('svg', { role: 'group', 'aria-label': `Pipeline ${g.pipeline.name}` });
    const defs = s('defs');
    for (const m of ['NVMM', 'system', 'unknown']) {
      const marker = s('marker', { id: `arrow-${m}`, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
      marker.append(s('path', { d: 'M0,0 L10,5 L0,10 z', class: `arrow-${m}` }));
      defs.append(marker);
    }
    svg.append(defs);
    const vp = s('g', { class: 'viewport' });
    svg.append(vp);
    this.svg = svg;
    this.viewport = vp;

    // Bins: dashed frames around what they hold (innermost drawn last).
    const binLayer = s('g', { class: 'bins' });
    const descendants = (binId: string): GraphElement[] => g.elements.filter((e) => !e.isBin && this.isInside(e, binId));
    const bins = g.elements.filter((e) => e.isBin).sort((a, b) => this.depth(a) - this.depth(b));
    for (const b of bins) {
      const members = descendants(b.id).map((e) => layout.nodes.get(e.id)).filter((n): n is NonNullable<typeof n> => !!n);
      if (!members.length) continue;
      const pad = 12 - Math.min(8, this.depth(b) * 3);
      const x0 = Math.min(...members.map((n) => n.x)) - pad;
      const y0 = Math.min(...members.map((n) => n.y)) - pad - 14;
      const x1 = Math.max(...members.map((n) => n.x + n.width)) + pad;
      const y1 = Math.max(...members.map((n) => n.y + n.height)) + pad;
      const gb = s('g', { class: 'bin' });
      gb.append(s('rect', { x: x0, y: y0, width: x1 - x0, height: y1 - y0, rx: 6 }), s('text', { x: x0 + 6, y: y0 + 12 }, clip(`${b.name} (${b.type})`, 60)));
      const title = s('title', {}, `bin ${b.name} (${b.type})`);
      gb.append(title);
      binLayer.append(gb);
    }
    vp.append(binLayer);

    // Pad anchors.
    const anchor = new Map<string, { x: number; y: number }>();
    const padY = (b: Box, i: number) => 10 + b.textLines.length * 15 + i * PAD_ROW + PAD_ROW / 2;
    for (const [id, b] of boxes) {
      const n = layout.nodes.get(id)!;
      b.sinks.forEach((p, i) => anchor.set(`${id}\u0000${p.name}`, { x: n.x, y: n.y + padY(b, i) }));
      b.srcs.forEach((p, i) => anchor.set(`${id}\u0000${p.name}`, { x: n.x + n.width, y: n.y + padY(b, i) }));
    }

    // Links below the elements.
    const linkLayer = s('g', { class: 'links' });
    const labelLayer = s('g', { class: 'labels' });
    for (const e of layout.edges) {
      const l = g.links.find((x) => x.id === e.id)!;
      const pts = [...e.points];
      const a = anchor.get(`${l.from.element}\u0000${l.from.pad}`);
      const z = anchor.get(`${l.to.element}\u0000${l.to.pad}`);
      if (a && !e.reversed) pts[0] = a;
      if (z && !e.reversed) pts[pts.length - 1] = z;
      let d = `M${pts[0].x},${pts[0].y}`;
      for (let i = 1; i < pts.length; i++) {
        const p0 = pts[i - 1];
        const p1 = pts[i];
        const dx = Math.max(30, Math.abs(p1.x - p0.x) / 2);
        d += ` C${p0.x + dx},${p0.y} ${p1.x - dx},${p1.y} ${p1.x},${p1.y}`;
      }
      const gl = s('g', { class: `link ${l.memory}`, 'data-link': l.id, 'data-from': l.from.element, 'data-to': l.to.element });
      gl.append(s('path', { d, 'marker-end': `url(#arrow-${l.memory})` }));
      const fromName = g.elements.find((x) => x.id === l.from.element)?.name ?? '';
      const toName = g.elements.find((x) => x.id === l.to.element)?.name ?? '';
      gl.append(s('title', {}, `${fromName}.${l.from.pad} → ${toName}.${l.to.pad}\n${l.memory === 'NVMM' ? 'NVMM (device) memory' : l.memory === 'system' ? 'system memory' : 'caps not negotiated'}\n${l.caps.join('\n')}`));
      linkLayer.append(gl);
      // The caps label sits in the gap right after the upstream pad.
      const label = clip(capsSummary(l), 40);
      const lx = pts[0].x + 10;
      const ly = pts[0].y - 5;
      const gt = s('g', { class: `link ${l.memory}`, 'data-label-for': l.id });
      gt.append(s('rect', { class: 'label-bg', x: lx - 2, y: ly - 10, width: label.length * 6 + 4, height: 13, rx: 2 }));
      gt.append(s('text', { x: lx, y: ly, class: 'mem' }, label));
      labelLayer.append(gt);
    }
    vp.append(linkLayer);

    // Elements, in reading order (layer, then position) so Tab follows the pipeline.
    const elementLayer = s('g', { class: 'elements' });
    const ordered = [...boxes.values()].sort((a, b) => {
      const na = layout.nodes.get(a.e.id)!;
      const nb = layout.nodes.get(b.e.id)!;
      return na.layer - nb.layer || na.order - nb.order;
    });
    for (const b of ordered) {
      const n = layout.nodes.get(b.e.id)!;
      const reveal = this.revealable.has(b.e.factory);
      const ge = s('g', { class: `element${reveal ? ' revealable' : ''}`, transform: `translate(${n.x},${n.y})`, tabindex: 0, role: 'button', 'data-element': b.e.id, 'aria-label': `${b.e.name}, ${b.e.factory} (${b.e.type})${b.e.state ? `, state ${b.e.state}` : ''}, ${b.sinks.length} sink pads, ${b.srcs.length} source pads` });
      ge.append(s('rect', { class: 'box', width: b.width, height: b.height, rx: 5 }));
      b.textLines.forEach((t, i) => ge.append(s('text', { class: t.cls, x: 10, y: 20 + i * 15 }, t.text)));
      const pads = (list: GraphElement['pads'], side: 'sink' | 'src') =>
        list.forEach((p, i) => {
          const y = padY(b, i);
          const gp = s('g', { class: `pad ${side} ${p.presence}` });
          gp.append(s('rect', { x: side === 'sink' ? -5 : b.width - 5, y: y - 6, width: 10, height: 12, rx: 2 }));
          gp.append(s('text', { x: side === 'sink' ? 9 : b.width - 9, y: y + 3.5, 'text-anchor': side === 'sink' ? 'start' : 'end' }, p.name));
          gp.append(s('title', {}, `${side} pad ${p.name} (${p.presence}${p.ghost ? ', ghost' : ''})`));
          ge.append(gp);
        });
      pads(b.sinks, 'sink');
      pads(b.srcs, 'src');
      ge.append(s('title', {}, `${b.e.name} (${b.e.type})`));
      ge.addEventListener('click', (ev) => {
        ev.stopPropagation();
        this.selectElement(b.e.id);
        if (reveal && (ev.target as Element).classList.contains('type')) post({ type: 'reveal', factory: b.e.factory, element: b.e.name });
      });
      ge.addEventListener('keydown', (ev) => {
        if (ev.key === 'Enter' || ev.key === ' ') {
          ev.preventDefault();
          this.selectElement(b.e.id);
        }
      });
      ge.addEventListener('focus', () => this.ensureVisible(n.x, n.y, b.width, b.height));
      elementLayer.append(ge);
    }
    vp.append(elementLayer, labelLayer);
    this.canvas.append(svg);
    if (g.problems.length) {
      this.canvas.append(h('p', { class: 'problem sr-only' }, g.problems.map((p) => `line ${p.line}: ${p.message}`).join('; ')));
    }
    requestAnimationFrame(() => this.initialView());
  }

  /** The whole graph when it is legible that way; else readable size from the sources (left). */
  initialView(): void {
    this.fit();
    if (!this.layout || this.scale >= 0.7) return;
    const hh = this.canvas.clientHeight || 600;
    this.scale = 0.85;
    this.tx = 10;
    this.ty = Math.max(10, (hh - this.layout.height * this.scale) / 2);
    if (this.layout.height * this.scale > hh) this.ty = 10;
    this.apply();
  }

  private depth(e: GraphElement): number {
    let d = 0;
    for (let p = e.parent; p; p = this.graph?.elements.find((x) => x.id === p)?.parent) d++;
    return d;
  }

  private isInside(e: GraphElement, binId: string): boolean {
    for (let p = e.parent; p; p = this.graph?.elements.find((x) => x.id === p)?.parent) if (p === binId) return true;
    return false;
  }

  private selectElement(id: string): void {
    const g = this.graph;
    if (!g) return;
    const e = g.elements.find((x) => x.id === id);
    if (!e) return;
    this.selected = id;
    this.canvas.querySelectorAll('.element.selected').forEach((x) => x.classList.remove('selected'));
    this.canvas.querySelector(`.element[data-element="${CSS.escape(id)}"]`)?.classList.add('selected');
    this.canvas.querySelectorAll('.link.highlight').forEach((x) => x.classList.remove('highlight'));
    this.canvas.querySelectorAll(`.link[data-from="${CSS.escape(id)}"], .link[data-to="${CSS.escape(id)}"]`).forEach((x) => x.classList.add('highlight'));
    const name = (eid: string) => g.elements.find((x) => x.id === eid)?.name ?? eid;
    const bin = e.parent ? g.elements.find((x) => x.id === e.parent) : undefined;
    const parts: Node[] = [h('h2', {}, e.name), h('dl', {}, h('dt', {}, 'type'), h('dd', {}, e.type), h('dt', {}, 'factory'), h('dd', {}, e.factory), ...(e.state ? [h('dt', {}, 'state'), h('dd', {}, e.state)] : []), ...(bin ? [h('dt', {}, 'in bin'), h('dd', {}, bin.name)] : []))];
    if (this.revealable.has(e.factory)) {
      const b = h('button', { type: 'button' }, `Reveal ${e.factory} in the workspace`);
      b.addEventListener('click', () => post({ type: 'reveal', factory: e.factory, element: e.name }));
      parts.push(b);
    }
    parts.push(h('h3', {}, 'Properties (non-default)'));
    parts.push(e.properties.length ? h('dl', {}, ...e.properties.flatMap((p) => [h('dt', {}, p.name), h('dd', {}, p.value)])) : h('p', { class: 'empty' }, 'none'));
    parts.push(h('h3', {}, 'Pads'));
    const pads = e.pads.filter((p) => !p.proxy);
    parts.push(pads.length ? h('dl', {}, ...pads.flatMap((p) => [h('dt', {}, p.name), h('dd', {}, `${p.direction}, ${p.presence}${p.ghost ? ', ghost' : ''}`)])) : h('p', { class: 'empty' }, 'none'));
    const linkBlock = (title: string, ls: GraphLink[], other: (l: GraphLink) => string) => {
      parts.push(h('h3', {}, title));
      if (!ls.length) parts.push(h('p', { class: 'empty' }, 'none'));
      for (const l of ls) {
        parts.push(h('div', {}, `${other(l)} — ${l.memory === 'NVMM' ? 'NVMM memory' : l.memory === 'system' ? 'system memory' : 'not negotiated'}`));
        parts.push(h('pre', {}, (l.caps.length ? l.caps : ['(no caps)']).join('\n')));
      }
    };
    linkBlock('Input links', g.links.filter((l) => l.to.element === id), (l) => `${name(l.from.element)}.${l.from.pad} → ${l.to.pad}`);
    linkBlock('Output links', g.links.filter((l) => l.from.element === id), (l) => `${l.from.pad} → ${name(l.to.element)}.${l.to.pad}`);
    this.details.replaceChildren(...parts);
  }

  private apply(): void {
    this.viewport?.setAttribute('transform', `translate(${this.tx},${this.ty}) scale(${this.scale})`);
    this.canvas.dataset.scale = this.scale.toFixed(3);
  }

  fit(): void {
    if (!this.layout) return;
    const w = this.canvas.clientWidth || 800;
    const hh = this.canvas.clientHeight || 600;
    this.scale = Math.max(0.05, Math.min(1.5, w / this.layout.width, hh / this.layout.height));
    this.tx = (w - this.layout.width * this.scale) / 2;
    this.ty = Math.max(0, (hh - this.layout.height * this.scale) / 2);
    this.apply();
  }

  zoomBy(f: number, cx?: number, cy?: number): void {
    const x = cx ?? this.canvas.clientWidth / 2;
    const y = cy ?? this.canvas.clientHeight / 2;
    const next = Math.max(0.05, Math.min(8, this.scale * f));
    this.tx = x - ((x - this.tx) * next) / this.scale;
    this.ty = y - ((y - this.ty) * next) / this.scale;
    this.scale = next;
    this.apply();
  }

  private panBy(dx: number, dy: number): void {
    this.tx += dx;
    this.ty += dy;
    this.apply();
  }

  private ensureVisible(x: number, y: number, w: number, hh: number): void {
    const cw = this.canvas.clientWidth;
    const ch = this.canvas.clientHeight;
    const left = this.tx + x * this.scale;
    const top = this.ty + y * this.scale;
    const right = left + w * this.scale;
    const bottom = top + hh * this.scale;
    let dx = 0;
    let dy = 0;
    if (left < 0) dx = -left + 20;
    else if (right > cw) dx = cw - right - 20;
    if (top < 0) dy = -top + 20;
    else if (bottom > ch) dy = ch - bottom - 20;
    if (dx || dy) this.panBy(dx, dy);
  }

  private installPanZoom(): void {
    this.canvas.addEventListener(
      'wheel',
      (ev) => {
        ev.preventDefault();
        const r = this.canvas.getBoundingClientRect();
        if (ev.ctrlKey || Math.abs(ev.deltaY) > Math.abs(ev.deltaX)) this.zoomBy(Math.exp(-ev.deltaY / 300), ev.clientX - r.left, ev.clientY - r.top);
        else this.panBy(-ev.deltaX, 0);
      },
      { passive: false },
    );
    let drag: { x: number; y: number; id: number } | undefined;
    this.canvas.addEventListener('pointerdown', (ev) => {
      if ((ev.target as Element).closest('.element')) return;
      drag = { x: ev.clientX, y: ev.clientY, id: ev.pointerId };
      this.canvas.setPointerCapture(ev.pointerId);
      this.canvas.classList.add('panning');
    });
    this.canvas.addEventListener('pointermove', (ev) => {
      if (!drag || ev.pointerId !== drag.id) return;
      this.panBy(ev.clientX - drag.x, ev.clientY - drag.y);
      drag.x = ev.clientX;
      drag.y = ev.clientY;
    });
    const end = () => {
      drag = undefined;
      this.canvas.classList.remove('panning');
    };
    this.canvas.addEventListener('pointerup', end);
    this.canvas.addEventListener('pointercancel', end);
    this.canvas.addEventListener('keydown', (ev) => {
      const step = 40;
      const k = ev.key;
      let handled = true;
      if (k === 'ArrowLeft') this.panBy(step, 0);
      else if (k === 'ArrowRight') this.panBy(-step, 0);
      else if (k === 'ArrowUp') this.panBy(0, step);
      else if (k === 'ArrowDown') this.panBy(0, -step);
      else if (k === '+' || k === '=') this.zoomBy(1.25);
      else if (k === '-' || k === '_') this.zoomBy(1 / 1.25);
      else if (k === '0') this.fit();
      else if (k === 'Escape' && this.selected) {
        this.selected = undefined;
        this.canvas.querySelectorAll('.element.selected').forEach((x) => x.classList.remove('selected'));
      } else handled = false;
      if (handled) ev.preventDefault();
    });
    window.addEventListener('resize', () => this.initialView());
  }
}

function main(): void {
  const el = document.getElementById('sightline-graph-data');
  let data: GraphPanelData;
  try {
    data = JSON.parse(el?.textContent ?? '') as GraphPanelData;
  } catch (e) {
    document.getElementById('root')?.append(h('p', { class: 'error', role: 'alert' }, `Cannot read the graph data: ${(e as Error).message}`));
    return;
  }
  const view = new GraphView(data);
  (window as unknown as { sightlineGraph: GraphView }).sightlineGraph = view;
  post({ type: 'ready' });
}

main();
