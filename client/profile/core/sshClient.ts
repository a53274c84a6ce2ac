// Runs commands on a target with the system OpenSSH client, so ~/.ssh/config, agents, keys,
// ProxyJump and known_hosts behave as in a terminal. One multiplexed master connection
// (ControlMaster) is opened per client and reused by every command and download; host keys
// are checked exactly as OpenSSH does by default (StrictHostKeyChecking is never overridden).
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { classifySshFailure, type SshFailure } from './sshErrors';
import { type ProfileTarget, targetLabel } from './target';
import { shellQuote } from './shellQuote';

export interface SshClientOptions {
  target: ProfileTarget;
  /** ssh -F: a config file used instead of ~/.ssh/config. */
  configFile?: string;
  /** BatchMode=yes: never prompt (CLI without a terminal, tests). */
  batchMode: boolean;
  /** Environment that makes ssh ask through an askpass helper (AskpassServer.env()). */
  askpassEnv?: Record<string, string>;
  /** ControlMaster multiplexing (not available with Windows' OpenSSH). */
  multiplex?: boolean;
  connectTimeoutS?: number;
  sshPath?: string;
  /** Extra `-o Key=Value` options (tests use them for a throw-away known_hosts). */
  extraOptions?: string[];
}

export class SshError extends Error {
  constructor(readonly failure: SshFailure) {
    super(failure.message);
  }
}

export interface ExecOptions {
  onStdout?: (chunk: string) => void;
  onStderr?: (chunk: string) => void;
  /** Kills the local ssh process (the remote side is stopped separately, never by this). */
  signal?: AbortSignal;
  stdin?: string;
}

export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
  /** True when ssh itself failed (exit 255), not the remote command. */
  sshFailed: boolean;
}

export interface DownloadOptions {
  /** Expected size; the download resumes from what is already in `localPath`. */
  size: number;
  sha256?: string;
  onProgress?: (received: number, total: number) => void;
  /** Bytes per second; 0 or undefined: unlimited. */
  rateLimit?: number;
  signal?: AbortSignal;
}

export class SshClient {
  readonly label: string;
  private controlDir: string | undefined;
  private masterUp = false;

  constructor(readonly opts: SshClientOptions) {
    this.label = targetLabel(opts.target);
  }

  get multiplexed(): boolean {
    return (this.opts.multiplex ?? process.platform !== 'win32') && this.controlDir !== undefined;
  }

  /** The -o options shared by every ssh invocation. */
  commonArgs(controlMaster: 'no' | 'yes' = 'no'): string[] {
    const t = this.opts.target;
    const a: string[] = [];
    // The target's own ssh config wins over the session's (SIGHTLINE_SSH_CONFIG, --ssh-config).
    const config = t.sshConfigFile ?? this.opts.configFile;
    if (config) a.push('-F', config);
    const o = (kv: string) => a.push('-o', kv);
    o(`BatchMode=${this.opts.batchMode ? 'yes' : 'no'}`);
    o(`ConnectTimeout=${this.opts.connectTimeoutS ?? 15}`);
    o('ServerAliveInterval=5');
    o('ServerAliveCountMax=3');
    o('LogLevel=ERROR');
    if (t.port) o(`Port=${t.port}`);
    if (t.user) o(`User=${t.user}`);
    // ProxyJump as ssh -J does it: the jump hosts are resolved with the same config file.
    if (t.proxyJump) o(`ProxyJump=${t.proxyJump}`);
    if (t.identityFile) {
      o(`IdentityFile=${t.identityFile}`);
      o('IdentitiesOnly=yes');
    }
    if (this.multiplexed && this.controlDir) {
      o(`ControlPath=${path.join(this.controlDir, 'cm-%C')}`);
      o(`ControlMaster=${controlMaster}`);
    }
    for (const x of this.opts.extraOptions ?? []) o(x);
    return a;
  }

  /** Full argv for running `remoteCommand` (one shell command line, already quoted). */
  execArgs(remoteCommand: string): string[] {
    return [...this.commonArgs(), '-T', '--', this.opts.target.host, remoteCommand];
  }

  private env(): NodeJS.ProcessEnv {
    return { ...process.env, ...(this.opts.askpassEnv ?? {}) };
  }

  /**
   * Opens the connection (the multiplexing master where supported) and checks it. Throws
   * SshError with a message saying what to do (unknown host key, wrong key, refused...).
   */
  async connect(): Promise<void> {
    if ((this.opts.multiplex ?? process.platform !== 'win32') && !this.controlDir) {
      this.controlDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-ssh-'));
    }
    if (this.multiplexed) {
      // The master authenticated (ssh -f returns only then): that is the check.
      await this.startMaster();
      return;
    }
    const r = await this.exec('echo sightline-ok');
    if (r.sshFailed || !r.stdout.includes('sightline-ok')) {
      throw new SshError(classifySshFailure(r.stderr, this.label));
    }
  }

  private async startMaster(): Promise<void> {
    if (!this.controlDir) return;
    const errFile = path.join(this.controlDir, 'master.err');
    const fd = fs.openSync(errFile, 'w');
    const args = this.commonArgs('yes');
    args.push('-o', 'ControlPersist=600', '-N', '-f', '-T', '--', this.opts.target.host);
    const code = await new Promise<number>((resolve) => {
      const p = spawn(this.opts.sshPath ?? 'ssh', args, { stdio: ['ignore', 'ignore', fd], env: this.env(), detached: true });
      p.on('error', () => resolve(-1));
      p.on('exit', (c) => resolve(c ?? 255));
    });
    fs.closeSync(fd);
    if (code !== 0) {
      const err = fs.readFileSync(errFile, 'utf8');
      if (code === -1) throw new SshError({ kind: 'ssh-missing', message: `The OpenSSH client 'ssh' was not found on this machine; install it (e.g. apt-get install openssh-client).` });
      throw new SshError(classifySshFailure(err, this.label));
    }
    this.masterUp = true;
  }

  /** Re-opens the connection after a dropped link (the old master is closed first). */
  async reconnect(): Promise<void> {
    await this.closeMaster();
    await this.connect();
  }

  /** Runs one remote shell command line; streams output; resolves with the exit status. */
  exec(remoteCommand: string, o: ExecOptions = {}): Promise<ExecResult> {
    return new Promise((resolve) => {
      let child: ChildProcess;
      try {
        child = spawn(this.opts.sshPath ?? 'ssh', this.execArgs(remoteCommand), {
          stdio: [o.stdin !== undefined ? 'pipe' : 'ignore', 'pipe', 'pipe'],
          env: this.env(),
          // Own process group: a Ctrl-C in the terminal reaches the CLI, which stops the
          // capture through nsys, not the ssh carrying it.
          detached: true,
        });
      } catch (e) {
        resolve({ code: 255, stdout: '', stderr: String(e), sshFailed: true });
        return;
      }
      let stdout = '';
      let stderr = '';
      child.stdout!.setEncoding('utf8');
      child.stderr!.setEncoding('utf8');
      child.stdout!.on('data', (d: string) => {
        stdout += d;
        o.onStdout?.(d);
      });
      child.stderr!.on('data', (d: string) => {
        stderr += d;
        o.onStderr?.(d);
      });
      if (o.stdin !== undefined) child.stdin!.end(o.stdin);
      const onAbort = () => child.kill('SIGTERM');
      o.signal?.addEventListener('abort', onAbort, { once: true });
      child.on('error', (e) => {
        stderr += String(e);
      });
      child.on('close', (code) => {
        o.signal?.removeEventListener('abort', onAbort);
        const c = code ?? 255;
        resolve({ code: c, stdout, stderr, sshFailed: c === 255 });
      });
    });
  }

  /**
   * Downloads one remote file through the connection, resuming from the bytes already in
   * `localPath` (remote `tail -c +N`), with progress and an optional rate limit. Resolves when
   * the file is complete (size and, when given, SHA-256 checked); rejects on a dropped link.
   */
  download(remotePath: string, localPath: string, o: DownloadOptions): Promise<void> {
    const have = fs.existsSync(localPath) ? fs.statSync(localPath).size : 0;
    const start = have > o.size ? 0 : have;
    return new Promise((resolve, reject) => {
      const finish = () => {
        if (!o.sha256) {
          resolve();
          return;
        }
        sha256File(localPath).then((h) => {
          if (h === o.sha256) {
            resolve();
            return;
          }
          // A corrupt resume: start this file over on the next attempt.
          fs.truncateSync(localPath, 0);
          reject(new Error(`${path.basename(remotePath)}: SHA-256 mismatch after download (${h} != ${o.sha256}); it will be fetched again`));
        }, reject);
      };
      if (start === o.size && fs.existsSync(localPath)) {
        finish();
        return;
      }
      const cmd = start === 0 ? `cat ${shellQuote(remotePath)}` : `tail -c +${start + 1} ${shellQuote(remotePath)}`;
      const child = spawn(this.opts.sshPath ?? 'ssh', this.execArgs(cmd), { stdio: ['ignore', 'pipe', 'pipe'], env: this.env(), detached: true });
      const out = fs.createWriteStream(localPath, { flags: start === 0 ? 'w' : 'a' });
      let received = start;
      let stderr = '';
      const t0 = Date.now();
      child.stderr!.setEncoding('utf8');
      child.stderr!.on('data', (d: string) => (stderr += d));
      child.stdout!.on('data', (d: Buffer) => {
        received += d.length;
        if (!out.write(d)) {
          child.stdout!.pause();
          out.once('drain', () => child.stdout!.resume());
        }
        o.onProgress?.(received, o.size);
        if (o.rateLimit && o.rateLimit > 0) {
          const due = ((received - start) / o.rateLimit) * 1000 - (Date.now() - t0);
          if (due > 5) {
            child.stdout!.pause();
            setTimeout(() => child.stdout!.resume(), due);
          }
        }
      });
      const onAbort = () => child.kill('SIGTERM');
      o.signal?.addEventListener('abort', onAbort, { once: true });
      child.on('error', (e) => (stderr += String(e)));
      child.on('close', (code) => {
        o.signal?.removeEventListener('abort', onAbort);
        out.end(() => {
          if (o.signal?.aborted) {
            reject(new Error('download cancelled'));
            return;
          }
          if (code !== 0 || received !== o.size) {
            const why = code === 255 || code === null ? classifySshFailure(stderr, this.label).message : `remote read failed (exit ${code}): ${stderr.trim()}`;
            reject(new Error(`${path.basename(remotePath)}: ${received} of ${o.size} bytes received; ${why}`));
            return;
          }
          finish();
        });
      });
    });
  }

  /** Closes the multiplexing master (ssh -O exit) and removes the private control folder. */
  async closeMaster(): Promise<void> {
    if (this.masterUp && this.controlDir) {
      const clean = this.commonArgs();
      await new Promise<void>((resolve) => {
        const p = spawn(this.opts.sshPath ?? 'ssh', [...clean, '-O', 'exit', '--', this.opts.target.host], { stdio: 'ignore', env: this.env() });
        p.on('error', () => resolve());
        p.on('exit', () => resolve());
      });
    }
    this.masterUp = false;
  }

  async close(): Promise<void> {
    await this.closeMaster();
    if (this.controlDir) fs.rmSync(this.controlDir, { recursive: true, force: true });
    this.controlDir = undefined;
  }
}

export function sha256File(p: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    fs.createReadStream(p)
      .on('data', (d) => h.update(d))
      .on('error', reject)
      .on('end', () => resolve(h.digest('hex')));
  });
}
