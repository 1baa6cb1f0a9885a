/**
 * SQLite refused or failed the query: SQLite's own message ("no such column: regoin"), which lets
 * the model correct its SQL. Named and coded like better-sqlite3's SqliteError ("SQLITE_ERROR"…)
 * because it is one, relayed from the query process: callers that handle SQLite errors (the
 * sql_query tool) recognise it as such.
 */
export class TableSqlError extends Error {
  override readonly name = "SqliteError";
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const tableQueryErrorCodes = ["timeout", "crashed", "closed", "invalid_options", "too_many_sources"] as const;
export type TableQueryErrorCode = (typeof tableQueryErrorCodes)[number];

/**
 * A query that did not get an answer from SQLite: stopped at its time limit, lost with its
 * process, over too many sources at once, or asked of a closed store.
 */
export class TableQueryError extends Error {
  override readonly name = "TableQueryError";
  constructor(
    readonly code: TableQueryErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** "0.5 seconds", "1 second", "5 seconds". */
export function secondsText(ms: number): string {
  const seconds = Math.round(ms / 100) / 10;
  return `${seconds} second${seconds === 1 ? "" : "s"}`;
}
