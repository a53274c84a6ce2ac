// The one error type of the trace engine: a trace that cannot be loaded or analysed.

/** `message` is one line naming the file and the problem, fit to show as is. */
export class TraceLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TraceLoadError';
  }
}
