// The canvas renderer against a recording 2D context: what a frame draws for a given scene.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { packRowItems } from '../../../webview/drawList';
import { layoutRows, type ViewRow } from '../../../webview/rowLayout';
import { TimelineRenderer, type Scene } from '../../../webview/timelineRenderer';
import type { Theme } from '../../../webview/theme';

interface Call {
  op: string;
  args: unknown[];
  fillStyle: string;
  globalAlpha: number;
}

function recordingCanvas(): { canvas: HTMLCanvasElement; calls: Call[] } {
  const calls: Call[] = [];
  const ctx = {
    fillStyle: '#000',
    strokeStyle: '#000',
    globalAlpha: 1,
    lineWidth: 1,
    font: '',
    textBaseline: 'alphabetic',
    setTransform() {},
    setLineDash() {},
    beginPath() {},
    moveTo() {},
    bezierCurveTo() {},
    arc() {},
    stroke() {},
    fill() {
      calls.push({ op: 'fill', args: [], fillStyle: ctx.fillStyle, globalAlpha: ctx.globalAlpha });
    },
    measureText: (s: string) => ({ width: s.length * 6 }),
    fillRect(...args: number[]) {
      calls.push({ op: 'fillRect', args, fillStyle: ctx.fillStyle, globalAlpha: ctx.globalAlpha });
    },
    strokeRect(...args: number[]) {
      calls.push({ op: 'strokeRect', args, fillStyle: ctx.fillStyle, globalAlpha: ctx.globalAlpha });
    },
    fillText(...args: unknown[]) {
      calls.push({ op: 'fillText', args, fillStyle: ctx.fillStyle, globalAlpha: ctx.globalAlpha });
    },
  };
  const canvas = { width: 0, height: 0, style: {}, getContext: () => ctx } as unknown as HTMLCanvasElement;
  return { canvas, calls };
}

const theme: Theme = {
  background: '#bg',
  foreground: '#fg',
  muted: '#mu',
  border: '#bo',
  groupBackground: '#gb',
  stripe: '#st',
  selection: '#se',
  selectionBorder: '#sb',
  focus: '#fo',
  gap: '#ga',
  lowUtil: '#lu',
  utilFill: '#uf',
  link: '#li',
  font: '11px sans',
  highContrast: false,
};

const rows: ViewRow[] = [
  { id: 'p', parentId: null, label: 'proc', kind: 'process', lanes: 0, eventCount: 0 },
  { id: 'p/nvtx', parentId: 'p', label: 'NVTX', kind: 'nvtx', lanes: 2, eventCount: 3 },
  { id: 'g', parentId: null, label: 'GPU', kind: 'gpu', lanes: 0, eventCount: 0 },
  { id: 'g/util', parentId: 'g', label: 'GPU utilization', kind: 'gpuUtil', lanes: 1, eventCount: 1 },
  { id: 'g/k', parentId: 'g', label: 'Kernels', kind: 'kernels', lanes: 1, eventCount: 100000 },
];

function scene(extra: Partial<Scene> = {}): Scene {
  const n = 100000;
  const ks = new Float64Array(n);
  const ke = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    ks[i] = i * 10;
    ke[i] = i * 10 + 4;
  }
  return {
    window: { t0: 0, t1: 1e6 },
    layout: layoutRows(rows, new Set()),
    scrollY: 0,
    items: new Map([
      ['p/nvtx', packRowItems({ start: [0, 100000, 310000], end: [1e6, 300000, 311000], lane: [0, 1, 1], style: [0, 1, 1] })],
      ['g/k', packRowItems({ start: ks, end: ke, style: new Int32Array(n).fill(2) })],
    ]),
    styles: [
      { name: 'frame', fill: '#f00', text: '#000' },
      { name: 'a_rather_long_range_name_that_cannot_fit', fill: '#0f0', text: '#000' },
      { name: 'k', fill: '#00f', text: '#fff' },
    ],
    util: new Map([['g/util', { t0: 0, t1: 1e6, values: [0, 0.5, 1, 0.25] }]]),
    shades: [],
    theme,
    ...extra,
  };
}

test('a frame draws each visible row, one rect per pixel run, and labels only bars wide enough', () => {
  const { canvas, calls } = recordingCanvas();
  const r = new TimelineRenderer(canvas);
  r.resize(1000, 400, 1);
  const stats = r.draw(scene());
  // 100,000 kernels over 1000 px: merged to at most one rect per pixel.
  const kernelRects = calls.filter((c) => c.op === 'fillRect' && c.fillStyle === '#00f');
  assert.ok(kernelRects.length <= 1000 && kernelRects.length > 0, `${kernelRects.length} kernel rects`);
  assert.ok(stats.rects < 1100);
  // Labels: `frame` fits; the long name is cut with an ellipsis inside its 200 px bar; the 1 px
  // range gets none; no label is wider than its bar.
  const texts = calls.filter((c) => c.op === 'fillText').map((c) => ({ text: String(c.args[0]), x: Number(c.args[1]) }));
  assert.ok(texts.some((t) => t.text === 'frame'));
  const cut = texts.find((t) => t.text.startsWith('a_rather'));
  assert.ok(cut && cut.text.endsWith('…') && cut.text.length * 6 <= 200, JSON.stringify(cut));
  assert.equal(stats.labels, texts.length);
  // Utilization graph: bars in the graph colour, the tallest for the busiest bin.
  const util = calls.filter((c) => c.op === 'fillRect' && c.fillStyle === '#uf');
  assert.equal(util.length, 3, 'three non-empty bins');
  const heights = util.map((c) => Number(c.args[3]));
  assert.equal(Math.max(...heights), heights[1]);
});

test('rows scrolled out of view are not drawn; selection, shading and the launch link are', () => {
  const { canvas, calls } = recordingCanvas();
  const r = new TimelineRenderer(canvas);
  r.resize(1000, 60, 1);
  const s = scene({
    scrollY: 200,
    selection: { t0: 250000, t1: 500000 },
    shades: [{ t0: 0, t1: 100000, kind: 'gap', rowIds: ['g/k'] }],
  });
  r.draw(s);
  assert.equal(calls.filter((c) => c.op === 'fillRect' && c.fillStyle === '#00f').length, 0, 'the kernel row is below the fold');
  assert.equal(calls.filter((c) => c.op === 'fillText').length, 0);
  const sel = calls.find((c) => c.op === 'fillRect' && c.fillStyle === '#se');
  assert.deepEqual(sel?.args, [250, 0, 250, 60]);

  const second = recordingCanvas();
  const r2 = new TimelineRenderer(second.canvas);
  r2.resize(1000, 400, 1);
  r2.draw(scene({ shades: [{ t0: 0, t1: 100000, kind: 'gap', rowIds: ['g/k'] }], link: { a: { rowId: 'p/nvtx', t0: 100000, t1: 300000, lane: 1 }, b: { rowId: 'g/k', t0: 110000, t1: 110004, lane: 0 } } }));
  const gap = second.calls.filter((c) => c.op === 'fillRect' && c.fillStyle === '#ga');
  assert.equal(gap.length, 1, 'the gap shades only the row it names');
  assert.ok(gap[0].globalAlpha < 1);
  assert.equal(second.calls.filter((c) => c.op === 'fill' && c.fillStyle === '#li').length, 1, 'the link endpoints are drawn');
});
