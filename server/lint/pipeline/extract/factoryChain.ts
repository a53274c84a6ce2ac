// Best-effort pipelines built in code: `x = Gst.ElementFactory.make("factory", "name")`,
// `x.set_property("key", value)`, `x.link(y)` / `Gst.Element.link_many` in Python and
// `x = gst_element_factory_make ("factory", "name")`, `g_object_set (G_OBJECT (x), "key", value,
// ..., NULL)`, `gst_element_link (x, y)` / `gst_element_link_many (..., NULL)` in C.
// Scope: only literal factory names and literal property keys; a value that is not a literal
// (a variable, an expression) is opaque (no value check). Request-pad linking done through pad
// objects is not followed, so the graph's links are incomplete: rules about link counts skip
// graphs of origin `code`. All elements of one file form one graph.
import type { ElementNode, ParsedPipeline, PropertyNode } from '../model';
import { LineIndex } from '../lineIndex';
import { SourceMap } from '../sourceMap';
import type { ExtractedPipeline } from './index';

interface Made {
  variable: string;
  node: ElementNode;
}

function literalValue(expr: string): { value: string; opaque: boolean } {
  const t = expr.trim();
  const s = /^(?:[rRbBuU]?)(['"])((?:\\.|(?!\1).)*)\1$/.exec(t);
  if (s) return { value: s[2].replace(/\\(.)/g, '$1'), opaque: false };
  if (/^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?[uUlLfF]*$/.test(t)) return { value: t.replace(/[uUlLfF]+$/, ''), opaque: false };
  if (/^(True|False|TRUE|FALSE|true|false)$/.test(t)) return { value: t.toLowerCase(), opaque: false };
  return { value: t, opaque: true };
}

/** Split a C/Python argument list at top-level commas, with offsets. */
function splitArgs(text: string, from: number, to: number): { s: number; e: number }[] {
  const out: { s: number; e: number }[] = [];
  let depth = 0;
  let quote = '';
  let start = from;
  for (let i = from; i < to; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      out.push({ s: start, e: i });
      start = i + 1;
    }
  }
  out.push({ s: start, e: to });
  return out.map(({ s, e }) => {
    while (s < e && /\s/.test(text[s])) s++;
    while (e > s && /\s/.test(text[e - 1])) e--;
    return { s, e };
  });
}

/** Offset of the `)` closing the `(` at `open`. */
function closeParen(text: string, open: number): number {
  let depth = 0;
  let quote = '';
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return -1;
}

export function extractFactoryChains(text: string, lines: LineIndex, lang: 'python' | 'c', path: string, from = 0): ExtractedPipeline[] {
  const makeRe = lang === 'python' ? /\b([A-Za-z_][\w.]*)\s*=\s*Gst\.ElementFactory\.make\s*\(/g : /\b([A-Za-z_]\w*)\s*=\s*(?:\(\s*GstElement\s*\*\s*\)\s*)?gst_element_factory_make\s*\(/g;
  if (!(lang === 'python' ? text.includes('ElementFactory.make') : text.includes('gst_element_factory_make'))) return [];
  const map = SourceMap.identity(text, 0, lines);
  const made: Made[] = [];
  const elements: ElementNode[] = [];
  makeRe.lastIndex = from;
  for (let m = makeRe.exec(text); m; m = makeRe.exec(text)) {
    const open = m.index + m[0].length - 1;
    const close = closeParen(text, open);
    if (close < 0) continue;
    const args = splitArgs(text, open + 1, close);
    const f = args[0] && literalValue(text.slice(args[0].s, args[0].e));
    if (!f || f.opaque) continue;
    const node: ElementNode = {
      kind: 'element',
      factory: f.value,
      factorySpan: map.span(args[0].s + 1, args[0].e - 1),
      properties: [],
      opaque: false,
      span: map.span(m.index, close + 1),
      id: elements.length,
    };
    const nm = args[1] && literalValue(text.slice(args[1].s, args[1].e));
    if (nm && !nm.opaque) node.name = nm.value;
    elements.push(node);
    made.push({ variable: m[1], node });
  }
  if (elements.length === 0) return [];
  const byVar = new Map(made.map((x) => [x.variable, x.node]));
  const addProp = (node: ElementNode, ks: number, ke: number, vs: number, ve: number): void => {
    const key = literalValue(text.slice(ks, ke));
    if (key.opaque) return;
    const v = literalValue(text.slice(vs, ve));
    const p: PropertyNode = {
      kind: 'property',
      key: key.value.replace(/_/g, '-'),
      value: v.value,
      raw: text.slice(vs, ve),
      quoted: false,
      opaque: v.opaque,
      keySpan: map.span(ks + 1, ke - 1),
      valueSpan: map.span(vs, ve),
      span: map.span(ks, ve),
    };
    node.properties.push(p);
  };
  if (lang === 'python') {
    const setRe = /\b([A-Za-z_][\w.]*)\.set_property\s*\(/g;
    for (let m = setRe.exec(text); m; m = setRe.exec(text)) {
      const node = byVar.get(m[1]);
      if (!node) continue;
      const open = m.index + m[0].length - 1;
      const close = closeParen(text, open);
      if (close < 0) continue;
      const a = splitArgs(text, open + 1, close);
      if (a.length >= 2) addProp(node, a[0].s, a[0].e, a[1].s, a[1].e);
    }
  } else {
    const setRe = /\bg_object_set\s*\(/g;
    for (let m = setRe.exec(text); m; m = setRe.exec(text)) {
      const open = m.index + m[0].length - 1;
      const close = closeParen(text, open);
      if (close < 0) continue;
      const a = splitArgs(text, open + 1, close);
      const target = /(\w+)\s*\)*\s*$/.exec(text.slice(a[0].s, a[0].e));
      const node = target ? byVar.get(target[1]) : undefined;
      if (!node) continue;
      for (let k = 1; k + 1 < a.length; k += 2) {
        if (text.slice(a[k].s, a[k].e) === 'NULL') break;
        addProp(node, a[k].s, a[k].e, a[k + 1].s, a[k + 1].e);
      }
    }
  }
  for (const e of elements) {
    const np = e.properties.filter((p) => p.key === 'name' && !p.opaque).pop();
    if (np) e.name = np.value;
  }
  const links: ParsedPipeline['graph']['links'] = [];
  const link = (a: string, b: string, s: number, e: number): void => {
    const x = byVar.get(a.trim());
    const y = byVar.get(b.trim());
    if (x && y) links.push({ from: { element: x.id }, to: { element: y.id }, range: lines.range(s, e) });
  };
  const linkRe = lang === 'python' ? /\b([A-Za-z_][\w.]*)\.link\s*\(\s*([A-Za-z_][\w.]*)\s*\)/g : /\bgst_element_link\s*\(\s*(\w+)\s*,\s*(\w+)\s*\)/g;
  for (let m = linkRe.exec(text); m; m = linkRe.exec(text)) link(m[1], m[2], m.index, m.index + m[0].length);
  const manyRe = lang === 'python' ? /\bGst\.Element\.link_many\s*\(/g : /\bgst_element_link_many\s*\(/g;
  for (let m = manyRe.exec(text); m; m = manyRe.exec(text)) {
    const open = m.index + m[0].length - 1;
    const close = closeParen(text, open);
    if (close < 0) continue;
    const names = splitArgs(text, open + 1, close).map((a) => text.slice(a.s, a.e)).filter((n) => n !== 'NULL');
    for (let k = 0; k + 1 < names.length; k++) link(names[k], names[k + 1], m.index, close + 1);
  }
  const first = elements[0].span.range.start;
  const last = elements[elements.length - 1].span.range.end;
  const parsed: ParsedPipeline = {
    text: '',
    chains: [],
    elements,
    bins: [],
    errors: [],
    graph: {
      elements: elements.map((e) => ({
        id: e.id,
        factory: e.factory,
        name: e.name,
        properties: e.properties.map((p) => ({ key: p.key, value: p.value, opaque: p.opaque || undefined, keyRange: p.keySpan.range, valueRange: p.valueSpan.range, range: p.span.range })),
        range: e.span.range,
        factoryRange: e.factorySpan.range,
      })),
      links,
      origin: 'code',
      hostPath: path,
    },
  };
  return [{ source: 'factory-chain', parsed, map, range: { start: first, end: last }, measuring: false }];
}
