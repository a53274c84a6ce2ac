// Runs the trace viewer webview (dist/webview.js, the page VS Code shows, same CSP) in headless
// Chromium through playwright-core, with a test host that answers the webview's data requests
// from the trace engine directly (TraceService, the code behind the LSP requests). Used by the
// browser tests (test/webview/*.test.ts) and the benchmark (test/bench/viewer.bench.ts).
import * as http from 'node:http';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { chromium, type Browser, type Page } from 'playwright-core';
import { webviewHtml } from '../../client/trace/webviewHtml';
import { TraceService, type OpenResult } from '../../server/lsp/traceHandlers';
import type { HostToWebview, TraceInfo, WebviewToHost } from '../../webview/hostMessages';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const sharedDir = path.resolve(repoRoot, '..', 'shared');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Gunzips ../shared/traces/h100/NAME.sqlite.gz into a temp dir once per process. */
export function sharedTrace(name: string): string {
  const dir = path.join(os.tmpdir(), `sightline-viewer-traces-${process.pid}`);
  fs.mkdirSync(dir, { recursive: true });
  const out = path.join(dir, `${name}.sqlite`);
  if (!fs.existsSync(out)) {
    const gz = path.join(sharedDir, 'traces', 'h100', `${name}.sqlite.gz`);
    fs.writeFileSync(out, execFileSync('gunzip', ['-c', gz], { maxBuffer: 1 << 30 }));
  }
  return out;
}

const SHIM = `(() => {
  let state = null;
  try { state = JSON.parse(sessionStorage.getItem('sightline-state') || 'null'); } catch { state = null; }
  window.__cspViolations = [];
  window.__hostMessages = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
  window.acquireVsCodeApi = () => ({
    postMessage: (m) => { window.__sightlineHostSend(m).then((reply) => { if (reply) window.postMessage(reply, '*'); }); },
    getState: () => state,
    setState: (s) => { state = s; sessionStorage.setItem('sightline-state', JSON.stringify(s)); },
  });
})();`;

export class ViewerHarness {
  readonly service = new TraceService({ folders: [] });
  /** Messages the webview sent that are not data requests (openSource, viewChanged, ...). */
  readonly fromWebview: WebviewToHost[] = [];
  readonly requests: { method: string; ms: number }[] = [];
  private readyWaiters: (() => void)[] = [];
  private readyCount = 0;

  private constructor(
    readonly browser: Browser,
    readonly page: Page,
    private readonly server: http.Server,
    readonly url: string,
  ) {}

  static async start(viewport = { width: 1400, height: 800 }): Promise<ViewerHarness> {
    const bundle = path.join(repoRoot, 'dist', 'webview.js');
    if (!fs.existsSync(bundle)) throw new Error('dist/webview.js is missing: build first (node scripts/build.mjs)');
    const server = http.createServer((req, res) => {
      const origin = `http://${req.headers.host}`;
      if (req.url === '/' || req.url?.startsWith('/?')) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(webviewHtml({ scriptUri: '/dist/webview.js', cspSource: origin, title: 'Sightline viewer test', inlineScripts: [SHIM] }));
      } else if (req.url === '/dist/webview.js') {
        res.writeHead(200, { 'content-type': 'text/javascript' });
        res.end(fs.readFileSync(bundle));
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu-vsync', '--disable-frame-rate-limit'] });
    const page = await browser.newPage({ viewport });
    const h = new ViewerHarness(browser, page, server, `http://127.0.0.1:${port}/`);
    await page.exposeFunction('__sightlineHostSend', (m: WebviewToHost) => h.receive(m));
    await h.load();
    return h;
  }

  /** (Re)loads the page and waits for the webview's `ready`. */
  async load(): Promise<void> {
    const ready = this.nextReady();
    await this.page.goto(this.url);
    await ready;
  }

  private nextReady(): Promise<void> {
    const want = this.readyCount + 1;
    return new Promise((r) => this.readyWaiters.push(() => this.readyCount >= want && r()));
  }

  /** A request's answer is the binding's return value (the shim posts it into the page). */
  private async receive(m: WebviewToHost): Promise<HostToWebview | undefined> {
    if (m.type === 'ready') {
      this.readyCount++;
      for (const w of this.readyWaiters.splice(0)) w();
      return undefined;
    }
    if (m.type !== 'request') {
      this.fromWebview.push(m);
      return undefined;
    }
    const started = performance.now();
    let reply: HostToWebview;
    try {
      const result = await this.service.request(m.method, m.params);
      reply = { type: 'response', id: m.id, result };
    } catch (e) {
      reply = { type: 'response', id: m.id, error: (e as Error).message };
    }
    this.requests.push({ method: m.method, ms: performance.now() - started });
    return reply;
  }

  post(m: HostToWebview): Promise<void> {
    return this.page.evaluate((msg) => window.postMessage(msg, '*'), m as unknown as Record<string, unknown>);
  }

  async openTrace(file: string): Promise<OpenResult> {
    return (await this.service.request('open', { path: file })) as OpenResult;
  }

  static info(o: OpenResult): TraceInfo {
    return { traceId: o.traceId, title: o.title, startNs: o.startNs, endNs: o.endNs, warnings: o.warnings };
  }

  /** Sends `loaded` and waits for the first complete frame; returns its time in ms. */
  async show(o: OpenResult, compareWith?: OpenResult): Promise<number> {
    await this.post({ type: 'loaded', info: ViewerHarness.info(o), compareWith: compareWith ? ViewerHarness.info(compareWith) : undefined });
    return this.page.evaluate(() => window.sightlineViewer!.firstFrame);
  }

  /** Waits until the (first) timeline holds data for its current window. */
  settled(index = 0): Promise<void> {
    return this.page.evaluate((i) => window.sightlineViewer!.timelines[i].whenSettled(), index);
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}
