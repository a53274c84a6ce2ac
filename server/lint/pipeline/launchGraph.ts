// Graph nodes built from a parsed launch description. They implement the PipelineGraph
// interfaces (model.ts) as thin views of the parse tree: factories, names and properties are
// read from the tree's nodes, host ranges are computed only when asked (rules look at factories,
// properties and links, and need a range only for what they report).
import type { Range } from '../diagnostic';
import { findProperty, lookupElement, type ElementInfo, type PropertyInfo } from './catalog';
import type { LaunchCapsNode, LaunchElementNode, LaunchLinkNode } from './launchNodes';
import type { CapsStructure, GraphElement, GraphLink, GraphLinkEnd, GraphProperty, PropertyNode } from './model';
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

const notLooked = null;

/** The graph's view of a parsed element (its properties are the parse tree's own). */
export class LaunchGraphElement implements GraphElement {
  /** Catalog facts, looked up once per element (the rules ask for them many times). */
  private info: ElementInfo | undefined | null = notLooked;
  private infoNewMux: ElementInfo | undefined | null = notLooked;
  constructor(private readonly node: LaunchElementNode) {}
  get id(): number {
    return this.node.id;
  }
  get factory(): string {
    return this.node.factory;
  }
  get name(): string | undefined {
    return this.node.name;
  }
  get properties(): GraphProperty[] {
    return this.node.properties;
  }
  get opaque(): boolean | undefined {
    return this.node.opaque || undefined;
  }
  get binId(): number | undefined {
    return this.node.binId;
  }
  /** getElement(factory, { newStreammux }), cached. */
  catalogInfo(newStreammux: boolean): ElementInfo | undefined {
    if (newStreammux) {
      if (this.infoNewMux === notLooked) this.infoNewMux = lookupElement(this.factory, true);
      return this.infoNewMux;
    }
    if (this.info === notLooked) this.info = lookupElement(this.factory, false);
    return this.info;
  }
  get range(): Range {
    return this.node.span.range;
  }
  get factoryRange(): Range {
    return this.node.factorySpan.range;
  }
  toJSON(): GraphElement {
    return { id: this.id, factory: this.factory, name: this.name, properties: this.properties, range: this.range, factoryRange: this.factoryRange, opaque: this.opaque, binId: this.binId };
  }
}

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

type GraphCaps = NonNullable<GraphLink['caps']>;
type GraphCapsStructure = GraphCaps['structures'][number];

/** A caps structure as the graph shows it: fields without spans, made on first read. */
class LaunchGraphCapsStructure implements GraphCapsStructure {
  readonly mediaType: string;
  readonly features: string[];
  private plainFields: { name: string; value: string }[] | undefined = undefined;
  constructor(private readonly node: CapsStructure) {
    this.mediaType = node.mediaType;
    this.features = node.features;
  }
  get fields(): { name: string; value: string }[] {
    return (this.plainFields ??= this.node.fields.map((f) => ({ name: f.name, value: f.value })));
  }
  toJSON(): GraphCapsStructure {
    return { mediaType: this.mediaType, features: this.features, fields: this.fields };
  }
}

/** The graph's view of a caps filter: the tree's caps node splits the text once, on first read. */
class LaunchGraphCaps implements GraphCaps {
  private views: LaunchGraphCapsStructure[] | undefined = undefined;
  constructor(private readonly node: LaunchCapsNode) {}
  get text(): string {
    return this.node.text;
  }
  get structures(): LaunchGraphCapsStructure[] {
    return (this.views ??= this.node.structures.map((s) => new LaunchGraphCapsStructure(s)));
  }
  get range(): Range {
    return this.node.span.range;
  }
  toJSON(): GraphCaps {
    return { text: this.text, structures: this.structures, range: this.range };
  }
}

export class LaunchGraphLink implements GraphLink {
  readonly caps: GraphCaps | undefined;
  constructor(
    readonly from: GraphLinkEnd,
    readonly to: GraphLinkEnd,
    private readonly node: LaunchLinkNode,
  ) {
    this.caps = node.caps ? new LaunchGraphCaps(node.caps) : undefined;
  }
  get range(): Range {
    return this.node.span.range;
  }
  toJSON(): GraphLink {
    return { from: this.from, to: this.to, caps: this.caps, range: this.range };
  }
}
