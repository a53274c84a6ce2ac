// Profiling targets in VS Code: `sightline.targets` (workspace values only when the workspace
// is trusted) plus the Host entries of ~/.ssh/config, ordered with the last used first.
import * as vscode from 'vscode';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseSshConfigHosts, type SshConfigReader } from './core/sshConfig';
import { type ProfileTarget, parseTargetSpec, targetKey, targetLabel, validateTarget } from './core/target';
import { trustedValue, type InspectedSetting } from './core/trustedSettings';

const lastUsedKey = 'sightline.profile.lastTargets';

export interface TargetChoice {
  target: ProfileTarget;
  problems: string[];
}

function globToRegExp(p: string): RegExp {
  return new RegExp(`^${p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}$`);
}

const diskReader: SshConfigReader = {
  readText: (p) => {
    try {
      return fs.readFileSync(p.replace(/^~(?=\/)/, os.homedir()), 'utf8');
    } catch {
      return undefined;
    }
  },
  glob: (pattern) => {
    const abs = pattern.replace(/^~(?=\/)/, os.homedir());
    if (!/[*?]/.test(abs)) return fs.existsSync(abs) ? [abs] : [];
    const dir = path.dirname(abs);
    const re = globToRegExp(path.basename(abs));
    try {
      return fs.readdirSync(dir).filter((n) => re.test(n)).sort().map((n) => path.join(dir, n));
    } catch {
      return [];
    }
  },
};

export function sshConfigTargets(): ProfileTarget[] {
  const file = path.join(os.homedir(), '.ssh', 'config');
  const text = diskReader.readText(file);
  if (text === undefined) return [];
  return parseSshConfigHosts(text, file, path.join(os.homedir(), '.ssh'), diskReader).map((h) => ({
    host: h.alias,
    name: h.alias + (h.hostName && h.hostName !== h.alias ? ` (${h.user ? `${h.user}@` : ''}${h.hostName})` : ''),
    source: 'ssh-config' as const,
  }));
}

/** Targets from settings; in an untrusted workspace only the user's own settings count. */
export function settingsTargets(): { targets: TargetChoice[]; ignoredWorkspace: boolean } {
  const inspected = vscode.workspace.getConfiguration('sightline').inspect<unknown[]>('targets') as InspectedSetting<unknown[]> | undefined;
  const { value, ignoredWorkspaceValue } = trustedValue(inspected, vscode.workspace.isTrusted);
  const targets: TargetChoice[] = [];
  for (const raw of Array.isArray(value) ? value : []) {
    if (!raw || typeof raw !== 'object') continue;
    const t = { ...(raw as ProfileTarget), source: 'settings' as const };
    targets.push({ target: t, problems: validateTarget(t) });
  }
  return { targets, ignoredWorkspace: ignoredWorkspaceValue };
}

export function lastUsed(state: vscode.Memento): string[] {
  return state.get<string[]>(lastUsedKey, []);
}

export async function rememberTarget(state: vscode.Memento, t: ProfileTarget): Promise<void> {
  const k = targetKey(t);
  await state.update(lastUsedKey, [k, ...lastUsed(state).filter((x) => x !== k)].slice(0, 20));
}

/** All targets, last used first, settings before ~/.ssh/config, each host once. */
export function orderedTargets(state: vscode.Memento): { choices: TargetChoice[]; ignoredWorkspace: boolean } {
  const fromSettings = settingsTargets();
  const seen = new Set<string>();
  const all: TargetChoice[] = [];
  for (const c of [...fromSettings.targets, ...sshConfigTargets().map((t) => ({ target: t, problems: [] }))]) {
    const k = targetKey(c.target);
    if (seen.has(k)) continue;
    seen.add(k);
    all.push(c);
  }
  const order = lastUsed(state);
  const rank = (c: TargetChoice) => {
    const i = order.indexOf(targetKey(c.target));
    return i < 0 ? order.length : i;
  };
  all.sort((a, b) => rank(a) - rank(b));
  return { choices: all, ignoredWorkspace: fromSettings.ignoredWorkspace };
}

/** "Add target": asks for [user@]host[:port] and saves it to the user's settings. */
export async function addTargetInteractively(): Promise<ProfileTarget | undefined> {
  const spec = await vscode.window.showInputBox({
    title: 'Sightline: Add Profiling Target',
    prompt: 'SSH target: [user@]host[:port] or a ~/.ssh/config alias',
    placeHolder: 'nvidia@jetson-orin.local',
    ignoreFocusOut: true,
    validateInput: (v) => {
      try {
        const t = parseTargetSpec(v);
        const p = validateTarget(t);
        return p.length ? p.join('; ') : undefined;
      } catch (e) {
        return (e as Error).message;
      }
    },
  });
  if (!spec) return undefined;
  const parsed = parseTargetSpec(spec);
  const t: ProfileTarget = { host: parsed.host, ...(parsed.user ? { user: parsed.user } : {}), ...(parsed.port ? { port: parsed.port } : {}) };
  const cfg = vscode.workspace.getConfiguration('sightline');
  const current = cfg.inspect<ProfileTarget[]>('targets')?.globalValue ?? [];
  await cfg.update('targets', [...current.filter((x) => targetKey(x) !== targetKey(t)), t], vscode.ConfigurationTarget.Global);
  void vscode.window.showInformationMessage(`Sightline: added profiling target ${targetLabel(t)} to your user settings (sightline.targets).`);
  return { ...t, source: 'settings' };
}
