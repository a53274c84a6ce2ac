// Rules that read the nvinfer config a pipeline points to (config-file-path, resolved against the
// host file's directory as DeepStream resolves it): the inference batch-size against the
// muxer's, and the muxer's output resolution against the model input (double scaling).
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { keyFileGet, parseKeyFile } from '../../config/keyFile';
import type { FileAccess } from '../../diagnostic';
import type { GraphElement, PipelineGraph, PipelineRuleContext } from '../model';
import { factoryKind, factsFor, noFindings } from './graphFacts';
import { incoming, label, parseIntValue, prop, realUpstream } from './graphUtil';
import type { Finding, PipelineRule } from './rule';

const nvinferKind = factoryKind(['nvinfer']);
const inferKind = factoryKind(['nvinfer', 'nvinferserver']);
const streammuxKind = factoryKind(['nvstreammux']);

export interface InferConfigFacts {
  file: string;
  batchSize?: number;
  /** process-mode: 1 primary (full frame), 2 secondary (objects). */
  processMode?: number;
  /** Model input C;H;W from infer-dims / input-dims / uff-input-dims. */
  inferDims?: number[];
}

/** Read the facts of an nvinfer config (INI key file or YAML) through FileAccess. */
export function readInferConfig(file: string, files: FileAccess): InferConfigFacts | { error: string } {
  const r = files.readText(file);
  if (r.text === undefined) return { error: r.error ?? 'unreadable' };
  // Three rules read the same config of each nvinfer: the facts are a pure function of the text.
  const hit = factsCache.get(file);
  if (hit && hit.text === r.text) return hit.facts;
  const facts = readInferFacts(file, r.text);
  if (factsCache.size >= 64) factsCache.delete(factsCache.keys().next().value as string);
  factsCache.set(file, { text: r.text, facts });
  return facts;
}

const factsCache = new Map<string, { text: string; facts: InferConfigFacts | { error: string } }>();

function readInferFacts(file: string, text: string): InferConfigFacts | { error: string } {
  const r = { text };
  const facts: InferConfigFacts = { file };
  const num = (s: string | undefined): number | undefined => {
    if (s === undefined) return undefined;
    const m = /^\s*([+-]?\d+)/.exec(s);
    return m ? Number(m[1]) : undefined;
  };
  const dims = (s: string | undefined): number[] | undefined => {
    if (!s) return undefined;
    const parts = s.split(/[;,]/).map((x) => x.trim()).filter(Boolean).map(Number);
    return parts.length >= 3 && parts.every((n) => Number.isFinite(n)) ? parts : undefined;
  };
  if (/\.ya?ml$/i.test(file)) {
    let doc: unknown;
    try {
      doc = parseYaml(r.text, { maxAliasCount: 100 });
    } catch (e) {
      return { error: e instanceof Error ? e.message : String(e) };
    }
    const property = doc && typeof doc === 'object' ? (doc as Record<string, unknown>).property : undefined;
    if (!property || typeof property !== 'object') return facts;
    const get = (k: string): string | undefined => {
      const v = (property as Record<string, unknown>)[k];
      if (v === undefined || v === null) return undefined;
      return Array.isArray(v) ? v.join(';') : String(v);
    };
    facts.batchSize = num(get('batch-size'));
    facts.processMode = num(get('process-mode'));
    facts.inferDims = dims(get('infer-dims') ?? get('input-dims') ?? get('uff-input-dims'));
    return facts;
  }
  const kf = parseKeyFile(r.text);
  const get = (k: string): string | undefined => keyFileGet(kf, 'property', k)?.value;
  facts.batchSize = num(get('batch-size'));
  facts.processMode = num(get('process-mode'));
  facts.inferDims = dims(get('infer-dims') ?? get('input-dims') ?? get('uff-input-dims'));
  return facts;
}

interface ConfigOf {
  facts?: InferConfigFacts;
  error?: string;
  rel?: string;
}

// Three rules ask for the config and the upstream muxer of each nvinfer of the same graph: the
// answers for the graph being checked are kept until the next graph (or context) comes.
let memoGraph: PipelineGraph | undefined;
let memoContext: PipelineRuleContext | undefined;
// By element id, in arrays of the graph's size made when a rule first asks (emptying a Map for
// every graph, or writing past the end of an empty array, cost more than the lookups they saved).
let configMemo: (ConfigOf | undefined)[] = [];
/** null: looked for, no muxer. */
let muxerMemo: (GraphElement | null | undefined)[] = [];
function memoFor(g: PipelineGraph, ctx: PipelineRuleContext): void {
  if (g === memoGraph && ctx === memoContext) return;
  memoGraph = g;
  memoContext = ctx;
  configMemo = new Array<ConfigOf | undefined>(g.elements.length);
  muxerMemo = new Array<GraphElement | null | undefined>(g.elements.length);
}

// config-file-path values repeat across the pipelines of a file: resolved paths of the last host.
let resolvedFor: string | undefined;
const resolvedPaths = new Map<string, string>();
function resolveConfigPath(hostPath: string, value: string): string {
  if (path.isAbsolute(value)) return value;
  // a relative host path resolves against the working directory: not cached
  if (!path.isAbsolute(hostPath)) return path.resolve(path.dirname(hostPath || '.'), value);
  if (hostPath !== resolvedFor) {
    resolvedFor = hostPath;
    resolvedPaths.clear();
  }
  let r = resolvedPaths.get(value);
  if (r === undefined) {
    r = path.resolve(path.dirname(hostPath || '.'), value);
    if (resolvedPaths.size < 1024) resolvedPaths.set(value, r);
  }
  return r;
}

function configOf(e: GraphElement, g: PipelineGraph, ctx: PipelineRuleContext): ConfigOf {
  memoFor(g, ctx);
  let r = configMemo[e.id];
  if (!r) {
    r = readConfigOf(e, g, ctx);
    configMemo[e.id] = r;
  }
  return r;
}

function readConfigOf(e: GraphElement, g: PipelineGraph, ctx: PipelineRuleContext): ConfigOf {
  const p = prop(e, 'config-file-path');
  if (!p || p.opaque || !p.value) return {};
  const file = resolveConfigPath(g.hostPath, p.value);
  if (!ctx.files.exists(file)) return { error: `not found: ${file}`, rel: p.value };
  const r = readInferConfig(file, ctx.files);
  if ('error' in r) return { error: r.error, rel: p.value };
  return { facts: r, rel: p.value };
}

function upstreamMuxer(g: PipelineGraph, e: GraphElement, ctx: PipelineRuleContext): GraphElement | undefined {
  memoFor(g, ctx);
  const known = muxerMemo[e.id];
  if (known !== undefined) return known ?? undefined;
  const m = findUpstreamMuxer(g, e);
  muxerMemo[e.id] = m ?? null;
  return m;
}

function findUpstreamMuxer(g: PipelineGraph, e: GraphElement): GraphElement | undefined {
  // The usual case, without the searches below: the first link into `e` comes from the muxer
  // (it is then the first element the search below meets).
  const first = incoming(g, e.id)[0];
  if (first !== undefined && first.from.element !== e.id) {
    const u = g.elements[first.from.element];
    if (u !== undefined && u.factory === 'nvstreammux') return u;
  }
  const seen = new Set<number>();
  let frontier = [e];
  while (frontier.length) {
    const next: GraphElement[] = [];
    for (const f of frontier) {
      for (const u of realUpstream(g, f.id)) {
        if (seen.has(u.id)) continue;
        seen.add(u.id);
        if (u.factory === 'nvstreammux') return u;
        next.push(u);
      }
    }
    frontier = next;
  }
  return g.elements.find((x) => x.factory === 'nvstreammux');
}

export const inferBatchSize: PipelineRule = {
  doc: {
    id: 'pipeline/infer-batch-size',
    defaultSeverity: 'warning',
    title: 'nvinfer batch-size differs from the muxer\'s',
    why: 'A primary nvinfer gets batches of nvstreammux\'s batch-size. A smaller inference batch splits every muxer batch into several TensorRT calls; a larger one builds (and runs) an engine for slots that never fill. The element property `batch-size` overrides the config file\'s.',
    example: 'nvstreammux name=m batch-size=4 ... ! nvinfer config-file-path=config_infer_primary.txt   # [property] batch-size=1',
    fix: 'Make the config\'s `batch-size` (or nvinfer\'s `batch-size` property) equal to the muxer\'s batch-size, and rebuild the engine for it.',
    reference: 'NVIDIA/DeepStream src/gst-plugins/gst-nvinfer/gstnvinfer.cpp (batch-size property) and gstnvinfer_property_parser.cpp',
  },
  check(g, ctx, given) {
    const facts = factsFor(g, ctx, given);
    // without a muxer in the graph there is no batch to compare with
    if (!(facts.present & nvinferKind) || !(facts.present & streammuxKind)) return noFindings;
    let out: Finding[] | undefined;
    for (let i = 0; i < g.elements.length; i++) {
      if (!(facts.kinds[i] & nvinferKind)) continue;
      const e = g.elements[i];
      if (e.factory !== 'nvinfer') continue;
      const mux = upstreamMuxer(g, e, ctx);
      const muxBatch = mux ? parseIntValue(prop(mux, 'batch-size')?.value ?? '') : undefined;
      if (!mux || muxBatch === undefined || muxBatch <= 0) continue;
      const own = prop(e, 'batch-size');
      const modeProp = prop(e, 'process-mode');
      const cfg = configOf(e, g, ctx);
      const mode = modeProp && !modeProp.opaque ? (/^(2|secondary)$/.test(modeProp.value.trim()) ? 2 : 1) : (cfg.facts?.processMode ?? 1);
      if (mode === 2) continue; // secondary: batches of objects, not frames
      let batch: number | undefined;
      let where: string;
      let range = e.factoryRange;
      if (own && !own.opaque) {
        batch = parseIntValue(own.value);
        where = 'its batch-size property';
        range = own.range;
      } else {
        if (!cfg.facts) continue;
        batch = cfg.facts.batchSize ?? 1;
        where = cfg.facts.batchSize === undefined ? `${cfg.rel} (no batch-size: default 1)` : `${cfg.rel} [property] batch-size`;
        range = prop(e, 'config-file-path')?.valueRange ?? e.factoryRange;
      }
      if (batch === undefined || batch === muxBatch) continue;
      (out ??= []).push({
        message: `${label(e)} infers with batch-size ${batch} (${where}) but ${label(mux)} batches ${muxBatch} ${muxBatch === 1 ? 'frame' : 'frames'}.`,
        range,
        related: [{ range: prop(mux, 'batch-size')?.range ?? mux.range, message: `muxer batch-size=${muxBatch}` }],
        fixes: own && !own.opaque ? [{ title: `Set batch-size=${muxBatch}`, edits: [{ range: own.valueRange, newText: String(muxBatch) }] }] : undefined,
      });
    }
    return out ?? noFindings;
  },
};

export const muxerScaling: PipelineRule = {
  doc: {
    id: 'pipeline/muxer-double-scaling',
    defaultSeverity: 'info',
    title: 'Muxer resolution differs from the model input (double scaling)',
    why: 'The legacy nvstreammux scales every frame to width x height, then nvinfer scales the batch again to the network input. When the muxer output is not the model input size (or the sources\' size), each frame is scaled twice.',
    example: 'nvstreammux width=1920 height=1080 ... ! nvinfer config-file-path=pgie.txt   # infer-dims=3;544;960',
    fix: 'Set the muxer\'s width/height to the sources\' resolution (no muxer scaling) or to the model input (no nvinfer scaling).',
    reference: 'NVIDIA/DeepStream skills/deepstream-profile-pipeline (streammux width/height = model input)',
  },
  check(g, ctx, given) {
    if (ctx.newStreammux) return noFindings;
    const facts = factsFor(g, ctx, given);
    if (!(facts.present & nvinferKind) || !(facts.present & streammuxKind)) return noFindings;
    const out: Finding[] = [];
    for (let i = 0; i < g.elements.length; i++) {
      if (!(facts.kinds[i] & nvinferKind)) continue;
      const e = g.elements[i];
      if (e.factory !== 'nvinfer') continue;
      const mux = upstreamMuxer(g, e, ctx);
      if (!mux) continue;
      const w = parseIntValue(prop(mux, 'width')?.value ?? '');
      const h = parseIntValue(prop(mux, 'height')?.value ?? '');
      if (!w || !h) continue;
      const cfg = configOf(e, g, ctx);
      const d = cfg.facts?.inferDims;
      if (!d || (cfg.facts?.processMode ?? 1) === 2) continue;
      const [, ih, iw] = d;
      if (iw === w && ih === h) continue;
      const sameAspect = Math.abs(w / h - iw / ih) < 0.01;
      out.push({
        message: `${label(mux)} outputs ${w}x${h} but the model of ${label(e)} takes ${iw}x${ih} (${cfg.rel}): frames are scaled twice${sameAspect ? '' : ' and the aspect ratio changes'}.`,
        range: prop(mux, 'width')?.range ?? mux.factoryRange,
        related: [{ range: prop(e, 'config-file-path')?.valueRange ?? e.factoryRange, message: `model input ${iw}x${ih}` }],
      });
    }
    return out;
  },
};

export const missingInferConfig: PipelineRule = {
  doc: {
    id: 'pipeline/infer-config-not-found',
    defaultSeverity: 'warning',
    title: 'config-file-path does not exist',
    why: 'nvinfer fails to start when its config file is missing. DeepStream resolves a relative path against the directory of the file that names it.',
    example: 'gst-launch-1.0 ... ! nvinfer config-file-path=configs/pgie.txt ! ...',
    fix: 'Fix the path (relative to this file\'s directory) or add the file.',
  },
  check(g, ctx, given) {
    const facts = factsFor(g, ctx, given);
    if (!(facts.present & inferKind)) return noFindings;
    const out: Finding[] = [];
    for (let i = 0; i < g.elements.length; i++) {
      if (!(facts.kinds[i] & inferKind)) continue;
      const e = g.elements[i];
      if (e.factory !== 'nvinfer' && e.factory !== 'nvinferserver') continue;
      const cfg = configOf(e, g, ctx);
      if (cfg.error && /^not found/.test(cfg.error) && g.hostPath) {
        out.push({ message: `${label(e)} config-file-path "${cfg.rel}" ${cfg.error}.`, range: prop(e, 'config-file-path')?.valueRange ?? e.factoryRange });
      }
    }
    return out;
  },
};
