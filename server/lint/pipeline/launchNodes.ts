// Parse-tree nodes for elements and properties of a launch description, as classes that keep
// offsets and make their Span objects only when asked (editors and diagnostics ask for few of
// them; a large file has hundreds of thousands of properties).
import type { Range } from '../diagnostic';
import { findProperty, type ElementInfo, type PropertyInfo } from './catalog';
import type { ElementNode, GraphProperty, PropertyNode, Span } from './model';
import type { SourceMap } from './sourceMap';

/**
 * A property as parsed. It is also the graph's property (GraphProperty): the graph of a launch
 * description shares the parse tree's property objects instead of copying them.
 */
export class LaunchPropertyNode implements PropertyNode, GraphProperty {
  readonly kind = 'property' as const;
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

export class LaunchElementNode implements ElementNode {
  readonly kind = 'element' as const;
  readonly properties: PropertyNode[] = [];
  name: string | undefined = undefined;
  /** End offset of the element (factory and properties) in the launch text. */
  end: number;
  constructor(
    readonly factory: string,
    readonly opaque: boolean,
    readonly id: number,
    readonly binId: number | undefined,
    private readonly map: SourceMap,
    private readonly start: number,
    private readonly factoryEnd: number,
  ) {
    this.end = factoryEnd;
  }
  get factorySpan(): Span {
    return this.map.span(this.start, this.factoryEnd);
  }
  get span(): Span {
    return this.map.span(this.start, this.end);
  }
  toJSON(): ElementNode {
    return { kind: this.kind, factory: this.factory, factorySpan: this.factorySpan, properties: this.properties, opaque: this.opaque, span: this.span, id: this.id, binId: this.binId, name: this.name };
  }
}
