// FileAccess backed by the local disk (used by the CLI, and by the server for files not open
// in the editor). Never throws; reports why a file could not be read.
import * as fs from 'node:fs';
import type { FileAccess } from './diagnostic';

export const maxReferencedFileBytes = 16 * 1024 * 1024;

export const diskFiles: FileAccess = {
  readText(absPath) {
    try {
      // throwIfNoEntry: a missing file is the common case (model files not checked in) and an
      // exception per missing path costs several times the system call.
      const st = fs.statSync(absPath, { throwIfNoEntry: false });
      if (!st) return { error: `${absPath} does not exist` };
      if (!st.isFile()) return { error: `${absPath} is not a regular file` };
      if (st.size > maxReferencedFileBytes) return { error: `${absPath} is larger than 16 MiB` };
      return { text: fs.readFileSync(absPath, 'utf8') };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      return { error: code === 'ENOENT' ? `${absPath} does not exist` : code === 'EACCES' ? `${absPath} is not readable (permission denied)` : `${absPath}: ${(e as Error).message}` };
    }
  },
  exists(absPath) {
    // existsSync does not throw (accessSync builds an exception for every missing path).
    return fs.existsSync(absPath);
  },
};
