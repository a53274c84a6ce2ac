// Go to definition on file references (`config-file-path=...`, `labelfile-path=...`,
// `model-engine-file=...`): jumps to the referenced file when it exists.
import * as fs from 'node:fs';
import type { Location, Position } from 'vscode-languageserver/node';
import { URI } from '../uri';
import { findPathReferences } from '../workspace/pathReferences';

export function pathDefinition(fsPath: string, text: string, pos: Position): Location | undefined {
  for (const r of findPathReferences(fsPath, text)) {
    if (r.range.start.line !== pos.line || pos.character < r.range.start.character || pos.character > r.range.end.character) continue;
    let isFile = false;
    try {
      isFile = fs.statSync(r.target).isFile();
    } catch {
      isFile = false;
    }
    if (!isFile) return undefined;
    return { uri: URI.fromFsPath(r.target), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
  }
  return undefined;
}
