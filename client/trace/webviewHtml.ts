// The HTML of the trace viewer webview: a strict Content Security Policy (scripts only by nonce,
// no inline styles, no eval, nothing remote), one root element, the bundled script. Pure (no
// vscode import) so the browser tests serve exactly the page VS Code shows.
import { randomBytes } from 'node:crypto';

export interface WebviewHtmlOptions {
  /** URI of dist/webview.js as the webview can load it. */
  scriptUri: string;
  /** `webview.cspSource` (the origin local resources are served from). */
  cspSource: string;
  title: string;
  nonce?: string;
  /** Inline scripts to run before the bundle (the test host's acquireVsCodeApi shim). */
  inlineScripts?: string[];
}

export function makeNonce(): string {
  return randomBytes(18).toString('base64').replace(/[^A-Za-z0-9]/g, '');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    "connect-src 'none'",
    "frame-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** Text for a double-quoted attribute or element content (single quotes may stay: CSP needs them). */
function attr(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
}

export function webviewHtml(o: WebviewHtmlOptions): string {
  const nonce = o.nonce ?? makeNonce();
  const inline = (o.inlineScripts ?? []).map((s) => `<script nonce="${nonce}">${s.replace(/<\/script/gi, '<\\/script')}</script>`).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(o.cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${attr(o.title)}</title>
</head>
<body>
<div id="root" role="main" aria-label="${attr(`Trace viewer: ${o.title}`)}"></div>
${inline}
<script nonce="${nonce}" src="${attr(o.scriptUri)}"></script>
</body>
</html>`;
}
