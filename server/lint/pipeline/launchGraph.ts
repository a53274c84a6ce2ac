// Graph nodes built from a parsed launch description. They implement the PipelineGraph
// interfaces (model.ts) but read their host ranges from the parse tree's spans only when asked:
// rules look at factories, properties and links, and need a range only for what they report.
import type { Range } from '../diagnostic';
import { findProperty, lookupElement, type ElementInfo, type PropertyInfo } from './catalog';
import { LaunchPropertyNode } from './launchNodes';
import type { CapsNode, ElementNode, GraphElement, GraphLink, GraphLinkEnd, GraphProperty, LinkNode, PropertyNode, Span } from './model';

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

export class LaunchGraphElement implements GraphElement {
  /** Catalog facts, looked up once per element (the rules ask for them many times). */
  private info: ElementInfo | undefined | null = notLooked;
  private infoNewMux: ElementInfo | undefined | null = notLooked;
  readonly id: number;
  readonly factory: string;
  readonly name: string | undefined;
  readonly properties: GraphProperty[];
  readonly opaque: boolean | undefined;
  readonly binId: number | undefined;
  constructor(private readonly node: ElementNode) {
    this.id = node.id;
    this.factory = node.factory;
    this.name = node.name;
    const props = node.properties;
    let shared = true;
    for (let i = 0; i < props.length; i++) if (!(props[i] instanceof LaunchPropertyNode)) shared = false;
    // parsed properties are graph properties already; others (built by hand) are wrapped
    this.properties = shared ? (props as LaunchPropertyNode[]) : props.map((p) => (p instanceof LaunchPropertyNode ? p : new LaunchGraphProperty(p)));
    this.opaque = node.opaque || undefined;
    this.binId = node.binId;
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

export class LaunchGraphLinkEnd implements GraphLinkEnd {
  constructor(
    readonly element: number,
    readonly pad: string | undefined,
    private readonly padSpan: Span | undefined,
  ) {}
  get padRange(): Range | undefined {
    return this.padSpan?.range;
  }
  toJSON(): GraphLinkEnd {
    return { element: this.element, pad: this.pad, padRange: this.padRange };
  }
}

type GraphCaps = NonNullable<GraphLink['caps']>;

class LaunchGraphCaps implements GraphCaps {
  readonly text: string;
  readonly structures: GraphCaps['structures'];
  constructor(private readonly node: CapsNode) {
    this.text = node.text;
    this.structures = node.structures.map((s) => ({ mediaType: s.mediaType, features: s.features, fields: s.fields.map((f) => ({ name: f.name, value: f.value })) }));
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
    private readonly node: LinkNode,
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
