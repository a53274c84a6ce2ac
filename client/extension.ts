// Extension entry point: activation, the language client, and the commands. Everything heavy
// runs in the language server process (dist/server.js); this file only wires VS Code to it.
import * as vscode from 'vscode';
import * as path from 'node:path';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { registerLanguageDetection } from './languageDetection';
import { registerTraceViewer } from './trace';
import { registerProfiler } from './profile/registerProfiler';
import { registerLoop } from './loop';

let client: LanguageClient | undefined;

export const documentSelector = [
  { scheme: 'file', language: 'gst-pipeline' },
  { scheme: 'file', language: 'nvinfer-config' },
  { scheme: 'file', language: 'deepstream-app-config' },
  { scheme: 'file', language: 'shellscript' },
  { scheme: 'file', language: 'python' },
  { scheme: 'file', language: 'c' },
  { scheme: 'file', language: 'cpp' },
  { scheme: 'file', language: 'cuda-cpp' },
  { scheme: 'file', language: 'markdown' },
  { scheme: 'file', language: 'dockerfile' },
  { scheme: 'file', language: 'yaml' },
  { scheme: 'file', language: 'plaintext' },
];

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const log = vscode.window.createOutputChannel('Sightline', { log: true });
  context.subscriptions.push(log);
  log.info(`Sightline ${context.extension.packageJSON.version as string} activating`);

  registerLanguageDetection(context);

  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    outputChannel: log,
    synchronize: { configurationSection: 'sightline' },
    initializationOptions: { trusted: vscode.workspace.isTrusted },
  };
  client = new LanguageClient('sightline', 'Sightline', serverOptions, clientOptions);
  registerTraceViewer(context, client, log);
  registerProfiler(context, log);
  registerLoop(context, client, log);
  context.subscriptions.push(
    vscode.commands.registerCommand('sightline.showPipelineFindings', () => vscode.commands.executeCommand('workbench.actions.view.problems')),
    vscode.commands.registerCommand('sightline.showLog', () => log.show()),
  );
  await client.start();
  log.info('Sightline language server started');
}

export async function deactivate(): Promise<void> {
  if (client) await client.stop();
}
