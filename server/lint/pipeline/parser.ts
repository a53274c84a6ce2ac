// Parser for gst-launch descriptions, following GStreamer's grammar (gst/parse/grammar.y):
//   chainlist := chain*            chains side by side are not linked to each other
//   chain     := openchain | openchain link reference | openchain link URL
//   openchain := elementary pads | openchain link pads elementary pads | reference | URL
//   elementary:= IDENT assignment* | ( '(' | BINREF ) assignment* chainlist ')'
// A reference (`name.` / `name.pad`) can only start or end a chain. Errors never stop the parse:
// the tree keeps everything that parsed, and each error has its precise span.
import { Lexer, assignmentValue, placeholderChar, unescapeValue, type TokenKind } from './lexer';
import type { BinNode, ChainItem, ChainNode, ElementNode, ParseError, ParsedPipeline, PipelineGraph, PropertyNode } from './model';
import { LaunchGraphLinkEnd, anyPadEnd } from './launchGraph';
import { LaunchCapsNode, LaunchChainNode, LaunchElementNode, LaunchLinkNode, LaunchPadRefNode, LaunchPropertyNode, type PadList } from './launchNodes';
import { LineIndex } from './lineIndex';
import { SourceMap } from './sourceMap';

/** Stop collecting errors past this many (a 10 MB line of garbage must not make 10 M errors). */
const maxErrors = 200;
/** GStreamer's bison parser has a bounded stack too; we stop descending here. */
const maxBinDepth = 200;

/** What a chain holds, as the parser makes it. */
type LaunchChainItem = LaunchElementNode | LaunchPadRefNode | BinNode;

/**
 * The lexer and the stacks a parse works with, shared by every parse: a large file holds tens of
 * thousands of descriptions, and a parse runs to its end before the next one starts (it never
 * calls back into code that could parse). The stacks keep no meaning between parses (each parse
 * uses them from index 0); see releaseScratch for what they may keep alive.
 */
const scratch = {
  lexer: new Lexer(''),
  binStack: [] as number[],
  props: [] as LaunchPropertyNode[],
  items: [] as LaunchChainItem[],
  links: [] as LaunchLinkNode[],
};

/**
 * After a parse the stacks still point at nodes of the tree just made; stacks grown by a large
 * description are emptied so that they do not keep its tree alive (small ones are overwritten by
 * the next parse).
 */
function releaseScratch(): void {
  const keep = 4096;
  if (scratch.props.length > keep) scratch.props.length = 0;
  if (scratch.items.length > keep) scratch.items.length = 0;
  if (scratch.links.length > keep) scratch.links.length = 0;
}

class Parser {
  /** The lexer holds the current token (lx.kind, lx.start, ...); lx.next() moves on. */
  private readonly lx: Lexer;
  readonly elements: LaunchElementNode[] = [];
  readonly bins: BinNode[] = [];
  readonly errors: ParseError[] = [];
  private readonly binStack: number[] = scratch.binStack;
  /** Whether the text has a placeholder / a backslash at all: most have neither, and then no
   * value needs the per-value search for them. */
  private readonly hasPlaceholder: boolean;
  private readonly hasBackslash: boolean;
  /** Number of `name.` references parsed (no references: no name table to build). */
  refCount = 0;
  /** Properties being collected by parseAssignments, and the end of the last assignment. */
  private readonly propScratch: LaunchPropertyNode[] = scratch.props;
  /** Items and links of the chains being parsed (see parseChain). */
  private readonly itemStack: LaunchChainItem[] = scratch.items;
  private readonly linkStack: LaunchLinkNode[] = scratch.links;
  private itemTop = 0;
  private linkTop = 0;
  private assignEnd = -1;

  constructor(
    readonly map: SourceMap,
    private readonly text: string,
  ) {
    this.lx = scratch.lexer;
    this.lx.restart(text);
    this.binStack.length = 0;
    this.lx.next();
    this.hasPlaceholder = text.includes(placeholderChar);
    this.hasBackslash = text.includes('\\');
  }

  error(code: string, message: string, a: number, b: number): void {
    if (this.errors.length >= maxErrors) return;
    this.errors.push({ code, message, span: this.map.span(a, Math.max(a, b)) });
  }

  /** The current token is the operator `op` (one character). */
  private atOp(op: number): boolean {
    return this.lx.kind === 'op' && this.text.charCodeAt(this.lx.start) === op;
  }

  private atElementary(): boolean {
    const k = this.lx.kind;
    return k === 'ident' || k === 'binref' || this.atOp(40); // (
  }

  /** The current token as quoted in messages (at most 40 characters). */
  private show(): string {
    const { start, end } = this.lx;
    const s = this.text.slice(start, Math.min(end, start + 40));
    return s.length < end - start ? `${s}…` : s;
  }

  parseChainlist(inBin: boolean): ChainNode[] {
    const lx = this.lx;
    const chains: ChainNode[] = [];
    for (;;) {
      if (lx.kind === 'eof') break;
      if (this.atOp(41)) {
        // )
        if (inBin) break;
        this.error('pipeline/syntax', 'Unbalanced `)`: no `(` opens this bin.', lx.start, lx.end);
        lx.next();
        continue;
      }
      const before = lx.count;
      const chain = this.parseChain();
      if (chain) {
        chains.push(chain);
        continue;
      }
      if (lx.count === before) {
        // nothing parsed: the token cannot start a chain
        this.reportUnexpected();
        const q = this.text[lx.start];
        const close = lx.kind === 'invalid' && (q === '"' || q === "'") ? this.text.indexOf(q, lx.end) : -1;
        if (close >= 0) {
          // Skip the whole quoted run: one error, not a cascade.
          lx.reset(close + 1);
        }
        lx.next();
      }
    }
    return chains;
  }

  private reportUnexpected(): void {
    const { kind, start, end } = this.lx;
    const s = this.text.slice(start, end);
    if (kind === 'invalid' && (s === '"' || s === "'")) {
      this.error('pipeline/syntax', `Unexpected quote \`${s}\`: quotes belong around a property value (key="a b"); a quoted caps filter must be unquoted by the shell first.`, start, end);
    } else if (kind === 'assign') {
      this.error('pipeline/syntax', `Property \`${this.text.slice(start, this.lx.mid)}\` has no element before it.`, start, end);
    } else if (kind === 'padref') {
      this.error('pipeline/syntax', `Pad reference \`${s}\` is not attached to an element or link.`, start, end);
    } else {
      this.error('pipeline/syntax', `Syntax error: unexpected \`${this.show()}\`.`, start, end);
    }
  }

  private parsePads(): PadList | undefined {
    const lx = this.lx;
    if (lx.kind !== 'padref') return undefined;
    const pads = [{ name: this.text.slice(lx.start + 1, lx.end), span: this.map.span(lx.start + 1, lx.end) }];
    lx.next();
    this.moreRefPads(pads);
    return pads;
  }

  private moreRefPads(pads: PadList): void {
    const lx = this.lx;
    while (this.atOp(44)) {
      // ,
      const commaStart = lx.start;
      const commaEnd = lx.end;
      lx.next();
      if (lx.kind !== 'ident') {
        this.error('pipeline/syntax', 'Expected a pad name after `,`.', commaStart, commaEnd);
        return;
      }
      pads.push({ name: this.text.slice(lx.start, lx.end), span: this.map.span(lx.start, lx.end) });
      lx.next();
    }
  }

  private parseReference(): LaunchPadRefNode {
    const lx = this.lx;
    const { start, end } = lx;
    const dot = lx.mid;
    const node = new LaunchPadRefNode(this.text.slice(start, dot), dot + 1 < end ? this.text.slice(dot + 1, end) : undefined, this.map, start, dot, end);
    this.refCount++;
    lx.next();
    if (this.atOp(44)) {
      // `name.pad, pad2`: the extra pad names belong to the reference's span
      const more: PadList = [];
      this.moreRefPads(more);
      if (more.length) node.end = more[more.length - 1].span.end;
    }
    return node;
  }

  private parseUriElement(): LaunchElementNode {
    const lx = this.lx;
    const e = new LaunchElementNode('', true, this.elements.length, this.binStack[this.binStack.length - 1], [], this.map, lx.start, lx.end, lx.end);
    e.uri = this.text.slice(lx.start, lx.end);
    this.elements.push(e);
    lx.next();
    return e;
  }

  /** The current token, an assignment, as a property. */
  private parseProperty(): LaunchPropertyNode {
    const { start, mid: keyEnd, valueStart: vs, end } = this.lx;
    const text = this.text;
    const raw = text.slice(vs, end);
    let value: string;
    let quoted: boolean;
    const q = text.charCodeAt(vs);
    if (q !== 34 && q !== 39) {
      // unquoted (almost every value): as written, unescaped when there is a backslash
      value = this.hasBackslash ? unescapeValue(raw) : raw;
      quoted = false;
    } else {
      ({ value, quoted } = assignmentValue(raw));
    }
    if (this.lx.unterminatedQuote) {
      this.error('pipeline/syntax', `Unterminated quote in the value of \`${text.slice(start, keyEnd)}\`: the closing ${raw[0] === "'" ? "'" : '"'} is missing.`, vs, vs + 1);
    }
    return new LaunchPropertyNode(text.slice(start, keyEnd), value, raw, quoted, this.hasPlaceholder && raw.includes(placeholderChar), this.map, start, keyEnd, vs, end);
  }

  /**
   * Assignments (and presets, which set no property) after an element or bin, as an array of
   * their exact length (collected in a scratch array: most elements have none or a few, and an
   * array grown by push keeps room for 17); assignEnd is the end of the last one, -1 if none.
   */
  private parseAssignments(): LaunchPropertyNode[] {
    const lx = this.lx;
    const props = this.propScratch;
    let n = 0;
    let end = -1;
    for (;;) {
      const k = lx.kind;
      if (k === 'assign') props[n++] = this.parseProperty();
      else if (k !== 'preset') break;
      end = lx.end;
      lx.next();
    }
    this.assignEnd = end;
    return n === 0 ? [] : props.slice(0, n);
  }

  private parseElementary(): LaunchElementNode | BinNode {
    const lx = this.lx;
    const { start, end } = lx;
    if (lx.kind === 'ident') {
      const factory = this.text.slice(start, end);
      const opaque = this.hasPlaceholder && factory.includes(placeholderChar);
      const id = this.elements.length;
      lx.next();
      const props = this.parseAssignments();
      const e = new LaunchElementNode(opaque ? '' : factory, opaque, id, this.binStack[this.binStack.length - 1], props, this.map, start, end, this.assignEnd >= 0 ? this.assignEnd : end);
      if (props.length) {
        const nameProp = lastNamed(props);
        if (nameProp) e.name = nameProp.value;
      }
      this.elements.push(e);
      return e;
    }
    // bin: '(' or BINREF
    const binType = lx.kind === 'binref' ? this.text.slice(start, lx.mid) : 'bin';
    lx.next();
    if (this.binStack.length >= maxBinDepth) {
      this.error('pipeline/syntax', `Bins nested deeper than ${maxBinDepth} levels; the rest of this bin is not parsed.`, start, end);
      const e = new LaunchElementNode('', true, this.elements.length, this.binStack[this.binStack.length - 1], [], this.map, start, end, end);
      this.elements.push(e);
      return e;
    }
    const bin: BinNode = {
      kind: 'bin',
      binType,
      properties: [],
      chains: [],
      span: this.map.span(start, end),
      id: this.bins.length,
      binId: this.binStack[this.binStack.length - 1],
    };
    this.bins.push(bin);
    this.binStack.push(bin.id);
    bin.properties = this.parseAssignments();
    bin.chains = this.parseChainlist(true);
    this.binStack.pop();
    let binEnd: number;
    if (this.atOp(41)) {
      binEnd = lx.end;
      lx.next();
    } else {
      binEnd = lx.start;
      this.error('pipeline/syntax', 'Unbalanced `(`: this bin is never closed with `)`.', start, end);
    }
    bin.span = this.map.span(start, binEnd);
    if (bin.chains.length === 0) this.error('pipeline/empty-branch', `Empty bin \`${binType}\`: GStreamer refuses \`( )\` with nothing inside.`, start, binEnd);
    return bin;
  }

  private addItem(item: LaunchChainItem): void {
    this.itemStack[this.itemTop++] = item;
  }

  private parseChain(): ChainNode | undefined {
    const lx = this.lx;
    const chainStart = lx.start;
    // items and links are collected on stacks shared by all chains (a bin's chains are parsed
    // in between) and copied out at their exact length
    const items = this.itemStack;
    const links = this.linkStack;
    const itemBase = this.itemTop;
    const linkBase = this.linkTop;
    let srcPads: PadList | undefined;
    let closed = false;
    if (lx.kind === 'ref') {
      this.addItem(this.parseReference());
    } else if (lx.kind === 'url') {
      this.addItem(this.parseUriElement());
    } else if (this.atElementary()) {
      this.addItem(this.parseElementary());
      srcPads = this.parsePads();
    } else if (lx.kind === 'link') {
      // Report each dangling link, then parse what follows as a chain of its own so the rest of
      // the line still gets a tree (iteratively: a line of 100,000 `!` must not overflow the stack).
      while (lx.kind === 'link') {
        this.error('pipeline/syntax', `Dangling \`${this.text[lx.start]}\`: no element before it to link from.`, lx.start, lx.start + 1);
        lx.next();
      }
      return this.parseChain();
    } else {
      return undefined;
    }
    while (!closed && lx.kind === 'link') {
      const linkStart = lx.start;
      const linkEnd = lx.end;
      const caps = lx.capsStart >= 0 ? new LaunchCapsNode(this.map, lx.capsStart, lx.capsEnd) : undefined;
      const linkAll = lx.linkAll || undefined;
      if (lx.unterminated) {
        const from = lx.capsStart >= 0 ? lx.capsStart : lx.start;
        const to = lx.capsStart >= 0 ? lx.capsEnd : lx.end;
        this.error('pipeline/syntax', `Caps filter \`${this.text.slice(from, Math.min(to, from + 60))}\` is not followed by \`!\`.`, linkStart, linkEnd);
      }
      lx.next();
      const sinkPads = this.parsePads();
      const n = this.itemTop - itemBase;
      const link = new LaunchLinkNode(caps, linkAll, srcPads, sinkPads, n - 1, n, this.map, linkStart, linkEnd);
      srcPads = undefined;
      const after = this.lx.kind as TokenKind; // what follows the link (lx.next() moved on)
      if (this.atElementary()) {
        this.addItem(this.parseElementary());
        links[this.linkTop++] = link;
        srcPads = this.parsePads();
      } else if (after === 'ref') {
        this.addItem(this.parseReference());
        links[this.linkTop++] = link;
        closed = true;
      } else if (after === 'url') {
        this.addItem(this.parseUriElement());
        links[this.linkTop++] = link;
        closed = true;
      } else {
        const what = after === 'eof' ? 'the end of the pipeline' : `\`${this.show()}\``;
        this.error('pipeline/syntax', `Dangling \`!\`: expected an element or a reference after it, found ${what}.`, linkStart, linkStart + 1);
        closed = true;
      }
    }
    if (srcPads) {
      this.error('pipeline/syntax', `Pad reference \`.${srcPads[0].name}\` is not followed by a link.`, srcPads[0].span.start - 1, srcPads[srcPads.length - 1].span.end);
    }
    const firstItem = items[itemBase];
    if (this.itemTop - itemBase === 1 && firstItem.kind === 'pad-ref') {
      const r = firstItem;
      this.error('pipeline/empty-branch', `Empty branch: \`${r.elementName}.${r.pad ?? ''}\` is not linked to anything (a branch needs \`! element\` after it).`, r.start, r.end);
    }
    const lastItem = items[this.itemTop - 1];
    const chainEnd = Math.max(lastItem.kind === 'bin' ? lastItem.span.end : lastItem.end, this.linkTop > linkBase ? links[this.linkTop - 1].end : 0);
    const chainItems = items.slice(itemBase, this.itemTop);
    const chainLinks = links.slice(linkBase, this.linkTop);
    this.itemTop = itemBase;
    this.linkTop = linkBase;
    return new LaunchChainNode(chainItems, chainLinks, this.map, chainStart, chainEnd);
  }
}

/** The last `name=` assignment (GStreamer applies them in order). */
function lastNamed(props: PropertyNode[]): PropertyNode | undefined {
  for (let k = props.length - 1; k >= 0; k--) if (props[k].key === 'name') return props[k];
  return undefined;
}

/** Parse one launch description whose text and host positions come from `map`. */
export function parseLaunchText(map: SourceMap, hostPath = '', origin: PipelineGraph['origin'] = 'launch'): ParsedPipeline {
  const text = map.text;
  const p = new Parser(map, text);
  const chains = p.parseChainlist(false);
  if (chains.length === 0 && p.errors.length === 0) {
    p.error('pipeline/syntax', 'Empty pipeline: GStreamer refuses a description with no element.', 0, text.length);
  }
  releaseScratch();
  const links = new GraphLinker(p).link(chains);
  // the tree's element and link nodes are the graph's (launchNodes.ts)
  return { text, chains, elements: p.elements, bins: p.bins, errors: p.errors, graph: { elements: p.elements, links, origin, hostPath } };
}

/**
 * Links of the graph: each `!` between two chain items, with references resolved to the element
 * named so (gst_parse_launch resolves them after parsing, in any order) and bins linked through
 * their first / last element.
 */
class GraphLinker {
  private readonly links: LaunchLinkNode[] = [];
  /** Element ids by explicit name, made on the first reference. */
  private byName: Map<string, number> | undefined = undefined;
  /** Names of bins, made on the first reference that names no element. */
  private binNames: Set<string> | undefined = undefined;

  constructor(private readonly p: Parser) {}

  private anyPad(element: number): LaunchGraphLinkEnd {
    return anyPadEnd(element);
  }

  link(chains: ChainNode[]): LaunchLinkNode[] {
    this.walk(chains);
    return this.links;
  }

  private walk(chains: ChainNode[]): void {
    for (const c of chains) {
      const items = c.items;
      // bins' chains, and lone references (resolved too, so editors can jump to them); most
      // descriptions have no bins, and then only a one-item chain needs a look
      if (this.p.bins.length > 0 || items.length === 1) {
        for (const it of items) {
          if (it.kind === 'bin') this.walk(it.chains);
          else if (it.kind === 'pad-ref' && items.length === 1) this.endpoint(it, 'from', undefined);
        }
      }
      const links = c.links as LaunchLinkNode[]; // every chain here was made by this parser
      for (let k = 0; k < links.length; k++) {
        const l = links[k];
        const from = this.endpoint(items[l.fromItem], 'from', l.srcPads);
        const to = this.endpoint(items[l.toItem], 'to', l.sinkPads);
        if (from && to) {
          // the link node becomes the graph's link
          l.from = from;
          l.to = to;
          this.links.push(l);
        }
      }
    }
  }

  private endpoint(item: ChainItem, side: 'from' | 'to', pads: PadList | undefined): LaunchGraphLinkEnd | undefined {
    const map = this.p.map;
    const pad = pads && pads.length ? pads[0] : undefined;
    if (item.kind === 'element') {
      return pad ? new LaunchGraphLinkEnd(item.id, pad.name, map, pad.span.start, pad.span.end) : this.anyPad(item.id);
    }
    if (item.kind === 'bin') {
      const inner = side === 'from' ? lastElementOf(item) : firstElementOf(item);
      if (!inner) return undefined;
      return pad ? new LaunchGraphLinkEnd(inner.id, pad.name, map, pad.span.start, pad.span.end) : this.anyPad(inner.id);
    }
    const ref = item as LaunchPadRefNode;
    if (ref.elementName.includes(placeholderChar)) return undefined;
    const id = this.names().get(ref.elementName);
    if (id === undefined) {
      if (this.bins().has(ref.elementName)) return undefined;
      const at = ref.nameSpan;
      this.p.error('pipeline/unknown-reference', `No element named \`${ref.elementName}\` in this pipeline (references need \`name=${ref.elementName}\` on an element).`, at.start, at.end);
      return undefined;
    }
    ref.resolved = id;
    if (ref.pad !== undefined) return new LaunchGraphLinkEnd(id, ref.pad, map, ref.dot + 1, ref.refEnd);
    return pad ? new LaunchGraphLinkEnd(id, pad.name, map, pad.span.start, pad.span.end) : this.anyPad(id);
  }

  /**
   * Only explicit names: GStreamer names elements <factory><n> after parsing, so a reference to
   * such a default name does not resolve in gst_parse_launch either.
   */
  private names(): Map<string, number> {
    if (this.byName) return this.byName;
    const byName = new Map<string, number>();
    for (const e of this.p.elements) if (e.name !== undefined && !e.name.includes(placeholderChar)) byName.set(e.name, e.id);
    return (this.byName = byName);
  }

  private bins(): Set<string> {
    if (this.binNames) return this.binNames;
    const binNames = new Set<string>();
    for (const b of this.p.bins) {
      const np = lastNamed(b.properties);
      if (np) binNames.add(np.value);
    }
    return (this.binNames = binNames);
  }
}

function firstElementOf(b: BinNode): ElementNode | undefined {
  const it = b.chains[0]?.items[0];
  if (!it) return undefined;
  if (it.kind === 'element') return it;
  if (it.kind === 'bin') return firstElementOf(it);
  return undefined;
}
function lastElementOf(b: BinNode): ElementNode | undefined {
  const c = b.chains[b.chains.length - 1];
  const it = c?.items[c.items.length - 1];
  if (!it) return undefined;
  if (it.kind === 'element') return it;
  if (it.kind === 'bin') return lastElementOf(it);
  return undefined;
}

/** Parse a launch description given as a plain string (host = the string itself). */
export function parseLaunchString(text: string, hostPath = ''): ParsedPipeline {
  return parseLaunchText(SourceMap.identity(text, 0, new LineIndex(text)), hostPath);
}
