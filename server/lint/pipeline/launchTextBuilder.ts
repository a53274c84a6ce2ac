// Builds a launch text together with its host offsets, as the segments SourceMap reads (see
// sourceMap.ts): extraction pushes host runs, single characters standing for host ranges, and
// pieces already mapped (shell words), then build() makes the SourceMap. One builder can be
// reused for many launch texts (reset(), or build() which resets): a shell script of 20,000
// commands then allocates its scratch arrays once, not three growing arrays per command.
import type { LineIndex } from './lineIndex';
import { SourceMap, VERBATIM } from './sourceMap';

/** Builds a launch text together with its host offsets (as segments, see above). */
export class LaunchTextBuilder {
  /** The text so far, as pieces joined once in build() (a flat string lexes faster than a rope). */
  private readonly pieces: string[] = [];
  private n = 0;
  /** Segments, scratch arrays reused across builds (build() copies them out): */
  /** per segment, launch offset of its first character; */
  private readonly segLaunch: number[] = [];
  /** per segment, host offset of its first character; */
  private readonly segHost: number[] = [];
  /** per segment, host end of its one character (special), or VERBATIM. */
  private readonly segHostEnd: number[] = [];
  private segs = 0;
  /** Host offset right after the last verbatim character, when the last segment is verbatim. */
  private verbatimNext = -2;

  /** A run of host characters not yet sliced into pieces (pushHost extends it). */
  private runStart = 0;
  private runEnd = 0;

  /** `host`: the host text, for pushHost. */
  constructor(private readonly host = '') {}

  /** Forget everything pushed (the builder then starts a new launch text). */
  reset(): void {
    if (this.pieces.length) this.pieces.length = 0;
    this.n = 0;
    this.segs = 0;
    this.verbatimNext = -2;
    this.runStart = this.runEnd = 0;
  }

  private flushRun(): void {
    if (this.runEnd > this.runStart) this.pieces.push(this.host.slice(this.runStart, this.runEnd));
    this.runStart = this.runEnd = 0;
  }

  private append(s: string): void {
    if (this.runEnd > this.runStart) this.flushRun();
    this.pieces.push(s);
    this.n += s.length;
  }

  private addSegment(launch: number, hostStart: number, hostEnd: number): void {
    const k = this.segs++;
    this.segLaunch[k] = launch;
    this.segHost[k] = hostStart;
    this.segHostEnd[k] = hostEnd;
  }

  /** Append host[a, b) verbatim (host given to the constructor). */
  pushHost(a: number, b: number): void {
    if (b <= a) return;
    if (a !== this.verbatimNext) this.addSegment(this.n, a, VERBATIM);
    this.verbatimNext = b;
    if (a !== this.runEnd || this.runEnd === this.runStart) {
      if (this.runEnd > this.runStart) this.flushRun();
      this.runStart = a;
    }
    this.runEnd = b;
    this.n += b - a;
  }

  private addChar(ch: string, hostStart: number, hostEnd: number): void {
    if (hostEnd === hostStart + 1) {
      if (hostStart !== this.verbatimNext) this.addSegment(this.n, hostStart, VERBATIM);
      this.verbatimNext = hostEnd;
    } else {
      this.addSegment(this.n, hostStart, hostEnd);
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
    if (hostStart !== this.verbatimNext) this.addSegment(this.n, hostStart, VERBATIM);
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

  /**
   * pushMapped for a piece (a shell word) whose verbatim segments are characters of this
   * builder's host: they are appended as host runs, which gives the same text and segments
   * without a slice per segment (adjacent runs become one piece).
   */
  pushHostMapped(text: string, segs: readonly number[], from: number, to: number): void {
    const n = segs.length;
    for (let k = 0; k < n; k += 3) {
      const a = segs[k];
      const b = k + 3 < n ? segs[k + 3] : text.length;
      const s = a > from ? a : from;
      const e = b < to ? b : to;
      if (s >= e) continue;
      if (segs[k + 2] === VERBATIM) {
        const h = segs[k + 1] + (s - a);
        this.pushHost(h, h + (e - s));
      } else this.addChar(text[s], segs[k + 1], segs[k + 2]);
    }
  }

  get length(): number {
    return this.n;
  }

  /** The SourceMap of what was pushed; the builder is then empty again. */
  build(lines: LineIndex): SourceMap {
    let text: string;
    if (this.pieces.length === 0 && this.runEnd > this.runStart) text = this.host.slice(this.runStart, this.runEnd);
    else {
      this.flushRun();
      text = this.pieces.length === 1 ? this.pieces[0] : this.pieces.join('');
    }
    const k = this.segs;
    // A text that is one verbatim run of the host (most shell commands: plain words separated by
    // single spaces) maps as SourceMap.identity does; for a non-empty text and offsets ≥ 0 that
    // gives the same host offsets as the one-segment map, without its segment arrays.
    const map =
      k === 1 && this.segHostEnd[0] === VERBATIM && text.length > 0
        ? SourceMap.identity(text, this.segHost[0], lines)
        : new SourceMap(text, this.segLaunch.slice(0, k), this.segHost.slice(0, k), this.segHostEnd.slice(0, k), lines);
    this.reset();
    return map;
  }
}
