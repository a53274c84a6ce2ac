// Reads the preflight script's output into a report and a list of checks, each with a fix.
import type { FileToCheck } from './remoteScripts';
import { parseNsysStatus, paranoidFix, type NsysEnvironment } from './nsysStatus';
import { parseNsysVersion } from './nsysArgs';

export interface PreflightCheck {
  id: 'nsys' | 'nsys-status' | 'perf-paranoid' | 'run-dir' | 'disk' | 'file' | 'cwd' | 'jetson-clocks';
  severity: 'error' | 'warning' | 'info';
  message: string;
  fix?: string;
}

export interface PreflightReport {
  uname?: string;
  nsysPath?: string;
  nsysVersion?: string;
  nsysVersionText?: string;
  statusText?: string;
  environment?: NsysEnvironment;
  paranoid?: number;
  runDir?: string;
  freeKB?: number;
  files: { path: string; kind: FileToCheck['kind']; ok: boolean }[];
  jetson?: { release: string; nvpmodel: string[]; clocks: string[] };
  checks: PreflightCheck[];
  complete: boolean;
}

export interface PreflightPolicy {
  /** Free space the report needs on the target, in MB. */
  minFreeMB: number;
  /** Capture without CPU sampling: perf_event_paranoid > 2 is then only a warning. */
  noCpuSampling: boolean;
  targetLabel: string;
}

function between(lines: string[], begin: string, endPrefix: string): { text: string; code?: number } | undefined {
  const b = lines.indexOf(begin);
  if (b < 0) return undefined;
  let e = b + 1;
  while (e < lines.length && !lines[e].startsWith(endPrefix)) e++;
  const code = e < lines.length ? Number(lines[e].slice(endPrefix.length).trim()) : undefined;
  return { text: lines.slice(b + 1, e).join('\n'), code: Number.isFinite(code) ? code : undefined };
}

export function parsePreflight(stdout: string, files: FileToCheck[], policy: PreflightPolicy): PreflightReport {
  const lines = stdout.split(/\r?\n/);
  const r: PreflightReport = { files: files.map((f) => ({ ...f, ok: false })), checks: [], complete: lines.includes('@@end') };
  const jet = { release: '', nvpmodel: [] as string[], clocks: [] as string[] };
  let cwdMissing = false;
  let nsysMissing = false;
  let runDirFailed = false;
  for (const l of lines) {
    if (l.startsWith('@@uname ')) r.uname = l.slice(8);
    else if (l.startsWith('@@nsys ')) r.nsysPath = l.slice(7);
    else if (l === '@@nsys-missing') nsysMissing = true;
    else if (l.startsWith('@@paranoid ')) {
      const v = l.slice(11).trim();
      if (/^-?\d+$/.test(v)) r.paranoid = Number(v);
    } else if (l.startsWith('@@rundir ')) r.runDir = l.slice(9);
    else if (l === '@@rundir-failed') runDirFailed = true;
    else if (l.startsWith('@@df ')) {
      const v = l.slice(5).trim();
      if (/^\d+$/.test(v)) r.freeKB = Number(v);
    } else if (l === '@@cwd-missing') cwdMissing = true;
    else if (l.startsWith('@@file ')) {
      const m = /^@@file (\d+) (ok|missing)$/.exec(l);
      if (m && r.files[Number(m[1]) - 1]) r.files[Number(m[1]) - 1].ok = m[2] === 'ok';
    } else if (l.startsWith('@@jetson ')) jet.release = l.slice(9);
    else if (l.startsWith('@@nvpmodel ')) jet.nvpmodel.push(l.slice(11));
    else if (l.startsWith('@@clocks ')) jet.clocks.push(l.slice(9));
  }
  const version = between(lines, '@@version-begin', '@@version-end');
  if (version) {
    r.nsysVersionText = version.text.trim();
    r.nsysVersion = parseNsysVersion(version.text);
  }
  const status = between(lines, '@@status-begin', '@@status-end');
  if (status) {
    r.statusText = status.text;
    r.environment = parseNsysStatus(status.text);
  }
  if (jet.release) r.jetson = jet;

  const c = r.checks;
  const t = policy.targetLabel;
  if (!r.complete) c.push({ id: 'nsys', severity: 'error', message: `The preflight on ${t} did not finish (output ended early).` });
  if (nsysMissing || !r.nsysPath) {
    c.push({
      id: 'nsys',
      severity: 'error',
      message: `nsys (Nsight Systems CLI) was not found on ${t}: not in PATH nor in /opt/nvidia/nsight-systems*/ or /usr/local/cuda*/bin.`,
      fix: 'Install Nsight Systems on the target (JetPack: sudo apt install nsight-systems-<version>), or set "nsysPath" for this target in sightline.targets (CLI: --nsys PATH).',
    });
  } else if (!r.nsysVersion) {
    c.push({ id: 'nsys', severity: 'error', message: `${r.nsysPath} on ${t} did not report a version: ${r.nsysVersionText || '(no output)'}`, fix: 'Check that this nsys runs on the target: ' + `${r.nsysPath} --version` });
  } else {
    c.push({ id: 'nsys', severity: 'info', message: `nsys ${r.nsysVersion} at ${r.nsysPath}` });
  }
  const paranoid = r.environment?.paranoidLevel ?? r.paranoid;
  if (paranoid !== undefined && paranoid > 2) {
    c.push({
      id: 'perf-paranoid',
      severity: policy.noCpuSampling ? 'warning' : 'error',
      message: `perf_event_paranoid is ${paranoid} on ${t}; nsys needs 2 or less for CPU sampling and context-switch tracing` + (policy.noCpuSampling ? ' (capturing without CPU sampling).' : '.'),
      fix: `${paranoidFix}, or capture without CPU sampling (CLI: --no-cpu-sampling).`,
    });
  }
  if (r.environment && !policy.noCpuSampling) {
    const failed = r.environment.cpuProfiling.filter((x) => !x.ok && /process-tree|^$/.test(x.scope));
    if (failed.length && !(paranoid !== undefined && paranoid > 2)) {
      c.push({ id: 'nsys-status', severity: 'warning', message: `nsys status --environment on ${t}: CPU profiling (${failed.map((f) => f.scope || 'default').join(', ')}) is not available.`, fix: paranoidFix });
    }
  }
  if (status && status.code !== undefined && status.code !== 0 && !r.environment?.cpuProfiling.length) {
    c.push({ id: 'nsys-status', severity: 'warning', message: `nsys status --environment exited with ${status.code}: ${status.text.trim().split('\n').slice(-2).join(' ')}` });
  }
  if (runDirFailed || (r.complete && !r.runDir)) {
    c.push({ id: 'run-dir', severity: 'error', message: `Cannot create the remote run folder on ${t}.`, fix: 'Set a writable "remoteDir" for this target (sightline.targets) or --remote-dir.' });
  }
  if (r.freeKB !== undefined) {
    const freeMB = Math.floor(r.freeKB / 1024);
    if (freeMB < policy.minFreeMB) {
      c.push({ id: 'disk', severity: 'error', message: `Only ${freeMB} MB free on ${t} where the report is written (${r.runDir ?? 'remote folder'}); at least ${policy.minFreeMB} MB are needed.`, fix: 'Free space on the target or choose another "remoteDir".' });
    }
  }
  if (cwdMissing) c.push({ id: 'cwd', severity: 'error', message: `The remote working directory does not exist on ${t}.` });
  for (const f of r.files) {
    if (!f.ok) {
      c.push({
        id: 'file',
        severity: 'error',
        message: f.kind === 'command' ? `The command '${f.path}' was not found on ${t} (not a file and not in PATH).` : `The file '${f.path}' does not exist on ${t}.`,
        fix: 'Check the path on the target (relative paths start in the remote working directory).',
      });
    }
  }
  if (r.jetson) {
    const mode = r.jetson.nvpmodel.join(' ').trim();
    c.push({
      id: 'jetson-clocks',
      severity: 'info',
      message: `Jetson ${r.jetson.release.replace(/^#\s*/, '')}; nvpmodel: ${mode || 'unknown'}; clocks: ${r.jetson.clocks.slice(0, 4).join('; ') || 'unknown (jetson_clocks --show needs root)'}`,
      fix: 'For stable timings pin the clocks first: sudo nvpmodel -m 0 && sudo jetson_clocks',
    });
  }
  return r;
}

export function preflightErrors(r: PreflightReport): PreflightCheck[] {
  return r.checks.filter((c) => c.severity === 'error');
}

/**
 * Files worth checking before the capture: the program itself, a script given to an
 * interpreter, and config files named after -c/--config-like options or by their extension.
 */
export function filesToCheck(argv: readonly string[]): FileToCheck[] {
  const out: FileToCheck[] = [];
  if (!argv.length) return out;
  out.push({ kind: 'command', path: argv[0] });
  const prog = argv[0].split('/').pop() ?? '';
  const rest = argv.slice(1);
  if (/^python[0-9.]*$/.test(prog)) {
    // python: -c CODE and -m MODULE are not files; otherwise the first operand is the script.
    if (rest.includes('-c') || rest.includes('-m')) return out;
    const script = rest.find((a) => !a.startsWith('-'));
    if (script) out.push({ kind: 'file', path: script });
    const after = rest.slice(rest.indexOf(script ?? '') + 1);
    return [...out, ...filesToCheck(['_', ...after]).slice(1)];
  }
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    const opt = /^(-c|--config|--config-file|--cfg-file|-i|--input)$/.exec(a);
    if (opt && rest[i + 1] !== undefined && !/^[a-z]+:\/\//.test(rest[i + 1])) {
      out.push({ kind: 'file', path: rest[i + 1] });
      i++;
      continue;
    }
    const eq = /^--(?:config|config-file|cfg-file)=(.+)$/.exec(a);
    if (eq) out.push({ kind: 'file', path: eq[1] });
    else if (!a.startsWith('-') && !/^[a-z][a-z0-9+.-]*:\/\//i.test(a) && /\.(txt|ya?ml|cfg|ini|engine|onnx)$/i.test(a) && !out.some((f) => f.path === a)) out.push({ kind: 'file', path: a });
  }
  return out;
}
