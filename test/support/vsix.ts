// The .vsix that end-to-end and packaging tests install: packaged once per test run.
//
// ensureVsix() returns .e2e/sightline-test.vsix, re-packaging it (scripts/package.mjs, ~2 s)
// only when any packaged input (sources, manifest, runtime assets) is newer than the archive.
// Test files run in separate processes, so packaging is serialized with a lock directory;
// the first caller packages, the others wait and reuse the result.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import * as path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const e2eDir = path.join(repoRoot, '.e2e');
export const testVsixPath = path.join(e2eDir, 'sightline-test.vsix');

/** Everything scripts/package.mjs reads: a change in any of these makes the .vsix stale. */
const packagedInputs = [
  'client',
  'server',
  'webview',
  'bin',
  'syntaxes',
  'language-configuration',
  'media',
  path.join('docs', 'rules'),
  'package.json',
  'README.md',
  'LICENSE',
  '.vscodeignore',
  path.join('scripts', 'build.mjs'),
  path.join('scripts', 'package.mjs'),
];

function newestMtimeMs(p: string): number {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(p)) newest = Math.max(newest, newestMtimeMs(path.join(p, name)));
  return newest;
}

/** True when `vsix` exists and is newer than every packaged input. */
export function isVsixFresh(vsix: string = testVsixPath): boolean {
  if (!existsSync(vsix)) return false;
  const built = statSync(vsix).mtimeMs;
  return packagedInputs.every((p) => newestMtimeMs(path.join(repoRoot, p)) <= built);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Packages the extension into .e2e/sightline-test.vsix unless a fresh one exists; returns its path. */
export async function ensureVsix(): Promise<string> {
  mkdirSync(e2eDir, { recursive: true });
  const lock = path.join(e2eDir, 'vsix.lock');
  const deadline = Date.now() + 5 * 60_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      // A lock older than 3 minutes belongs to a crashed run.
      if (Date.now() - statSync(lock, { throwIfNoEntry: false })!.mtimeMs > 180_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`ensureVsix: ${lock} is held for more than 5 minutes`);
      await sleep(250);
    }
  }
  try {
    if (!isVsixFresh(testVsixPath)) {
      execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'package.mjs'), '--out', testVsixPath, '--quiet'], {
        cwd: repoRoot,
        stdio: ['ignore', 'inherit', 'inherit'],
      });
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
  return testVsixPath;
}
