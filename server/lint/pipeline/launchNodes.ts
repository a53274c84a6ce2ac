// Parse-tree nodes of a launch description, as classes that keep offsets into the launch text and
// make their Span objects only when asked: editors and diagnostics ask for few of them, and a
// large file has hundreds of thousands of elements, properties and links. Caps filters are
// split into structures and fields on first read of `structures` / `fields` (rules read media
// types and features, rarely fields).
//
// The nodes are also the pipeline graph's objects (model.ts GraphElement, GraphProperty,
// GraphLink): a graph made from a launch description shares them instead of wrapping each one in
// a view (a large file has hundreds of thousands of them, and the lint of a file builds them all).
import type { Range } from '../diagnostic';
import { findProperty, lookupElement, type ElementInfo, type PropertyInfo } from './catalog';
import { unwrapCaps } from './lexer';
import type { CapsField, CapsNode, CapsStructure, ChainItem, ChainNode, ElementNode, GraphElement, GraphLink, GraphLinkEnd, GraphProperty, LinkNode, PadRefNode, PropertyNode, Span } from './model';
import type { SourceMap } from './sourceMap';

/**
 * A property as parsed. It is also the graph's property (GraphProperty): the graph of a launch
 * description shares the parse tree's property objects instead of copying them.
 */
export class LaunchPropertyNode implements PropertyNode, GraphProperty {
  /** On the prototype (see nodeKind). */
  declare readonly kind: 'property';
  /** findProperty(specOwner, key), cached (several rules ask for it). */
  private specOwner: ElementInfo | undefined = undefined;
  private spec: PropertyInfo | undefined = undefined;
  constructor(
    readonly key: string,
    readonly value: string,
    readonly raw: string,
    readonly quoted: boolean,
    readonly opaque: boolean,
    private readonly map: SourceMap,
    private readonly start: number,
    private readonly keyEnd: number,
    private readonly valueStart: number,
    private readonly end: number,
  ) {}
  get keySpan(): Span {
    return this.map.span(this.start, this.keyEnd);
  }
  get valueSpan(): Span {
    return this.map.span(this.valueStart, this.end);
  }
  get span(): Span {
    return this.map.span(this.start, this.end);
  }
  get keyRange(): Range {
    return this.keySpan.range;
  }
  get valueRange(): Range {
    return this.valueSpan.range;
  }
  get range(): Range {
    return this.span.range;
  }
  specIn(info: ElementInfo): PropertyInfo | undefined {
    if (this.specOwner !== info) {
      this.spec = findProperty(info, this.key);
      this.specOwner = info;
    }
    return this.spec;
  }
  toJSON(): PropertyNode {
    return { kind: this.kind, key: this.key, value: this.value, raw: this.raw, quoted: this.quoted, opaque: this.opaque, keySpan: this.keySpan, valueSpan: this.valueSpan, span: this.span };
  }
}

const notLooked = null;

/**
 * An element: a factory with its properties, or an element made from a URI (`uri` set). It is
 * also the graph's element (GraphElement), with its catalog entry looked up once.
 */
export class LaunchElementNode implements ElementNode, GraphElement {
  /** On the prototype (see nodeKind). */
  declare readonly kind: 'element';
  name: string | undefined = undefined;
  uri: string | undefined = undefined;
  /** Catalog facts, looked up once per element (the rules ask for them many times). */
  private info: ElementInfo | undefined | null = notLooked;
  constructor(
    readonly factory: string,
    readonly opaque: boolean,
    readonly id: number,
    readonly binId: number | undefined,
    readonly properties: LaunchPropertyNode[],
    private readonly map: SourceMap,
    /** Start offset of the element (its factory name) in the launch text. */
    readonly start: number,
    private readonly factoryEnd: number,
    /** End offset of the element (factory and properties) in the launch text. */
    readonly end: number,
  ) {}
  get factorySpan(): Span {
    return this.map.span(this.start, this.factoryEnd);
  }
  get span(): Span {
    return this.map.span(this.start, this.end);
  }
  get range(): Range {
    return this.span.range;
  }
  get factoryRange(): Range {
    return this.factorySpan.range;
  }
  /** lookupElement(factory, newStreammux), cached. */
  catalogInfo(newStreammux: boolean): ElementInfo | undefined {
    // only nvstreammux has another entry under USE_NEW_NVSTREAMMUX (catalog.ts lookupElement)
    if (newStreammux && this.factory === 'nvstreammux') return lookupElement(this.factory, true);
    if (this.info === notLooked) this.info = lookupElement(this.factory, false);
    return this.info;
  }
  /** The tree's fields, and the graph's (range, factoryRange). */
  toJSON(): ElementNode & GraphElement {
    return { kind: this.kind, factory: this.factory, factorySpan: this.factorySpan, properties: this.properties, opaque: this.opaque, uri: this.uri, span: this.span, id: this.id, binId: this.binId, name: this.name, range: this.range, factoryRange: this.factoryRange };
  }
}

/** `name.`, `name.pad` (a REF token, possibly followed by `, pad` names) or `.pad` lists. */
export class LaunchPadRefNode implements PadRefNode {
  /** On the prototype (see nodeKind). */
  declare readonly kind: 'pad-ref';
  resolved: number | undefined = undefined;
  /** End of the reference, `, pad` names after it included. */
  end: number;
  constructor(
    readonly elementName: string,
    readonly pad: string | undefined,
    private readonly map: SourceMap,
    readonly start: number,
    /** Offset of the dot. */
    readonly dot: number,
    /** End of the REF token (`name.pad`): the pad name is [dot + 1, refEnd). */
    readonly refEnd: number,
  ) {
    this.end = refEnd;
  }
  get nameSpan(): Span {
    return this.map.span(this.start, this.dot);
  }
  get padSpan(): Span | undefined {
    return this.pad !== undefined ? this.map.span(this.dot + 1, this.refEnd) : undefined;
  }
  get span(): Span {
    return this.map.span(this.start, this.end);
  }
  toJSON(): PadRefNode {
    return { kind: this.kind, elementName: this.elementName, pad: this.pad, nameSpan: this.nameSpan, padSpan: this.padSpan, span: this.span, resolved: this.resolved };
  }
}

/** Pads named with `.pad` next to a link (`demux .video_0 ! ...`); rare, so kept eager. */
export type PadList = { name: string; span: Span }[];

/**
 * A `!` (or `:`) link, with its caps filter when it has one. It is also the graph's link
 * (GraphLink) once the linker has resolved its two ends (`from`, `to`); a link whose ends do not
 * resolve (an unknown reference) is in the tree only.
 */
export class LaunchLinkNode implements LinkNode, GraphLink {
  /** On the prototype (see nodeKind). */
  declare readonly kind: 'link';
  /** Set by the linker (parser.ts GraphLinker) when the link is in the graph. */
  from: GraphLinkEnd = unlinked;
  to: GraphLinkEnd = unlinked;
  constructor(
    readonly caps: LaunchCapsNode | undefined,
    readonly linkAll: true | undefined,
    readonly srcPads: PadList | undefined,
    readonly sinkPads: PadList | undefined,
    readonly fromItem: number,
    readonly toItem: number,
    private readonly map: SourceMap,
    private readonly start: number,
    readonly end: number,
  ) {}
  get span(): Span {
    return this.map.span(this.start, this.end);
  }
  get range(): Range {
    return this.span.range;
  }
  /** The tree's fields, and the graph's (from, to, range) when the link is in the graph. */
  toJSON(): LinkNode & Partial<GraphLink> {
    const tree: LinkNode & Partial<GraphLink> = { kind: this.kind, span: this.span, caps: this.caps, linkAll: this.linkAll, srcPads: this.srcPads, sinkPads: this.sinkPads, fromItem: this.fromItem, toItem: this.toItem };
    if (this.from !== unlinked) Object.assign(tree, { from: this.from, to: this.to, range: this.range });
    return tree;
  }
}

/** The ends of a link not (yet) in the graph. */
const unlinked: GraphLinkEnd = Object.freeze({ element: -1 });

export class LaunchChainNode implements ChainNode {
  /** On the prototype (see nodeKind). */
  declare readonly kind: 'chain';
  constructor(
    readonly items: ChainItem[],
    readonly links: LaunchLinkNode[],
    private readonly map: SourceMap,
    private readonly start: number,
    private readonly end: number,
  ) {}
  get span(): Span {
    return this.map.span(this.start, this.end);
  }
  toJSON(): ChainNode {
    return { kind: this.kind, items: this.items, links: this.links, span: this.span };
  }
}

/**
 * A caps filter on a link: [start, end) is its trimmed text in the launch text. It is also the
 * graph link's caps (GraphLink.caps: text, structures, range).
 */
export class LaunchCapsNode implements CapsNode, NonNullable<GraphLink['caps']> {
  /** On the prototype (see nodeKind). */
  declare readonly kind: 'caps';
  private unwrapped: string | undefined = undefined;
  private split: LaunchCapsStructure[] | undefined = undefined;
  constructor(
    private readonly map: SourceMap,
    private readonly start: number,
    private readonly end: number,
  ) {}
  get text(): string {
    return (this.unwrapped ??= unwrapCaps(this.map.text.slice(this.start, this.end)));
  }
  get structures(): LaunchCapsStructure[] {
    return (this.split ??= capsStructures(this.map, this.start, this.end));
  }
  get span(): Span {
    return this.map.span(this.start, this.end);
  }
  get range(): Range {
    return this.span.range;
  }
  toJSON(): CapsNode & NonNullable<GraphLink['caps']> {
    return { kind: this.kind, text: this.text, structures: this.structures, span: this.span, range: this.range };
  }
}

/** One structure of a caps filter: media type and features; its fields are split on first read. */
export class LaunchCapsStructure implements CapsStructure {
  private parsedFields: CapsField[] | undefined = undefined;
  constructor(
    readonly mediaType: string,
    readonly features: string[],
    private readonly map: SourceMap,
    private readonly start: number,
    private readonly end: number,
    /** [start, end) of each `name=value` segment after the media type, untrimmed. */
    private readonly fieldBounds: number[],
  ) {}
  get fields(): CapsField[] {
    return (this.parsedFields ??= capsFields(this.map, this.fieldBounds));
  }
  get span(): Span {
    return this.map.span(this.start, this.end);
  }
  toJSON(): CapsStructure {
    return { mediaType: this.mediaType, features: this.features, fields: this.fields, span: this.span };
  }
}

/** JavaScript's \s (what trim() removes), with the ASCII cases decided without a regex. */
function isJsSpace(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return /\s/.test(s[i]);
}

/**
 * Split caps text s[from, to) into structures at `;` and their parts at `,`, outside quotes and
 * brackets (as gst_caps_from_string reads them: `(memory:NVMM)`, ranges `[ a, b ]`, lists
 * `{ a, b }`, `"quoted, text"`; a backslash escapes the next character). The first part of a
 * structure is its media type with optional `(features)`; the others are fields, split on read.
 * One pass over the characters for both separators: after a top-level `;` the bracket and quote
 * state is the start state, so splitting per structure again would see the same separators.
 */
function capsStructures(map: SourceMap, from: number, to: number): LaunchCapsStructure[] {
  const s = map.text;
  const out: LaunchCapsStructure[] = [];
  let depth = 0;
  let inQuote = false;
  let structStart = from;
  let segStart = from;
  /** End of the structure's first part (media type), -1 while still in it. */
  let headEnd = -1;
  let fieldBounds: number[] = [];
  for (let i = from; ; i++) {
    let c = -1;
    if (i < to) {
      c = s.charCodeAt(i);
      if (c === 92) {
        i++; // backslash: the next character is not a separator
        continue;
      }
      if (inQuote) {
        if (c === 34) inQuote = false;
        continue;
      }
      if (c === 34) inQuote = true;
      else if (c === 40 || c === 91 || c === 123 || c === 60) depth++; // ( [ { <
      else if (c === 41 || c === 93 || c === 125 || c === 62) depth = depth > 0 ? depth - 1 : 0; // ) ] } >
      if (depth !== 0 || (c !== 44 && c !== 59)) continue;
    }
    // a part ends here: at a top-level `,` or `;`, or at the end of the text
    const end = i < to ? i : to;
    if (headEnd < 0) headEnd = end;
    else fieldBounds.push(segStart, end);
    segStart = end + 1;
    if (c === 44) continue;
    out.push(capsStructure(map, structStart, headEnd, end, fieldBounds));
    if (i >= to) return out;
    structStart = segStart;
    headEnd = -1;
    fieldBounds = [];
  }
}

/** The structure s[start, end) whose media type part is s[start, headEnd). */
function capsStructure(map: SourceMap, start: number, headEnd: number, end: number, fieldBounds: number[]): LaunchCapsStructure {
  const s = map.text;
  let hs = start;
  let he = headEnd;
  while (hs < he && isJsSpace(s, hs)) hs++;
  while (he > hs && isJsSpace(s, he - 1)) he--;
  // media type: /^([^()\s]+)\s*(?:\(([^)]*)\))?/ on the trimmed part, without the regex
  let m = hs;
  while (m < he) {
    const c = s.charCodeAt(m);
    if (c === 40 || c === 41 || isJsSpace(s, m)) break;
    m++;
  }
  let mediaType: string;
  let features: string[] = [];
  if (m === hs) {
    mediaType = s.slice(hs, he);
  } else {
    mediaType = unwrapCaps(s.slice(hs, m));
    let p = m;
    while (p < he && isJsSpace(s, p)) p++;
    if (p < he && s.charCodeAt(p) === 40) {
      const close = s.indexOf(')', p + 1);
      if (close > p + 1 && close < he) {
        features = s
          .slice(p + 1, close)
          .split(',')
          .map((f) => f.trim())
          .filter(Boolean);
      }
    }
  }
  let ss = start;
  let se = end;
  while (ss < se && isJsSpace(s, ss)) ss++;
  while (se > ss && isJsSpace(s, se - 1)) se--;
  return new LaunchCapsStructure(mediaType, features, map, ss, se, fieldBounds);
}

/** Fields `name=value` (or a bare `name`) of the segments [a, b) in `bounds`; empty ones dropped. */
function capsFields(map: SourceMap, bounds: number[]): CapsField[] {
  const s = map.text;
  const fields: CapsField[] = [];
  for (let k = 0; k < bounds.length; k += 2) {
    let a = bounds[k];
    let b = bounds[k + 1];
    while (a < b && isJsSpace(s, a)) a++;
    while (b > a && isJsSpace(s, b - 1)) b--;
    if (a === b) continue;
    const eq = s.indexOf('=', a);
    if (eq < 0 || eq >= b) {
      fields.push({ name: s.slice(a, b), value: '', span: map.span(a, b) });
      continue;
    }
    fields.push({ name: s.slice(a, eq).trim(), value: unwrapCaps(s.slice(eq + 1, b).trim()), span: map.span(a, b) });
  }
  return fields;
}

/**
 * `kind` is the same for every node of a class: it lives on the class's prototype instead of in
 * each node (a large file has hundreds of thousands of nodes; reads cost the same).
 */
function nodeKind(c: { prototype: object }, kind: string): void {
  Object.defineProperty(c.prototype, 'kind', { value: kind, enumerable: false, writable: false, configurable: false });
}
nodeKind(LaunchPropertyNode, 'property');
nodeKind(LaunchElementNode, 'element');
nodeKind(LaunchPadRefNode, 'pad-ref');
nodeKind(LaunchLinkNode, 'link');
nodeKind(LaunchChainNode, 'chain');
nodeKind(LaunchCapsNode, 'caps');
