// The element catalog: DeepStream elements (facts from NVIDIA's plugin sources, DeepStream
// version in the data) and upstream GStreamer elements (generated from gst-inspect-1.0 by
// scripts/generate-upstream-catalog.mjs). Elements in neither are unknown: never guessed.
import type { TargetPlatform } from '../diagnostic';
import type { CatalogFile, CompactCatalogFile, ElementInfo, EnumValueInfo, PropertyInfo } from './catalogTypes';
import deepstreamData from './data/deepstream-elements.json';
import upstreamData from './data/upstream-elements.json';

export type { CatalogFile, ElementInfo, EnumValueInfo, PropertyInfo, PadTemplateInfo, PropertyType } from './catalogTypes';

const deepstream = deepstreamData as unknown as CatalogFile;
const upstreamCompact = upstreamData as unknown as CompactCatalogFile;

/** Variant key of the new nvstreammux (USE_NEW_NVSTREAMMUX=yes) in the DeepStream data. */
export const newStreammuxKey = 'nvstreammux@new';

/**
 * Names to values in an open-addressing table, probed by a hash of the name's length and three of
 * its characters, then compared. Factory and property names in a launch text are fresh slices:
 * a Map<string> must hash every character of each of them, this index reads four.
 */
class NameIndex<T> {
  private names: (string | undefined)[];
  private values: (T | undefined)[];
  private mask: number;
  private count = 0;
  constructor(expected = 8) {
    let size = 8;
    while (size < expected * 2) size *= 2;
    this.names = new Array<string | undefined>(size).fill(undefined);
    this.values = new Array<T | undefined>(size).fill(undefined);
    this.mask = size - 1;
  }
  private static slot(name: string, mask: number): number {
    const n = name.length;
    if (n === 0) return 0;
    const h = Math.imul(n, 0x9e3779b1) ^ Math.imul(name.charCodeAt(0), 0x85ebca77) ^ Math.imul(name.charCodeAt(n >> 1), 0xc2b2ae3d) ^ Math.imul(name.charCodeAt(n - 1), 0x27d4eb2f);
    return (h ^ (h >>> 15)) & mask;
  }
  /** Adds a name; the first value of a name wins. */
  add(name: string, value: T): void {
    if ((this.count + 1) * 2 > this.names.length) this.grow();
    let i = NameIndex.slot(name, this.mask);
    for (;;) {
      const k = this.names[i];
      if (k === undefined) break;
      if (k === name) return;
      i = (i + 1) & this.mask;
    }
    this.names[i] = name;
    this.values[i] = value;
    this.count++;
  }
  get(name: string): T | undefined {
    const names = this.names;
    let i = NameIndex.slot(name, this.mask);
    for (;;) {
      const k = names[i];
      if (k === undefined) return undefined;
      if (k === name) return this.values[i];
      i = (i + 1) & this.mask;
    }
  }
  private grow(): void {
    const names = this.names;
    const values = this.values;
    const size = names.length * 2;
    this.names = new Array<string | undefined>(size).fill(undefined);
    this.values = new Array<T | undefined>(size).fill(undefined);
    this.mask = size - 1;
    this.count = 0;
    for (let i = 0; i < names.length; i++) {
      const k = names[i];
      if (k !== undefined) this.add(k, values[i] as T);
    }
  }
}

/**
 * Keys under which facts derived from a catalog entry are kept on the entry itself (a property
 * load; a WeakMap lookup per call cost more than the facts). Each module that derives a fact
 * owns one key; they are declared here so that every entry is made with all of them (below).
 */
export const propertyIndexKey: unique symbol = Symbol('propertyIndex');
export const kindBitsKey: unique symbol = Symbol('kindBits');
export const kindBitsRegistryKey: unique symbol = Symbol('kindBitsRegistry');
export const padFactsKey: unique symbol = Symbol('padFacts');
export const nvmmKey: unique symbol = Symbol('nvmm');
export const codecRoleKey: unique symbol = Symbol('codecRole');

/**
 * Catalog entries as objects of one shape: every key of ElementInfo / PropertyInfo, in one order,
 * optional ones set to undefined. The JSON data leaves absent keys out, which gives entries of
 * many hidden classes; the rules read entries (and facts derived from them) for every element of
 * every pipeline, and a property read on objects of many shapes is a slow, megamorphic lookup.
 * The derived-fact keys are made present too, so that caching a fact does not change the shape.
 */
function propertyEntry(p: PropertyInfo): PropertyInfo {
  const entry = { name: p.name, type: p.type, blurb: p.blurb, default: p.default, minimum: p.minimum, maximum: p.maximum, values: p.values, writable: p.writable, platforms: p.platforms, deprecated: p.deprecated, [kindBitsKey]: undefined, [kindBitsRegistryKey]: undefined };
  return entry;
}
function elementEntry(e: Omit<ElementInfo, 'properties'>, properties: PropertyInfo[]): ElementInfo {
  const entry = {
    factory: e.factory,
    plugin: e.plugin,
    klass: e.klass,
    description: e.description,
    origin: e.origin,
    source: e.source,
    pads: e.pads,
    properties,
    platforms: e.platforms,
    isBin: e.isBin,
    notes: e.notes,
    [propertyIndexKey]: undefined,
    [kindBitsKey]: undefined,
    [kindBitsRegistryKey]: undefined,
    [padFactsKey]: undefined,
    [nvmmKey]: undefined,
    [codecRoleKey]: undefined,
  };
  return entry;
}

let index: Map<string, ElementInfo> | undefined;
let factoryIndex: NameIndex<ElementInfo> | undefined;
function byFactory(): Map<string, ElementInfo> {
  if (index) return index;
  index = new Map();
  // the upstream file shares property entries between elements: so do the normalized ones
  const table = (upstreamCompact.propertyTable ?? []).map((p) => (p ? propertyEntry(p) : p));
  for (const e of upstreamCompact.elements) index.set(e.factory, elementEntry(e, e.properties.map((i) => table[i]).filter(Boolean)));
  // DeepStream facts win over whatever a host's gst-inspect said.
  for (const e of deepstream.elements) index.set(e.factory, elementEntry(e, e.properties.map(propertyEntry)));
  factoryIndex = new NameIndex(index.size);
  for (const [k, e] of index) factoryIndex.add(k, e);
  return index;
}

export interface ElementLookupOptions {
  /** Use the new nvstreammux's properties (USE_NEW_NVSTREAMMUX=yes). */
  newStreammux?: boolean;
}

/** The element's facts, or undefined when the factory is in neither catalog. */
export function getElement(factory: string, opts?: ElementLookupOptions): ElementInfo | undefined {
  return lookupElement(factory, opts?.newStreammux);
}

/** getElement without the options object (for the rules' hot loops). */
export function lookupElement(factory: string, newStreammux: boolean | undefined): ElementInfo | undefined {
  if (!factoryIndex) byFactory();
  const m = factoryIndex as NameIndex<ElementInfo>;
  if (newStreammux && factory === 'nvstreammux') return m.get(newStreammuxKey);
  return m.get(factory);
}

/** Every element (the new nvstreammux variant excluded; ask getElement for it). */
export function allElements(): ElementInfo[] {
  return [...byFactory().values()].filter((e) => !e.factory.includes('@'));
}

/** Property facts of one element, or undefined when the element or the property is unknown. */
export function getProperty(factory: string, property: string, opts?: ElementLookupOptions): PropertyInfo | undefined {
  const e = getElement(factory, opts);
  if (!e) return undefined;
  return findProperty(e, property);
}

/** GStreamer accepts `_` for `-` in property names (GParamSpec canonicalization). */
export function canonicalPropertyName(name: string): string {
  return name.indexOf('_') < 0 ? name : name.replace(/_/g, '-');
}

/** A catalog entry with a derived fact under key K (see propertyIndexKey and the keys beside it). */
export type WithDerived<K extends symbol, T> = ElementInfo & { [k in K]?: T };

export function findProperty(e: ElementInfo, property: string): PropertyInfo | undefined {
  const holder = e as WithDerived<typeof propertyIndexKey, NameIndex<PropertyInfo>>;
  let byName = holder[propertyIndexKey];
  if (!byName) {
    byName = new NameIndex(e.properties.length);
    // the first property of a name wins, as a linear search would find it
    for (const p of e.properties) byName.add(p.name, p);
    holder[propertyIndexKey] = byName;
  }
  return byName.get(canonicalPropertyName(property));
}

/** Enum value by nick, number or full name, as GStreamer's gst_value_deserialize accepts them. */
export function findEnumValue(p: PropertyInfo, text: string): EnumValueInfo | undefined {
  if (!p.values) return undefined;
  const t = text.trim();
  if (/^-?\d+$/.test(t)) return p.values.find((v) => v.value === Number(t));
  return p.values.find((v) => v.nick === t || v.description === t);
}

/** Whether an element or property applies to the target platform. */
export function availableOn(x: { platforms?: TargetPlatform[] }, target: TargetPlatform): boolean {
  return !x.platforms || x.platforms.includes(target);
}

/** Catalog versions, for hover text and docs. */
export function catalogVersions(): { deepstream: string; gstreamer: string; deepstreamSource: string; upstreamSource: string } {
  return {
    deepstream: deepstream.version,
    gstreamer: upstreamCompact.version,
    deepstreamSource: deepstream.generatedFrom,
    upstreamSource: upstreamCompact.generatedFrom,
  };
}

/** Whether the element handles NVMM (memory:NVMM) buffers on any pad. */
export function carriesNvmm(e: ElementInfo): boolean {
  return e.pads.some((p) => p.memory.includes('NVMM'));
}
