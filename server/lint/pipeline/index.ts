// Entry point of the pipeline lint core: find the launch descriptions in a host file, parse
// them (syntax errors become diagnostics at their exact place), then run the rules on each
// pipeline graph. pipelineRuleDocs() lists every rule for docs/rules/.
import type { FileAccess, LintDiagnostic, LintOptions, RuleDoc } from '../diagnostic';
import type { FileKind } from '../fileKind';
import { forEachPipeline, isPipelineHostKind } from './extract/index';
import { parseRuleDocs } from './rules/parseRules';
import { allRuleDocs, runPipelineRules } from './rules/index';

export { extractPipelines } from './extract/index';
export type { ExtractedPipeline } from './extract/index';

export function lintPipelineHost(
  path: string,
  text: string,
  kind: FileKind,
  options: LintOptions,
  files: FileAccess,
): LintDiagnostic[] {
  if (!isPipelineHostKind(kind)) return [];
  const out: LintDiagnostic[] = [];
  // Many pipelines of one file point to the same nvinfer configs: read each once per lint.
  const sameRun = memoizedFileAccess(files);
  forEachPipeline(path, text, kind, (p) => {
    if (p.skipped) {
      out.push({ code: 'pipeline/too-large', severity: 'info', message: p.skipped, range: { start: p.range.start, end: p.range.start } });
      return;
    }
    const errors = p.parsed.errors;
    for (let k = 0; k < errors.length; k++) {
      const e = errors[k];
      out.push({ code: e.code, severity: 'error', message: e.message, range: e.span.range });
    }
    const found = runPipelineRules(p.parsed.graph, { options, files: sameRun, measuring: p.measuring, newStreammux: p.newStreammux });
    for (let k = 0; k < found.length; k++) out.push(found[k]);
  });
  return out;
}

/** FileAccess that answers each path once (one lint run sees one state of the disk). */
function memoizedFileAccess(files: FileAccess): FileAccess {
  const texts = new Map<string, ReturnType<FileAccess['readText']>>();
  const exists = new Map<string, boolean>();
  return {
    readText(p) {
      let r = texts.get(p);
      if (!r) {
        r = files.readText(p);
        texts.set(p, r);
      }
      return r;
    },
    exists(p) {
      let r = exists.get(p);
      if (r === undefined) {
        r = files.exists(p);
        exists.set(p, r);
      }
      return r;
    },
  };
}

export function pipelineRuleDocs(): RuleDoc[] {
  return [...parseRuleDocs, ...allRuleDocs()];
}
