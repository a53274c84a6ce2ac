// Staleness by content: the hash of each file a profile's findings point to, recorded when the
// profile is attached (the first time the loop looks at the file), so a finding is stale exactly
// when its file's content differs from what it was then — an edit in the editor, a save, a
// checkout — and an untouched file is never stale because a checkout or copy moved its mtime.
import { createHash } from 'node:crypto';

export function contentHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export class ContentBaseline {
  private readonly hashes = new Map<string, string>();

  /** Files recorded. */
  get size(): number {
    return this.hashes.size;
  }

  has(file: string): boolean {
    return this.hashes.has(file);
  }

  /**
   * Whether `current` differs from the content recorded for `file`. The first call records
   * `original()` (e.g. the saved text under an editor with unsaved edits), or `current`.
   */
  changed(file: string, current: string, original?: () => string | undefined): boolean {
    let recorded = this.hashes.get(file);
    if (recorded === undefined) {
      recorded = contentHash(original?.() ?? current);
      this.hashes.set(file, recorded);
    }
    return recorded !== contentHash(current);
  }
}
