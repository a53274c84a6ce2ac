// What the graph of a parsed launch description adds to the parse tree. Its elements, properties,
// links and caps are the tree's own nodes (launchNodes.ts implements both interfaces of
// model.ts); this file has the link ends the linker makes, and a graph property view for
// property nodes of other origins. Host ranges are computed only when asked (rules look at
// factories, properties and links, and need a range only for what they report).
import type { Range } from '../diagnostic';
import { findProperty, type ElementInfo, type PropertyInfo } from './catalog';
import type { GraphLinkEnd, GraphProperty, PropertyNode } from './model';
import type { SourceMap } from './sourceMap';

/** A property node of another origin seen as a graph property (launch properties are both). */
export class LaunchGraphProperty implements GraphProperty {
  readonly key: string;
  readonly value: string;
  readonly opaque: boolean | undefined;
  /** findProperty(specOwner, key), cached (several rules ask for it). */
  private specOwner: ElementInfo | undefined = undefined;
  private spec: PropertyInfo | undefined = undefined;
  constructor(private readonly node: PropertyNode) {
    this.key = node.key;
    this.value = node.value;
    this.opaque = node.opaque || undefined;
  }
  specIn(info: ElementInfo): PropertyInfo | undefined {
    if (this.specOwner !== info) {
      this.spec = findProperty(info, this.key);
      this.specOwner = info;
    }
    return this.spec;
  }
  get keyRange(): Range {
    return this.node.keySpan.range;
  }
  get valueRange(): Range {
    return this.node.valueSpan.range;
  }
  get range(): Range {
    return this.node.span.range;
  }
  toJSON(): GraphProperty {
    return { key: this.key, value: this.value, opaque: this.opaque, keyRange: this.keyRange, valueRange: this.valueRange, range: this.range };
  }
}

/**
 * The parse tree's element and link nodes are the graph's elements and links (launchNodes.ts);
 * the names the rules use for them.
 */
export { LaunchElementNode as LaunchGraphElement, LaunchLinkNode as LaunchGraphLink } from './launchNodes';

/** One end of a link; the pad name's host range, when a pad is named, is computed on read. */
export class LaunchGraphLinkEnd implements GraphLinkEnd {
  constructor(
    readonly element: number,
    readonly pad: string | undefined,
    private readonly map: SourceMap | undefined,
    /** [padStart, padEnd): the pad name in the launch text (when `pad` is set). */
    private readonly padStart: number,
    private readonly padEnd: number,
  ) {}
  get padRange(): Range | undefined {
    return this.pad !== undefined && this.map ? this.map.hostRange(this.padStart, this.padEnd) : undefined;
  }
  toJSON(): GraphLinkEnd {
    return { element: this.element, pad: this.pad, padRange: this.padRange };
  }
}

/**
 * The link end "element n, any pad": most link ends name no pad, and ends are immutable values,
 * so these are made once per element index and shared by every link and every graph (links into
 * and out of an element, in every pipeline of every file).
 */
const anyPadEnds: LaunchGraphLinkEnd[] = [];
/** Past this index, ends are made per call (a pipeline of more elements is rare; memory stays bounded). */
const maxSharedEnds = 1 << 16;
export function anyPadEnd(element: number): LaunchGraphLinkEnd {
  if (element >= maxSharedEnds) return new LaunchGraphLinkEnd(element, undefined, undefined, -1, -1);
  let e = anyPadEnds[element];
  if (e === undefined) {
    // fill up to `element` so the array stays packed
    for (let k = anyPadEnds.length; k <= element; k++) anyPadEnds.push(new LaunchGraphLinkEnd(k, undefined, undefined, -1, -1));
    e = anyPadEnds[element];
  }
  return e;
}
