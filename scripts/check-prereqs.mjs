// Fails with one line naming what is missing, instead of a stack trace later.
// Usage: node scripts/check-prereqs.mjs build|test|start|package
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const what = process.argv[2] ?? 'build';
const fail = (msg) => {
  process.stderr.write(`sightline: ${msg}\n`);
  process.exit(1);
};
const hasModule = (mod) => existsSync(path.join(root, 'node_modules', mod, 'package.json'));

const [major] = process.versions.node.split('.').map(Number);
if (major < 20) fail(`Node.js 20 or newer is needed (this is ${process.version}).`);
for (const mod of ['typescript', 'esbuild', 'sql.js', 'vscode-languageserver', 'vscode-languageclient']) {
  if (!hasModule(mod)) fail(`the npm package '${mod}' is missing: run \`npm ci\` first.`);
}
const has = (cmd) => {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
// code-server is complete when its own postinstall (run by scripts/install-code-server.mjs) has
// installed VS Code's server dependencies.
const codeServerReady = () => {
  const cs = path.join(root, 'node_modules', 'code-server');
  if (!existsSync(path.join(cs, 'package.json')))
    fail("the npm package 'code-server' is missing: run `npm ci` (it needs the apt packages libkrb5-dev libxkbfile-dev libsecret-1-dev ripgrep; see README).");
  if (major !== 20) fail(`code-server 4.100 runs on Node.js 20 only (this is ${process.version}).`);
  if (!existsSync(path.join(cs, 'lib', 'vscode', 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg')) || !existsSync(path.join(cs, '.sightline-postinstall-done')))
    fail("code-server's install is incomplete: run `node scripts/install-code-server.mjs` (or `npm ci` again) and read its message.");
};
const needVsce = () => {
  if (!hasModule('@vscode/vsce')) fail("the npm package '@vscode/vsce' is missing: run `npm ci` first.");
};

if (what === 'package') needVsce();
if (what === 'start') {
  needVsce();
  codeServerReady();
}
if (what === 'test') {
  needVsce();
  codeServerReady();
  if (!hasModule('playwright-core')) fail("the npm package 'playwright-core' is missing: run `npm ci` first.");
  const chromium = process.env.SIGHTLINE_CHROMIUM || '/usr/bin/chromium';
  if (!existsSync(chromium)) fail(`Chromium is missing (end-to-end tests need ${chromium}): \`apt-get install chromium\`, or set SIGHTLINE_CHROMIUM to a Chromium binary.`);
  if (!existsSync(path.join(root, '..', 'shared', 'corpus'))) fail(`../shared is missing (tests read the corpus and traces from ${path.join(path.dirname(root), 'shared')}).`);
  for (const cmd of ['sshd', 'ssh', 'ssh-keygen', 'sqlite3', 'python3']) {
    const p = cmd === 'sshd' ? existsSync('/usr/sbin/sshd') || has('sshd') : has(cmd);
    if (!p) fail(`'${cmd}' is missing (tests need it): apt-get install openssh-server openssh-client sqlite3 python3 (see .ci/run).`);
  }
}
