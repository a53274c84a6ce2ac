// Diagnostics per document come from several sources: the linter ("lint") and, later, others
// such as trace-derived findings ("trace"). Each source replaces only its own set; what is
// published is the union, so one source never overwrites another's. Versions: a set that
// belongs to a document version other than the open one is held back until the linter catches
// up (never publish diagnostics for an old version).
import type { Connection, Diagnostic } from 'vscode-languageserver/node';

interface UriEntry {
  bySource: Map<string, Diagnostic[]>;
  /** Version of the open document the lint set was computed for; undefined for closed files. */
  version?: number;
}

export class DiagnosticSources {
  private readonly entries = new Map<string, UriEntry>();
  private readonly listeners: ((uri: string, all: Diagnostic[]) => void)[] = [];
  private readonly transforms: ((uri: string, all: Diagnostic[]) => Diagnostic[])[] = [];

  /** Lets a source reshape the merged set before it is published (the trace loop weighs lint warnings). */
  addTransform(t: (uri: string, all: Diagnostic[]) => Diagnostic[]): void {
    this.transforms.push(t);
  }

  /**
   * `currentVersion(uri)` returns the open document's version, or undefined when it is not open.
   */
  constructor(
    private readonly connection: Pick<Connection, 'sendDiagnostics'>,
    private readonly currentVersion: (uri: string) => number | undefined,
  ) {}

  /**
   * Replaces `source`'s diagnostics for `uri`. `version` is the document version they were
   * computed for (undefined for text read from disk). Returns false (and publishes nothing)
   * when that version is no longer the open one.
   */
  set(uri: string, source: string, diagnostics: Diagnostic[], version?: number): boolean {
    const open = this.currentVersion(uri);
    if (version !== undefined && open !== undefined && version !== open) return false;
    if (version === undefined && open !== undefined && source === 'lint') return false; // disk text of an open file
    let e = this.entries.get(uri);
    if (!e) this.entries.set(uri, (e = { bySource: new Map() }));
    if (diagnostics.length) e.bySource.set(source, diagnostics);
    else e.bySource.delete(source);
    if (source === 'lint') e.version = version;
    this.publish(uri);
    return true;
  }

  /** Diagnostics of one source (e.g. for code actions), or of all sources. */
  get(uri: string, source?: string): Diagnostic[] {
    const e = this.entries.get(uri);
    if (!e) return [];
    if (source) return e.bySource.get(source) ?? [];
    return [...e.bySource.values()].flat();
  }

  /** Clears every source for `uri` (file deleted) and publishes the empty set. */
  clear(uri: string): void {
    this.entries.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    for (const l of this.listeners) l(uri, []);
  }

  uris(): string[] {
    return [...this.entries.keys()];
  }

  /** Called after every publish (tests, status). */
  onPublish(listener: (uri: string, all: Diagnostic[]) => void): void {
    this.listeners.push(listener);
  }

  /** Publishes the merged set, unless the lint set is for an old version of the open document. */
  publish(uri: string): void {
    const e = this.entries.get(uri);
    const open = this.currentVersion(uri);
    if (e && open !== undefined && e.version !== undefined && e.version !== open) return; // lint will publish when current
    let all = e ? [...e.bySource.values()].flat() : [];
    for (const t of this.transforms) all = t(uri, all);
    const params: { uri: string; diagnostics: Diagnostic[]; version?: number } = { uri, diagnostics: all };
    if (open !== undefined && e?.version === open) params.version = open;
    void this.connection.sendDiagnostics(params);
    for (const l of this.listeners) l(uri, all);
    if (e && e.bySource.size === 0) this.entries.delete(uri);
  }
}
