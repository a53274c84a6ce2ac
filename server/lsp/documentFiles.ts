// FileAccess for the server: the text of open documents first (unsaved edits count), then the
// disk. Every path a lint asks about is recorded, so the dependency index learns what each file
// depends on from the lint itself.
import type { FileAccess } from '../lint/diagnostic';
import { diskFiles } from '../lint/diskFiles';

export interface OpenTexts {
  /** Text of the open document at this file-system path, if open. */
  textOf(fsPath: string): string | undefined;
}

export interface RecordingFileAccess extends FileAccess {
  readonly touched: Set<string>;
}

export function recordingFileAccess(open: OpenTexts, disk: FileAccess = diskFiles): RecordingFileAccess {
  const touched = new Set<string>();
  return {
    touched,
    readText(absPath) {
      touched.add(absPath);
      const t = open.textOf(absPath);
      return t !== undefined ? { text: t } : disk.readText(absPath);
    },
    exists(absPath) {
      touched.add(absPath);
      return open.textOf(absPath) !== undefined || disk.exists(absPath);
    },
  };
}
