// Walks workspace folders for files the linter may care about, honoring `files.exclude` and
// `sightline.exclude`. Asynchronous and cooperative: yields to the event loop every few hundred
// entries and stops as soon as it is cancelled, so a 100,000-file workspace never blocks the
// server. Symbolic links are not followed (no cycles).
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { compileGlobs } from './glob';

/** Names whose kind is decided by name alone, or by content for .txt/.yml-like files. */
const candidateRe = /\.(gst|pipeline|sh|bash|zsh|py|c|cc|cpp|cxx|h|hh|hpp|cu|md|markdown|dockerfile|txt|cfg|conf|ini|config|ya?ml)$|(^|[\\/])Dockerfile(\.[^\\/]*)?$/i;

export function isCandidatePath(p: string): boolean {
  return candidateRe.test(p);
}

export interface ScanCancellation {
  readonly isCancelled: boolean;
}

export interface ScanResult {
  files: string[];
  /** Entries looked at (files and folders), for the log. */
  visited: number;
  /** Folders that could not be read, with the reason. */
  errors: string[];
  cancelled: boolean;
}

const yieldEvery = 256;

export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export async function scanFolder(root: string, exclude: readonly string[], token: ScanCancellation, maxFiles = 200000): Promise<ScanResult> {
  const globs = compileGlobs(exclude);
  const result: ScanResult = { files: [], visited: 0, errors: [], cancelled: false };
  const queue: string[] = [root];
  while (queue.length) {
    if (token.isCancelled) {
      result.cancelled = true;
      return result;
    }
    const dir = queue.shift() as string;
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fsp.readdir(dir, { withFileTypes: true });
    } catch (e) {
      result.errors.push(`${dir}: ${(e as Error).message}`);
      continue;
    }
    for (const ent of entries) {
      if (++result.visited % yieldEvery === 0) {
        await yieldToEventLoop();
        if (token.isCancelled) {
          result.cancelled = true;
          return result;
        }
      }
      const abs = path.join(dir, ent.name);
      const rel = path.relative(root, abs).split(path.sep).join('/');
      if (ent.isDirectory()) {
        if (!globs.matchesDir(rel)) queue.push(abs);
      } else if (ent.isFile() && isCandidatePath(ent.name) && !globs.matches(rel)) {
        if (result.files.length >= maxFiles) {
          result.errors.push(`stopped after ${maxFiles} candidate files`);
          return result;
        }
        result.files.push(abs);
      }
    }
  }
  result.files.sort();
  return result;
}
