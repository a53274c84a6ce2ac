// The test command: type-check and compile everything with tsc into out/, build the bundles
// (language-server and end-to-end tests use dist/), then run every out/test/**/*.test.js with
// Node's built-in test runner. Arguments after the script name filter test files by substring.
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, statSync, rmSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const args = process.argv.slice(2);
const compileOnly = args.includes('--compile-only');
const filters = args.filter((a) => !a.startsWith('--'));

rmSync(path.join(root, 'out'), { recursive: true, force: true });
try {
  execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', root], { stdio: 'inherit' });
} catch {
  process.stderr.write('sightline: TypeScript reported errors (above)\n');
  // For local iteration while others' files are mid-edit; CI never sets it.
  if (process.env.SIGHTLINE_ALLOW_TS_ERRORS !== '1') process.exit(1);
}
if (compileOnly) process.exit(0);
if (filters.length === 0) {
  // The whole suite also holds the code to the project's ESLint rules.
  try {
    execFileSync(process.execPath, [path.join(root, 'node_modules/eslint/bin/eslint.js'), '--max-warnings=0', '.'], { stdio: 'inherit', cwd: root });
  } catch {
    process.stderr.write('sightline: ESLint reported problems (above)\n');
    process.exit(1);
  }
}
execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { stdio: 'inherit' });

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.test.js')) out.push(p);
  }
  return out;
}
let files = walk(path.join(root, 'out', 'test')).sort();
if (filters.length) files = files.filter((f) => filters.some((x) => f.includes(x)));
if (files.length === 0) {
  // node --test with no file arguments would discover and run everything instead.
  process.stderr.write(`sightline: no test file matches ${filters.join(' ') || '(any)'}\n`);
  process.exit(1);
}
if (process.env.SIGHTLINE_SKIP_E2E === '1') files = files.filter((f) => !f.includes(`${path.sep}e2e${path.sep}`));
const r = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...files], { stdio: 'inherit', cwd: root });
process.exit(r.status ?? 1);
