import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { buildTypedTable, type ColumnType, type PlannedColumn, type TypedTable } from "./infer-columns";
import { QueryPool } from "./query-pool";
import { type RenamedTable, schemaName } from "./read-only-database.mjs";
import { readTableRows } from "./read-table-rows";
import { TableQueryError, TableSqlError } from "./table-errors";
import { quoted, tableNameFor, uniqueName } from "./table-names";

export interface TableColumn {
  name: string;
  type: ColumnType;
}

export interface StoredTable {
  /** The name to use in SQL; see `list` for tables of several sources that share a name. */
  name: string;
  columns: TableColumn[];
  rowCount: number;
  documentId: string;
  sourceId: string;
  /** The sheet of an Excel workbook; null for a CSV file. */
  sheet: string | null;
  /** The file the table was built from, as given to replaceDocument. */
  fileName: string;
  /** For the model: where the table comes from and what was left out ("From ventes.xlsx, sheet "Nord"."). */
  description: string;
}

export interface TableStoreOptions {
  /** Where the per-source SQLite files live; null keeps them in a private temporary directory removed by close() (tests). */
  directory: string | null;
  /** Rows kept per table; the rest of a larger file is left out, and the table says so. Default 200,000. */
  maxRowsPerTable?: number;
  /** Columns kept per table. Default 1,000 (SQLite allows 2,000). */
  maxColumnsPerTable?: number;
  /** Queries run side by side, each in its own process. Default 4. */
  maxQueryProcesses?: number;
}

export const DEFAULT_MAX_ROWS_PER_TABLE = 200_000;
export const DEFAULT_MAX_COLUMNS_PER_TABLE = 1_000;

/** The catalog of the tables of one source file; its name cannot clash with a slug, which starts with a letter. */
const CATALOG = "_atelier_tables";
const SOURCE_ID = /^[A-Za-z0-9_-]{1,128}$/;
/** Tables named in the message for a missing table. */
const MAX_TABLES_NAMED = 50;
/** The file opened plus the 10 SQLite attaches at most (SQLITE_MAX_ATTACHED in better-sqlite3's build). */
const MAX_FILES_PER_QUERY = 11;

interface CatalogRow {
  name: string;
  document_id: string;
  sheet: string | null;
  file_name: string;
  columns: string;
  row_count: number;
  truncated: number;
  dropped_columns: number;
}

/** A column as the catalog keeps it: with the header it was named after. */
interface CatalogColumn extends TableColumn {
  header: string;
}

/** A table with the name queries over some sources use, and the name it has in its file. */
interface NamedTable extends StoredTable {
  storedName: string;
}

/** The last segment of a path or URL, without its query: "https://x/data/ventes.csv?v=2" gives "ventes.csv". */
function baseNameOf(fileName: string): string {
  let path = fileName;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) {
    try {
      path = decodeURIComponent(new URL(path).pathname);
    } catch {
      // Not a URL after all: use the name as it is.
    }
  }
  return path.split(/[/\\]/).pop() || path;
}

function describe(row: CatalogRow, maxRows: number, maxColumns: number): string {
  const file = baseNameOf(row.file_name);
  const parts = [row.sheet === null ? `From ${file}.` : `From ${file}, sheet "${row.sheet}".`];
  if (row.truncated) parts.push(`Only the first ${maxRows.toLocaleString("en-US")} rows were loaded.`);
  if (row.dropped_columns > 0) parts.push(`Only the first ${maxColumns.toLocaleString("en-US")} columns were loaded.`);
  return parts.join(" ");
}

/**
 * The CSV and Excel documents of the data sources as SQL tables, for the sql_query tool. Each
 * source has its own SQLite file, `<directory>/<sourceId>.sqlite`, so that a query over some
 * sources opens their files and no other. A CSV file becomes one table, a workbook one per
 * non-empty sheet; a `_atelier_tables` catalog in each file keeps where every table comes from
 * and the headers its columns were named after.
 *
 * Queries run read-only (files opened read-only, `PRAGMA query_only`), limited in rows (at most
 * maxRows + 1 are read) and in time, in a child process killed at the limit (see QueryPool).
 * The SQL must have been checked as one read-only SELECT before (checkReadOnlySql in the agent);
 * the read-only connection is the second lock, not the only one.
 */
export class TableStore {
  private readonly directory: string;
  private readonly temporary: boolean;
  private readonly maxRows: number;
  private readonly maxColumns: number;
  private readonly connections = new Map<string, Database.Database>();
  private readonly pool: QueryPool;
  private closed = false;

  constructor(options: TableStoreOptions) {
    this.temporary = options.directory === null;
    this.directory = options.directory ?? mkdtempSync(join(tmpdir(), "atelier-tables-"));
    mkdirSync(this.directory, { recursive: true });
    this.maxRows = options.maxRowsPerTable ?? DEFAULT_MAX_ROWS_PER_TABLE;
    this.maxColumns = Math.min(options.maxColumnsPerTable ?? DEFAULT_MAX_COLUMNS_PER_TABLE, 2000);
    this.pool = new QueryPool({ maxProcesses: options.maxQueryProcesses });
  }

  /** Start-up times (ms) of the query processes started so far. */
  get queryProcessStartupTimes(): readonly number[] {
    return this.pool.startupTimes;
  }

  /**
   * Replaces the tables built from a document (CSV: one table; XLSX: one per non-empty sheet).
   * A document in another format, or without any cell, leaves no table. Names are kept when
   * they are still free, so a table keeps its name across re-indexing.
   */
  async replaceDocument(input: {
    sourceId: string;
    documentId: string;
    fileName: string;
    bytes: Uint8Array;
    /** The media type given with the file, for names without an extension (web pages). */
    mimeType?: string | null;
  }): Promise<StoredTable[]> {
    this.assertOpen();
    const path = this.pathOf(input.sourceId);
    // One row for the header, one to tell that there were more rows than kept.
    const sheets = await readTableRows({ fileName: input.fileName, mimeType: input.mimeType, bytes: input.bytes, maxRows: this.maxRows + 2 });
    const built: { sheet: string | null; table: TypedTable }[] = [];
    for (const { sheet, rows } of sheets ?? []) {
      const table = buildTypedTable(rows, { maxRows: this.maxRows, maxColumns: this.maxColumns });
      if (table) built.push({ sheet, table });
    }
    if (built.length === 0) {
      this.deleteDocument(input.sourceId, input.documentId);
      return [];
    }
    this.assertOpen();
    const db = this.connection(input.sourceId, path, true)!;
    const baseName = baseNameOf(input.fileName);
    const names = db.transaction(() => {
      this.dropDocumentTables(db, input.documentId);
      const taken = new Set(db.prepare<[], { name: string }>("SELECT name FROM sqlite_schema").all().map((r) => r.name.toLowerCase()));
      const insertCatalog = db.prepare(
        `INSERT INTO ${CATALOG} (name, document_id, sheet, file_name, position, columns, row_count, truncated, dropped_columns)
         VALUES (@name, @documentId, @sheet, @fileName, @position, @columns, @rowCount, @truncated, @droppedColumns)`,
      );
      return built.map(({ sheet, table }, position) => {
        const name = uniqueName(tableNameFor(baseName, built.length > 1 ? sheet : null), taken);
        createTable(db, name, table);
        insertCatalog.run({
          name,
          documentId: input.documentId,
          sheet,
          fileName: input.fileName,
          position,
          columns: JSON.stringify(table.columns.map(({ name, type, header }): CatalogColumn => ({ name, type, header }))),
          rowCount: table.rows.length,
          truncated: table.truncated ? 1 : 0,
          droppedColumns: table.droppedColumns,
        });
        return name;
      });
    })();
    const stored = this.catalog(input.sourceId);
    return names.map((name) => stored.find((t) => t.name === name)!);
  }

  /** Drops the tables of a document; the source's file goes when its last table does. */
  deleteDocument(sourceId: string, documentId: string): void {
    this.assertOpen();
    const db = this.connection(sourceId, this.pathOf(sourceId), false);
    if (!db) return;
    const left = db.transaction(() => {
      this.dropDocumentTables(db, documentId);
      return db.prepare<[], { count: number }>(`SELECT count(*) AS count FROM ${CATALOG}`).get()!.count;
    })();
    if (left === 0) this.deleteSource(sourceId);
  }

  /** Removes the source's file and all its tables. */
  deleteSource(sourceId: string): void {
    this.assertOpen();
    const path = this.pathOf(sourceId);
    this.connections.get(sourceId)?.close();
    this.connections.delete(sourceId);
    for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(`${path}${suffix}`, { force: true });
  }

  /**
   * The tables of these sources, by name, as queries over these sources name them: a name found in
   * several of the sources is kept by the first source (in id order) and becomes name_2, name_3…
   * for the others. Starts a query process ahead of the first query when there is a table.
   */
  list(sourceIds: string[]): StoredTable[] {
    const tables = this.tablesOf(sourceIds).map(({ storedName: _storedName, ...table }) => table);
    if (tables.length > 0) this.pool.warm();
    return tables;
  }

  /**
   * Runs one checked read-only SELECT over the tables of these sources only, with limits: at
   * most maxRows rows (truncated tells there were more) and timeoutMs. Throws a TableSqlError
   * with SQLite's message when the SQL fails (for a missing table, with the tables there are),
   * a TableQueryError "timeout" when the query outlives its time.
   */
  async query(sourceIds: string[], sql: string, options: { maxRows: number; timeoutMs: number }): Promise<{ columns: string[]; rows: unknown[][]; truncated: boolean }> {
    this.assertOpen();
    const { maxRows, timeoutMs } = options;
    if (!Number.isSafeInteger(maxRows) || maxRows < 0 || !(timeoutMs > 0)) {
      throw new TableQueryError("invalid_options", "maxRows must be a whole number of rows and timeoutMs a positive duration.");
    }
    const tables = this.tablesOf(sourceIds);
    const { files, views } = this.filesFor(tables, sql);
    // On lines of their own, so that a comment at the end of the SQL cannot swallow the limit.
    const limited = `SELECT * FROM (\n${sql}\n) LIMIT ${maxRows + 1}`;
    try {
      return await this.pool.run({ files, views, sql: limited, maxRows, timeoutMs });
    } catch (error) {
      if (error instanceof TableSqlError && /^no such table/i.test(error.message)) {
        const names = tables.slice(0, MAX_TABLES_NAMED).map((t) => t.name);
        const more = tables.length > MAX_TABLES_NAMED ? ` and ${tables.length - MAX_TABLES_NAMED} more` : "";
        const known = names.length === 0 ? "There is no table to query." : `The tables are: ${names.join(", ")}${more}.`;
        throw new TableSqlError(error.code, `${error.message}. ${known}`);
      }
      throw error;
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.pool.close();
    for (const db of this.connections.values()) db.close();
    this.connections.clear();
    if (this.temporary) rmSync(this.directory, { recursive: true, force: true });
  }

  private assertOpen(): void {
    if (this.closed) throw new TableQueryError("closed", "The table store is closed.");
  }

  private pathOf(sourceId: string): string {
    if (!SOURCE_ID.test(sourceId)) throw new TypeError(`Invalid source id: ${JSON.stringify(sourceId).slice(0, 140)}`);
    return join(this.directory, `${sourceId}.sqlite`);
  }

  /**
   * The read-write connection to a source's file, kept open: it also keeps the WAL index that
   * the read-only query connections need. Null when the file does not exist and `create` is false.
   */
  private connection(sourceId: string, path: string, create: boolean): Database.Database | null {
    const open = this.connections.get(sourceId);
    if (open) return open;
    if (!create && !existsSync(path)) return null;
    const db = new Database(path);
    // Space freed by dropped tables goes back to the disk (only takes effect on a new file).
    db.pragma("auto_vacuum = FULL");
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    // The WAL of a large table is truncated back after its checkpoint.
    db.pragma(`journal_size_limit = ${16 * 1024 * 1024}`);
    db.exec(`CREATE TABLE IF NOT EXISTS ${CATALOG} (
      name TEXT PRIMARY KEY,
      document_id TEXT NOT NULL,
      sheet TEXT,
      file_name TEXT NOT NULL,
      position INTEGER NOT NULL,
      columns TEXT NOT NULL,
      row_count INTEGER NOT NULL,
      truncated INTEGER NOT NULL DEFAULT 0,
      dropped_columns INTEGER NOT NULL DEFAULT 0
    )`);
    this.connections.set(sourceId, db);
    return db;
  }

  private dropDocumentTables(db: Database.Database, documentId: string): void {
    const old = db.prepare<[string], { name: string }>(`SELECT name FROM ${CATALOG} WHERE document_id = ?`).all(documentId);
    for (const { name } of old) db.exec(`DROP TABLE IF EXISTS ${quoted(name)}`);
    db.prepare(`DELETE FROM ${CATALOG} WHERE document_id = ?`).run(documentId);
  }

  private catalog(sourceId: string): StoredTable[] {
    const db = this.connection(sourceId, this.pathOf(sourceId), false);
    if (!db) return [];
    const rows = db.prepare<[], CatalogRow>(`SELECT * FROM ${CATALOG} ORDER BY name`).all();
    return rows.map((row) => ({
      name: row.name,
      columns: (JSON.parse(row.columns) as CatalogColumn[]).map(({ name, type }) => ({ name, type })),
      rowCount: row.row_count,
      documentId: row.document_id,
      sourceId,
      sheet: row.sheet,
      fileName: row.file_name,
      description: describe(row, this.maxRows, this.maxColumns),
    }));
  }

  /**
   * The tables of these sources with the names queries over these sources use. Sources are
   * taken in id order, so that list() and query() agree whatever order the caller gives them
   * in: the first source with a name keeps it, the others' tables of that name become name_2…
   */
  private tablesOf(sourceIds: string[]): NamedTable[] {
    this.assertOpen();
    const perSource = [...new Set(sourceIds)].sort().map((sourceId) => this.catalog(sourceId));
    const taken = new Set(perSource.flat().map((t) => t.name));
    const kept = new Set<string>();
    return perSource.flat().map((table) => {
      const name = kept.has(table.name) ? uniqueName(table.name, taken) : table.name;
      kept.add(name);
      return { ...table, name, storedName: table.name };
    });
  }

  /**
   * The files a query opens, those of the sources whose tables it names (SQLite attaches at most
   * 10 files to the first), and the temporary views for the renamed tables. SQLite resolves a
   * bare name to main first, then to the attached files in order: to the source, first in id
   * order, that keeps the name.
   */
  private filesFor(tables: NamedTable[], sql: string): { files: string[]; views: RenamedTable[] } {
    const words = new Set(sql.toLowerCase().match(/[a-z0-9_]+/g));
    const sources = [...new Set(tables.filter((t) => words.has(t.name)).map((t) => t.sourceId))];
    if (sources.length > MAX_FILES_PER_QUERY) {
      throw new TableQueryError(
        "too_many_sources",
        `This query reads tables from ${sources.length} sources; at most ${MAX_FILES_PER_QUERY} can be read in one query: split it.`,
      );
    }
    const views = tables
      .filter((t) => t.name !== t.storedName && words.has(t.name))
      .map((t) => ({ name: t.name, schema: schemaName(sources.indexOf(t.sourceId)), table: t.storedName }));
    return { files: sources.map((id) => this.pathOf(id)), views };
  }
}

function createTable(db: Database.Database, name: string, table: TypedTable): void {
  const columns = table.columns.map((c: PlannedColumn) => `${quoted(c.name)} ${c.type}`).join(", ");
  db.exec(`CREATE TABLE ${quoted(name)} (${columns})`);
  const insert = db.prepare(`INSERT INTO ${quoted(name)} VALUES (${table.columns.map(() => "?").join(", ")})`);
  for (const row of table.rows) insert.run(row);
}
