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
    for (let i = 0; i < s.streams; i++) {
      const id = add(factory, s.group, s.uri ? { uri: 'uri' } : {}, s.streams > 1 ? `${s.group.name}_${i}` : s.group.name);
      if (mux !== undefined) link(id, mux, s.group.headerRange, `sink_${sourceIndex}`);
      sourceIndex++;
    }
  }
  if (mux !== undefined) chain.push(mux);
  const pre = app.doc.groupMap.get('pre-process');
  if (pre && app.enabled(pre)) chain.push(add('nvdspreprocess', pre, preProps));
  const pgie = app.gies.find((g) => g.primary);
  if (pgie) chain.push(add(pgie.pluginType === 1 ? 'nvinferserver' : 'nvinfer', pgie.group, gieProps));
  if (app.tracker) chain.push(add('nvtracker', app.tracker, trackerProps));
  for (const g of app.gies.filter((x) => !x.primary)) chain.push(add(g.pluginType === 1 ? 'nvinferserver' : 'nvinfer', g.group, gieProps));
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

/** Runs the pipeline rules on the graph of an app config; a crash there becomes one diagnostic. */
export function lintAppPipeline(app: AppModel, hostPath: string, options: LintOptions, files: FileAccess): LintDiagnostic[] {
  if (!app.mux && app.sources.length === 0 && app.gies.length === 0) return [];
  const graph = buildAppGraph(app, hostPath, options);
  try {
    return runPipelineRules(graph, { options, files, measuring: app.measuring });
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
}
