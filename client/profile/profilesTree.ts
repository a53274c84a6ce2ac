// The "Profiles" tree view: past runs stored under <workspace>/.sightline/profiles/, newest
// first, with their graphs as children. Items can be reopened, compared, revealed or deleted.
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { StoredRun } from './core/runStore';
import { childrenOf, diskRunStore, runContextValue, runDescription, type ProfilesNode, type RunStore } from './core/profilesModel';

export type { ProfilesNode };

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

  readonly store: RunStore;

  constructor(roots: () => string[]) {
    this.store = diskRunStore(roots);
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  runs(): StoredRun[] {
    return this.store.list();
  }

  getChildren(node?: ProfilesNode): ProfilesNode[] {
    return childrenOf(this.store, node);
  }

  getTreeItem(node: ProfilesNode): vscode.TreeItem {
    if (node.kind === 'graph') {
      const g = node.run.metadata.graphs.find((x) => x.file === node.file);
      const item = new vscode.TreeItem(path.basename(node.file), vscode.TreeItemCollapsibleState.None);
      item.description = g ? `${g.nvmmLinks} NVMM · ${g.systemLinks} system` : undefined;
      item.tooltip = g ? g.links.map((l) => `${l.from} → ${l.to}: ${l.memory} ${l.media}`).join('\n') : undefined;
      item.iconPath = new vscode.ThemeIcon('type-hierarchy');
      item.contextValue = 'sightline.profileGraph';
      item.command = { command: 'sightline.profiles.showGraph', title: 'Show Pipeline Graph', arguments: [node] };
      return item;
    }
    const m = node.run.metadata;
    const when = new Date(m.startedAt);
    const label = `${when.toLocaleString()} · ${m.target.label}`;
    const item = new vscode.TreeItem(label, m.files.graphs.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = node.run.dir;
    item.description = runDescription(node.run);
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**${m.target.label}** — ${m.status}\n\n`);
    md.appendCodeblock(m.command.join(' '), 'sh');
    md.appendMarkdown(`\n\nnsys ${m.nsysVersion ?? '?'} · trace ${m.trace.join(',')} · ${m.durationS ? `${m.durationS} s` : 'until exit'}\n\n`);
    if (m.message) md.appendText(m.message);
    item.tooltip = md;
    item.iconPath = new vscode.ThemeIcon(statusIcon[m.status] ?? 'circle-outline');
    item.contextValue = runContextValue(node.run);
    if (m.files.sqlite) item.command = { command: 'sightline.profiles.open', title: 'Open Trace', arguments: [node] };
    return item;
  }
}
