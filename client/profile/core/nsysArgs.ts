// The nsys command lines Sightline runs on the target, as argv arrays (quoted later, word by
// word). Option spellings follow the Nsight Systems CLI (`nsys profile --help`).

export const defaultTrace = ['cuda', 'nvtx', 'osrt'];
/** --trace values offered in the picker (DeepStream-friendly extras after the defaults). */
export const knownTraceApis = ['cuda', 'nvtx', 'osrt', 'cudnn', 'cublas', 'nvvideo', 'opengl', 'vulkan', 'vpi', 'tegra-accelerators', 'none'];

export interface CaptureSettings {
  trace: string[];
  /** Seconds; 0: until the application exits. */
  durationS: number;
  delayS: number;
  /** Skip CPU sampling and context switches (needed when perf_event_paranoid > 2). */
  noCpuSampling?: boolean;
}

export function validateCaptureSettings(c: CaptureSettings): string[] {
  const p: string[] = [];
  if (!c.trace.length) p.push('--trace needs at least one API (e.g. cuda,nvtx,osrt)');
  for (const t of c.trace) if (!/^[a-z0-9-]+$/.test(t)) p.push(`--trace: '${t}' is not an API name`);
  if (!Number.isFinite(c.durationS) || c.durationS < 0) p.push(`--duration must be a number of seconds >= 0: ${c.durationS}`);
  if (!Number.isFinite(c.delayS) || c.delayS < 0) p.push(`--delay must be a number of seconds >= 0: ${c.delayS}`);
  return p;
}

/** The application command must not be mistaken for an nsys option. */
export function validateAppCommand(argv: readonly string[]): string[] {
  if (!argv.length || !argv[0]) return ['no command to profile (put it after --)'];
  if (argv[0].startsWith('-')) return [`the command to profile starts with '-': ${argv[0]}`];
  return [];
}

function secs(n: number): string {
  return String(Math.round(n));
}

export function nsysProfileArgs(nsys: string, session: string, output: string, c: CaptureSettings, app: readonly string[]): string[] {
  // --export=sqlite: the export runs inside the same nsys process (no second start-up); when it
  // fails, Sightline exports separately on the target or locally.
  const a = [nsys, 'profile', `--session-new=${session}`, `--trace=${c.trace.join(',')}`, '-o', output, '--force-overwrite=true', '--export=sqlite'];
  if (c.durationS > 0) a.push(`--duration=${secs(c.durationS)}`);
  if (c.delayS > 0) a.push(`--delay=${secs(c.delayS)}`);
  if (c.noCpuSampling) a.push('--sample=none', '--cpuctxsw=none');
  return [...a, ...app];
}

export function nsysLaunchArgs(nsys: string, session: string, c: CaptureSettings, app: readonly string[]): string[] {
  const a = [nsys, 'launch', `--session-new=${session}`, `--trace=${c.trace.join(',')}`];
  if (c.noCpuSampling) a.push('--sample=none', '--cpuctxsw=none');
  return [...a, ...app];
}

export function nsysStartArgs(nsys: string, session: string, output: string): string[] {
  return [nsys, 'start', `--session=${session}`, '-o', output, '--force-overwrite=true'];
}

export function nsysStopArgs(nsys: string, session: string): string[] {
  return [nsys, 'stop', `--session=${session}`];
}

export function nsysCancelArgs(nsys: string, session: string): string[] {
  return [nsys, 'cancel', `--session=${session}`];
}

export function nsysShutdownArgs(nsys: string, session: string): string[] {
  return [nsys, 'shutdown', `--session=${session}`, '--kill=sigterm'];
}

export function nsysExportArgs(nsys: string, report: string, sqlite: string): string[] {
  return [nsys, 'export', '--type=sqlite', `--output=${sqlite}`, '--force-overwrite=true', report];
}

/** nsys session names: letters, digits, '-' and '_'. */
export function sessionName(runId: string): string {
  return `sightline-${runId.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

/** "NVIDIA Nsight Systems version 2025.3.1.90-253135822126v0" -> "2025.3.1.90-253135822126v0". */
export function parseNsysVersion(text: string): string | undefined {
  const m = /Nsight Systems version\s+(\S+)/i.exec(text) ?? /\b(20\d\d\.\d+(?:\.\d+)*\S*)/.exec(text);
  return m?.[1];
}
