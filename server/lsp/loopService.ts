// The loop in the language server: the workspace NVTX index (shared with the trace viewer through
// ServerContext.nvtxIndex), the active profile (the trace the user opened, or the newest capture
// under .sightline/profiles/), and what it turns into: `sightline-trace` diagnostics, CodeLens,
// weighted lint diagnostics, the markdown report. The cores are server/index and server/loop.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DiagnosticSeverity, type CodeLens, type Diagnostic } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from '../uri';
import { NvtxIndex } from '../index/nvtxIndex';
import { traceModels, type TraceModelCache } from './traceModelCache';
import { loopTrace } from '../loop/traceFacts';
import { closeTheLoop } from '../loop/closeTheLoop';
import { weighLint } from '../loop/lintWeighting';
import { renderLoopReport } from '../loop/markdownReport';
import { OPEN_TRACE_AT_COMMAND, TRACE_DIAGNOSTIC_SOURCE, type LintLike, type LoopFile, type LoopResult, type LoopTrace, type TraceDiagnostic } from '../loop/loopTypes';
import { indexWorkspace } from '../loop/workspaceScan';
import { captureTimeOf } from '../loop/captureTime';
import { ContentBaseline } from '../loop/contentBaseline';

export const LOOP_SOURCE_KEY = 'trace';
const LINT_SOURCE = 'sightline';

export interface LoopHost {
  folders: string[];
  documents: { get(uri: string): TextDocument | undefined; all(): TextDocument[] };
  sources: { set(uri: string, source: string, diagnostics: Diagnostic[], version?: number): boolean; uris(): string[] };
  log(line: string): void;
  refreshCodeLenses(): void;
  /** Loaded trace models shared with the trace viewer (the server's cache when unset). */
  models?: TraceModelCache;
}

export interface LoopStatus {
  trace: string | null;
  takenAt: string | null;
  diagnostics: number;
  staleFiles: string[];
  unplaced: string[];
}

const severityOf: Record<TraceDiagnostic['severity'], DiagnosticSeverity> = {
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};
const severityName = (s: DiagnosticSeverity | undefined): LintLike['severity'] => (s === 1 ? 'error' : s === 2 ? 'warning' : s === 3 ? 'info' : 'hint');
const severityNumber: Record<LintLike['severity'], DiagnosticSeverity> = { error: 1, warning: 2, info: 3, hint: 4 };

/** `command:` URI that opens the trace zoomed on the evidence (diagnostic code link). */
export function evidenceCommandUri(args: unknown[]): string {
  return `command:${OPEN_TRACE_AT_COMMAND}?${encodeURIComponent(JSON.stringify(args))}`;
}

export class LoopService {
  readonly index = new NvtxIndex();
  private indexed = false;
  private trace: LoopTrace | undefined;
  private result: LoopResult | undefined;
  private published = new Set<string>();
  /**
   * Contents of the files the findings point to, recorded when a profile was first attached (per
   * trace file and capture time, so attaching the same profile again keeps what it recorded).
   */
  private readonly baselines = new Map<string, ContentBaseline>();
  private baseline: ContentBaseline | undefined;
  private timer: NodeJS.Timeout | undefined;
  private loading: Promise<unknown> = Promise.resolve();

  constructor(private readonly host: LoopHost) {}

  private get models(): TraceModelCache {
    return this.host.models ?? traceModels;
  }

  /** Builds the index from the workspace folders once (open documents override disk text). */
  ensureIndexed(): void {
    if (this.indexed) return;
    this.indexed = true;
    let n = 0;
    for (const f of this.host.folders) n += indexWorkspace(this.index, f);
    for (const d of this.host.documents.all()) this.documentChanged(d, false);
    this.host.log(`workspace index: ${n} files seen, ${this.index.allSites().length} NVTX call sites, ${this.index.gieConfigs.size} GIE ids`);
  }

  documentChanged(doc: TextDocument, schedule = true): void {
    if (!doc.uri.startsWith('file:')) return;
    this.index.update(URI.toFsPath(doc.uri), doc.getText());
    if (schedule && this.trace) this.schedule();
  }

  /** The newest capture under <folder>/.sightline/profiles/ (the last profile run), if any. */
  latestProfile(): string | undefined {
    return this.profiles()[0];
  }

  /** Captures under <folder>/.sightline/profiles/, newest first. */
  profiles(): string[] {
    const found: { p: string; t: number }[] = [];
    const walk = (dir: string, depth: number): void => {
      if (depth > 4) return;
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p, depth + 1);
        else if (/\.sqlite$/i.test(e.name)) found.push({ p, t: fs.statSync(p).mtimeMs });
      }
    };
    for (const f of this.host.folders) walk(path.join(f, '.sightline', 'profiles'), 0);
    return found.sort((a, b) => b.t - a.t).map((x) => x.p);
  }

  /** Attaches a profile (or detaches with null) and publishes what it proves. */
  async setTrace(tracePath: string | null, maxFileSizeMB?: number): Promise<LoopStatus> {
    const run = async (): Promise<void> => {
      this.ensureIndexed();
      if (!tracePath) {
        this.trace = undefined;
        this.result = undefined;
        this.baseline = undefined;
        this.publish();
        return;
      }
      const started = Date.now();
      // The model the trace viewer holds for this file when it has it open (read once), else a
      // fresh load that is dropped again once the loop has taken its figures.
      const lease = await this.models.acquire(tracePath, { maxFileSizeMB });
      const diagnosedBefore = this.models.hasDiagnosis(lease.model);
      try {
        // The diagnosis is the model's (the viewer's worker computed it, or computes it once for both).
        this.trace = loopTrace(tracePath, captureTimeOf(tracePath, lease.model), lease.model, await this.models.diagnosis(lease.model));
      } finally {
        lease.release();
      }
      const baselineKey = `${path.resolve(tracePath)}\u0000${this.trace.takenAtMs}`;
      this.baseline = this.baselines.get(baselineKey) ?? new ContentBaseline();
      this.baselines.set(baselineKey, this.baseline);
      const how = `${lease.shared ? 'model shared with the trace viewer' : 'model loaded'}, ${diagnosedBefore ? 'diagnosis shared' : 'diagnosed'}`;
      this.host.log(`profile ${path.basename(tracePath)} attached in ${Date.now() - started} ms (${how}); captured ${new Date(this.trace.takenAtMs).toISOString()} (${this.trace.takenAtSource ?? 'file'})`);
      this.refresh();
    };
    this.loading = this.loading.then(run, run);
    await this.loading;
    return this.status();
  }

  status(): LoopStatus {
    return {
      trace: this.trace?.path ?? null,
      takenAt: this.trace ? new Date(this.trace.takenAtMs).toISOString() : null,
      diagnostics: this.result?.diagnostics.length ?? 0,
      staleFiles: [...new Set((this.result?.diagnostics ?? []).filter((d) => d.stale).map((d) => d.file))],
      unplaced: (this.result?.unplaced ?? []).map((u) => `${u.finding.id}: ${u.reason}`),
    };
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.refresh();
    }, 250);
  }

  /**
   * What the loop knows about a file: its text (the open document's, else the disk's), its mtime,
   * and whether its content changed since the profile was attached (the first look records the
   * saved text, so unsaved edits present at attach count as changes too).
   */
  fileState(p: string): LoopFile | undefined {
    const doc = this.host.documents.get(URI.fromFsPath(p));
    let modifiedMs: number | undefined;
    try {
      modifiedMs = fs.statSync(p).mtimeMs;
    } catch {
      /* not on disk */
    }
    const readDisk = (): string | undefined => {
      try {
        return fs.readFileSync(p, 'utf8');
      } catch {
        return undefined;
      }
    };
    let disk: string | undefined;
    const text = doc ? doc.getText() : (disk = readDisk());
    if (text === undefined) return undefined;
    const changedSinceProfile = this.baseline?.changed(p, text, () => (doc ? readDisk() : disk));
    return { text, modifiedMs, changedSinceProfile };
  }

  refresh(): void {
    if (!this.trace) return;
    this.result = closeTheLoop(this.trace, this.index, (p) => this.fileState(p));
    this.publish();
  }

  private publish(): void {
    const byUri = new Map<string, Diagnostic[]>();
    for (const d of this.result?.diagnostics ?? []) {
      const uri = URI.fromFsPath(d.file);
      const list = byUri.get(uri) ?? [];
      list.push(this.toLsp(d));
      byUri.set(uri, list);
    }
    const touched = new Set<string>([...this.published, ...byUri.keys(), ...[...(this.result?.linkedFiles ?? [])].map((f) => URI.fromFsPath(f))]);
    for (const uri of touched) {
      const doc = this.host.documents.get(uri);
      this.host.sources.set(uri, LOOP_SOURCE_KEY, byUri.get(uri) ?? [], doc?.version);
    }
    this.published = new Set(byUri.keys());
    this.host.refreshCodeLenses();
  }

  private toLsp(d: TraceDiagnostic): Diagnostic {
    const out: Diagnostic = { range: d.range, severity: severityOf[d.severity], source: TRACE_DIAGNOSTIC_SOURCE, code: d.code, message: d.message };
    if (d.evidence) {
      const args = [d.evidence.tracePath, d.evidence.t0, d.evidence.t1, d.evidence.label];
      out.codeDescription = { href: evidenceCommandUri(args) };
      out.data = { evidence: d.evidence, stale: d.stale };
    }
    if (d.related) out.relatedInformation = d.related.map((r) => ({ location: { uri: URI.fromFsPath(r.file), range: r.range }, message: r.message }));
    return out;
  }

  lenses(uri: string): CodeLens[] {
    if (!this.result) return [];
    const file = URI.toFsPath(uri);
    return this.result.lenses.filter((l) => l.file === file).map((l) => ({ range: l.range, command: { title: l.title, command: l.command, arguments: l.arguments } }));
  }

  /** Lint diagnostics of linked files weighed by the profile (DiagnosticSources transform). */
  weigh(uri: string, all: Diagnostic[]): Diagnostic[] {
    if (!this.trace || !this.result || !uri.startsWith('file:')) return all;
    const file = URI.toFsPath(uri);
    if (!this.result.linkedFiles.has(file)) return all;
    const lint = all.filter((d) => d.source === LINT_SOURCE && typeof d.code === 'string');
    if (!lint.length) return all;
    const weighed = weighLint(file, lint.map((d) => ({ code: d.code as string, severity: severityName(d.severity), message: d.message, range: d.range, original: d })), this.trace, this.result);
    const replaced = new Map<Diagnostic, Diagnostic>();
    for (const w of weighed) {
      if (w.verdict === 'unchanged') continue;
      replaced.set(w.diagnostic.original, { ...w.diagnostic.original, message: w.diagnostic.message, severity: severityNumber[w.diagnostic.severity], data: { ...(w.diagnostic.original.data as object | undefined), profile: w.verdict } });
    }
    return replaced.size ? all.map((d) => replaced.get(d) ?? d) : all;
  }

  /** The markdown report; before/after against `beforePath`, or else the profile run before the attached one. */
  async report(beforePath?: string): Promise<string> {
    await this.loading;
    if (!this.trace || !this.result) return '_No profile is attached: open a trace or run Profile on Jetson first._\n';
    if (!beforePath) {
      const runs = this.profiles();
      const i = runs.indexOf(this.trace.path);
      if (i >= 0 && i + 1 < runs.length) beforePath = runs[i + 1];
    }
    let before: { trace: LoopTrace } | undefined;
    if (beforePath) {
      const lease = await this.models.acquire(beforePath);
      try {
        before = { trace: loopTrace(beforePath, captureTimeOf(beforePath, lease.model), lease.model, await this.models.diagnosis(lease.model)) };
      } finally {
        lease.release();
      }
    }
    return renderLoopReport(this.trace, this.result, { root: this.host.folders[0], before });
  }
}
