// The POSIX sh scripts run on the target. Every value from the user (paths, the command, the
// environment) enters them only through shellQuote; output uses '@@' marker lines, with
// user-supplied strings referred to by index so that odd names cannot break the protocol.
import { shellJoin, shellQuote, shellQuotePath, isEnvName } from './shellQuote';

/** Install folders searched for nsys when no path is configured, most specific first. */
export const nsysSearchPatterns = [
  '/opt/nvidia/nsight-systems/*/bin/nsys',
  '/opt/nvidia/nsight-systems*/bin/nsys',
  '/opt/nvidia/nsight-systems*/target-linux-*/nsys',
  '/opt/nvidia/nsight-systems-cli/*/bin/nsys',
  '/opt/nvidia/nsight-systems-cli/*/target-linux-*/nsys',
  '/usr/local/cuda/bin/nsys',
  '/usr/local/cuda-*/bin/nsys',
];

export interface FileToCheck {
  /** 'command': looked up like the shell does (PATH unless it has a '/'); 'file': must exist. */
  kind: 'command' | 'file';
  path: string;
}

export interface PreflightScriptInput {
  nsysPath?: string;
  searchPatterns?: string[];
  remoteBase: string;
  runId: string;
  cwd?: string;
  files: FileToCheck[];
}

/** Finds nsys: configured path, then PATH, then the install folders (highest version wins). */
export function locateNsysScript(nsysPath: string | undefined, patterns: string[]): string {
  // The glob patterns are ours (not user data) and must stay unquoted to expand.
  for (const p of patterns) if (!/^[A-Za-z0-9_./*-]+$/.test(p)) throw new Error(`bad nsys search pattern ${p}`);
  return `find_nsys() {
  hint=${shellQuote(nsysPath ?? '')}
  if [ -n "$hint" ]; then
    case "$hint" in
      */*) if [ -x "$hint" ]; then printf '%s\\n' "$hint"; return 0; fi; return 1 ;;
      *) command -v "$hint" 2>/dev/null && return 0; return 1 ;;
    esac
  fi
  command -v nsys 2>/dev/null && return 0
  for pat in ${patterns.map((p) => `'${p}'`).join(' ')}; do
    last=""
    for c in $pat; do [ -x "$c" ] && [ ! -d "$c" ] && last="$c"; done
    if [ -n "$last" ]; then printf '%s\\n' "$last"; return 0; fi
  done
  return 1
}`;
}

export function preflightScript(i: PreflightScriptInput): string {
  const fileArgs = i.files.map((f) => `${f.kind === 'command' ? 'c' : 'f'} ${shellQuote(f.path)}`).join(' ');
  return `${locateNsysScript(i.nsysPath, i.searchPatterns ?? nsysSearchPatterns)}
echo "@@sightline-preflight 1"
echo "@@uname $(uname -srm 2>/dev/null)"
if NSYS=$(find_nsys); then
  printf '@@nsys %s\\n' "$NSYS"
  # Both nsys calls at once (each starts the nsys runtime, ~0.5-1 s on a Jetson).
  tmpv=$(mktemp) && tmps=$(mktemp)
  "$NSYS" --version > "$tmpv" 2>&1 & pv=$!
  "$NSYS" status --environment > "$tmps" 2>&1 & ps_=$!
  wait $pv; rv=$?; wait $ps_; rs=$?
  echo "@@version-begin"; cat "$tmpv"; echo "@@version-end $rv"
  echo "@@status-begin"; cat "$tmps"; echo "@@status-end $rs"
  rm -f "$tmpv" "$tmps"
else
  echo "@@nsys-missing"
fi
echo "@@paranoid $(cat /proc/sys/kernel/perf_event_paranoid 2>/dev/null)"
base=${shellQuotePath(i.remoteBase)}
if mkdir -p -- "$base/"${shellQuote(i.runId)} 2>/dev/null; then
  printf '@@rundir %s\\n' "$(cd -- "$base/"${shellQuote(i.runId)} && pwd)"
  echo "@@df $(df -Pk -- "$base" 2>/dev/null | awk 'NR==2{print $4}')"
else
  echo "@@rundir-failed"
fi
${i.cwd ? `cd -- ${shellQuotePath(i.cwd)} 2>/dev/null || echo "@@cwd-missing"` : 'cd'}
n=0
set -- ${fileArgs}
while [ $# -ge 2 ]; do
  n=$((n+1)); k=$1; p=$2; shift 2
  if [ "$k" = c ]; then
    if command -v "$p" >/dev/null 2>&1; then echo "@@file $n ok"; else echo "@@file $n missing"; fi
  else
    if [ -e "$p" ]; then echo "@@file $n ok"; else echo "@@file $n missing"; fi
  fi
done
if [ -e /etc/nv_tegra_release ]; then
  echo "@@jetson $(head -n 1 /etc/nv_tegra_release)"
  if command -v nvpmodel >/dev/null 2>&1; then nvpmodel -q 2>&1 | sed 's/^/@@nvpmodel /'; fi
  if command -v jetson_clocks >/dev/null 2>&1; then jetson_clocks --show 2>&1 | head -n 12 | sed 's/^/@@clocks /'; fi
fi
echo "@@end"
`;
}

export interface CaptureScriptInput {
  runDir: string;
  cwd?: string;
  env: Record<string, string>;
  /** The nsys argv (nsys profile ... app args) or (nsys launch ... app args). */
  argv: string[];
  /** Folders to create first (GST_DEBUG_DUMP_DOT_DIR), in the same round trip. */
  mkdirs?: string[];
}

/**
 * Starts the capture detached from this ssh session (its output goes to capture.log on the
 * target, so a dropped link cannot SIGPIPE nsys and lose the report), records its pid (for
 * stop and the orphan check), then follows the log until the process ends and prints
 * "@@exit N". If the link drops, the capture finishes on its own and is collected later.
 */
export function captureScript(i: CaptureScriptInput): string {
  const exports = Object.entries(i.env)
    .map(([k, v]) => {
      if (!isEnvName(k)) throw new Error(`invalid environment variable name: ${JSON.stringify(k)}`);
      return `export ${k}=${shellQuote(v)}`;
    })
    .join('\n');
  const rd = shellQuote(i.runDir);
  const mkdirs = i.mkdirs?.length ? `mkdir -p -- ${shellJoin(i.mkdirs)}\n` : '';
  return `${mkdirs}cd -- ${i.cwd ? shellQuotePath(i.cwd) : '"$HOME"'} || { echo "sightline: remote working directory not found" >&2; exit 97; }
log=${rd}/capture.log
: > "$log"
(
trap '' HUP
${exports}
exec ${shellJoin(i.argv)}
) < /dev/null > "$log" 2>&1 &
pid=$!
printf '%s\n' "$pid" > ${rd}/capture.pid
off=0
while :; do
  alive=0; kill -0 "$pid" 2>/dev/null && alive=1
  size=$(wc -c < "$log" | tr -d ' ')
  if [ "$size" -gt "$off" ]; then tail -c +$((off+1)) "$log" | head -c $((size-off)); off=$size; fi
  [ $alive = 0 ] && break
  sleep 0.2
done
wait "$pid"; rc=$?
printf '%s\n' "$rc" > ${rd}/capture.exit
echo "@@exit $rc" >&2
# The result files, in the same round trip (saves a separate listing when nothing else is due).
( ${listResultsScript(i.runDir).trim()} ) >&2
`;
}

/** Waits (up to `timeoutS`) for the capture process to end; prints "@@gone" or "@@alive PID". */
export function waitCaptureScript(runDir: string, timeoutS: number): string {
  return `pidf=${shellQuote(runDir)}/capture.pid
[ -f "$pidf" ] || { echo "@@gone"; exit 0; }
pid=$(cat "$pidf")
i=0
while kill -0 "$pid" 2>/dev/null; do
  i=$((i+1)); [ $i -gt ${Math.max(1, Math.round(timeoutS * 5))} ] && { echo "@@alive $pid"; exit 0; }
  sleep 0.2
done
echo "@@gone"
`;
}

/** Sends SIGINT to the capture process: nsys then stops and writes its report (like Ctrl-C). */
export function interruptCaptureScript(runDir: string): string {
  return `pid=$(cat ${shellQuote(runDir)}/capture.pid 2>/dev/null) && kill -INT "$pid" 2>/dev/null; echo "@@signalled"`;
}

/** Last resort once stop, interrupt and cancel did not end it. */
export function killCaptureScript(runDir: string): string {
  return `pid=$(cat ${shellQuote(runDir)}/capture.pid 2>/dev/null) && kill -KILL "$pid" 2>/dev/null; echo "@@killed"`;
}

/** Lists the run's result files with sizes and SHA-256 (when sha256sum exists). */
export function listResultsScript(runDir: string): string {
  return `cd -- ${shellQuote(runDir)} || exit 1
for f in report.nsys-rep report.sqlite graphs/*.dot; do
  [ -f "$f" ] || continue
  case "$f" in *"
"*) continue ;; esac
  s=$(wc -c < "$f" | tr -d ' ')
  h=$( (sha256sum -- "$f" 2>/dev/null || true) | awk '{print $1}')
  printf '@@result %s %s %s\\n' "$s" "\${h:--}" "$f"
done
echo "@@end"
`;
}

/** Removes the run's remote folder (only ever a folder named after this run). */
export function cleanupScript(runDir: string, runId: string): string {
  if (!runDir.startsWith('/') || !runDir.endsWith(`/${runId}`)) throw new Error(`refusing to remove unexpected remote folder ${runDir}`);
  return `rm -rf -- ${shellQuote(runDir)} && echo "@@removed"`;
}
