// The webview's side of the host connection: requests with ids and promised answers, host
// messages, and the persisted view state. Works with VS Code's `acquireVsCodeApi()` and with the
// test host of the browser tests (which installs an object of the same shape).
import { parseHostMessage, type HostToWebview, type TraceMethod, type WebviewToHost } from './hostMessages';

export interface HostApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare global {
  interface Window {
    acquireVsCodeApi?: () => HostApi;
  }
}

export class RequestError extends Error {}

export class HostBridge {
  private nextId = 1;
  private pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private listeners: ((m: HostToWebview) => void)[] = [];

  constructor(private readonly api: HostApi, target: Window = window) {
    target.addEventListener('message', (ev: MessageEvent) => this.receive(ev.data));
  }

  static acquire(): HostBridge {
    if (!window.acquireVsCodeApi) throw new Error('no host: acquireVsCodeApi is missing');
    return new HostBridge(window.acquireVsCodeApi());
  }

  send(m: WebviewToHost): void {
    this.api.postMessage(m);
  }

  request<T>(method: TraceMethod, params: Record<string, unknown>): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.send({ type: 'request', id, method, params });
    });
  }

  onMessage(listener: (m: HostToWebview) => void): void {
    this.listeners.push(listener);
  }

  getState(): unknown {
    return this.api.getState();
  }

  setState(s: unknown): void {
    this.api.setState(s);
  }

  private receive(data: unknown): void {
    const m = parseHostMessage(data);
    if (!m) return;
    if (m.type === 'response') {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.error !== undefined) p.reject(new RequestError(m.error));
      else p.resolve(m.result);
      return;
    }
    for (const l of this.listeners) l(m);
  }
}
