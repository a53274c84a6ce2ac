// The `sightline.*` settings (and `files.exclude`) as the server uses them. Pulled with
// workspace/configuration on start and on every didChangeConfiguration, so changes apply
// without a reload. Tolerant: a malformed value falls back to its default.
import { defaultLintOptions, type LintOptions, type Severity } from '../lint/diagnostic';

export interface ServerSettings {
  lint: LintOptions;
  /** Lint as you type (debounced); when false, on open and save only. */
  onType: boolean;
  /** Globs the workspace scan skips: `sightline.exclude` plus enabled `files.exclude` keys. */
  exclude: string[];
}

export const defaultExclude = ['**/node_modules/**', '**/.git/**'];

export const defaultSettings: ServerSettings = { lint: defaultLintOptions, onType: true, exclude: defaultExclude };

const severities = new Set(['error', 'warning', 'info', 'hint', 'off']);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * `sightline` is the object workspace/configuration returns for section `sightline` (nested:
 * `{ target, deepstreamVersion, rules, exclude, lint: { onType } }`); `filesExclude` the one for
 * `files.exclude` (`{ glob: boolean }`).
 */
export function settingsFrom(sightline: unknown, filesExclude: unknown): ServerSettings {
  const s = isRecord(sightline) ? sightline : {};
  const target = s.target === 'jetson' || s.target === 'dgpu' ? s.target : defaultLintOptions.target;
  const dsVersion = typeof s.deepstreamVersion === 'string' && /^\d+\.\d+$/.test(s.deepstreamVersion) ? s.deepstreamVersion : defaultLintOptions.dsVersion;
  const rules: Record<string, Severity | 'off'> = {};
  if (isRecord(s.rules)) {
    for (const [k, v] of Object.entries(s.rules)) if (typeof v === 'string' && severities.has(v)) rules[k] = v as Severity | 'off';
  }
  const lint = isRecord(s.lint) ? s.lint : {};
  const onTypeFlat = s['lint.onType'];
  const onType = typeof lint.onType === 'boolean' ? lint.onType : typeof onTypeFlat === 'boolean' ? onTypeFlat : true;
  const exclude = Array.isArray(s.exclude) ? s.exclude.filter((x): x is string => typeof x === 'string') : [...defaultExclude];
  if (isRecord(filesExclude)) for (const [g, on] of Object.entries(filesExclude)) if (on === true) exclude.push(g);
  const options: LintOptions = { target, dsVersion };
  if (Object.keys(rules).length) options.severities = rules;
  return { lint: options, onType, exclude };
}

/** True when the two settings lint differently (a re-lint of everything is needed). */
export function lintOptionsDiffer(a: ServerSettings, b: ServerSettings): boolean {
  return JSON.stringify(a.lint) !== JSON.stringify(b.lint);
}

export function excludeDiffers(a: ServerSettings, b: ServerSettings): boolean {
  return JSON.stringify([...a.exclude].sort()) !== JSON.stringify([...b.exclude].sort());
}
