import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_CELL_CHARS, openReadOnly, runQuery } from "./read-only-database.mjs";

// The second lock: what the query process opens refuses every write, even SQL that the
// sql_query check would have refused before it got here.
let dir: string;
let a: string;
let b: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "atelier-readonly-"));
  a = join(dir, "a.sqlite");
  b = join(dir, "b.sqlite");
  for (const [path, value] of [
    [a, 1],
    [b, 2],
  ] as const) {
    const db = new Database(path);
    db.pragma("journal_mode = WAL");
    db.exec(`CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (${value})`);
    db.close();
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("openReadOnly", () => {
  it("reads the first file as main and the others as s1, s2…", () => {
    const db = openReadOnly([a, b], [{ name: "t_2", schema: "s1", table: "t" }]);
    try {
      expect(runQuery(db, "SELECT (SELECT x FROM t) AS a, (SELECT x FROM t_2) AS b, (SELECT x FROM s1.t) AS c", 10)).toEqual({
        columns: ["a", "b", "c"],
        rows: [[1, 2, 2]],
        truncated: false,
      });
    } finally {
      db.close();
    }
  });

  it("refuses writes to every file, including with query_only turned off", () => {
    const db = openReadOnly([a, b]);
    try {
      for (const sql of [
        "INSERT INTO t VALUES (9)",
        "INSERT INTO s1.t VALUES (9)",
        "UPDATE s1.t SET x = 0",
        "DELETE FROM t",
        "DROP TABLE t",
        "CREATE TABLE u (y)",
        "CREATE TEMP TABLE u (y)",
        "PRAGMA user_version = 7",
        "VACUUM",
      ]) {
        expect(() => db.exec(sql), sql).toThrow(/readonly|read-only|query_only|cannot/i);
      }
      expect(() => db.exec("PRAGMA s1.journal_mode = DELETE")).toThrow();
      db.exec("PRAGMA query_only = OFF");
      expect(() => db.exec("INSERT INTO s1.t VALUES (9)")).toThrow(/readonly database/);
      expect(() => runQuery(db, "INSERT INTO t VALUES (9) RETURNING x", 10)).toThrow(/readonly database/);
      expect(() => runQuery(db, "UPDATE t SET x = 1", 10)).toThrow(/Only a query that returns rows/);
    } finally {
      db.close();
    }
    const check = new Database(b, { readonly: true });
    expect(check.prepare("SELECT count(*) AS n, max(x) AS x FROM t").get()).toEqual({ n: 1, x: 2 });
    check.close();
  });

  it("cannot attach a new file, nor write to a file it attaches itself", () => {
    const db = openReadOnly([a]);
    const created = join(dir, "new.sqlite");
    try {
      expect(() => db.exec(`ATTACH DATABASE '${created}' AS evil`)).toThrow(/unable to open/);
      expect(existsSync(created)).toBe(false);
      db.exec(`ATTACH DATABASE '${b}' AS other`);
      expect(() => db.exec("INSERT INTO other.t VALUES (9)")).toThrow(/readonly database/);
      expect(() => db.exec("SELECT load_extension('/tmp/evil')")).toThrow(/not authorized/);
    } finally {
      db.close();
    }
  });

  it("reads at most maxRows + 1 rows whatever the SQL's own LIMIT, and caps long text", () => {
    const db = openReadOnly([]);
    try {
      const counted = runQuery(db, "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c", 3);
      expect(counted).toEqual({ columns: ["x"], rows: [[1], [2], [3]], truncated: true });
      const [[text, big]] = runQuery(db, "SELECT printf('%.*c', 20000, 'a'), 9007199254740993", 1).rows as [[string, bigint]];
      expect(text).toHaveLength(MAX_CELL_CHARS);
      expect(big).toBe(9007199254740993n);
    } finally {
      db.close();
    }
  });
});
