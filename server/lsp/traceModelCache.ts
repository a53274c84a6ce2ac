// One loaded TraceModel per trace file in the language server, shared by everyone who needs it
// (the trace viewer's `sightline/trace/open`, the loop's attached profile, the report's "before"
// run): keyed by the file's absolute path, size and modification time, reference counted, and
// dropped when the last holder releases it. A load in flight is shared too, so a viewer open and
// a loop attach of the same file that race each other read the file once. A file that changed on
// disk (other size or mtime) gets a new model; holders of the old one keep theirs until they
// release it. The diagnosis of a model is kept beside it: computed once, by whichever asks first
// (the viewer's analysis worker or the loop), and handed to the other.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { loadTrace, type LoadOptions } from '../trace/load';
import type { TraceModel } from '../trace/model';
import type { Diagnosis } from '../trace/diagnosisTypes';

export type TraceLoader = (file: string, options: LoadOptions) => Promise<TraceModel>;

/** A hold on a shared model; release it once (later calls do nothing). */
export interface TraceModelLease {
  readonly model: TraceModel;
  /** The model was already loaded (or loading) for another holder: this acquire read nothing. */
  readonly shared: boolean;
  release(): void;
}

interface Entry {
  key: string;
  loading: Promise<TraceModel>;
  refs: number;
}

export class TraceModelCache {
  private readonly entries = new Map<string, Entry>();
  /** Loads started (cache misses), for tests and the log. */
  loads = 0;
  /** Diagnoses started (one per model however many ask), for tests and the log. */
  diagnoses = 0;
  private readonly diagnosisOf = new WeakMap<TraceModel, Promise<Diagnosis>>();

  constructor(private readonly loader: TraceLoader = loadTrace) {}

  /** Distinct models held or loading. */
  get size(): number {
    return this.entries.size;
  }

  /** Holders of the model of `file` as it is on disk now (0 when none). */
  async holders(file: string): Promise<number> {
    const key = await keyOf(file);
    return (key && this.entries.get(key)?.refs) || 0;
  }

  /**
   * The model of `file`, loaded once while anyone holds it. Errors are the loader's (a file that
   * cannot be stat'ed, or is over `maxFileSizeMB`, goes straight to the loader, uncached, so the
   * message is the usual one).
   */
  async acquire(file: string, options: LoadOptions = {}): Promise<TraceModelLease> {
    const stat = await fsp.stat(file).catch(() => undefined);
    const limitMB = options.maxFileSizeMB;
    const key = stat?.isFile() ? keyOf(file, stat) : undefined;
    if (!key || (limitMB !== undefined && stat!.size > limitMB * 1024 * 1024)) {
      this.loads++;
      const model = await this.loader(file, options);
      return { model, shared: false, release: () => undefined };
    }
    let entry = this.entries.get(key);
    const shared = !!entry;
    if (!entry) {
      this.loads++;
      const loading = this.loader(file, options);
      const created: Entry = { key, loading, refs: 0 };
      entry = created;
      this.entries.set(key, created);
      // A failed load is forgotten at once: the next acquire tries again.
      loading.catch(() => {
        if (this.entries.get(key) === created) this.entries.delete(key);
      });
    }
    entry.refs++;
    let model: TraceModel;
    try {
      model = await entry.loading;
    } catch (e) {
      entry.refs--;
      throw e;
    }
    let released = false;
    const held = entry;
    return {
      model,
      shared,
      release: () => {
        if (released) return;
        released = true;
        held.refs--;
        if (held.refs <= 0 && this.entries.get(held.key) === held) this.entries.delete(held.key);
      },
    };
  }

  /**
   * The diagnosis of `model`, computed once per model: the first caller's `compute` runs (the
   * viewer passes its worker's result; default: `diagnose` in this thread), later callers get the
   * same promise. A failed diagnosis is forgotten, so the next caller tries again.
   */
  diagnosis(model: TraceModel, compute: () => Promise<Diagnosis> = () => diagnoseHere(model)): Promise<Diagnosis> {
    const known = this.diagnosisOf.get(model);
    if (known) return known;
    this.diagnoses++;
    const p = compute();
    this.diagnosisOf.set(model, p);
    p.catch(() => {
      if (this.diagnosisOf.get(model) === p) this.diagnosisOf.delete(model);
    });
    return p;
  }

  /** Whether the diagnosis of `model` is computed or being computed. */
  hasDiagnosis(model: TraceModel): boolean {
    return this.diagnosisOf.has(model);
  }
}

/** The diagnosis in this thread, after yielding a turn (so a request that queued meanwhile is read). */
async function diagnoseHere(model: TraceModel): Promise<Diagnosis> {
  await new Promise<void>((r) => setImmediate(r));
  const { diagnose } = await import('../trace/diagnose');
  return diagnose(model);
}

function keyOf(file: string, stat: { size: number; mtimeMs: number }): string;
function keyOf(file: string): Promise<string | undefined>;
function keyOf(file: string, stat?: { size: number; mtimeMs: number }): string | Promise<string | undefined> {
  if (stat) return `${path.resolve(file)}\u0000${stat.size}:${stat.mtimeMs}`;
  return fsp.stat(file).then(
    (st) => keyOf(file, st),
    () => undefined,
  );
}

/** The server's cache: the trace viewer (traceHandlers.ts) and the loop (loopService.ts) share it. */
export const traceModels = new TraceModelCache();
