// Document symbols and folding for INI configs (nvinfer, deepstream-app, tracker, ...): one
// symbol per `[group]` with its keys as children, one fold per group. Built on the config
// core's GLib key-file reader so positions match what the linter reports.
import { SymbolKind, type DocumentSymbol, type FoldingRange } from 'vscode-languageserver/node';
import { parseKeyFile, type KeyFile } from '../lint/config/keyFile';
import type { Range } from '../lint/diagnostic';

function lineEndRange(kf: KeyFile, from: Range, lastLine: number): Range {
  const end = Math.max(from.start.line, Math.min(lastLine, kf.lines.length - 1));
  return { start: from.start, end: { line: end, character: (kf.lines[end] ?? '').length } };
}

export function configSymbols(text: string): DocumentSymbol[] {
  const kf = parseKeyFile(text);
  const out: DocumentSymbol[] = [];
  for (const g of kf.groups) {
    const children: DocumentSymbol[] = [];
    for (const e of g.keys.values()) {
      children.push({
        name: e.key,
        detail: e.value.length > 60 ? `${e.value.slice(0, 57)}...` : e.value,
        kind: SymbolKind.Property,
        range: e.lineRange,
        selectionRange: e.keyRange,
      });
    }
    children.sort((a, b) => a.range.start.line - b.range.start.line);
    out.push({
      name: g.name,
      kind: SymbolKind.Namespace,
      range: lineEndRange(kf, g.headerRange, g.lastLine),
      selectionRange: g.nameRange,
      children,
    });
  }
  return out;
}

export function configFolding(text: string): FoldingRange[] {
  const kf = parseKeyFile(text);
  const out: FoldingRange[] = [];
  for (const g of kf.groups) {
    for (let i = 0; i < g.headers.length; i++) {
      const start = g.headers[i].start.line;
      // A repeated header splits the group in the file: fold each part up to the next header.
      const nextHeader = kf.groups
        .flatMap((x) => x.headers)
        .map((h) => h.start.line)
        .filter((l) => l > start)
        .sort((a, b) => a - b)[0];
      let end = nextHeader !== undefined ? nextHeader - 1 : kf.lines.length - 1;
      while (end > start && (kf.lines[end] ?? '').trim() === '') end--;
      if (end > start) out.push({ startLine: start, endLine: end, kind: 'region' });
    }
  }
  return out;
}
