// The pipeline graph panel in headless Chromium (playwright-core, Debian's chromium): the exact
// page VS Code shows (pipelineGraphHtml with its CSP and nonce, webview/pipelineGraph/main.ts
// bundled with esbuild) served over HTTP, with a stand-in for acquireVsCodeApi. Data: the
// DeepStream-shaped fixture (with an element named `<img src=x onerror=alert(1)>`), the real
// snapshots gst-launch-1.0 writes at test time, and one unreadable file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { repoRoot } from '../../support/lspClient';
import { pipelineGraphHtml } from '../../../client/profile/core/pipelineGraphHtml';
import { graphPanelData, loadGraphSnapshots } from '../../../client/profile/core/graphPanelData';
import type { GraphPanelData } from '../../../webview/pipelineGraph/model';
import { deepstreamFixture, gstLaunchGraphs } from './graphFixtures';

const chromiumPath = process.env.SIGHTLINE_CHROMIUM || '/usr/bin/chromium';
let work: string;
let bundle: string;
let server: http.Server;
let origin: string;
let browser: Browser;
let data: GraphPanelData;
let html = '';

const SHIM = `(() => {
  window.__posted = [];
  window.__csp = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
  window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m), getState: () => undefined, setState: () => undefined });
})();`;

before(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-graph-panel-'));
  const r = await esbuild.build({ entryPoints: [path.join(repoRoot, 'webview', 'pipelineGraph', 'main.ts')], bundle: true, write: false, platform: 'browser', format: 'iife', target: 'es2022', logLevel: 'silent' });
  bundle = r.outputFiles[0].text;
  // A run folder as runProfile leaves it: graphs/<files>.
  const run = path.join(work, 'run');
  fs.mkdirSync(path.join(run, 'graphs'), { recursive: true });
  fs.copyFileSync(deepstreamFixture, path.join(run, 'graphs', 'deepstream-app.PAUSED_PLAYING.dot'));
  const real = gstLaunchGraphs(['videotestsrc', 'num-buffers=3', '!', 'video/x-raw,format=I420,width=320,height=240', '!', 'queue', 'name=q1', '!', 'videoconvert', '!', 'fakesink']);
  const realFiles = fs.readdirSync(real).filter((f) => f.endsWith('.dot'));
  for (const f of realFiles) fs.copyFileSync(path.join(real, f), path.join(run, 'graphs', f));
  fs.rmSync(real, { recursive: true, force: true });
  fs.writeFileSync(path.join(run, 'graphs', 'zz-broken.dot'), 'this is not a graph\n');
  const files = fs.readdirSync(path.join(run, 'graphs')).map((f) => `graphs/${f}`);
  data = graphPanelData('20261122-071500-orin', loadGraphSnapshots(run, files), 'graphs/deepstream-app.PAUSED_PLAYING.dot', ['nvinfer', 'nvstreammux']);
  server = http.createServer((req, res) => {
    if (req.url === '/pipelineGraph.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(bundle);
    } else {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  html = pipelineGraphHtml({ scriptUri: `${origin}/pipelineGraph.js`, cspSource: origin, title: 'Pipeline graph — 20261122-071500-orin', data });
  browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu'] });
});

after(async () => {
  await browser?.close();
  server?.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

async function openPanel(): Promise<{ page: Page; errors: string[]; dialogs: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 800 } });
  const errors: string[] = [];
  const dialogs: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.addInitScript(SHIM);
  await page.goto(origin);
  await page.waitForSelector('.element');
  return { page, errors, dialogs };
}

test('the DeepStream graph renders left to right: boxes, pads, caps labels, NVMM vs system links, bins, legend', { timeout: 120_000 }, async () => {
  const { page, errors, dialogs } = await openPanel();
  try {
    const ds = data.snapshots[data.selected].graph!;
    assert.equal(await page.locator('.element').count(), ds.elements.filter((e) => !e.isBin).length);
    assert.equal(await page.locator('.links .link.NVMM').count(), 9);
    assert.equal(await page.locator('.links .link.system').count(), 2);
    assert.equal(await page.locator('.bin').count(), 2);
    assert.match((await page.locator('.bin text').first().textContent()) ?? '', /source-bin-0[01] \(GstBin\)/);
    // NVMM and system-memory links look different (colour and dash), and the legend says which is which.
    const look = (sel: string) => page.locator(sel).first().evaluate((p) => `${getComputedStyle(p).stroke}|${getComputedStyle(p).strokeDasharray}`);
    const nv = await look('.links .link.NVMM path');
    const sys = await look('.links .link.system path');
    assert.notEqual(nv, sys);
    assert.match((await page.locator('.legend').textContent()) ?? '', /NVMM memory.*system memory.*not negotiated/);
    // Caps labels on the links, full caps in the link tooltip.
    const labels = await page.locator('.labels text').allTextContents();
    assert.ok(labels.includes('NVMM video/x-raw NV12 1920x1080'), labels.join(' | '));
    assert.ok(labels.includes('system video/x-raw RGBA 1280x720'), labels.join(' | '));
    assert.match((await page.locator('.links .link.NVMM title').first().textContent()) ?? '', /video\/x-raw\(memory:NVMM\)\nformat: NV12/);
    // Pads: the muxer's two request pads on its left, its src pad on its right.
    const mux = page.locator('.element', { hasText: 'stream-muxer' });
    assert.deepEqual(await mux.locator('.pad.sink text').allTextContents(), ['sink_0', 'sink_1']);
    assert.equal(await mux.locator('.pad.request').count(), 2);
    assert.deepEqual(await mux.locator('.pad.src text').allTextContents(), ['src']);
    assert.ok((await mux.locator('text.type').textContent())?.startsWith('nvstreammux (GstNvStreamMux)'));
    assert.ok((await page.locator('.element', { hasText: 'primary-inference' }).locator('text.prop').allTextContents()).some((t) => t.startsWith('config-file-path=')));
    // Left to right: sources, muxer, inference ... the sink last.
    const xOf = (name: string) => page.locator('.element', { hasText: name }).first().evaluate((g) => g.getBoundingClientRect().x);
    const order = ['uri-decode-bin-0', 'stream-muxer', 'primary-inference', 'tracker', 'nvtiler', 'nv-onscreendisplay', 'capsfilter-sys'];
    const xs: number[] = [];
    for (const n of order) xs.push(await xOf(n));
    assert.deepEqual([...xs].sort((a, b) => a - b), xs, `${order.join(',')}: ${xs.join(',')}`);
    // No two boxes overlap on screen.
    const rects = await page.locator('.element rect.box').evaluateAll((rs) => rs.map((r) => r.getBoundingClientRect()).map((b) => [b.x, b.y, b.right, b.bottom]));
    for (let i = 0; i < rects.length; i++) for (let j = i + 1; j < rects.length; j++) {
      const [a, b] = [rects[i], rects[j]];
      assert.ok(a[2] <= b[0] + 0.5 || b[2] <= a[0] + 0.5 || a[3] <= b[1] + 0.5 || b[3] <= a[1] + 0.5, `boxes ${i} and ${j} overlap`);
    }
    // The hostile element name is text: no <img>, no script ran, no dialog.
    const hostile = page.locator('.element text.name', { hasText: '<img src=x onerror=alert(1)>' });
    assert.equal(await hostile.count(), 1);
    assert.equal(await page.locator('img').count(), 0);
    await page.waitForTimeout(200);
    assert.deepEqual(dialogs, []);
    // Strict CSP held: nothing was blocked (inline styles, eval) and no error on the page.
    assert.deepEqual(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp), []);
    assert.deepEqual(errors, []);
    const csp = await page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '');
    assert.match(csp, /^default-src 'none';.* script-src 'nonce-[A-Za-z0-9]{16,}';/);
    assert.ok(!/unsafe-inline|unsafe-eval/.test(csp), csp);
    assert.ok(!html.includes('<img src=x'), 'the embedded data has no raw markup');
    assert.deepEqual(await page.evaluate(() => (window as unknown as { __posted: unknown[] }).__posted), [{ type: 'ready' }]);
    fs.mkdirSync(path.join(repoRoot, 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: path.join(repoRoot, 'test-artifacts', 'pipeline-graph.png') });
  } finally {
    await page.close();
  }
});

test('keyboard: Tab reaches the elements in pipeline order, Enter shows details, keys zoom and pan; reveal posts the factory', { timeout: 120_000 }, async () => {
  const { page, errors } = await openPanel();
  try {
    await page.focus('.canvas');
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');
    assert.match(first, /^uri-decode-bin-[01], uridecodebin \(GstURIDecodeBin\)/);
    await page.keyboard.press('Enter');
    assert.match((await page.locator('.details h2').textContent()) ?? '', /^uri-decode-bin-[01]$/);
    assert.match((await page.locator('.details').textContent()) ?? '', /Output links.*NVMM memory/s);
    // Tab on to the muxer (sources first), Enter: its pads and input caps are listed.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    assert.match(await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? ''), /^stream-muxer, nvstreammux/);
    await page.keyboard.press(' ');
    const details = (await page.locator('.details').textContent()) ?? '';
    assert.match(details, /sink_0sink, request/);
    assert.match(details, /batch-size2/);
    assert.equal(await page.locator('.links .link.highlight').count(), 3, 'its three links are highlighted');
    // Zoom and pan from the keyboard on the canvas.
    await page.focus('.canvas');
    const scale = async () => Number(await page.locator('.canvas').getAttribute('data-scale'));
    // The long DeepStream chain opens at a readable size from its sources; 0 fits all of it.
    assert.ok((await scale()) >= 0.7);
    await page.keyboard.press('0');
    const s0 = await scale();
    assert.ok(s0 < 0.7, `fit scale ${s0}`);
    await page.keyboard.press('+');
    assert.ok((await scale()) > s0);
    await page.keyboard.press('-');
    await page.keyboard.press('-');
    assert.ok((await scale()) < s0);
    await page.keyboard.press('0');
    assert.equal(await scale(), s0);
    const t0 = await page.locator('.viewport').getAttribute('transform');
    await page.keyboard.press('ArrowRight');
    assert.notEqual(await page.locator('.viewport').getAttribute('transform'), t0);
    // Wheel zoom too.
    const box = (await page.locator('.canvas').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -300);
    assert.ok((await scale()) > s0);
    // nvinfer appears in the workspace: the details offer to reveal it, and that posts to the extension.
    await page.focus('.canvas');
    await page.keyboard.press('0');
    await page.locator('.element', { hasText: 'primary-inference' }).click();
    await page.getByRole('button', { name: 'Reveal nvinfer in the workspace' }).click();
    const posted = await page.evaluate(() => (window as unknown as { __posted: unknown[] }).__posted);
    assert.deepEqual(posted[posted.length - 1], { type: 'reveal', factory: 'nvinfer', element: 'primary-inference' });
    // An element whose factory is not in the workspace offers nothing.
    await page.locator('.element', { hasText: 'tracker' }).click();
    assert.equal(await page.getByRole('button', { name: /^Reveal/ }).count(), 0);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test('the picker switches between the snapshots GStreamer wrote; an unreadable file shows its error', { timeout: 120_000 }, async () => {
  const { page, errors } = await openPanel();
  try {
    const options = await page.locator('#snapshot option').allTextContents();
    assert.equal(options.length, data.snapshots.length);
    assert.ok(options.some((o) => /^PAUSED → PLAYING at .*gst-launch\.PAUSED_PLAYING\.dot\)$/.test(o)), options.join(' | '));
    assert.ok(options.some((o) => /^NULL → READY/.test(o)));
    const playing = data.snapshots.findIndex((s) => /gst-launch\.PAUSED_PLAYING\.dot$/.test(s.file));
    await page.selectOption('#snapshot', String(playing));
    await page.waitForFunction(() => document.querySelectorAll('.element').length === 5);
    const names = await page.locator('.element text.name').allTextContents();
    assert.deepEqual([...names].sort(), ['fakesink0', 'q1', 'videoconvert0', 'videotestsrc0', 'capsfilter0'].sort());
    assert.equal(await page.locator('.links .link.system').count(), 4);
    assert.equal(await page.locator('.links .link.NVMM').count(), 0);
    assert.match((await page.locator('.summary').textContent()) ?? '', /5 elements, 4 links \(0 NVMM, 4 system memory\)/);
    // The READY snapshot: links exist but caps are not negotiated yet (template caps or none).
    const ready = data.snapshots.findIndex((s) => /NULL_READY\.dot$/.test(s.file));
    await page.selectOption('#snapshot', String(ready));
    await page.waitForFunction(() => document.querySelectorAll('.element').length === 5);
    const broken = data.snapshots.findIndex((s) => s.file.endsWith('zz-broken.dot'));
    await page.selectOption('#snapshot', String(broken));
    await page.waitForSelector('[role=alert]');
    assert.match((await page.locator('[role=alert]').textContent()) ?? '', /zz-broken\.dot: line 1: not a GStreamer pipeline graph/);
    assert.equal(await page.locator('.element').count(), 0);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});
