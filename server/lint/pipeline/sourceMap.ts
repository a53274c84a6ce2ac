// Maps offsets in an extracted launch text back to the host file. Extraction (shell unquoting,
// joined `\` continuations, Python/C string literals) turns host characters into launch
// characters; for every launch character we know the host offsets where it starts and ends.
//
// The map is stored as segments, not per character: a *verbatim* segment is a run of launch
// characters copied one to one from consecutive host characters (almost all of a launch text);
// a *special* segment is one launch character that stands for a host range of another length
// (an escape `\"`, a `$VAR` placeholder, an inserted backslash, the space joining two shell
// words). Line/column positions are computed only when a range is asked for (LaunchSpan.range),
// so parsing a large file allocates no Range objects for the many spans no diagnostic uses.
import type { Range } from '../diagnostic';
import type { LineIndex } from './lineIndex';
import type { Span } from './model';

/** Host end of a verbatim segment (special segments store their host end, ≥ 0). */
export const VERBATIM = -1;

/** A piece of launch text; its host range is computed on first use and kept. */
export class LaunchSpan implements Span {
  private r: Range | undefined;
  constructor(
    readonly start: number,
    readonly end: number,
    private readonly map: SourceMap,
  ) {}

  get range(): Range {
    return (this.r ??= this.map.hostRange(this.start, this.end));
  }

  toJSON(): { start: number; end: number; range: Range } {
    return { start: this.start, end: this.end, range: this.range };
  }
}

export class SourceMap {
  private readonly identityMap: boolean;

  constructor(
    /** The launch text. */
    readonly text: string,
    private readonly segLaunch: readonly number[],
    private readonly segHost: readonly number[],
    private readonly segHostEnd: readonly number[],
    readonly lines: LineIndex,
    /** For identity maps: host offset of launch offset 0. */
    private readonly base = 0,
    identity = false,
  ) {
    this.identityMap = identity;
  }

  /** A launch text that is a verbatim slice host[base, base + text.length). */
  static identity(text: string, base: number, lines: LineIndex): SourceMap {
    return new SourceMap(text, [], [], [], lines, base, true);
  }

  /** Segment holding launch offset i (0 ≤ i < text.length). */
  private segmentOf(i: number): number {
    const s = this.segLaunch;
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid] <= i) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Host offset where launch character i starts. */
  private charStart(i: number): number {
    const k = this.segmentOf(i);
    return this.segHostEnd[k] === VERBATIM ? this.segHost[k] + (i - this.segLaunch[k]) : this.segHost[k];
  }

  /** Host offset where launch character i ends. */
  private charEnd(i: number): number {
    const k = this.segmentOf(i);
    const e = this.segHostEnd[k];
    return e === VERBATIM ? this.segHost[k] + (i - this.segLaunch[k]) + 1 : e;
  }

  hostStart(i: number): number {
    if (this.identityMap) return this.base + Math.min(i, this.text.length);
    if (this.text.length === 0) return 0;
    if (i >= this.text.length) return this.charEnd(this.text.length - 1);
    return this.charStart(Math.max(0, i));
  }

  hostEnd(i: number): number {
    // End of the launch character before offset i.
    if (this.identityMap) return this.base + Math.min(i, this.text.length);
    if (this.text.length === 0) return 0;
    if (i <= 0) return this.charStart(0);
    return this.charEnd(Math.min(i, this.text.length) - 1);
  }

  hostRange(start: number, end: number): Range {
    const hs = this.hostStart(start);
    const he = end > start ? this.hostEnd(end) : hs;
    return this.lines.range(hs, Math.max(hs, he));
  }

  span(start: number, end: number): Span {
    return new LaunchSpan(start, end, this);
  }
}
