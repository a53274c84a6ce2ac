// Keystroke → diagnostics, and the workspace-wide pass. Owns when linting happens:
// - open documents: on open (now), on change (debounced by how long the last lint of that
//   document took, so a fast lint answers every keystroke and a slow one coalesces bursts), on
//   save; a result is published only if the document is still at the version it was computed for;
// - dependents: after a file changes, the files that reference it (dependency index) re-check;
// - the workspace pass on start and after settings or exclude changes: cancellable, reported with
//   window/workDoneProgress, yielding to the event loop between files;
// - watched-file events: created / changed / deleted files on disk.
import * as fs from 'node:fs';
import type { Connection, Diagnostic, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LintDiagnostic } from '../lint/diagnostic';
import { lintText, maxLintBytes } from '../lint/lintFile';
import { detectFileKind } from '../lint/fileKind';
import { URI } from '../uri';
import { DependencyIndex } from '../workspace/dependencyIndex';
import { findPathReferences } from '../workspace/pathReferences';
import { isCandidatePath, scanFolder, yieldToEventLoop, type ScanCancellation } from '../workspace/workspaceScan';
import { compileGlobs } from '../workspace/glob';
import { toLspDiagnostic } from './convert';
import type { DiagnosticSources } from './diagnosticSources';
import { recordingFileAccess, type OpenTexts } from './documentFiles';
import type { ServerSettings } from './settings';
import * as path from 'node:path';

/** What code actions need from a published diagnostic (kept in Diagnostic.data). */
export interface SightlineDiagnosticData {
  fixes?: LintDiagnostic['fixes'];
  /** Document version the diagnostic (and its fix edits) belong to; undefined for disk text. */
  version?: number;
}

export const lintSource = 'lint';

/** Files larger than this are not read by the workspace pass (they are still linted when opened). */
export const maxScanBytes = 4 * 1024 * 1024;

export interface LintServiceHost {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  sources: DiagnosticSources;
  settings(): ServerSettings;
  workspaceFolders(): string[];
}

export interface WorkspacePassResult {
  files: number;
  linted: number;
  withDiagnostics: number;
  cancelled: boolean;
  ms: number;
}

export class LintService implements OpenTexts {
  readonly index = new DependencyIndex();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly lastLintMs = new Map<string, number>();
  /** Pending dependent re-checks per changed file. */
  private readonly dependentTimers = new Map<string, NodeJS.Timeout>();
  /** When each open document last changed (for the debounce). */
  private readonly lastChangeAt = new Map<string, number>();
  /** Version of each open document the last lint ran on. */
  private readonly lintedVersion = new Map<string, number>();
  /** fs paths → open document uri (for textOf and dependents). */
  private readonly openByPath = new Map<string, string>();
  /** Disk files waiting for a re-check (dependents, watched-file events). */
  private readonly diskQueue = new Set<string>();
  private diskQueueRunning = false;
  private pass: { token: { isCancelled: boolean }; done: Promise<WorkspacePassResult> } | undefined;
  /** Disk files the last workspace pass published diagnostics for (to clear them when excluded). */
  private readonly diskWithDiagnostics = new Set<string>();
  private passCounter = 0;

  constructor(private readonly host: LintServiceHost) {}

  textOf(fsPath: string): string | undefined {
    const uri = this.openByPath.get(fsPath);
    return uri ? this.host.documents.get(uri)?.getText() : undefined;
  }

  // -------------------------------------------------------------------------------------------
  // Open documents
  // -------------------------------------------------------------------------------------------

  opened(doc: TextDocument): void {
    this.openByPath.set(URI.toFsPath(doc.uri), doc.uri);
    this.lintDocumentNow(doc.uri);
  }

  changed(doc: TextDocument): void {
    if (!this.host.settings().onType) return;
    if (this.lintedVersion.get(doc.uri) === doc.version) return; // the open handler did it
    this.schedule(doc.uri);
  }

  saved(doc: TextDocument): void {
    if (!this.host.settings().onType) this.lintDocumentNow(doc.uri);
    // Dependents that are not open read this file from disk: now they see the saved text.
    this.queueDependents(URI.toFsPath(doc.uri));
  }

  closed(doc: TextDocument): void {
    const fsPath = URI.toFsPath(doc.uri);
    this.openByPath.delete(fsPath);
    const t = this.timers.get(doc.uri);
    if (t) clearTimeout(t);
    this.timers.delete(doc.uri);
    this.lastLintMs.delete(doc.uri);
    this.lintedVersion.delete(doc.uri);
    this.lastChangeAt.delete(doc.uri);
    // In the workspace: the disk text takes over (unsaved edits are gone). Elsewhere: clear.
    if (this.inWorkspace(fsPath) && isCandidatePath(fsPath) && !this.isExcluded(fsPath)) {
      this.diskWithDiagnostics.add(fsPath); // publish the disk result even when it is empty
      this.enqueueDisk(fsPath);
    } else this.host.sources.clear(doc.uri);
    this.queueDependents(fsPath);
  }

  private schedule(uri: string): void {
    const old = this.timers.get(uri);
    if (old) clearTimeout(old);
    // Debounce by the cost of the last lint of this document: the first change after a pause is
    // linted at once (a keystroke answers in one lint time); changes that arrive while the
    // previous ones are still pending wait as long as one lint takes (up to 150 ms), so a burst
    // or a file that changes faster than it can be linted coalesces instead of queueing.
    const cost = this.lastLintMs.get(uri) ?? 5;
    const now = performance.now();
    const inBurst = old !== undefined || now - (this.lastChangeAt.get(uri) ?? 0) < cost;
    this.lastChangeAt.set(uri, now);
    const delay = inBurst ? Math.min(150, Math.max(5, Math.round(cost))) : 0;
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        this.lintDocumentNow(uri);
      }, delay),
    );
  }

  /** Lints the open document's current text and publishes for its current version. */
  lintDocumentNow(uri: string): void {
    const doc = this.host.documents.get(uri);
    if (!doc) return;
    const version = doc.version;
    const fsPath = URI.toFsPath(uri);
    const text = doc.getText();
    const t0 = performance.now();
    const diags = this.lintAndIndex(fsPath, text, uri, version);
    this.lastLintMs.set(uri, performance.now() - t0);
    this.lintedVersion.set(uri, version);
    // The document may have moved on while we linted (a change was applied in between): drop.
    if (this.host.documents.get(uri)?.version !== version) return;
    this.host.sources.set(uri, lintSource, diags, version);
    this.queueDependents(fsPath);
  }

  /** Lints text, records dependencies, returns LSP diagnostics carrying their fixes. */
  private lintAndIndex(fsPath: string, text: string, uri: string, version: number | undefined): Diagnostic[] {
    const files = recordingFileAccess(this);
    const result = lintText(fsPath, text, this.host.settings().lint, files);
    if (result.kind !== 'none') {
      const deps = new Set(files.touched);
      for (const r of findPathReferences(fsPath, text)) deps.add(r.target);
      this.index.set(fsPath, deps);
    }
    return result.diagnostics.map((d) => {
      const out = toLspDiagnostic(d, uri);
      const data: SightlineDiagnosticData = { version };
      if (d.fixes?.length) data.fixes = d.fixes;
      out.data = data;
      return out;
    });
  }

  // -------------------------------------------------------------------------------------------
  // Dependents and disk files
  // -------------------------------------------------------------------------------------------

  /**
   * Re-checks every file that depends on `fsPath` (open ones from their text, others from disk),
   * once typing in `fsPath` pauses for 250 ms: a keystroke in a config does not re-lint its
   * dependents each time.
   */
  queueDependents(fsPath: string): void {
    if (!this.index.hasDependents(fsPath)) return;
    const old = this.dependentTimers.get(fsPath);
    if (old) clearTimeout(old);
    this.dependentTimers.set(
      fsPath,
      setTimeout(() => {
        this.dependentTimers.delete(fsPath);
        this.recheckDependents(fsPath);
      }, 250),
    );
  }

  private recheckDependents(fsPath: string): void {
    for (const dep of this.index.dependentsOf(fsPath)) {
      const uri = this.openByPath.get(dep);
      if (uri) this.schedule(uri);
      else this.enqueueDisk(dep);
    }
  }

  enqueueDisk(fsPath: string): void {
    this.diskQueue.add(fsPath);
    if (!this.diskQueueRunning) void this.drainDiskQueue();
  }

  private async drainDiskQueue(): Promise<void> {
    this.diskQueueRunning = true;
    try {
      // Let a burst of events (a branch switch) accumulate before starting.
      await new Promise((r) => setTimeout(r, 20));
      while (this.diskQueue.size) {
        const next = this.diskQueue.values().next().value as string;
        this.diskQueue.delete(next);
        await this.lintDiskFile(next);
        await yieldToEventLoop();
      }
    } finally {
      this.diskQueueRunning = false;
    }
  }

  /** Lints a file that is not open, from disk. A missing file clears its diagnostics. */
  async lintDiskFile(fsPath: string): Promise<boolean> {
    const uri = URI.fromFsPath(fsPath);
    if (this.openByPath.has(fsPath)) return false;
    const text = await readCandidate(fsPath);
    if (this.openByPath.has(fsPath)) return false; // opened while we read
    if (text === undefined) {
      if (this.diskWithDiagnostics.delete(fsPath)) this.host.sources.clear(uri);
      this.index.remove(fsPath);
      return false;
    }
    const diags = this.lintAndIndex(fsPath, text, uri, undefined);
    if (diags.length) this.diskWithDiagnostics.add(fsPath);
    if (diags.length || this.diskWithDiagnostics.has(fsPath) || this.host.sources.get(uri).length) {
      this.host.sources.set(uri, lintSource, diags, undefined);
      if (!diags.length) this.diskWithDiagnostics.delete(fsPath);
    }
    return true;
  }

  /** A watched file changed on disk (created, changed or deleted). */
  fileEvent(fsPath: string, type: 'created' | 'changed' | 'deleted'): void {
    if (type === 'deleted') {
      if (!this.openByPath.has(fsPath)) {
        this.diskWithDiagnostics.delete(fsPath);
        this.host.sources.clear(URI.fromFsPath(fsPath));
      }
      this.index.remove(fsPath);
    } else if (!this.openByPath.has(fsPath) && isCandidatePath(fsPath) && this.inWorkspace(fsPath) && !this.isExcluded(fsPath)) {
      this.enqueueDisk(fsPath);
    }
    this.queueDependents(fsPath);
  }

  // -------------------------------------------------------------------------------------------
  // Workspace pass
  // -------------------------------------------------------------------------------------------

  private inWorkspace(fsPath: string): boolean {
    return this.host.workspaceFolders().some((f) => {
      const rel = path.relative(f, fsPath);
      return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
    });
  }

  private isExcluded(fsPath: string): boolean {
    const globs = compileGlobs(this.host.settings().exclude);
    for (const f of this.host.workspaceFolders()) {
      const rel = path.relative(f, fsPath);
      if (rel.startsWith('..') || path.isAbsolute(rel)) continue;
      const parts = rel.split(path.sep);
      if (globs.matches(parts.join('/'))) return true;
      for (let i = 1; i < parts.length; i++) if (globs.matchesDir(parts.slice(0, i).join('/'))) return true;
    }
    return false;
  }

  /** Cancels a running workspace pass (if any). */
  cancelWorkspacePass(): void {
    if (this.pass) this.pass.token.isCancelled = true;
  }

  /** Starts (or restarts) the workspace pass; resolves when it ends or is cancelled. */
  lintWorkspace(): Promise<WorkspacePassResult> {
    this.cancelWorkspacePass();
    const token = { isCancelled: false };
    const done = this.runPass(token);
    this.pass = { token, done };
    return done;
  }

  private async runPass(token: ScanCancellation & { isCancelled: boolean }): Promise<WorkspacePassResult> {
    const t0 = performance.now();
    const id = ++this.passCounter;
    const folders = this.host.workspaceFolders();
    const result: WorkspacePassResult = { files: 0, linted: 0, withDiagnostics: 0, cancelled: false, ms: 0 };
    if (folders.length === 0) return result;
    const progress = await this.host.connection.window.createWorkDoneProgress().catch(() => undefined);
    const cancelSub = progress?.token.onCancellationRequested(() => {
      token.isCancelled = true;
    });
    progress?.begin('Sightline: checking workspace', 0, 'finding files', true);
    try {
      const settings = this.host.settings();
      const files: string[] = [];
      for (const f of folders) {
        const scan = await scanFolder(f, settings.exclude, token);
        files.push(...scan.files);
        for (const e of scan.errors) this.host.connection.console.warn(`workspace scan: ${e}`);
        if (scan.cancelled) break;
      }
      result.files = files.length;
      // Clear diagnostics of files no longer in the pass (newly excluded).
      const inPass = new Set(files);
      for (const f of [...this.diskWithDiagnostics]) {
        if (!inPass.has(f) && !this.openByPath.has(f)) {
          this.diskWithDiagnostics.delete(f);
          this.host.sources.clear(URI.fromFsPath(f));
        }
      }
      let lastReport = performance.now();
      let lastYield = performance.now();
      for (let i = 0; i < files.length; i++) {
        if (token.isCancelled) break;
        if (await this.lintDiskFile(files[i])) result.linted++;
        if (this.diskWithDiagnostics.has(files[i])) result.withDiagnostics++;
        const now = performance.now();
        if (now - lastYield > 8) {
          await yieldToEventLoop();
          lastYield = performance.now();
        }
        if (progress && now - lastReport > 100) {
          progress.report(Math.floor((100 * (i + 1)) / files.length), `${i + 1}/${files.length} files`);
          lastReport = now;
        }
      }
      result.cancelled = token.isCancelled;
    } finally {
      cancelSub?.dispose();
      progress?.done();
      result.ms = Math.round(performance.now() - t0);
      this.host.connection.console.info(
        `workspace pass ${id}: ${result.linted}/${result.files} files linted, ${result.withDiagnostics} with diagnostics, ${result.ms} ms${result.cancelled ? ' (cancelled)' : ''}`,
      );
      void this.host.connection.sendNotification('sightline/workspaceLintDone', result);
    }
    return result;
  }

  /** Re-lints every open document now (settings changed). */
  relintOpenDocuments(): void {
    for (const doc of this.host.documents.all()) this.lintDocumentNow(doc.uri);
  }

  kindOf(uri: string, text: string): ReturnType<typeof detectFileKind> {
    return detectFileKind(URI.toFsPath(uri), text);
  }
}

/**
 * Reads a candidate file for the workspace pass: undefined when missing, too large or binary.
 * Synchronous on purpose: for files of at most a few MiB a direct read costs tens of
 * microseconds, while a round trip through the libuv thread pool per file left the server idle
 * for a third of the pass on a busy 2-core machine. The pass yields every few milliseconds.
 */
async function readCandidate(fsPath: string): Promise<string | undefined> {
  try {
    const st = fs.statSync(fsPath);
    if (!st.isFile() || st.size > Math.min(maxScanBytes, maxLintBytes)) return undefined;
    const buf = fs.readFileSync(fsPath);
    // Binary content (a .txt that is really an image): skip before decoding it all.
    if (buf.subarray(0, 8192).includes(0)) return undefined;
    return buf.toString('utf8');
  } catch {
    return undefined;
  }
}
