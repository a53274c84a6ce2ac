// The viewer's stylesheet, applied as a constructed stylesheet (allowed by the strict CSP: no
// inline <style>, no 'unsafe-inline'). Colours come from VS Code's theme variables.
const CSS = `
:root { color-scheme: light dark; --labels-w: clamp(110px, 16vw, 220px); --side-w: clamp(240px, 28vw, 420px); }
html, body { height: 100%; margin: 0; padding: 0; overflow: hidden; }
body {
  background: var(--vscode-editor-background, #1e1e1e);
  color: var(--vscode-editor-foreground, #d4d4d4);
  font-family: var(--vscode-font-family, system-ui, sans-serif);
  font-size: var(--vscode-font-size, 13px);
}
#root { height: 100%; display: flex; flex-direction: column; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.muted { color: var(--vscode-descriptionForeground, #9d9d9d); }
.error { color: var(--vscode-errorForeground, #f48771); }
.toolbar { display: flex; gap: 6px; align-items: center; padding: 4px 8px; border-bottom: 1px solid var(--vscode-panel-border, #80808059); flex: none; }
.toolbar .title { font-weight: 600; margin-right: auto; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.toolbar .warnings { color: var(--vscode-editorWarning-foreground, #cca700); font-size: 12px; }
.main { flex: 1; display: flex; min-height: 0; }
.timelines { flex: 1; display: flex; flex-direction: column; min-width: 0; }
.timeline { flex: 1; display: flex; flex-direction: column; min-height: 0; border-bottom: 1px solid var(--vscode-panel-border, #80808059); }
.timeline-title { padding: 2px 8px; font-weight: 600; font-size: 12px; }
.tl-top { display: flex; flex: none; }
.tl-corner-wrap { width: var(--labels-w); flex: none; display: flex; align-items: flex-end; border-right: 1px solid var(--vscode-panel-border, #80808059); }
.tl-corner { font-size: 11px; padding: 2px 6px; color: var(--vscode-descriptionForeground, #9d9d9d); }
.tl-overview { flex: 1; display: flex; flex-direction: column; min-width: 0; margin-right: 12px; }
.tl-minimap { cursor: pointer; display: block; }
.tl-ruler { cursor: col-resize; display: block; }
.tl-body { flex: 1; display: flex; min-height: 0; position: relative; }
.tl-labels { width: var(--labels-w); flex: none; position: relative; overflow: hidden; border-right: 1px solid var(--vscode-panel-border, #80808059); font-size: 12px; }
.tl-label { position: absolute; left: 0; right: 0; display: flex; align-items: center; gap: 4px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; box-sizing: border-box; border-bottom: 1px solid transparent; }
.tl-label.group { font-weight: 600; cursor: pointer; }
.tl-label:focus { outline: 1px solid var(--vscode-focusBorder, #007fd4); outline-offset: -1px; }
.tl-label .twisty { width: 12px; flex: none; }
.tl-label .label-text { overflow: hidden; text-overflow: ellipsis; }
.tl-tracks { flex: 1; position: relative; min-width: 0; overflow: hidden; cursor: grab; }
.tl-tracks:focus { outline: 1px solid var(--vscode-focusBorder, #007fd4); outline-offset: -1px; }
.tl-canvas { position: absolute; left: 0; top: 0; display: block; }
.tl-vscroll { width: 12px; flex: none; overflow-y: auto; overflow-x: hidden; }
.tl-vspacer { width: 1px; }
.tl-tooltip { position: absolute; z-index: 10; max-width: 420px; pointer-events: none; padding: 4px 8px; font-size: 12px;
  background: var(--vscode-editorHoverWidget-background, #252526); color: var(--vscode-editorHoverWidget-foreground, #cccccc);
  border: 1px solid var(--vscode-editorHoverWidget-border, #454545); white-space: pre-wrap; overflow-wrap: anywhere; }
.tl-tooltip .tt-name { font-weight: 600; }
.side { width: var(--side-w); flex: none; border-left: 1px solid var(--vscode-panel-border, #80808059); display: flex; flex-direction: column; min-height: 0; }
.side-tabs { flex: 1; min-height: 0; overflow: auto; }
.findings { list-style: none; margin: 0; padding: 0; }
.finding { padding: 6px 8px; border-bottom: 1px solid var(--vscode-panel-border, #80808059); }
.finding-open { all: unset; cursor: pointer; display: flex; gap: 6px; font-weight: 600; }
.finding-open:focus-visible { outline: 1px solid var(--vscode-focusBorder, #007fd4); }
.finding-message { font-size: 12px; margin: 4px 0; overflow-wrap: anywhere; }
.sev-error { color: var(--vscode-errorForeground, #f48771); }
.sev-warning { color: var(--vscode-editorWarning-foreground, #cca700); }
.sev-info { color: var(--vscode-editorInfo-foreground, #3794ff); }
.data-table-wrap { display: flex; flex-direction: column; gap: 4px; padding: 4px 0; }
.data-table-scroll { overflow: auto; max-height: 60vh; }
.data-table { border-collapse: collapse; width: 100%; font-size: 12px; }
.data-table th, .data-table td { padding: 2px 6px; text-align: left; border-bottom: 1px solid var(--vscode-panel-border, #80808033); white-space: nowrap; }
.data-table td:first-child { max-width: 200px; overflow: hidden; text-overflow: ellipsis; }
.data-table .num { text-align: right; font-variant-numeric: tabular-nums; }
.data-table tbody tr { cursor: pointer; }
.data-table tbody tr:hover { background: var(--vscode-list-hoverBackground, #2a2d2e); }
.data-table tbody tr:focus { outline: 1px solid var(--vscode-focusBorder, #007fd4); outline-offset: -1px; background: var(--vscode-list-focusBackground, #062f4a); }
.sort-button { all: unset; cursor: pointer; font-weight: 600; }
.sort-button:focus-visible { outline: 1px solid var(--vscode-focusBorder, #007fd4); }
.table-status { font-size: 11px; color: var(--vscode-descriptionForeground, #9d9d9d); }
.details, .selection-info { padding: 6px 8px; font-size: 12px; overflow-wrap: anywhere; }
.details-name { font-size: 13px; margin: 0 0 4px; }
.loading, .load-error { margin: auto; max-width: 640px; padding: 24px; display: flex; flex-direction: column; gap: 12px; align-items: flex-start; }
.load-error pre { white-space: pre-wrap; overflow-wrap: anywhere; font-family: var(--vscode-editor-font-family, monospace); }
.compare-bar { display: flex; gap: 8px; align-items: center; padding: 4px 8px; flex: none; font-size: 12px; }
.compare { flex: 1; display: flex; flex-direction: column; min-height: 0; }
.compare-columns { flex: 1; display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); min-height: 0; }
.compare-col { display: flex; flex-direction: column; min-width: 0; min-height: 0; border-right: 1px solid var(--vscode-panel-border, #80808059); }
.compare-col:last-child { border-right: none; }
.compare-col-head { display: flex; gap: 6px; align-items: center; padding: 3px 8px; font-size: 12px; flex: none; flex-wrap: wrap; }
.compare-side { font-weight: 700; padding: 0 5px; border-radius: 3px; background: var(--vscode-badge-background, #4d4d4d); color: var(--vscode-badge-foreground, #ffffff); }
.compare-title { font-weight: 600; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; max-width: 30%; }
.align-picker, .align-instance { font: inherit; font-size: 12px; color: var(--vscode-dropdown-foreground, #cccccc); background: var(--vscode-dropdown-background, #3c3c3c);
  border: 1px solid var(--vscode-dropdown-border, #3c3c3c); border-radius: 2px; padding: 1px 4px; min-width: 0; }
.align-picker { max-width: 16em; }
.align-instance { width: 4.5em; color: var(--vscode-input-foreground, #cccccc); background: var(--vscode-input-background, #3c3c3c); border-color: var(--vscode-input-border, transparent); }
.align-picker:focus, .align-instance:focus { outline: 1px solid var(--vscode-focusBorder, #007fd4); outline-offset: -1px; }
.compare-col .timeline { border-bottom: none; }
.compare-verdict { padding: 4px 8px; font-size: 12px; }
.deltas { max-height: 32vh; overflow: auto; flex: none; border-top: 1px solid var(--vscode-panel-border, #80808059); }
.delta-up { color: var(--vscode-charts-red, #f14c4c); }
.delta-down { color: var(--vscode-charts-green, #89d185); }
/* Narrow editors (a split, a small window): the panel goes under the timeline. */
@media (max-width: 860px) {
  .main { flex-direction: column; }
  .side { width: auto; height: 38%; border-left: none; border-top: 1px solid var(--vscode-panel-border, #80808059); }
  .data-table-scroll { max-height: 28vh; }
}
body.vscode-high-contrast .tl-label, body.vscode-high-contrast-light .tl-label { border-bottom-color: var(--vscode-contrastBorder, #6fc3df); }
`;

export function installStyles(doc: Document = document): void {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(CSS);
  doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
}
