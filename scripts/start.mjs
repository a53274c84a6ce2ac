// `npm start`: Sightline in real VS Code for the Web (code-server), opened on examples/.
//
// 1. packages the .vsix from the current sources (scripts/package.mjs -> .e2e/start/sightline.vsix)
// 2. installs it into code-server with directories of its own under .e2e/start/ (user data,
//    extensions, config file: nothing is written to ~/.config or ~/.local)
// 3. starts code-server on 127.0.0.1 (a free port, or $PORT) without authentication, opening
//    examples/ (trusted: no Workspace Trust prompt) or $SIGHTLINE_WORKSPACE (VS Code asks
//    whether to trust it), and prints the URL. Ctrl+C stops it.
// Missing prerequisites were reported by scripts/check-prereqs.mjs start (one line each).
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, rmSync, writeFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { setInterval } from 'node:timers';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const fail = (msg) => {
  process.stderr.write(`sightline: ${msg}\n`);
  process.exit(1);
};

const workspace = path.resolve(root, process.env.SIGHTLINE_WORKSPACE || 'examples');
if (!existsSync(workspace) || !statSync(workspace).isDirectory()) fail(`the folder to open, ${workspace}, does not exist.`);
const port = process.env.PORT ? Number(process.env.PORT) : 0;
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`PORT must be a port number (got '${process.env.PORT}').`);

const codeServer = path.join(root, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
// SIGHTLINE_START_DIR: where the isolated state lives (the npm start test uses its own).
const dir = path.resolve(root, process.env.SIGHTLINE_START_DIR || path.join('.e2e', 'start'));
const vsix = path.join(dir, 'sightline.vsix');
const userDataDir = path.join(dir, 'user-data');
const extensionsDir = path.join(dir, 'extensions');
const configFile = path.join(dir, 'config.yaml');

process.stdout.write('sightline: building and packaging the extension...\n');
const pkg = spawnSync(process.execPath, [path.join(root, 'scripts', 'package.mjs'), '--out', vsix, '--quiet'], { cwd: root, stdio: 'inherit' });
if (pkg.status !== 0) process.exit(pkg.status ?? 1);

// A fresh extensions dir each time: the installed copy is always the one just packaged.
rmSync(extensionsDir, { recursive: true, force: true });
mkdirSync(extensionsDir, { recursive: true });
mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
const settingsFile = path.join(userDataDir, 'User', 'settings.json');
if (!existsSync(settingsFile)) {
  writeFileSync(
    settingsFile,
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'workbench.welcomePage.walkthroughs.openOnInstall': false,
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        'extensions.autoUpdate': false,
        'extensions.autoCheckUpdates': false,
      },
      null,
      2,
    ),
  );
}
writeFileSync(configFile, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
const common = ['--config', configFile, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];

const install = spawnSync(process.execPath, [codeServer, ...common, '--install-extension', vsix], { encoding: 'utf8' });
if (install.status !== 0 || !/successfully installed/.test(install.stdout)) {
  fail(`installing the .vsix into code-server failed: ${(install.stdout + install.stderr).trim().split('\n').pop()}`);
}

const server = spawn(
  process.execPath,
  [
    codeServer,
    ...common,
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    // The bundled examples are ours: no trust prompt. Any other folder gets VS Code's usual one.
    ...(workspace === path.join(root, 'examples') ? ['--disable-workspace-trust'] : []),
    workspace,
  ],
  { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
);
let log = '';
let announced = false;
const onData = (d) => {
  const s = d.toString();
  if (!announced) {
    log += s;
    const m = /HTTP server listening on (http:\/\/\S+?)\/?\s/.exec(log);
    if (m) {
      announced = true;
      const url = `${m[1]}/?folder=${encodeURIComponent(workspace)}`;
      process.stdout.write(`\nsightline: VS Code for the Web with Sightline is running on ${path.relative(root, workspace) || workspace}:\n\n    ${url}\n\nOpen it in a browser. Ctrl+C stops it. (code-server's log: ${path.join(dir, 'code-server.log')})\n`);
    } else if (/EADDRINUSE|address already in use/.test(log)) {
      server.kill('SIGKILL');
      fail(`port ${port} is already in use: choose another with PORT=...`);
    }
  }
  logFile.write(s);
};
const logFile = createWriteStream(path.join(dir, 'code-server.log'));
server.stdout.on('data', onData);
server.stderr.on('data', onData);
server.on('exit', (code, signal) => {
  logFile.end();
  if (!announced) fail(`code-server exited (${signal ?? `code ${code}`}) before listening:\n${log}`);
  process.exit(code ?? 0);
});
const stop = () => {
  server.kill('SIGTERM');
  setTimeout(() => server.kill('SIGKILL'), 5000).unref();
};
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, stop);
// `npm start` runs us under `sh -c`; when npm alone is killed, sh dies without passing the
// signal on and we are re-parented. Stop code-server then too, rather than leave it running.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) stop();
}, 1000).unref();
