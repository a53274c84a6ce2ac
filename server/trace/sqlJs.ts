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
  // Raw SQLite C API exported by the WASM module (present in sql.js 1.x builds).
  _sqlite3_step?: (stmt: number) => number;
  _sqlite3_column_double?: (stmt: number, col: number) => number;
  _sqlite3_column_type?: (stmt: number, col: number) => number;
  _sqlite3_sql?: (stmt: number) => number;
  UTF8ToString?: (ptr: number) => string;
}

/** Reads numeric rows straight from the C API, without sql.js building an array per row. */
export interface NumericReader {
  /** Calls f once per row; `row[i]` is the column's value, null for SQL NULL. `row` is reused. */
  each(db: SqlDatabase, sql: string, columns: number, f: (row: (number | null)[]) => void): void;
}

const SQLITE_ROW = 100;
const SQLITE_NULL = 5;

/**
 * The numeric fast path when the module exposes the C API and the statement's handle can be
 * found (checked by asking SQLite for the statement's SQL); undefined otherwise (callers fall
 * back to Statement.get()).
 */
export function numericReader(SQL: SqlJsStatic, db: SqlDatabase): NumericReader | undefined {
  const { _sqlite3_step: step, _sqlite3_column_double: col, _sqlite3_column_type: type, _sqlite3_sql: sqlOf, UTF8ToString: str } = SQL;
  if (!step || !col || !type || !sqlOf || !str) return undefined;
  const probeSql = 'SELECT 4242 AS sightline_probe';
  const probe = db.prepare(probeSql);
  let key: string | undefined;
  try {
    for (const [k, v] of Object.entries(probe as unknown as Record<string, unknown>)) {
      if (typeof v !== 'number' || v <= 0) continue;
      const p = sqlOf(v);
      if (p && str(p) === probeSql) key = k;
    }
  } finally {
    probe.free();
  }
  if (!key) return undefined;
  const handleKey = key;
  return {
    each(d: SqlDatabase, sql: string, columns: number, f: (row: (number | null)[]) => void): void {
      const st = d.prepare(sql);
      try {
        const h = (st as unknown as Record<string, number>)[handleKey];
        const row: (number | null)[] = new Array<number | null>(columns).fill(0);
        let rc: number;
        while ((rc = step(h)) === SQLITE_ROW) {
          for (let i = 0; i < columns; i++) row[i] = type(h, i) === SQLITE_NULL ? null : col(h, i);
          f(row);
        }
        if (rc !== 101) throw new Error(`SQLite step failed (code ${rc})`);
      } finally {
        st.free();
      }
    },
  };
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
