// The trace viewer webview entry (browser). Renders what the extension host relays from the
// server; never evaluates trace data as HTML or code.
const root = document.getElementById('root');
if (root) root.textContent = 'Sightline trace viewer';
