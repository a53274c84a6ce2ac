// `npm run package`: the installable .vsix, built from a staging folder so the working tree's
// dist/ (used by tests and F5) is never rewritten.
//
//   node scripts/package.mjs [--out FILE] [--quiet]      (default FILE: sightline.vsix)
//
// 1. production bundles (minified) -> .e2e/vsix-stage/dist   (scripts/build.mjs --outdir=...)
// 2. copy the manifest and the runtime assets the manifest refers to into the stage
// 3. `vsce package --no-dependencies` there; .vscodeignore (copied too) keeps only what
//    the extension needs at run time: dist/*.js + wasm, bin/, syntaxes/, language config, docs/rules.
// Everything the extension needs at run time is bundled by esbuild, hence --no-dependencies.
import { cpSync, existsSync, mkdirSync, rmSync, statSync, copyFileSync, renameSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const args = process.argv.slice(2);
const outIdx = args.indexOf('--out');
const out = path.resolve(outIdx >= 0 && args[outIdx + 1] ? args[outIdx + 1] : path.join(root, 'sightline.vsix'));
const quiet = args.includes('--quiet');
const fail = (msg) => {
  process.stderr.write(`sightline: ${msg}\n`);
  process.exit(1);
};

const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
if (!existsSync(vsce)) fail("the npm package '@vscode/vsce' is missing: run `npm ci` first.");

const stage = path.join(root, '.e2e', `vsix-stage-${process.pid}`);
rmSync(stage, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });
try {
  const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--production', `--outdir=${path.join(stage, 'dist')}`], {
    cwd: root,
    stdio: 'inherit',
  });
  if (build.status !== 0) fail('the production build failed (see above).');

  for (const file of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', '.vscodeignore']) {
    if (existsSync(path.join(root, file))) copyFileSync(path.join(root, file), path.join(stage, file));
  }
  // Runtime assets referenced by the manifest (kept in sync with .vscodeignore's allow-list).
  for (const dir of ['bin', 'syntaxes', 'language-configuration', 'media', path.join('docs', 'rules')]) {
    if (existsSync(path.join(root, dir))) cpSync(path.join(root, dir), path.join(stage, dir), { recursive: true });
  }

  mkdirSync(path.dirname(out), { recursive: true });
  const tmpOut = `${out}.${process.pid}.tmp.vsix`;
  const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', tmpOut], {
    cwd: stage,
    stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    if (quiet) process.stderr.write(`${r.stdout ?? ''}${r.stderr ?? ''}`);
    fail('vsce package failed (see above).');
  }
  // Atomic replace: concurrent readers (tests) never see a half-written archive.
  renameSync(tmpOut, out);
  const mb = statSync(out).size / (1024 * 1024);
  if (!quiet) process.stdout.write(`sightline: packaged ${path.relative(process.cwd(), out) || out} (${mb.toFixed(2)} MB)\n`);
} finally {
  rmSync(stage, { recursive: true, force: true });
}
