// Colours and fonts from VS Code's theme CSS variables (light, dark, high contrast), read once
// and again whenever VS Code changes the theme (it swaps the body class). Plain pages (tests,
// benchmark) get the dark defaults.

export interface Theme {
  background: string;
  foreground: string;
  muted: string;
  border: string;
  groupBackground: string;
  stripe: string;
  selection: string;
  selectionBorder: string;
  focus: string;
  gap: string;
  lowUtil: string;
  utilFill: string;
  link: string;
  font: string;
  highContrast: boolean;
}

function cssVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
  const v = style.getPropertyValue(name).trim();
  return v || fallback;
}

export function readTheme(): Theme {
  const s = getComputedStyle(document.body);
  const hc = document.body.classList.contains('vscode-high-contrast') || document.body.classList.contains('vscode-high-contrast-light');
  const family = cssVar(s, '--vscode-font-family', 'system-ui, sans-serif');
  return {
    background: cssVar(s, '--vscode-editor-background', '#1e1e1e'),
    foreground: cssVar(s, '--vscode-editor-foreground', '#d4d4d4'),
    muted: cssVar(s, '--vscode-descriptionForeground', '#9d9d9d'),
    border: cssVar(s, '--vscode-panel-border', hc ? '#6fc3df' : '#80808059'),
    groupBackground: cssVar(s, '--vscode-sideBarSectionHeader-background', '#80808026'),
    stripe: hc ? 'transparent' : '#8080800d',
    selection: cssVar(s, '--vscode-editor-selectionBackground', '#264f78') ,
    selectionBorder: cssVar(s, '--vscode-focusBorder', '#007fd4'),
    focus: cssVar(s, '--vscode-focusBorder', '#007fd4'),
    gap: cssVar(s, '--vscode-charts-red', '#f14c4c'),
    lowUtil: cssVar(s, '--vscode-charts-orange', '#d18616'),
    utilFill: cssVar(s, '--vscode-charts-green', '#89d185'),
    link: cssVar(s, '--vscode-charts-yellow', '#cca700'),
    font: `11px ${family}`,
    highContrast: hc,
  };
}

/** Calls `onChange` when VS Code switches theme (body class or style changes). */
export function watchTheme(onChange: () => void): void {
  new MutationObserver(onChange).observe(document.body, { attributes: true, attributeFilter: ['class', 'style'] });
}
