// The pacing of a trace load: sql.js runs synchronously, so the loader works in slices of about
// `sliceMs` and gives the event loop a turn between them (other requests get answered, an
// AbortSignal's abort gets delivered). Between slices it checks the signal and reports progress.
import { performance } from 'node:perf_hooks';
import { TraceLoadCancelledError } from './errors';
import type { RowBatches } from './sqlJs';

/** One progress report: `done` of `total` units (bytes, rows, steps) of one phase. */
export interface LoadProgress {
  phase: string;
  done: number;
  total: number;
}

export const DEFAULT_SLICE_MS = 50;

/** Rows read between two looks at the clock. */
const ROWS_PER_BATCH = 4096;

export class LoadSteps {
  private sliceEnd: number;
  private phase = '';
  private done = 0;
  private total = 0;
  constructor(
    private readonly name: string,
    private readonly signal: AbortSignal | undefined,
    private readonly onProgress: ((p: LoadProgress) => void) | undefined,
    private readonly sliceMs = DEFAULT_SLICE_MS,
  ) {
    this.sliceEnd = performance.now() + sliceMs;
  }

  /** Throws TraceLoadCancelledError when the signal was aborted. */
  check(): void {
    if (this.signal?.aborted) throw new TraceLoadCancelledError(`${this.name}: loading cancelled`);
  }

  /** Start a phase of `total` units (reports 0 of total, then checks the signal). */
  begin(phase: string, total: number): void {
    this.phase = phase;
    this.done = 0;
    this.total = Math.max(0, total);
    this.report();
    this.check();
  }

  /** `n` more units of the current phase done (reported at the next pause or at the end). */
  advance(n: number): void {
    this.done = Math.min(this.total, this.done + n);
  }

  /** The current phase has reached `done` units (never goes back). */
  at(done: number): void {
    this.done = Math.min(this.total, Math.max(this.done, done));
  }

  /** The current phase is complete (reports total of total). */
  end(): void {
    this.done = this.total;
    this.report();
  }

  /** True when the current slice of work has used its time. */
  due(): boolean {
    return performance.now() >= this.sliceEnd;
  }

  /** Report, give the event loop a turn, then check the signal; a new slice starts. */
  async pause(): Promise<void> {
    this.report();
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.check();
    this.sliceEnd = performance.now() + this.sliceMs;
  }

  /** pause() when the slice is used up. */
  async pauseIfDue(): Promise<void> {
    if (this.due()) await this.pause();
    else this.check();
  }

  /**
   * Every row of a cursor through `f`, in batches, pausing when a slice is used up; the rows count
   * towards the current phase. The cursor is freed in all cases (end, error, cancel). Returns the
   * number of rows.
   */
  async rows<R>(cursor: RowBatches<R>, f: (row: R) => void): Promise<number> {
    let n = 0;
    try {
      for (;;) {
        const k = cursor.read(f, ROWS_PER_BATCH);
        n += k;
        this.advance(k);
        if (k < ROWS_PER_BATCH) break;
        if (this.due()) await this.pause();
      }
    } finally {
      cursor.free();
    }
    return n;
  }

  private report(): void {
    if (!this.onProgress) return;
    try {
      this.onProgress({ phase: this.phase, done: this.done, total: this.total });
    } catch {
      // A failing progress callback must not break the load it reports on.
    }
  }
}
