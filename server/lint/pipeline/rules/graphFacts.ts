// Per-graph facts the rules share, computed in one pass per graph before the rules run: each
// element's catalog entry, which kinds of elements and properties the graph holds (a bit per kind),
// and whether each element has zero, one or several links on each side.
//
// Most rules are about a few factories (software decoders, tee, nvinfer, display sinks...) that
// most pipelines do not contain: with the facts a rule returns at once when none of its elements
// is there, instead of walking every element of every graph. The kinds are registered by the rules
// themselves, next to their data (factoryKind, catalogKind, propertyKind), when their module loads.
// The bits are a conservative prefilter: a rule still checks each element it visits in full, so
// giving it `conservativeFacts` (every bit set) must find the same (test/unit/pipeline/graphFacts).
import { kindBitsKey, kindBitsRegistryKey, type ElementInfo, type PropertyInfo } from '../catalog';
import type { GraphElement, PipelineGraph, PipelineRuleContext } from '../model';
import { infoOf, propertySpec } from './graphUtil';
import type { Finding } from './rule';

/** What a rule returns when it finds nothing (shared: most rules find nothing in most graphs). */
export const noFindings: readonly Finding[] = Object.freeze([]);

// --- kinds ------------------------------------------------------------------------------------

let bitsUsed = 0;
function newBit(): number {
  if (bitsUsed >= 31) throw new Error('graphFacts: more than 31 kinds registered');
  return 1 << bitsUsed++;
}
/** Bumped when a kind is registered: bits cached on catalog entries before that are recomputed. */
let registry = 1;

/** Elements with a factory that is in neither catalog (not opaque). */
export const unknownElementKind = newBit();
/** Elements with a property the catalog entry does not have (child-proxy `a::b` keys aside). */
export const unknownPropertyKind = newBit();

const factoryBits = new Map<string, number>();
/** A kind of element recognized by its factory name (the names need not be in the catalog). */
export function factoryKind(names: Iterable<string>): number {
  const bit = newBit();
  for (const n of names) factoryBits.set(n, (factoryBits.get(n) ?? 0) | bit);
  registry++;
  return bit;
}

const catalogTests: { bit: number; test: (info: ElementInfo) => boolean }[] = [];
/** A kind of element recognized by its catalog entry (evaluated once per catalog entry). */
export function catalogKind(test: (info: ElementInfo) => boolean): number {
  const bit = newBit();
  catalogTests.push({ bit, test });
  registry++;
  return bit;
}

const propertyTests: { bit: number; test: (spec: PropertyInfo) => boolean }[] = [];
/**
 * A kind of property recognized by its catalog facts (evaluated once per property spec); an
 * element carries the bit when one of its properties has that kind.
 */
export function propertyKind(test: (spec: PropertyInfo) => boolean): number {
  const bit = newBit();
  propertyTests.push({ bit, test });
  registry++;
  return bit;
}

// Bits of a catalog entry or property spec, kept on the (shared) catalog object under the keys
// catalog.ts declares for them, with the registry they were computed for.
type WithBits<T> = T & { [kindBitsKey]?: number; [kindBitsRegistryKey]?: number };

/** The factory name a catalog entry answers for (`nvstreammux@new` is the new nvstreammux). */
function factoryNameOf(info: ElementInfo): string {
  const at = info.factory.indexOf('@');
  return at < 0 ? info.factory : info.factory.slice(0, at);
}

function elementBits(info: ElementInfo): number {
  const holder = info as WithBits<ElementInfo>;
  if (holder[kindBitsRegistryKey] === registry) return holder[kindBitsKey] as number;
  let bits = factoryBits.get(factoryNameOf(info)) ?? 0;
  for (const t of catalogTests) if (t.test(info)) bits |= t.bit;
  holder[kindBitsKey] = bits;
  holder[kindBitsRegistryKey] = registry;
  return bits;
}

function specBits(spec: PropertyInfo): number {
  const holder = spec as WithBits<PropertyInfo>;
  if (holder[kindBitsRegistryKey] === registry) return holder[kindBitsKey] as number;
  let bits = 0;
  for (const t of propertyTests) if (t.test(spec)) bits |= t.bit;
  holder[kindBitsKey] = bits;
  holder[kindBitsRegistryKey] = registry;
  return bits;
}

// --- facts of one graph -----------------------------------------------------------------------

/** Link bits per element (GraphFacts.ends). */
export const hasInput = 1;
export const severalInputs = 2;
export const hasOutput = 4;
export const severalOutputs = 8;

export interface GraphFacts {
  readonly graph: PipelineGraph;
  /** ctx.newStreammux the catalog entries were looked up with. */
  readonly newStreammux: boolean;
  /** infoOf(element) by element id. */
  readonly infos: (ElementInfo | undefined)[];
  /** Kind bits by element id: the element's kinds and those of its properties. */
  readonly kinds: number[];
  /** Every bit of `kinds` (OR). */
  readonly present: number;
  /** hasInput | severalInputs | hasOutput | severalOutputs by element id (links to ids in range). */
  readonly ends: number[];
  /** Whether a link has a caps filter. */
  readonly anyCaps: boolean;
  /** Elements with a name. */
  readonly named: number;
}

function computeFacts(g: PipelineGraph, ctx: PipelineRuleContext, conservative: boolean): GraphFacts {
  const elements = g.elements;
  const n = elements.length;
  const infos = new Array<ElementInfo | undefined>(n);
  const kinds = new Array<number>(n);
  const ends = new Array<number>(n).fill(0);
  let present = 0;
  let named = 0;
  for (let i = 0; i < n; i++) {
    const e: GraphElement = elements[i];
    if (e.name !== undefined) named++;
    const info = infoOf(e, ctx);
    infos[i] = info;
    let bits: number;
    if (info) {
      bits = elementBits(info);
      const props = e.properties;
      for (let j = 0; j < props.length; j++) {
        const p = props[j];
        const spec = propertySpec(info, p);
        if (spec) bits |= specBits(spec);
        else if (p.key.indexOf('::') < 0) bits |= unknownPropertyKind;
      }
    } else {
      // opaque elements and factories the catalog does not know: only their name can say
      const f = e.factory;
      bits = f ? (factoryBits.get(f) ?? 0) | (e.opaque ? 0 : unknownElementKind) : 0;
    }
    if (conservative) bits = -1;
    kinds[i] = bits;
    present |= bits;
  }
  const links = g.links;
  let anyCaps = false;
  for (let k = 0; k < links.length; k++) {
    const l = links[k];
    if (l.caps) anyCaps = true;
    const f = l.from.element;
    const t = l.to.element;
    if (f >= 0 && f < n) ends[f] |= ends[f] & hasOutput ? severalOutputs : hasOutput;
    if (t >= 0 && t < n) ends[t] |= ends[t] & hasInput ? severalInputs : hasInput;
  }
  return { graph: g, newStreammux: ctx.newStreammux === true, infos, kinds, present, ends, anyCaps: anyCaps || conservative, named };
}

/** The facts of a graph (runPipelineRules computes them once and hands them to every rule). */
export function graphFacts(g: PipelineGraph, ctx: PipelineRuleContext): GraphFacts {
  return computeFacts(g, ctx, false);
}

/** Facts that claim every kind everywhere: rules then check every element (for tests). */
export function conservativeFacts(g: PipelineGraph, ctx: PipelineRuleContext): GraphFacts {
  return computeFacts(g, ctx, true);
}

/** The facts given to a rule when they belong to this graph and context, else fresh ones. */
export function factsFor(g: PipelineGraph, ctx: PipelineRuleContext, given: GraphFacts | undefined): GraphFacts {
  if (given && given.graph === g && given.newStreammux === (ctx.newStreammux === true) && given.infos.length === g.elements.length) return given;
  return computeFacts(g, ctx, false);
}
