// What the pipeline graph panel receives from the extension (embedded in its HTML as JSON).
import type { PipelineGraph } from '../../client/profile/core/dotPipeline';

export interface GraphSnapshot {
  /** File name of the .dot file inside the run folder (graphs/...). */
  file: string;
  /** Human label for the picker, e.g. "PAUSED → PLAYING at 0.00.01.2". */
  label: string;
  graph?: PipelineGraph;
  /** Why the file could not be read (shown instead of the graph). */
  error?: string;
}

export interface GraphPanelData {
  run: string;
  snapshots: GraphSnapshot[];
  selected: number;
  /** Factories that appear in the workspace's launch strings / configs (clickable to reveal). */
  revealable: string[];
}

/** Messages the webview posts to the extension. */
export type GraphPanelMessage = { type: 'reveal'; factory: string; element: string } | { type: 'ready' };
