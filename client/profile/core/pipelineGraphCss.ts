// Styles of the pipeline graph panel, from VS Code's theme variables (light, dark, high
// contrast); the fallbacks are for plain pages (the browser test).
export const pipelineGraphCss = `
:root {
  --bg: var(--vscode-editor-background, #1e1e1e);
  --fg: var(--vscode-editor-foreground, #d4d4d4);
  --muted: var(--vscode-descriptionForeground, #9d9d9d);
  --border: var(--vscode-panel-border, #80808059);
  --box: var(--vscode-editorWidget-background, #252526);
  --box-border: var(--vscode-editorWidget-border, #454545);
  --focus: var(--vscode-focusBorder, #007fd4);
  --nvmm: var(--vscode-charts-green, #89d185);
  --system: var(--vscode-charts-orange, #d18616);
  --unknown: var(--vscode-disabledForeground, #888888);
  --bin: var(--vscode-charts-purple, #b180d7);
  --font: var(--vscode-font-family, system-ui, sans-serif);
  --mono: var(--vscode-editor-font-family, monospace);
}
html, body { margin: 0; padding: 0; height: 100%; background: var(--bg); color: var(--fg); font-family: var(--font); font-size: 13px; overflow: hidden; }
#root { display: flex; flex-direction: column; height: 100%; }
.toolbar { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; padding: 6px 10px; border-bottom: 1px solid var(--border); }
.toolbar select, .toolbar button { font: inherit; color: var(--vscode-dropdown-foreground, var(--fg)); background: var(--vscode-dropdown-background, #3c3c3c); border: 1px solid var(--vscode-dropdown-border, #3c3c3c); padding: 2px 6px; }
.toolbar select { max-width: 420px; }
.toolbar button { cursor: pointer; color: var(--vscode-button-secondaryForeground, var(--fg)); background: var(--vscode-button-secondaryBackground, #3a3d41); }
.toolbar :focus-visible, .element:focus-visible, .details button:focus-visible, .canvas:focus-visible { outline: 1px solid var(--focus); outline-offset: 1px; }
.summary { color: var(--muted); }
.legend { display: flex; gap: 12px; align-items: center; margin-left: auto; color: var(--muted); }
.legend svg { vertical-align: middle; }
.main { flex: 1; display: flex; min-height: 0; }
.canvas { flex: 1; min-width: 0; position: relative; overflow: hidden; cursor: grab; }
.canvas.panning { cursor: grabbing; }
.canvas svg { display: block; width: 100%; height: 100%; }
.details { width: 300px; overflow: auto; border-left: 1px solid var(--border); padding: 8px 10px; font-size: 12px; }
.details h2 { font-size: 13px; margin: 4px 0; word-break: break-all; }
.details h3 { font-size: 12px; margin: 10px 0 4px; color: var(--muted); font-weight: normal; text-transform: uppercase; }
.details dl { margin: 0; display: grid; grid-template-columns: auto 1fr; gap: 2px 8px; }
.details dt { color: var(--muted); }
.details dd { margin: 0; font-family: var(--mono); word-break: break-all; }
.details pre { margin: 2px 0 8px; font-family: var(--mono); white-space: pre-wrap; word-break: break-all; }
.details .empty, .problem { color: var(--muted); }
.error { padding: 16px; color: var(--vscode-errorForeground, #f48771); }
.element rect.box { fill: var(--box); stroke: var(--box-border); stroke-width: 1; }
.element.selected rect.box { stroke: var(--focus); stroke-width: 2; }
.element:focus { outline: none; }
.element:focus rect.box { stroke: var(--focus); stroke-width: 2; }
.element text { fill: var(--fg); font-size: 12px; }
.element text.name { font-weight: bold; }
.element text.type, .element text.prop { fill: var(--muted); font-size: 11px; font-family: var(--mono); }
.element.revealable text.type { text-decoration: underline; cursor: pointer; }
.pad rect { stroke: var(--box-border); stroke-width: 1; }
.pad.sink rect { fill: var(--vscode-charts-blue, #3794ff); fill-opacity: 0.35; }
.pad.src rect { fill: var(--vscode-charts-red, #f14c4c); fill-opacity: 0.35; }
.pad.request rect { stroke-dasharray: 3 2; }
.pad.sometimes rect { stroke-dasharray: 1 2; }
.pad text { fill: var(--fg); font-size: 10px; font-family: var(--mono); }
.bin rect { fill: none; stroke: var(--bin); stroke-dasharray: 6 4; stroke-width: 1; }
.bin text { fill: var(--bin); font-size: 11px; }
.link path { fill: none; stroke-width: 2; }
.link.NVMM path, .legend .NVMM { stroke: var(--nvmm); }
.link.system path, .legend .system { stroke: var(--system); stroke-dasharray: 7 4; }
.link.unknown path, .legend .unknown { stroke: var(--unknown); stroke-dasharray: 2 3; }
.link.highlight path { stroke-width: 4; }
.link text { font-size: 10px; font-family: var(--mono); fill: var(--fg); }
.link rect.label-bg { fill: var(--bg); fill-opacity: 0.85; }
.link.NVMM text.mem { fill: var(--nvmm); }
.link.system text.mem { fill: var(--system); }
.arrow-NVMM { fill: var(--nvmm); }
.arrow-system { fill: var(--system); }
.arrow-unknown { fill: var(--unknown); }
@media (max-width: 760px) {
  .main { flex-direction: column; }
  .details { width: auto; max-height: 35%; border-left: none; border-top: 1px solid var(--border); }
  .legend { margin-left: 0; }
}
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
`;
