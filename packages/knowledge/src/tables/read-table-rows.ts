import ExcelJS from "exceljs";
import Papa from "papaparse";
import { decodeText } from "../parsing/decode-text";
import { detectFormat, extensionOf } from "../parsing/detect-format";
import { ParseError } from "../parsing/parse-error";
import { resolveLimits } from "../parsing/parse-limits";
import { cellValueText } from "../parsing/parse-xlsx";
import { openOfficeZip } from "../parsing/zip-safety";
import type { RawCell } from "./infer-columns";

/** The rows of one CSV file or one sheet, before typing. */
export interface RawSheet {
  /** The sheet name; null for a CSV file. */
  sheet: string | null;
  rows: RawCell[][];
}

/** Whether the file becomes tables: CSV and Excel (.xlsx) files do. */
export function isTableFile(fileName: string, mimeType?: string | null): boolean {
  const format = detectFormat(fileName, mimeType);
  return format === "csv" || format === "xlsx";
}

/**
 * The rows of a CSV file (decoded like the indexer does: UTF-8, UTF-16 or windows-1252, the
 * delimiter guessed) or of every sheet of a workbook (behind the same zip-bomb checks), at most
 * `maxRows` per sheet. Numbers typed as such in Excel stay numbers, formulas give their result,
 * dates become ISO text ("2024-03-01", "2024-03-01 14:30"). Null for other formats.
 */
export async function readTableRows(input: { fileName: string; mimeType?: string | null; bytes: Uint8Array; maxRows: number }): Promise<RawSheet[] | null> {
  const format = detectFormat(input.fileName, input.mimeType);
  const extension = extensionOf(input.fileName);
  if (format === "csv") return [{ sheet: null, rows: readCsv(input.bytes, extension, input.maxRows) }];
  if (format === "xlsx") return readXlsx(input.bytes, extension, input.maxRows);
  return null;
}

function readCsv(bytes: Uint8Array, extension: string | null, maxRows: number): RawCell[][] {
  const text = decodeText(bytes, { extension });
  const result = Papa.parse<string[]>(text, {
    skipEmptyLines: "greedy",
    preview: maxRows,
    delimitersToGuess: [",", ";", "\t", "|"],
  });
  return result.data.filter((row) => Array.isArray(row));
}

/** A cell as SQL will see it: numbers stay numbers, failed formulas are empty, the rest is text. */
function xlsxCell(value: unknown): RawCell {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return value;
  if (typeof value === "object" && !(value instanceof Date)) {
    const v = value as Record<string, unknown>;
    if ("formula" in v || "sharedFormula" in v) return xlsxCell(v.result);
    if (typeof v.error === "string") return null;
  }
  const text = cellValueText(value);
  return text === "" ? null : text;
}

async function readXlsx(bytes: Uint8Array, extension: string | null, maxRows: number): Promise<RawSheet[]> {
  await openOfficeZip(bytes, "xlsx", { limits: resolveLimits(), extension });
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs types its input as an ArrayBuffer; it hands it to JSZip, which reads a Node Buffer.
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch (e) {
    throw new ParseError("corrupt", "This Excel workbook is damaged or is not really a .xlsx file.", { cause: e });
  }
  return workbook.worksheets.map((sheet) => {
    const rows: RawCell[][] = [];
    sheet.eachRow((row) => {
      if (rows.length >= maxRows) return;
      const values = row.values as unknown[];
      const cells: RawCell[] = [];
      for (let c = 1; c < values.length; c++) cells.push(xlsxCell(values[c]));
      rows.push(cells);
    });
    return { sheet: sheet.name, rows };
  });
}
