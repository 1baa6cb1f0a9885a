// Plain JavaScript: the query process runs it with bare Node, without a TypeScript loader.
// Types are in read-only-database.d.mts.
import Database from "better-sqlite3";

/** Longest text cell sent back; the chat shows far less. */
export const MAX_CELL_CHARS = 10_000;
/** Longest blob sent back (tables built from files hold none; a query can still make one). */
export const MAX_BLOB_BYTES = 10_000;

/** The schema name of the n-th file: the first is `main`, the others `s1`, `s2`… */
export function schemaName(index) {
  return index === 0 ? "main" : `s${index}`;
}

const quoted = (name) => `"${String(name).replaceAll('"', '""')}"`;

/**
 * A connection that cannot write: the first file opened read-only (SQLITE_OPEN_READONLY), the
 * others attached to it, which gives them the same read-only flag (better-sqlite3 builds SQLite
 * without URI filenames, so `file:…?mode=ro` is not available); then temporary views for the
 * tables renamed because two sources share a name, and `PRAGMA query_only`. With no file, an
 * empty in-memory database (query_only too) answers queries that need no table.
 */
export function openReadOnly(files, views = []) {
  const db = files.length > 0 ? new Database(files[0], { readonly: true, fileMustExist: true }) : new Database(":memory:");
  try {
    const attach = db.prepare("ATTACH DATABASE ? AS ?");
    for (let i = 1; i < files.length; i++) attach.run(files[i], schemaName(i));
    for (const view of views) {
      db.exec(`CREATE TEMP VIEW ${quoted(view.name)} AS SELECT * FROM ${quoted(view.schema)}.${quoted(view.table)}`);
    }
    db.pragma("query_only = ON");
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function cell(value) {
  if (typeof value === "bigint") return Number.isSafeInteger(Number(value)) ? Number(value) : value;
  if (typeof value === "string" && value.length > MAX_CELL_CHARS) return `${value.slice(0, MAX_CELL_CHARS - 1)}…`;
  if (value instanceof Uint8Array) return new Uint8Array(value.subarray(0, MAX_BLOB_BYTES));
  return value;
}

/**
 * Runs one statement that returns rows and reads at most maxRows + 1 of them, whatever LIMIT
 * the SQL has: the extra row only tells that the result was truncated.
 */
export function runQuery(db, sql, maxRows) {
  const statement = db.prepare(sql);
  if (!statement.reader) {
    throw Object.assign(new Error("Only a query that returns rows can run."), { code: "SQLITE_MISUSE" });
  }
  statement.raw(true).safeIntegers(true);
  const columns = statement.columns().map((column) => column.name);
  const rows = [];
  for (const row of statement.iterate()) {
    if (rows.length === maxRows) {
      return { columns, rows, truncated: true };
    }
    rows.push(row.map(cell));
  }
  return { columns, rows, truncated: false };
}
