// Typed access to sql.js (SQLite compiled to WebAssembly; the package ships no types). The WASM
// file sits next to the bundle in dist/ (scripts/build.mjs copies it) or in node_modules when
// running from out/.
import { existsSync } from 'node:fs';
import path from 'node:path';

export type SqlValue = number | string | Uint8Array | null;

export interface SqlStatement {
  step(): boolean;
  get(): SqlValue[];
  free(): void;
}

export interface SqlDatabase {
  prepare(sql: string): SqlStatement;
  exec(sql: string): { columns: string[]; values: SqlValue[][] }[];
  close(): void;
}

export interface SqlJsStatic {
  Database: new (data?: Uint8Array) => SqlDatabase;
}

type InitSqlJs = (config: { locateFile: (file: string) => string }) => Promise<SqlJsStatic>;

let sqlJs: Promise<SqlJsStatic> | undefined;

function wasmPath(): string {
  const besideBundle = path.join(__dirname, 'sql-wasm.wasm');
  if (existsSync(besideBundle)) return besideBundle;
  // Running from out/: look for node_modules upwards (no require.resolve, which bundlers rewrite).
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const p = path.join(dir, 'node_modules', 'sql.js', 'dist', 'sql-wasm.wasm');
    if (existsSync(p)) return p;
    if (path.dirname(dir) === dir) return besideBundle;
  }
}

/** The sql.js module, initialised once per process. */
export function getSqlJs(): Promise<SqlJsStatic> {
  if (!sqlJs) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const init = require('sql.js') as InitSqlJs;
    const wasm = wasmPath();
    sqlJs = init({ locateFile: () => wasm });
  }
  return sqlJs;
}
