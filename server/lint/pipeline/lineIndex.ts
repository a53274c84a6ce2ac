// Line starts of a host text, for offset → (line, character) conversion (0-based, LSP-style).
import type { Position, Range } from '../diagnostic';

/** Line starts of a host text, for offset → (line, character) conversion. */
export class LineIndex {
  private readonly starts: number[];
  readonly length: number;

  constructor(text: string) {
    const starts = [0];
    // indexOf finds line breaks much faster than a loop over every character
    let nl = text.indexOf('\n');
    let cr = text.indexOf('\r');
    while (nl >= 0 || cr >= 0) {
      if (cr < 0 || (nl >= 0 && nl < cr)) {
        starts.push(nl + 1);
        nl = text.indexOf('\n', nl + 1);
      } else {
        // \r\n is one break; a lone \r is a break too
        if (text.charCodeAt(cr + 1) === 10) {
          starts.push(cr + 2);
          nl = text.indexOf('\n', cr + 2);
        } else starts.push(cr + 1);
        cr = text.indexOf('\r', cr + 1);
      }
    }
    this.starts = starts;
    this.length = text.length;
  }

  /** Index of the line holding offset o (already clamped). */
  private lineOf(o: number): number {
    const s = this.starts;
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.length));
    const line = this.lineOf(o);
    return { line, character: o - this.starts[line] };
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(Math.max(start, end)) };
  }

  offset(p: Position): number {
    if (p.line >= this.starts.length) return this.length;
    return Math.min(this.length, this.starts[Math.max(0, p.line)] + Math.max(0, p.character));
  }
}
