// Maps offsets in an extracted launch text back to the host file. Extraction (shell unquoting,
// joined `\` continuations, Python/C string literals) turns host characters into launch
// characters; for every launch character we keep the host offsets where it starts and ends.
import type { Position, Range } from '../diagnostic';
import type { Span } from './model';

/** Line starts of a host text, for offset → (line, character) conversion. */
export class LineIndex {
  private readonly starts: number[];
  readonly length: number;

  constructor(text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.starts = starts;
    this.length = text.length;
  }

  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.length));
    const s = this.starts;
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - s[lo] };
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(Math.max(start, end)) };
  }

  offset(p: Position): number {
    if (p.line >= this.starts.length) return this.length;
    return Math.min(this.length, this.starts[Math.max(0, p.line)] + Math.max(0, p.character));
  }
}

/** Builds a launch text character by character together with its host offsets. */
export class LaunchTextBuilder {
  private text = '';
  private starts = new Int32Array(64);
  private ends = new Int32Array(64);
  private n = 0;

  private grow(): void {
    const s = new Int32Array(this.starts.length * 2);
    s.set(this.starts);
    this.starts = s;
    const e = new Int32Array(this.ends.length * 2);
    e.set(this.ends);
    this.ends = e;
  }

  /** Append launch character(s) that come from host[hostStart, hostEnd). */
  push(ch: string, hostStart: number, hostEnd: number): void {
    for (let k = 0; k < ch.length; k++) {
      if (this.n === this.starts.length) this.grow();
      this.starts[this.n] = hostStart;
      this.ends[this.n] = hostEnd;
      this.n++;
    }
    this.text += ch;
  }

  /** Append a run of host characters copied verbatim from host offset `hostStart`. */
  pushVerbatim(s: string, hostStart: number): void {
    for (let k = 0; k < s.length; k++) {
      if (this.n === this.starts.length) this.grow();
      this.starts[this.n] = hostStart + k;
      this.ends[this.n] = hostStart + k + 1;
      this.n++;
    }
    this.text += s;
  }

  get length(): number {
    return this.n;
  }

  lastChar(): string | undefined {
    return this.n ? this.text[this.n - 1] : undefined;
  }

  build(lines: LineIndex): SourceMap {
    return new SourceMap(this.text, this.starts.slice(0, this.n), this.ends.slice(0, this.n), lines);
  }
}

export class SourceMap {
  constructor(
    /** The launch text. */
    readonly text: string,
    private readonly hostStarts: Int32Array | undefined,
    private readonly hostEnds: Int32Array | undefined,
    readonly lines: LineIndex,
    /** For identity maps: host offset of launch offset 0. */
    private readonly base = 0,
  ) {}

  /** A launch text that is a verbatim slice host[base, base + text.length). */
  static identity(text: string, base: number, lines: LineIndex): SourceMap {
    return new SourceMap(text, undefined, undefined, lines, base);
  }

  hostStart(i: number): number {
    if (!this.hostStarts) return this.base + Math.min(i, this.text.length);
    if (this.text.length === 0) return 0;
    if (i >= this.text.length) return this.hostEnds ? this.hostEnds[this.text.length - 1] : 0;
    return this.hostStarts[Math.max(0, i)];
  }

  hostEnd(i: number): number {
    // End of the launch character before offset i.
    if (!this.hostEnds) return this.base + Math.min(i, this.text.length);
    if (this.text.length === 0) return 0;
    if (i <= 0) return this.hostStarts ? this.hostStarts[0] : 0;
    return this.hostEnds[Math.min(i, this.text.length) - 1];
  }

  hostRange(start: number, end: number): Range {
    const hs = this.hostStart(start);
    const he = end > start ? this.hostEnd(end) : hs;
    return this.lines.range(hs, Math.max(hs, he));
  }

  span(start: number, end: number): Span {
    return { start, end, range: this.hostRange(start, end) };
  }
}
