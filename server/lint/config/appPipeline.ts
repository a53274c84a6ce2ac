// The pipeline a deepstream-app config builds, as a PipelineGraph, so the launch-line rules apply
// to app configs too: sources → nvstreammux → [pre-process] → primary nvinfer → nvtracker →
// secondary nvinfers → [nvdsanalytics] → nvmultistreamtiler → nvvideoconvert → nvdsosd → tee →
// queue → sink per [sinkN]. Element and property ranges point at the config's groups and keys.
// (Shape from deepstream_app.c create_pipeline / create_processing_instance and the sink/source
// bins of src/apps/common/src.)
import type { FileAccess, LintDiagnostic, LintOptions, Range } from '../diagnostic';
import type { GraphElement, GraphLink, GraphProperty, PipelineGraph } from '../pipeline/model';
import { runPipelineRules } from '../pipeline/rules/index';
import { getElement, getProperty } from '../pipeline/catalog';
import type { AppModel } from './appModel';
import type { ConfigGroup } from './document';
import { entryNumber } from './values';

/** Config key → element property, per group kind (keys not listed are not element properties). */
const muxProps: Record<string, string> = {
  'batch-size': 'batch-size',
  width: 'width',
  height: 'height',
  'batched-push-timeout': 'batched-push-timeout',
  'live-source': 'live-source',
  'enable-padding': 'enable-padding',
  'nvbuf-memory-type': 'nvbuf-memory-type',
  'gpu-id': 'gpu-id',
  'buffer-pool-size': 'buffer-pool-size',
  'compute-hw': 'compute-hw',
  'config-file-path': 'config-file-path',
  'sync-inputs': 'sync-inputs',
};
const gieProps: Record<string, string> = { 'config-file': 'config-file-path', 'batch-size': 'batch-size', 'gie-unique-id': 'unique-id', interval: 'interval', 'gpu-id': 'gpu-id', 'operate-on-gie-id': 'infer-on-gie-id', 'model-engine-file': 'model-engine-file' };
const trackerProps: Record<string, string> = { 'll-lib-file': 'll-lib-file', 'll-config-file': 'll-config-file', 'tracker-width': 'tracker-width', 'tracker-height': 'tracker-height', 'gpu-id': 'gpu-id', 'display-tracking-id': 'display-tracking-id', 'compute-hw': 'compute-hw' };
const tilerProps: Record<string, string> = { rows: 'rows', columns: 'columns', width: 'width', height: 'height', 'gpu-id': 'gpu-id', 'compute-hw': 'compute-hw', 'nvbuf-memory-type': 'nvbuf-memory-type' };
const osdProps: Record<string, string> = { 'process-mode': 'process-mode', 'display-text': 'display-text', 'display-bbox': 'display-bbox', 'display-mask': 'display-mask', 'gpu-id': 'gpu-id' };
const sinkProps: Record<string, string> = { sync: 'sync', qos: 'qos' };
const preProps: Record<string, string> = { 'config-file': 'config-file' };

function known(factory: string, property: string): boolean {
  return getElement(factory) !== undefined && getProperty(factory, property) !== undefined;
}

export function buildAppGraph(app: AppModel, hostPath: string, options: LintOptions): PipelineGraph {
  const elements: GraphElement[] = [];
  const links: GraphLink[] = [];
  const add = (factory: string, g: ConfigGroup, map: Record<string, string>, name?: string): number => {
    const properties: GraphProperty[] = [];
    for (const e of g.entries) {
      if (e.overridden) continue;
      const p = map[e.key];
      // Only properties the element really has (e.g. nvinferserver has no gpu-id: the app uses it for nvinfer only).
      if (!p || !known(factory, p)) continue;
      properties.push({ key: p, value: e.yaml ? e.raw : e.value.trim(), keyRange: e.keyRange, valueRange: e.valueTrimmedRange, range: { start: e.keyRange.start, end: e.valueTrimmedRange.end } });
    }
    const id = elements.length;
    elements.push({ id, factory, name: name ?? g.name, properties, range: g.headerRange, factoryRange: g.nameRange });
    return id;
  };
  const link = (from: number, to: number, range: Range, pad?: string) => links.push({ from: { element: from }, to: { element: to, pad }, range });
  const chain: number[] = [];
  const mux = app.mux ? add('nvstreammux', app.mux, muxProps) : undefined;
  let sourceIndex = 0;
  for (const s of app.sources) {
    const factory = s.type === 1 ? 'v4l2src' : s.type === 5 ? 'nvarguscamerasrc' : 'nvurisrcbin';
    // CSV and [source-list] sources have no key of their own in this file: no properties, the group's range.
    const own = s.csvLine === undefined && s.listIndex === undefined;
    const base = s.csvLine !== undefined ? `${s.group.name}_csv${s.csvLine}` : s.listIndex !== undefined ? `${s.group.name}_${s.listIndex}` : s.group.name;
    for (let i = 0; i < s.streams; i++) {
      const id = add(factory, s.group, own && s.uri ? { uri: 'uri' } : {}, s.streams > 1 ? `${base}_${i}` : base);
      if (mux !== undefined) link(id, mux, s.group.headerRange, `sink_${sourceIndex}`);
      sourceIndex++;
    }
  }
  if (app.undeterminedSources && mux !== undefined) {
    // Sources exist but their number is unknown here: one stand-in, so the muxer is not called unfed
    // (lintAppPipeline drops the batch-size comparison that would count it).
    const u = app.undeterminedSources;
    link(add('nvurisrcbin', u.group, {}, `${u.group.name}_undetermined`), mux, u.group.headerRange, `sink_${sourceIndex}`);
  }
  if (mux !== undefined) chain.push(mux);
  const pre = app.doc.groupMap.get('pre-process');
  if (pre && app.enabled(pre)) chain.push(add('nvdspreprocess', pre, preProps));
  const pgie = app.gies.find((g) => g.primary);
  if (pgie) chain.push(add(pgie.pluginType === 1 ? 'nvinferserver' : 'nvinfer', pgie.group, gieProps));
  if (app.tracker) chain.push(add('nvtracker', app.tracker, trackerProps));
  for (const g of app.gies.filter((x) => !x.primary)) {
    const factory = g.pluginType === 1 ? 'nvinferserver' : 'nvinfer';
    const id = add(factory, g.group, gieProps);
    // deepstream_secondary_gie_bin.c sets process-mode=2 on every secondary GIE, whatever its config
    // file says: it infers on objects, so its batch-size counts objects, not the muxer's frames.
    if (known(factory, 'process-mode')) {
      const h = g.group.headerRange;
      elements[id].properties.push({ key: 'process-mode', value: '2', keyRange: h, valueRange: h, range: h });
    }
    chain.push(id);
  }
  const ana = app.doc.groupMap.get('nvds-analytics');
  if (ana && app.enabled(ana)) chain.push(add('nvdsanalytics', ana, { 'config-file': 'config-file' }));
  if (app.tiler) chain.push(add('nvmultistreamtiler', app.tiler, tilerProps));
  if (app.osd) {
    chain.push(add('nvvideoconvert', app.osd, {}, 'osd_conv'));
    chain.push(add('nvdsosd', app.osd, osdProps));
  }
  if (app.sinks.length > 0) {
    const anchor = app.sinks[0];
    const tee = add('tee', anchor, {}, 'sink_tee');
    chain.push(tee);
    for (const s of app.sinks) {
      const q = add('queue', s, {}, `${s.name}_queue`);
      link(tee, q, s.headerRange);
      const type = entryNumber(s.keys.get('type')) ?? 1;
      let last = q;
      const step = (factory: string, map: Record<string, string> = {}, name?: string) => {
        const id = add(factory, s, map, name);
        link(last, id, s.headerRange);
        last = id;
      };
      if (type === 1) step('fakesink', sinkProps);
      else if (type === 2) step(options.target === 'jetson' ? 'nv3dsink' : 'nveglglessink', sinkProps);
      else if (type === 3 || type === 4) {
        const codec = entryNumber(s.keys.get('codec')) ?? 1;
        step('nvvideoconvert', {}, `${s.name}_conv`);
        step(codec === 2 ? 'nvv4l2h265enc' : 'nvv4l2h264enc', { bitrate: 'bitrate' }, `${s.name}_enc`);
        step(codec === 2 ? 'h265parse' : 'h264parse', {}, `${s.name}_parse`);
        if (type === 3) {
          step((entryNumber(s.keys.get('container')) ?? 1) === 2 ? 'matroskamux' : 'qtmux', {}, `${s.name}_mux`);
          step('filesink', { ...sinkProps, 'output-file': 'location' });
        } else {
          step(codec === 2 ? 'rtph265pay' : 'rtph264pay', {}, `${s.name}_pay`);
          step('udpsink', sinkProps);
        }
      } else if (type === 5) step('nvdrmvideosink', sinkProps);
      else if (type === 6) {
        step('nvmsgconv', { 'msg-conv-config': 'config' }, `${s.name}_conv`);
        step('nvmsgbroker', { 'msg-broker-proto-lib': 'proto-lib', 'msg-broker-conn-str': 'conn-str', topic: 'topic', 'msg-broker-config': 'config', sync: 'sync' });
      } else step('fakesink', sinkProps);
    }
  }
  for (let i = 1; i < chain.length; i++) link(chain[i - 1], chain[i], elements[chain[i]].range);
  return { elements, links, origin: 'config', hostPath };
}

/**
 * Pipeline rules whose problem a config rule already reports on deepstream-app configs, with the
 * config rule that covers it. The pipeline finding is dropped when that config rule reported in
 * the same config group (the two rules underline different keys of the group: the config rule the
 * header or the key it reads, the pipeline rule the property it maps), so each problem is reported
 * once, in the config's own words and with the config's quick fix.
 */
export const pipelineRulesCoveredByConfigRules: Readonly<Record<string, string>> = {
  'pipeline/osd-cpu-mode': 'config/osd-cpu-mode',
  'pipeline/streammux-batch-size': 'config/mux-batch-vs-sources',
  'pipeline/infer-batch-size': 'config/gie-batch-vs-mux',
  'pipeline/muxer-double-scaling': 'config/mux-resolution-vs-model',
  'pipeline/display-sink-sync': 'config/sink-sync-in-perf',
  'pipeline/profiling-tiler-osd': 'config/tiler-in-perf',
  'pipeline/infer-config-not-found': 'config/missing-file',
};

export interface AppPipelineContext {
  /** What the config rules reported on this file so far (for pipelineRulesCoveredByConfigRules). */
  configFindings?: readonly LintDiagnostic[];
  /** Set when the config is written for another application (a Python / Service Maker sample,
   * deepstream-parallel-infer, ...) that reads it with its own parser and builds its own pipeline. */
  foreignApp?: string;
}

/** True when the config describes a whole deepstream-app pipeline: it has a muxer or sources. A
 * fragment (a test5 OTA override with only [primary-gie], a per-branch GIE file of
 * deepstream-parallel-infer) is merged into another config and builds nothing on its own. */
export function describesWholeApp(app: AppModel): boolean {
  return app.mux !== undefined || app.sources.length > 0 || app.undeterminedSources !== undefined;
}

/** The group of the config that holds a 0-based line (its headers up to its last line). */
function groupAtLine(app: AppModel, line: number): ConfigGroup | undefined {
  for (const g of app.doc.groups) {
    const first = Math.min(...g.headers.map((h) => h.start.line), g.headerRange.start.line);
    if (line >= first && line <= Math.max(g.lastLine, g.headerRange.start.line)) return g;
  }
  return undefined;
}

/** Drops pipeline findings that a config rule already reported in the same group. */
export function dropFindingsCoveredByConfigRules(app: AppModel, pipeline: LintDiagnostic[], configFindings: readonly LintDiagnostic[]): LintDiagnostic[] {
  const covered = new Set<string>();
  for (const d of configFindings) {
    const g = groupAtLine(app, d.range.start.line);
    if (g) covered.add(`${d.code}\u0000${g.name}`);
  }
  return pipeline.filter((d) => {
    const configRule = pipelineRulesCoveredByConfigRules[d.code];
    if (!configRule) return true;
    const g = groupAtLine(app, d.range.start.line);
    return !(g && covered.has(`${configRule}\u0000${g.name}`));
  });
}

/** Runs the pipeline rules on the graph of an app config; a crash there becomes one diagnostic. */
export function lintAppPipeline(app: AppModel, hostPath: string, options: LintOptions, files: FileAccess, context: AppPipelineContext = {}): LintDiagnostic[] {
  if (context.foreignApp !== undefined || !describesWholeApp(app)) return [];
  const graph = buildAppGraph(app, hostPath, options);
  let found: LintDiagnostic[];
  try {
    found = runPipelineRules(graph, { options, files, measuring: app.measuring });
  } catch (e) {
    return [
      {
        code: 'config/pipeline-rules-failed',
        severity: 'info',
        message: `The pipeline checks could not run on the pipeline this config builds: ${(e as Error).message}`,
        range: app.mux?.headerRange ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      },
    ];
  }
  // With a stand-in for sources of unknown number, the muxer's batch cannot be compared with them.
  if (app.undeterminedSources) found = found.filter((d) => d.code !== 'pipeline/streammux-batch-size');
  return dropFindingsCoveredByConfigRules(app, found, context.configFindings ?? []);
}
