// When a profile was taken, for "profile of HH:MM" labels and the mtime fallback of staleness:
// the capture's own start time (TARGET_INFO_SESSION_START_TIME, kept on the model), else the
// `startedAt` of the Sightline profile run whose folder holds the trace (run.json), else — when
// nothing records it — the trace file's modification time (which a copy or gunzip moves).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TraceModel } from '../trace/model';

export type TakenAtSource = 'trace' | 'run' | 'file';

export interface TakenAt {
  ms: number;
  source: TakenAtSource;
}

/** `startedAt` of the profile run (`.sightline/profiles/<run>/run.json`) the trace belongs to. */
export function runStartedAt(tracePath: string): number | undefined {
  const parts = path.resolve(tracePath).split(path.sep);
  const i = parts.lastIndexOf('profiles');
  // <workspace>/.sightline/profiles/<run>/.../trace.sqlite
  if (i < 1 || parts[i - 1] !== '.sightline' || i + 2 >= parts.length) return undefined;
  try {
    const m = JSON.parse(fs.readFileSync(path.join(parts.slice(0, i + 2).join(path.sep), 'run.json'), 'utf8')) as { startedAt?: unknown };
    const ms = typeof m.startedAt === 'string' ? Date.parse(m.startedAt) : NaN;
    return Number.isFinite(ms) ? ms : undefined;
  } catch {
    return undefined;
  }
}

export function captureTimeOf(tracePath: string, model: Pick<TraceModel, 'captureStartMs'>): TakenAt {
  if (model.captureStartMs !== undefined) return { ms: model.captureStartMs, source: 'trace' };
  const run = runStartedAt(tracePath);
  if (run !== undefined) return { ms: run, source: 'run' };
  return { ms: fs.statSync(tracePath).mtimeMs, source: 'file' };
}
