// Progress of a trace load as the user sees it: the loader's phase reports (server/trace/load.ts
// `onProgress`: phase, done of total) turned into one fraction that only grows, and a line of
// text. Phases are weighted by their usual share of the load time. Pure, unit-tested
// (test/unit/viewer/loadProgress.test.ts); the extension host uses it for the notification and the
// editor's progress bar.

/** One report of the loader (phase name, `done` of `total` units of that phase). */
export interface LoadProgressReport {
  phase: string;
  done: number;
  total: number;
}

/** The server's `sightline/trace/loadProgress` notification: a report of the load started with `progressKey: key`. */
export interface LoadProgressNotification extends LoadProgressReport {
  key: string;
}

/** The loader's phases in the order they run, with their weight and what the user reads. */
const PHASES: { phase: string; weight: number; label: string }[] = [
  { phase: 'export report', weight: 40, label: 'Exporting the report to SQLite (nsys export)' },
  { phase: 'read file', weight: 8, label: 'Reading the file' },
  { phase: 'open database', weight: 4, label: 'Opening the database' },
  { phase: 'read strings', weight: 4, label: 'Reading names' },
  { phase: 'read threads', weight: 1, label: 'Reading processes and threads' },
  { phase: 'read NVTX', weight: 12, label: 'Reading NVTX ranges' },
  { phase: 'read CUDA API', weight: 22, label: 'Reading CUDA API calls' },
  { phase: 'read kernels', weight: 10, label: 'Reading kernels' },
  { phase: 'read memory copies', weight: 5, label: 'Reading memory copies' },
  { phase: 'read memsets', weight: 2, label: 'Reading memsets' },
  { phase: 'read synchronization', weight: 2, label: 'Reading synchronization' },
  { phase: 'read OS runtime', weight: 10, label: 'Reading OS runtime calls' },
  { phase: 'nesting', weight: 5, label: 'Nesting ranges and calls' },
  { phase: 'indexes', weight: 5, label: 'Indexing the timeline' },
];

/** Tracks one load: `update` returns the overall fraction (0..1, never decreasing) and the text. */
export class LoadProgressTracker {
  private fraction = 0;
  /** A `.nsys-rep` is exported first: its phase counts once it is reported (it comes first). */
  private exporting = false;

  private get total(): number {
    return PHASES.reduce((a, p) => a + (p.phase === 'export report' && !this.exporting ? 0 : p.weight), 0);
  }

  update(r: LoadProgressReport): { fraction: number; message: string } {
    const i = PHASES.findIndex((p) => p.phase === r.phase);
    if (r.phase === 'export report') this.exporting = true;
    if (i < 0) return { fraction: this.fraction, message: r.phase };
    let before = 0;
    for (let k = 0; k < i; k++) if (PHASES[k].phase !== 'export report' || this.exporting) before += PHASES[k].weight;
    const part = r.total > 0 ? Math.min(1, Math.max(0, r.done / r.total)) : 0;
    const w = PHASES[i].phase === 'export report' && !this.exporting ? 0 : PHASES[i].weight;
    const f = Math.min(1, (before + w * part) / this.total);
    this.fraction = Math.max(this.fraction, f);
    return { fraction: this.fraction, message: `${PHASES[i].label}…` };
  }

  get current(): number {
    return this.fraction;
  }
}
