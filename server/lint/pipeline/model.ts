// The pipeline model shared by the parser, the rules and the editor features: the parse tree of
// one gst-launch description (with host-file ranges on every node) and the flat pipeline graph
// the rules run on. A graph can also be built by others (e.g. from a deepstream-app config): it
// only needs elements with ranges and links between them.
import type { FileAccess, LintOptions, Range } from '../diagnostic';

/** Where a piece of launch text sits: offsets in the launch text and the range in the host file. */
export interface Span {
  /** Offset of the first character in the launch text (after extraction/unquoting). */
  start: number;
  /** Offset after the last character in the launch text. */
  end: number;
  /** The same piece in host-file coordinates (0-based LSP line/character). */
  range: Range;
}

// ---------------------------------------------------------------------------------------------
// Parse tree (what the launch text says, node by node)
// ---------------------------------------------------------------------------------------------

export interface PropertyNode {
  kind: 'property';
  /** Property name as written (e.g. `batch-size`). */
  key: string;
  /** Value after unquoting and unescaping (`"a b"` → `a b`). */
  value: string;
  /** Value exactly as written in the launch text, quotes included. */
  raw: string;
  quoted: boolean;
  /**
   * True when the value is not known statically (a Python f-string `{placeholder}` or a shell
   * `$VAR`): rules must not check its range or enum.
   */
  opaque: boolean;
  keySpan: Span;
  valueSpan: Span;
  /** `key=value` as a whole. */
  span: Span;
}

export interface ElementNode {
  kind: 'element';
  /** Factory name as written (e.g. `nvstreammux`). Empty when a placeholder stands for it. */
  factory: string;
  factorySpan: Span;
  /** Value of the `name=` property when present. */
  name?: string;
  properties: PropertyNode[];
  /** True when the factory name is a placeholder (opaque): unknown-element is not reported. */
  opaque: boolean;
  /** Set for elements made from a URI (`rtsp://...`, `/dev/video0`): GStreamer picks the factory. */
  uri?: string;
  /** Factory name plus all its properties. */
  span: Span;
  /** Stable id inside one ParsedPipeline (index into ParsedPipeline.elements). */
  id: number;
  /** Id of the enclosing bin (index into ParsedPipeline.bins), undefined at top level. */
  binId?: number;
}

/** `name.`, `name.pad` or `.pad` (pad of the previous/next element inside the chain). */
export interface PadRefNode {
  kind: 'pad-ref';
  /** Element name before the dot; empty for `.pad` (refers to the adjacent element). */
  elementName: string;
  /** Pad name after the dot (`sink_0`, `src_%u`), undefined for `name.` (any pad). */
  pad?: string;
  nameSpan: Span;
  padSpan?: Span;
  span: Span;
  /** Element the reference resolved to (ElementNode.id), undefined if unknown. */
  resolved?: number;
}

export interface CapsField {
  name: string;
  /** Value as written, including `(type)` casts, ranges `[ a, b ]` and lists `{ a, b }`. */
  value: string;
  span: Span;
}

export interface CapsStructure {
  /** `video/x-raw`, `image/jpeg`, `ANY`, ... */
  mediaType: string;
  /** Caps features such as `memory:NVMM` (from `video/x-raw(memory:NVMM)`). */
  features: string[];
  fields: CapsField[];
  span: Span;
}

export interface CapsNode {
  kind: 'caps';
  /** Caps string after unquoting, as GStreamer would parse it. */
  text: string;
  structures: CapsStructure[];
  span: Span;
}

export interface BinNode {
  kind: 'bin';
  /** `bin` for plain `( ... )`, or the factory in `factory.( ... )` (e.g. `pipeline`). */
  binType: string;
  properties: PropertyNode[];
  chains: ChainNode[];
  span: Span;
  id: number;
  binId?: number;
}

export type ChainItem = ElementNode | PadRefNode | BinNode;

/** A `!` link between two chain items, optionally through a caps filter. */
export interface LinkNode {
  kind: 'link';
  /** The `!` (or `!` caps `!` as a whole). */
  span: Span;
  caps?: CapsNode;
  /** `:` instead of `!`: link all compatible pads. */
  linkAll?: boolean;
  /** Pads named with `.pad` after the source item (`demux .video_0 ! ...`). */
  srcPads?: { name: string; span: Span }[];
  /** Pads named with `.pad` before the sink item (`! .sink_1 mux`). */
  sinkPads?: { name: string; span: Span }[];
  /** Indexes into ChainNode.items. */
  fromItem: number;
  toItem: number;
}

/** A run of items connected by `!`: `a ! b ! c`. A description is a list of chains. */
export interface ChainNode {
  kind: 'chain';
  items: ChainItem[];
  links: LinkNode[];
  span: Span;
}

export interface ParseError {
  /** Rule id it is reported under: `pipeline/syntax` or `pipeline/unknown-pad-reference`, ... */
  code: string;
  message: string;
  span: Span;
}

/** One launch description, parsed. */
export interface ParsedPipeline {
  /** The launch text after extraction (host quoting removed, continuations joined). */
  text: string;
  chains: ChainNode[];
  /** All elements in source order (ElementNode.id indexes this). */
  elements: ElementNode[];
  bins: BinNode[];
  errors: ParseError[];
  /** The graph derived from the tree (elements and resolved links). */
  graph: PipelineGraph;
}

// ---------------------------------------------------------------------------------------------
// Pipeline graph (what the rules look at)
// ---------------------------------------------------------------------------------------------

export interface GraphProperty {
  key: string;
  value: string;
  /** Value cannot be known statically (placeholder): no value checks. */
  opaque?: boolean;
  keyRange: Range;
  valueRange: Range;
  /** `key=value` as a whole. */
  range: Range;
}

export interface GraphElement {
  /** Index in PipelineGraph.elements. */
  id: number;
  factory: string;
  name?: string;
  properties: GraphProperty[];
  /** Where the element is (whole element). */
  range: Range;
  /** Where its factory name is (for unknown-element, quick fixes that replace the factory). */
  factoryRange: Range;
  /** Factory unknown statically (placeholder, or made from a URI): skip element checks. */
  opaque?: boolean;
  /** Id of the enclosing bin, if any (elements in different bins still link). */
  binId?: number;
}

export interface GraphLinkEnd {
  element: number;
  /** Pad requested explicitly (`mux.sink_0`), undefined for "any compatible pad". */
  pad?: string;
  padRange?: Range;
}

export interface GraphLink {
  from: GraphLinkEnd;
  to: GraphLinkEnd;
  /** Caps filter on the link (`a ! video/x-raw(memory:NVMM) ! b`). */
  caps?: {
    text: string;
    structures: { mediaType: string; features: string[]; fields: { name: string; value: string }[] }[];
    range: Range;
  };
  /** The `!` (and filter) that makes this link. */
  range: Range;
}

export interface PipelineGraph {
  elements: GraphElement[];
  links: GraphLink[];
  /** What the graph was built from; rules word their messages accordingly. */
  origin: 'launch' | 'code' | 'config';
  /** Host file (absolute); relative paths in properties resolve against its directory. */
  hostPath: string;
}

/** What rules get besides the graph. */
export interface PipelineRuleContext {
  options: LintOptions;
  files: FileAccess;
  /**
   * Set when the pipeline runs under a profiler or a throughput measurement (e.g. the command is
   * wrapped in `nsys profile`, or the caller knows it is a profiling run). Enables the hints
   * about tiler/OSD and display sinks with sync=true.
   */
  measuring?: boolean;
  /** USE_NEW_NVSTREAMMUX=yes: nvstreammux is the new muxer (no width/height, no scaling). */
  newStreammux?: boolean;
}

/** Convert a span to its host range (helper for graph builders). */
export function spanRange(s: Span): Range {
  return s.range;
}
