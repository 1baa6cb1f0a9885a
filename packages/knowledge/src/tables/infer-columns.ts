import { columnNameFor, uniqueName } from "./table-names";

export type ColumnType = "INTEGER" | "REAL" | "TEXT";

/** A cell as read from the file: text, a number the spreadsheet typed as one, or nothing. */
export type RawCell = string | number | null;
export type SqlValue = string | number | null;

export interface PlannedColumn {
  /** The SQL name: slugged, unique within the table. */
  name: string;
  /** The header cell as written in the file ("" when the table has no header row). */
  header: string;
  type: ColumnType;
}

export interface TypedTable {
  columns: PlannedColumn[];
  rows: SqlValue[][];
  /** Columns of the file left out because the table is wider than `maxColumns`. */
  droppedColumns: number;
  /** Whether rows past `maxRows` were left out. */
  truncated: boolean;
}

/** What Excel shows for a formula that failed: an empty cell for SQL, not a word that makes the column text. */
const EXCEL_ERRORS = new Set(["#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!", "#GETTING_DATA"]);

/** Integer part: 0, or digits without a leading zero, or groups of three after a space (1 234 567). */
const PLAIN_NUMBER = /^([+-]?)(0|[1-9]\d{0,2}(?:[ \u00a0\u202f]\d{3})+|[1-9]\d*)(?:[.,](\d+))?$/;
/** 1,234,567.89 (English) and 1.234.567,89 (French, German). */
const GROUPED_NUMBER = /^([+-]?)([1-9]\d{0,2}(?:,\d{3})+)\.(\d+)$|^([+-]?)([1-9]\d{0,2}(?:\.\d{3})+)(?:,(\d+))?$/;
/** Past 15 digits an integer is an identifier (card, account, EAN…), not a quantity. */
const MAX_INTEGER_DIGITS = 15;

export interface ParsedNumber {
  value: number;
  /** Written without a decimal part. */
  integer: boolean;
}

/**
 * The number a cell's text writes, with a decimal point or a French decimal comma ("3,5"), and
 * spaces or separators between thousands; null for anything else. Numbers with leading zeros
 * ("01000", a postal code) are codes, not numbers. A lone comma is a decimal comma: "1,250" is 1.25.
 */
export function parseNumber(text: string): ParsedNumber | null {
  let sign: string;
  let integerPart: string;
  let fraction: string | undefined;
  const plain = PLAIN_NUMBER.exec(text);
  if (plain) {
    [, sign = "", integerPart = "", fraction] = plain;
  } else {
    const grouped = GROUPED_NUMBER.exec(text);
    if (!grouped) return null;
    sign = grouped[1] ?? grouped[4] ?? "";
    integerPart = grouped[2] ?? grouped[5] ?? "";
    fraction = grouped[3] ?? grouped[6];
  }
  const digits = integerPart.replace(/[^0-9]/g, "");
  if (fraction === undefined && digits.length > MAX_INTEGER_DIGITS) return null;
  const value = Number(`${sign}${digits}${fraction === undefined ? "" : `.${fraction}`}`);
  return Number.isFinite(value) ? { value, integer: fraction === undefined } : null;
}

function numberText(value: number): string {
  // 12 significant digits hide binary noise (0.1 + 0.2) without hiding real precision.
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(12)));
}

/** Trimmed text, or null for an empty cell or an Excel error. */
function normalizeCell(cell: RawCell): RawCell {
  if (cell === null) return null;
  if (typeof cell === "number") return Number.isFinite(cell) ? cell : null;
  const text = cell.trim();
  return text === "" || EXCEL_ERRORS.has(text) ? null : text;
}

function isNumeric(cell: RawCell): boolean {
  return typeof cell === "number" || (typeof cell === "string" && parseNumber(cell) !== null);
}

/** INTEGER when every value is a whole number, REAL when every value is a number, else TEXT; empty columns are TEXT. */
export function inferType(cells: readonly RawCell[]): ColumnType {
  let seen = false;
  let integer = true;
  for (const cell of cells) {
    if (cell === null) continue;
    seen = true;
    if (typeof cell === "number") {
      if (!Number.isSafeInteger(cell)) integer = false;
      continue;
    }
    const parsed = parseNumber(cell);
    if (!parsed) return "TEXT";
    if (!parsed.integer || !Number.isSafeInteger(parsed.value)) integer = false;
  }
  if (!seen) return "TEXT";
  return integer ? "INTEGER" : "REAL";
}

function convert(cell: RawCell, type: ColumnType): SqlValue {
  if (cell === null) return null;
  if (type === "TEXT") return typeof cell === "number" ? numberText(cell) : cell;
  return typeof cell === "number" ? cell : parseNumber(cell)!.value;
}

/**
 * A typed table from the rows of a CSV file or a sheet: empty rows and the empty columns on the
 * left dropped, the first row taken as the header unless all its cells are numbers, column names
 * slugged and made unique, a type per column. Null when no cell holds anything.
 */
export function buildTypedTable(rawRows: readonly (readonly RawCell[])[], options: { maxRows: number; maxColumns: number }): TypedTable | null {
  const rows: RawCell[][] = [];
  let first = Number.POSITIVE_INFINITY;
  let width = 0;
  for (const raw of rawRows) {
    const row = raw.map(normalizeCell);
    const start = row.findIndex((c) => c !== null);
    if (start < 0) continue;
    let end = row.length;
    while (row[end - 1] === null) end--;
    first = Math.min(first, start);
    width = Math.max(width, end);
    rows.push(row);
  }
  if (rows.length === 0) return null;

  const fullWidth = width - first;
  const columnCount = Math.min(fullWidth, options.maxColumns);
  const cut = rows.map((row) => Array.from({ length: columnCount }, (_, c) => row[first + c] ?? null));
  const firstRow = cut[0]!;
  const hasHeader = firstRow.some((cell) => cell !== null && !isNumeric(cell));
  const headers = hasHeader ? firstRow.map((cell) => (cell === null ? "" : typeof cell === "number" ? numberText(cell) : cell)) : firstRow.map(() => "");
  const all = hasHeader ? cut.slice(1) : cut;
  const body = all.slice(0, options.maxRows);

  const taken = new Set<string>();
  const columns = headers.map((header, c) => ({
    name: uniqueName(columnNameFor(header, c + 1), taken),
    header,
    type: inferType(body.map((row) => row[c]!)),
  }));
  return {
    columns,
    rows: body.map((row) => row.map((cell, c) => convert(cell, columns[c]!.type))),
    droppedColumns: fullWidth - columnCount,
    truncated: all.length > body.length,
  };
}
