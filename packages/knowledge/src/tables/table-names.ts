/** Longest table or column name, before a "_2" suffix. */
export const MAX_NAME_LENGTH = 60;

/**
 * Words that cannot stand bare as a table or column name: SQLite's reserved keywords (found by
 * trying each keyword as a name in common query shapes), words that mean something else bare
 * (current_date is today, not a column), join words that read as aliases, the statements and
 * functions the sql_query check refuses, and the row id aliases.
 */
const RESERVED = new Set([
  ..."add all alter and as autoincrement between case cast check collate commit constraint create default deferrable delete distinct drop else escape except exists foreign from group having if in index insert intersect into is isnull join limit not nothing notnull null on or order primary raise references returning select set table then to transaction union unique update using values when where".split(
    " ",
  ),
  ..."current_date current_time current_timestamp true false left right natural cross inner full outer".split(" "),
  ..."replace attach detach pragma vacuum reindex analyze load_extension readfile writefile fts3_tokenizer fsdir zipfile dbstat edit".split(" "),
  "rowid",
  "oid",
]);

const LIGATURES: Record<string, string> = { œ: "oe", Œ: "oe", æ: "ae", Æ: "ae", ß: "ss", ø: "o", Ø: "o", đ: "d", Đ: "d", ł: "l", Ł: "l" };

/** Lowercase ASCII letters, digits and single underscores: "Chiffre d'affaires (€)" gives "chiffre_d_affaires". */
export function slug(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[œŒæÆßøØđĐłŁ]/g, (c) => LIGATURES[c]!)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, MAX_NAME_LENGTH)
    .replace(/_+$/, "");
}

/** Whether a slug must be prefixed to be usable bare in SQL and accepted by the sql_query check. */
function needsPrefix(name: string): boolean {
  return !/^[a-z]/.test(name) || RESERVED.has(name) || name.startsWith("sqlite_") || name.startsWith("pragma_");
}

function prefixed(name: string, prefix: string): string {
  return `${prefix}_${name}`.slice(0, MAX_NAME_LENGTH).replace(/_+$/, "");
}

/** A table name from a file name (without its extension) and a sheet: "Ventes 2024.xlsx", "Nord" gives "ventes_2024_nord". */
export function tableNameFor(fileName: string, sheet: string | null): string {
  const base = fileName.split(/[/\\]/).pop() ?? fileName;
  const dot = base.lastIndexOf(".");
  const stem = dot > 0 ? base.slice(0, dot) : base;
  const name = slug(sheet === null ? stem : `${stem} ${sheet}`);
  if (name === "") return "table";
  return needsPrefix(name) ? prefixed(name, "table") : name;
}

/** A column name from a header cell; `position` is 1-based: an empty header gives "col_3". */
export function columnNameFor(header: string, position: number): string {
  const name = slug(header);
  if (name === "") return `col_${position}`;
  return needsPrefix(name) ? prefixed(name, "col") : name;
}

/** `name`, or `name_2`, `name_3`… the first that `taken` does not hold; the result is added to `taken`. */
export function uniqueName(name: string, taken: Set<string>): string {
  let result = name;
  for (let n = 2; taken.has(result); n++) {
    const suffix = `_${n}`;
    result = `${name.slice(0, MAX_NAME_LENGTH - suffix.length).replace(/_+$/, "")}${suffix}`;
  }
  taken.add(result);
  return result;
}

/** A name as SQL needs it in generated statements: always double-quoted. */
export function quoted(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
