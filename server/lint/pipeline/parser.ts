// Parser for gst-launch descriptions, following GStreamer's grammar (gst/parse/grammar.y):
//   chainlist := chain*            chains side by side are not linked to each other
//   chain     := openchain | openchain link reference | openchain link URL
//   openchain := elementary pads | openchain link pads elementary pads | reference | URL
//   elementary:= IDENT assignment* | ( '(' | BINREF ) assignment* chainlist ')'
// A reference (`name.` / `name.pad`) can only start or end a chain. Errors never stop the parse:
// the tree keeps everything that parsed, and each error has its precise span.
import { Lexer, assignmentValue, placeholderChar, unwrapCaps, type Token } from './lexer';
import type {
  BinNode,
  CapsField,
  CapsNode,
  CapsStructure,
  ChainItem,
  ChainNode,
  ElementNode,
  GraphElement,
  GraphLink,
  GraphLinkEnd,
  LinkNode,
  PadRefNode,
  ParseError,
  ParsedPipeline,
  PipelineGraph,
  PropertyNode,
  Span,
} from './model';
import { LaunchGraphElement, LaunchGraphLink, LaunchGraphLinkEnd } from './launchGraph';
import { LaunchElementNode, LaunchPropertyNode } from './launchNodes';
import { LineIndex } from './lineIndex';
import { SourceMap } from './sourceMap';

/** Stop collecting errors past this many (a 10 MB line of garbage must not make 10 M errors). */
const maxErrors = 200;
/** GStreamer's bison parser has a bounded stack too; we stop descending here. */
const maxBinDepth = 200;

class Parser {
  private readonly lexer: Lexer;
  private tok: Token;
  readonly elements: ElementNode[] = [];
  readonly bins: BinNode[] = [];
  readonly errors: ParseError[] = [];
  private readonly binStack: number[] = [];

  constructor(
    private readonly map: SourceMap,
    private readonly text: string,
  ) {
    this.lexer = new Lexer(text);
    this.tok = this.lexer.next();
  }

  private span(a: number, b: number): Span {
    return this.map.span(a, b);
  }

  error(code: string, message: string, a: number, b: number): void {
    if (this.errors.length >= maxErrors) return;
    this.errors.push({ code, message, span: this.span(a, Math.max(a, b)) });
  }

  private advance(): Token {
    const t = this.tok;
    this.tok = this.lexer.next();
    return t;
  }

  private isOp(t: Token, op: string): boolean {
    return t.kind === 'op' && this.text[t.start] === op;
  }

  private startsElementary(t: Token): boolean {
    return t.kind === 'ident' || t.kind === 'binref' || this.isOp(t, '(');
  }

  private show(t: Token): string {
    const s = this.text.slice(t.start, Math.min(t.end, t.start + 40));
    return s.length < t.end - t.start ? `${s}…` : s;
  }

  parseChainlist(inBin: boolean): ChainNode[] {
    const chains: ChainNode[] = [];
    for (;;) {
      const t = this.tok;
      if (t.kind === 'eof') break;
      if (this.isOp(t, ')')) {
        if (inBin) break;
        this.error('pipeline/syntax', 'Unbalanced `)`: no `(` opens this bin.', t.start, t.end);
        this.advance();
        continue;
      }
      const chain = this.parseChain();
      if (chain) {
        chains.push(chain);
        continue;
      }
      if (this.tok === t) {
        this.reportUnexpected(t);
        const q = this.text[t.start];
        const close = t.kind === 'invalid' && (q === '"' || q === "'") ? this.text.indexOf(q, t.end) : -1;
        if (close >= 0) {
          // Skip the whole quoted run: one error, not a cascade.
          this.lexer.reset(close + 1);
          this.tok = this.lexer.next();
        } else this.advance();
      }
    }
    return chains;
  }

  private reportUnexpected(t: Token): void {
    const s = this.text.slice(t.start, t.end);
    if (t.kind === 'invalid' && (s === '"' || s === "'")) {
      this.error('pipeline/syntax', `Unexpected quote \`${s}\`: quotes belong around a property value (key="a b"); a quoted caps filter must be unquoted by the shell first.`, t.start, t.end);
    } else if (t.kind === 'assign') {
      this.error('pipeline/syntax', `Property \`${this.text.slice(t.start, t.mid)}\` has no element before it.`, t.start, t.end);
    } else if (t.kind === 'padref') {
      this.error('pipeline/syntax', `Pad reference \`${s}\` is not attached to an element or link.`, t.start, t.end);
    } else {
      this.error('pipeline/syntax', `Syntax error: unexpected \`${this.show(t)}\`.`, t.start, t.end);
    }
  }

  private parsePads(): { name: string; span: Span }[] | undefined {
    if (this.tok.kind !== 'padref') return undefined;
    const t = this.advance();
    const pads = [{ name: this.text.slice(t.start + 1, t.end), span: this.span(t.start + 1, t.end) }];
    this.moreRefPads(pads);
    return pads;
  }

  private moreRefPads(pads: { name: string; span: Span }[]): void {
    while (this.isOp(this.tok, ',')) {
      const comma = this.advance();
      if (this.tok.kind !== 'ident') {
        this.error('pipeline/syntax', 'Expected a pad name after `,`.', comma.start, comma.end);
        return;
      }
      const id = this.advance();
      pads.push({ name: this.text.slice(id.start, id.end), span: this.span(id.start, id.end) });
    }
  }

  private parseReference(): PadRefNode {
    const t = this.advance();
    const dot = t.mid ?? t.start;
    const pad = dot + 1 < t.end ? this.text.slice(dot + 1, t.end) : undefined;
    const node: PadRefNode = {
      kind: 'pad-ref',
      elementName: this.text.slice(t.start, dot),
      pad,
      nameSpan: this.span(t.start, dot),
      padSpan: pad !== undefined ? this.span(dot + 1, t.end) : undefined,
      span: this.span(t.start, t.end),
    };
    const more: { name: string; span: Span }[] = [];
    this.moreRefPads(more);
    if (more.length) node.span = this.span(t.start, more[more.length - 1].span.end);
    return node;
  }

  private parseUriElement(): ElementNode {
    const t = this.advance();
    const uri = this.text.slice(t.start, t.end);
    const e: ElementNode = {
      kind: 'element',
      factory: '',
      factorySpan: this.span(t.start, t.end),
      properties: [],
      opaque: true,
      uri,
      span: this.span(t.start, t.end),
      id: this.elements.length,
      binId: this.binStack[this.binStack.length - 1],
    };
    this.elements.push(e);
    return e;
  }

  private parseProperty(t: Token): PropertyNode {
    const keyEnd = t.mid ?? t.start;
    const vs = t.valueStart ?? t.end;
    const raw = this.text.slice(vs, t.end);
    const { value, quoted } = assignmentValue(raw);
    if (t.unterminatedQuote) {
      this.error('pipeline/syntax', `Unterminated quote in the value of \`${this.text.slice(t.start, keyEnd)}\`: the closing ${raw[0] === "'" ? "'" : '"'} is missing.`, vs, vs + 1);
    }
    return new LaunchPropertyNode(this.text.slice(t.start, keyEnd), value, raw, quoted, raw.includes(placeholderChar), this.map, t.start, keyEnd, vs, t.end);
  }

  private parseAssignments(into: PropertyNode[]): number | undefined {
    let end: number | undefined;
    while (this.tok.kind === 'assign' || this.tok.kind === 'preset') {
      const t = this.advance();
      end = t.end;
      if (t.kind === 'preset') continue;
      into.push(this.parseProperty(t));
    }
    return end;
  }

  private parseElementary(): ElementNode | BinNode {
    const t = this.tok;
    if (t.kind === 'ident') {
      this.advance();
      const factory = this.text.slice(t.start, t.end);
      const opaque = factory.includes(placeholderChar);
      const e = new LaunchElementNode(opaque ? '' : factory, opaque, this.elements.length, this.binStack[this.binStack.length - 1], this.map, t.start, t.end);
      this.elements.push(e);
      const end = this.parseAssignments(e.properties);
      if (end !== undefined) e.end = end;
      const nameProp = lastNamed(e.properties);
      if (nameProp) e.name = nameProp.value;
      return e;
    }
    // bin: '(' or BINREF
    this.advance();
    if (this.binStack.length >= maxBinDepth) {
      this.error('pipeline/syntax', `Bins nested deeper than ${maxBinDepth} levels; the rest of this bin is not parsed.`, t.start, t.end);
      const e: ElementNode = { kind: 'element', factory: '', factorySpan: this.span(t.start, t.end), properties: [], opaque: true, span: this.span(t.start, t.end), id: this.elements.length, binId: this.binStack[this.binStack.length - 1] };
      this.elements.push(e);
      return e;
    }
    const binType = t.kind === 'binref' ? this.text.slice(t.start, t.mid) : 'bin';
    const bin: BinNode = {
      kind: 'bin',
      binType,
      properties: [],
      chains: [],
      span: this.span(t.start, t.end),
      id: this.bins.length,
      binId: this.binStack[this.binStack.length - 1],
    };
    this.bins.push(bin);
    this.binStack.push(bin.id);
    this.parseAssignments(bin.properties);
    bin.chains = this.parseChainlist(true);
    this.binStack.pop();
    let end: number;
    if (this.isOp(this.tok, ')')) {
      end = this.advance().end;
    } else {
      end = this.tok.start;
      this.error('pipeline/syntax', 'Unbalanced `(`: this bin is never closed with `)`.', t.start, t.end);
    }
    bin.span = this.span(t.start, end);
    if (bin.chains.length === 0) this.error('pipeline/empty-branch', `Empty bin \`${binType}\`: GStreamer refuses \`( )\` with nothing inside.`, t.start, end);
    return bin;
  }

  private parseCapsNode(t: Token): CapsNode | undefined {
    if (t.capsStart === undefined || t.capsEnd === undefined) return undefined;
    const raw = this.text.slice(t.capsStart, t.capsEnd);
    return {
      kind: 'caps',
      text: unwrapCaps(raw),
      structures: parseCapsStructures(raw, t.capsStart, (a, b) => this.span(a, b)),
      span: this.span(t.capsStart, t.capsEnd),
    };
  }

  private parseChain(): ChainNode | undefined {
    const first = this.tok;
    const items: ChainItem[] = [];
    const links: LinkNode[] = [];
    let srcPads: { name: string; span: Span }[] | undefined;
    let closed = false;
    if (first.kind === 'ref') {
      items.push(this.parseReference());
    } else if (first.kind === 'url') {
      items.push(this.parseUriElement());
    } else if (this.startsElementary(first)) {
      items.push(this.parseElementary());
      srcPads = this.parsePads();
    } else if (first.kind === 'link') {
      // Report each dangling link, then parse what follows as a chain of its own so the rest of
      // the line still gets a tree (iteratively: a line of 100,000 `!` must not overflow the stack).
      while (this.tok.kind === 'link') {
        const t = this.advance();
        this.error('pipeline/syntax', `Dangling \`${this.text[t.start]}\`: no element before it to link from.`, t.start, t.start + 1);
      }
      return this.parseChain();
    } else {
      return undefined;
    }
    while (!closed && this.tok.kind === 'link') {
      const lt = this.advance();
      const caps = this.parseCapsNode(lt);
      if (lt.unterminated) {
        this.error('pipeline/syntax', `Caps filter \`${this.text.slice(lt.capsStart ?? lt.start, Math.min(lt.capsEnd ?? lt.end, (lt.capsStart ?? lt.start) + 60))}\` is not followed by \`!\`.`, lt.start, lt.end);
      }
      const sinkPads = this.parsePads();
      const link: LinkNode = {
        kind: 'link',
        span: this.span(lt.start, lt.end),
        caps,
        linkAll: lt.linkAll || undefined,
        srcPads,
        sinkPads,
        fromItem: items.length - 1,
        toItem: items.length,
      };
      srcPads = undefined;
      const t = this.tok;
      if (this.startsElementary(t)) {
        items.push(this.parseElementary());
        links.push(link);
        srcPads = this.parsePads();
      } else if (t.kind === 'ref') {
        items.push(this.parseReference());
        links.push(link);
        closed = true;
      } else if (t.kind === 'url') {
        items.push(this.parseUriElement());
        links.push(link);
        closed = true;
      } else {
        const what = t.kind === 'eof' ? 'the end of the pipeline' : `\`${this.show(t)}\``;
        this.error('pipeline/syntax', `Dangling \`!\`: expected an element or a reference after it, found ${what}.`, lt.start, lt.start + 1);
        closed = true;
      }
    }
    if (srcPads) {
      this.error('pipeline/syntax', `Pad reference \`.${srcPads[0].name}\` is not followed by a link.`, srcPads[0].span.start - 1, srcPads[srcPads.length - 1].span.end);
    }
    const firstItem = items[0];
    if (items.length === 1 && firstItem.kind === 'pad-ref') {
      const r = firstItem;
      this.error(
        'pipeline/empty-branch',
        `Empty branch: \`${r.elementName}.${r.pad ?? ''}\` is not linked to anything (a branch needs \`! element\` after it).`,
        r.span.start,
        r.span.end,
      );
    }
    const startOff = spanStart(items[0]);
    const endOff = Math.max(spanEnd(items[items.length - 1]), links.length ? links[links.length - 1].span.end : 0);
    return { kind: 'chain', items, links, span: this.span(startOff, endOff) };
  }
}

/** The last `name=` assignment (GStreamer applies them in order). */
function lastNamed(props: PropertyNode[]): PropertyNode | undefined {
  for (let k = props.length - 1; k >= 0; k--) if (props[k].key === 'name') return props[k];
  return undefined;
}

function spanStart(i: ChainItem): number {
  return i.span.start;
}
function spanEnd(i: ChainItem): number {
  return i.span.end;
}

/** Split caps text into structures and fields (respecting quotes, ranges, lists and casts). */
export function parseCapsStructures(raw: string, base: number, span: (a: number, b: number) => Span): CapsStructure[] {
  const out: CapsStructure[] = [];
  const parts = splitTopLevel(raw, ';');
  for (const [ps, pe] of parts) {
    const fields: CapsField[] = [];
    const segs = splitTopLevel(raw, ',', ps, pe);
    if (segs.length === 0) continue;
    const [hs, he] = trimRange(raw, segs[0][0], segs[0][1]);
    const head = raw.slice(hs, he);
    const m = /^([^()\s]+)\s*(?:\(([^)]*)\))?/.exec(head);
    const mediaType = m ? unwrapCaps(m[1]) : head;
    const features = m && m[2] ? m[2].split(',').map((f) => f.trim()).filter(Boolean) : [];
    for (let k = 1; k < segs.length; k++) {
      const [a, b] = trimRange(raw, segs[k][0], segs[k][1]);
      const seg = raw.slice(a, b);
      const eq = seg.indexOf('=');
      if (eq < 0) {
        if (seg.length) fields.push({ name: seg, value: '', span: span(base + a, base + b) });
        continue;
      }
      fields.push({ name: seg.slice(0, eq).trim(), value: unwrapCaps(seg.slice(eq + 1).trim()), span: span(base + a, base + b) });
    }
    const [ss, se] = trimRange(raw, ps, pe);
    out.push({ mediaType, features, fields, span: span(base + ss, base + se) });
  }
  return out;
}

/** JavaScript's \s (what trim() removes), with the ASCII cases decided without a regex. */
function isJsSpace(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return /\s/.test(s[i]);
}

function trimRange(s: string, a: number, b: number): [number, number] {
  while (a < b && isJsSpace(s, a)) a++;
  while (b > a && isJsSpace(s, b - 1)) b--;
  return [a, b];
}

/** Ranges of s[from, to) split at `sep` outside quotes and brackets (offsets into s). */
function splitTopLevel(s: string, sep: string, from = 0, to = s.length): [number, number][] {
  const out: [number, number][] = [];
  const sepCode = sep.charCodeAt(0);
  let depth = 0;
  let inQuote = false;
  let start = from;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === 92) {
      // backslash
      i++;
      continue;
    }
    if (inQuote) {
      if (c === 34) inQuote = false;
      continue;
    }
    if (c === 34) inQuote = true;
    else if (c === 40 || c === 91 || c === 123 || c === 60) depth++; // ( [ { <
    else if (c === 41 || c === 93 || c === 125 || c === 62) depth = depth > 0 ? depth - 1 : 0; // ) ] } >
    else if (c === sepCode && depth === 0) {
      out.push([start, i]);
      start = i + 1;
    }
  }
  out.push([start, to]);
  return out;
}

/** Parse one launch description whose text and host positions come from `map`. */
export function parseLaunchText(map: SourceMap, hostPath = '', origin: PipelineGraph['origin'] = 'launch'): ParsedPipeline {
  const text = map.text;
  const p = new Parser(map, text);
  const chains = p.parseChainlist(false);
  if (chains.length === 0 && p.errors.length === 0) {
    p.error('pipeline/syntax', 'Empty pipeline: GStreamer refuses a description with no element.', 0, text.length);
  }
  const graph = buildGraph(chains, p.elements, p.bins, p.errors, (code, msg, s) => p.error(code, msg, s.start, s.end), hostPath, origin);
  return { text, chains, elements: p.elements, bins: p.bins, errors: p.errors, graph };
}

function buildGraph(
  chains: ChainNode[],
  elements: ElementNode[],
  bins: BinNode[],
  _errors: ParseError[],
  report: (code: string, msg: string, s: Span) => void,
  hostPath: string,
  origin: PipelineGraph['origin'],
): PipelineGraph {
  // Only explicit names: GStreamer names elements <factory><n> after parsing, so a reference to
  // such a default name does not resolve in gst_parse_launch either.
  const byName = new Map<string, number>();
  for (const e of elements) if (e.name !== undefined && !e.name.includes(placeholderChar)) byName.set(e.name, e.id);
  const graphElements: GraphElement[] = [];
  for (const e of elements) graphElements.push(new LaunchGraphElement(e));
  const links: GraphLink[] = [];
  const binNames = new Set<string>();
  for (const b of bins) {
    const np = lastNamed(b.properties);
    if (np) binNames.add(np.value);
  }

  const endpoint = (item: ChainItem, side: 'from' | 'to', pads: { name: string; span: Span }[] | undefined): GraphLinkEnd | undefined => {
    const pad = pads && pads.length ? pads[0] : undefined;
    if (item.kind === 'element') {
      return new LaunchGraphLinkEnd(item.id, pad?.name, pad?.span);
    }
    if (item.kind === 'bin') {
      const inner = side === 'from' ? lastElementOf(item) : firstElementOf(item);
      return inner ? new LaunchGraphLinkEnd(inner.id, pad?.name, pad?.span) : undefined;
    }
    if (item.elementName.includes(placeholderChar)) return undefined;
    const id = byName.get(item.elementName);
    if (id === undefined) {
      if (binNames.has(item.elementName)) return undefined;
      report('pipeline/unknown-reference', `No element named \`${item.elementName}\` in this pipeline (references need \`name=${item.elementName}\` on an element).`, item.nameSpan);
      return undefined;
    }
    item.resolved = id;
    return new LaunchGraphLinkEnd(id, item.pad ?? pad?.name, item.padSpan ?? pad?.span);
  };

  const walk = (cs: ChainNode[]): void => {
    for (const c of cs) {
      // resolve lone references too (so editors can jump to them)
      for (const it of c.items) {
        if (it.kind === 'bin') walk(it.chains);
        if (it.kind === 'pad-ref' && c.items.length === 1) endpoint(it, 'from', undefined);
      }
      for (const l of c.links) {
        const from = endpoint(c.items[l.fromItem], 'from', l.srcPads);
        const to = endpoint(c.items[l.toItem], 'to', l.sinkPads);
        if (!from || !to) continue;
        links.push(new LaunchGraphLink(from, to, l));
      }
    }
  };
  walk(chains);
  return { elements: graphElements, links, origin, hostPath };
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
