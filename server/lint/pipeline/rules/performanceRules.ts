// Rules about what makes DeepStream pipelines slow: software codecs where NVIDIA hardware
// exists, CPU conversion in an NVMM pipeline, system-memory caps between NVIDIA elements, tee
// branches without queues, encode followed by decode, CPU OSD, and measurement hints.
import type { Fix } from '../../diagnostic';
import { codecRoleKey, findEnumValue, getElement, getProperty, type ElementInfo, type WithDerived } from '../catalog';
import { LaunchGraphLink } from '../launchGraph';
import type { GraphElement, GraphLink, PipelineGraph, PipelineRuleContext } from '../model';
import { catalogKind, factoryKind, factsFor, noFindings, type GraphFacts } from './graphFacts';
import { incoming, infoOf, isNvmmElement, label, outgoing, parseBool, prop, reachable, realDownstream, realUpstream } from './graphUtil';
import type { Finding, PipelineRule } from './rule';

const ref = 'NVIDIA/DeepStream skills/deepstream-generate-pipeline/references/assembly-rules.md';

function replaceFactoryFix(e: GraphElement, to: string, why: string): Fix[] {
  // Only offered when the element has no properties: the replacement has different ones.
  if (e.properties.length) return [];
  return [{ title: `Replace \`${e.factory}\` with \`${to}\` (${why})`, edits: [{ range: e.factoryRange, newText: to }] }];
}

/** True when a pad of the catalog entry in that direction handles only NVMM buffers. */
function onlyNvmm(info: ElementInfo | undefined, direction: 'sink' | 'src'): boolean {
  const pads = info?.pads.filter((p) => p.direction === direction) ?? [];
  return pads.length > 0 && pads.every((p) => p.memory.length === 1 && p.memory[0] === 'NVMM');
}

const capsPassThrough = new Set(['queue', 'queue2', 'capsfilter', 'identity', 'tee', 'valve']);

/** Caps text that asks for system memory video (`video/x-raw` without `memory:NVMM`). */
function systemVideoCaps(text: string | undefined): boolean {
  return text !== undefined && /^\s*"?video\/x-raw(?!\(memory:NVMM)/.test(text);
}

/**
 * Whether what an element feeds (`down`) or is fed by (`up`), through queues, tees and caps
 * filters, handles NVMM buffers: no system-memory `video/x-raw` caps on the way and every element
 * reached has a pad on that side that takes (down) or gives (up) NVMM, or any memory. An element
 * not in the catalog counts as not handling it.
 */
function neighboursHandleNvmm(g: PipelineGraph, e: GraphElement, ctx: PipelineRuleContext, side: 'down' | 'up'): boolean {
  const seen = new Set<number>([e.id]);
  let frontier = [e.id];
  while (frontier.length) {
    const next: number[] = [];
    for (const f of frontier) {
      for (const l of side === 'down' ? outgoing(g, f) : incoming(g, f)) {
        if (l.caps && l.caps.structures.some((x) => x.mediaType === 'video/x-raw' && !x.features.includes('memory:NVMM'))) return false;
        const d = g.elements[side === 'down' ? l.to.element : l.from.element];
        if (seen.has(d.id)) continue;
        seen.add(d.id);
        if (capsPassThrough.has(d.factory)) {
          if (d.factory === 'capsfilter' && systemVideoCaps(prop(d, 'caps')?.value)) return false;
          next.push(d.id);
          continue;
        }
        const pads = infoOf(d, ctx)?.pads.filter((p) => p.direction === (side === 'down' ? 'sink' : 'src'));
        // `any` alone (fakesink, appsink, appsrc): whatever comes; videoconvert lists system and ANY
        // features (video/x-raw(ANY)) but maps buffers on the CPU, so it does not count.
        if (!pads?.some((p) => p.memory.includes('NVMM') || (p.memory.length === 1 && p.memory[0] === 'any'))) return false;
      }
    }
    frontier = next;
  }
  return true;
}

/**
 * The hardware decoder swap, offered only where the result negotiates: a decoder that outputs only
 * NVMM (nvv4l2decoder) replaces the software one as is when everything downstream takes NVMM;
 * otherwise (videoconvert, x264enc, a system-memory caps filter next) a launch line gets
 * `nvv4l2decoder ! nvvideoconvert`, which hands the next element system memory as before, and
 * code (ElementFactory.make) gets no fix.
 */
function hardwareDecoderFix(g: PipelineGraph, e: GraphElement, to: string, ctx: PipelineRuleContext): Fix[] {
  if (!onlyNvmm(getElement(to), 'src') || neighboursHandleNvmm(g, e, ctx, 'down')) return replaceFactoryFix(e, to, 'hardware decode');
  if (g.origin !== 'launch' || e.properties.length) return [];
  return [{ title: `Replace \`${e.factory}\` with \`${to} ! nvvideoconvert\` (hardware decode; nvvideoconvert copies to system memory for what follows)`, edits: [{ range: e.factoryRange, newText: `${to} ! nvvideoconvert` }] }];
}

const softwareDecoders = new Map<string, { nv: string; what: string }>(Object.entries({
  avdec_h264: { nv: 'nvv4l2decoder', what: 'H.264' },
  avdec_h265: { nv: 'nvv4l2decoder', what: 'H.265' },
  avdec_hevc: { nv: 'nvv4l2decoder', what: 'H.265' },
  avdec_vp8: { nv: 'nvv4l2decoder', what: 'VP8' },
  avdec_vp9: { nv: 'nvv4l2decoder', what: 'VP9' },
  avdec_av1: { nv: 'nvv4l2decoder', what: 'AV1' },
  avdec_mpeg4: { nv: 'nvv4l2decoder', what: 'MPEG-4' },
  openh264dec: { nv: 'nvv4l2decoder', what: 'H.264' },
  libde265dec: { nv: 'nvv4l2decoder', what: 'H.265' },
  vp8dec: { nv: 'nvv4l2decoder', what: 'VP8' },
  vp9dec: { nv: 'nvv4l2decoder', what: 'VP9' },
  dav1ddec: { nv: 'nvv4l2decoder', what: 'AV1' },
  jpegdec: { nv: 'nvjpegdec', what: 'JPEG' },
  avdec_mjpeg: { nv: 'nvjpegdec', what: 'JPEG' },
}));
const softwareDecoderKind = factoryKind(softwareDecoders.keys());

export const softwareDecoder: PipelineRule = {
  doc: {
    id: 'pipeline/software-decoder',
    defaultSeverity: 'warning',
    title: 'Software decoder where NVIDIA hardware decoding exists',
    why: 'avdec_h264/h265, jpegdec and friends decode on the CPU into system memory; every frame must then be copied to the GPU. nvv4l2decoder (NVDEC) and nvjpegdec decode in hardware straight into NVMM buffers that nvstreammux takes without a copy.',
    example: 'gst-launch-1.0 filesrc location=a.mp4 ! qtdemux ! h264parse ! avdec_h264 ! videoconvert ! nvvideoconvert ! ...',
    fix: 'Use `nvv4l2decoder` (H.264/H.265/VP8/VP9/AV1/MPEG-4) or `nvjpegdec` (JPEG); the quick fix replaces the element when it has no properties, and when what follows does not take NVMM (nvv4l2decoder outputs only NVMM) it inserts `nvvideoconvert` after the decoder. Drop a videoconvert that followed it.',
    reference: ref,
  },
  check(g, ctx, given) {
    const facts = factsFor(g, ctx, given);
    if (!(facts.present & softwareDecoderKind)) return noFindings;
    const out: Finding[] = [];
    for (let i = 0; i < g.elements.length; i++) {
      if (!(facts.kinds[i] & softwareDecoderKind)) continue;
      const e = g.elements[i];
      const s = softwareDecoders.get(e.factory);
      if (!s) continue;
      out.push({ message: `${label(e)} decodes ${s.what} on the CPU; \`${s.nv}\` decodes it in hardware into NVMM memory.`, range: e.factoryRange, fixes: hardwareDecoderFix(g, e, s.nv, ctx) });
    }
    return out;
  },
};

/**
 * The hardware encoder swap, the mirror of hardwareDecoderFix: an encoder that takes only NVMM
 * (nvv4l2h264enc) replaces the software one as is when what feeds it gives NVMM; otherwise a launch
 * line gets `nvvideoconvert ! nvv4l2h264enc` (nvvideoconvert uploads system memory to NVMM), and code no fix.
 */
function hardwareEncoderFix(g: PipelineGraph, e: GraphElement, to: string, ctx: PipelineRuleContext): Fix[] {
  if (!onlyNvmm(getElement(to), 'sink') || neighboursHandleNvmm(g, e, ctx, 'up')) return replaceFactoryFix(e, to, 'hardware encode');
  if (g.origin !== 'launch' || e.properties.length) return [];
  return [{ title: `Replace \`${e.factory}\` with \`nvvideoconvert ! ${to}\` (hardware encode; nvvideoconvert copies the frames into NVMM for it)`, edits: [{ range: e.factoryRange, newText: `nvvideoconvert ! ${to}` }] }];
}

const softwareEncoders = new Map<string, { nv: string; what: string }>(Object.entries({
  x264enc: { nv: 'nvv4l2h264enc', what: 'H.264' },
  openh264enc: { nv: 'nvv4l2h264enc', what: 'H.264' },
  avenc_h264_omx: { nv: 'nvv4l2h264enc', what: 'H.264' },
  x265enc: { nv: 'nvv4l2h265enc', what: 'H.265' },
  jpegenc: { nv: 'nvjpegenc', what: 'JPEG' },
  avenc_mjpeg: { nv: 'nvjpegenc', what: 'JPEG' },
  svtav1enc: { nv: 'nvv4l2av1enc', what: 'AV1' },
  av1enc: { nv: 'nvv4l2av1enc', what: 'AV1' },
}));
const softwareEncoderKind = factoryKind(softwareEncoders.keys());

export const softwareEncoder: PipelineRule = {
  doc: {
    id: 'pipeline/software-encoder',
    defaultSeverity: 'warning',
    title: 'Software encoder where NVIDIA hardware encoding exists',
    why: 'x264enc, x265enc and jpegenc encode on the CPU from system memory, which costs a GPU→CPU copy per frame and several CPU cores. nvv4l2h264enc / nvv4l2h265enc (NVENC) and nvjpegenc encode from NVMM. (Jetson Orin Nano has no NVENC: there a software encoder is expected.)',
    example: 'gst-launch-1.0 ... ! nvvideoconvert ! video/x-raw,format=I420 ! x264enc ! h264parse ! mp4mux ! filesink location=out.mp4',
    fix: 'Use `nvv4l2h264enc`, `nvv4l2h265enc` or `nvjpegenc` fed with `video/x-raw(memory:NVMM)`; the quick fix replaces the element when it has no properties, and when what feeds it gives system memory (nvv4l2h264enc takes only NVMM) it inserts `nvvideoconvert` before the encoder.',
    reference: ref,
  },
  check(g, ctx, given) {
    const facts = factsFor(g, ctx, given);
    if (!(facts.present & softwareEncoderKind)) return noFindings;
    const out: Finding[] = [];
    for (let i = 0; i < g.elements.length; i++) {
      if (!(facts.kinds[i] & softwareEncoderKind)) continue;
      const e = g.elements[i];
      const s = softwareEncoders.get(e.factory);
      if (!s) continue;
      out.push({ message: `${label(e)} encodes ${s.what} on the CPU; \`${s.nv}\` encodes it in hardware from NVMM memory.`, range: e.factoryRange, fixes: hardwareEncoderFix(g, e, s.nv, ctx) });
    }
    return out;
  },
};

const cpuConverters = ['videoconvert', 'videoscale', 'videoconvertscale'];
const cpuConverterKind = factoryKind(cpuConverters);
/** DeepStream elements whose pads carry memory:NVMM. */
const nvmmKind = catalogKind(isNvmmElement);

/** Whether the whole pipeline carries NVMM buffers somewhere: an NVMM element or NVMM caps. */
function pipelineCarriesNvmm(g: PipelineGraph, facts: GraphFacts): boolean {
  if (facts.present & nvmmKind) {
    for (let i = 0; i < g.elements.length; i++) if (facts.kinds[i] & nvmmKind && isNvmmElement(facts.infos[i])) return true;
  }
  return facts.anyCaps && g.links.some((l) => l.caps?.structures.some((s) => s.features.includes('memory:NVMM')));
}

export const cpuConvertInNvmm: PipelineRule = {
  doc: {
    id: 'pipeline/cpu-convert-in-nvmm-pipeline',
    defaultSeverity: 'warning',
    title: 'CPU videoconvert/videoscale in a pipeline that carries NVMM',
    why: '`videoconvert` and `videoscale` work on system memory with the CPU. In a pipeline built on NVMM buffers they force copies between GPU and CPU and convert pixels on the CPU; `nvvideoconvert` converts and scales on the GPU (or VIC on Jetson) without leaving NVMM.',
    example: 'gst-launch-1.0 ... ! nvv4l2decoder ! videoconvert ! nvstreammux ...',
    fix: 'Use `nvvideoconvert` (the quick fix replaces the element when it has no properties).',
    reference: ref,
  },
  check(g, ctx, given) {
    const facts = factsFor(g, ctx, given);
    if (!(facts.present & cpuConverterKind) || !pipelineCarriesNvmm(g, facts)) return noFindings;
    const out: Finding[] = [];
    for (let i = 0; i < g.elements.length; i++) {
      if (!(facts.kinds[i] & cpuConverterKind)) continue;
      const e = g.elements[i];
      if (e.factory !== 'videoconvert' && e.factory !== 'videoscale' && e.factory !== 'videoconvertscale') continue;
      out.push({ message: `${label(e)} converts on the CPU in a pipeline that carries NVMM buffers; use \`nvvideoconvert\`.`, range: e.factoryRange, fixes: replaceFactoryFix(e, 'nvvideoconvert', 'GPU conversion') });
    }
    return out;
  },
};

function capsFixNvmm(l: GraphLink, g: PipelineGraph): Fix[] {
  void g;
  const caps = l.caps;
  if (!caps) return [];
  // insert (memory:NVMM) right after `video/x-raw` at the start of the caps text
  const first = caps.structures[0];
  if (!first || first.mediaType !== 'video/x-raw' || first.features.length) return [];
  if (!caps.text.startsWith('video/x-raw')) return [];
  const at = { line: caps.range.start.line, character: caps.range.start.character + 'video/x-raw'.length };
  if (caps.range.start.line !== caps.range.end.line && caps.range.end.line < at.line) return [];
  return [{ title: 'Keep the buffers in GPU memory: video/x-raw(memory:NVMM)', edits: [{ range: { start: at, end: at }, newText: '(memory:NVMM)' }] }];
}

/** ASCII letters, digits and `-_./+`: characters that continue a media type. */
function mediaTypeChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 45 || c === 95 || c === 46 || c === 47 || c === 43;
}

/**
 * Whether the first structure of a parsed caps filter is known from its text alone not to be
 * system-memory `video/x-raw` (another media type, or `video/x-raw(memory:NVMM)`): the caps then
 * need not be split into structures (which the parse tree does on first read). Only for links the
 * parser made, whose text is the filter's trimmed text; escapes, quotes or odd first characters
 * are left to the split.
 */
export function firstCapsStructureNotSystemVideo(l: GraphLink): boolean {
  if (!(l instanceof LaunchGraphLink) || !l.caps) return false;
  const text = l.caps.text;
  if (text.length === 0 || text.indexOf('\\') >= 0 || !mediaTypeChar(text.charCodeAt(0))) return false;
  if (!text.startsWith('video/x-raw')) return true;
  if (text.length === 11) return false;
  // the media type goes on (`video/x-rawfoo`): another type
  if (mediaTypeChar(text.charCodeAt(11))) return true;
  return text.startsWith('video/x-raw(memory:NVMM)');
}

const queueKind = factoryKind(['queue']);
/** Elements that give NVMM buffers: NVIDIA (NVMM) elements and those whose outputs are NVMM only. */
const nvmmSourceKind = catalogKind((info) => isNvmmElement(info) || onlyNvmm(info, 'src'));

export const systemMemoryCaps: PipelineRule = {
  doc: {
    id: 'pipeline/system-memory-caps-between-nvidia-elements',
    defaultSeverity: 'warning',
    title: '`video/x-raw` without `memory:NVMM` between NVIDIA elements',
    why: 'A caps filter `video/x-raw,...` without the `(memory:NVMM)` feature makes the upstream NVIDIA element copy every frame to system memory, only for the downstream NVIDIA element to copy it back to the GPU. After an element that outputs only NVMM (nvv4l2decoder) such caps cannot negotiate at all.',
    example: 'gst-launch-1.0 ... ! nvvideoconvert ! video/x-raw,format=RGBA ! nvdsosd ! ...',
    fix: 'Write `video/x-raw(memory:NVMM),format=...` (quick fix).',
    reference: ref,
  },
  check(g, ctx, given) {
    const facts = factsFor(g, ctx, given);
    // a finding needs an NVIDIA (NVMM) element on the caps' downstream side
    if (!facts.anyCaps || !(facts.present & nvmmKind)) return noFindings;
    let out: Finding[] | undefined;
    const n = g.elements.length;
    for (const l of g.links) {
      if (!l.caps) continue;
      // Before the caps are split: a finding needs an NVIDIA element downstream (the link's
      // target, or past a queue) and one that gives NVMM upstream (the source, or past a queue).
      const fi = l.from.element;
      const ti = l.to.element;
      if (fi >= 0 && fi < n && ti >= 0 && ti < n && (!(facts.kinds[ti] & (nvmmKind | queueKind)) || !(facts.kinds[fi] & (nvmmSourceKind | queueKind)))) continue;
      if (firstCapsStructureNotSystemVideo(l)) continue;
      const s = l.caps.structures;
      if (!s || !s.length) continue;
      if (!s.every((x) => x.mediaType === 'video/x-raw' && !x.features.includes('memory:NVMM'))) continue;
      const from = g.elements[l.from.element];
      const to = g.elements[l.to.element];
      const up = [from, ...(from.factory === 'queue' ? realUpstream(g, from.id) : [])];
      const down = [to, ...(to.factory === 'queue' ? realDownstream(g, to.id) : [])];
      const upNv = up.find((e) => isNvmmElement(infoOf(e, ctx)));
      const downNv = down.find((e) => isNvmmElement(infoOf(e, ctx)) && infoOf(e, ctx)?.pads.some((p) => p.direction === 'sink' && p.memory.length === 1 && p.memory[0] === 'NVMM'));
      // Also between an element that outputs only NVMM (nvv4l2decoder) and any NVIDIA element.
      const upOnlyNvmm = up.find((e) => onlyNvmm(infoOf(e, ctx), 'src'));
      const downAnyNv = down.find((e) => isNvmmElement(infoOf(e, ctx)));
      if (!(upNv && downNv) && !(upOnlyNvmm && downAnyNv)) continue;
      const [a, b] = upNv && downNv ? [upNv, downNv] : [upOnlyNvmm as GraphElement, downAnyNv as GraphElement];
      (out ??= []).push({
        message:
          upNv && downNv
            ? `Caps \`${l.caps?.text}\` between ${label(a)} and ${label(b)} lack \`memory:NVMM\`: frames are copied to system memory and back.`
            : `Caps \`${l.caps?.text}\` between ${label(a)} and ${label(b)} lack \`memory:NVMM\`, but ${label(a)} outputs only NVMM buffers: the link fails to negotiate.`,
        range: l.caps?.range ?? l.range,
        fixes: capsFixNvmm(l, g),
      });
    }
    return out ?? noFindings;
  },
};

const queueLike = new Set(['queue', 'queue2', 'multiqueue']);
const teeKind = factoryKind(['tee']);

export const teeWithoutQueue: PipelineRule = {
  doc: {
    id: 'pipeline/tee-without-queue',
    defaultSeverity: 'warning',
    title: 'tee branch without a queue',
    why: 'tee pushes each buffer into its branches one after the other, in the same thread. Without a `queue` at the start of every branch, one branch that blocks (a sink waiting for preroll, a slow encoder) stalls all the others: the classic tee deadlock.',
    example: 'gst-launch-1.0 videotestsrc ! tee name=t t. ! fakesink t. ! autovideosink',
    fix: 'Start every branch with `queue` (quick fix).',
    reference: 'GStreamer tee documentation ("branches must be separated by queues")',
  },
  check(g, ctx, given) {
    const facts = factsFor(g, ctx, given);
    if (!(facts.present & teeKind)) return noFindings;
    const out: Finding[] = [];
    for (let i = 0; i < g.elements.length; i++) {
      if (!(facts.kinds[i] & teeKind)) continue;
      const e = g.elements[i];
      if (e.factory !== 'tee') continue;
      const branches = outgoing(g, e.id);
      if (branches.length < 2) continue;
      for (const l of branches) {
        const to = g.elements[l.to.element];
        if (queueLike.has(to.factory)) continue;
        const at = l.range.end;
        out.push({
          message: `Branch of ${label(e)} into ${label(to)} has no \`queue\`: a blocked branch stalls every branch of the tee.`,
          range: l.range,
          fixes: [{ title: 'Insert `queue` at the start of the branch', edits: [{ range: { start: at, end: at }, newText: ' queue !' }], isPreferred: true }],
        });
      }
    }
    return out;
  },
};

// Per catalog entry (one entry per factory name): is it a video/image encoder, a decoder.
function codecRole(factory: string, info: ElementInfo): { encoder: boolean; decoder: boolean } {
  const holder = info as WithDerived<typeof codecRoleKey, { encoder: boolean; decoder: boolean }>;
  let r = holder[codecRoleKey];
  if (!r) {
    const klass = info.klass;
    r = {
      encoder: /Encoder\/Video|Encoder\/Image/.test(klass) || /^nv(v4l2\w*enc|jpegenc|imageenc)$/.test(factory),
      decoder: (/Decoder\/Video|Decoder\/Image/.test(klass) && !/Bin/.test(klass)) || /^(nvv4l2decoder|nvjpegdec|nvimagedec|decodebin|decodebin3|uridecodebin)$/.test(factory),
    };
    holder[codecRoleKey] = r;
  }
  return r;
}

const encoderKind = catalogKind((info) => codecRole(info.factory, info).encoder);
const decoderKind = catalogKind((info) => codecRole(info.factory, info).decoder);

export const encodeThenDecode: PipelineRule = {
  doc: {
    id: 'pipeline/encode-then-decode',
    defaultSeverity: 'warning',
    title: 'Encode followed by decode in the same pipeline',
    why: 'Encoding frames and decoding them again inside one pipeline spends NVENC/NVDEC (or CPU) time and loses quality for nothing; the raw frames were already there.',
    example: 'gst-launch-1.0 videotestsrc ! x264enc ! h264parse ! avdec_h264 ! fakesink',
    fix: 'Link the raw frames directly to what follows the decoder (or split the pipeline where the stream really leaves the process, e.g. an RTSP or UDP sink).',
  },
  check(g, ctx, given) {
    const facts = factsFor(g, ctx, given);
    if (!(facts.present & encoderKind) || !(facts.present & decoderKind)) return noFindings;
    const out: Finding[] = [];
    for (let i = 0; i < g.elements.length; i++) {
      if (!(facts.kinds[i] & encoderKind)) continue;
      const e = g.elements[i];
      const info = facts.infos[i];
      if (!info || !codecRole(e.factory, info).encoder) continue;
      const seen = reachable(g, e.id);
      for (const id of seen) {
        const d = g.elements[id];
        const di = infoOf(d, ctx);
        if (di && codecRole(d.factory, di).decoder) {
          out.push({ message: `${label(e)} encodes frames that ${label(d)} decodes again downstream.`, range: e.factoryRange, related: [{ range: d.factoryRange, message: 'decoded again here' }] });
          break;
        }
      }
    }
    return out;
  },
};

const osdKind = factoryKind(['nvdsosd', 'nvosdbin']);

export const osdCpuMode: PipelineRule = {
  doc: {
    id: 'pipeline/osd-cpu-mode',
    defaultSeverity: 'warning',
    title: 'nvdsosd draws on the CPU (process-mode=0)',
    why: '`process-mode=0` (MODE_CPU) makes nvdsosd map every RGBA frame to the CPU and draw boxes and text there; GPU mode (the default, `process-mode=1`) draws with CUDA in NVMM.',
    example: 'gst-launch-1.0 ... ! nvdsosd process-mode=0 ! nveglglessink',
    fix: 'Use `process-mode=1` (GPU) or remove the property (quick fix).',
    reference: 'NVIDIA/DeepStream src/gst-plugins/gst-nvdsosd/gstnvdsosd.c (GstNvDsOsdMode, GST_NV_OSD_DEFAULT_PROCESS_MODE)',
  },
  check(g, ctx, given) {
    const facts = factsFor(g, ctx, given);
    if (!(facts.present & osdKind)) return noFindings;
    const out: Finding[] = [];
    for (let i = 0; i < g.elements.length; i++) {
      if (!(facts.kinds[i] & osdKind)) continue;
      const e = g.elements[i];
      if (e.factory !== 'nvdsosd' && e.factory !== 'nvosdbin') continue;
      const p = prop(e, 'process-mode');
      if (!p || p.opaque) continue;
      const spec = getProperty(e.factory, 'process-mode');
      const v = spec ? findEnumValue(spec, p.value) : undefined;
      const cpu = v ? v.value === 0 : p.value.trim() === '0';
      if (!cpu) continue;
      out.push({
        message: `${label(e)} \`process-mode=${p.value}\` draws on the CPU; GPU mode (1) keeps drawing in NVMM.`,
        range: p.range,
        fixes: [{ title: 'Draw on the GPU: process-mode=1', edits: [{ range: p.valueRange, newText: '1' }] }],
      });
    }
    return out;
  },
};

const displayOnlyKind = factoryKind(['nvmultistreamtiler', 'nvdsosd', 'nvosdbin']);

export const profilingTilerOsd: PipelineRule = {
  doc: {
    id: 'pipeline/profiling-tiler-osd',
    defaultSeverity: 'hint',
    title: 'Tiler and OSD in a profiling run',
    why: 'nvmultistreamtiler composites every batch into one frame and nvdsosd draws on it: both add GPU work and memory traffic that a production analytics pipeline usually does not have, so a profile with them overstates the cost per stream.',
    example: 'nsys profile gst-launch-1.0 ... ! nvinfer ... ! nvmultistreamtiler ! nvdsosd ! fakesink',
    fix: 'Profile without the tiler and OSD (link nvinfer/nvtracker straight to fakesink) unless the display is part of what you measure.',
    reference: 'NVIDIA/DeepStream skills/deepstream-profile-pipeline/SKILL.md',
  },
  check(g, ctx, given) {
    if (!ctx.measuring) return noFindings;
    if (!(factsFor(g, ctx, given).present & displayOnlyKind)) return noFindings;
    return g.elements
      .filter((e) => e.factory === 'nvmultistreamtiler' || e.factory === 'nvdsosd' || e.factory === 'nvosdbin')
      .map((e) => ({ message: `${label(e)} is part of a profiled run; it adds display-only work to the measurement.`, range: e.factoryRange }));
  },
};

const displaySinks = new Set(['nveglglessink', 'nv3dsink', 'autovideosink', 'xvimagesink', 'ximagesink', 'glimagesink', 'waylandsink', 'kmssink', 'fpsdisplaysink', 'd3dvideosink']);
const displaySinkKind = factoryKind(displaySinks);

export const syncDisplaySink: PipelineRule = {
  doc: {
    id: 'pipeline/display-sink-sync',
    defaultSeverity: 'hint',
    title: 'Display sink with sync=true while measuring throughput',
    why: 'A sink with `sync=true` (the default) waits for each buffer\'s presentation time, so the pipeline runs at the stream\'s frame rate, not as fast as it can: the measured throughput is the clock, not the pipeline.',
    example: 'nsys profile gst-launch-1.0 ... ! nveglglessink',
    fix: 'Set `sync=false` on the sink for throughput measurements (quick fix), or use `fakesink sync=false`.',
    reference: 'NVIDIA/DeepStream skills/deepstream-profile-pipeline/SKILL.md',
  },
  check(g, ctx, given) {
    if (!ctx.measuring) return noFindings;
    const facts = factsFor(g, ctx, given);
    if (!(facts.present & displaySinkKind)) return noFindings;
    const out: Finding[] = [];
    for (let i = 0; i < g.elements.length; i++) {
      if (!(facts.kinds[i] & displaySinkKind)) continue;
      const e = g.elements[i];
      if (!displaySinks.has(e.factory)) continue;
      const p = prop(e, 'sync');
      if (p && (p.opaque || parseBool(p.value) === false)) continue;
      const fix: Fix = p
        ? { title: 'Set sync=false', edits: [{ range: p.valueRange, newText: 'false' }] }
        : { title: 'Add sync=false', edits: [{ range: { start: e.factoryRange.end, end: e.factoryRange.end }, newText: ' sync=false' }] };
      out.push({ message: `${label(e)} ${p ? 'has sync=true' : 'syncs to the clock by default'}: a measured run is paced by the stream's frame rate.`, range: p ? p.range : e.factoryRange, fixes: [fix] });
    }
    return out;
  },
};
