// Spawns the built language server (dist/server.js --stdio) and talks JSON-RPC to it over
// stdio, exactly as VS Code does. Tests use it to open/edit documents and await diagnostics,
// answer workspace/configuration with the settings they choose, follow $/progress, and send
// requests (code actions, hover, completion, ...).
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const sharedRoot = path.resolve(repoRoot, '..', 'shared');

export interface LspRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

export interface PublishedDiagnostics {
  uri: string;
  version?: number;
  diagnostics: { range: LspRange; severity?: number; code?: string | number; message: string; source?: string; data?: unknown }[];
}

export interface ProgressEvent {
  token: string | number;
  value: { kind: 'begin' | 'report' | 'end'; title?: string; message?: string; percentage?: number; cancellable?: boolean };
  at: number;
}

export interface TimedPublish extends PublishedDiagnostics {
  at: number;
}

type Waiter<T> = { pred: (p: T) => boolean; resolve: (p: T) => void };

export class LspTestClient {
  readonly proc: ChildProcess;
  readonly conn: MessageConnection;
  readonly published: TimedPublish[] = [];
  readonly progress: ProgressEvent[] = [];
  readonly logs: string[] = [];
  readonly stderr: string[] = [];
  /** What workspace/configuration answers per section (`sightline`, `files.exclude`). */
  settings: Record<string, unknown> = {};
  /** Every workspace/configuration request the server made. */
  readonly configurationRequests: unknown[] = [];
  private waiters: Waiter<PublishedDiagnostics>[] = [];
  private progressWaiters: Waiter<ProgressEvent>[] = [];
  private notificationWaiters: { method: string; resolve: (p: unknown) => void }[] = [];
  private readonly versions = new Map<string, number>();

  constructor(extraArgs: string[] = []) {
    // SIGHTLINE_SERVER_NODE_ARGS (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`) profiles the server.
    const nodeArgs = process.env.SIGHTLINE_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
    this.proc = spawn(process.execPath, [...nodeArgs, path.join(repoRoot, 'dist', 'server.js'), '--stdio', ...extraArgs], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stderr?.on('data', (b: Buffer) => this.stderr.push(b.toString()));
    this.conn = createMessageConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.conn.onNotification('textDocument/publishDiagnostics', (p: PublishedDiagnostics) => {
      this.published.push({ ...p, at: performance.now() });
      this.waiters = this.waiters.filter((w) => {
        if (w.pred(p)) {
          w.resolve(p);
          return false;
        }
        return true;
      });
    });
    this.conn.onNotification('$/progress', (p: { token: string | number; value: ProgressEvent['value'] }) => {
      const ev = { ...p, at: performance.now() };
      this.progress.push(ev);
      this.progressWaiters = this.progressWaiters.filter((w) => {
        if (w.pred(ev)) {
          w.resolve(ev);
          return false;
        }
        return true;
      });
    });
    this.conn.onNotification((method: string, params: unknown) => {
      this.notificationWaiters = this.notificationWaiters.filter((w) => {
        if (w.method === method) {
          w.resolve(params);
          return false;
        }
        return true;
      });
    });
    this.conn.onNotification('window/logMessage', (p: { message: string }) => this.logs.push(p.message));
    this.conn.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => {
      this.configurationRequests.push(p);
      return p.items.map((i) => (i.section !== undefined && i.section in this.settings ? this.settings[i.section] : null));
    });
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.listen();
  }

  async initialize(rootUri: string | null = null, initializationOptions: unknown = {}): Promise<{ capabilities: Record<string, unknown> }> {
    const res = await this.conn.sendRequest<{ capabilities: Record<string, unknown> }>('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: rootUri ? [{ uri: rootUri, name: 'ws' }] : null,
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: true },
        window: { workDoneProgress: true },
        textDocument: { publishDiagnostics: { versionSupport: true }, codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } } },
      },
      initializationOptions,
    });
    await this.conn.sendNotification('initialized', {});
    return res;
  }

  waitForDiagnostics(uri: string, pred: (p: PublishedDiagnostics) => boolean = () => true, timeoutMs = 10000): Promise<PublishedDiagnostics> {
    const existing = this.published.find((p) => p.uri === uri && pred(p));
    if (existing) return Promise.resolve(existing);
    return this.nextDiagnostics(uri, pred, timeoutMs);
  }

  /** Like waitForDiagnostics, but only for publications that arrive from now on. */
  nextDiagnostics(uri: string, pred: (p: PublishedDiagnostics) => boolean = () => true, timeoutMs = 10000): Promise<PublishedDiagnostics> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({ pred: (p) => p.uri === uri && pred(p), resolve: (p) => (clearTimeout(timer), resolve(p)) });
    });
  }

  waitForProgress(pred: (p: ProgressEvent) => boolean, timeoutMs = 20000): Promise<ProgressEvent> {
    const existing = this.progress.find(pred);
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching $/progress within ${timeoutMs} ms`)), timeoutMs);
      this.progressWaiters.push({ pred, resolve: (p) => (clearTimeout(timer), resolve(p)) });
    });
  }

  /** The next custom notification `method` (e.g. `sightline/workspaceLintDone`). */
  waitForNotification<T>(method: string, timeoutMs = 20000): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${method} within ${timeoutMs} ms`)), timeoutMs);
      this.notificationWaiters.push({ method, resolve: (p) => (clearTimeout(timer), resolve(p as T)) });
    });
  }

  /** The latest diagnostics published for `uri` (undefined if none yet). */
  latest(uri: string): PublishedDiagnostics | undefined {
    for (let i = this.published.length - 1; i >= 0; i--) if (this.published[i].uri === uri) return this.published[i];
    return undefined;
  }

  open(uri: string, languageId: string, text: string, version = 1): Promise<void> {
    this.versions.set(uri, version);
    return this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  /** Replaces the whole text (one full-content change); returns the new version. */
  async replace(uri: string, text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    return version;
  }

  /** One incremental edit (as a keystroke sends it); returns the new version. */
  async edit(uri: string, range: LspRange, text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
    return version;
  }

  version(uri: string): number | undefined {
    return this.versions.get(uri);
  }

  save(uri: string): Promise<void> {
    return this.conn.sendNotification('textDocument/didSave', { textDocument: { uri } });
  }

  close(uri: string): Promise<void> {
    this.versions.delete(uri);
    return this.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** Sets what workspace/configuration returns and tells the server settings changed. */
  changeSettings(settings: Record<string, unknown>): Promise<void> {
    this.settings = settings;
    return this.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
  }

  fileChanged(uri: string, type: 'created' | 'changed' | 'deleted'): Promise<void> {
    return this.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: type === 'created' ? 1 : type === 'changed' ? 2 : 3 }] });
  }

  request<T>(method: string, params: unknown): Promise<T> {
    return this.conn.sendRequest<T>(method, params);
  }

  /** Resident memory of the server process in bytes (Linux /proc), undefined elsewhere. */
  serverRss(): number | undefined {
    try {
      const status = fs.readFileSync(`/proc/${this.proc.pid}/status`, 'utf8');
      const m = /VmRSS:\s+(\d+) kB/.exec(status);
      return m ? Number(m[1]) * 1024 : undefined;
    } catch {
      return undefined;
    }
  }

  async shutdown(): Promise<void> {
    try {
      await this.conn.sendRequest('shutdown');
      await this.conn.sendNotification('exit');
    } catch {
      /* already gone */
    }
    this.conn.dispose();
    this.proc.kill();
  }
}

/** Applies LSP text edits (non-overlapping) to a text. */
export function applyEdits(text: string, edits: { range: LspRange; newText: string }[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offset = (p: { line: number; character: number }): number => Math.min(text.length, (lineStarts[p.line] ?? text.length) + p.character);
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}
