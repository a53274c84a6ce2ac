// `npm run bench`: compiles, then runs every out/test/bench/*.bench.js in its own process, one
// after the other (benchmarks share the 2 cores badly). Each prints its figures and writes
// bench-results/<name>.json. Arguments filter bench files by substring.
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const filters = process.argv.slice(2);
execFileSync(process.execPath, [path.join(root, 'scripts/run-tests.mjs'), '--compile-only'], { stdio: 'inherit' });
mkdirSync(path.join(root, 'bench-results'), { recursive: true });
const dir = path.join(root, 'out', 'test', 'bench');
let files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.bench.js')).sort() : [];
if (filters.length) files = files.filter((f) => filters.some((x) => f.includes(x)));
let failed = 0;
for (const f of files) {
  console.log(`\n=== ${f}`);
  const r = spawnSync(process.execPath, ['--expose-gc', path.join(dir, f)], { stdio: 'inherit', cwd: root });
  if (r.status !== 0) failed++;
}
console.log(`\n${files.length - failed} benchmarks ran, ${failed} failed; results in bench-results/`);
process.exit(failed ? 1 : 0);
