// "Sightline: Profile on Jetson" and the Profiles view: VS Code glue around the pure core
// (client/profile/core). Target pick (last used first, "add target"), the command to run,
// a progress notification with Cancel (stops nsys cleanly), live output in an output channel,
// askpass prompts as input boxes, then the trace opens in the viewer.
import * as vscode from 'vscode';
import * as path from 'node:path';
import { runProfile, type ProfileRequest, type ProfileResult } from './core/profileRun';
import { type ProfileTarget, targetKey, targetLabel } from './core/target';
import { AskpassServer, classifyAskpassPrompt } from './core/askpass';
import { splitCommandLine } from './core/commandLine';
import { shellJoin } from './core/shellQuote';
import { defaultTrace } from './core/nsysArgs';
import { profilesFolder, readMetadata } from './core/runStore';
import { compareTargets, deleteRunsConfirmed, revealPath, runOf as runOfNode, runsToDelete } from './core/profilesModel';
import { showPipelineGraphs } from './pipelineGraphPanel';
import { trustedValue, type InspectedSetting } from './core/trustedSettings';
import { addTargetInteractively, orderedTargets, rememberTarget } from './targets';
import { ProfilesTreeProvider, type ProfilesNode } from './profilesTree';
import { openTracePanel, compareTraces } from '../trace';

const lastCommandKey = 'sightline.profile.lastCommands';

function profilesRoots(context: vscode.ExtensionContext): string[] {
  const folders = vscode.workspace.workspaceFolders?.filter((f) => f.uri.scheme === 'file') ?? [];
  if (folders.length) return folders.map((f) => path.join(f.uri.fsPath, profilesFolder));
  return [path.join(context.globalStorageUri.fsPath, 'profiles')];
}

function setting<T>(key: string, fallback: T): T {
  const inspected = vscode.workspace.getConfiguration('sightline').inspect<T>(key) as InspectedSetting<T> | undefined;
  return trustedValue(inspected, vscode.workspace.isTrusted).value ?? fallback;
}

async function askViaVsCode(prompt: string): Promise<string | undefined> {
  const kind = classifyAskpassPrompt(prompt);
  if (kind === 'host-key') {
    const choice = await vscode.window.showWarningMessage(prompt.trim(), { modal: true, detail: 'Compare the fingerprint with the one the target shows (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub on it).' }, 'Accept Host Key');
    return choice === 'Accept Host Key' ? 'yes' : 'no';
  }
  return vscode.window.showInputBox({ title: 'Sightline: SSH', prompt: prompt.trim(), password: kind !== 'other', ignoreFocusOut: true });
}

/** A command line for the active editor's file, mapped to the target's paths where configured. */
function suggestCommand(target: ProfileTarget): string | undefined {
  const doc = vscode.window.activeTextEditor?.document;
  if (!doc || doc.uri.scheme !== 'file') return undefined;
  let p = doc.uri.fsPath;
  for (const m of target.pathMappings ?? []) {
    if (m.localRoot && m.remoteRoot && p.startsWith(m.localRoot)) {
      p = m.remoteRoot + p.slice(m.localRoot.length).split(path.sep).join('/');
      break;
    }
  }
  switch (doc.languageId) {
    case 'deepstream-app-config':
      return shellJoin(['deepstream-app', '-c', p]);
    case 'python':
      return shellJoin(['python3', p]);
    case 'gst-pipeline': {
      const text = doc.getText().replace(/\\\n/g, ' ').trim();
      return text.startsWith('gst-launch') ? text : `gst-launch-1.0 ${text}`;
    }
    default:
      return undefined;
  }
}

async function pickTarget(context: vscode.ExtensionContext): Promise<ProfileTarget | undefined> {
  const { choices, ignoredWorkspace } = orderedTargets(context.globalState);
  if (ignoredWorkspace) {
    void vscode.window.showWarningMessage('Sightline: this workspace is not trusted, so the profiling targets it defines (sightline.targets in workspace settings) are ignored. Only your user settings and ~/.ssh/config are offered.');
  }
  type Item = vscode.QuickPickItem & { target?: ProfileTarget; add?: boolean };
  const items: Item[] = choices.map((c, i) => ({
    label: `$(${c.target.source === 'ssh-config' ? 'remote' : 'server'}) ${targetLabel(c.target)}`,
    description: [i === 0 && context.globalState.get<string[]>('sightline.profile.lastTargets', [])[0] === targetKey(c.target) ? 'last used' : '', c.target.source === 'ssh-config' ? '~/.ssh/config' : 'settings'].filter(Boolean).join(' · '),
    detail: c.problems.length ? `$(warning) ${c.problems.join('; ')}` : undefined,
    target: c.problems.length ? undefined : c.target,
  }));
  items.push({ label: '$(add) Add target…', add: true, alwaysShow: true });
  const pick = await vscode.window.showQuickPick(items, { title: 'Sightline: Profile on Jetson — target', placeHolder: 'Where should nsys run?', ignoreFocusOut: true });
  if (!pick) return undefined;
  if (pick.add) return addTargetInteractively();
  if (!pick.target) {
    void vscode.window.showErrorMessage(`Sightline: this target's settings are invalid: ${pick.detail ?? ''}`);
    return undefined;
  }
  return pick.target;
}

async function askCommand(context: vscode.ExtensionContext, target: ProfileTarget): Promise<string[] | undefined> {
  const last = context.globalState.get<Record<string, string>>(lastCommandKey, {});
  const value = suggestCommand(target) ?? last[targetKey(target)] ?? '';
  const line = await vscode.window.showInputBox({
    title: `Sightline: Profile on ${targetLabel(target)} — command`,
    prompt: 'Command to run under nsys on the target (quoted like a shell; nothing is expanded)',
    value,
    placeHolder: 'deepstream-app -c /opt/nvidia/deepstream/deepstream/samples/configs/deepstream-app/source30_1080p_dec_infer-resnet_tiled_display.txt',
    ignoreFocusOut: true,
    validateInput: (v) => {
      try {
        return splitCommandLine(v).length ? undefined : 'Enter the command to profile';
      } catch (e) {
        return (e as Error).message;
      }
    },
  });
  if (line === undefined) return undefined;
  await context.globalState.update(lastCommandKey, { ...last, [targetKey(target)]: line });
  return splitCommandLine(line);
}

async function openRun(runDir: string, meta: { target: { label: string }; command: string[]; startedAt: string; files: { sqlite?: string } }, target?: ProfileTarget): Promise<void> {
  if (!meta.files.sqlite) return;
  const uri = vscode.Uri.file(path.join(runDir, meta.files.sqlite));
  await openTracePanel(uri, {
    title: `${meta.target.label} · ${path.basename(meta.command[0] ?? '')} · ${new Date(meta.startedAt).toLocaleString()}`,
    pathMappings: target?.pathMappings,
  });
}

export function registerProfiler(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): void {
  const output = vscode.window.createOutputChannel('Sightline Profile');
  const tree = new ProfilesTreeProvider(() => profilesRoots(context));
  const view = vscode.window.createTreeView('sightline.profiles', { treeDataProvider: tree, canSelectMany: true });
  context.subscriptions.push(output, view);
  const watcher = vscode.workspace.createFileSystemWatcher(`**/${profilesFolder.split(path.sep).join('/')}/*/run.json`);
  context.subscriptions.push(watcher, watcher.onDidCreate(() => tree.refresh()), watcher.onDidChange(() => tree.refresh()), watcher.onDidDelete(() => tree.refresh()));

  let running = false;
  const profile = async (opts: { noCpuSampling?: boolean; interactive?: boolean; target?: ProfileTarget; command?: string[] } = {}): Promise<ProfileResult | undefined> => {
    if (running) {
      void vscode.window.showWarningMessage('Sightline: a capture is already running.');
      return undefined;
    }
    const target = opts.target ?? (await pickTarget(context));
    if (!target) return undefined;
    const command = opts.command ?? (await askCommand(context, target));
    if (!command) return undefined;
    await rememberTarget(context.globalState, target);
    const interactive = !!opts.interactive;
    const req: ProfileRequest = {
      target,
      command,
      capture: {
        trace: setting<string[]>('profile.trace', defaultTrace),
        durationS: setting<number>('profile.duration', 20),
        delayS: setting<number>('profile.delay', 0),
        noCpuSampling: opts.noCpuSampling,
      },
      mode: interactive ? 'interactive' : 'profile',
      captureGraphs: setting<boolean>('profile.captureGraphs', false),
      keepRemoteFiles: setting<boolean>('profile.keepRemoteFiles', false),
      profilesRoot: profilesRoots(context)[0],
      // SIGHTLINE_SSH_CONFIG: an ssh client config used instead of ~/.ssh/config (ssh -F), from
      // the environment VS Code was started with (CI, the end-to-end test), never from settings.
      ssh: { batchMode: false, configFile: process.env.SIGHTLINE_SSH_CONFIG || undefined },
    };
    running = true;
    output.show(true);
    output.appendLine(`── ${new Date().toLocaleString()} · ${targetLabel(target)} · ${shellJoin(command)}`);
    const askpass = await AskpassServer.start(askViaVsCode);
    req.ssh.askpassEnv = askpass.env();
    let result: ProfileResult | undefined;
    try {
      result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Sightline: profiling on ${targetLabel(target)}`, cancellable: true },
        async (progress, token) => {
          const ac = new AbortController();
          token.onCancellationRequested(() => {
            output.appendLine('[sightline] cancel requested: stopping nsys cleanly; what was captured is kept');
            ac.abort();
          });
          let lastFraction = 0;
          const label = targetLabel(target);
          return runProfile(req, {
            signal: ac.signal,
            waitForStart: interactive
              ? async () => (await vscode.window.showInformationMessage(`Sightline: the application runs on ${label} under nsys launch. Start the capture when it reaches the part to profile.`, 'Start Capture', 'Skip')) === 'Start Capture'
              : undefined,
            waitForStop: interactive
              ? async () => {
                  while ((await vscode.window.showInformationMessage(`Sightline: capturing on ${label}…`, 'Stop Capture')) !== 'Stop Capture' && !ac.signal.aborted) {
                    /* dismissed: ask again */
                  }
                }
              : undefined,
            output: (s) => output.append(s),
            info: (l) => {
              output.appendLine(`[sightline] ${l}`);
              log.info(`profile: ${l}`);
            },
            progress: (p) => {
              const inc = p.fraction !== undefined ? Math.max(0, (p.fraction - lastFraction) * 100) : undefined;
              if (p.fraction !== undefined) lastFraction = p.fraction;
              progress.report({ message: p.fraction !== undefined ? `${p.message} (${Math.round(p.fraction * 100)}%)` : p.message, increment: inc });
            },
          });
        },
      );
    } finally {
      askpass.close();
      running = false;
      tree.refresh();
    }
    if (result.ok) {
      await openRun(result.runDir, result.metadata, target);
      // The graphs open beside the trace.
      if (result.metadata.files.graphs.length) await showPipelineGraphs(context, { dir: result.runDir, metadata: readMetadata(result.runDir) ?? result.metadata }, undefined, log);
    } else {
      const paranoid = result.metadata.checks.some((c) => c.id === 'perf-paranoid' && c.severity === 'error');
      const actions = paranoid ? ['Capture without CPU sampling', 'Show Log'] : ['Show Log'];
      const choice = await vscode.window.showErrorMessage(`Sightline: ${result.message}`, ...actions);
      if (choice === 'Show Log') output.show();
      if (choice === 'Capture without CPU sampling') return profile({ noCpuSampling: true, interactive, target, command });
    }
    return result;
  };

  const runOf = (n: ProfilesNode | undefined) => runOfNode(tree.store, n);
  context.subscriptions.push(
    vscode.commands.registerCommand('sightline.profileOnJetson', () => profile()),
    vscode.commands.registerCommand('sightline.profileInteractive', () => profile({ interactive: true })),
    vscode.commands.registerCommand('sightline.profile.addTarget', () => addTargetInteractively()),
    vscode.commands.registerCommand('sightline.profiles.refresh', () => tree.refresh()),
    vscode.commands.registerCommand('sightline.profiles.open', async (n?: ProfilesNode) => {
      const r = runOf(n);
      if (r) await openRun(r.dir, r.metadata);
    }),
    vscode.commands.registerCommand('sightline.profiles.showGraph', async (n?: ProfilesNode) => {
      const r = runOf(n);
      if (r) await showPipelineGraphs(context, r, n?.kind === 'graph' ? n.file : undefined, log);
    }),
    vscode.commands.registerCommand('sightline.profiles.compare', async (n?: ProfilesNode, selected?: ProfilesNode[]) => {
      const a = runOf(n);
      const t = compareTargets(tree.store, a, selected);
      if (t.error || !a) {
        void vscode.window.showInformationMessage(`Sightline: ${t.error ?? 'nothing to compare'}`);
        return;
      }
      let b = t.other;
      if (!b) {
        const pick = await vscode.window.showQuickPick(
          t.candidates.map((r) => ({ label: `${new Date(r.metadata.startedAt).toLocaleString()} · ${r.metadata.target.label}`, description: r.metadata.command.join(' '), run: r })),
          { title: 'Compare with…' },
        );
        b = pick?.run;
      }
      if (!b?.metadata.files.sqlite || !a.metadata.files.sqlite) return;
      await compareTraces(vscode.Uri.file(path.join(a.dir, a.metadata.files.sqlite)), vscode.Uri.file(path.join(b.dir, b.metadata.files.sqlite)));
    }),
    vscode.commands.registerCommand('sightline.profiles.reveal', async (n?: ProfilesNode) => {
      const r = runOf(n);
      if (!r) return;
      const uri = vscode.Uri.file(revealPath(r));
      await vscode.commands.executeCommand(vscode.env.remoteName || vscode.env.uiKind === vscode.UIKind.Web ? 'revealInExplorer' : 'revealFileInOS', uri);
    }),
    vscode.commands.registerCommand('sightline.profiles.showLog', async (n?: ProfilesNode) => {
      const r = runOf(n);
      if (r) await vscode.window.showTextDocument(vscode.Uri.file(path.join(r.dir, 'capture.log')));
    }),
    vscode.commands.registerCommand('sightline.profiles.delete', async (n?: ProfilesNode, selected?: ProfilesNode[]) => {
      const runs = runsToDelete(n, selected);
      const { failed } = await deleteRunsConfirmed(tree.store, runs, async (q) => (await vscode.window.showWarningMessage(q, { modal: true }, 'Delete')) === 'Delete');
      if (failed.length) void vscode.window.showErrorMessage(`Sightline: could not delete ${failed.join('; ')}`);
      tree.refresh();
    }),
  );
}
