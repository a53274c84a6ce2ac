// The HTML of the pipeline graph panel: strict Content Security Policy (the script and the one
// style block only by nonce, nothing remote, no eval), the graphs embedded as JSON in a
// non-executable data block (every '<' escaped, so no name can close it). Pure (no vscode
// import): the browser test serves exactly the page VS Code shows.
import { randomBytes } from 'node:crypto';
import type { GraphPanelData } from '../../../webview/pipelineGraph/model';
import { pipelineGraphCss } from './pipelineGraphCss';

export function graphNonce(): string {
  return randomBytes(18).toString('base64').replace(/[^A-Za-z0-9]/g, '');
}

export function graphPanelCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    "connect-src 'none'",
    "frame-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** JSON safe inside a <script type="application/json"> block. */
export function embedJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

export interface GraphHtmlOptions {
  scriptUri: string;
  cspSource: string;
  title: string;
  data: GraphPanelData;
  nonce?: string;
}

export function pipelineGraphHtml(o: GraphHtmlOptions): string {
  const nonce = o.nonce ?? graphNonce();
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(graphPanelCsp(o.cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(o.title)}</title>
<style nonce="${nonce}">${pipelineGraphCss}</style>
</head>
<body>
<div id="root" role="main" aria-label="${escapeHtml(o.title)}"></div>
<script type="application/json" id="sightline-graph-data">${embedJson(o.data)}</script>
<script nonce="${nonce}" src="${escapeHtml(o.scriptUri)}"></script>
</body>
</html>`;
}
