/*
 * Test-case files: the CSV and JSON Lines files in which data teams write the test cases of an
 * assistant, and export them back. Import never aborts on a bad row: every row gives either a case
 * or an English error naming its line, so the UI can preview the file with per-row errors.
 *
 * Decisions, for the people who write these files:
 * - Lists (expected sources, tags) are written in one cell separated by `|` ("hr | leave"). Only
 *   `|`: `;` is French Excel's cell delimiter and `,` appears in document titles. A list item
 *   therefore cannot contain `|` (validateCaseInput refuses it), so every case can be exported.
 *   JSON Lines accepts an array or the same `|`-separated string.
 * - Formula injection: on CSV export, a cell that starts with = + - @ (or tab, carriage return)
 *   gets a leading apostrophe, which spreadsheets show as text and do not evaluate; so does a
 *   cell that already starts with apostrophes followed by one of those characters. On import, one
 *   leading apostrophe before apostrophes and such a character is removed, so the round trip
 *   gives the text back. Other text (« 'quoted' ») is never touched. JSON Lines is not escaped.
 * - CSV export: comma delimiter, CRLF line ends, quotes only where needed (RFC 4180), and a UTF-8
 *   byte order mark so that Excel reads accents; the import removes the mark.
 * - Line ends inside text become "\n"; question, reference, sources and tags are trimmed.
 */

export type CaseLanguage = "en" | "fr";

export interface EvalCaseInput {
  /** Required, trimmed, 1 to MAX_QUESTION_CHARS characters (UTF-16 units, as zod counts them). */
  question: string;
  /** Required unless expectAbstention, and then "" (as in @atelier/validators); at most MAX_REFERENCE_CHARS characters. */
  referenceAnswer: string;
  /** The assistant should say it does not know. */
  expectAbstention: boolean;
  /** Document titles or file names: at most 20, each at most 300 characters. */
  expectedSources: string[];
  /** At most 20, each at most 60 characters, trimmed, without duplicates (ignoring case). */
  tags: string[];
  language: CaseLanguage | null;
}

export type CaseFileFormat = "csv" | "jsonl";

export interface ParsedCaseRow {
  /** The physical line where the row starts (in a CSV file, the header is line 1). */
  line: number;
  case: EvalCaseInput | null;
  /** "Row 4: …" when the row is not a valid case. */
  error: string | null;
}

export interface ParsedCaseFile {
  format: CaseFileFormat;
  rows: ParsedCaseRow[];
  /** A problem with the whole file (empty, no header, no question column, too many rows): then rows is empty. */
  error: string | null;
  /** Columns (CSV) or keys (JSON Lines) that are not a field of a case, as written in the file. */
  ignoredColumns: string[];
}

export const MAX_CASES_PER_FILE = 5000;
export const MAX_QUESTION_CHARS = 4000;
export const MAX_REFERENCE_CHARS = 8000;
export const MAX_SOURCES = 20;
export const MAX_SOURCE_CHARS = 300;
export const MAX_TAGS = 20;
export const MAX_TAG_CHARS = 60;

type CaseField = "question" | "reference_answer" | "expect_abstention" | "expected_sources" | "tags" | "language";

/** The export header, in this order; also the JSON Lines keys. */
const FIELDS: readonly CaseField[] = ["question", "reference_answer", "expect_abstention", "expected_sources", "tags", "language"];

/** Column names (folded by headerKey) accepted for each field. */
const ALIASES: Record<string, CaseField> = {
  question: "question",
  query: "question",
  prompt: "question",
  reference_answer: "reference_answer",
  reference: "reference_answer",
  answer: "reference_answer",
  expected_answer: "reference_answer",
  reponse: "reference_answer",
  reponse_attendue: "reference_answer",
  expect_abstention: "expect_abstention",
  should_abstain: "expect_abstention",
  unanswerable: "expect_abstention",
  abstention: "expect_abstention",
  expected_sources: "expected_sources",
  sources: "expected_sources",
  source: "expected_sources",
  tags: "tags",
  tag: "tags",
  etiquettes: "tags",
  language: "language",
  lang: "language",
  langue: "language",
};

const TRUE_WORDS = new Set(["true", "yes", "y", "1", "oui", "vrai", "x"]);
const FALSE_WORDS = new Set(["false", "no", "n", "0", "non", "faux", ""]);
const LANGUAGE_WORDS: Record<string, CaseLanguage> = { en: "en", english: "en", anglais: "en", fr: "fr", french: "fr", francais: "fr" };

const BOM = "\uFEFF";
const LIST_SEPARATOR = "|";
const FORMULA_START = /^[=+\-@\t\r]/;
const ESCAPED_FORMULA = /^'+[=+\-@\t\r]/;

/** « Reference Answer », « referenceAnswer », « Réponse attendue » → reference_answer, reponse_attendue. */
function headerKey(name: string): string {
  return name
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .replace(/[\s-]+/g, "_");
}

function fieldOf(name: string): CaseField | null {
  return ALIASES[headerKey(name)] ?? null;
}

/** The trimmed text of a cell or JSON value, with "\n" line ends; null when it is not text. */
function textOf(value: unknown): string | null {
  if (value === undefined || value === null) return "";
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value !== "string") return null;
  return value.replace(/\r\n?/g, "\n").trim();
}

function booleanOf(value: unknown): boolean | null {
  if (typeof value === "boolean") return value;
  if (value === undefined || value === null || value === 0 || value === 1) return value === 1;
  if (typeof value !== "string") return null;
  const word = value.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return null;
}

function preview(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value) : typeof value;
}

/**
 * One list field: a `|`-separated string or an array of strings (or numbers), items trimmed,
 * empty items dropped, duplicates removed (tags ignoring case). Pushes its errors to `errors`.
 */
function listOf(value: unknown, field: "expected_sources" | "tags", errors: string[]): string[] {
  const [noun, max, maxChars] = field === "tags" ? ["tag", MAX_TAGS, MAX_TAG_CHARS] : ["expected source", MAX_SOURCES, MAX_SOURCE_CHARS];
  let raw: unknown[];
  if (value === undefined || value === null) raw = [];
  else if (typeof value === "string") raw = value.split(LIST_SEPARATOR);
  else if (Array.isArray(value)) raw = value;
  else {
    errors.push(`${field} must be a list of texts separated by ${LIST_SEPARATOR}, not ${preview(value)}`);
    return [];
  }
  const items: string[] = [];
  const seen = new Set<string>();
  for (const entry of raw) {
    const item = textOf(entry);
    if (item === null) {
      errors.push(`each ${noun} must be text, not ${preview(entry)}`);
      return [];
    }
    if (item === "") continue;
    if (item.includes(LIST_SEPARATOR)) {
      errors.push(`${noun} ${preview(item)} contains ${LIST_SEPARATOR}, which separates the items of a list`);
      return [];
    }
    if (item.length > maxChars) {
      errors.push(`${noun} ${preview(item)} is longer than ${maxChars} characters`);
      return [];
    }
    const key = field === "tags" ? item.toLowerCase() : item;
    if (seen.has(key)) continue;
    seen.add(key);
    items.push(item);
  }
  if (items.length > max) {
    errors.push(`${field} has ${items.length} items; at most ${max} are allowed`);
    return [];
  }
  return items;
}

/**
 * Checks and normalises one test case, from a CSV row, a JSON Lines object or the API. Keys may be
 * the CSV names and aliases (reference_answer, answer…) or camelCase (referenceAnswer); unknown
 * keys are ignored; when two keys name the same field, the first one counts. The error lists every
 * problem of the case, separated by "; ", without a row number.
 */
export function validateCaseInput(raw: Record<string, unknown>): { case: EvalCaseInput } | { error: string } {
  const values = new Map<CaseField, unknown>();
  for (const [key, value] of Object.entries(raw)) {
    const field = fieldOf(key);
    if (field && !values.has(field)) values.set(field, value);
  }
  const errors: string[] = [];

  const question = textOf(values.get("question"));
  if (question === null) errors.push(`the question must be text, not ${preview(values.get("question"))}`);
  else if (question === "") errors.push("the question is empty");
  else if (question.length > MAX_QUESTION_CHARS) errors.push(`the question is longer than ${MAX_QUESTION_CHARS} characters`);

  const expectAbstention = booleanOf(values.get("expect_abstention"));
  if (expectAbstention === null) {
    errors.push(`expect_abstention must be yes or no (true/false, oui/non, 1/0, x or empty), not ${preview(values.get("expect_abstention"))}`);
  }

  const referenceAnswer = textOf(values.get("reference_answer"));
  if (referenceAnswer === null) errors.push(`the reference answer must be text, not ${preview(values.get("reference_answer"))}`);
  else if (referenceAnswer.length > MAX_REFERENCE_CHARS) errors.push(`the reference answer is longer than ${MAX_REFERENCE_CHARS} characters`);
  else if (referenceAnswer === "" && expectAbstention === false) {
    errors.push("a reference answer is required unless the assistant should say it does not know");
  } else if (referenceAnswer !== "" && expectAbstention === true) {
    errors.push("leave the reference answer empty when the assistant should say it does not know");
  }

  const expectedSources = listOf(values.get("expected_sources"), "expected_sources", errors);
  const tags = listOf(values.get("tags"), "tags", errors);

  const languageValue = values.get("language");
  const languageText = textOf(languageValue);
  const language = languageText === "" ? null : languageText === null ? undefined : LANGUAGE_WORDS[headerKey(languageText)];
  if (language === undefined) errors.push(`language must be en or fr (or empty), not ${preview(languageValue)}`);

  if (errors.length > 0 || question === null || referenceAnswer === null || expectAbstention === null || language === undefined) {
    return { error: errors.join("; ") };
  }
  return { case: { question, referenceAnswer, expectAbstention, expectedSources, tags, language } };
}

/** By extension (.csv, .tsv, .txt → csv; .jsonl, .ndjson, .json → jsonl), else by content (a line starting with { → jsonl). */
export function detectCaseFormat(fileName: string, text: string): CaseFileFormat {
  const extension = /\.([^./\\]+)$/.exec(fileName.trim().toLowerCase())?.[1];
  if (extension === "csv" || extension === "tsv" || extension === "txt") return "csv";
  if (extension === "jsonl" || extension === "ndjson" || extension === "json") return "jsonl";
  const start = text.replace(/^\uFEFF/, "").trimStart();
  return start.startsWith("{") ? "jsonl" : "csv";
}

/** Reads a CSV or JSON Lines file of test cases (text already decoded). */
export function parseCaseFile(text: string, format: CaseFileFormat): ParsedCaseFile {
  const body = text.startsWith(BOM) ? text.slice(1) : text;
  return format === "csv" ? parseCsvCases(body) : parseJsonlCases(body);
}

function fileError(format: CaseFileFormat, error: string, ignoredColumns: string[] = []): ParsedCaseFile {
  return { format, rows: [], error, ignoredColumns };
}

const TOO_MANY_ROWS = `The file has more than ${MAX_CASES_PER_FILE.toLocaleString("en")} test cases; split it into files of at most ${MAX_CASES_PER_FILE.toLocaleString("en")}.`;

function rowOf(line: number, raw: Record<string, unknown>): ParsedCaseRow {
  const result = validateCaseInput(raw);
  return "case" in result ? { line, case: result.case, error: null } : { line, case: null, error: `Row ${line}: ${result.error}` };
}

function parseJsonlCases(text: string): ParsedCaseFile {
  const lines = text.split(/\r\n|\n|\r/);
  const first = lines.find((l) => l.trim() !== "");
  if (first === undefined) return fileError("jsonl", "The file is empty.");
  if (first.trimStart().startsWith("[")) {
    return fileError("jsonl", "The file is a JSON array; write one JSON object per line (JSON Lines) instead.");
  }
  const rows: ParsedCaseRow[] = [];
  const ignored = new Set<string>();
  for (const [i, content] of lines.entries()) {
    if (content.trim() === "") continue;
    if (rows.length === MAX_CASES_PER_FILE) return fileError("jsonl", TOO_MANY_ROWS);
    const line = i + 1;
    let value: unknown;
    try {
      value = JSON.parse(content);
    } catch (e) {
      rows.push({ line, case: null, error: `Row ${line}: this line is not valid JSON (${(e as Error).message})` });
      continue;
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      rows.push({ line, case: null, error: `Row ${line}: this line is not a JSON object ({"question": …})` });
      continue;
    }
    for (const key of Object.keys(value)) if (!fieldOf(key)) ignored.add(key);
    rows.push(rowOf(line, value as Record<string, unknown>));
  }
  return { format: "jsonl", rows, error: null, ignoredColumns: [...ignored] };
}

interface CsvRecord {
  line: number;
  cells: string[];
  /** The record ended inside a quoted cell: the file ended before its closing quote. */
  unclosed: boolean;
}

/**
 * RFC 4180 records: cells separated by `delimiter`, quoted cells may hold the delimiter, line ends
 * and doubled quotes; rows end with CRLF, LF or CR. Lenient where Excel and hand-written files
 * are: a quote inside an unquoted cell, or text after a closing quote, is kept as written.
 */
function* readCsv(text: string, delimiter: string): Generator<CsvRecord> {
  let line = 1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const start = line;
    const cells: string[] = [];
    let cell = "";
    let quoted = false;
    let unclosed = false;
    for (;;) {
      if (i >= n) {
        unclosed = quoted;
        cells.push(cell);
        break;
      }
      const c = text[i]!;
      if (quoted) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            cell += '"';
            i += 2;
          } else {
            quoted = false;
            i++;
          }
          continue;
        }
        if (c === "\r" || c === "\n") line++;
        if (c === "\r" && text[i + 1] === "\n") {
          cell += "\r\n";
          i += 2;
          continue;
        }
        cell += c;
        i++;
        continue;
      }
      if (c === '"' && cell.trim() === "") {
        // Spaces before the opening quote (« a, "b, c" ») are not part of the cell.
        quoted = true;
        cell = "";
        i++;
        continue;
      }
      if (c === delimiter) {
        cells.push(cell);
        cell = "";
        i++;
        continue;
      }
      if (c === "\r" || c === "\n") {
        cells.push(cell);
        i += c === "\r" && text[i + 1] === "\n" ? 2 : 1;
        line++;
        break;
      }
      cell += c;
      i++;
    }
    yield { line: start, cells, unclosed };
  }
}

/** The candidate delimiter that appears most often, outside quotes, in the header line. */
function detectDelimiter(text: string): string {
  const counts = new Map<string, number>([
    [",", 0],
    [";", 0],
    ["\t", 0],
  ]);
  let quoted = false;
  for (const c of text) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === "\n" || c === "\r")) break;
    else if (!quoted && counts.has(c)) counts.set(c, counts.get(c)! + 1);
  }
  let best = ",";
  for (const [delimiter, count] of counts) if (count > counts.get(best)!) best = delimiter;
  return best;
}

/** Removes the apostrophe that casesToCsv puts before a formula-looking cell. */
function unescapeCell(cell: string): string {
  return ESCAPED_FORMULA.test(cell) ? cell.slice(1) : cell;
}

function isBlank(cells: readonly string[]): boolean {
  return cells.every((cell) => cell.trim() === "");
}

function parseCsvCases(text: string): ParsedCaseFile {
  const start = /^(?:[ \t]*(?:\r\n|\n|\r))*/.exec(text)![0];
  const delimiter = detectDelimiter(text.slice(start.length));
  const records = readCsv(text, delimiter);
  // Not a for…of with break: that would close the generator before the data rows.
  let header: CsvRecord | undefined;
  for (let next = records.next(); !next.done; next = records.next()) {
    if (!isBlank(next.value.cells)) {
      header = next.value;
      break;
    }
  }
  if (!header) return fileError("csv", "The file is empty.");
  const names = header.cells.map((cell) => cell.trim());
  const columns: (CaseField | null)[] = [];
  const ignoredColumns: string[] = [];
  for (const name of names) {
    const field = fieldOf(name);
    if (field && !columns.includes(field)) columns.push(field);
    else {
      columns.push(null);
      if (name !== "") ignoredColumns.push(name);
    }
  }
  if (!columns.includes("question")) {
    const found = names.filter(Boolean).map((name) => JSON.stringify(name));
    return fileError(
      "csv",
      `The first row must be a header with a question column (question, query or prompt); found ${found.length ? found.join(", ") : "no column name"}.`,
      ignoredColumns,
    );
  }

  const rows: ParsedCaseRow[] = [];
  for (const record of records) {
    if (isBlank(record.cells)) continue;
    if (rows.length === MAX_CASES_PER_FILE) return fileError("csv", TOO_MANY_ROWS, ignoredColumns);
    const { line, cells } = record;
    if (record.unclosed) {
      rows.push({ line, case: null, error: `Row ${line}: a quoted cell is never closed; add the missing " (the rest of the file was read as this cell)` });
      continue;
    }
    const extra = cells.slice(columns.length).filter((cell) => cell.trim() !== "");
    if (extra.length > 0) {
      const shown = delimiter === "\t" ? "tab" : delimiter;
      rows.push({
        line,
        case: null,
        error: `Row ${line}: the row has ${cells.length} cells but the header has ${columns.length}; put a cell that contains ${shown} between double quotes`,
      });
      continue;
    }
    const raw: Record<string, unknown> = {};
    for (const [index, field] of columns.entries()) if (field) raw[field] = unescapeCell(cells[index] ?? "");
    rows.push(rowOf(line, raw));
  }
  return { format: "csv", rows, error: null, ignoredColumns };
}

function escapeCell(value: string): string {
  return FORMULA_START.test(value) || ESCAPED_FORMULA.test(value) ? `'${value}` : value;
}

function csvCell(value: string): string {
  const cell = escapeCell(value);
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/**
 * A CSV file of the cases: UTF-8 byte order mark, header
 * question,reference_answer,expect_abstention,expected_sources,tags,language, CRLF line ends,
 * lists joined with " | ", expect_abstention true/false, language en/fr/empty, formula-looking
 * cells behind an apostrophe (see the top of this file). parseCaseFile reads it back unchanged.
 */
export function casesToCsv(cases: readonly EvalCaseInput[]): string {
  const lines = [FIELDS.join(",")];
  for (const c of cases) {
    const cells = [
      c.question,
      c.referenceAnswer,
      String(c.expectAbstention),
      c.expectedSources.join(` ${LIST_SEPARATOR} `),
      c.tags.join(` ${LIST_SEPARATOR} `),
      c.language ?? "",
    ];
    lines.push(cells.map(csvCell).join(","));
  }
  return `${BOM}${lines.join("\r\n")}\r\n`;
}

/** A JSON Lines file of the cases: one object per line, snake_case keys as in the CSV header, lists as arrays. */
export function casesToJsonl(cases: readonly EvalCaseInput[]): string {
  return cases
    .map((c) =>
      JSON.stringify({
        question: c.question,
        reference_answer: c.referenceAnswer,
        expect_abstention: c.expectAbstention,
        expected_sources: c.expectedSources,
        tags: c.tags,
        language: c.language,
      }),
    )
    .map((line) => `${line}\n`)
    .join("");
}
