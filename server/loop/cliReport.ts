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
import { MTIME_SLACK_MS } from './locateFindings';
import { profileTime } from './traceFacts';

/**
 * Files as the command line sees them. No content was recorded when the profile was taken, and a
 * checkout dates every file after the capture, so a modification time alone never labels a
 * finding stale here (a fresh clone would label them all); the report lists, once, the located
 * files written after the capture instead.
 */
function diskFile(p: string): LoopFile | undefined {
  try {
    return { text: fs.readFileSync(p, 'utf8') };
  } catch {
    return undefined;
  }
}

function modifiedAfter(files: Iterable<string>, takenAtMs: number): { file: string; modifiedMs: number }[] {
  const out: { file: string; modifiedMs: number }[] = [];
  for (const f of files) {
    try {
      const m = fs.statSync(f).mtimeMs;
      if (m > takenAtMs + MTIME_SLACK_MS) out.push({ file: f, modifiedMs: m });
    } catch {
      // unreadable now: nothing to say about its time
    }
  }
  return out.sort((a, b) => a.file.localeCompare(b.file));
}

export function workspaceLoopReport(model: TraceModel, diagnosis: Diagnosis, tracePath: string, workspace: string, format: 'json' | 'text' | 'markdown'): string {
  const root = path.resolve(workspace);
  const index = new NvtxIndex();
  indexWorkspace(index, root);
  // Labelled with the capture time recorded in the trace.
  const trace = loopTrace(path.resolve(tracePath), captureTimeOf(tracePath, model), model, diagnosis);
  const result = closeTheLoop(trace, index, diskFile);
  const rel = (p: string): string => path.relative(root, p).split(path.sep).join('/');
  const later = modifiedAfter(new Set(result.diagnostics.map((d) => d.file)), trace.takenAtMs);
  const laterNote = later.length
    ? `Not compared with the sources at the capture (no record of them): written after the capture of ${profileTime(trace.takenAtMs)}: ${later.map((l) => `${rel(l.file)} (${profileTime(l.modifiedMs)})`).join(', ')}.`
    : '';
  if (format === 'markdown') return renderLoopReport(trace, result, { root }) + (laterNote ? `\n_${laterNote}_\n` : '');
  if (format === 'json') {
    return `${JSON.stringify(
      {
        trace: trace.path,
        diagnostics: result.diagnostics.map((d) => ({ ...d, file: rel(d.file) })),
        unplaced: result.unplaced.map((u) => ({ id: u.finding.id, reason: u.reason })),
        writtenAfterCapture: later.map((l) => ({ file: rel(l.file), modifiedMs: l.modifiedMs })),
      },
      null,
      2,
    )}\n`;
  }
  const lines = result.diagnostics.map((d) => `${rel(d.file)}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} ${d.code}: ${d.message}`);
  for (const u of result.unplaced) lines.push(`(no line) ${u.finding.severity} ${u.finding.id}: ${u.reason}`);
  if (laterNote) lines.push(laterNote);
  return `Findings located in ${root}\n${lines.join('\n')}\n`;
}
