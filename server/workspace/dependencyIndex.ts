// Which files depend on which: a launch script or deepstream-app config that references an
// nvinfer config (config-file-path=...) depends on it. Filled from what each lint read and the
// path references in each file, so a change to one config re-checks exactly its dependents
// instead of the whole workspace. Paths are absolute file-system paths.

export class DependencyIndex {
  private readonly deps = new Map<string, Set<string>>();
  private readonly rdeps = new Map<string, Set<string>>();

  /** Replaces what `file` depends on. */
  set(file: string, dependencies: Iterable<string>): void {
    this.remove(file);
    const set = new Set<string>();
    for (const d of dependencies) if (d !== file) set.add(d);
    if (set.size === 0) return;
    this.deps.set(file, set);
    for (const d of set) {
      let r = this.rdeps.get(d);
      if (!r) this.rdeps.set(d, (r = new Set()));
      r.add(file);
    }
  }

  /**
   * Forgets what `file` depends on (it was deleted or closed for good). Files that depend on it
   * keep their edge, so they re-check when it is deleted or reappears.
   */
  remove(file: string): void {
    const old = this.deps.get(file);
    if (!old) return;
    for (const d of old) {
      const r = this.rdeps.get(d);
      if (!r) continue;
      r.delete(file);
      if (r.size === 0) this.rdeps.delete(d);
    }
    this.deps.delete(file);
  }

  hasDependents(file: string): boolean {
    return this.rdeps.has(file);
  }

  dependenciesOf(file: string): string[] {
    return [...(this.deps.get(file) ?? [])];
  }

  /** Files that depend on `file`, directly or through others (breadth-first, cycles cut). */
  dependentsOf(file: string, limit = 10000): string[] {
    const seen = new Set<string>([file]);
    const out: string[] = [];
    const queue = [file];
    while (queue.length && out.length < limit) {
      const f = queue.shift() as string;
      for (const d of this.rdeps.get(f) ?? []) {
        if (seen.has(d)) continue;
        seen.add(d);
        out.push(d);
        queue.push(d);
      }
    }
    return out;
  }

  get size(): number {
    return this.deps.size;
  }

  clear(): void {
    this.deps.clear();
    this.rdeps.clear();
  }
}
