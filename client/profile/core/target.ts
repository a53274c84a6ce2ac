// The profiling target model: where a capture runs. Targets come from `sightline.targets`
// settings, from the Host entries of ~/.ssh/config, or from a CLI spec `[user@]host[:port]`.

export interface PathMapping {
  remoteRoot: string;
  localRoot: string;
}

export interface ProfileTarget {
  /** Label shown in pickers; defaults to the host. */
  name?: string;
  /** Host name or ~/.ssh/config alias (given to ssh as is, so ssh config applies). */
  host: string;
  user?: string;
  port?: number;
  identityFile?: string;
  /** Jump host(s) for ssh's ProxyJump (`-J`): `[user@]host[:port][,...]` or ssh config aliases. */
  proxyJump?: string;
  /** An ssh client config used instead of ~/.ssh/config for this target (ssh -F). */
  sshConfigFile?: string;
  /** nsys on the target; searched in PATH and the usual install folders when unset. */
  nsysPath?: string;
  /** Remote folder under which each run gets its own folder (default ~/.cache/sightline/runs). */
  remoteDir?: string;
  /** Environment for the profiled command. */
  env?: Record<string, string>;
  pathMappings?: PathMapping[];
  /** Where the target came from (for the picker). */
  source?: 'settings' | 'ssh-config' | 'cli';
}

export const defaultRemoteDir = '~/.cache/sightline/runs';

export function targetLabel(t: ProfileTarget): string {
  if (t.name) return t.name;
  return `${t.user ? `${t.user}@` : ''}${t.host}${t.port ? `:${t.port}` : ''}`;
}

/** A file-name-safe form of the target, used in run folder names. */
export function targetSlug(t: ProfileTarget): string {
  const s = targetLabel(t).replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '').slice(0, 48);
  return s || 'target';
}

/** Stable identity for "last used" ordering. */
export function targetKey(t: ProfileTarget): string {
  return `${t.user ?? ''}@${t.host}:${t.port ?? ''}`;
}

/** Parses `[user@]host[:port]`; a bracketed IPv6 host is `[::1]:2222`. */
export function parseTargetSpec(spec: string): ProfileTarget {
  let rest = spec.trim();
  if (!rest) throw new Error('empty target: expected [user@]host[:port]');
  let user: string | undefined;
  const at = rest.lastIndexOf('@');
  if (at >= 0) {
    user = rest.slice(0, at);
    rest = rest.slice(at + 1);
    if (!user) throw new Error(`target '${spec}': empty user before '@'`);
  }
  let host = rest;
  let port: number | undefined;
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(rest);
  if (v6) {
    host = v6[1];
    if (v6[2]) port = Number(v6[2]);
  } else {
    const m = /^([^:]+):(\d+)$/.exec(rest);
    if (m) {
      host = m[1];
      port = Number(m[2]);
    } else if (rest.includes(':')) {
      throw new Error(`target '${spec}': expected [user@]host[:port]`);
    }
  }
  if (!host) throw new Error(`target '${spec}': empty host`);
  return { host, user, port, source: 'cli' };
}

/** Checks a target from settings; returns a list of problems (empty when valid). */
export function validateTarget(t: Partial<ProfileTarget>): string[] {
  const problems: string[] = [];
  if (typeof t.host !== 'string' || !t.host.trim()) problems.push('"host" is required');
  // A host or user starting with '-' would be read by ssh as an option.
  if (typeof t.host === 'string' && t.host.startsWith('-')) problems.push(`"host" must not start with '-': ${t.host}`);
  if (t.user !== undefined && (typeof t.user !== 'string' || t.user.startsWith('-') || /[\s@]/.test(t.user))) problems.push(`"user" is not a valid user name: ${String(t.user)}`);
  if (t.port !== undefined && (!Number.isInteger(t.port) || t.port < 1 || t.port > 65535)) problems.push(`"port" must be 1..65535: ${String(t.port)}`);
  // Given to ssh as one option value: nothing that ssh could read as another option or a list of hosts with spaces.
  if (t.proxyJump !== undefined && (typeof t.proxyJump !== 'string' || !/^[A-Za-z0-9_.@:[\],-]+$/.test(t.proxyJump) || t.proxyJump.startsWith('-') || t.proxyJump.split(',').some((h) => !h || h.startsWith('-')))) {
    problems.push(`"proxyJump" must be [user@]host[:port] items separated by commas: ${String(t.proxyJump)}`);
  }
  if (t.sshConfigFile !== undefined && (typeof t.sshConfigFile !== 'string' || !t.sshConfigFile.trim() || /[\r\n]/.test(t.sshConfigFile))) problems.push(`"sshConfigFile" must be a file path: ${String(t.sshConfigFile)}`);
  if (t.env !== undefined) {
    for (const k of Object.keys(t.env)) if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) problems.push(`"env" has an invalid variable name: ${k}`);
  }
  return problems;
}
