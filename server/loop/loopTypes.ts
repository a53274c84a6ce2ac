// The vocabulary of "close the loop": a profile (trace findings + per-range figures) joined with the
// workspace index and lint results becomes diagnostics and lenses at source lines. Pure data; the
// LSP glue (server/lsp/loop*.ts) converts it, the CLI renders it as markdown.
import type { Range } from '../lint/diagnostic';
import type { Diagnosis, Finding } from '../trace/diagnosisTypes';
import type { TakenAtSource } from './captureTime';

export const TRACE_DIAGNOSTIC_SOURCE = 'sightline-trace';
/** Client command that opens a trace zoomed on [t0, t1]: (tracePath, t0, t1, label). */
export const OPEN_TRACE_AT_COMMAND = 'sightline.openTraceAt';
/** Client command that profiles again (Profile on Jetson). */
export const PROFILE_AGAIN_COMMAND = 'sightline.profileOnJetson';

/** Figures of one NVTX range name (all instances) in a trace. */
export interface RangeFigures {
  domain: string;
  name: string;
  count: number;
  totalNs: number;
  avgNs: number;
  medNs: number;
  maxNs: number;
  /** Share of the steady state covered by these ranges (sum of durations / steady-state wall). */
  steadyShare: number;
  /** Start and end of the longest instance (evidence to zoom to). */
  longest: { startNs: number; endNs: number };
  /** pid of the process that recorded it (first instance). */
  pid: number;
}

/** One profile, as the loop needs it. */
export interface LoopTrace {
  /** Absolute path of the trace file. */
  path: string;
  /** When the profile was taken (ms since epoch): the capture's start time when known (captureTime.ts). */
  takenAtMs: number;
  /** Where takenAtMs comes from: the trace itself, the profile run's run.json, or the trace file's mtime. */
  takenAtSource?: TakenAtSource;
  diagnosis: Diagnosis;
  ranges: RangeFigures[];
  /** Distinct NVTX range names per process (resolver context). */
  namesByProcess: Map<number, string[]>;
}

export interface EvidenceLink {
  tracePath: string;
  t0: number;
  t1: number;
  label: string;
}

export type LoopSeverity = 'warning' | 'info' | 'hint';

export interface TraceDiagnostic {
  file: string;
  range: Range;
  severity: LoopSeverity;
  /** The finding id (`deepstream/per-box-host-round-trips`, `cuda_memcpy_async`, ...). */
  code: string;
  message: string;
  evidence?: EvidenceLink;
  /** The file changed after the profile: the figure is from before the change. */
  stale: boolean;
  related?: { file: string; range: Range; message: string }[];
}

export interface TraceLens {
  file: string;
  range: Range;
  title: string;
  command: string;
  arguments: unknown[];
}

/** What the loop knows about a workspace file. */
export interface LoopFile {
  text: string;
  /** Last modification on disk (ms since epoch), when known. */
  modifiedMs?: number;
  /**
   * The content differs from the content recorded when the profile was attached (an edit in the
   * editor, a save, a checkout). Undefined when no content was recorded: then only the mtime is
   * known, and a file modified after the capture time counts as possibly changed.
   */
  changedSinceProfile?: boolean;
}

export type LoopFiles = (path: string) => LoopFile | undefined;

/** A lint diagnostic as the loop sees it (LintDiagnostic-compatible subset). */
export interface LintLike {
  code: string;
  severity: 'error' | 'warning' | 'info' | 'hint';
  message: string;
  range: Range;
}

export interface LoopResult {
  diagnostics: TraceDiagnostic[];
  lenses: TraceLens[];
  /** Findings with no place in the workspace, and why (the report lists them). */
  unplaced: { finding: Finding; reason: string }[];
  /** Files the trace is linked to (its ranges resolve there). */
  linkedFiles: Set<string>;
  /** Short label of the profile: `sync.sqlite (profile of 2026-11-22 04:46 UTC)`. */
  label: string;
}
