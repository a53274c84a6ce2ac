// The shared vocabulary of every lint core (pipeline and config): positions, findings, fixes
// and rule metadata. Pure data, no editor types: the LSP glue converts these to LSP objects and
// the CLI prints them.

/** 0-based line and UTF-16 character offset, as LSP counts them, in the host file. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface TextEdit {
  range: Range;
  newText: string;
}

export interface Fix {
  title: string;
  /** Edits to the file the diagnostic is in. */
  edits: TextEdit[];
  /** True when applying it cannot change what the pipeline computes (offered as preferred). */
  isPreferred?: boolean;
}

export interface RelatedLocation {
  /** Absolute file path; undefined means the same file. */
  file?: string;
  range: Range;
  message: string;
}

export interface LintDiagnostic {
  /** Rule id, e.g. `pipeline/software-decoder` or `config/unknown-key`. */
  code: string;
  severity: Severity;
  message: string;
  range: Range;
  fixes?: Fix[];
  related?: RelatedLocation[];
  /** Marked unnecessary/deprecated in the editor. */
  tags?: ('unnecessary' | 'deprecated')[];
}

/** Metadata every rule carries; docs/rules/<id>.md is generated from it. */
export interface RuleDoc {
  id: string;
  defaultSeverity: Severity;
  title: string;
  /** Why it matters, in a short paragraph (markdown). */
  why: string;
  /** A realistic snippet that triggers the rule. */
  example: string;
  /** What to change (markdown); mention the quick fix when there is one. */
  fix: string;
  /** Where the fact comes from (NVIDIA source file, doc), optional. */
  reference?: string;
}

export type TargetPlatform = 'jetson' | 'dgpu';

export interface LintOptions {
  target: TargetPlatform;
  /** DeepStream version, e.g. "9.1". */
  dsVersion: string;
  /** Per-rule overrides: 'off' disables the rule. */
  severities?: Record<string, Severity | 'off'>;
}

export const defaultLintOptions: LintOptions = { target: 'dgpu', dsVersion: '9.1' };

/**
 * How cores read other files (cross-file rules: config-file-path, labelfile-path, ...).
 * The CLI backs it with the disk, the server with open documents first, then the disk.
 * Must never throw: unreadable files return undefined with `error` describing why.
 */
export interface FileAccess {
  readText(absPath: string): { text?: string; error?: string };
  exists(absPath: string): boolean;
}
