// The error types of the trace engine: a trace that cannot be loaded or analysed, and a load that
// was cancelled on purpose (AbortSignal), which callers show differently (or not at all).

/** What went wrong: `invalid` for a file that cannot be read as an export, `cancelled` for an aborted load. */
export type TraceLoadErrorKind = 'invalid' | 'cancelled';

/** `message` is one line naming the file and the problem, fit to show as is. */
export class TraceLoadError extends Error {
  readonly kind: TraceLoadErrorKind = 'invalid';
  constructor(message: string) {
    super(message);
    this.name = 'TraceLoadError';
  }
}

/** loadTrace stopped because its `signal` was aborted; everything it had allocated is released. */
export class TraceLoadCancelledError extends TraceLoadError {
  override readonly kind: TraceLoadErrorKind = 'cancelled';
  constructor(message: string) {
    super(message);
    this.name = 'TraceLoadCancelledError';
  }
}

/** True for the error of a load cancelled through its AbortSignal. */
export function isTraceLoadCancelled(e: unknown): e is TraceLoadCancelledError {
  return e instanceof TraceLoadError && e.kind === 'cancelled';
}
