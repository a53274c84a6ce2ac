// `npm run package` output: an installable .vsix under 15 MB that holds the bundles and runtime
// assets the manifest refers to, and nothing else (no sources, tests, source maps, examples,
// traces or node_modules). Uses the same packaging as the e2e tests (ensureVsix).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { ensureVsix, repoRoot } from '../support/vsix';
import { ZipArchive } from '../support/zipArchive';

interface Manifest {
  name: string;
  publisher: string;
  version: string;
  main: string;
  bin: Record<string, string>;
  contributes: { languages: { configuration?: string }[]; grammars?: { path: string }[] };
}

test('the .vsix is under 15 MB and contains exactly the runtime files', { timeout: 300_000 }, async () => {
  const vsix = await ensureVsix();
  const bytes = statSync(vsix).size;
  assert.ok(bytes < 15 * 1024 * 1024, `${vsix} is ${(bytes / 1048576).toFixed(2)} MB`);

  const zip = new ZipArchive(vsix);
  const names = zip.names();
  assert.ok(names.includes('extension.vsixmanifest') && names.includes('[Content_Types].xml'), names.join('\n'));

  // The manifest inside is the repository's, and every file it points at is packaged.
  const inner = JSON.parse(zip.read('extension/package.json').toString('utf8')) as Manifest;
  const outer = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Manifest;
  assert.equal(`${inner.publisher}.${inner.name}@${inner.version}`, `${outer.publisher}.${outer.name}@${outer.version}`);
  const referenced = [
    inner.main.replace(/^\.\//, ''),
    'dist/server.js',
    'dist/cli.js',
    'dist/webview.js',
    'dist/sql-wasm.wasm',
    ...Object.values(inner.bin),
    ...inner.contributes.languages.flatMap((l) => (l.configuration ? [l.configuration] : [])),
    ...(inner.contributes.grammars ?? []).map((g) => g.path),
  ].map((p) => `extension/${path.posix.normalize(p.replace(/^\.\//, ''))}`);
  for (const r of referenced) assert.ok(names.includes(r), `${r} is not in the .vsix`);

  // The bundles are the production (minified) build: long lines, not esbuild's readable output.
  const client = zip.read('extension/dist/client.js').toString('utf8');
  assert.ok(client.length / client.split('\n').length > 1000, 'dist/client.js in the .vsix is minified');

  // Nothing but runtime files.
  const stray = names.filter(
    (n) =>
      /\.map$/.test(n) ||
      /\.tsx?$/.test(n) ||
      /(^|\/)(node_modules|test|out|client|server|webview|scripts|examples|\.e2e|\.vscode|\.ci|test-artifacts|bench-results)\//.test(n.replace(/^extension\//, '')) ||
      /\.(sqlite|nsys-rep|qdrep|vsix|gz)$/.test(n) ||
      /(^|\/)(tsconfig\.json|eslint\.config\.mjs|package-lock\.json|\.gitignore|\.vscodeignore)$/.test(n),
  );
  assert.deepEqual(stray, [], 'files that do not belong in the .vsix');
  const allowedTop = /^extension\/(package\.json|readme\.md|LICENSE\.txt|changelog\.md|dist\/[^/]+\.(js|wasm|css)|bin\/.+|syntaxes\/.+|language-configuration\/.+|media\/.+|docs\/rules\/.+)$/i;
  const unexpected = names.filter((n) => n.startsWith('extension/') && !allowedTop.test(n));
  assert.deepEqual(unexpected, [], 'files outside the .vscodeignore allow-list');
});
