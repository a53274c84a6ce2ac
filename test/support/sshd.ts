// A real OpenSSH server for the profiling tests: Debian's /usr/sbin/sshd started on 127.0.0.1
// on a free port, as the current user, with its own sshd_config, a throw-away host key and
// user key in a temp folder. The "remote" PATH starts with test/fixtures/fake-nsys, and
// FAKE_NSYS_STATE points at a per-server folder that steers the fake nsys. Also writes an
// ssh client config (used with ssh -F) whose Host alias reaches the server.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from './lspClient';

export const fakeNsysDir = path.join(repoRoot, 'test', 'fixtures', 'fake-nsys');
export const sshdPath = ['/usr/sbin/sshd', '/usr/bin/sshd'].find((p) => fs.existsSync(p)) ?? '/usr/sbin/sshd';

export interface SshdOptions {
  /** Put the fake nsys on the remote PATH (default true). */
  fakeNsys?: boolean;
  /** Protect the user key with this passphrase. */
  passphrase?: string;
  /** Record the host key in the client's known_hosts (default true). */
  knownHost?: boolean;
  /** sshd LogLevel (default ERROR); DEBUG1 logs forwarding requests such as ProxyJump's direct-tcpip. */
  logLevel?: 'ERROR' | 'INFO' | 'VERBOSE' | 'DEBUG1';
}

export interface TestSshd {
  alias: string;
  port: number;
  dir: string;
  /** ssh client config for `ssh -F`. */
  clientConfig: string;
  userKey: string;
  knownHosts: string;
  /** FAKE_NSYS_STATE on the "remote" side. */
  stateDir: string;
  /** Folder the tests use as the target's remoteDir. */
  remoteBase: string;
  /** Writes a control file for the fake nsys (trace, paranoid, fail, noexport). */
  setFake(name: string, value: string | undefined): void;
  /** Kills sshd and every sshd process serving a connection (SIGKILL), like a crash. */
  kill(): void;
  /** Starts sshd again on the same port with the same keys. */
  restart(): Promise<void>;
  /** What sshd logged so far (stderr, -e), at the chosen LogLevel. */
  log(): string;
  /** Processes still running that were started through this server (orphan check). */
  remoteProcesses(): { pid: number; cmdline: string }[];
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const c = net.connect(port, '127.0.0.1');
      c.once('data', () => {
        c.destroy();
        resolve();
      });
      c.once('error', () => {
        c.destroy();
        if (Date.now() - t0 > timeoutMs) reject(new Error(`sshd did not start on port ${port}`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

function descendants(root: number): number[] {
  const parent = new Map<number, number>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parent.set(Number(name), ppid);
    } catch {
      /* gone */
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const [c, pp] of parent) if (pp === p) {
      out.push(c);
      walk(c);
    }
  };
  walk(root);
  return out;
}

function comm(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

export async function startSshd(o: SshdOptions = {}): Promise<TestSshd> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-sshd-'));
  const stateDir = path.join(dir, 'fake-nsys-state');
  const remoteBase = path.join(dir, 'remote runs');
  fs.mkdirSync(stateDir);
  const hostKey = path.join(dir, 'host_ed25519');
  const userKey = path.join(dir, 'id_user');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'sightline-test-host', '-f', hostKey]);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', o.passphrase ?? '', '-C', 'sightline-test-user', '-f', userKey]);
  fs.copyFileSync(`${userKey}.pub`, path.join(dir, 'authorized_keys'));
  const port = await freePort();
  const user = os.userInfo().username;
  const remotePath = [...(o.fakeNsys === false ? [] : [fakeNsysDir]), '/usr/local/bin', '/usr/bin', '/bin'].join(':');
  const sftpServer = ['/usr/lib/openssh/sftp-server', '/usr/libexec/sftp-server'].find((p) => fs.existsSync(p)) ?? 'internal-sftp';
  const sshdConfig = path.join(dir, 'sshd_config');
  fs.writeFileSync(
    sshdConfig,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKey}`,
      `PidFile ${path.join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
      'StrictModes no',
      'UsePAM no',
      // CI runs the tests as root: allow root for this throw-away server only (keys only).
      'PermitRootLogin prohibit-password',
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      `AllowUsers ${user}`,
      'MaxStartups 100',
      'MaxSessions 100',
      `LogLevel ${o.logLevel ?? 'ERROR'}`,
      `Subsystem sftp ${sftpServer}`,
      `SetEnv PATH=${remotePath} FAKE_NSYS_STATE=${stateDir}`,
      '',
    ].join('\n'),
  );
  const knownHosts = path.join(dir, 'known_hosts');
  const hostPub = fs.readFileSync(`${hostKey}.pub`, 'utf8').trim().split(' ').slice(0, 2).join(' ');
  fs.writeFileSync(knownHosts, o.knownHost === false ? '' : `[127.0.0.1]:${port} ${hostPub}\n`);
  const alias = 'sightline-test';
  const clientConfig = path.join(dir, 'ssh_config');
  fs.writeFileSync(
    clientConfig,
    [
      `Host ${alias}`,
      '  HostName 127.0.0.1',
      `  Port ${port}`,
      `  User ${user}`,
      `  IdentityFile ${userKey}`,
      '  IdentitiesOnly yes',
      '  IdentityAgent none',
      `  UserKnownHostsFile ${knownHosts}`,
      '  GlobalKnownHostsFile /dev/null',
      '',
    ].join('\n'),
  );
  if (process.getuid?.() === 0) fs.mkdirSync('/run/sshd', { recursive: true });

  let proc: ChildProcess | undefined;
  let logged = '';
  const start = async () => {
    let err = '';
    // A watchdog shell holds sshd: when this test process dies (even by SIGKILL) its stdin
    // closes, `read` returns and the shell kills sshd, so no test server outlives its test.
    const q = (x: string) => `'${x.replace(/'/g, `'\\''`)}'`;
    proc = spawn('/bin/sh', ['-c', `${q(sshdPath)} -D -e -f ${q(sshdConfig)} & pid=$!; read _; kill $pid 2>/dev/null; wait $pid`], { stdio: ['pipe', 'ignore', 'pipe'] });
    proc.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      logged += d.toString();
    });
    const exited = new Promise<never>((_, reject) => proc!.once('exit', (c) => reject(new Error(`sshd exited (${c}): ${err}`))));
    await Promise.race([waitForPort(port, 10000).catch((e: Error) => Promise.reject(new Error(`${e.message}: ${err}`))), exited]);
    exited.catch(() => undefined);
  };
  await start();

  const self: TestSshd = {
    alias,
    port,
    dir,
    clientConfig,
    userKey,
    knownHosts,
    stateDir,
    remoteBase,
    log() {
      return logged;
    },
    setFake(name, value) {
      const f = path.join(stateDir, name);
      if (value === undefined) fs.rmSync(f, { force: true });
      else fs.writeFileSync(f, value);
    },
    kill() {
      if (!proc?.pid) return;
      // sshd itself and every sshd process serving a connection, like a crash.
      for (const p of descendants(proc.pid).filter((x) => comm(x) === 'sshd')) {
        try {
          process.kill(p, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
      proc.stdin!.end();
      proc = undefined;
    },
    async restart() {
      self.kill();
      await start();
    },
    remoteProcesses() {
      const out: { pid: number; cmdline: string }[] = [];
      for (const name of fs.readdirSync('/proc')) {
        if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
        try {
          const env = fs.readFileSync(`/proc/${name}/environ`, 'utf8');
          if (!env.split('\0').includes(`FAKE_NSYS_STATE=${stateDir}`)) continue;
          const cmdline = fs.readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' ').trim();
          // A process in its last moments (zombie) has an empty command line.
          if (cmdline) out.push({ pid: Number(name), cmdline });
        } catch {
          /* gone or not ours */
        }
      }
      return out;
    },
    async stop() {
      if (proc?.pid) {
        const p = proc;
        const gone = new Promise<void>((r) => p.once('exit', () => r()));
        self.kill();
        await gone;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return self;
}

/** Waits until no process started through the server is left (or returns what is left). */
export async function waitNoRemoteProcesses(s: TestSshd, timeoutMs = 5000): Promise<{ pid: number; cmdline: string }[]> {
  const t0 = Date.now();
  for (;;) {
    const left = s.remoteProcesses();
    if (!left.length || Date.now() - t0 > timeoutMs) return left;
    await new Promise((r) => setTimeout(r, 100));
  }
}
