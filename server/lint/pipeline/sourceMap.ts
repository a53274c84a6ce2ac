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
import type { Position, Range } from '../diagnostic';
import type { Span } from './model';

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

/** Host end of a verbatim segment (special segments store their host end, ≥ 0). */
const VERBATIM = -1;

/** Builds a launch text together with its host offsets (as segments, see above). */
export class LaunchTextBuilder {
  /** The text so far, as pieces joined once in build() (a flat string lexes faster than a rope). */
  private readonly pieces: string[] = [];
  private n = 0;
  private last = '';
  /** Per segment: launch offset of its first character. */
  private readonly segLaunch: number[] = [];
  /** Per segment: host offset of its first character. */
  private readonly segHost: number[] = [];
  /** Per segment: host end of its one character (special), or VERBATIM. */
  private readonly segHostEnd: number[] = [];
  /** Host offset right after the last verbatim character, when the last segment is verbatim. */
  private verbatimNext = -2;

  /** A run of host characters not yet sliced into pieces (pushHost extends it). */
  private runStart = 0;
  private runEnd = 0;

  /** `host`: the host text, for pushHost. */
  constructor(private readonly host = '') {}

  private flushRun(): void {
    if (this.runEnd > this.runStart) this.pieces.push(this.host.slice(this.runStart, this.runEnd));
    this.runStart = this.runEnd = 0;
  }

  private append(s: string): void {
    if (this.runEnd > this.runStart) this.flushRun();
    this.pieces.push(s);
    this.n += s.length;
    this.last = s[s.length - 1];
  }

  /** Append host[a, b) verbatim (host given to the constructor). */
  pushHost(a: number, b: number): void {
    if (b <= a) return;
    if (a !== this.verbatimNext) {
      this.segLaunch.push(this.n);
      this.segHost.push(a);
      this.segHostEnd.push(VERBATIM);
    }
    this.verbatimNext = b;
    if (a !== this.runEnd || this.runEnd === this.runStart) {
      if (this.runEnd > this.runStart) this.flushRun();
      this.runStart = a;
    }
    this.runEnd = b;
    this.n += b - a;
    this.last = this.host[b - 1];
  }

  private addChar(ch: string, hostStart: number, hostEnd: number): void {
    if (hostEnd === hostStart + 1) {
      if (hostStart !== this.verbatimNext) {
        this.segLaunch.push(this.n);
        this.segHost.push(hostStart);
        this.segHostEnd.push(VERBATIM);
      }
      this.verbatimNext = hostEnd;
    } else {
      this.segLaunch.push(this.n);
      this.segHost.push(hostStart);
      this.segHostEnd.push(hostEnd);
      this.verbatimNext = -2;
    }
    this.append(ch);
  }

  /** Append launch character(s) that come from host[hostStart, hostEnd). */
  push(ch: string, hostStart: number, hostEnd: number): void {
    if (ch.length === 1) this.addChar(ch, hostStart, hostEnd);
    else for (let k = 0; k < ch.length; k++) this.addChar(ch[k], hostStart, hostEnd);
  }

  /** Append a run of host characters copied verbatim from host offset `hostStart`. */
  pushVerbatim(s: string, hostStart: number): void {
    if (!s.length) return;
    if (hostStart !== this.verbatimNext) {
      this.segLaunch.push(this.n);
      this.segHost.push(hostStart);
      this.segHostEnd.push(VERBATIM);
    }
    this.verbatimNext = hostStart + s.length;
    this.append(s);
  }

  /**
   * Append `text[from, to)` of a piece whose map is given as flat segment triples
   * (launch offset inside the piece, host start, host end or -1 for verbatim), as
   * ShellWord keeps them.
   */
  pushMapped(text: string, segs: readonly number[], from: number, to: number): void {
    const n = segs.length;
    for (let k = 0; k < n; k += 3) {
      const a = segs[k];
      const b = k + 3 < n ? segs[k + 3] : text.length;
      const s = a > from ? a : from;
      const e = b < to ? b : to;
      if (s >= e) continue;
      if (segs[k + 2] === VERBATIM) this.pushVerbatim(text.slice(s, e), segs[k + 1] + (s - a));
      else this.addChar(text[s], segs[k + 1], segs[k + 2]);
    }
  }

  get length(): number {
    return this.n;
  }

  lastChar(): string | undefined {
    return this.n ? this.last : undefined;
  }

  build(lines: LineIndex): SourceMap {
    this.flushRun();
    return new SourceMap(this.pieces.length === 1 ? this.pieces[0] : this.pieces.join(''), this.segLaunch, this.segHost, this.segHostEnd, lines);
  }
}

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
