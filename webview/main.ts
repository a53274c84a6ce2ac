// The trace viewer webview entry (browser bundle dist/webview.js). Renders what the host relays
// from the language server; never evaluates trace data as HTML or code. The same bundle runs in
// VS Code (acquireVsCodeApi) and in a plain page with a test host (browser tests, benchmark).
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import { HostBridge } from './hostBridge';
import { installStyles } from './styles';
import { ViewerApp } from './viewer';

declare global {
  interface Window {
    /** The running viewer, for the browser tests and the benchmark. */
    sightlineViewer?: ViewerApp;
  }
}

function start(): void {
  installStyles();
  const root = document.getElementById('root');
  if (!root) return;
  try {
    window.sightlineViewer = new ViewerApp(root, HostBridge.acquire());
  } catch (e) {
    root.textContent = `The trace viewer could not start: ${(e as Error).message}`;
  }
}

start();
