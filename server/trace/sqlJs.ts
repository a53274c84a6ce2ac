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

/**
 * Rows of one SELECT, read a batch at a time: the statement stays open between batches, so a
 * loader can stop, give the event loop a turn and go on where it was.
 */
export interface RowBatches<R> {
  /**
   * Calls `f` for up to `max` more rows and returns how many it read: fewer than `max` means the
   * end was reached. `row` may be reused between calls. Throws when SQLite reports an error.
   */
  read(f: (row: R) => void, max: number): number;
  /** Release the statement (also after an error or when stopping early). Idempotent. */
  free(): void;
}

/** Numeric rows: `row[i]` is the column's value, null for SQL NULL. */
export type NumericCursor = RowBatches<(number | null)[]>;

/** Reads numeric rows straight from the C API, without sql.js building an array per row. */
export interface NumericReader {
  open(db: SqlDatabase, sql: string, columns: number): NumericCursor;
}

const SQLITE_ROW = 100;
const SQLITE_DONE = 101;
const SQLITE_NULL = 5;

/** Batches over Statement.get(): the portable path, and the one for text columns. */
export function statementCursor(db: SqlDatabase, sql: string): RowBatches<SqlValue[]> {
  const st = db.prepare(sql);
  let open = true;
  return {
    read(f: (row: SqlValue[]) => void, max: number): number {
      let n = 0;
      while (open && n < max && st.step()) {
        f(st.get());
        n++;
      }
      return n;
    },
    free(): void {
      if (open) st.free();
      open = false;
    },
  };
}

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
    open(d: SqlDatabase, sql: string, columns: number): NumericCursor {
      const st = d.prepare(sql);
      const h = (st as unknown as Record<string, number>)[handleKey];
      let open = true;
      const row: (number | null)[] = new Array<number | null>(columns).fill(0);
      return {
        read(f: (row: (number | null)[]) => void, max: number): number {
          let n = 0;
          while (open && n < max) {
            const rc = step(h);
            if (rc !== SQLITE_ROW) {
              if (rc !== SQLITE_DONE) throw new Error(`SQLite step failed (code ${rc})`);
              break;
            }
            for (let i = 0; i < columns; i++) row[i] = type(h, i) === SQLITE_NULL ? null : col(h, i);
            f(row);
            n++;
          }
          return n;
        },
        free(): void {
          if (open) st.free();
          open = false;
        },
      };
    },
  };
}

let openCount = 0;

/** A database on the bytes of a SQLite file, counted until closed through `closeDatabase`. */
export function openDatabase(SQL: SqlJsStatic, bytes: Uint8Array): SqlDatabase {
  const db = new SQL.Database(bytes);
  openCount++;
  return db;
}

/** Close a database from `openDatabase`: frees its statements and its copy of the file in the WASM heap. */
export function closeDatabase(db: SqlDatabase): void {
  openCount--;
  db.close();
}

/** Databases opened by `openDatabase` and not closed yet (for tests: a cancelled load leaves none). */
export function openDatabaseCount(): number {
  return openCount;
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
