import { describe, expect, it } from "vitest";
import { checkReadOnlySql } from "./sql-table-store";
import { ToolError } from "./tool-definition";

function refusal(sql: string): ToolError {
  try {
    checkReadOnlySql(sql);
  } catch (error) {
    expect(error).toBeInstanceOf(ToolError);
    return error as ToolError;
  }
  throw new Error(`accepted: ${sql}`);
}

describe("checkReadOnlySql", () => {
  it("accepts one SELECT and returns it without the semicolon and the surrounding comments", () => {
    expect(checkReadOnlySql("SELECT region, SUM(amount) FROM sales GROUP BY region")).toBe("SELECT region, SUM(amount) FROM sales GROUP BY region");
    expect(checkReadOnlySql("  -- total\n/* by region */ select 1;  ")).toBe("select 1");
    expect(checkReadOnlySql("SELECT 1 -- trailing")).toBe("SELECT 1");
    expect(checkReadOnlySql("SELECT 1 /* never closed")).toBe("SELECT 1");
    expect(checkReadOnlySql("SELECT 1;;")).toBe("SELECT 1");
    expect(checkReadOnlySql("SELECT 1 -- a\nFROM t")).toBe("SELECT 1 -- a\nFROM t");
  });

  it("accepts WITH … SELECT, including recursive and materialized CTEs", () => {
    expect(checkReadOnlySql("WITH t AS (SELECT 1 AS x) SELECT x FROM t")).toBe("WITH t AS (SELECT 1 AS x) SELECT x FROM t");
    expect(() => checkReadOnlySql("with recursive n(i) as (select 1 union all select i + 1 from n where i < 5), m as not materialized (select 2) select * from n, m")).not.toThrow();
    expect(() => checkReadOnlySql("WITH v AS (VALUES (1), (2)) VALUES (3)")).not.toThrow();
  });

  it("accepts lowercase, unicode, quoted keywords and the replace() function", () => {
    expect(() => checkReadOnlySql("select nom, 'Évry' as ville from clients where pays = 'été'")).not.toThrow();
    expect(() => checkReadOnlySql('SELECT "delete", [drop], `update` FROM "insert"')).not.toThrow();
    expect(() => checkReadOnlySql("SELECT replace(nom, 'a', 'b') FROM t")).not.toThrow();
    expect(() => checkReadOnlySql("SELECT 'DROP TABLE x; DELETE FROM y' AS s")).not.toThrow();
    expect(() => checkReadOnlySql("SELECT 'it''s; DROP' AS s")).not.toThrow();
    // Full-width letters are identifier characters for SQLite, not the keyword.
    expect(() => checkReadOnlySql("SELECT 1 AS ＤＲＯＰ")).not.toThrow();
    expect(() => checkReadOnlySql("SELECT data->>'$.total' FROM t")).not.toThrow();
    expect(() => checkReadOnlySql("SELECT X'00ff' AS b")).not.toThrow();
  });

  it("refuses a second statement, wherever the semicolon hides", () => {
    expect(refusal("SELECT 1; DROP TABLE x").message).toMatch(/Only one SQL statement/);
    expect(refusal("SELECT 1; SELECT 2").code).toBe("not_allowed");
    expect(refusal("SELECT 'a' ; DROP TABLE x").message).toMatch(/Only one SQL statement/);
    expect(refusal("SELECT 1 /* ; */ ; DELETE FROM x").message).toMatch(/Only one SQL statement/);
    expect(refusal("SELECT \"a;\" ; VACUUM").message).toMatch(/Only one SQL statement/);
  });

  it("does not see semicolons and keywords inside comments and strings", () => {
    expect(checkReadOnlySql("/* ; */ SELECT 1")).toBe("SELECT 1");
    expect(checkReadOnlySql("SELECT 1 -- ; DROP TABLE x")).toBe("SELECT 1");
    expect(checkReadOnlySql("SELECT '; DROP' FROM t")).toBe("SELECT '; DROP' FROM t");
  });

  it("refuses statements that are not SELECT", () => {
    for (const sql of [
      "INSERT INTO t VALUES (1)",
      "update t set a = 1",
      "DELETE FROM t",
      "REPLACE INTO t VALUES (1)",
      "CREATE TABLE x (a)",
      "DROP TABLE t",
      "ALTER TABLE t ADD b",
      "ATTACH DATABASE '/tmp/x.db' AS x",
      "PRAGMA writable_schema = 1",
      "VACUUM INTO '/tmp/copy.db'",
      "EXPLAIN SELECT 1",
      "VALUES (1)",
      "BEGIN",
    ]) {
      const error = refusal(sql);
      expect(error.code, sql).toBe("not_allowed");
      expect(error.message, sql).toMatch(/Only read-only SELECT queries can run|is not allowed/);
    }
  });

  it("refuses writes hidden after or inside WITH", () => {
    expect(refusal("WITH x AS (DELETE FROM t RETURNING *) SELECT * FROM x").message).toMatch(/^DELETE is not allowed/);
    expect(refusal("WITH x AS (SELECT 1) DELETE FROM t").message).toMatch(/^DELETE is not allowed/);
    expect(refusal("WITH x AS (SELECT 1) REPLACE INTO t SELECT * FROM x").message).toMatch(/^REPLACE is not allowed/);
    expect(refusal("WITH x AS (SELECT 1) SELECT * FROM x UNION SELECT 1 FROM t WHERE 0; INSERT INTO t VALUES (1)").message).toMatch(/Only one SQL statement/);
    expect(refusal("WITH x SELECT 1").message).toMatch(/WITH clause is not valid/);
    expect(refusal("WITH x AS (SELECT 1)").message).toMatch(/After WITH, only a SELECT can run/);
  });

  it("refuses functions and tables that reach files, extensions or raw pages", () => {
    for (const sql of [
      "SELECT load_extension('/tmp/evil.so')",
      "SELECT LOAD_EXTENSION ('x')",
      'SELECT "load_extension"(\'x\')',
      "SELECT [readfile]('/etc/passwd')",
      "SELECT writefile('/tmp/x', 'y')",
      "SELECT fts3_tokenizer('simple')",
      "SELECT * FROM fsdir('/')",
      "SELECT * FROM sqlite_dbpage",
      "SELECT * FROM main.\"sqlite_dbpage\"",
      "SELECT * FROM 'sqlite_dbpage'",
      "SELECT * FROM t JOIN 'dbstat'",
      "SELECT * FROM pragma_table_list",
      "SELECT edit('x')",
    ]) {
      expect(refusal(sql).code, sql).toBe("not_allowed");
    }
    // The same words as data, or a column named edit, are fine.
    expect(() => checkReadOnlySql("SELECT edit, name FROM t WHERE name = 'sqlite_dbpage' OR name IN ('readfile')")).not.toThrow();
  });

  it("mirrors SQLite's reading of unicode: what is not ASCII is part of a name", () => {
    // A no-break space is an identifier character for SQLite: this does not start with SELECT.
    expect(refusal("SELECT\u00a0* FROM t").code).toBe("not_allowed");
    // Long s upper-cases to S in JavaScript but not in SQLite.
    expect(refusal("ſelect 1").code).toBe("not_allowed");
    // A dotless ı upper-cases to I in JavaScript: for SQLite "ınsert" is a plain name.
    expect(() => checkReadOnlySql("SELECT ınsert FROM t")).not.toThrow();
  });

  it("reports SQL it cannot read", () => {
    expect(refusal("").message).toBe("The query is empty.");
    expect(refusal("  -- nothing\n ;").message).toBe("The query is empty.");
    expect(refusal("SELECT 'open").message).toMatch(/string that starts at character 8 is not closed/);
    expect(refusal('SELECT "open').code).toBe("invalid_input");
    expect(refusal("SELECT 1 ! 2").message).toMatch(/Unexpected character '!'/);
    expect(refusal(`SELECT ${"1 + ".repeat(6000)}1`).message).toMatch(/longer than 20000/);
  });
});
