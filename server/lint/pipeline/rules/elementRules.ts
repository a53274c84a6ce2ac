// Rules that check each element against the catalog: unknown elements and properties (with
// did-you-mean), values out of range or not in the enum, read-only properties, and what the
// target platform does not offer (Jetson-only elements, VIC compute-hw on dGPU).
import { allElements, availableOn, catalogVersions, findEnumValue, type EnumValueInfo, type PropertyInfo } from '../catalog';
import type { GraphProperty } from '../model';
import { catalogKind, factsFor, noFindings, propertyKind, unknownElementKind, unknownPropertyKind } from './graphFacts';
import { didYouMean, label, parseBool, plainInteger, propertySpec } from './graphUtil';
import type { Finding, PipelineRule } from './rule';

let factoryNames: string[] | undefined;
function knownFactories(): string[] {
  factoryNames ??= allElements().map((e) => e.factory);
  return factoryNames;
}

// Suggestions per misspelled factory, memoized (bounded): the same typo recurs across files.
const factoryGuesses = new Map<string, string[]>();
function guessFactory(name: string): string[] {
  let g = factoryGuesses.get(name);
  if (!g) {
    if (factoryGuesses.size > 10_000) factoryGuesses.clear();
    g = didYouMean(name, knownFactories());
    factoryGuesses.set(name, g);
  }
  return g;
}

export const unknownElement: PipelineRule = {
  doc: {
    id: 'pipeline/unknown-element',
    defaultSeverity: 'error',
    title: 'Unknown element',
    why: 'gst_parse_launch fails with "no element" when a factory is not installed or misspelled. The catalog knows the DeepStream plugins and the upstream GStreamer plugins from Debian (base, good, bad, ugly, libav); anything else is reported, never guessed.',
    example: 'gst-launch-1.0 filesrc location=a.h264 ! h264parse ! nvv4l2decodr ! fakesink',
    fix: 'Fix the spelling (the quick fix offers the closest known names) or install the plugin that provides the element.',
  },
  check(g, ctx, given) {
    const facts = factsFor(g, ctx, given);
    if (!(facts.present & unknownElementKind)) return noFindings;
    const out: Finding[] = [];
    for (let i = 0; i < g.elements.length; i++) {
      if (!(facts.kinds[i] & unknownElementKind)) continue;
      const e = g.elements[i];
      if (e.opaque || !e.factory) continue;
      const info = facts.infos[i];
      if (info) continue;
      const guesses = guessFactory(e.factory);
      const v = catalogVersions();
      out.push({
        message: `Unknown element \`${e.factory}\`${guesses.length ? `: did you mean ${guesses.map((x) => `\`${x}\``).join(', ')}?` : ` (not in DeepStream ${v.deepstream} nor GStreamer ${v.gstreamer} plugins).`}`,
        range: e.factoryRange,
        fixes: guesses.map((gss) => ({ title: `Replace with \`${gss}\``, edits: [{ range: e.factoryRange, newText: gss }] })),
      });
    }
    return out;
  },
};

/** Catalog entries only available on some platforms. */
const platformLimited = catalogKind((info) => info.platforms !== undefined);

export const elementNotOnTarget: PipelineRule = {
  doc: {
    id: 'pipeline/element-not-on-target',
    defaultSeverity: 'warning',
    title: 'Element not available on the target platform',
    why: 'Some DeepStream elements exist only on Jetson (nv3dsink, nvegltransform, nvarguscamerasrc). The pipeline will not start on the configured target.',
    example: 'gst-launch-1.0 nvarguscamerasrc ! nvvideoconvert ! nveglglessink   # target: dgpu',
    fix: 'Use the element for your target (e.g. nveglglessink on dGPU), or change `sightline.target`.',
  },
  check(g, ctx, given) {
    const facts = factsFor(g, ctx, given);
    if (!(facts.present & platformLimited)) return noFindings;
    const out: Finding[] = [];
    for (let i = 0; i < g.elements.length; i++) {
      if (!(facts.kinds[i] & platformLimited)) continue;
      const e = g.elements[i];
      const info = facts.infos[i];
      if (info && !availableOn(info, ctx.options.target)) {
        out.push({ message: `${label(e)} is only available on ${(info.platforms ?? []).join(', ')}, not on the configured target (${ctx.options.target}).`, range: e.factoryRange });
      }
    }
    return out;
  },
};

export const unknownProperty: PipelineRule = {
  doc: {
    id: 'pipeline/unknown-property',
    defaultSeverity: 'error',
    title: 'Unknown property',
    why: 'gst_parse_launch refuses properties the element does not have ("no property ... in element"). Usually a typo or a property of another element or another DeepStream version.',
    example: 'gst-launch-1.0 ... ! nvinfer config-file=config_infer_primary.txt ! ...',
    fix: 'Use the property name the element has; the quick fix offers the closest ones.',
  },
  check(g, ctx, given) {
    const facts = factsFor(g, ctx, given);
    if (!(facts.present & unknownPropertyKind)) return noFindings;
    const out: Finding[] = [];
    for (let i = 0; i < g.elements.length; i++) {
      if (!(facts.kinds[i] & unknownPropertyKind)) continue;
      const e = g.elements[i];
      const info = facts.infos[i];
      if (!info) continue;
      for (const p of e.properties) {
        if (p.key.includes('::')) continue; // child proxy: not checked
        if (propertySpec(info, p)) continue;
        const guesses = didYouMean(p.key.replace(/_/g, '-'), info.properties.map((x) => x.name));
        out.push({
          message: `${label(e)} has no property \`${p.key}\`${guesses.length ? `: did you mean ${guesses.map((x) => `\`${x}\``).join(', ')}?` : '.'}`,
          range: p.keyRange,
          fixes: guesses.map((gss) => ({ title: `Rename to \`${gss}\``, edits: [{ range: p.keyRange, newText: gss }] })),
        });
      }
    }
    return out;
  },
};

/** Why `value` is not acceptable for `spec`, or undefined when it is. */
export function valueProblem(spec: PropertyInfo, value: string): string | undefined {
  switch (spec.type) {
    case 'boolean':
      // fast path: the usual spellings, as written (parseBool trims and lowercases the rest)
      if (value === 'true' || value === 'false' || value === '1' || value === '0') return undefined;
      return parseBool(value.trim()) === undefined ? `\`${value}\` is not a boolean (use true or false)` : undefined;
    case 'int':
    case 'uint':
    case 'int64':
    case 'uint64':
    case 'long':
    case 'ulong': {
      // fast path: plain decimal digits need neither trimming nor the patterns below
      let n = plainInteger(value);
      if (n === undefined) {
        const v = value.trim();
        if (/^[+-]?\d+$/.test(v)) n = Number(v);
        else if (/^[+-]?0x[0-9a-f]+$/i.test(v)) n = Number.parseInt(v, 16);
        else if (/^(max|min)$/i.test(v)) return undefined;
        else return `\`${value}\` is not an integer`;
      }
      if (spec.type.startsWith('u') && n < 0) return `${value} is negative; the property is unsigned`;
      if (spec.minimum !== undefined && n < spec.minimum) return `${value} is below the minimum ${spec.minimum}`;
      if (spec.maximum !== undefined && n > spec.maximum) return `${value} is above the maximum ${spec.maximum}`;
      return undefined;
    }
    case 'float':
    case 'double': {
      const v = value.trim();
      if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v)) return `\`${value}\` is not a number`;
      const n = Number(v);
      if (spec.minimum !== undefined && n < spec.minimum) return `${value} is below the minimum ${spec.minimum}`;
      if (spec.maximum !== undefined && n > spec.maximum) return `${value} is above the maximum ${spec.maximum}`;
      return undefined;
    }
    case 'enum': {
      if (!spec.values?.length) return undefined;
      if (findEnumValue(spec, value.trim())) return undefined;
      return `\`${value}\` is not one of ${spec.values.map((x) => `${x.nick} (${x.value})`).join(', ')}`;
    }
    case 'flags': {
      if (!spec.values?.length) return undefined;
      for (const part of value.trim().split(/[+|]/)) {
        const t = part.trim();
        if (!t || /^(0x[0-9a-f]+|\d+)$/i.test(t)) continue;
        if (!spec.values.some((x) => x.nick === t || x.description === t)) return `\`${t}\` is not a flag of this property (${spec.values.map((x) => x.nick).join(', ')})`;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** Writable properties whose values valueProblem can refuse (numbers, booleans, enums, flags). */
const valueChecked = propertyKind((spec) => {
  if (!spec.writable) return false;
  switch (spec.type) {
    case 'enum':
    case 'flags':
      return (spec.values?.length ?? 0) > 0;
    case 'boolean':
    case 'int':
    case 'uint':
    case 'int64':
    case 'uint64':
    case 'long':
    case 'ulong':
    case 'float':
    case 'double':
      return true;
    default:
      return false;
  }
});

export const invalidPropertyValue: PipelineRule = {
  doc: {
    id: 'pipeline/invalid-property-value',
    defaultSeverity: 'error',
    title: 'Property value out of range or not in the enum',
    why: 'GStreamer refuses a value it cannot convert to the property type or that lies outside the range the element declares ("could not set property"), and the pipeline does not start.',
    example: 'gst-launch-1.0 ... ! nvvideoconvert flip-method=9 ! ...',
    fix: 'Use a value within the range or one of the enum names/numbers (hover the property to see them).',
  },
  check(g, ctx, given) {
    const facts = factsFor(g, ctx, given);
    if (!(facts.present & valueChecked)) return noFindings;
    let out: Finding[] | undefined;
    for (let i = 0; i < g.elements.length; i++) {
      if (!(facts.kinds[i] & valueChecked)) continue;
      const e = g.elements[i];
      const info = facts.infos[i];
      if (!info) continue;
      for (const p of e.properties) {
        if (p.opaque) continue;
        const spec = propertySpec(info, p);
        if (!spec) continue;
        if (!spec.writable) continue; // pipeline/read-only-property
        const problem = valueProblem(spec, p.value);
        if (problem) (out ??= []).push({ message: `${label(e)} \`${spec.name}\`: ${problem}.`, range: p.valueRange });
      }
    }
    return out ?? noFindings;
  },
};

const readOnly = propertyKind((spec) => !spec.writable);

export const readOnlyProperty: PipelineRule = {
  doc: {
    id: 'pipeline/read-only-property',
    defaultSeverity: 'error',
    title: 'Read-only property set',
    why: 'Read-only properties (statistics, device paths) cannot be set from a launch line; GStreamer reports an error.',
    example: 'gst-launch-1.0 queue current-level-buffers=3 ! fakesink',
    fix: 'Remove the assignment.',
  },
  check(g, ctx, given) {
    const facts = factsFor(g, ctx, given);
    if (!(facts.present & readOnly)) return noFindings;
    const out: Finding[] = [];
    for (let i = 0; i < g.elements.length; i++) {
      if (!(facts.kinds[i] & readOnly)) continue;
      const e = g.elements[i];
      const info = facts.infos[i];
      if (!info) continue;
      for (const p of e.properties) {
        const spec = propertySpec(info, p);
        if (spec && !spec.writable) out.push({ message: `\`${spec.name}\` of ${label(e)} is read-only; GStreamer cannot set it.`, range: p.keyRange });
      }
    }
    return out;
  },
};

// Per enum value: a VIC-only choice (compute-hw / copy-hw = VIC, nvdsosd VIC mode).
const vicOnly = new WeakMap<EnumValueInfo, boolean>();
function isVicOnly(ev: EnumValueInfo): boolean {
  let r = vicOnly.get(ev);
  if (r === undefined) {
    r = /\bVIC\b/.test(`${ev.nick} ${ev.description}`) && !/GPU|Default/i.test(ev.nick);
    vicOnly.set(ev, r);
  }
  return r;
}

function platformValue(spec: PropertyInfo, p: GraphProperty, target: string): string | undefined {
  // VIC values exist only on Jetson.
  if (target === 'jetson' || !spec.values) return undefined;
  const ev = findEnumValue(spec, p.value);
  if (ev && isVicOnly(ev)) return ev.nick;
  return undefined;
}

/** Properties of one platform, or with values (VIC) of one platform. */
const targetSensitive = propertyKind((spec) => spec.platforms !== undefined || (spec.values !== undefined && spec.values.some(isVicOnly)));

export const propertyNotOnTarget: PipelineRule = {
  doc: {
    id: 'pipeline/property-not-on-target',
    defaultSeverity: 'warning',
    title: 'Property or value not available on the target platform',
    why: 'Some properties and values only exist on one platform: VIC `compute-hw` and `copy-hw` on Jetson, `cudadec-memtype` on dGPU. Elsewhere they are refused or ignored.',
    example: 'gst-launch-1.0 ... ! nvvideoconvert compute-hw=2 ! ...   # target: dgpu',
    fix: 'Remove the property or pick a value for your target (e.g. `compute-hw=1` for GPU).',
  },
  check(g, ctx, given) {
    const facts = factsFor(g, ctx, given);
    if (!(facts.present & targetSensitive)) return noFindings;
    const out: Finding[] = [];
    for (let i = 0; i < g.elements.length; i++) {
      if (!(facts.kinds[i] & targetSensitive)) continue;
      const e = g.elements[i];
      const info = facts.infos[i];
      if (!info) continue;
      for (const p of e.properties) {
        const spec = propertySpec(info, p);
        if (!spec) continue;
        const bad = !p.opaque ? platformValue(spec, p, ctx.options.target) : undefined;
        if (bad) {
          out.push({ message: `${label(e)} \`${spec.name}=${p.value}\` selects ${bad}, which exists only on Jetson (target: ${ctx.options.target}).`, range: p.valueRange });
          continue;
        }
        if (!availableOn(spec, ctx.options.target) && !(spec.name === 'compute-hw' && /^(0|default)$/i.test(p.value.trim()))) {
          out.push({ message: `${label(e)} \`${spec.name}\` applies only on ${(spec.platforms ?? []).join(', ')} (target: ${ctx.options.target}).`, range: p.keyRange });
        }
      }
    }
    return out;
  },
};
