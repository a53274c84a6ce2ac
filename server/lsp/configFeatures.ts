// Hover and completion in configs, INI (GLib key files) and YAML: group docs, key docs (type,
// range, default, enum values, versions) and completion of groups, keys and enum values from the
// config schema.
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type Hover, type Position } from 'vscode-languageserver/node';
import type { FileKind } from '../lint/fileKind';
import { parseKeyFile } from '../lint/config/keyFile';
import type { GroupSchema, KeySchema, KindSchema } from '../lint/config/schema/types';
import { groupDocMarkdown, groupSchema, keyDocMarkdown, keySchema, schemaForFile } from './configSchemaLookup';

const yamlRe = /\.ya?ml$/i;

interface LineContext {
  /** Group (INI `[group]` or top-level YAML key) the line belongs to. */
  group?: string;
  lineText: string;
  groupNames: string[];
}

/** Group of a line in a YAML config: the nearest top-level key above (or on) it. */
function yamlContext(lines: string[], line: number): LineContext {
  let group: string | undefined;
  const groupNames: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^([A-Za-z0-9_-]+)\s*:/.exec(lines[i]);
    if (m) {
      groupNames.push(m[1]);
      if (i <= line) group = m[1];
    }
  }
  return { group, lineText: lines[line] ?? '', groupNames };
}

function iniContext(text: string, line: number): LineContext {
  const kf = parseKeyFile(text);
  let group: string | undefined;
  // The header closest above the line wins (a repeated header continues its group).
  let bestLine = -1;
  for (const g of kf.groups) {
    for (const h of g.headers) {
      if (h.start.line <= line && h.start.line > bestLine) {
        bestLine = h.start.line;
        group = g.name;
      }
    }
  }
  return { group, lineText: kf.lines[line] ?? '', groupNames: kf.groups.map((g) => g.name) };
}

function contextAt(fsPath: string, text: string, line: number): LineContext {
  return yamlRe.test(fsPath) ? yamlContext(text.split(/\r?\n/), line) : iniContext(text, line);
}

function md(value: string): Hover['contents'] {
  return { kind: MarkupKind.Markdown, value };
}

export function configHover(fsPath: string, text: string, kind: FileKind, pos: Position, dsVersion: string): Hover | undefined {
  const ctx = contextAt(fsPath, text, pos.line);
  const schema = schemaForFile(kind, ctx.groupNames);
  if (!schema) return undefined;
  const l = ctx.lineText;
  const header = /^(\s*)\[([^\]]+)\]/.exec(l);
  if (header && !yamlRe.test(fsPath)) {
    const g = groupSchema(schema, header[2].trim());
    if (!g) return undefined;
    const start = header[1].length;
    return { contents: md(groupDocMarkdown(g, schema)), range: { start: { line: pos.line, character: start }, end: { line: pos.line, character: start + header[0].length - header[1].length } } };
  }
  const kv = yamlRe.test(fsPath) ? /^(\s*)([A-Za-z0-9_.-]+)(\s*:\s*)(.*)$/.exec(l) : /^(\s*)([^=#\s][^=]*?)(\s*=\s*)(.*)$/.exec(l);
  if (!kv) return undefined;
  const keyStart = kv[1].length;
  const keyEnd = keyStart + kv[2].length;
  // YAML top-level key: the group itself.
  if (yamlRe.test(fsPath) && keyStart === 0) {
    const g = groupSchema(schema, kv[2]);
    if (!g || pos.character > keyEnd) return undefined;
    return { contents: md(groupDocMarkdown(g, schema)), range: { start: { line: pos.line, character: 0 }, end: { line: pos.line, character: keyEnd } } };
  }
  if (!ctx.group) return undefined;
  const g = groupSchema(schema, ctx.group);
  if (!g) return undefined;
  const k = keySchema(g, kv[2]);
  if (!k) return undefined;
  const valueStart = keyEnd + kv[3].length;
  const value = kv[4].trim();
  if (pos.character >= valueStart && k.enum) {
    const ev = k.enum.find((e) => String(e.value) === value);
    if (ev) {
      return {
        contents: md(`\`${k.key}=${ev.value}\` — ${ev.meaning}${ev.platform ? ` (${ev.platform} only)` : ''}\n\n---\n\n${keyDocMarkdown(k, g, dsVersion)}`),
        range: { start: { line: pos.line, character: valueStart }, end: { line: pos.line, character: valueStart + kv[4].trimEnd().length } },
      };
    }
  }
  if (pos.character > keyEnd && pos.character < valueStart) return undefined;
  return { contents: md(keyDocMarkdown(k, g, dsVersion)), range: { start: { line: pos.line, character: keyStart }, end: { line: pos.line, character: keyEnd } } };
}

/** `source<N>` → snippet `source${1:0}`; `class-attrs-<class-id>` → `class-attrs-${1:0}`. */
function groupSnippet(name: string): { label: string; insert: string } {
  let n = 0;
  const insert = name.replace(/<[^>]+>/g, () => `\${${++n}:0}`);
  return { label: name, insert };
}

function keyItem(k: KeySchema, g: GroupSchema, yaml: boolean, dsVersion: string): CompletionItem {
  const sep = yaml ? ': ' : '=';
  const firstEnum = k.enum?.[0];
  const placeholder = k.default ?? (firstEnum ? String(firstEnum.value) : k.type === 'bool' ? '1' : '');
  return {
    label: k.key,
    kind: CompletionItemKind.Property,
    detail: `${k.type}${k.default !== undefined ? ` = ${k.default}` : ''}`,
    documentation: { kind: MarkupKind.Markdown, value: keyDocMarkdown(k, g, dsVersion) },
    insertText: `${k.key}${sep}\${1:${placeholder.replace(/[$}\\]/g, '\\$&')}}`,
    insertTextFormat: InsertTextFormat.Snippet,
    tags: k.deprecated || k.ignored ? [1] : undefined,
    sortText: k.deprecated || k.ignored ? `z${k.key}` : `a${k.key}`,
  };
}

function valueItems(k: KeySchema): CompletionItem[] {
  if (k.enum?.length) {
    return k.enum.map((e, i) => ({
      label: String(e.value),
      kind: CompletionItemKind.EnumMember,
      detail: e.meaning + (e.platform ? ` (${e.platform} only)` : ''),
      sortText: String(i).padStart(3, '0'),
    }));
  }
  if (k.type === 'bool') return ['1', '0', 'true', 'false'].map((v) => ({ label: v, kind: CompletionItemKind.Value }));
  if (k.default !== undefined) return [{ label: k.default, kind: CompletionItemKind.Value, detail: 'default' }];
  return [];
}

export function configCompletion(fsPath: string, text: string, kind: FileKind, pos: Position, dsVersion: string): CompletionItem[] {
  const yaml = yamlRe.test(fsPath);
  const ctx = contextAt(fsPath, text, pos.line);
  const schema: KindSchema | undefined = schemaForFile(kind, ctx.groupNames);
  if (!schema) return [];
  const before = ctx.lineText.slice(0, pos.character);
  // Group headers: `[` at line start (INI) or a top-level name (YAML).
  if (!yaml && /^\s*\[[^\]]*$/.test(before)) {
    return schema.groups.map((g) => {
      const s = groupSnippet(g.name);
      return { label: g.name, kind: CompletionItemKind.Module, detail: schema.title, documentation: { kind: MarkupKind.Markdown, value: g.doc }, insertText: s.insert, insertTextFormat: InsertTextFormat.Snippet };
    });
  }
  if (yaml && /^[A-Za-z0-9_-]*$/.test(before)) {
    return schema.groups.map((g) => {
      const s = groupSnippet(g.name);
      return { label: g.name, kind: CompletionItemKind.Module, detail: schema.title, insertText: `${s.insert}:\n  `, insertTextFormat: InsertTextFormat.Snippet };
    });
  }
  if (!ctx.group) return [];
  const g = groupSchema(schema, ctx.group);
  if (!g) return [];
  const value = yaml ? /^\s*([A-Za-z0-9_.-]+)\s*:\s*[^\s]*$/.exec(before) : /^\s*([^=#\s][^=]*?)\s*=\s*[^;]*$/.exec(before);
  if (value) {
    const k = keySchema(g, value[1]);
    return k ? valueItems(k) : [];
  }
  if (yaml ? /^\s+[A-Za-z0-9_-]*$/.test(before) : /^\s*[A-Za-z0-9_-]*$/.test(before)) {
    const present = new Set<string>();
    if (!yaml) {
      const kf = parseKeyFile(text);
      for (const e of kf.groupMap.get(ctx.group)?.keys.keys() ?? []) present.add(e);
    }
    return Object.values(g.keys)
      .filter((k) => !present.has(k.key))
      .map((k) => keyItem(k, g, yaml, dsVersion));
  }
  return [];
}
