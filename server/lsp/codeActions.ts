// Code actions: every fix a diagnostic carries becomes a quick fix (edits pinned to the document
// version the diagnostic was computed for, so a stale fix is refused instead of misapplied), and
// every Sightline diagnostic offers "disable this rule for this line / for this file" as a
// comment directive in the file's own comment syntax (lint/directives.ts).
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type TextDocuments, type WorkspaceEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEdit } from '../lint/diagnostic';
import { disableForFileEdit, disableForLineEdit } from '../lint/directives';
import { detectFileKind } from '../lint/fileKind';
import { URI } from '../uri';
import type { SightlineDiagnosticData } from './lintService';

function isData(x: unknown): x is SightlineDiagnosticData {
  return typeof x === 'object' && x !== null;
}

function edit(uri: string, version: number | null, edits: TextEdit[]): WorkspaceEdit {
  return { documentChanges: [{ textDocument: { uri, version }, edits }] };
}

export function codeActionsFor(params: CodeActionParams, documents: TextDocuments<TextDocument>): CodeAction[] {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return [];
  const only = params.context.only;
  if (only && !only.some((k) => k === CodeActionKind.QuickFix || k.startsWith(`${CodeActionKind.QuickFix}.`) || CodeActionKind.QuickFix.startsWith(k))) return [];
  const uri = doc.uri;
  const text = doc.getText();
  const kind = detectFileKind(URI.toFsPath(uri), text);
  const actions: CodeAction[] = [];
  const disabledLine = new Set<string>();
  const disabledFile = new Set<string>();
  for (const d of params.context.diagnostics) {
    if (d.source !== 'sightline' || typeof d.code !== 'string') continue;
    const data = isData(d.data) ? d.data : {};
    // Fix edits are only valid for the version they were computed for.
    const version = data.version ?? null;
    if (version !== null && version !== doc.version) continue;
    for (const fix of data.fixes ?? []) {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        isPreferred: fix.isPreferred === true,
        edit: edit(uri, doc.version, fix.edits),
      });
    }
    actions.push(...disableActions(d, d.code, text, kind, uri, doc.version, disabledLine, disabledFile));
  }
  return actions;
}

function disableActions(
  d: Diagnostic,
  rule: string,
  text: string,
  kind: ReturnType<typeof detectFileKind>,
  uri: string,
  version: number,
  disabledLine: Set<string>,
  disabledFile: Set<string>,
): CodeAction[] {
  if (kind === 'none' || rule.startsWith('internal/')) return [];
  // A bare launch description (.gst without a gst-launch-1.0 command) has no comment syntax:
  // a `#` line would be parsed as part of the pipeline, so no directive is offered there.
  if (kind === 'gst-pipeline' && !/^\s*(?:\S+=\S*\s+)*(?:\S*\/)?gst-launch/m.test(text)) return [];
  const out: CodeAction[] = [];
  const lineKey = `${rule}@${d.range.start.line}`;
  if (!disabledLine.has(lineKey)) {
    disabledLine.add(lineKey);
    out.push({
      title: `Disable ${rule} for this line`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [d],
      edit: edit(uri, version, [disableForLineEdit(text, kind, d.range.start.line, rule)]),
    });
  }
  if (!disabledFile.has(rule)) {
    disabledFile.add(rule);
    out.push({
      title: `Disable ${rule} for this file`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [d],
      edit: edit(uri, version, [disableForFileEdit(text, kind, rule)]),
    });
  }
  return out;
}
