// What DeepStream plugins name their NVTX output after, found in the workspace:
// - nvinfer / nvinferserver / nvdspreprocess create a domain `GstNvInfer: UID=<unique id>`
//   (gstnvinfer.cpp), whose id is the config's `gie-unique-id` ([property]), overridden by the
//   element's `unique-id` property or a deepstream-app `[primary-gie]`/`[secondary-gieN]`
//   `gie-unique-id`; nvinfer's default is 15 (DEFAULT_UNIQUE_ID).
// - nvdsosd (and nvdewarper) push `<element name>_(Frame=N)` ranges (gstnvdsosd.c); deepstream-app
//   names its OSD `nvosd0` (deepstream_osd_bin.c); unnamed launch elements are `<factory><n>`.
// This module reads one file and returns the facts; the index joins them across files.
import * as nodePath from 'node:path';
import type { Range } from '../lint/diagnostic';
import { readConfigOutline, type ConfigOutline, type OutlineGroup } from './configOutline';
import { extractPipelines, isPipelineHostKind } from '../lint/pipeline/extract/index';
import type { FileKind } from '../lint/fileKind';

/** nvinfer's unique id when neither the config nor the element sets one. */
export const NVINFER_DEFAULT_UNIQUE_ID = 15;

/** An inference config (nvinfer `[property]`) and the unique id it declares. */
export interface InferConfigDecl {
  file: string;
  /** gie-unique-id, or the default when the key is absent. */
  uid: number;
  explicit: boolean;
  /** The gie-unique-id value, or the `[property]` header when absent. */
  range: Range;
}

/** An element written in a launch line or created in code, with the properties we care about. */
export interface ElementDecl {
  file: string;
  factory: string;
  /** `name=` / second factory-make argument; undefined when GStreamer picks `<factory><n>`. */
  name?: string;
  /** The name GStreamer gives an unnamed element (`nvdsosd0`), counted per factory in the file. */
  autoName?: string;
  range: Range;
  props: Map<string, { value: string; range: Range }>;
  origin: 'launch' | 'code' | 'app-config';
  /** deepstream-app group this element comes from (`osd`, `primary-gie`, ...). */
  group?: string;
}

/** Something that points an inference element at a config file. */
export interface InferConfigRef {
  file: string;
  /** Config path as written. */
  rawPath: string;
  /** Absolute path (relative paths resolved against the referencing file's folder). */
  configPath: string;
  /** Unique id set next to the reference (element `unique-id`, app `gie-unique-id`). */
  uidOverride?: number;
  uidRange?: Range;
  /** Where the reference is written (the config-file value). */
  range: Range;
  element: ElementDecl;
}

export interface DeepStreamFileFacts {
  inferConfig?: InferConfigDecl;
  elements: ElementDecl[];
  refs: InferConfigRef[];
}

const inferFactories = new Set(['nvinfer', 'nvinferserver', 'nvdspreprocess']);
/** Factories whose element names show up in NVTX ranges or that findings point at. */
const interestingFactories = /\b(nvinfer|nvinferserver|nvdspreprocess|nvdsosd|nvdewarper|nvmultistreamtiler|nvtracker|nvstreammux|nvvideoconvert|videoconvert|nvv4l2decoder|capsfilter|nvdsanalytics)\b/g;

export function scanDeepStream(file: string, text: string, kind: string): DeepStreamFileFacts {
  const facts: DeepStreamFileFacts = { elements: [], refs: [] };
  if (kind === 'nvinfer-config') {
    const o = readConfigOutline(file, text);
    const prop = o.groups.get('property');
    if (prop) {
      const e = prop.keys.get('gie-unique-id');
      const uid = e ? Number.parseInt(e.value, 10) : NaN;
      facts.inferConfig = Number.isFinite(uid)
        ? { file, uid, explicit: true, range: e!.valueRange }
        : { file, uid: NVINFER_DEFAULT_UNIQUE_ID, explicit: false, range: prop.headerRange };
    }
    return facts;
  }
  if (kind === 'deepstream-app-config') {
    scanAppConfig(file, readConfigOutline(file, text), facts);
    return facts;
  }
  if (kind === 'config-other' || kind === 'none') return facts;
  if (!mentionsFactory(text)) return facts;
  // The pipeline core's parse when it finds launch lines; the simple scan when it finds none
  // (launch text the extractors do not recognize, e.g. a quoted command in a config value).
  if (parsedLaunches(file, text, kind as FileKind, facts) === 0) scanLaunchText(file, text, facts);
  scanCodeElements(file, text, facts);
  return facts;
}

function mentionsFactory(text: string): boolean {
  interestingFactories.lastIndex = 0;
  return interestingFactories.test(text);
}

/**
 * Elements of the launch descriptions the pipeline core extracts and parses (shell, .gst,
 * Markdown, Dockerfile, Python/C strings), with host-file ranges. Returns how many elements it
 * found (0 also when that core cannot handle the file: the simple scan below runs instead).
 */
function parsedLaunches(file: string, text: string, kind: FileKind, facts: DeepStreamFileFacts): number {
  if (!isPipelineHostKind(kind)) return 0;
  let pipelines;
  try {
    pipelines = extractPipelines(file, text, kind);
  } catch {
    return 0;
  }
  const before = facts.elements.length;
  for (const p of pipelines) {
    if (p.source === 'factory-chain') continue; // elements made in code: scanCodeElements
    const counters = new Map<string, number>();
    for (const node of p.parsed.elements) {
      if (!node.factory || node.opaque) continue;
      const props = new Map<string, { value: string; range: Range }>();
      for (const pr of node.properties) props.set(pr.key, { value: pr.value, range: pr.valueSpan.range });
      const el: ElementDecl = { file, factory: node.factory, name: node.name, range: node.factorySpan.range, props, origin: 'launch' };
      if (!node.name) {
        const n = counters.get(node.factory) ?? 0;
        counters.set(node.factory, n + 1);
        el.autoName = `${node.factory}${n}`;
      }
      facts.elements.push(el);
      const cfg = props.get('config-file-path') ?? props.get('config-file');
      if (cfg && inferFactories.has(node.factory)) facts.refs.push(refFor(file, cfg, props.get('unique-id'), el));
    }
  }
  return facts.elements.length - before;
}

function scanAppConfig(file: string, o: ConfigOutline, facts: DeepStreamFileFacts): void {
  const dir = nodePath.dirname(file);
  for (const g of o.groups.values()) {
    const gie = /^(primary-gie|secondary-gie\d+)$/.exec(g.name);
    if (gie && enabled(g)) {
      const cf = g.keys.get('config-file');
      const pluginType = g.keys.get('plugin-type')?.value;
      const factory = pluginType === '1' ? 'nvinferserver' : 'nvinfer';
      const element: ElementDecl = { file, factory, name: g.name === 'primary-gie' ? 'primary_gie' : undefined, range: g.headerRange, props: propsOf(g), origin: 'app-config', group: g.name };
      facts.elements.push(element);
      if (cf && cf.value) {
        const uidE = g.keys.get('gie-unique-id');
        const uid = uidE ? Number.parseInt(uidE.value, 10) : NaN;
        facts.refs.push({
          file,
          rawPath: cf.value,
          configPath: nodePath.resolve(dir, cf.value),
          uidOverride: Number.isFinite(uid) ? uid : undefined,
          uidRange: Number.isFinite(uid) ? uidE!.valueRange : undefined,
          range: cf.valueRange,
          element,
        });
      }
    }
    if (g.name === 'osd' && enabled(g)) {
      facts.elements.push({ file, factory: 'nvdsosd', name: 'nvosd0', range: g.headerRange, props: propsOf(g), origin: 'app-config', group: g.name });
    }
    if (g.name === 'tiled-display' && enabled(g)) {
      facts.elements.push({ file, factory: 'nvmultistreamtiler', name: 'tiled_display_tiler', range: g.headerRange, props: propsOf(g), origin: 'app-config', group: g.name });
    }
    if (g.name === 'streammux') {
      facts.elements.push({ file, factory: 'nvstreammux', name: 'src_bin_muxer', range: g.headerRange, props: propsOf(g), origin: 'app-config', group: g.name });
    }
  }
}

function enabled(g: OutlineGroup): boolean {
  const e = g.keys.get('enable')?.value;
  return e === undefined || (e !== '0' && e.toLowerCase() !== 'false');
}

function propsOf(g: OutlineGroup): Map<string, { value: string; range: Range }> {
  const m = new Map<string, { value: string; range: Range }>();
  for (const [k, e] of g.keys) m.set(k, { value: e.value, range: e.valueRange });
  return m;
}

/** Line starts of a text, for offset → position. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

export function positionAt(starts: number[], offset: number): { line: number; character: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: offset - starts[lo] };
}

function rangeOf(starts: number[], a: number, b: number): Range {
  return { start: positionAt(starts, a), end: positionAt(starts, b) };
}

/**
 * Elements written in gst-launch descriptions (shell, .gst, Python/C strings, Markdown): a known
 * factory followed by `key=value` properties and linked with `!` on at least one side.
 */
function scanLaunchText(file: string, text: string, facts: DeepStreamFileFacts): void {
  if (!text.includes('!')) return;
  let starts: number[] | undefined;
  const counters = new Map<string, number>();
  // Each gst-launch / parse_launch is its own process or pipeline: unnamed elements count from 0 again.
  const pipelineStarts: number[] = [];
  for (const p of text.matchAll(/gst-launch-1\.0|parse_launch|gst_parse_launch/g)) pipelineStarts.push(p.index ?? 0);
  let nextStart = 0;
  interestingFactories.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = interestingFactories.exec(text))) {
    const factory = m[1];
    const at = m.index;
    if (nextStart < pipelineStarts.length && at > pipelineStarts[nextStart]) {
      while (nextStart < pipelineStarts.length && at > pipelineStarts[nextStart]) nextStart++;
      counters.clear();
    }
    const before = text[at - 1] ?? '\n';
    const after = text[at + factory.length] ?? '\n';
    if (!/[\s!"'(]/.test(before) || !/[\s!"'\\]/.test(after)) continue;
    if ((before === '"' || before === "'") && text[at + factory.length] === before) continue; // "nvinfer" as a string of its own
    // Properties after the factory.
    let i = at + factory.length;
    const props = new Map<string, { value: string; range: Range }>();
    let end = i;
    starts ??= lineStarts(text);
    for (;;) {
      const skip = /^(?:[ \t\r\n]|\\\r?\n|["']\s*\+?\s*["']|["']\s*\r?\n\s*["'])*/.exec(text.slice(i, i + 200));
      i += skip ? skip[0].length : 0;
      const kv = /^([A-Za-z][\w-]*)=("(?:[^"\\]|\\.)*"|'[^']*'|[^\s!"'\\]+)/.exec(text.slice(i, i + 2000));
      if (!kv) break;
      const raw = kv[2];
      const value = raw.startsWith('"') || raw.startsWith("'") ? raw.slice(1, -1) : raw;
      const vStart = i + kv[1].length + 1;
      props.set(kv[1], { value, range: rangeOf(starts, vStart, vStart + raw.length) });
      i += kv[0].length;
      end = i;
    }
    const tail = /^(?:[ \t\r\n"'+]|\\\r?\n)*/.exec(text.slice(end, end + 200));
    const linkedAfter = text[end + (tail ? tail[0].length : 0)] === '!';
    const head = text.slice(Math.max(0, at - 200), at);
    const linkedBefore = /!(?:[ \t\r\n"'+]|\\\r?\n)*$/.test(head);
    if (!linkedAfter && !linkedBefore) continue;
    const name = props.get('name')?.value;
    const el: ElementDecl = { file, factory, name, range: rangeOf(starts, at, at + factory.length), props, origin: 'launch' };
    if (!name) {
      const n = counters.get(factory) ?? 0;
      counters.set(factory, n + 1);
      el.autoName = `${factory}${n}`;
    }
    facts.elements.push(el);
    const cfg = props.get('config-file-path') ?? props.get('config-file');
    if (cfg && inferFactories.has(factory)) facts.refs.push(refFor(file, cfg, props.get('unique-id'), el));
  }
}

/** Elements created in code: gst_element_factory_make / Gst.ElementFactory.make, plus their
 *  g_object_set / set_property calls. */
function scanCodeElements(file: string, text: string, facts: DeepStreamFileFacts): void {
  if (!/factory_make|ElementFactory\.make/.test(text)) return;
  const starts = lineStarts(text);
  const byVar = new Map<string, ElementDecl>();
  const make = /(?:([A-Za-z_][\w.>-]*)\s*=\s*)?(?:gst_element_factory_make|Gst\.ElementFactory\.make)\s*\(\s*["']([\w-]+)["']\s*,\s*(?:["']([^"']*)["']|(NULL|None|nullptr))/g;
  let m: RegExpExecArray | null;
  while ((m = make.exec(text))) {
    const factory = m[2];
    const at = m.index + m[0].indexOf(factory, m[0].indexOf('make'));
    const el: ElementDecl = { file, factory, name: m[3] || undefined, range: rangeOf(starts, at, at + factory.length), props: new Map(), origin: 'code' };
    facts.elements.push(el);
    if (m[1]) byVar.set(m[1].replace(/^.*(?:\.|->)/, ''), el);
  }
  const setC = /g_object_set\s*\(\s*(?:G_OBJECT\s*\(\s*)?([A-Za-z_][\w.>-]*?)\s*\)?\s*,([\s\S]*?)\)\s*;/g;
  while ((m = setC.exec(text))) {
    const el = byVar.get(m[1].replace(/^.*(?:\.|->)/, ''));
    if (!el) continue;
    const argsStart = m.index + m[0].indexOf(',') + 1;
    const pair = /"([\w-]+)"\s*,\s*("(?:[^"\\]|\\.)*"|[-\w.]+)/g;
    let p: RegExpExecArray | null;
    while ((p = pair.exec(m[2]))) {
      const raw = p[2];
      const vStart = argsStart + p.index + p[0].lastIndexOf(raw);
      el.props.set(p[1], { value: raw.startsWith('"') ? raw.slice(1, -1) : raw, range: rangeOf(starts, vStart, vStart + raw.length) });
    }
  }
  const setPy = /([A-Za-z_][\w.]*)\.set_property\(\s*["']([\w-]+)["']\s*,\s*("[^"\n]*"|'[^'\n]*'|[-\w.]+)/g;
  while ((m = setPy.exec(text))) {
    const el = byVar.get(m[1].replace(/^.*\./, ''));
    if (!el) continue;
    const raw = m[3];
    const vStart = m.index + m[0].lastIndexOf(raw);
    el.props.set(m[2], { value: /^["']/.test(raw) ? raw.slice(1, -1) : raw, range: rangeOf(starts, vStart, vStart + raw.length) });
  }
  for (const el of byVar.values()) {
    const cfg = el.props.get('config-file-path');
    if (cfg && inferFactories.has(el.factory)) facts.refs.push(refFor(file, cfg, el.props.get('unique-id'), el));
  }
}

function refFor(file: string, cfg: { value: string; range: Range }, uid: { value: string; range: Range } | undefined, el: ElementDecl): InferConfigRef {
  const n = uid ? Number.parseInt(uid.value, 10) : NaN;
  return {
    file,
    rawPath: cfg.value,
    configPath: nodePath.resolve(nodePath.dirname(file), cfg.value),
    uidOverride: Number.isFinite(n) ? n : undefined,
    uidRange: Number.isFinite(n) ? uid!.range : undefined,
    range: cfg.range,
    element: el,
  };
}
