// Feeds a workspace folder's source and config files into an NvtxIndex (the CLI and the language
// server's first build). The index itself rejects files without NVTX or DeepStream content fast.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { NvtxIndex } from '../index/nvtxIndex';

const SOURCE = /\.(py|pyw|c|cc|cpp|cxx|cu|cuh|h|hh|hpp|hxx|txt|ya?ml|sh|bash|gst|pipeline|md)$/i;
const SKIP = new Set(['node_modules', '.git', 'out', 'dist', '.venv', 'venv', '__pycache__', 'build']);

/** Indexes the files under `root` (at most `maxFiles`); returns how many were read. */
export function indexWorkspace(index: NvtxIndex, root: string, maxFiles = 20000): number {
  let n = 0;
  const walk = (dir: string, depth: number): void => {
    if (depth > 12 || n >= maxFiles) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIP.has(e.name) && !e.name.startsWith('.')) walk(p, depth + 1);
      } else if (e.isFile() && SOURCE.test(e.name) && n < maxFiles) {
        n++;
        try {
          if (fs.statSync(p).size > 2_000_000) continue;
          index.update(p, fs.readFileSync(p, 'utf8'));
        } catch {
          /* unreadable: skip */
        }
      }
    }
  };
  walk(root, 0);
  return n;
}

