// Which load failures mean "this file is not an Nsight Systems export at all" (another SQLite
// database, or not SQLite): the custom editor, which claims every `*.sqlite`, hands those to VS
// Code's default editor instead of showing an error page. Pure (no vscode import), unit-tested.

/** The loader's messages for a file that is not an Nsight Systems export (as opposed to a broken one). */
export function isNotATrace(message: string): boolean {
  return /a SQLite database but not an Nsight Systems export|: not a SQLite database/.test(message);
}
