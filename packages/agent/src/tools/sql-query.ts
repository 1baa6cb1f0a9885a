import { z } from "zod";
import { checkReadOnlySql, MAX_SQL_LENGTH } from "./sql-table-store";
import { type AtelierTool, type TableInfo, ToolError, type ToolContext } from "./tool-definition";

/** Rows the store may return (and the chat shows). */
export const SQL_MAX_ROWS = 200;
export const SQL_TIMEOUT_MS = 5000;
/** Rows given back to the model. */
export const SQL_CONTENT_ROWS = 50;
const MAX_CELL_CHARS = 80;
const MAX_CONTENT_CHARS = 12_000;
const MAX_TABLES_DESCRIBED = 30;
const MAX_COLUMNS_DESCRIBED = 60;

const DESCRIPTION =
  "Runs one read-only SQL query (SQLite dialect: SELECT or WITH … SELECT) on the tables attached to this assistant and returns the rows. " +
  `Aggregate in SQL (COUNT, SUM, AVG, GROUP BY) rather than reading rows one by one; at most ${SQL_MAX_ROWS} rows come back.`;

/** The name as SQL needs it: bare when it is a plain identifier, double-quoted otherwise. */
function sqlName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `"${name.replaceAll('"', '""')}"`;
}

/** The tool description with the tables the model may query: name, columns with types, row count. */
export function describeTables(tables: TableInfo[]): string {
  if (tables.length === 0) return `${DESCRIPTION}\nNo table is attached to this assistant yet.`;
  const lines = tables.slice(0, MAX_TABLES_DESCRIBED).map((table) => {
    const columns = table.columns.slice(0, MAX_COLUMNS_DESCRIBED).map((column) => `${sqlName(column.name)} ${column.type}`);
    if (table.columns.length > MAX_COLUMNS_DESCRIBED) columns.push(`… ${table.columns.length - MAX_COLUMNS_DESCRIBED} more columns`);
    const about = table.description?.trim() ? ` ${table.description.trim().replace(/\s+/g, " ").slice(0, 300)}` : "";
    return `- ${sqlName(table.name)}(${columns.join(", ")}): ${table.rowCount} row${table.rowCount === 1 ? "" : "s"}.${about}`;
  });
  if (tables.length > MAX_TABLES_DESCRIBED) lines.push(`- … and ${tables.length - MAX_TABLES_DESCRIBED} more tables.`);
  return `${DESCRIPTION}\nTables:\n${lines.join("\n")}`;
}

/** A value the chat can show and JSON can carry: blobs as a size, big integers as numbers or text. */
function displayValue(value: unknown): unknown {
  if (typeof value === "bigint") return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof Uint8Array) return `<blob, ${value.byteLength} bytes>`;
  return value;
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  const text = String(value).replace(/\s+/g, " ").replaceAll("|", "\\|");
  return text.length <= MAX_CELL_CHARS ? text : `${text.slice(0, MAX_CELL_CHARS - 1)}…`;
}

/** A compact text table for the model: header, then one line per row, cells separated by " | ". */
export function formatRows(columns: string[], rows: unknown[][], truncated: boolean): string {
  if (rows.length === 0) return `${columns.map(cellText).join(" | ")}\n(no rows)`;
  const lines = [columns.map(cellText).join(" | ")];
  let shown = 0;
  let length = lines[0]!.length;
  for (const row of rows.slice(0, SQL_CONTENT_ROWS)) {
    const line = row.map(cellText).join(" | ");
    if (length + line.length + 1 > MAX_CONTENT_CHARS) break;
    lines.push(line);
    length += line.length + 1;
    shown++;
  }
  const total = truncated ? `more than ${rows.length} rows (only the first ${rows.length} were read)` : `${rows.length} row${rows.length === 1 ? "" : "s"}`;
  lines.push(shown < rows.length ? `(${total}; the first ${shown} are shown: aggregate or add a LIMIT to see the rest)` : `(${total})`);
  return lines.join("\n");
}

const sqlQueryInput = z.object({
  sql: z.string().min(1).max(MAX_SQL_LENGTH).describe("One SQLite SELECT statement, using only the tables and columns listed."),
});
export type SqlQueryInput = z.infer<typeof sqlQueryInput>;

function tablesOf(context: ToolContext) {
  if (!context.tables) throw new ToolError("unavailable", "SQL queries are not available for this assistant: it has no tables.");
  return context.tables;
}

export function createSqlQueryTool(): AtelierTool<SqlQueryInput> {
  return {
    name: "sql_query",
    description: DESCRIPTION,
    describe: (context) => (context.tables ? describeTables(context.tables.list()) : DESCRIPTION),
    schema: sqlQueryInput,
    requiresApproval: () => false,
    async run(input, context) {
      const tables = tablesOf(context);
      const sql = checkReadOnlySql(input.sql);
      let result: Awaited<ReturnType<typeof tables.query>>;
      try {
        result = await tables.query(sql, { maxRows: SQL_MAX_ROWS, timeoutMs: SQL_TIMEOUT_MS });
      } catch (error) {
        if (error instanceof ToolError || context.signal.aborted) throw error;
        // SQLite's own words ("no such column: regoin") let the model correct its query.
        const sqlite = error as { name?: unknown; code?: unknown; message?: unknown };
        if (sqlite?.name === "SqliteError" || (typeof sqlite?.code === "string" && sqlite.code.startsWith("SQLITE_"))) {
          throw new ToolError("invalid_input", `The query failed: ${String(sqlite.message)}`, { cause: error });
        }
        throw error;
      }
      const rows = result.rows.slice(0, SQL_MAX_ROWS).map((row) => row.map(displayValue));
      const truncated = result.truncated || result.rows.length > SQL_MAX_ROWS;
      return {
        content: formatRows(result.columns, rows, truncated),
        display: { kind: "table", columns: result.columns, rows, truncated },
      };
    },
  };
}
