import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { contentSecurityPolicy, makeNonce, webviewHtml } from '../../../client/trace/webviewHtml';

test('the webview page has a strict nonce CSP and loads only the bundle', () => {
  const nonce = makeNonce();
  assert.match(nonce, /^[A-Za-z0-9]{20,}$/);
  assert.notEqual(nonce, makeNonce(), 'a fresh nonce each time');
  const html = webviewHtml({ scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js', cspSource: 'https://*.vscode-cdn.net', title: 'a "b" <c>.sqlite', nonce });
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
  assert.ok(csp);
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, new RegExp(`script-src 'nonce-${nonce}'(;|$)`));
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*\s*;|https?:\/\/(?!\*\.vscode-cdn)/);
  // Every script carries the nonce; there is no inline handler and the title is escaped.
  const scripts = html.match(/<script[^>]*>/g) ?? [];
  assert.equal(scripts.length, 1);
  assert.ok(scripts.every((s) => s.includes(`nonce="${nonce}"`)));
  assert.doesNotMatch(html, /\son\w+=/i);
  assert.match(html, /<title>a &quot;b&quot; &lt;c&gt;\.sqlite<\/title>/);
  assert.equal(contentSecurityPolicy('X', 'n').split('; ').find((d) => d.startsWith('connect-src')), "connect-src 'none'");
});

test('inline scripts (the test host shim) cannot close the script element early', () => {
  const html = webviewHtml({ scriptUri: '/w.js', cspSource: 'http://127.0.0.1:1', title: 't', nonce: 'abc', inlineScripts: ['var s = "</script><img src=x onerror=alert(1)>";'] });
  assert.doesNotMatch(html, /<\/script><img/);
  assert.equal((html.match(/<script nonce="abc"/g) ?? []).length, 2);
});
