// Shared helpers of the config-core tests: where the repo and the shared corpus are, an
// in-memory FileAccess, and a lint helper.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileAccess, LintDiagnostic, LintOptions } from '../../../server/lint/diagnostic';
import { lintConfig } from '../../../server/lint/config/index';

/** The repository root: the nearest folder above this file with Sightline's package.json
 * (out/test/unit/config → the repo, wherever the compiled tests are placed). */
export const repoRoot = findRepoRoot(__dirname);

function findRepoRoot(from: string): string {
  for (let d = from; ; d = path.dirname(d)) {
    const pj = path.join(d, 'package.json');
    if (fs.existsSync(pj) && /"name":\s*"sightline"/.test(fs.readFileSync(pj, 'utf8'))) return d;
    if (path.dirname(d) === d) return path.resolve(__dirname, '..', '..', '..', '..');
  }
}
export const sharedRoot = path.resolve(repoRoot, '..', 'shared');
export const corpusRoot = path.join(sharedRoot, 'corpus', 'deepstream-9.1-configs');

export const dgpu: LintOptions = { target: 'dgpu', dsVersion: '9.1' };
export const jetson: LintOptions = { target: 'jetson', dsVersion: '9.1' };

export function corpusFile(rel: string): { path: string; text: string } {
  const p = path.join(corpusRoot, rel);
  return { path: p, text: fs.readFileSync(p, 'utf8') };
}

export function walk(dir: string, out: string[] = []): string[] {
  for (const name of fs.readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (fs.statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

/** Files that "exist": the given map (absolute path → text), nothing else. */
export function memoryFiles(map: Record<string, string> = {}): FileAccess {
  return {
    readText(p) {
      return p in map ? { text: map[p] } : { error: `${p} does not exist` };
    },
    exists(p) {
      return p in map;
    },
  };
}

/** FileAccess that says every file exists (for rules that are not about files). */
export const everythingExists: FileAccess = {
  readText(p) {
    return { error: `${p} not loaded in this test` };
  },
  exists() {
    return true;
  },
};

export function lint(p: string, text: string, files: FileAccess = everythingExists, options: LintOptions = dgpu): LintDiagnostic[] {
  return lintConfig(p, text, 'config-other', options, files);
}

export function codes(ds: LintDiagnostic[]): string[] {
  return ds.map((d) => d.code);
}

export function only(ds: LintDiagnostic[], code: string): LintDiagnostic[] {
  return ds.filter((d) => d.code === code);
}

/** Replaces one exact occurrence in a corpus text (the mutation a test applies), failing loudly if absent. */
export function mutate(text: string, from: string | RegExp, to: string): string {
  const next = text.replace(from, to);
  if (next === text) throw new Error(`mutation ${String(from)} did not apply`);
  return next;
}

/** 0-based line of the first line matching. */
export function lineOf(text: string, re: RegExp): number {
  const i = text.split(/\r?\n/).findIndex((l) => re.test(l));
  if (i < 0) throw new Error(`no line matches ${re}`);
  return i;
}
