// What the pipeline graph panel shows for one run: every .dot file the run brought back, parsed
// (a file that cannot be read becomes a snapshot with its error, never a silent gap), in the
// order GStreamer wrote them, with the snapshot to open first. Plus the cheap "where is this
// factory used" lookup over workspace text (launch lines, configs) for click-to-reveal.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { graphSnapshotLabel, parsePipelineGraph, preferredGraph } from './dotPipeline';
import type { GraphPanelData, GraphSnapshot } from '../../../webview/pipelineGraph/model';

export function loadGraphSnapshots(runDir: string, files: readonly string[]): GraphSnapshot[] {
  const sorted = [...files].sort((a, b) => path.basename(a).localeCompare(path.basename(b), 'en', { numeric: true }));
  return sorted.map((file) => {
    const label = graphSnapshotLabel(file);
    try {
      return { file, label, graph: parsePipelineGraph(fs.readFileSync(path.join(runDir, file), 'utf8')) };
    } catch (e) {
      return { file, label, error: (e as Error).message };
    }
  });
}

export function graphPanelData(run: string, snapshots: GraphSnapshot[], selectFile: string | undefined, revealable: string[]): GraphPanelData {
  const byFile = selectFile ? snapshots.findIndex((s) => s.file === selectFile) : -1;
  return { run, snapshots, selected: byFile >= 0 ? byFile : preferredGraph(snapshots), revealable };
}

export interface FactoryLocation {
  line: number;
  character: number;
  length: number;
}

/**
 * Where each factory name first appears as a whole word in `text` (gst-launch lines, Python
 * Gst.parse_launch / ElementFactory.make strings, configs). 0-based positions.
 */
export function findFactories(text: string, factories: Iterable<string>): Map<string, FactoryLocation> {
  const out = new Map<string, FactoryLocation>();
  const wanted = [...new Set(factories)].filter((f) => /^[a-z0-9][a-z0-9_-]*$/.test(f));
  if (!wanted.length) return out;
  const lines = text.split(/\r?\n/);
  const re = new RegExp(`(^|[^A-Za-z0-9_-])(${wanted.sort((a, b) => b.length - a.length).join('|')})(?![A-Za-z0-9_-])`, 'g');
  for (let i = 0; i < lines.length && out.size < wanted.length; i++) {
    re.lastIndex = 0;
    for (let m = re.exec(lines[i]); m; m = re.exec(lines[i])) {
      const f = m[2];
      if (!out.has(f)) out.set(f, { line: i, character: m.index + m[1].length, length: f.length });
    }
  }
  return out;
}
