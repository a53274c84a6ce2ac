// Builds the four esbuild bundles: client (extension host), server (language server),
// cli (the `sightline` command, same cores as the server) and webview (browser).
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
// --outdir=DIR: write the bundles elsewhere (packaging stages a .vsix without touching dist/).
const outdirArg = process.argv.find((a) => a.startsWith('--outdir='));
const outdir = outdirArg ? path.resolve(outdirArg.slice('--outdir='.length)) : path.join(root, 'dist');

const common = {
  bundle: true,
  sourcemap: true,
  sourcesContent: false,
  minify: production,
  logLevel: 'warning',
  absWorkingDir: root,
};

const builds = [
  { ...common, entryPoints: ['client/extension.ts'], outfile: path.join(outdir, 'client.js'), platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'] },
  { ...common, entryPoints: ['server/server.ts'], outfile: path.join(outdir, 'server.js'), platform: 'node', format: 'cjs', target: 'node20' },
  { ...common, entryPoints: ['server/lsp/traceWorker.ts'], outfile: path.join(outdir, 'traceWorker.js'), platform: 'node', format: 'cjs', target: 'node20' },
  { ...common, entryPoints: ['server/cli/main.ts'], outfile: path.join(outdir, 'cli.js'), platform: 'node', format: 'cjs', target: 'node20' },
  { ...common, entryPoints: ['webview/main.ts'], outfile: path.join(outdir, 'webview.js'), platform: 'browser', format: 'iife', target: 'es2022' },
  { ...common, entryPoints: ['webview/pipelineGraph/main.ts'], outfile: path.join(outdir, 'pipelineGraph.js'), platform: 'browser', format: 'iife', target: 'es2022' },
];

mkdirSync(outdir, { recursive: true });
// sql.js loads its WASM next to the bundle that uses it.
const wasm = require.resolve('sql.js/dist/sql-wasm.wasm');
copyFileSync(wasm, path.join(outdir, 'sql-wasm.wasm'));

if (watch) {
  for (const b of builds) {
    const ctx = await esbuild.context(b);
    await ctx.watch();
  }
  console.log('esbuild: watching');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
  if (!existsSync(path.join(outdir, 'client.js'))) throw new Error('build produced no client bundle');
}
