// An SSH_ASKPASS helper that forwards OpenSSH's prompts (key passphrases, passwords, host-key
// confirmations) to a callback (in VS Code: an input box), so that nothing is typed into or
// stored in settings. ssh runs the helper script with the prompt as its argument; the script
// runs a tiny Node client that asks this server over a private local socket and prints the answer.
import * as net from 'node:net';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';

export type AskFn = (prompt: string) => Promise<string | undefined>;

const clientSource = `'use strict';
const net = require('net');
const prompt = process.argv[2] || '';
const sock = net.connect(process.env.SIGHTLINE_ASKPASS_SOCKET, () => {
  sock.end(JSON.stringify({ token: process.env.SIGHTLINE_ASKPASS_TOKEN, prompt }) + '\\n');
});
let buf = '';
sock.on('data', (d) => { buf += d; });
sock.on('end', () => {
  try {
    const r = JSON.parse(buf);
    if (typeof r.answer === 'string') { process.stdout.write(r.answer + '\\n'); process.exit(0); }
  } catch (e) { /* fall through */ }
  process.exit(1);
});
sock.on('error', () => process.exit(1));
`;

export class AskpassServer {
  private constructor(
    private readonly server: net.Server,
    readonly dir: string,
    readonly socketPath: string,
    readonly token: string,
    readonly scriptPath: string,
    private readonly nodePath: string,
  ) {}

  /** Starts the server; `nodePath` runs the client (in VS Code: process.execPath with ELECTRON_RUN_AS_NODE). */
  static async start(ask: AskFn, nodePath: string = process.execPath): Promise<AskpassServer> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-askpass-'));
    fs.chmodSync(dir, 0o700);
    const token = randomBytes(24).toString('hex');
    const socketPath = process.platform === 'win32' ? `\\\\.\\pipe\\sightline-askpass-${token.slice(0, 16)}` : path.join(dir, 'sock');
    const clientPath = path.join(dir, 'askpass-client.js');
    fs.writeFileSync(clientPath, clientSource, { mode: 0o600 });
    const scriptPath = path.join(dir, 'askpass.sh');
    const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
    fs.writeFileSync(scriptPath, `#!/bin/sh\nexec ${q(nodePath)} ${q(clientPath)} "$@"\n`, { mode: 0o700 });
    // allowHalfOpen: the client ends its request first; the answer is written afterwards.
    const server = net.createServer({ allowHalfOpen: true }, (c) => {
      let buf = '';
      c.on('data', (d) => {
        buf += d.toString('utf8');
      });
      c.on('end', () => {
        let req: { token?: unknown; prompt?: unknown };
        try {
          req = JSON.parse(buf) as { token?: unknown; prompt?: unknown };
        } catch {
          c.end('{}');
          return;
        }
        if (req.token !== token || typeof req.prompt !== 'string') {
          c.end('{}');
          return;
        }
        ask(req.prompt).then(
          (answer) => c.end(JSON.stringify(answer === undefined ? { cancel: true } : { answer })),
          () => c.end(JSON.stringify({ cancel: true })),
        );
      });
      c.on('error', () => undefined);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, () => resolve());
    });
    return new AskpassServer(server, dir, socketPath, token, scriptPath, nodePath);
  }

  /** Environment for ssh so that it asks through this server. */
  env(): Record<string, string> {
    return {
      SSH_ASKPASS: this.scriptPath,
      SSH_ASKPASS_REQUIRE: 'force',
      DISPLAY: process.env.DISPLAY || ':0',
      SIGHTLINE_ASKPASS_SOCKET: this.socketPath,
      SIGHTLINE_ASKPASS_TOKEN: this.token,
      ELECTRON_RUN_AS_NODE: '1',
    };
  }

  close(): void {
    this.server.close();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** What kind of question OpenSSH asks (its prompt texts). */
export function classifyAskpassPrompt(prompt: string): 'host-key' | 'passphrase' | 'password' | 'other' {
  if (/continue connecting|authenticity of host|\(yes\/no/i.test(prompt)) return 'host-key';
  if (/passphrase/i.test(prompt)) return 'passphrase';
  if (/password|verification code|PIN/i.test(prompt)) return 'password';
  return 'other';
}
