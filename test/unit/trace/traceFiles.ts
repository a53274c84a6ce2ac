// Real captures for the trace tests: ../shared/traces/h100/NAME.sqlite.gz gunzipped once into the
// temp dir (shared by test files and runs), and the `nsys stats` / `nsys analyze` oracle CSVs.
import { createReadStream, createWriteStream, existsSync, readFileSync, renameSync, statSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';

/** The repository root: the nearest folder above this file with a package.json (works from out/test/unit/trace). */
export const repoRoot = ((): string => {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(__dirname, '..', '..', '..', '..');
  }
})();
export const sharedRoot = path.resolve(repoRoot, '..', 'shared');
export const tracesDir = path.join(sharedRoot, 'traces', 'h100');

/** Every capture of the set, api_big last (the big one). */
export const CAPTURES = ['sync', 'cpu', 'api', 'gpu_heavy', 'gpu_warmup', 'stages', 'tuned', 'cpp'] as const;
export const ALL_CAPTURES = [...CAPTURES, 'api_big'] as const;

/** Path of the gunzipped export of a capture. */
export async function capturePath(name: string): Promise<string> {
  const dir = path.join(os.tmpdir(), 'sightline-test-traces');
  mkdirSync(dir, { recursive: true });
  const out = path.join(dir, `${name}.sqlite`);
  const gz = path.join(tracesDir, `${name}.sqlite.gz`);
  if (existsSync(out) && statSync(out).mtimeMs >= statSync(gz).mtimeMs) return out;
  const tmp = `${out}.${process.pid}.tmp`;
  await pipeline(createReadStream(gz), createGunzip(), createWriteStream(tmp));
  renameSync(tmp, out);
  return out;
}

/** Rows of an oracle CSV (`NAME.stats/FILE.csv`) as objects; null when Nsight wrote no such file. */
export function oracle(name: string, file: string): Record<string, string>[] | null {
  const p = path.join(tracesDir, `${name}.stats`, `${file}.csv`);
  if (!existsSync(p)) return null;
  const lines = readFileSync(p, 'utf8').split(/\r?\n/).filter((l) => l.length);
  const head = parseCsvLine(lines[0]);
  return lines.slice(1).map((l) => {
    const v = parseCsvLine(l);
    const o: Record<string, string> = {};
    head.forEach((h, i) => (o[h] = v[i] ?? ''));
    return o;
  });
}

export function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (q) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') q = false;
      else cur += c;
    } else if (c === '"') q = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}
