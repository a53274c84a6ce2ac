// Completion inside launch descriptions: element names after `!` (or at the start), property
// names of the element being written, enum / boolean values after `prop=`, and snippets for
// common DeepStream pipeline shapes. The element catalog is the pipeline core's.
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type Position } from 'vscode-languageserver/node';
import type { TargetPlatform } from '../lint/diagnostic';
import { allElements, availableOn, findProperty, getElement } from '../lint/pipeline/catalog';
import type { ExtractedPipeline } from '../lint/pipeline/extract/index';
import { contains, elementMarkdown, propertyMarkdown } from './pipelineFeatures';

export interface PipelineSnippet {
  label: string;
  detail: string;
  body: string;
}

const trackerLib = '/opt/nvidia/deepstream/deepstream/lib/libnvds_nvmultiobjecttracker.so';

/** Common DeepStream shapes (element and property names as in DeepStream 9.1). */
export const pipelineSnippets: PipelineSnippet[] = [
  {
    label: 'ds: file → nvinfer → display',
    detail: 'H.264 file, hardware decode, batch of 1, primary detector, on-screen display',
    body: 'filesrc location=${1:sample_720p.h264} ! h264parse ! nvv4l2decoder ! m.sink_0 nvstreammux name=m batch-size=1 width=${2:1920} height=${3:1080} ! nvinfer config-file-path=${4:config_infer_primary.txt} ! nvvideoconvert ! nvdsosd ! ${5|nveglglessink,nv3dsink,fakesink sync=false|}',
  },
  {
    label: 'ds: two URIs → nvinfer → tiler',
    detail: 'two uridecodebin sources batched by nvstreammux, tiled output',
    body: 'nvstreammux name=m batch-size=2 width=${1:1920} height=${2:1080} ! nvinfer config-file-path=${3:config_infer_primary.txt} batch-size=2 ! nvmultistreamtiler rows=1 columns=2 ! nvvideoconvert ! nvdsosd ! ${4|nveglglessink,nv3dsink,fakesink sync=false|} uridecodebin uri=${5:file:///path/a.mp4} ! m.sink_0 uridecodebin uri=${6:file:///path/b.mp4} ! m.sink_1',
  },
  {
    label: 'ds: detect + track → H.264 file',
    detail: 'primary detector, NvMultiObjectTracker, OSD, hardware encode to MP4',
    body: `filesrc location=\${1:sample_720p.h264} ! h264parse ! nvv4l2decoder ! m.sink_0 nvstreammux name=m batch-size=1 width=1920 height=1080 ! nvinfer config-file-path=\${2:config_infer_primary.txt} ! nvtracker ll-lib-file=${trackerLib} ! nvvideoconvert ! nvdsosd ! nvvideoconvert ! nvv4l2h264enc ! h264parse ! qtmux ! filesink location=\${3:out.mp4}`,
  },
  {
    label: 'ds: RTSP camera → nvinfer → display',
    detail: 'RTSP H.264 stream, hardware decode, live batching',
    body: 'rtspsrc location=${1:rtsp://camera/stream} latency=${2:200} ! rtph264depay ! h264parse ! nvv4l2decoder ! m.sink_0 nvstreammux name=m batch-size=1 width=1920 height=1080 live-source=1 ! nvinfer config-file-path=${3:config_infer_primary.txt} ! nvvideoconvert ! nvdsosd ! ${4|nveglglessink,nv3dsink|}',
  },
  {
    label: 'ds: throughput run (no display)',
    detail: 'decode + infer into fakesink sync=false: measures the pipeline, not the display',
    body: 'filesrc location=${1:sample_720p.h264} ! h264parse ! nvv4l2decoder ! m.sink_0 nvstreammux name=m batch-size=1 width=1920 height=1080 ! nvinfer config-file-path=${2:config_infer_primary.txt} ! fakesink sync=false',
  },
];

export function snippetItems(): CompletionItem[] {
  return pipelineSnippets.map((s, i) => ({
    label: s.label,
    kind: CompletionItemKind.Snippet,
    detail: s.detail,
    insertText: s.body,
    insertTextFormat: InsertTextFormat.Snippet,
    sortText: `~${i}`,
    filterText: `ds deepstream ${s.label}`,
  }));
}

function elementItems(target: TargetPlatform): CompletionItem[] {
  return allElements().map((e) => ({
    label: e.factory,
    kind: CompletionItemKind.Class,
    detail: e.klass,
    documentation: { kind: MarkupKind.Markdown, value: elementMarkdown(e) },
    sortText: `${e.origin === 'deepstream' ? 'a' : 'b'}${availableOn(e, target) ? 'a' : 'z'}${e.factory}`,
  }));
}

function between(lines: string[], a: Position, b: Position): string {
  if (a.line === b.line) return (lines[a.line] ?? '').slice(a.character, b.character);
  const parts = [(lines[a.line] ?? '').slice(a.character)];
  for (let l = a.line + 1; l < b.line; l++) parts.push(lines[l] ?? '');
  parts.push((lines[b.line] ?? '').slice(0, b.character));
  return parts.join('\n');
}

/** Text of the pipeline's host range up to the cursor. */
function textBefore(text: string, pipe: ExtractedPipeline | undefined, pos: Position): string {
  const lines = text.split(/\r?\n/);
  const startLine = pipe ? pipe.range.start.line : pos.line;
  const startChar = pipe ? pipe.range.start.character : 0;
  const parts: string[] = [];
  for (let l = startLine; l <= pos.line && l < lines.length; l++) {
    const s = l === startLine ? startChar : 0;
    const e = l === pos.line ? pos.character : lines[l].length;
    parts.push(lines[l].slice(s, e));
  }
  return parts.join('\n');
}

/** Completions at `pos`, or undefined when the cursor is not in (or starting) a launch description. */
export function pipelineCompletion(text: string, pipes: ExtractedPipeline[], pos: Position, target: TargetPlatform, bareLaunchFile: boolean): CompletionItem[] | undefined {
  const lines = text.split(/\r?\n/);
  // The description the cursor is in, or the one it is extending on the same logical line (a
  // half-typed `prop=` may not be part of the parsed range yet).
  const pipe =
    pipes.find((p) => contains(p.range, pos)) ??
    [...pipes].reverse().find((p) => isBefore(p.range.end, pos) && !/[\n"']/.test(between(lines, p.range.end, pos).replace(/\\\r?\n/g, '')));
  const lineText = lines[pos.line] ?? '';
  const linePrefix = lineText.slice(0, pos.character);
  if (!pipe) {
    // A new launch line: after `gst-launch-1.0 ` in any shell-like host, or anywhere in a bare .gst file.
    if (/gst-launch(-1\.0)?(\s+-[-\w]+)*\s+[\w-]*$/.test(linePrefix) || (bareLaunchFile && /^\s*[\w-]*$/.test(linePrefix))) return [...elementItems(target), ...snippetItems()];
    return undefined;
  }
  const before = textBefore(text, pipe, pos);
  // `prop=` value.
  const value = /([A-Za-z_][\w-]*)=["']?([^\s"'!=]*)$/.exec(before);
  if (value) {
    // The element owning `prop=` starts before the key (a half-typed `prop=` may parse as an element).
    const keyPos = { line: pos.line, character: Math.max(0, pos.character - value[0].length) };
    const el = lastElementBefore(pipe, keyPos, true);
    const info = el ? getElement(el.factory) : undefined;
    const p = info ? findProperty(info, value[1]) : undefined;
    if (!p) return [];
    if (p.values?.length) {
      return p.values.map((v, i) => ({ label: v.nick, kind: CompletionItemKind.EnumMember, detail: `${v.value} — ${v.description}`, sortText: String(i).padStart(4, '0') }));
    }
    if (p.type === 'boolean') return ['true', 'false'].map((v) => ({ label: v, kind: CompletionItemKind.Value, detail: p.default === v ? 'default' : undefined }));
    return p.default !== undefined ? [{ label: p.default.replace(/^"|"$/g, ''), kind: CompletionItemKind.Value, detail: 'default' }] : [];
  }
  // Element name: after `!`, an opening `(`, or at the start of the description.
  const stripped = before.replace(/["'\\\n]/g, ' ');
  if (/(^|!|\()\s*[\w-]*$/.test(stripped) || /^\s*(\S*gst-launch(-1\.0)?)?(\s+-[-\w]+)*\s*[\w-]*$/.test(stripped)) {
    const atStart = !stripped.includes('!');
    return atStart ? [...elementItems(target), ...snippetItems()] : elementItems(target);
  }
  // Property name of the element being written.
  if (/\s[\w-]*$/.test(stripped)) {
    const el = lastElementBefore(pipe, pos);
    const info = el ? getElement(el.factory) : undefined;
    if (!info || !el) return [];
    const present = new Set(el.properties.map((p) => p.key));
    return info.properties
      .filter((p) => p.writable && !present.has(p.name))
      .map((p) => ({
        label: p.name,
        kind: CompletionItemKind.Property,
        detail: `${p.type}${p.default !== undefined ? ` = ${p.default}` : ''}`,
        documentation: { kind: MarkupKind.Markdown, value: propertyMarkdown(info, p) },
        insertText: `${p.name}=`,
        command: p.values?.length || p.type === 'boolean' ? { title: 'values', command: 'editor.action.triggerSuggest' } : undefined,
        tags: p.deprecated ? [1] : undefined,
        sortText: `${p.deprecated ? 'z' : availableOn(p, target) ? 'a' : 'y'}${p.name}`,
      }));
  }
  return [];
}

function isBefore(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character <= b.character);
}

/** The element being written at `pos`: the last one whose factory name starts before it. */
function lastElementBefore(pipe: ExtractedPipeline, pos: Position, strictly = false): ExtractedPipeline['parsed']['elements'][number] | undefined {
  let best: ExtractedPipeline['parsed']['elements'][number] | undefined;
  for (const e of pipe.parsed.elements) {
    const s = e.factorySpan.range.start;
    if (e.factory && isBefore(s, pos) && !(strictly && s.line === pos.line && s.character === pos.character)) best = e;
  }
  return best;
}
