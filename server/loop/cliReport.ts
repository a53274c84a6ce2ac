// `sightline trace findings FILE --workspace DIR`: the loop from the command line. Indexes the
// workspace folder (files that mention NVTX or DeepStream elements), places the findings of the
// diagnosis on its lines and renders them: markdown (the pull-request report), text
// (`file:line: severity id: message`, one a line) or json (the located diagnostics).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TraceModel } from '../trace/model';
import type { Diagnosis } from '../trace/diagnosisTypes';
import { NvtxIndex } from '../index/nvtxIndex';
import { indexWorkspace } from './workspaceScan';
import { closeTheLoop } from './closeTheLoop';
import { renderLoopReport } from './markdownReport';
import { loopTrace } from './traceFacts';
import { captureTimeOf } from './captureTime';
import type { LoopFile } from './loopTypes';

function diskFile(p: string): LoopFile | undefined {
  try {
    return { text: fs.readFileSync(p, 'utf8'), modifiedMs: fs.statSync(p).mtimeMs };
  } catch {
    return undefined;
  }
}

export function workspaceLoopReport(model: TraceModel, diagnosis: Diagnosis, tracePath: string, workspace: string, format: 'json' | 'text' | 'markdown'): string {
  const root = path.resolve(workspace);
  const index = new NvtxIndex();
  indexWorkspace(index, root);
  // Labelled with the capture time; with no attach to record contents at, staleness falls back to
  // a source modified after the capture (said as "may be" in the message).
  const trace = loopTrace(path.resolve(tracePath), captureTimeOf(tracePath, model), model, diagnosis);
  const result = closeTheLoop(trace, index, diskFile);
  if (format === 'markdown') return renderLoopReport(trace, result, { root });
  const rel = (p: string): string => path.relative(root, p).split(path.sep).join('/');
  if (format === 'json') {
    return `${JSON.stringify(
      {
        trace: trace.path,
        diagnostics: result.diagnostics.map((d) => ({ ...d, file: rel(d.file) })),
        unplaced: result.unplaced.map((u) => ({ id: u.finding.id, reason: u.reason })),
      },
      null,
      2,
    )}\n`;
  }
  const lines = result.diagnostics.map((d) => `${rel(d.file)}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} ${d.code}: ${d.message}`);
  for (const u of result.unplaced) lines.push(`(no line) ${u.finding.severity} ${u.finding.id}: ${u.reason}`);
  return `Findings located in ${root}\n${lines.join('\n')}\n`;
}
