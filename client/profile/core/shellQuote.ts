// Strict POSIX shell quoting for every string that reaches a remote shell. Each word is wrapped
// in single quotes (inside which a POSIX shell interprets nothing: no $, no backticks, no
// backslashes, newlines kept) and every embedded single quote becomes '\'' . NUL cannot be
// passed through a shell word at all, so it is refused rather than silently truncated.

export class UnquotableError extends Error {}

/** Quotes one word for a POSIX shell (sh, dash, bash, zsh in sh mode, busybox ash). */
export function shellQuote(word: string): string {
  if (word.includes('\0')) throw new UnquotableError(`cannot pass a NUL character to a remote shell: ${JSON.stringify(word)}`);
  if (word !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Quotes an argv into one shell command line whose words arrive verbatim. */
export function shellJoin(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ');
}

/**
 * A remote path that may start with `~/` (the remote user's home): the tilde is expanded by the
 * remote shell through "$HOME", the rest stays quoted.
 */
export function shellQuotePath(p: string): string {
  if (p === '~') return '"$HOME"';
  if (p.startsWith('~/')) return `"$HOME"/${shellQuote(p.slice(2))}`;
  return shellQuote(p);
}

/** True for names a POSIX shell accepts as environment variable names. */
export function isEnvName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
}
