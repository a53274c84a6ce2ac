// Builds a launch text together with its host offsets, as the segments SourceMap reads (see
// sourceMap.ts): extraction pushes host runs, single characters standing for host ranges, and
// pieces already mapped (shell words), then build() makes the SourceMap.
import type { LineIndex } from './lineIndex';
import { SourceMap, VERBATIM } from './sourceMap';

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
