import ExcelJS from "exceljs";
import { BlockCollector } from "./block-collector";
import { ParseError } from "./parse-error";
import { type ParseContext, throwIfAborted } from "./parse-limits";
import type { ParsedDocument } from "./parsed-document";
import { looksLikeHeader, MAX_TABLE_ROWS, tableText } from "./table-text";
import { openOfficeZip } from "./zip-safety";

function numberText(value: number): string {
  // 12 significant digits hide binary noise (0.1 + 0.2) without hiding real precision.
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(12)));
}

function dateText(value: Date): string {
  const iso = value.toISOString();
  // Excel dates are stored as UTC: a date without a time prints as a date.
  return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/** What a cell shows: the result of a formula, the text of rich text and links, dates as ISO dates. */
export function cellValueText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number") return numberText(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "" : dateText(value);
  if (typeof value === "object") {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText)) return v.richText.map((r: { text?: unknown }) => String(r.text ?? "")).join("");
    if ("formula" in v || "sharedFormula" in v) return cellValueText(v.result);
    if ("hyperlink" in v) return cellValueText(v.text);
    if (typeof v.error === "string") return v.error;
    if ("text" in v) return cellValueText(v.text);
  }
  return "";
}

/** Drops the empty columns on the left of every row (a table that starts in column C). */
function withoutLeadingEmptyColumns(rows: string[][]): string[][] {
  let first = Number.POSITIVE_INFINITY;
  for (const row of rows) {
    const index = row.findIndex((c) => c.trim() !== "");
    if (index >= 0) first = Math.min(first, index);
  }
  return first === Number.POSITIVE_INFINITY || first === 0 ? rows : rows.map((r) => r.slice(first));
}

/** Excel: one level-1 heading per sheet, then its rows as text lines (at most MAX_TABLE_ROWS per sheet). */
export async function parseXlsx(bytes: Uint8Array, context: ParseContext): Promise<ParsedDocument> {
  await openOfficeZip(bytes, "xlsx", context);
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs types its input as an ArrayBuffer; it hands it to JSZip, which reads a Node Buffer.
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch (e) {
    throw new ParseError("corrupt", "This Excel workbook is damaged or is not really a .xlsx file.", { cause: e });
  }
  const out = new BlockCollector(context.limits.maxCharacters);
  for (const sheet of workbook.worksheets) {
    throwIfAborted(context.signal);
    const rows: string[][] = [];
    sheet.eachRow((row) => {
      if (rows.length >= MAX_TABLE_ROWS) return;
      const values = row.values as unknown[];
      const cells: string[] = [];
      for (let c = 1; c < values.length; c++) cells.push(cellValueText(values[c]));
      rows.push(cells);
    });
    out.heading(sheet.name, 1);
    const table = withoutLeadingEmptyColumns(rows);
    out.table(tableText(table, { header: looksLikeHeader(table) }));
  }
  const title = workbook.title?.trim() || null;
  return { format: "xlsx", title, blocks: out.blocks, pageCount: null };
}
