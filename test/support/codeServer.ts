// End-to-end harness: the packaged extension in real VS Code for the Web (code-server), driven
// through Debian Chromium with playwright-core. One session = one code-server process + one
// browser, each with its own throw-away directories under .e2e/sessions/, so tests may run in
// parallel and never touch ~/.config, ~/.local or a developer's VS Code.
//
// API (stable; other tests build on it):
//
//   import { startCodeServerSession, copyWorkspace, examplesDir } from '../support/codeServer';
//
//   const s = await startCodeServerSession({ workspace: examplesDir, name: 'activation' });
//   try {
//     await s.openFile('deepstream_app_config.txt');          // quick open (F1, file mode)
//     await s.waitForOutput('Sightline', /language server started/);
//     await s.runCommand('Sightline: Show Pipeline Findings'); // command palette (F1), exact title
//     const problems = await s.waitForProblems((ps) => ps.some((p) => p.code === 'config/x'));
//     await s.screenshot('activation');                        // -> test-artifacts/activation.png
//   } finally {
//     await s.close();                                          // kills browser + server group
//   }
//
// startCodeServerSession(options) packages the .vsix once per test run (ensureVsix), installs it
//   with `code-server --install-extension` into the session's own --extensions-dir, starts
//   code-server on a free 127.0.0.1 port (auth none, telemetry and update checks off, Workspace
//   Trust off unless `workspaceTrust: true`), launches Chromium (/usr/bin/chromium or
//   $SIGHTLINE_CHROMIUM) with a fresh profile, opens `?folder=<workspace>` and waits until the
//   workbench shows the folder in the Explorer.
//   Options: workspace (required; absolute or relative to the repo root), name (label for
//   directories), settings (user settings.json entries merged over quiet defaults),
//   installExtension (default true), workspaceTrust (default false), viewport (1400x900),
//   timeoutMs (default wait, 90 s), env (extra environment for code-server and so for the
//   extension host and the language server).
// CodeServerSession.attach({ url, workspace, userDataDir, ... }) opens a code-server started by
//   something else (the `npm start` test) in a fresh Chromium; its close() closes the browser only.
// Session methods (all throw an Error with a precise message and a screenshot path on failure):
//   waitForWorkbench()                  the workbench and the Explorer's folder are shown
//   runCommand(title)                   F1, types the title, accepts the entry whose label is
//                                       exactly `title` (e.g. 'Sightline: Open Trace')
//   paletteEntries(query)               labels the palette lists for `query`, without their
//                                       keybindings (closes the palette again)
//   openFile(relativePath)              quick open; resolves when its editor tab is active
//   goToLine(line, column = 1)          cursor of the active editor to that 1-based position
//   applyCodeAction(title)              Ctrl+. at the cursor, applies the action with that title
//   readProblems()                      every row of the Problems panel (scrolls the virtual list)
//   waitForProblems(predicate)          polls readProblems() until predicate(problems) holds
//   outputChannels()                    names listed by 'Output: Show Output Channels...'
//   readOutputChannel(name)             shows the channel in the Output panel, returns its text
//                                       as rendered (long lines may be wrapped into several)
//   waitForOutput(name, textOrRegExp)   polls readOutputChannel until it matches
//   extensionLog(name = 'Sightline')    the LogOutputChannel's file on disk (complete text, no UI)
//   serverLog()                         code-server's stdout/stderr so far
//   traceViewerFrame()                  the webview frame running the Sightline trace viewer
//                                       (window.sightlineViewer), once one exists
//   screenshot(name)                    PNG into test-artifacts/<name>.png; returns the path
//   close()                             closes the browser (and deletes its profile), SIGTERMs
//                                       code-server's process group (extension host, language
//                                       server, pty host), SIGKILLs what is left after 5 s;
//                                       idempotent. The session's user-data (logs) stays.
//   page / context                      the playwright Page / BrowserContext for anything else
// Helpers: copyWorkspace(src, name) copies a folder to .e2e/workspaces/ for tests that edit files;
//   e2eScratchDir(name) makes an empty folder under .e2e/scratch/ for generated files;
//   processesMentioning(text) lists live pids whose command line contains `text` (orphan checks);
//   examplesDir, artifactsDir, repoRoot. SIGHTLINE_E2E_DEBUG=1 prints start-up phase durations.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Frame, type Page } from 'playwright-core';
import { ensureVsix, repoRoot, e2eDir } from './vsix';

export { ensureVsix, repoRoot } from './vsix';
export const examplesDir = path.join(repoRoot, 'examples');
export const artifactsDir = path.join(repoRoot, 'test-artifacts');
const codeServerEntry = path.join(repoRoot, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

export interface CodeServerSessionOptions {
  /** Folder to open: absolute, or relative to the repository root. */
  workspace: string;
  /** Label for the session's directories (default 'session'). */
  name?: string;
  /** User settings merged over the harness defaults (see defaultSettings). */
  settings?: Record<string, unknown>;
  /** Install the freshly packaged .vsix (default true). */
  installExtension?: boolean;
  /** Keep Workspace Trust on, so the folder opens in Restricted Mode until trusted (default false). */
  workspaceTrust?: boolean;
  viewport?: { width: number; height: number };
  /** Default timeout of the waiting helpers in ms (default 90 000; the machine may be loaded). */
  timeoutMs?: number;
  /** Extra environment for code-server (inherited by the extension host and language server). */
  env?: Record<string, string>;
}

export type ProblemSeverity = 'error' | 'warning' | 'info';

export interface ProblemEntry {
  /** File name as the Problems panel shows it (basename). */
  file: string;
  /** The folder description shown next to the file name ('' for files at the workspace root). */
  folder: string;
  severity: ProblemSeverity;
  message: string;
  source: string;
  code: string;
  /** 1-based, as shown ("[Ln 3, Col 5]"). */
  line: number;
  column: number;
}

/** Quiet defaults: no welcome page, tips, telemetry, update checks or minimap in screenshots. */
export const defaultSettings: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'editor.minimap.enabled': false,
  'window.restoreWindows': 'none',
  'chat.commandCenter.enabled': false,
};

const chromiumFlags = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Path of the Chromium binary: $SIGHTLINE_CHROMIUM, else Debian's /usr/bin/chromium. */
export function chromiumPath(): string {
  return process.env.SIGHTLINE_CHROMIUM || '/usr/bin/chromium';
}

let sessionCounter = 0;
const liveGroups = new Set<number>();
process.on('exit', () => {
  // Last resort when a test crashes before close(): never leave a code-server behind.
  for (const pgid of liveGroups) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** SIGHTLINE_E2E_DEBUG=1 prints the start-up phases with their durations to stderr. */
function phaseTimer(label: string): (phase: string) => void {
  let last = Date.now();
  return (phase) => {
    if (process.env.SIGHTLINE_E2E_DEBUG !== '1') return;
    const now = Date.now();
    process.stderr.write(`[e2e ${label}] ${phase}: ${now - last} ms\n`);
    last = now;
  };
}

function sessionLabel(name: string): string {
  return `${name.replace(/[^A-Za-z0-9_.-]/g, '_')}-${process.pid}-${++sessionCounter}`;
}

/** Copies `src` (e.g. examplesDir) to .e2e/workspaces/<name>-<pid>-<n>/ and returns the copy's path. */
export function copyWorkspace(src: string, name = 'workspace'): string {
  const dest = path.join(e2eDir, 'workspaces', sessionLabel(name));
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(path.dirname(dest), { recursive: true });
  cpSync(path.resolve(repoRoot, src), dest, { recursive: true });
  return dest;
}

/** A new empty folder under .e2e/scratch/ for files a test generates. */
export function e2eScratchDir(name = 'scratch'): string {
  const dir = path.join(e2eDir, 'scratch', sessionLabel(name));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Pids of live processes whose command line contains `text` (this process excluded). */
export function processesMentioning(text: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      // Zombies have an empty cmdline and are not running.
      if (readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]?.startsWith('Z')) continue;
    } catch {
      continue;
    }
    if (cmdline.includes(text)) pids.push(Number(entry));
  }
  return pids;
}

function requireFile(file: string, hint: string): void {
  if (!existsSync(file)) throw new Error(`sightline e2e: ${file} is missing: ${hint}`);
}

export class CodeServerSession {
  private closed = false;
  private log = '';

  private constructor(
    readonly dir: string,
    readonly workspace: string,
    readonly url: string,
    readonly userDataDir: string,
    readonly extensionsDir: string,
    readonly context: BrowserContext,
    readonly page: Page,
    readonly timeoutMs: number,
    /** The code-server this session started and ends in close(); undefined for attach(). */
    private readonly server: ChildProcess | undefined,
    serverLogSoFar: string,
    appendTo: (sink: (chunk: string) => void) => void,
  ) {
    this.log = serverLogSoFar;
    appendTo((chunk) => {
      this.log += chunk;
    });
  }

  /** Starts code-server with the packaged extension and opens `options.workspace` in Chromium. */
  static async start(options: CodeServerSessionOptions): Promise<CodeServerSession> {
    requireFile(codeServerEntry, 'run `npm ci` (code-server is a devDependency; see README for its apt packages).');
    requireFile(chromiumPath(), 'apt-get install chromium, or set SIGHTLINE_CHROMIUM.');
    const workspace = path.resolve(repoRoot, options.workspace);
    if (!existsSync(workspace) || !statSync(workspace).isDirectory()) throw new Error(`sightline e2e: workspace ${workspace} is not a folder`);
    const timeoutMs = options.timeoutMs ?? 90_000;
    const dir = path.join(e2eDir, 'sessions', sessionLabel(options.name ?? 'session'));
    const userDataDir = path.join(dir, 'user-data');
    const extensionsDir = path.join(dir, 'extensions');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
    mkdirSync(extensionsDir, { recursive: true });
    const settings = { ...defaultSettings, ...(options.workspaceTrust ? {} : { 'security.workspace.trust.enabled': false }), ...options.settings };
    writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
    // An explicit config file keeps code-server away from ~/.config/code-server/config.yaml.
    const configFile = path.join(dir, 'config.yaml');
    writeFileSync(configFile, 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n');
    const common = ['--config', configFile, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
    const env = { ...process.env, ...options.env };
    const phase = phaseTimer(path.basename(dir));

    if (options.installExtension ?? true) {
      const vsix = await ensureVsix();
      phase('package .vsix');
      const r = spawnSync(process.execPath, [codeServerEntry, ...common, '--install-extension', vsix], { env, encoding: 'utf8', timeout: 120_000 });
      if (r.status !== 0 || !/successfully installed/.test(r.stdout)) {
        throw new Error(`sightline e2e: installing ${vsix} into code-server failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
      }
      phase('install extension');
    }

    const args = [
      codeServerEntry,
      ...common,
      '--bind-addr',
      '127.0.0.1:0', // the OS picks a free port; code-server prints it
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-getting-started-override',
      ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
      '--ignore-last-opened',
      workspace,
    ];
    // detached: its own process group, so close() can end the extension host and language server too.
    const server = spawn(process.execPath, args, { cwd: dir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    liveGroups.add(server.pid!);
    const sinks: ((chunk: string) => void)[] = [];
    let early = '';
    const onData = (d: Buffer): void => {
      const s = d.toString();
      early += s;
      for (const sink of sinks) sink(s);
    };
    server.stdout!.on('data', onData);
    server.stderr!.on('data', onData);
    const killServer = (): void => {
      try {
        process.kill(-server.pid!, 'SIGKILL');
      } catch {
        /* gone */
      }
      liveGroups.delete(server.pid!);
    };

    let url: string;
    try {
      url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`sightline e2e: code-server did not report its URL within 60 s:\n${early}`)), 60_000);
        const check = (): void => {
          const m = /HTTP server listening on (http:\/\/\S+?)\/?\s/.exec(early);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]);
          }
        };
        sinks.push(check);
        server.once('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`sightline e2e: code-server exited (code ${code}) before listening:\n${early}`));
        });
        check();
      });
    } catch (err) {
      killServer();
      throw err;
    }
    sinks.length = 0;
    phase('code-server listening');

    return CodeServerSession.openBrowser(
      { dir, workspace, url, userDataDir, extensionsDir, timeoutMs, viewport: options.viewport, phase },
      server,
      early,
      (sink) => sinks.push(sink),
      killServer,
    );
  }

  /**
   * Opens a code-server that something else started (e.g. `npm start`) in a fresh Chromium.
   * close() then closes only the browser. `userDataDir` enables extensionLog().
   */
  static async attach(options: {
    url: string;
    workspace: string;
    userDataDir: string;
    extensionsDir?: string;
    name?: string;
    viewport?: { width: number; height: number };
    timeoutMs?: number;
  }): Promise<CodeServerSession> {
    requireFile(chromiumPath(), 'apt-get install chromium, or set SIGHTLINE_CHROMIUM.');
    const dir = path.join(e2eDir, 'sessions', sessionLabel(options.name ?? 'attached'));
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    return CodeServerSession.openBrowser(
      {
        dir,
        workspace: path.resolve(repoRoot, options.workspace),
        url: options.url.replace(/\/+$/, ''),
        userDataDir: options.userDataDir,
        extensionsDir: options.extensionsDir ?? '',
        timeoutMs: options.timeoutMs ?? 90_000,
        viewport: options.viewport,
        phase: phaseTimer(path.basename(dir)),
      },
      undefined,
      '',
      () => undefined,
      () => undefined,
    );
  }

  private static async openBrowser(
    o: {
      dir: string;
      workspace: string;
      url: string;
      userDataDir: string;
      extensionsDir: string;
      timeoutMs: number;
      viewport?: { width: number; height: number };
      phase: (p: string) => void;
    },
    server: ChildProcess | undefined,
    early: string,
    appendTo: (sink: (chunk: string) => void) => void,
    killServer: () => void,
  ): Promise<CodeServerSession> {
    let context: BrowserContext;
    try {
      context = await chromium.launchPersistentContext(path.join(o.dir, 'chromium'), {
        executablePath: chromiumPath(),
        headless: true,
        args: chromiumFlags,
        viewport: o.viewport ?? { width: 1400, height: 900 },
        timeout: 60_000,
      });
    } catch (err) {
      killServer();
      throw new Error(`sightline e2e: Chromium (${chromiumPath()}) did not start: ${(err as Error).message}`);
    }
    const page = context.pages()[0] ?? (await context.newPage());
    o.phase('chromium started');
    page.setDefaultTimeout(o.timeoutMs);
    const session = new CodeServerSession(o.dir, o.workspace, o.url, o.userDataDir, o.extensionsDir, context, page, o.timeoutMs, server, early, appendTo);
    try {
      await page.goto(`${o.url}/?folder=${encodeURIComponent(o.workspace)}`, { timeout: o.timeoutMs });
      await session.waitForWorkbench();
      o.phase('workbench ready');
    } catch (err) {
      const shot = await session.screenshot(`${path.basename(o.dir)}-startup-failure`).catch(() => '(no screenshot)');
      await session.close();
      throw new Error(`sightline e2e: the workbench did not come up (${(err as Error).message}); screenshot ${shot}\n${session.serverLog()}`);
    }
    return session;
  }

  /** Resolves when the workbench is shown with the workspace folder in the Explorer. */
  async waitForWorkbench(): Promise<void> {
    await this.page.waitForSelector('.monaco-workbench .part.statusbar', { state: 'visible', timeout: this.timeoutMs });
    await this.page.waitForSelector('.explorer-folders-view .monaco-list-row', { state: 'visible', timeout: this.timeoutMs });
  }

  private async openQuickInput(): Promise<void> {
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    // Focus the workbench first: F1 typed into nothing (e.g. after a webview took focus) is lost.
    for (let attempt = 0; attempt < 3; attempt++) {
      await this.page.keyboard.press('Escape');
      await this.page.keyboard.press('F1');
      try {
        await input.waitFor({ state: 'visible', timeout: 5_000 });
        return;
      } catch {
        await this.page.locator('.monaco-workbench .part.statusbar').click({ position: { x: 5, y: 5 } }).catch(() => undefined);
      }
    }
    await input.waitFor({ state: 'visible', timeout: this.timeoutMs });
  }

  /** Rows of the open quick input: label (highlighted name), description, aria-label. */
  private async quickInputRows(): Promise<{ label: string; description: string; ariaLabel: string }[]> {
    return this.page.$$eval('.quick-input-widget .quick-input-list .monaco-list-row', (rows) =>
      rows.map((r) => ({
        label: (r.querySelector('.label-name') as HTMLElement | null)?.innerText.trim() ?? '',
        description: (r.querySelector('.label-description') as HTMLElement | null)?.innerText.trim() ?? '',
        ariaLabel: r.getAttribute('aria-label') ?? '',
      })),
    );
  }

  private async quickInputLabels(): Promise<string[]> {
    return (await this.quickInputRows()).map((r) => r.label || r.ariaLabel);
  }

  /** The quick input's labels once the list is non-empty and has stopped changing (max 10 s). */
  private async stableQuickInputLabels(): Promise<string[]> {
    let labels: string[] = [];
    const deadline = Date.now() + 10_000;
    for (let previous = '\u0000'; Date.now() < deadline; await sleep(250)) {
      labels = await this.quickInputLabels();
      const now = labels.join('\n');
      if (now === previous && labels.length > 0) break;
      previous = now;
    }
    return labels;
  }

  /** The labels the command palette lists for `query` (without keybindings). Closes the palette. */
  async paletteEntries(query: string): Promise<string[]> {
    await this.openQuickInput();
    await this.page.fill('.quick-input-widget .quick-input-box input', `>${query}`);
    const labels = await this.stableQuickInputLabels();
    await this.page.keyboard.press('Escape');
    return labels;
  }

  /** Runs the command whose palette label is exactly `title`, e.g. 'Sightline: Open Trace'. */
  async runCommand(title: string): Promise<void> {
    await this.openQuickInput();
    await this.page.fill('.quick-input-widget .quick-input-box input', `>${title}`);
    // Up to 60 s: right after start-up under load, the remote extensions' commands may not be
    // registered yet, and the palette does not refresh an open list, so the query is re-typed.
    const deadline = Date.now() + Math.min(this.timeoutMs, 60_000);
    let labels: string[] = [];
    let retypeAt = Date.now() + 3_000;
    while (Date.now() < deadline) {
      if (Date.now() > retypeAt) {
        retypeAt = Date.now() + 3_000;
        await this.openQuickInput();
        await this.page.fill('.quick-input-widget .quick-input-box input', `>${title}`);
        await sleep(300);
      }
      labels = await this.quickInputLabels();
      const index = labels.indexOf(title);
      if (index >= 0) {
        await this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row').nth(index).click();
        // Accepted when the palette closes, or when the command opened a quick pick of its own
        // (the input no longer holds the palette query).
        await this.page
          .waitForFunction(
            (query) => {
              const widget = document.querySelector('.quick-input-widget') as HTMLElement | null;
              const input = widget?.querySelector('.quick-input-box input') as HTMLInputElement | null;
              return !widget || widget.style.display === 'none' || !input || input.value !== query;
            },
            `>${title}`,
            { timeout: 10_000, polling: 50 },
          )
          .catch(() => undefined);
        return;
      }
      await sleep(250);
    }
    await this.page.keyboard.press('Escape');
    const shot = await this.screenshot(`${path.basename(this.dir)}-command-not-found`);
    throw new Error(`sightline e2e: command '${title}' is not in the command palette (it lists: ${labels.join(' | ') || 'nothing'}); screenshot ${shot}`);
  }

  /** Opens `relativePath` (relative to the workspace) by quick open; resolves when its tab is active. */
  async openFile(relativePath: string): Promise<void> {
    const base = path.basename(relativePath);
    await this.openQuickInput();
    // Without the '>' prefix the quick input searches files.
    await this.page.fill('.quick-input-widget .quick-input-box input', relativePath);
    const deadline = Date.now() + Math.min(this.timeoutMs, 30_000);
    const dir = path.dirname(relativePath) === '.' ? '' : path.dirname(relativePath);
    let labels: string[] = [];
    while (Date.now() < deadline) {
      const rows = await this.quickInputRows();
      labels = rows.map((r) => `${r.label} ${r.description}`.trim());
      const index = rows.findIndex((r) => r.label === base && (dir === '' || r.description.endsWith(dir)));
      if (index >= 0) {
        await this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row').nth(index).click();
        await this.page
          .locator('.tabs-container .tab.active', { hasText: base })
          .first()
          .waitFor({ state: 'visible', timeout: this.timeoutMs });
        return;
      }
      await sleep(250);
    }
    await this.page.keyboard.press('Escape');
    const shot = await this.screenshot(`${path.basename(this.dir)}-file-not-found`);
    throw new Error(`sightline e2e: quick open found no '${relativePath}' (it lists: ${labels.join(' | ') || 'nothing'}); screenshot ${shot}`);
  }

  /** Moves the cursor of the active editor to `line`:`column` (1-based), via quick open's ':' mode. */
  async goToLine(line: number, column = 1): Promise<void> {
    await this.openQuickInput();
    await this.page.fill('.quick-input-widget .quick-input-box input', `:${line}:${column}`);
    await sleep(200);
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
  }

  /**
   * Opens the code action menu (Ctrl+.) at the cursor and applies the action titled `title`.
   * The menu is keyboard driven (a pointer block covers it), so the focus is moved with arrows.
   */
  async applyCodeAction(title: string): Promise<void> {
    await this.page.keyboard.press('Control+.');
    const rows = this.page.locator('.action-widget .monaco-list-row.action');
    await rows.first().waitFor({ state: 'visible', timeout: this.timeoutMs });
    await sleep(300);
    const labels = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    if (!labels.includes(title)) {
      await this.page.keyboard.press('Escape');
      const shot = await this.screenshot(`${path.basename(this.dir)}-code-action-not-found`);
      throw new Error(`sightline e2e: no code action '${title}' here (the menu offers: ${labels.join(' | ') || 'nothing'}); screenshot ${shot}`);
    }
    for (let i = 0; i <= labels.length + 2; i++) {
      const focused = await this.page.locator('.action-widget .monaco-list-row.focused').first().getAttribute('aria-label').catch(() => null);
      if (focused === title) break;
      await this.page.keyboard.press('ArrowDown');
    }
    await this.page.keyboard.press('Enter');
    await this.page.locator('.action-widget').first().waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
  }

  /** Shows the Problems panel and returns every marker row (file rows give `file`/`folder`). */
  async readProblems(): Promise<ProblemEntry[]> {
    await this.runCommand('Problems: Focus on Problems View');
    const list = this.page.locator('.markers-panel .monaco-list').first();
    await list.waitFor({ state: 'attached', timeout: this.timeoutMs });
    // The tree is virtualized: collect rows by index while scrolling it from top to bottom.
    const rows = new Map<number, RawProblemRow>();
    const box = await list.boundingBox();
    if (box) {
      await this.page.mouse.move(box.x + box.width / 2, box.y + Math.min(box.height / 2, 40));
      await this.page.mouse.wheel(0, -1e6);
      await sleep(100);
    }
    for (let round = 0; round < 500; round++) {
      const before = rows.size;
      for (const r of await readProblemRows(this.page)) rows.set(r.index, r);
      if (!box || (round > 0 && rows.size === before)) break;
      await this.page.mouse.wheel(0, Math.max(100, box.height - 44));
      await sleep(100);
    }
    if (box) {
      // Leave the list at the top, and the pointer where it opens no hover, for screenshots.
      await this.page.mouse.wheel(0, -1e6);
      await this.page.mouse.move(200, 12);
    }
    const problems: ProblemEntry[] = [];
    let file = '';
    let folder = '';
    for (const r of [...rows.values()].sort((a, b) => a.index - b.index)) {
      if (r.kind === 'file') {
        file = r.file;
        folder = r.folder;
      } else if (r.kind === 'marker') {
        const m = /Ln (\d+), Col (\d+)/.exec(r.position);
        problems.push({ file, folder, severity: r.severity, message: r.message, source: r.source, code: r.code, line: m ? Number(m[1]) : 0, column: m ? Number(m[2]) : 0 });
      }
    }
    return problems;
  }

  /** Polls the Problems panel until `predicate` holds; returns those problems. */
  async waitForProblems(predicate: (problems: ProblemEntry[]) => boolean, timeoutMs = this.timeoutMs): Promise<ProblemEntry[]> {
    const deadline = Date.now() + timeoutMs;
    let last: ProblemEntry[] = [];
    while (Date.now() < deadline) {
      last = await this.readProblems();
      if (predicate(last)) return last;
      await sleep(1000);
    }
    const shot = await this.screenshot(`${path.basename(this.dir)}-problems-timeout`);
    throw new Error(
      `sightline e2e: the Problems panel did not reach the expected state in ${timeoutMs} ms; it shows:\n` +
        last.map((p) => `  ${p.file}:${p.line}:${p.column} ${p.severity} ${p.code} ${p.message}`).join('\n') +
        `\nscreenshot ${shot}`,
    );
  }

  /** Names of the output channels ('Output: Show Output Channels...'). */
  async outputChannels(): Promise<string[]> {
    await this.runCommand('Output: Show Output Channels...');
    const labels = await this.stableQuickInputLabels();
    await this.page.keyboard.press('Escape');
    return labels;
  }

  /** Shows output channel `name` in the Output panel and returns its rendered text. */
  async readOutputChannel(name: string): Promise<string> {
    await this.runCommand('Output: Show Output Channels...');
    const deadline = Date.now() + 10_000;
    let labels: string[] = [];
    let index = -1;
    while (Date.now() < deadline) {
      labels = await this.quickInputLabels();
      index = labels.indexOf(name);
      if (index >= 0) break;
      await sleep(250);
    }
    if (index < 0) {
      await this.page.keyboard.press('Escape');
      throw new Error(`sightline e2e: there is no output channel '${name}' (channels: ${labels.join(' | ')})`);
    }
    await this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row').nth(index).click();
    const editor = this.page.locator('.output-view .monaco-editor').first();
    await editor.waitFor({ state: 'visible', timeout: this.timeoutMs });
    await sleep(300);
    // Virtualized like every Monaco editor: scroll through it and collect lines by their offset.
    const lines = new Map<number, string>();
    const box = await editor.boundingBox();
    if (box) {
      await this.page.mouse.move(box.x + box.width / 2, box.y + Math.min(box.height / 2, 40));
      await this.page.mouse.wheel(0, -1e7);
      await sleep(100);
    }
    for (let round = 0; round < 2000; round++) {
      const before = lines.size;
      const visible = await editor.evaluate((el) => {
        const scrollTop = (el.querySelector('.lines-content') as HTMLElement | null)?.style.top ?? '0px';
        const offset = -parseFloat(scrollTop) || 0;
        return Array.from(el.querySelectorAll('.view-lines .view-line')).map((l) => ({
          top: parseFloat((l as HTMLElement).style.top) || 0,
          text: (l as HTMLElement).innerText.replace(/\u00a0/g, ' '),
          offset,
        }));
      });
      for (const v of visible) lines.set(v.top, v.text);
      if (!box || (round > 0 && lines.size === before)) break;
      await this.page.mouse.wheel(0, Math.max(60, box.height - 40));
      await sleep(80);
    }
    return [...lines.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([, t]) => t)
      .join('\n')
      .replace(/\s+$/, '');
  }

  /** Polls output channel `name` until its text matches; returns the text. */
  async waitForOutput(name: string, expected: string | RegExp, timeoutMs = this.timeoutMs): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let text = '';
    let lastError = '';
    while (Date.now() < deadline) {
      try {
        text = await this.readOutputChannel(name);
        lastError = '';
        if (typeof expected === 'string' ? text.includes(expected) : expected.test(text)) return text;
      } catch (err) {
        lastError = (err as Error).message;
      }
      await sleep(1000);
    }
    const shot = await this.screenshot(`${path.basename(this.dir)}-output-timeout`);
    throw new Error(`sightline e2e: output channel '${name}' never showed ${String(expected)} in ${timeoutMs} ms. ${lastError}\nIt shows:\n${text}\nscreenshot ${shot}`);
  }

  /** Complete text of the extension's LogOutputChannel `name` from its log file (no UI involved). */
  extensionLog(name = 'Sightline'): string {
    const logsRoot = path.join(this.userDataDir, 'logs');
    const found: string[] = [];
    const walk = (dir: string): void => {
      if (!existsSync(dir)) return;
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(p);
        else if (entry.name === `${name}.log`) found.push(p);
      }
    };
    walk(logsRoot);
    return found
      .sort()
      .map((f) => readFileSync(f, 'utf8'))
      .join('');
  }

  /** code-server's stdout and stderr so far. */
  serverLog(): string {
    return this.log;
  }

  /** The webview frame that runs the Sightline trace viewer (VS Code nests it in two iframes), once one exists. */
  async traceViewerFrame(timeoutMs = this.timeoutMs): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      for (const f of this.page.frames()) {
        const ok = await f.evaluate(() => !!(window as unknown as { sightlineViewer?: unknown }).sightlineViewer).catch(() => false);
        if (ok) return f;
      }
      await sleep(250);
    }
    const shot = await this.screenshot(`${path.basename(this.dir)}-no-trace-viewer`);
    throw new Error(`sightline e2e: the trace viewer webview did not start in ${timeoutMs} ms; screenshot ${shot}`);
  }

  /** Saves a PNG of the whole window into test-artifacts/<name>.png and returns its path. */
  async screenshot(name: string): Promise<string> {
    mkdirSync(artifactsDir, { recursive: true });
    const file = path.join(artifactsDir, `${name.replace(/[^A-Za-z0-9_.-]/g, '_')}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  /** Closes the browser and ends code-server with everything it started. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.context.close().catch(() => undefined);
    // The browser profile is large and useless afterwards; logs in user-data stay for debugging.
    rmSync(path.join(this.dir, 'chromium'), { recursive: true, force: true });
    const server = this.server;
    if (!server) return;
    const pgid = server.pid!;
    const exited = new Promise<void>((resolve) => {
      if (server.exitCode !== null || server.signalCode !== null) resolve();
      else server.once('exit', () => resolve());
    });
    try {
      process.kill(-pgid, 'SIGTERM');
    } catch {
      /* already gone */
    }
    await Promise.race([exited, sleep(5_000)]);
    // Children (extension host, language server) may outlive the parent briefly; end the group.
    for (let i = 0; i < 20 && groupAlive(pgid); i++) await sleep(250);
    if (groupAlive(pgid)) {
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    liveGroups.delete(pgid);
    server.stdout?.destroy();
    server.stderr?.destroy();
  }
}

/** Same as CodeServerSession.start(options). */
export function startCodeServerSession(options: CodeServerSessionOptions): Promise<CodeServerSession> {
  return CodeServerSession.start(options);
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

interface RawProblemRow {
  index: number;
  kind: 'file' | 'marker' | 'other';
  file: string;
  folder: string;
  severity: ProblemSeverity;
  message: string;
  source: string;
  code: string;
  position: string;
}

function readProblemRows(page: Page): Promise<RawProblemRow[]> {
  return page.$$eval('.markers-panel .monaco-list-row', (els) =>
    els.map((el) => {
      const text = (sel: string): string => (el.querySelector(sel) as HTMLElement | null)?.innerText.trim() ?? '';
      const icon = el.querySelector('.marker-icon');
      const index = Number(el.getAttribute('data-index'));
      if (icon) {
        const severity = icon.classList.contains('error') ? 'error' : icon.classList.contains('warning') ? 'warning' : 'info';
        return {
          index,
          kind: 'marker' as const,
          file: '',
          folder: '',
          severity: severity as 'error' | 'warning' | 'info',
          message: text('.marker-message'),
          source: text('.marker-source'),
          code: text('.marker-code'),
          position: text('.marker-line'),
        };
      }
      const name = text('.monaco-icon-label .label-name');
      if (name) {
        return { index, kind: 'file' as const, file: name, folder: text('.monaco-icon-label .label-description'), severity: 'info' as const, message: '', source: '', code: '', position: '' };
      }
      return { index, kind: 'other' as const, file: '', folder: '', severity: 'info' as const, message: '', source: '', code: '', position: '' };
    }),
  );
}
