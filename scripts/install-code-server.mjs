// Root `postinstall` (runs at the end of `npm ci` / `npm install`): finishes code-server's install.
//
// Why not let npm run code-server's own postinstall? That script runs `npm install` inside
// node_modules/code-server/lib/vscode, whose dependency @vscode/ripgrep downloads `rg` from GitHub
// unless the tarball is already in its cache. npm runs dependency install scripts *before* the
// root project's preinstall/postinstall, so nothing of ours could prepare that cache in time.
// package.json therefore records `"allowScripts": { "code-server": false }` and this script runs
// code-server's postinstall.sh itself, after packing Debian's rg into the cache
// (scripts/prepare-ripgrep-cache.sh). Everything else (native modules of VS Code: spdlog,
// node-pty, kerberos, ...) is built by that nested npm install as usual.
//
// Skips quietly when code-server is not installed (`npm ci --omit=dev`) and when its nested
// install is already complete. Fails with one line naming what is missing.
import { existsSync, lstatSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const codeServer = path.join(root, 'node_modules', 'code-server');
const fail = (msg) => {
  process.stderr.write(`sightline: ${msg}\n`);
  process.exit(1);
};

if (!existsSync(path.join(codeServer, 'package.json'))) process.exit(0);

const vscode = path.join(codeServer, 'lib', 'vscode');
const stamp = path.join(codeServer, '.sightline-postinstall-done');
const asarLink = path.join(vscode, 'node_modules.asar');
const complete =
  existsSync(stamp) &&
  existsSync(path.join(vscode, 'node_modules', '.package-lock.json')) &&
  existsSync(path.join(vscode, 'extensions', 'node_modules')) &&
  (() => {
    try {
      return lstatSync(asarLink).isSymbolicLink();
    } catch {
      return false;
    }
  })();
if (complete) process.exit(0);

const [major] = process.versions.node.split('.').map(Number);
if (major !== 20) fail(`code-server 4.100 needs Node.js 20 (this is ${process.version}).`);
for (const [header, pkg] of [
  ['/usr/include/krb5.h', 'libkrb5-dev'],
  ['/usr/include/X11/extensions/XKBfile.h', 'libxkbfile-dev'],
  ['/usr/include/libsecret-1/libsecret/secret.h', 'libsecret-1-dev'],
]) {
  if (!existsSync(header)) fail(`${header} is missing (code-server's native modules need it): apt-get install ${pkg}`);
}

const rg = spawnSync('bash', [path.join(root, 'scripts', 'prepare-ripgrep-cache.sh')], { stdio: 'inherit' });
if (rg.status !== 0) process.exit(rg.status ?? 1);

// npm 11 asks for install-script approvals. The nested install in lib/vscode has no policy of
// its own (npm would list these as unreviewed; a stricter npm would skip them), and the root
// package.json's `allowScripts` does not reach it. Its project .npmrc does: the reviewed list of
// VS Code's server dependencies with install scripts (native modules and ripgrep).
const vscodeNpmrc = path.join(vscode, '.npmrc');
const reviewed = [
  '@parcel/watcher',
  '@vscode/deviceid',
  '@vscode/ripgrep',
  '@vscode/spdlog',
  '@vscode/windows-process-tree',
  '@vscode/windows-registry',
  'kerberos',
  'native-watchdog',
  'node-pty',
];
const npmrcText = existsSync(vscodeNpmrc) ? readFileSync(vscodeNpmrc, 'utf8') : '';
if (!/^allow-scripts=/m.test(npmrcText)) {
  writeFileSync(vscodeNpmrc, `${npmrcText}${npmrcText && !npmrcText.endsWith('\n') ? '\n' : ''}allow-scripts=${reviewed.join(',')}\n`);
}

const env = { ...process.env };
// code-server's script refuses to run as root without this (npm 11 no longer has the option).
env.npm_config_unsafe_perm = 'true';
// node-pty's post-install runs `npx node-gyp ...`; npx must not stop to ask (~/.npmrc may say yes=false).
env.npm_config_yes = 'true';
env.npm_config_user_agent ??= `npm/unknown node/${process.version} ${process.platform} ${process.arch}`;
// Build native modules against the installed Node headers instead of downloading them.
if (!env.npm_config_nodedir && existsSync('/usr/include/node/node.h')) env.npm_config_nodedir = '/usr';
process.stdout.write('sightline: installing code-server\'s VS Code dependencies (native modules; a few minutes)...\n');
const started = Date.now();
const r = spawnSync('sh', ['./postinstall.sh'], { cwd: codeServer, env, stdio: 'inherit' });
if (r.status !== 0) fail(`code-server's postinstall failed (exit ${r.status}); see the output above.`);
writeFileSync(stamp, `${new Date().toISOString()}\n`);
process.stdout.write(`sightline: code-server ready (${Math.round((Date.now() - started) / 1000)} s)\n`);
