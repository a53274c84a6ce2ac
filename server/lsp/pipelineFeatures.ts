// Editor features on launch descriptions (bare .gst files, gst-launch-1.0 in shell/Markdown/
// Dockerfiles, Gst.parse_launch / gst_parse_launch strings): hover on elements, properties and
// enum values; go to definition, references and rename of element names (`name=mux` and the
// `mux.` / `mux.sink_0` references to it); outline and folding. Works on the pipeline core's
// parse trees, whose every node carries host-file ranges.
import { MarkupKind, SymbolKind, type DocumentSymbol, type FoldingRange, type Hover, type Location, type Position, type Range, type TextEdit } from 'vscode-languageserver/node';
import type { FileKind } from '../lint/fileKind';
import { extractPipelines, isPipelineHostKind, type ExtractedPipeline } from '../lint/pipeline/extract/index';
import { catalogVersions, findEnumValue, findProperty, getElement, type ElementInfo, type PropertyInfo } from '../lint/pipeline/catalog';
import type { ChainNode, ElementNode, PadRefNode, ParsedPipeline, PropertyNode } from '../lint/pipeline/model';

export function contains(r: Range, p: Position): boolean {
  if (p.line < r.start.line || p.line > r.end.line) return false;
  if (p.line === r.start.line && p.character < r.start.character) return false;
  if (p.line === r.end.line && p.character > r.end.character) return false;
  return true;
}

/** Parsed pipelines of a host file (one per launch description); [] for other kinds. */
export function pipelinesIn(fsPath: string, text: string, kind: FileKind): ExtractedPipeline[] {
  if (!isPipelineHostKind(kind)) return [];
  return extractPipelines(fsPath, text, kind);
}

function padRefsOf(chains: ChainNode[], out: PadRefNode[] = []): PadRefNode[] {
  for (const c of chains) {
    for (const it of c.items) {
      if (it.kind === 'pad-ref') out.push(it);
      else if (it.kind === 'bin') padRefsOf(it.chains, out);
    }
  }
  return out;
}

function nameProperty(e: ElementNode): PropertyNode | undefined {
  return e.properties.filter((p) => p.key === 'name').pop();
}

// ---------------------------------------------------------------------------------------------
// Hover
// ---------------------------------------------------------------------------------------------

function versionsLine(): string {
  const v = catalogVersions();
  return `DeepStream ${v.deepstream} · GStreamer ${v.gstreamer}`;
}

export function elementMarkdown(e: ElementInfo): string {
  const lines = [`**${e.factory}** — ${e.klass}`, '', e.description, ''];
  const facts = [`plugin \`${e.plugin}\``, e.origin === 'deepstream' ? `DeepStream ${catalogVersions().deepstream}` : `GStreamer ${catalogVersions().gstreamer}`];
  if (e.platforms) facts.push(`${e.platforms.join(' / ')} only`);
  lines.push(facts.join(' · '));
  if (e.pads.length) {
    lines.push('', 'Pads:');
    for (const p of e.pads) lines.push(`- \`${p.name}\` (${p.direction}, ${p.presence}) ${p.memory.includes('NVMM') ? '`memory:NVMM`' : ''}`.trimEnd());
  }
  if (e.notes) lines.push('', e.notes);
  lines.push('', `_Source: ${e.source}_`);
  return lines.join('\n');
}

export function propertyMarkdown(e: ElementInfo, p: PropertyInfo): string {
  const lines = [`**${e.factory}.${p.name}** (\`${p.type}\`${p.writable ? '' : ', read-only'})`, '', p.blurb, ''];
  const facts: string[] = [];
  if (p.minimum !== undefined || p.maximum !== undefined) facts.push(`range: ${p.minimum ?? '−∞'} … ${p.maximum ?? '∞'}`);
  if (p.default !== undefined) facts.push(`default: \`${p.default}\``);
  if (p.platforms) facts.push(`${p.platforms.join(' / ')} only`);
  facts.push(versionsLine());
  lines.push(facts.join(' · '));
  if (p.values?.length) {
    lines.push('', 'Values:');
    for (const v of p.values.slice(0, 40)) lines.push(`- \`${v.nick}\` (${v.value}) — ${v.description}`);
    if (p.values.length > 40) lines.push(`- … ${p.values.length - 40} more`);
  }
  if (p.deprecated) lines.push('', `⚠️ ${p.deprecated}`);
  return lines.join('\n');
}

export function pipelineHover(pipes: ExtractedPipeline[], pos: Position): Hover | undefined {
  for (const { parsed } of pipes) {
    for (const el of parsed.elements) {
      if (!contains(el.span.range, pos)) continue;
      const info = el.opaque ? undefined : getElement(el.factory);
      if (contains(el.factorySpan.range, pos)) {
        if (!info) return undefined;
        return { contents: { kind: MarkupKind.Markdown, value: elementMarkdown(info) }, range: el.factorySpan.range };
      }
      for (const prop of el.properties) {
        if (!contains(prop.span.range, pos) || !info) continue;
        const p = findProperty(info, prop.key);
        if (!p) return undefined;
        if (contains(prop.valueSpan.range, pos) && !prop.opaque && p.values) {
          const v = findEnumValue(p, prop.value);
          if (v) {
            return {
              contents: { kind: MarkupKind.Markdown, value: `\`${v.nick}\` (${v.value}) — ${v.description}\n\n---\n\n${propertyMarkdown(info, p)}` },
              range: prop.valueSpan.range,
            };
          }
        }
        return { contents: { kind: MarkupKind.Markdown, value: propertyMarkdown(info, p) }, range: prop.keySpan.range };
      }
    }
    for (const ref of padRefsOf(parsed.chains)) {
      if (!contains(ref.span.range, pos) || ref.resolved === undefined) continue;
      const target = parsed.elements[ref.resolved];
      const info = getElement(target.factory);
      const pad = ref.pad ? ` pad \`${ref.pad}\`` : '';
      return { contents: { kind: MarkupKind.Markdown, value: `Reference to \`${target.factory} name=${ref.elementName}\`${pad}${info ? `\n\n---\n\n${elementMarkdown(info)}` : ''}` }, range: ref.span.range };
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Names: definition, references, rename
// ---------------------------------------------------------------------------------------------

interface NameSite {
  parsed: ParsedPipeline;
  name: string;
  /** Where `name=` is (value range), if the name is declared. */
  declaration?: Range;
  /** Name ranges of every `name.` reference. */
  references: Range[];
}

/** The element name under the cursor (its `name=` value or a `name.` reference), with all its sites. */
export function nameAt(pipes: ExtractedPipeline[], pos: Position): NameSite | undefined {
  for (const { parsed } of pipes) {
    let name: string | undefined;
    for (const el of parsed.elements) {
      const np = nameProperty(el);
      if (np && !np.opaque && contains(np.valueSpan.range, pos)) name = np.value;
    }
    const refs = padRefsOf(parsed.chains);
    if (name === undefined) for (const r of refs) if (r.elementName && contains(r.nameSpan.range, pos)) name = r.elementName;
    if (name === undefined) continue;
    const decl = parsed.elements.map(nameProperty).find((p) => p?.value === name && !p.opaque);
    return {
      parsed,
      name,
      declaration: decl?.valueSpan.range,
      references: refs.filter((r) => r.elementName === name).map((r) => r.nameSpan.range),
    };
  }
  return undefined;
}

export function pipelineDefinition(uri: string, pipes: ExtractedPipeline[], pos: Position): Location | undefined {
  const site = nameAt(pipes, pos);
  if (!site?.declaration) return undefined;
  return { uri, range: site.declaration };
}

export function pipelineReferences(uri: string, pipes: ExtractedPipeline[], pos: Position, includeDeclaration: boolean): Location[] {
  const site = nameAt(pipes, pos);
  if (!site) return [];
  const out: Location[] = [];
  if (includeDeclaration && site.declaration) out.push({ uri, range: site.declaration });
  for (const r of site.references) out.push({ uri, range: r });
  return out;
}

/** Range and current name for prepareRename, or an error message. */
export function prepareRename(pipes: ExtractedPipeline[], pos: Position): { range: Range; placeholder: string } | { error: string } {
  const site = nameAt(pipes, pos);
  if (!site) return { error: 'Place the cursor on an element name (`name=...`) or a reference to it (`name.`).' };
  const all = [site.declaration, ...site.references].filter((r): r is Range => r !== undefined);
  const here = all.find((r) => contains(r, pos)) as Range;
  return { range: here, placeholder: site.name };
}

export function renameEdits(pipes: ExtractedPipeline[], pos: Position, newName: string): TextEdit[] | { error: string } {
  if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(newName)) return { error: `'${newName}' is not a usable element name (letters, digits, '_' and '-', not starting with a digit).` };
  const site = nameAt(pipes, pos);
  if (!site) return { error: 'No element name here.' };
  const taken = site.parsed.elements.some((e) => nameProperty(e)?.value === newName);
  if (taken && newName !== site.name) return { error: `An element is already named '${newName}' in this pipeline.` };
  const ranges = [site.declaration, ...site.references].filter((r): r is Range => r !== undefined);
  // Ranges are host ranges: a name inside a quoted string keeps its quotes around it.
  return ranges.map((range) => ({ range, newText: newName }));
}

// ---------------------------------------------------------------------------------------------
// Outline and folding
// ---------------------------------------------------------------------------------------------

export function pipelineSymbols(pipes: ExtractedPipeline[]): DocumentSymbol[] {
  return pipes.map((p, i) => {
    const children: DocumentSymbol[] = p.parsed.elements
      .filter((e) => e.factory !== '')
      .map((e) => ({
        name: e.name ? `${e.factory} (${e.name})` : e.factory,
        detail: e.properties.filter((x) => x.key !== 'name').map((x) => `${x.key}=${x.value}`).join(' ').slice(0, 80),
        kind: SymbolKind.Object,
        range: e.span.range,
        selectionRange: e.factorySpan.range,
      }));
    const first = p.parsed.elements[0]?.factory;
    return {
      name: `pipeline ${i + 1}${first ? `: ${first} …` : ''}`,
      detail: `${p.parsed.elements.length} elements (${p.source})`,
      kind: SymbolKind.Namespace,
      range: p.range,
      selectionRange: { start: p.range.start, end: p.range.start },
      children,
    };
  });
}

export function pipelineFolding(pipes: ExtractedPipeline[]): FoldingRange[] {
  return pipes.filter((p) => p.range.end.line > p.range.start.line).map((p) => ({ startLine: p.range.start.line, endLine: p.range.end.line }));
}
