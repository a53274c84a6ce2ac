// Entry point of the config lint core: reads an INI (GLib key file) or YAML DeepStream config,
// works out which component reads it, and runs the schema, nvinfer, deepstream-app and cross-file
// rules. Pure: other files are read only through FileAccess.
import type { FileAccess, LintDiagnostic, LintOptions, RuleDoc } from '../diagnostic';
import type { FileKind } from '../fileKind';
import { readApp } from './appModel';
import { detectConfigKind, looksLikeProtobufText } from './configKind';
import { docFromKeyFile, type ConfigDoc } from './document';
import { parseKeyFile } from './keyFile';
import { checkApp } from './rules/appRules';
import type { RuleContext } from './rules/context';
import { checkLabelCount, checkReferencedFiles } from './rules/fileRules';
import { checkNvinfer } from './rules/nvinferRules';
import { configRuleDocList } from './rules/ruleDocs';
import { checkSchema, checkSyntax } from './rules/schemaRules';
import type { ConfigKind } from './schema/types';
import { parseYamlConfig } from './yamlConfig';
import { lintAppPipeline } from './appPipeline';
import { lintNvinferserver } from './nvinferserver/lint';
import { nvinferserverRuleDocs } from './nvinferserver/ruleDocs';

export { getGroupSchema, getKeySchema, getKindSchema, listGroupKeys, describeKey } from './schema';
export type { ConfigKind } from './schema/types';

/** Configs larger than this are not linted (reported once instead). */
export const maxConfigBytes = 16 * 1024 * 1024;

export interface ParsedConfig {
  doc: ConfigDoc;
  kind: ConfigKind;
}

export function isYamlPath(p: string): boolean {
  return /\.ya?ml$/i.test(p);
}

/** Reads a config into the common model and decides its kind (for hover/completion as well). */
export function parseConfig(path: string, text: string): ParsedConfig {
  if (isYamlPath(path)) {
    const doc = parseYamlConfig(text);
    return { doc, kind: detectConfigKind(doc, text) };
  }
  const doc = docFromKeyFile(parseKeyFile(text));
  if (doc.groups.length === 0 && looksLikeProtobufText(text)) {
    // Protobuf text is not a key file: keep the lines, drop the key-file complaints.
    return { doc: { ...doc, problems: [], orphans: [] }, kind: 'nvinferserver' };
  }
  return { doc, kind: detectConfigKind(doc, text) };
}

const zero = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function lintConfig(path: string, text: string, _kind: FileKind, options: LintOptions, files: FileAccess): LintDiagnostic[] {
  if (text.length > maxConfigBytes) {
    return [{ code: 'config/skipped', severity: 'info', message: `Not linted: the file is larger than ${maxConfigBytes / 1024 / 1024} MiB, which no DeepStream config is.`, range: zero }];
  }
  if (text.slice(0, 8192).includes('\u0000')) {
    return [{ code: 'config/skipped', severity: 'info', message: 'Not linted: the file is binary (NUL bytes), not a DeepStream config.', range: zero }];
  }
  const { doc, kind } = parseConfig(path, text);
  files = memoizedFiles(files);
  const out: LintDiagnostic[] = [];
  const foreign = kind === 'deepstream-app' ? foreignApp(doc) : undefined;
  const ctx: RuleContext = {
    doc,
    kind,
    path,
    options,
    files,
    foreignApp: foreign,
    report: (d) => {
      // A config written for another application is read by that application's own parser: what
      // deepstream-app would refuse is only a warning there.
      if (foreign && d.severity === 'error' && d.code !== 'config/syntax' && d.code !== 'config/missing-file') {
        out.push({ ...d, severity: 'warning', message: `${d.message} (as deepstream-app reads it; this config looks written for ${foreign})` });
      } else out.push(d);
    },
  };
  if (kind === 'nvinferserver') {
    lintNvinferserver(ctx, text);
    return sortDiagnostics(out);
  }
  if (kind === 'service-maker') return out;
  checkSyntax(ctx);
  if (kind === 'unknown') return sortDiagnostics(out);
  checkSchema(ctx);
  checkReferencedFiles(ctx);
  if (kind === 'nvinfer') {
    checkNvinfer(ctx);
    checkLabelCount(ctx);
  }
  if (kind === 'deepstream-app') {
    const app = readApp(doc, path, files);
    checkApp(ctx, app);
    for (const d of lintAppPipeline(app, path, options, files, { configFindings: out, foreignApp: foreign })) out.push(d);
  }
  return sortDiagnostics(out);
}

/**
 * One lint sees one snapshot of the file system: each path is checked and read at most once.
 * Missing files make Node's fs throw; the stack trace of those errors is never used here, so it
 * is not captured (halves the cost of a check on a missing file).
 */
function memoizedFiles(files: FileAccess): FileAccess {
  const exists = new Map<string, boolean>();
  const texts = new Map<string, { text?: string; error?: string }>();
  const quiet = <T>(f: () => T): T => {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      return f();
    } finally {
      Error.stackTraceLimit = limit;
    }
  };
  return {
    exists(p) {
      let v = exists.get(p);
      if (v === undefined) {
        v = quiet(() => files.exists(p));
        exists.set(p, v);
      }
      return v;
    },
    readText(p) {
      let v = texts.get(p);
      if (v === undefined) {
        v = quiet(() => files.readText(p));
        texts.set(p, v);
      }
      return v;
    },
  };
}

/** Groups of other reference applications that reuse the deepstream-app format. */
const foreignGroups: [RegExp, string][] = [
  [/^(branch\d+|primary-gie\d+|meta-mux|tracker\d+|nvds-analytics\d+)$/, 'deepstream-parallel-infer'],
  [/^(rest-server|server-app-ctx|multiurisrcbin)$/, 'deepstream-server'],
  [/^(nvxfer|sender\d+|receiver\d+)$/, 'the nvdsxfer sample'],
  [/^(video_template|video-template|debug|output|encoder|msgconv|msgbroker|fakesink|eglsink|filesink|tiler|analytics)$/, 'a sample application with its own parser'],
  [/^(secondary-)?(postprocess|preprocess)\d*$/, 'a TAO sample application (deepstream-pose-classification)'],
];

function foreignApp(doc: ConfigDoc): string | undefined {
  for (const g of doc.groups) for (const [re, app] of foreignGroups) if (re.test(g.name)) return app;
  const src = doc.format === 'yaml' ? doc.groupMap.get('source') : undefined;
  if (src && src.entries.some((e) => e.key !== 'csv-file-path')) return 'a Python/Service Maker sample application';
  return undefined;
}

function sortDiagnostics(d: LintDiagnostic[]): LintDiagnostic[] {
  return d.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

export function configRuleDocs(): RuleDoc[] {
  return [...configRuleDocList, ...nvinferserverRuleDocs].map((d) => ({ ...d }));
}
