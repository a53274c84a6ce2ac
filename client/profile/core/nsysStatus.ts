// Reads `nsys status --environment` and the kernel's perf_event_paranoid into checks with fixes.

export interface NsysEnvironment {
  paranoidLevel?: number;
  /** "CPU Profiling Environment (process-tree): OK|Fail" and similar lines. */
  cpuProfiling: { scope: string; ok: boolean }[];
  /** Other "key: value" / "key = value" lines, in order. */
  entries: { key: string; value: string }[];
}

export function parseNsysStatus(text: string): NsysEnvironment {
  const env: NsysEnvironment = { cpuProfiling: [], entries: [] };
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    const para = /Paranoid Level\s*[=:]\s*(-?\d+)/i.exec(line);
    if (para) env.paranoidLevel = Number(para[1]);
    const cpu = /^CPU Profiling Environment(?:\s*\(([^)]*)\))?\s*:\s*(\w+)/i.exec(line);
    if (cpu) env.cpuProfiling.push({ scope: cpu[1] ?? '', ok: /^ok$/i.test(cpu[2]) });
    const kv = /^([^=:]+?)\s*[=:]\s*(.+)$/.exec(line);
    if (kv) env.entries.push({ key: kv[1], value: kv[2] });
  }
  return env;
}

export const paranoidFix =
  "sudo sh -c 'echo 2 > /proc/sys/kernel/perf_event_paranoid'   (until reboot; to keep it: echo kernel.perf_event_paranoid=2 | sudo tee /etc/sysctl.d/99-nsys.conf)";
