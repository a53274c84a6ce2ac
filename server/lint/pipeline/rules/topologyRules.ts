// Rules about how elements are linked: unlinked or doubly linked pads, duplicate names, and the
// muxer's batch-size against the number of sources linked to it.
import { padFactsKey, type ElementInfo, type WithDerived } from '../catalog';
import type { GraphElement, GraphLink } from '../model';
import { catalogKind, factoryKind, factsFor, hasInput, hasOutput, noFindings, severalInputs, severalOutputs } from './graphFacts';
import { incoming, label, outgoing, parseIntValue, prop } from './graphUtil';
import type { Finding, PipelineRule } from './rule';

const sourceLike = /Source|Src/;

interface PadFacts {
  src: ElementInfo['pads'];
  sink: ElementInfo['pads'];
  sourceLike: boolean;
}
function factsOf(info: ElementInfo): PadFacts {
  const holder = info as WithDerived<typeof padFactsKey, PadFacts>;
  let f = holder[padFactsKey];
  if (!f) {
    f = { src: info.pads.filter((p) => p.direction === 'src'), sink: info.pads.filter((p) => p.direction === 'sink'), sourceLike: sourceLike.test(info.klass) };
    holder[padFactsKey] = f;
  }
  return f;
}
function templates(info: ElementInfo, dir: 'src' | 'sink') {
  return factsOf(info)[dir];
}
const directions = ['src', 'sink'] as const;

export const duplicateName: PipelineRule = {
  doc: {
    id: 'pipeline/duplicate-name',
    defaultSeverity: 'error',
    title: 'Two elements with the same name',
    why: 'Element names must be unique inside a bin: GStreamer refuses to add the second element ("name ... is not unique") and references such as `name.` become ambiguous.',
    example: 'gst-launch-1.0 videotestsrc ! queue name=q ! queue name=q ! fakesink',
    fix: 'Rename one of them (and the references to it).',
  },
  check(g, ctx, given) {
    const facts = factsFor(g, ctx, given);
    if (facts.named < 2) return noFindings;
    const out: Finding[] = [];
    const report = (e: GraphElement, prev: GraphElement): void => {
      const np = prop(e, 'name');
      out.push({
        message: `Element name "${e.name}" is already used by ${label(prev)}; names must be unique.`,
        range: np ? np.valueRange : e.range,
        related: [{ range: prop(prev, 'name')?.valueRange ?? prev.range, message: 'first element with this name' }],
      });
    };
    const elements = g.elements;
    if (facts.named <= smallNameCount) {
      // a few names: compare them pairwise (no key strings, no map)
      for (let i = 0; i < elements.length; i++) {
        const e = elements[i];
        if (!isCheckedName(e.name)) continue;
        for (let j = 0; j < i; j++) {
          const prev = elements[j];
          if (prev.name === e.name && (prev.binId ?? -1) === (e.binId ?? -1)) {
            report(e, prev);
            break;
          }
        }
      }
      return out.length ? out : noFindings;
    }
    const first = new Map<string, GraphElement>();
    for (const e of elements) {
      if (!isCheckedName(e.name)) continue;
      const key = `${e.binId ?? -1}/${e.name}`;
      const prev = first.get(key);
      if (!prev) {
        first.set(key, e);
        continue;
      }
      report(e, prev);
    }
    return out.length ? out : noFindings;
  },
};

/** Up to this many named elements, duplicate names are found by comparing pairs. */
const smallNameCount = 16;
/** Names made of a placeholder (\uE000) are not known statically. */
function isCheckedName(name: string | undefined): name is string {
  return name !== undefined && !name.includes('\uE000');
}

/** Catalog entries whose pads unlinked-pad and doubly-linked-pad look at. */
const withPads = catalogKind((info) => info.pads.length > 0);

export const unlinkedPad: PipelineRule = {
  doc: {
    id: 'pipeline/unlinked-pad',
    defaultSeverity: 'warning',
    title: 'Element input or output not linked',
    why: 'An element whose always-present sink pad has no upstream never receives data; one whose always-present src pad is not linked fails with "not-linked" as soon as it pushes its first buffer, which stops the pipeline.',
    example: 'gst-launch-1.0 videotestsrc ! queue   nvstreammux name=m batch-size=1 width=1280 height=720 ! fakesink',
    fix: 'Link the pad (e.g. `src ! m.sink_0`), end the branch with a sink (`fakesink`), or remove the element.',
  },
  check(g, ctx, given) {
    if (g.origin === 'code') return noFindings; // links made through pad objects are not followed
    const facts = factsFor(g, ctx, given);
    let out: Finding[] | undefined;
    for (let i = 0; i < g.elements.length; i++) {
      if (!(facts.kinds[i] & withPads)) continue;
      const e = g.elements[i];
      const ends = facts.ends[e.id];
      // linked on both sides: nothing to report
      if (ends & hasInput && ends & hasOutput) continue;
      const info = facts.infos[i];
      if (!info || info.isBin) continue;
      const sinks = templates(info, 'sink');
      const srcs = templates(info, 'src');
      if (sinks.length && !(ends & hasInput) && !factsOf(info).sourceLike) {
        const onlyRequest = sinks.every((p) => p.presence === 'request');
        if (sinks.some((p) => p.presence === 'always') || (onlyRequest && /^nvstreammux|nvdsmetamux$/.test(e.factory))) {
          (out ??= []).push({ message: `Nothing is linked into ${label(e)}${onlyRequest ? ' (no source is linked to its request sink pads)' : ''}.`, range: e.factoryRange });
        }
      }
      if (srcs.length && !(ends & hasOutput) && srcs.some((p) => p.presence === 'always')) {
        (out ??= []).push({ message: `The output of ${label(e)} is not linked; the first buffer it pushes fails with not-linked.`, range: e.factoryRange });
      }
    }
    return out ?? noFindings;
  },
};

/** How many of links[0, k) name `pad` at their `dir` end (for elements with a few links). */
function timesNamedBefore(links: readonly GraphLink[], k: number, dir: 'src' | 'sink', pad: string): number {
  let n = 0;
  for (let j = 0; j < k; j++) if ((dir === 'src' ? links[j].from.pad : links[j].to.pad) === pad) n++;
  return n;
}

export const doublyLinkedPad: PipelineRule = {
  doc: {
    id: 'pipeline/doubly-linked-pad',
    defaultSeverity: 'error',
    title: 'Pad linked twice',
    why: 'A pad links to exactly one peer. Using the same request pad name twice (`m.sink_0` in two branches), or linking an element that has a single output to two downstream elements without a tee, makes gst_parse_launch fail ("could not link").',
    example: 'gst-launch-1.0 videotestsrc ! m.sink_0 videotestsrc ! m.sink_0 nvstreammux name=m batch-size=2 width=1280 height=720 ! fakesink',
    fix: 'Use a different pad (`m.sink_1`) or put a `tee` where one output must feed several branches.',
  },
  check(g, ctx, given) {
    if (g.origin === 'code') return noFindings;
    const facts = factsFor(g, ctx, given);
    let out: Finding[] | undefined;
    for (let i = 0; i < g.elements.length; i++) {
      const e = g.elements[i];
      // only elements with two links or more on one side
      const ends = facts.ends[e.id];
      if (!(ends & (severalInputs | severalOutputs))) continue;
      const info = facts.infos[i];
      for (const dir of directions) {
        if (!(ends & (dir === 'src' ? severalOutputs : severalInputs))) continue;
        const links = dir === 'src' ? outgoing(g, e.id) : incoming(g, e.id);
        if (links.length < 2) continue;
        // each pad named twice or more, reported at its second link
        const seen = links.length > 8 ? new Map<string, number>() : undefined;
        for (let k = 0; k < links.length; k++) {
          const l = links[k];
          const end = dir === 'src' ? l.from : l.to;
          if (!end.pad) continue;
          let before: number;
          if (seen) {
            before = seen.get(end.pad) ?? 0;
            seen.set(end.pad, before + 1);
          } else {
            before = timesNamedBefore(links, k, dir, end.pad);
          }
          if (before === 1) (out ??= []).push({ message: `Pad \`${end.pad}\` of ${label(e)} is linked more than once.`, range: end.padRange ?? l.range });
        }
        if (!info) continue;
        const tpl = templates(info, dir);
        if (tpl.length === 1 && tpl[0].presence === 'always' && links.every((l) => (dir === 'src' ? l.from.pad : l.to.pad) === undefined)) {
          (out ??= []).push({
            message: `${label(e)} has a single ${dir} pad but ${links.length} links use it${dir === 'src' ? '; put a `tee` there to feed several branches' : '; use a muxer, funnel or compositor to merge inputs'}.`,
            range: links[1].range,
          });
        }
      }
    }
    return out ?? noFindings;
  },
};

const streammux = factoryKind(['nvstreammux']);

export const streammuxBatchSize: PipelineRule = {
  doc: {
    id: 'pipeline/streammux-batch-size',
    defaultSeverity: 'warning',
    title: 'nvstreammux batch-size differs from the number of linked sources',
    why: 'nvstreammux waits for `batch-size` frames (or `batched-push-timeout`) before pushing a batch. With more batch slots than sources every batch waits for the timeout or is pushed partly empty; with fewer, frames of some sources wait for the next batch. NVIDIA\'s rule: batch-size = number of sources.',
    example: 'gst-launch-1.0 uridecodebin uri=file:///a.mp4 ! m.sink_0 nvstreammux name=m batch-size=4 width=1920 height=1080 ! fakesink',
    fix: 'Set `batch-size` to the number of sources linked to the muxer (quick fix).',
    reference: 'NVIDIA/DeepStream skills/deepstream-profile-pipeline (config derivation rules: streammux batch = sources)',
  },
  check(g, ctx, given) {
    if (g.origin === 'code') return noFindings;
    const facts = factsFor(g, ctx, given);
    if (!(facts.present & streammux)) return noFindings;
    const out: Finding[] = [];
    for (let i = 0; i < g.elements.length; i++) {
      if (!(facts.kinds[i] & streammux)) continue;
      const m = g.elements[i];
      if (m.factory !== 'nvstreammux') continue;
      const p = prop(m, 'batch-size');
      if (!p || p.opaque) continue;
      const batch = parseIntValue(p.value);
      if (batch === undefined) continue;
      const sources = new Set(incoming(g, m.id).map((l, i) => l.to.pad ?? `#${i}`)).size;
      if (sources === 0 || batch === sources) continue;
      out.push({
        message: `${label(m)} batch-size=${batch} but ${sources} source${sources === 1 ? ' is' : 's are'} linked to it.`,
        range: p.range,
        fixes: [{ title: `Set batch-size=${sources}`, edits: [{ range: p.valueRange, newText: String(sources) }] }],
      });
    }
    return out;
  },
};
