// Reads the Host entries of an OpenSSH client config (~/.ssh/config) for the target picker.
// Only concrete aliases are offered (patterns with * ? ! are rules, not hosts). Connection
// options are NOT resolved here: ssh itself reads the config when it connects, so ProxyJump,
// IdentityFile, agents and known_hosts behave as in a terminal.

export interface SshConfigHost {
  alias: string;
  hostName?: string;
  user?: string;
  port?: number;
  /** Config file and 1-based line of the Host line. */
  file: string;
  line: number;
}

export interface SshConfigReader {
  /** Returns the file's text, or undefined when it does not exist. */
  readText(path: string): string | undefined;
  /** Expands an Include pattern (already made absolute) to existing files. */
  glob(pattern: string): string[];
}

function splitArgs(rest: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(rest))) out.push(m[1] ?? m[2]);
  return out;
}

/**
 * Parses the config text (and its Includes through `reader`), returning hosts in file order.
 * `sshDir` is the folder relative Include paths resolve against (~/.ssh).
 */
export function parseSshConfigHosts(text: string, file: string, sshDir: string, reader?: SshConfigReader, depth = 0): SshConfigHost[] {
  const hosts: SshConfigHost[] = [];
  let current: SshConfigHost[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].trim();
    if (!raw || raw.startsWith('#')) continue;
    const m = /^([A-Za-z]+)\s*(?:=\s*|\s+)(.*)$/.exec(raw);
    if (!m) continue;
    const key = m[1].toLowerCase();
    const args = splitArgs(m[2]);
    if (key === 'host') {
      current = args
        .filter((a) => !/[*?!]/.test(a))
        .map((alias) => ({ alias, file, line: i + 1 }));
      hosts.push(...current);
    } else if (key === 'match') {
      current = [];
    } else if (key === 'include' && reader && depth < 16) {
      for (const pat of args) {
        const abs = pat.startsWith('/') ? pat : pat.startsWith('~/') ? pat : `${sshDir}/${pat}`;
        for (const f of reader.glob(abs)) {
          const t = reader.readText(f);
          if (t !== undefined) hosts.push(...parseSshConfigHosts(t, f, sshDir, reader, depth + 1));
        }
      }
    } else {
      for (const h of current) {
        // First value wins, as in ssh_config.
        if (key === 'hostname' && h.hostName === undefined) h.hostName = args[0];
        else if (key === 'user' && h.user === undefined) h.user = args[0];
        else if (key === 'port' && h.port === undefined && /^\d+$/.test(args[0] ?? '')) h.port = Number(args[0]);
      }
    }
  }
  // The same alias may appear twice (e.g. in an Include); keep the first.
  const seen = new Set<string>();
  return hosts.filter((h) => (seen.has(h.alias) ? false : (seen.add(h.alias), true)));
}
