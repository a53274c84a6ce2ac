// One profiling run from start to finish, shared by the CLI and the VS Code command:
// connect -> preflight -> capture (nsys profile, or nsys launch + start/stop) -> export on the
// target -> download (resumed/retried) -> remote cleanup -> run folder with run.json.
// Cancel stops the capture through nsys (stop, then SIGINT, then cancel), so what was captured
// is still written and brought home. Nothing here imports vscode.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { SshClient, SshError, type SshClientOptions } from './sshClient';
import { type ProfileTarget, targetLabel, targetSlug, defaultRemoteDir, validateTarget } from './target';
import { shellJoin } from './shellQuote';
import {
  captureScript,
  cleanupScript,
  interruptCaptureScript,
  killCaptureScript,
  listResultsScript,
  preflightScript,
  waitCaptureScript,
} from './remoteScripts';
import { filesToCheck, parsePreflight, preflightErrors, type PreflightReport } from './preflight';
import {
  type CaptureSettings,
  nsysCancelArgs,
  nsysExportArgs,
  nsysLaunchArgs,
  nsysProfileArgs,
  nsysShutdownArgs,
  nsysStartArgs,
  nsysStopArgs,
  sessionName,
  validateAppCommand,
  validateCaptureSettings,
} from './nsysArgs';
import { createRunDir, runTimestamp, writeMetadata, type RunMetadata, type RunStatus } from './runStore';
import { summarizeDotGraph } from './dotGraph';

export type ProfileStep = 'connect' | 'preflight' | 'capture' | 'stop' | 'export' | 'download' | 'cleanup' | 'done';

export interface ProfileRequest {
  target: ProfileTarget;
  command: string[];
  /** Remote working directory of the command (default: the remote home). */
  cwd?: string;
  capture: CaptureSettings;
  mode: 'profile' | 'interactive';
  captureGraphs: boolean;
  keepRemoteFiles: boolean;
  /** Local folder holding the runs (<workspace>/.sightline/profiles). */
  profilesRoot: string;
  minFreeMB?: number;
  ssh: Omit<SshClientOptions, 'target'>;
  nsysSearchPatterns?: string[];
  download?: { rateLimit?: number; attempts?: number; retryDelayMs?: number };
  /** nsys on this machine, used to export when the target cannot. */
  localNsys?: string;
  now?: Date;
}

export interface ProfileHooks {
  /** Live output of the remote nsys and application. */
  output?: (text: string) => void;
  /** Sightline's own progress lines. */
  info?: (line: string) => void;
  progress?: (p: { step: ProfileStep; message: string; fraction?: number }) => void;
  /** Aborting stops the capture cleanly (the report so far is kept) or the download. */
  signal?: AbortSignal;
  /** Interactive mode: resolves true when the user starts the capture (false: give up). */
  waitForStart?: () => Promise<boolean>;
  /** Interactive mode: resolves when the user stops the capture. */
  waitForStop?: () => Promise<void>;
}

export interface ProfileResult {
  /** A captured report and its SQLite export are in the run folder. */
  ok: boolean;
  status: RunStatus;
  runDir: string;
  metadata: RunMetadata;
  message: string;
  preflight?: PreflightReport;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

class Cancelled extends Error {}

export async function runProfile(req: ProfileRequest, hooks: ProfileHooks = {}): Promise<ProfileResult> {
  const label = targetLabel(req.target);
  const started = req.now ?? new Date();
  const { id: runId, dir: runDir } = createRunDir(req.profilesRoot, runTimestamp(started), targetSlug(req.target));
  const logFile = fs.openSync(path.join(runDir, 'capture.log'), 'a');
  const info = (line: string) => {
    fs.writeSync(logFile, `[sightline] ${line}\n`);
    hooks.info?.(line);
  };
  const output = (text: string) => {
    fs.writeSync(logFile, text);
    hooks.output?.(text);
  };
  const progress = (step: ProfileStep, message: string, fraction?: number) => hooks.progress?.({ step, message, fraction });
  const meta: RunMetadata = {
    schema: 1,
    id: runId,
    target: { label, host: req.target.host, user: req.target.user, port: req.target.port },
    command: [...req.command],
    cwd: req.cwd,
    trace: [...req.capture.trace],
    durationS: req.capture.durationS,
    delayS: req.capture.delayS,
    mode: req.mode,
    startedAt: started.toISOString(),
    remoteKept: false,
    status: 'running',
    checks: [],
    files: { graphs: [] },
    graphs: [],
  };
  writeMetadata(runDir, meta);

  const finish = (status: RunStatus, message: string, preflight?: PreflightReport): ProfileResult => {
    meta.status = status;
    meta.message = message;
    meta.finishedAt = new Date().toISOString();
    writeMetadata(runDir, meta);
    info(message);
    fs.closeSync(logFile);
    const ok = !!meta.files.report && !!meta.files.sqlite && status !== 'failed';
    return { ok, status, runDir, metadata: meta, message, preflight };
  };

  const problems = [...validateTarget(req.target), ...validateCaptureSettings(req.capture), ...validateAppCommand(req.command)];
  if (problems.length) return finish('failed', `Cannot start the run: ${problems.join('; ')}`);

  const ssh = new SshClient({ ...req.ssh, target: req.target });
  const aborted = () => hooks.signal?.aborted === true;
  try {
    // 1. Connect.
    progress('connect', `Connecting to ${label}…`);
    info(`connecting to ${label} with OpenSSH`);
    try {
      await ssh.connect();
    } catch (e) {
      return finish('failed', e instanceof SshError ? e.message : `Cannot connect to ${label}: ${String(e)}`);
    }
    if (aborted()) return finish('cancelled', 'Cancelled before the capture started; nothing was run on the target.');

    // 2. Preflight.
    progress('preflight', 'Checking the target (nsys, environment, disk, files)…');
    const files = filesToCheck(req.command);
    const pf = await ssh.exec(
      preflightScript({ nsysPath: req.target.nsysPath, searchPatterns: req.nsysSearchPatterns, remoteBase: req.target.remoteDir ?? defaultRemoteDir, runId, cwd: req.cwd, files }),
    );
    if (pf.sshFailed) return finish('failed', `The preflight on ${label} failed: ${pf.stderr.trim() || 'connection lost'}`);
    const report = parsePreflight(pf.stdout, files, { minFreeMB: req.minFreeMB ?? 256, noCpuSampling: !!req.capture.noCpuSampling, targetLabel: label });
    meta.checks = report.checks;
    meta.nsysVersion = report.nsysVersion;
    meta.nsysPath = report.nsysPath;
    meta.remoteRunDir = report.runDir;
    for (const c of report.checks) info(`preflight ${c.severity}: ${c.message}${c.fix ? `\n    fix: ${c.fix}` : ''}`);
    const errors = preflightErrors(report);
    if (errors.length || !report.nsysPath || !report.runDir) {
      if (report.runDir) await removeRemote(ssh, report.runDir, runId, info);
      const first = errors[0];
      return finish('failed', `Preflight failed on ${label}: ${errors.map((e) => e.message).join(' ')}${first?.fix ? ` Fix: ${first.fix}` : ''}`, report);
    }
    const nsys = report.nsysPath;
    const remoteRunDir = report.runDir;
    const session = sessionName(runId);
    const env: Record<string, string> = { ...(req.target.env ?? {}) };
    if (req.captureGraphs) env.GST_DEBUG_DUMP_DOT_DIR = `${remoteRunDir}/graphs`;
    const reportBase = `${remoteRunDir}/report`;

    // 3. Capture.
    let cancelled = false;
    let stopping: Promise<void> | undefined;
    const stopCapture = (why: string) => {
      if (!stopping) {
        info(`${why}: stopping the capture with nsys stop (the report so far is kept)`);
        progress('stop', 'Stopping the capture (nsys stop)…');
        stopping = stopRemoteCapture(ssh, nsys, session, remoteRunDir, info);
      }
      return stopping;
    };
    const onAbort = () => {
      cancelled = true;
      void stopCapture('cancel requested');
    };
    hooks.signal?.addEventListener('abort', onAbort, { once: true });
    let captureExit: number | undefined;
    // The capture's stderr: error lines go to the output; the @@ marker lines (exit status,
    // result listing) are the protocol and are read from the result instead.
    let pendingErr = '';
    const stderrLines = (chunk: string) => {
      const lines = (pendingErr + chunk).split('\n');
      pendingErr = lines.pop() ?? '';
      const shown = lines.filter((l) => !l.startsWith('@@'));
      if (shown.length) output(shown.map((l) => `${l}\n`).join(''));
    };
    let listedAtExit: Map<string, RemoteFile> | undefined;
    try {
      if (aborted()) onAbort();
      const argv = req.mode === 'profile' ? nsysProfileArgs(nsys, session, reportBase, req.capture, req.command) : nsysLaunchArgs(nsys, session, req.capture, req.command);
      info(`running on ${label}: ${shellJoin(argv)}`);
      progress('capture', req.mode === 'profile' ? `Capturing${req.capture.durationS ? ` for ${req.capture.durationS} s` : ' until the application exits'}…` : 'Application launched; waiting for Start…');
      const running = cancelled
        ? Promise.resolve({ code: 0, stdout: '', stderr: '@@exit 0', sshFailed: false })
        : ssh.exec(captureScript({ runDir: remoteRunDir, cwd: req.cwd, env, argv, mkdirs: req.captureGraphs ? [`${remoteRunDir}/graphs`] : undefined }), { onStdout: output, onStderr: stderrLines });
      if (req.mode === 'interactive' && !cancelled) {
        await interactiveWindow(ssh, nsys, session, reportBase, hooks, info, progress, () => cancelled, running);
      }
      const r = await running;
      if (pendingErr && !pendingErr.startsWith('@@')) output(pendingErr);
      const m = /@@exit (\d+)/.exec(r.stderr);
      captureExit = m ? Number(m[1]) : undefined;
      if (captureExit !== undefined && /^@@end$/m.test(r.stderr)) listedAtExit = parseResults(r.stderr);
      if (captureExit === undefined && !cancelled) {
        // The link dropped while capturing: the capture goes on by itself on the target.
        info(`lost the connection during the capture (${r.stderr.trim().split('\n').pop() ?? ''}); reconnecting to collect it`);
        await reconnectWithRetry(ssh, req, info, aborted);
        const waitS = Math.max(30, req.capture.durationS + req.capture.delayS + 60);
        const w = await ssh.exec(waitCaptureScript(remoteRunDir, waitS));
        if (!w.stdout.includes('@@gone')) await stopCapture('capture still running after the reconnect');
      }
      if (stopping) await stopping;
    } finally {
      hooks.signal?.removeEventListener('abort', onAbort);
    }
    if (captureExit !== undefined && captureExit !== 0) info(`nsys exited with status ${captureExit}`);

    // 4. Export on the target.
    // Listed by the capture script when it saw the process end; listed again after a stop
    // (the stop may have ended it later) or a dropped link.
    let results = listedAtExit && !stopping ? listedAtExit : await listResults(ssh, remoteRunDir);
    if (results.has('report.nsys-rep') && !results.has('report.sqlite')) {
      progress('export', 'Exporting to SQLite on the target (nsys export)…');
      const ex = await ssh.exec(shellJoin(nsysExportArgs(nsys, `${reportBase}.nsys-rep`, `${reportBase}.sqlite`)), { onStdout: output, onStderr: output });
      if (ex.code === 0) meta.exportedOn = 'target';
      else info(`nsys export on the target failed (exit ${ex.code}); will try locally`);
      results = await listResults(ssh, remoteRunDir);
    } else if (results.has('report.sqlite')) {
      meta.exportedOn = 'target';
    }
    if (!results.has('report.nsys-rep') && !results.has('report.sqlite')) {
      const tail = await ssh.exec(`tail -n 5 ${shellJoin([`${remoteRunDir}/capture.log`])} 2>/dev/null`);
      const why = tail.stdout.trim().split('\n').filter(Boolean).slice(-3).join(' | ');
      await removeRemote(ssh, remoteRunDir, runId, info);
      return finish(cancelled ? 'cancelled' : 'failed', `nsys produced no report on ${label}${captureExit !== undefined ? ` (exit ${captureExit})` : ''}: ${why || 'no output'}. The capture log is in ${path.join(runDir, 'capture.log')}.`, report);
    }

    // 5. Download (resumed and retried on a dropped link). A cancel that stopped the capture
    // was for the capture: what it wrote still comes home. A cancel now stops the download.
    const downloadSignal = cancelled ? undefined : hooks.signal;
    const all = [...results.values()];
    const total = all.reduce((s, f) => s + f.size, 0);
    const got = new Map<string, number>();
    const incomplete: string[] = [];
    let downloadCancelled = false;
    // All files at once over the one multiplexed connection.
    await Promise.all(
      all.map(async (f) => {
        const local = path.join(runDir, f.name);
        fs.mkdirSync(path.dirname(local), { recursive: true });
        const part = `${local}.part`;
        try {
          await downloadWithRetry(ssh, `${remoteRunDir}/${f.name}`, part, f, req, downloadSignal, info, (n) => {
            got.set(f.name, n);
            const sum = [...got.values()].reduce((a, b) => a + b, 0);
            progress('download', `Downloading ${all.length} file${all.length > 1 ? 's' : ''}`, total ? sum / total : 1);
          });
          fs.renameSync(part, local);
        } catch (e) {
          if (e instanceof Cancelled) downloadCancelled = true;
          else incomplete.push(`${f.name}: ${(e as Error).message}`);
        }
      }),
    );
    for (const f of all) {
      if (!fs.existsSync(path.join(runDir, f.name))) continue;
      if (f.name === 'report.nsys-rep') meta.files.report = f.name;
      else if (f.name === 'report.sqlite') meta.files.sqlite = f.name;
      else meta.files.graphs.push(f.name);
    }

    // Export locally when the target could not.
    if (meta.files.report && !meta.files.sqlite && req.localNsys) {
      progress('export', 'Exporting to SQLite locally…');
      const code = await runLocal(req.localNsys, nsysExportArgs(req.localNsys, path.join(runDir, 'report.nsys-rep'), path.join(runDir, 'report.sqlite')).slice(1), output);
      if (code === 0 && fs.existsSync(path.join(runDir, 'report.sqlite'))) {
        meta.files.sqlite = 'report.sqlite';
        meta.exportedOn = 'local';
      } else info(`local nsys export failed (exit ${code})`);
    }

    // Graphs: negotiated caps and NVMM vs system memory per link.
    for (const g of meta.files.graphs) {
      try {
        meta.graphs.push(summarizeDotGraph(g, fs.readFileSync(path.join(runDir, g), 'utf8')));
      } catch (e) {
        info(`cannot read graph ${g}: ${(e as Error).message}`);
      }
    }

    // 6. Cleanup on the target, only once everything is safely home.
    const complete = incomplete.length === 0 && !downloadCancelled;
    if (complete && !req.keepRemoteFiles) {
      progress('cleanup', 'Removing the remote files…');
      await removeRemote(ssh, remoteRunDir, runId, info);
    } else {
      meta.remoteKept = true;
    }
    progress('done', 'Done');
    const where = `Report in ${runDir}`;
    if (downloadCancelled) return finish('cancelled', `Download cancelled; the files stay on ${label} in ${remoteRunDir}. ${where} (partial).`, report);
    if (!complete) {
      return finish('incomplete', `Could not download everything from ${label}: ${incomplete.join('; ')}. What arrived is in ${runDir} (partial files end in .part and resume on the next try); the remote files were kept in ${remoteRunDir}.`, report);
    }
    if (!meta.files.sqlite) return finish(cancelled ? 'cancelled' : 'failed', `The report was captured and downloaded (${path.join(runDir, 'report.nsys-rep')}) but could not be exported to SQLite on the target or locally.`, report);
    if (cancelled) return finish('cancelled', `Capture stopped early by cancel; what was captured is kept. ${where}.`, report);
    return finish('complete', `${where} (${meta.files.graphs.length ? `${meta.files.graphs.length} pipeline graphs, ` : ''}nsys ${meta.nsysVersion ?? '?'}).`, report);
  } catch (e) {
    return finish('failed', `Profiling on ${label} failed: ${(e as Error).message}`);
  } finally {
    await ssh.close();
  }
}

interface RemoteFile {
  name: string;
  size: number;
  sha256?: string;
}

async function listResults(ssh: SshClient, runDir: string): Promise<Map<string, RemoteFile>> {
  const r = await ssh.exec(listResultsScript(runDir));
  return parseResults(r.stdout);
}

function parseResults(text: string): Map<string, RemoteFile> {
  const out = new Map<string, RemoteFile>();
  for (const l of text.split('\n')) {
    const m = /^@@result (\d+) (\S+) (.+)$/.exec(l);
    if (!m) continue;
    const name = m[3];
    // Only names Sightline or GStreamer write; nothing that could escape the run folder.
    if (!/^(report\.(nsys-rep|sqlite)|graphs\/[A-Za-z0-9._:+-]+\.dot)$/.test(name) || name.includes('..')) continue;
    out.set(name, { name, size: Number(m[1]), sha256: m[2] === '-' ? undefined : m[2] });
  }
  return out;
}

async function stopRemoteCapture(ssh: SshClient, nsys: string, session: string, runDir: string, info: (l: string) => void): Promise<void> {
  // Seen with nsys 2025.3: `nsys stop` ends the collection and writes the report before it
  // returns, but the application (and so `nsys profile`) keeps running; shutdown ends it.
  const steps: { what: string; cmd: string; waitS: number }[] = [
    { what: 'nsys stop', cmd: `${shellJoin(nsysStopArgs(nsys, session))} 2>&1`, waitS: 3 },
    { what: 'nsys shutdown (ends the application)', cmd: `${shellJoin(nsysShutdownArgs(nsys, session))} 2>&1`, waitS: 10 },
    { what: 'SIGINT to nsys (writes the report like Ctrl-C)', cmd: interruptCaptureScript(runDir), waitS: 30 },
    { what: 'nsys cancel', cmd: `${shellJoin(nsysCancelArgs(nsys, session))} 2>&1`, waitS: 15 },
    { what: 'SIGKILL (last resort)', cmd: killCaptureScript(runDir), waitS: 5 },
  ];
  for (const s of steps) {
    const r = await ssh.exec(s.cmd);
    info(`${s.what}: ${r.stdout.trim().split('\n').slice(-2).join(' ') || `exit ${r.code}`}`);
    const w = await ssh.exec(waitCaptureScript(runDir, s.waitS));
    if (w.stdout.includes('@@gone')) return;
  }
}

async function interactiveWindow(
  ssh: SshClient,
  nsys: string,
  session: string,
  reportBase: string,
  hooks: ProfileHooks,
  info: (l: string) => void,
  progress: (s: ProfileStep, m: string) => void,
  cancelled: () => boolean,
  running: Promise<unknown>,
): Promise<void> {
  let appEnded = false;
  void running.then(() => (appEnded = true));
  const endedOr = <T>(p: Promise<T>) => Promise.race([p, running.then(() => undefined)]);
  // nsys launch needs a moment to create the session.
  const start = hooks.waitForStart ? await endedOr(hooks.waitForStart()) : true;
  if (cancelled() || appEnded) return;
  if (start) {
    const r = await ssh.exec(`${shellJoin(nsysStartArgs(nsys, session, reportBase))} 2>&1`);
    info(`nsys start: ${r.stdout.trim() || `exit ${r.code}`}`);
    progress('capture', 'Capturing… (Stop to end the capture)');
    if (hooks.waitForStop) await endedOr(hooks.waitForStop());
    if (cancelled() || appEnded) return;
    const s = await ssh.exec(`${shellJoin(nsysStopArgs(nsys, session))} 2>&1`);
    info(`nsys stop: ${s.stdout.trim() || `exit ${s.code}`}`);
  }
  // End the launched application (the capture is written by stop).
  const d = await ssh.exec(`${shellJoin(nsysShutdownArgs(nsys, session))} 2>&1`);
  info(`nsys shutdown: ${d.stdout.trim() || `exit ${d.code}`}`);
}

async function reconnectWithRetry(ssh: SshClient, req: ProfileRequest, info: (l: string) => void, aborted: () => boolean): Promise<void> {
  const attempts = req.download?.attempts ?? 5;
  const base = req.download?.retryDelayMs ?? 1000;
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    if (aborted()) throw new Cancelled();
    await sleep(base * 2 ** i);
    try {
      await ssh.reconnect();
      info('reconnected');
      return;
    } catch (e) {
      last = e;
      info(`reconnect ${i + 1}/${attempts} failed: ${(e as Error).message}`);
    }
  }
  throw last instanceof Error ? last : new Error(String(last));
}

async function downloadWithRetry(
  ssh: SshClient,
  remote: string,
  localPart: string,
  f: RemoteFile,
  req: ProfileRequest,
  signal: AbortSignal | undefined,
  info: (l: string) => void,
  onProgress: (got: number) => void,
): Promise<void> {
  const attempts = req.download?.attempts ?? 5;
  const base = req.download?.retryDelayMs ?? 1000;
  for (let i = 0; ; i++) {
    if (signal?.aborted) throw new Cancelled();
    try {
      await ssh.download(remote, localPart, { size: f.size, sha256: f.sha256, rateLimit: req.download?.rateLimit, signal, onProgress: (got) => onProgress(got) });
      return;
    } catch (e) {
      if (signal?.aborted) throw new Cancelled();
      const have = fs.existsSync(localPart) ? fs.statSync(localPart).size : 0;
      if (i + 1 >= attempts) throw e;
      info(`download of ${f.name} interrupted at ${have}/${f.size} bytes (${(e as Error).message}); retry ${i + 1}/${attempts - 1} resumes from there`);
      await sleep(base * 2 ** i);
      try {
        await ssh.reconnect();
      } catch (re) {
        info(`reconnect failed: ${(re as Error).message}`);
      }
    }
  }
}

async function removeRemote(ssh: SshClient, runDir: string, runId: string, info: (l: string) => void): Promise<void> {
  const r = await ssh.exec(cleanupScript(runDir, runId));
  if (!r.stdout.includes('@@removed')) info(`could not remove ${runDir} on the target: ${r.stderr.trim()}`);
}

function runLocal(cmd: string, args: string[], output: (s: string) => void): Promise<number> {
  return new Promise((resolve) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    p.stdout.on('data', (d: Buffer) => output(d.toString('utf8')));
    p.stderr.on('data', (d: Buffer) => output(d.toString('utf8')));
    p.on('error', () => resolve(-1));
    p.on('close', (c) => resolve(c ?? -1));
  });
}
