// The "Profiles" tree view: past runs stored under <workspace>/.sightline/profiles/, newest
// first, with their graphs as children. Items can be reopened, compared, revealed or deleted.
import * as vscode from 'vscode';
import * as path from 'node:path';
import { listRuns, type StoredRun } from './core/runStore';

export type ProfilesNode = { kind: 'run'; run: StoredRun } | { kind: 'graph'; run: StoredRun; file: string };

const statusIcon: Record<string, string> = {
  complete: 'pass',
  cancelled: 'circle-slash',
  failed: 'error',
  incomplete: 'warning',
  running: 'sync~spin',
};

export class ProfilesTreeProvider implements vscode.TreeDataProvider<ProfilesNode> {
  private readonly changed = new vscode.EventEmitter<ProfilesNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly roots: () => string[]) {}

  refresh(): void {
    this.changed.fire(undefined);
  }

  runs(): StoredRun[] {
    return this.roots().flatMap((r) => listRuns(r));
  }

  getChildren(node?: ProfilesNode): ProfilesNode[] {
    if (!node) return this.runs().map((run) => ({ kind: 'run', run }));
    if (node.kind === 'run') return node.run.metadata.files.graphs.map((file) => ({ kind: 'graph', run: node.run, file }));
    return [];
  }

  getTreeItem(node: ProfilesNode): vscode.TreeItem {
    if (node.kind === 'graph') {
      const g = node.run.metadata.graphs.find((x) => x.file === node.file);
      const item = new vscode.TreeItem(path.basename(node.file), vscode.TreeItemCollapsibleState.None);
      item.description = g ? `${g.nvmmLinks} NVMM · ${g.systemLinks} system` : undefined;
      item.tooltip = g ? g.links.map((l) => `${l.from} → ${l.to}: ${l.memory} ${l.media}`).join('\n') : undefined;
      item.iconPath = new vscode.ThemeIcon('type-hierarchy');
      item.contextValue = 'sightline.profileGraph';
      item.command = { command: 'vscode.open', title: 'Open graph', arguments: [vscode.Uri.file(path.join(node.run.dir, node.file))] };
      return item;
    }
    const m = node.run.metadata;
    const when = new Date(m.startedAt);
    const label = `${when.toLocaleString()} · ${m.target.label}`;
    const item = new vscode.TreeItem(label, m.files.graphs.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = node.run.dir;
    item.description = `${path.basename(m.command[0] ?? '')} ${m.command.slice(1).join(' ')}`.trim().slice(0, 60) + (m.status === 'complete' ? '' : ` (${m.status})`);
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**${m.target.label}** — ${m.status}\n\n`);
    md.appendCodeblock(m.command.join(' '), 'sh');
    md.appendMarkdown(`\n\nnsys ${m.nsysVersion ?? '?'} · trace ${m.trace.join(',')} · ${m.durationS ? `${m.durationS} s` : 'until exit'}\n\n`);
    if (m.message) md.appendText(m.message);
    item.tooltip = md;
    item.iconPath = new vscode.ThemeIcon(statusIcon[m.status] ?? 'circle-outline');
    item.contextValue = m.files.sqlite ? 'sightline.profileRun.openable' : 'sightline.profileRun';
    if (m.files.sqlite) item.command = { command: 'sightline.profiles.open', title: 'Open Trace', arguments: [node] };
    return item;
  }
}
