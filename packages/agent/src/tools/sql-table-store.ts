import { ToolError } from "./tool-definition";

/**
 * The validation half of a TableStore: `checkReadOnlySql` accepts exactly one SELECT (or WITH …
 * SELECT) statement. The API runs what it accepts on a read-only SQLite connection; this check is
 * the first of the two locks, and gives the model a readable refusal.
 *
 * It reads the SQL with SQLite's own lexical rules (comments, '' strings, "" `` [] identifiers,
 * X'' blobs, identifier characters including every non-ASCII one, ASCII-only case folding), so
 * that what it sees as a keyword is what SQLite sees as one.
 */

export const MAX_SQL_LENGTH = 20_000;

type SqlToken =
  | { kind: "word"; text: string; upper: string; start: number; end: number }
  | { kind: "identifier" | "string"; text: string; value: string; start: number; end: number }
  | { kind: "number" | "blob" | "variable" | "punct"; text: string; start: number; end: number };

/**
 * Statements that write or change the schema or the connection. Statements that could not appear
 * inside a single SELECT (BEGIN, COMMIT…) are left to SQLite, so that columns may bear their names.
 */
const FORBIDDEN_KEYWORDS = new Set(["INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER", "ATTACH", "DETACH", "PRAGMA", "VACUUM", "REINDEX", "ANALYZE"]);

/** Functions and virtual tables that reach files, extensions or the raw database pages. */
const FORBIDDEN_NAMES = new Set(["load_extension", "readfile", "writefile", "fts3_tokenizer", "fsdir", "zipfile", "sqlite_dbpage", "dbstat", "edit"]);

const asciiUpper = (text: string) => text.replace(/[a-z]+/g, (s) => s.toUpperCase());
const asciiLower = (text: string) => text.replace(/[A-Z]+/g, (s) => s.toLowerCase());

function refuse(message: string): ToolError {
  return new ToolError("not_allowed", message);
}

function invalid(message: string): ToolError {
  return new ToolError("invalid_input", message);
}

const isSpace = (c: string) => c === " " || c === "\t" || c === "\n" || c === "\f" || c === "\r";
/** SQLite's IdChar: letters, digits, "_", "$" and every character beyond ASCII. */
const isIdChar = (c: string | undefined) => c !== undefined && (/[A-Za-z0-9_$]/.test(c) || c.charCodeAt(0) > 0x7f);
const isIdStart = (c: string | undefined) => c !== undefined && (/[A-Za-z_]/.test(c) || c.charCodeAt(0) > 0x7f);

const PUNCTUATION = ["||", "<=", ">=", "<>", "!=", "==", "<<", ">>", "->>", "->", "(", ")", ",", ";", "+", "-", "*", "/", "%", "=", "<", ">", "&", "|", "~", "."];

/** The tokens of `sql` without whitespace and comments. */
function tokenizeSql(sql: string): SqlToken[] {
  const tokens: SqlToken[] = [];
  let i = 0;
  const quoted = (close: string, what: string): { text: string; value: string } => {
    const start = i;
    let value = "";
    i++;
    for (;;) {
      if (i >= sql.length) throw invalid(`The ${what} that starts at character ${start + 1} is not closed.`);
      const c = sql[i]!;
      if (c === close) {
        if (close !== "]" && sql[i + 1] === close) {
          value += close;
          i += 2;
          continue;
        }
        i++;
        return { text: sql.slice(start, i), value };
      }
      value += c;
      i++;
    }
  };
  while (i < sql.length) {
    const c = sql[i]!;
    const start = i;
    if (isSpace(c)) {
      i++;
    } else if (c === "-" && sql[i + 1] === "-") {
      const newline = sql.indexOf("\n", i);
      i = newline === -1 ? sql.length : newline + 1;
    } else if (c === "/" && sql[i + 1] === "*") {
      // Like SQLite, an unclosed comment runs to the end.
      const close = sql.indexOf("*/", i + 2);
      i = close === -1 ? sql.length : close + 2;
    } else if (c === "'") {
      tokens.push({ kind: "string", ...quoted("'", "string"), start, end: i });
    } else if (c === '"' || c === "`") {
      tokens.push({ kind: "identifier", ...quoted(c, "quoted name"), start, end: i });
    } else if (c === "[") {
      tokens.push({ kind: "identifier", ...quoted("]", "quoted name"), start, end: i });
    } else if ((c === "x" || c === "X") && sql[i + 1] === "'") {
      i++;
      quoted("'", "blob");
      tokens.push({ kind: "blob", text: sql.slice(start, i), start, end: i });
    } else if (/[0-9]/.test(c) || (c === "." && /[0-9]/.test(sql[i + 1] ?? ""))) {
      while (i < sql.length && (isIdChar(sql[i]) || sql[i] === "." || ((sql[i] === "+" || sql[i] === "-") && /[eE]/.test(sql[i - 1]!)))) i++;
      tokens.push({ kind: "number", text: sql.slice(start, i), start, end: i });
    } else if (isIdStart(c)) {
      while (isIdChar(sql[i])) i++;
      const text = sql.slice(start, i);
      tokens.push({ kind: "word", text, upper: asciiUpper(text), start, end: i });
    } else if (c === "?" || c === ":" || c === "@" || c === "$" || c === "#") {
      i++;
      while (isIdChar(sql[i])) i++;
      tokens.push({ kind: "variable", text: sql.slice(start, i), start, end: i });
    } else {
      const punct = PUNCTUATION.find((p) => sql.startsWith(p, i));
      if (!punct) throw invalid(`Unexpected character '${String.fromCodePoint(sql.codePointAt(i)!)}' at character ${i + 1} of the query.`);
      i += punct.length;
      tokens.push({ kind: "punct", text: punct, start, end: i });
    }
  }
  return tokens;
}

const isPunct = (t: SqlToken | undefined, text: string) => t?.kind === "punct" && t.text === text;
const isWord = (t: SqlToken | undefined, upper: string) => t?.kind === "word" && t.upper === upper;

/** The index just after the ")" that closes the "(" at `open`. */
function skipParentheses(tokens: SqlToken[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    if (isPunct(tokens[i], "(")) depth++;
    else if (isPunct(tokens[i], ")") && --depth === 0) return i + 1;
  }
  throw invalid("A parenthesis is not closed.");
}

/** The index of the statement that follows WITH [RECURSIVE] name [(columns)] AS [NOT] [MATERIALIZED] (…), … */
function afterCommonTableExpressions(tokens: SqlToken[]): number {
  let i = 1;
  if (isWord(tokens[i], "RECURSIVE")) i++;
  const malformed = () => invalid("The WITH clause is not valid: write WITH name AS (SELECT …) SELECT ….");
  for (;;) {
    const name = tokens[i];
    if (name?.kind !== "word" && name?.kind !== "identifier") throw malformed();
    i++;
    if (isPunct(tokens[i], "(")) i = skipParentheses(tokens, i);
    if (!isWord(tokens[i], "AS")) throw malformed();
    i++;
    if (isWord(tokens[i], "NOT")) i++;
    if (isWord(tokens[i], "MATERIALIZED")) i++;
    if (!isPunct(tokens[i], "(")) throw malformed();
    i = skipParentheses(tokens, i);
    if (!isPunct(tokens[i], ",")) return i;
    i++;
  }
}

/**
 * Accepts exactly one read-only SELECT (or WITH … SELECT) statement and returns it without the
 * leading comments and the trailing semicolon and comments, ready to be wrapped in a subquery.
 * Throws a ToolError ("not_allowed", or "invalid_input" for SQL that cannot be read) otherwise.
 */
export function checkReadOnlySql(sql: string): string {
  if (sql.length > MAX_SQL_LENGTH) throw invalid(`The query is longer than ${MAX_SQL_LENGTH} characters.`);
  const all = tokenizeSql(sql);
  // Trailing semicolons end the statement; any other semicolon starts a second one.
  let count = all.length;
  while (count > 0 && isPunct(all[count - 1], ";")) count--;
  const tokens = all.slice(0, count);
  if (tokens.length === 0) throw invalid("The query is empty.");
  if (tokens.some((t) => isPunct(t, ";"))) throw refuse("Only one SQL statement can run at a time: remove the semicolons between statements.");

  const first = tokens[0]!;
  const firstWord = first.kind === "word" ? first.upper : first.text;
  if (firstWord !== "SELECT" && firstWord !== "WITH") {
    throw refuse(`Only read-only SELECT queries can run; this one starts with ${firstWord.slice(0, 40)}.`);
  }

  for (const [index, token] of tokens.entries()) {
    const next = tokens[index + 1];
    const previous = tokens[index - 1];
    if (token.kind === "word" && FORBIDDEN_KEYWORDS.has(token.upper)) {
      // replace(x, y, z) is a string function, not the REPLACE statement.
      if (token.upper === "REPLACE" && isPunct(next, "(")) continue;
      throw refuse(`${token.upper} is not allowed: only read-only SELECT queries can run. (If it is a column name, put it in double quotes.)`);
    }
    const name = token.kind === "word" ? asciiLower(token.text) : token.kind === "identifier" ? asciiLower(token.value) : null;
    if (name !== null && (FORBIDDEN_NAMES.has(name) || name.startsWith("pragma_"))) {
      if (name === "edit" && !isPunct(next, "(")) continue;
      throw refuse(`${name} cannot be used in a query.`);
    }
    // SQLite takes a string where a table name is expected: FROM 'sqlite_dbpage'.
    if (token.kind === "string" && (isWord(previous, "FROM") || isWord(previous, "JOIN") || isPunct(previous, ",") || isPunct(previous, "."))) {
      const value = asciiLower(token.value.trim());
      if (FORBIDDEN_NAMES.has(value) || value.startsWith("pragma_")) throw refuse(`${value} cannot be used in a query.`);
    }
  }

  if (firstWord === "WITH") {
    const main = tokens[afterCommonTableExpressions(tokens)];
    if (!isWord(main, "SELECT") && !isWord(main, "VALUES")) {
      throw refuse(`After WITH, only a SELECT can run${main ? `, not ${main.text.slice(0, 40)}` : ""}.`);
    }
  }
  return sql.slice(first.start, tokens.at(-1)!.end);
}
