// VS Code-style glob patterns (`**/node_modules/**`, `*.{txt,yml}`, `[abc]`, `?`) compiled to
// regular expressions over `/`-separated relative paths. Used for `files.exclude` and
// `sightline.exclude` by the workspace scan.

export type GlobMatcher = (relPath: string) => boolean;

function escapeRe(ch: string): string {
  return /[.+^$()|\\]/.test(ch) ? `\\${ch}` : ch;
}

/** Compiles one glob; a pattern with no `/` matches the base name at any depth. */
export function globToRegExp(glob: string): RegExp {
  let g = glob.trim().replace(/\\/g, '/');
  if (g.startsWith('./')) g = g.slice(2);
  if (!g.includes('/')) g = `**/${g}`;
  let re = '';
  let inBrace = 0;
  for (let i = 0; i < g.length; i++) {
    const ch = g[i];
    if (ch === '*') {
      if (g[i + 1] === '*') {
        // `**/` matches zero or more directories; a trailing `**` matches everything below.
        if (g[i + 2] === '/') {
          re += '(?:[^/]*(?:/|$))*';
          i += 2;
        } else {
          re += '.*';
          i += 1;
        }
      } else re += '[^/]*';
    } else if (ch === '?') re += '[^/]';
    else if (ch === '{') {
      inBrace++;
      re += '(?:';
    } else if (ch === '}' && inBrace > 0) {
      inBrace--;
      re += ')';
    } else if (ch === ',' && inBrace > 0) re += '|';
    else if (ch === '[') {
      const close = g.indexOf(']', i + 1);
      if (close < 0) re += '\\[';
      else {
        let body = g.slice(i + 1, close);
        if (body.startsWith('!')) body = `^${body.slice(1)}`;
        re += `[${body.replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else re += escapeRe(ch);
  }
  return new RegExp(`^${re}$`);
}

/** One matcher for many globs; `matchesDir` also says when everything below a folder is excluded. */
export function compileGlobs(globs: readonly string[]): { matches: GlobMatcher; matchesDir: GlobMatcher } {
  const res = globs.filter((g) => g.trim() !== '').map(globToRegExp);
  const matches = (p: string): boolean => res.some((r) => r.test(p));
  return {
    matches,
    // A folder is pruned when it matches itself (`**/.git`) or any child would (`**/node_modules/**`).
    matchesDir: (p: string) => res.some((r) => r.test(p) || r.test(`${p}/\u0000`)),
  };
}
