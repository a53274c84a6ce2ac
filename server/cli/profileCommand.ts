// `sightline profile --target HOST [options] -- COMMAND ARGS...`: the headless twin of the
// "Profile on Jetson" command. Same core (client/profile/core), prints where the report landed
// and the findings summary; exit 0 on a captured and exported report.
import * as path from 'node:path';
import { registerSubcommand, runCli, type CliIo } from './run';
import { runProfile, type ProfileRequest } from '../../client/profile/core/profileRun';
import { parseTargetSpec, validateTarget, type ProfileTarget } from '../../client/profile/core/target';
import { defaultTrace, knownTraceApis, validateAppCommand, validateCaptureSettings } from '../../client/profile/core/nsysArgs';
import { profilesFolder } from '../../client/profile/core/runStore';

export const profileUsage = `Usage: sightline profile --target [USER@]HOST[:PORT] [options] -- COMMAND ARGS...

Runs COMMAND under Nsight Systems (nsys) on HOST over SSH (the system OpenSSH client, so
~/.ssh/config, keys, agents, ProxyJump and known_hosts apply), exports the report to SQLite,
downloads it into <out>/<timestamp>-<target>/ and prints the findings summary.

Options:
  --target HOST          ssh host or ~/.ssh/config alias, optionally USER@ and :PORT (required)
  --duration S           capture seconds; 0 = until the application exits (default 20)
  --delay S              seconds before the capture starts (default 0)
  --trace LIST           nsys --trace APIs (default ${defaultTrace.join(',')}; also ${knownTraceApis.slice(3).join(', ')})
  --out DIR              folder for runs (default ./${profilesFolder})
  --interactive          nsys launch, then Enter starts and Enter stops the capture
  --graphs               set GST_DEBUG_DUMP_DOT_DIR and bring back the pipeline graphs
  --keep-remote          keep the files on the target after download
  --no-cpu-sampling      capture without CPU sampling (--sample=none --cpuctxsw=none)
  --nsys PATH            nsys on the target (default: PATH, /opt/nvidia/nsight-systems*/...)
  --remote-dir DIR       remote folder for runs (default ~/.cache/sightline/runs)
  --cwd DIR              remote working directory of COMMAND (default: remote home)
  --env NAME=VALUE       environment for COMMAND (repeatable)
  --identity FILE        ssh private key
  --proxy-jump HOSTS     jump host(s), as ssh -J ([user@]host[:port][,...] or config aliases)
  --ssh-config FILE      ssh client config used instead of ~/.ssh/config (ssh -F)
  --ssh-option K=V       extra ssh -o option (repeatable)
  --min-free-mb N        free space the target must have for the report (default 256)
  --rate-limit KBPS      download bandwidth limit in KiB/s
  --local-nsys PATH      nsys on this machine, used to export when the target cannot
  --retries N            download/reconnect attempts on a dropped link (default 5)
  --retry-delay-ms MS    first wait before a retry, doubled each time (default 1000)
  --json                 print the run's metadata as JSON instead of text

Exit status: 0 captured and exported; 1 failed; 2 bad usage; 3 preflight failed;
4 download incomplete (partial files kept); 130 cancelled (what was captured is kept).
`;

interface ParsedArgs {
  req: ProfileRequest;
  json: boolean;
}

function parseArgs(args: string[], cwd: string): ParsedArgs | string {
  const dd = args.indexOf('--');
  const opts = dd >= 0 ? args.slice(0, dd) : args;
  const command = dd >= 0 ? args.slice(dd + 1) : [];
  let target: ProfileTarget | undefined;
  let durationS = 20;
  let delayS = 0;
  let trace = [...defaultTrace];
  let out = path.join(cwd, profilesFolder);
  let mode: 'profile' | 'interactive' = 'profile';
  let captureGraphs = false;
  let keep = false;
  let noCpu = false;
  let json = false;
  let minFreeMB: number | undefined;
  let rateLimit: number | undefined;
  let localNsys: string | undefined;
  let attempts: number | undefined;
  let retryDelayMs: number | undefined;
  let configFile: string | undefined;
  let cwdRemote: string | undefined;
  const extra: string[] = [];
  const env: Record<string, string> = {};
  const t: Partial<ProfileTarget> = {};
  for (let i = 0; i < opts.length; i++) {
    const a = opts[i];
    const eq = a.indexOf('=');
    const name = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    const inline = a.startsWith('--') && eq > 0 ? a.slice(eq + 1) : undefined;
    const value = (): string => {
      if (inline !== undefined) return inline;
      const v = opts[++i];
      if (v === undefined) throw new Error(`${name} needs a value`);
      return v;
    };
    const num = (): number => {
      const v = value();
      const n = Number(v);
      if (v.trim() === '' || !Number.isFinite(n) || n < 0) throw new Error(`${name} needs a number >= 0, got '${v}'`);
      return n;
    };
    switch (name) {
      case '--target':
        target = parseTargetSpec(value());
        break;
      case '--duration':
        durationS = num();
        break;
      case '--delay':
        delayS = num();
        break;
      case '--trace':
        trace = value().split(',').map((s) => s.trim()).filter(Boolean);
        break;
      case '--out':
        out = path.resolve(cwd, value());
        break;
      case '--interactive':
        mode = 'interactive';
        break;
      case '--graphs':
        captureGraphs = true;
        break;
      case '--keep-remote':
        keep = true;
        break;
      case '--no-cpu-sampling':
        noCpu = true;
        break;
      case '--json':
        json = true;
        break;
      case '--nsys':
        t.nsysPath = value();
        break;
      case '--remote-dir':
        t.remoteDir = value();
        break;
      case '--cwd':
        cwdRemote = value();
        break;
      case '--identity':
        t.identityFile = path.resolve(cwd, value());
        break;
      case '--proxy-jump':
        t.proxyJump = value();
        break;
      case '--env': {
        const v = value();
        const k = v.indexOf('=');
        if (k <= 0) throw new Error(`--env needs NAME=VALUE, got '${v}'`);
        env[v.slice(0, k)] = v.slice(k + 1);
        break;
      }
      case '--ssh-config':
        configFile = path.resolve(cwd, value());
        break;
      case '--ssh-option':
        extra.push(value());
        break;
      case '--min-free-mb':
        minFreeMB = num();
        break;
      case '--rate-limit':
        rateLimit = num() * 1024;
        break;
      case '--retries':
        attempts = Math.max(1, Math.floor(num()));
        break;
      case '--retry-delay-ms':
        retryDelayMs = num();
        break;
      case '--local-nsys':
        localNsys = value();
        break;
      default:
        throw new Error(`unknown option '${a}'${dd < 0 && !a.startsWith('-') ? ' (put the command to profile after --)' : ''}`);
    }
  }
  if (!target) return 'missing --target HOST';
  if (!command.length) return 'missing the command to profile after --';
  const fullTarget: ProfileTarget = { ...target, ...t, env: Object.keys(env).length ? env : undefined };
  return {
    json,
    req: {
      target: fullTarget,
      command,
      cwd: cwdRemote,
      capture: { trace, durationS, delayS, noCpuSampling: noCpu },
      mode,
      captureGraphs,
      keepRemoteFiles: keep,
      profilesRoot: out,
      minFreeMB,
      localNsys,
      download: { rateLimit, attempts, retryDelayMs },
      ssh: {
        configFile,
        // Prompts only where a person can answer them.
        batchMode: !process.stdin.isTTY,
        extraOptions: extra,
      },
    },
  };
}

function waitForEnter(prompt: string, io: CliIo): Promise<boolean> {
  io.err(prompt);
  return new Promise((resolve) => {
    const onData = (d: Buffer) => {
      if (d.includes(10)) {
        process.stdin.off('data', onData);
        process.stdin.off('end', onEnd);
        process.stdin.pause();
        resolve(true);
      }
    };
    const onEnd = () => {
      process.stdin.off('data', onData);
      resolve(false);
    };
    process.stdin.on('data', onData);
    process.stdin.once('end', onEnd);
    process.stdin.resume();
  });
}

export async function profileCommand(args: string[], io: CliIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(profileUsage);
    return 0;
  }
  let parsed: ParsedArgs | string;
  try {
    parsed = parseArgs(args, process.cwd());
  } catch (e) {
    parsed = (e as Error).message;
  }
  if (typeof parsed === 'string') {
    io.err(`sightline profile: ${parsed}\n\n${profileUsage}`);
    return 2;
  }
  const { req, json } = parsed;
  // Bad usage is refused before anything is created: no run folder, exit 2.
  const problems = [...validateTarget(req.target), ...validateCaptureSettings(req.capture), ...validateAppCommand(req.command)];
  if (problems.length) {
    io.err(`sightline profile: ${problems.join('; ')}\n`);
    return 2;
  }
  const ac = new AbortController();
  let interrupts = 0;
  const onSignal = () => {
    interrupts++;
    if (interrupts === 1) {
      io.err('\nsightline: stopping the capture cleanly (nsys stop); what was captured is kept. Press Ctrl-C again to stop waiting.\n');
      ac.abort();
    } else {
      process.exit(130);
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let lastPct = -1;
  try {
    const result = await runProfile(req, {
      signal: ac.signal,
      output: (s) => io.err(s),
      info: (l) => io.err(`sightline: ${l}\n`),
      progress: (p) => {
        if (p.step === 'download' && p.fraction !== undefined) {
          const pct = Math.floor(p.fraction * 100);
          if (pct >= lastPct + 10 || pct === 100) {
            lastPct = pct;
            io.err(`sightline: downloading ${pct}%\n`);
          }
        }
      },
      waitForStart: req.mode === 'interactive' ? () => waitForEnter('sightline: application launched; press Enter to START the capture\n', io) : undefined,
      waitForStop: req.mode === 'interactive' ? () => waitForEnter('sightline: capturing; press Enter to STOP\n', io).then(() => undefined) : undefined,
    });
    if (json) io.out(JSON.stringify({ ...result.metadata, runDir: result.runDir }, null, 2) + '\n');
    else {
      io.out(`${result.message}\n`);
      io.out(`run folder: ${result.runDir}\n`);
      if (result.metadata.files.report) io.out(`report: ${path.join(result.runDir, result.metadata.files.report)}\n`);
      if (result.metadata.files.sqlite) io.out(`sqlite: ${path.join(result.runDir, result.metadata.files.sqlite)}\n`);
      for (const g of result.metadata.graphs) {
        io.out(`graph: ${g.file}: ${g.pipeline}, ${g.links.length} links (${g.nvmmLinks} NVMM, ${g.systemLinks} system memory)\n`);
        for (const l of g.links) io.out(`  ${l.from} -> ${l.to}: ${l.memory} ${l.media}${l.format ? ` ${l.format}` : ''}${l.size ? ` ${l.size}` : ''}\n`);
      }
    }
    if (result.metadata.files.sqlite && !json) {
      // The findings summary comes from the trace engine (`sightline trace findings`).
      const sqlite = path.join(result.runDir, result.metadata.files.sqlite);
      let out = '';
      let err = '';
      const code = await runCli(['trace', 'findings', '--format', 'text', sqlite], { out: (s) => (out += s), err: (s) => (err += s) });
      if (code === 0 || out) io.out(`\nFindings:\n${out}`);
      else io.err(`sightline: no findings summary (${err.split('\n')[0] || `trace findings exited ${code}`})\n`);
    }
    switch (result.status) {
      case 'complete':
        return 0;
      case 'cancelled':
        return 130;
      case 'incomplete':
        return 4;
      default:
        return result.preflight && result.metadata.checks.some((c) => c.severity === 'error') ? 3 : result.ok ? 0 : 1;
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    // Reading Enter keeps stdin open; let the process exit.
    if (req.mode === 'interactive') process.stdin.destroy();
  }
}

registerSubcommand('profile', async () => profileCommand);
