/** Rows kept from one table (a sheet, a CSV file); the rest is left out of the index. */
export const MAX_TABLE_ROWS = 50_000;

/** A cell as one line: inner line breaks and runs of spaces become single spaces. */
export function cellText(value: string): string {
  return value.replace(/\s+/g, " ").trim();
}

function withoutTrailingEmpty(row: string[]): string[] {
  let end = row.length;
  while (end > 0 && row[end - 1] === "") end--;
  return row.slice(0, end);
}

const NUMBER_OR_DATE = /^[-+]?[\d\s.,:/%€$£]+$/;

/**
 * Whether the first row names the columns: every cell filled, no two alike, none a number or a
 * date, and at least one row follows.
 */
export function looksLikeHeader(rows: string[][]): boolean {
  const first = rows[0];
  if (!first || rows.length < 2) return false;
  const cells = first.map(cellText);
  if (cells.length === 0 || cells.some((c) => c === "" || NUMBER_OR_DATE.test(c))) return false;
  return new Set(cells.map((c) => c.toLowerCase())).size === cells.length;
}

/**
 * A table as text lines that stand alone when a chunk boundary cuts the table: with a header,
 * each row reads "Header: value | Header: value" (empty cells left out); without one,
 * "value | value". Empty rows are skipped.
 */
export function tableText(rows: string[][], options: { header: boolean }): string {
  const lines: string[] = [];
  const header = options.header && rows[0] ? rows[0].map(cellText) : null;
  for (let r = header ? 1 : 0; r < rows.length; r++) {
    const cells = withoutTrailingEmpty(rows[r]!.map(cellText));
    if (cells.length === 0) continue;
    if (header) {
      const pairs: string[] = [];
      cells.forEach((cell, c) => {
        if (cell === "") return;
        const name = header[c];
        pairs.push(name ? `${name}: ${cell}` : cell);
      });
      lines.push(pairs.join(" | "));
    } else {
      lines.push(cells.join(" | "));
    }
  }
  if (header && lines.length === 0) lines.push(header.join(" | "));
  return lines.join("\n");
}
