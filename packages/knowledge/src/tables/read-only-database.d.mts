import type { Database } from "better-sqlite3";

export const MAX_CELL_CHARS: number;
export const MAX_BLOB_BYTES: number;

/** A temporary view giving a table another name, when two sources have a table of the same name. */
export interface RenamedTable {
  name: string;
  schema: string;
  table: string;
}

export interface QueryRows {
  columns: string[];
  rows: unknown[][];
  truncated: boolean;
}

export function schemaName(index: number): string;
export function openReadOnly(files: string[], views?: RenamedTable[]): Database;
export function runQuery(db: Database, sql: string, maxRows: number): QueryRows;
