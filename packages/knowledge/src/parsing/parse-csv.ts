import Papa from "papaparse";
import { BlockCollector } from "./block-collector";
import { charsetOf, decodeText } from "./decode-text";
import type { ParseContext } from "./parse-limits";
import type { ParsedDocument } from "./parsed-document";
import { looksLikeHeader, MAX_TABLE_ROWS, tableText } from "./table-text";

/**
 * CSV: papaparse guesses the delimiter (comma, semicolon from French Excel, tab, pipe); rows
 * become text lines, "Header: value" when the first row names the columns. At most
 * MAX_TABLE_ROWS rows are kept.
 */
export async function parseCsv(bytes: Uint8Array, context: ParseContext): Promise<ParsedDocument> {
  const text = decodeText(bytes, { extension: context.extension, charset: charsetOf(context.mimeType) });
  const result = Papa.parse<string[]>(text, {
    skipEmptyLines: "greedy",
    preview: MAX_TABLE_ROWS,
    delimitersToGuess: [",", ";", "\t", "|"],
  });
  const out = new BlockCollector(context.limits.maxCharacters);
  const rows = result.data.filter((row) => Array.isArray(row));
  out.table(tableText(rows, { header: looksLikeHeader(rows) }));
  return { format: "csv", title: null, blocks: out.blocks, pageCount: null };
}
