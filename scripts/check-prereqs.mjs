// Fails with one line naming what is missing, instead of a stack trace later.
// Usage: node scripts/check-prereqs.mjs build|test|start
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const what = process.argv[2] ?? 'build';
const fail = (msg) => {
  process.stderr.write(`sightline: ${msg}\n`);
  process.exit(1);
};

const [major] = process.versions.node.split('.').map(Number);
if (major < 20) fail(`Node.js 20 or newer is needed (this is ${process.version}).`);
for (const mod of ['typescript', 'esbuild', 'sql.js', 'vscode-languageserver', 'vscode-languageclient']) {
  if (!existsSync(path.join(root, 'node_modules', mod, 'package.json'))) fail(`the npm package '${mod}' is missing: run \`npm ci\` first.`);
}
const has = (cmd) => {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
const chromium = () => process.env.SIGHTLINE_CHROMIUM || ['chromium', 'chromium-browser', 'google-chrome'].find(has);
if (what === 'start') {
  if (!existsSync(path.join(root, 'node_modules', 'code-server', 'package.json')))
    fail("the npm package 'code-server' is missing: run `npm ci` (it needs the apt packages libkrb5-dev libxkbfile-dev libsecret-1-dev; see README).");
}
if (what === 'test') {
  if (!existsSync(path.join(root, 'node_modules', 'code-server', 'package.json')))
    fail("the npm package 'code-server' is missing (end-to-end tests need it): run `npm ci`; see README for its apt packages.");
  if (!chromium()) fail("Chromium is missing (end-to-end tests need it): `apt-get install chromium`, or set SIGHTLINE_CHROMIUM to a Chromium binary.");
  for (const cmd of ['sshd', 'ssh', 'ssh-keygen', 'sqlite3', 'python3']) {
    const p = cmd === 'sshd' ? existsSync('/usr/sbin/sshd') || has('sshd') : has(cmd);
    if (!p) fail(`'${cmd}' is missing (tests need it): apt-get install openssh-server openssh-client sqlite3 python3 (see .ci/run).`);
  }
}
