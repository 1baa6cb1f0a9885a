import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import ExcelJS from "exceljs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TableQueryError, TableSqlError } from "./table-errors";
import { TableStore } from "./table-store";

const utf8 = (text: string) => new TextEncoder().encode(text);
const limits = { maxRows: 200, timeoutMs: 5000 };

const SALES_CSV =
  'Région,Ville,Commentaire,"Chiffre d\'affaires",Quantité,Code postal\r\n' +
  'Île-de-France,Paris,"Bon trimestre, stable","1 234,50",12,75001\r\n' +
  'Bourgogne-Franche-Comté,Besançon,"élève ""modèle""","3,5",7,25000\r\n' +
  "Centre-Val de Loire,Orléans,,,,01000\r\n";

async function workbook(): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  const staff = book.addWorksheet("Effectifs");
  staff.addRow(["Nom", "Service", "Entrée", "Salaire"]);
  staff.addRow(["Dupont, Jean", "Ventes", new Date(Date.UTC(2019, 2, 4)), 42000.5]);
  staff.addRow(["Martin", "Comptabilité", new Date(Date.UTC(2021, 8, 1)), 38000]);
  staff.addRow(["Noël", "Ventes", null, { formula: "D2/0", result: { error: "#DIV/0!" } }]);
  const services = book.addWorksheet("Services");
  services.addRow(["Service", "Étage"]);
  services.addRow(["Ventes", 2]);
  services.addRow(["Comptabilité", 3]);
  book.addWorksheet("Vide");
  return new Uint8Array(await book.xlsx.writeBuffer());
}

/** The error a promise rejects with. */
async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the promise to reject");
}

let dir: string;
let store: TableStore;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "atelier-table-store-test-"));
  store = new TableStore({ directory: dir });
});

afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("TableStore.replaceDocument", () => {
  it("turns a CSV file with quoted commas, French decimals and accents into a typed table", async () => {
    const [table] = await store.replaceDocument({ sourceId: "src1", documentId: "doc1", fileName: "Ventes Été 2024.csv", bytes: utf8(SALES_CSV) });
    expect(table).toEqual({
      name: "ventes_ete_2024",
      columns: [
        { name: "region", type: "TEXT" },
        { name: "ville", type: "TEXT" },
        { name: "commentaire", type: "TEXT" },
        { name: "chiffre_d_affaires", type: "REAL" },
        { name: "quantite", type: "INTEGER" },
        { name: "code_postal", type: "TEXT" },
      ],
      rowCount: 3,
      documentId: "doc1",
      sourceId: "src1",
      sheet: null,
      fileName: "Ventes Été 2024.csv",
      description: "From Ventes Été 2024.csv.",
    });
    const result = await store.query(["src1"], "SELECT ville, commentaire, chiffre_d_affaires, quantite, code_postal FROM ventes_ete_2024 ORDER BY ville", limits);
    expect(result).toEqual({
      columns: ["ville", "commentaire", "chiffre_d_affaires", "quantite", "code_postal"],
      rows: [
        ["Besançon", 'élève "modèle"', 3.5, 7, "25000"],
        ["Orléans", null, null, null, "01000"],
        ["Paris", "Bon trimestre, stable", 1234.5, 12, "75001"],
      ],
      truncated: false,
    });
    expect(existsSync(join(dir, "src1.sqlite"))).toBe(true);
  });

  it("reads semicolon-separated windows-1252 files from French Excel", async () => {
    const bytes = Uint8Array.from(Buffer.from("Produit;Prix\r\nCrème brûlée;4,50\r\nThé;2,10\r\n", "latin1"));
    const [table] = await store.replaceDocument({ sourceId: "src1", documentId: "doc1", fileName: "carte.csv", bytes });
    expect(table!.columns).toEqual([
      { name: "produit", type: "TEXT" },
      { name: "prix", type: "REAL" },
    ]);
    const { rows } = await store.query(["src1"], "SELECT produit, prix FROM carte ORDER BY prix DESC", limits);
    expect(rows).toEqual([
      ["Crème brûlée", 4.5],
      ["Thé", 2.1],
    ]);
  });

  it("turns each non-empty sheet of a workbook into a table", async () => {
    const tables = await store.replaceDocument({ sourceId: "src1", documentId: "doc2", fileName: "RH/Personnel.xlsx", bytes: await workbook() });
    expect(tables.map((t) => [t.name, t.sheet, t.rowCount, t.columns])).toEqual([
      [
        "personnel_effectifs",
        "Effectifs",
        3,
        [
          { name: "nom", type: "TEXT" },
          { name: "service", type: "TEXT" },
          { name: "entree", type: "TEXT" },
          { name: "salaire", type: "REAL" },
        ],
      ],
      [
        "personnel_services",
        "Services",
        2,
        [
          { name: "service", type: "TEXT" },
          { name: "etage", type: "INTEGER" },
        ],
      ],
    ]);
    expect(tables[0]!.description).toBe('From Personnel.xlsx, sheet "Effectifs".');
    const { rows } = await store.query(["src1"], "SELECT nom, entree, salaire FROM personnel_effectifs ORDER BY nom", limits);
    expect(rows).toEqual([
      ["Dupont, Jean", "2019-03-04", 42000.5],
      ["Martin", "2021-09-01", 38000],
      ["Noël", null, null],
    ]);
  });

  it("names a single-sheet workbook after the file alone", async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet("Feuil1").addRows([["Année", "Total"], [2024, 10]]);
    const bytes = new Uint8Array(await book.xlsx.writeBuffer());
    const [table] = await store.replaceDocument({ sourceId: "src1", documentId: "doc", fileName: "bilan.xlsx", bytes });
    expect([table!.name, table!.sheet]).toEqual(["bilan", "Feuil1"]);
  });

  it("replaces the tables of a document, keeping the name when it is still free", async () => {
    await store.replaceDocument({ sourceId: "src1", documentId: "doc1", fileName: "ventes.csv", bytes: utf8("a,b\n1,2\n") });
    await store.replaceDocument({ sourceId: "src1", documentId: "doc2", fileName: "autre/ventes.csv", bytes: utf8("x\n1\n") });
    expect(store.list(["src1"]).map((t) => [t.name, t.documentId])).toEqual([
      ["ventes", "doc1"],
      ["ventes_2", "doc2"],
    ]);
    const [replaced] = await store.replaceDocument({ sourceId: "src1", documentId: "doc1", fileName: "ventes.csv", bytes: utf8("a,c\n3,4\n5,6\n") });
    expect(replaced).toMatchObject({ name: "ventes", rowCount: 2, columns: [{ name: "a" }, { name: "c" }] });
    expect(store.list(["src1"])).toHaveLength(2);
    expect((await store.query(["src1"], "SELECT sum(c) AS s FROM ventes", limits)).rows).toEqual([[10]]);

    // A workbook replacing it: the CSV table is gone.
    const sheets = await store.replaceDocument({ sourceId: "src1", documentId: "doc1", fileName: "ventes.xlsx", bytes: await workbook() });
    expect(sheets.map((t) => t.name)).toEqual(["ventes_effectifs", "ventes_services"]);
    const error = await failure(store.query(["src1"], "SELECT * FROM ventes", limits));
    expect(error).toBeInstanceOf(TableSqlError);
    expect(error.message).toBe("no such table: ventes. The tables are: ventes_2, ventes_effectifs, ventes_services.");
  });

  it("reads a CSV file named without an extension by its media type", async () => {
    const input = { sourceId: "src1", documentId: "doc1", fileName: "https://data.example/export?id=3", bytes: utf8("a\n1\n") };
    expect(await store.replaceDocument(input)).toEqual([]);
    const [table] = await store.replaceDocument({ ...input, mimeType: "text/csv; charset=utf-8" });
    expect(table!.name).toBe("export");
  });

  it("leaves no table for other formats or empty files, and removes the old ones", async () => {
    await store.replaceDocument({ sourceId: "src1", documentId: "doc1", fileName: "notes.csv", bytes: utf8("a\n1\n") });
    expect(await store.replaceDocument({ sourceId: "src1", documentId: "doc1", fileName: "notes.csv", bytes: utf8("\n  \n\n") })).toEqual([]);
    expect(store.list(["src1"])).toEqual([]);
    expect(existsSync(join(dir, "src1.sqlite"))).toBe(false);
    expect(await store.replaceDocument({ sourceId: "src2", documentId: "doc9", fileName: "notes.md", bytes: utf8("# a,b\n") })).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("keeps a catalog of where each table comes from in the source's file", async () => {
    await store.replaceDocument({ sourceId: "src1", documentId: "doc1", fileName: "Ventes.csv", bytes: utf8("Ville,,Ville\nParis,1,2\n") });
    const db = new Database(join(dir, "src1.sqlite"), { readonly: true });
    try {
      const row = db.prepare("SELECT name, document_id, sheet, file_name, columns FROM _atelier_tables").get() as Record<string, string>;
      expect(row).toMatchObject({ name: "ventes", document_id: "doc1", sheet: null, file_name: "Ventes.csv" });
      expect(JSON.parse(row.columns!)).toEqual([
        { name: "ville", type: "TEXT", header: "Ville" },
        { name: "col_2", type: "INTEGER", header: "" },
        { name: "ville_2", type: "INTEGER", header: "Ville" },
      ]);
    } finally {
      db.close();
    }
  });

  it("keeps maxRowsPerTable rows and says that the rest was left out", async () => {
    const small = new TableStore({ directory: null, maxRowsPerTable: 5 });
    try {
      const csv = `n\n${Array.from({ length: 20 }, (_, i) => i).join("\n")}\n`;
      const [table] = await small.replaceDocument({ sourceId: "s", documentId: "d", fileName: "n.csv", bytes: utf8(csv) });
      expect(table).toMatchObject({ rowCount: 5, description: "From n.csv. Only the first 5 rows were loaded." });
      const exact = `n\n${[1, 2, 3, 4, 5].join("\n")}\n`;
      const [full] = await small.replaceDocument({ sourceId: "s", documentId: "d", fileName: "n.csv", bytes: utf8(exact) });
      expect(full).toMatchObject({ rowCount: 5, description: "From n.csv." });
    } finally {
      small.close();
    }
  });
});

describe("TableStore.query", () => {
  beforeEach(async () => {
    await store.replaceDocument({ sourceId: "src1", documentId: "doc1", fileName: "ventes.csv", bytes: utf8(SALES_CSV) });
    await store.replaceDocument({ sourceId: "src1", documentId: "doc2", fileName: "personnel.xlsx", bytes: await workbook() });
    await store.replaceDocument({ sourceId: "src2", documentId: "doc3", fileName: "secret.csv", bytes: utf8("salaire\n99999\n") });
  });

  it("joins two tables of one source", async () => {
    const sql = `
      SELECT e.service, s.etage, count(*) AS personnes, round(avg(e.salaire), 1) AS salaire_moyen
      FROM personnel_effectifs e JOIN personnel_services s ON s.service = e.service
      GROUP BY e.service ORDER BY e.service`;
    expect(await store.query(["src1"], sql, limits)).toEqual({
      columns: ["service", "etage", "personnes", "salaire_moyen"],
      rows: [
        ["Comptabilité", 3, 1, 38000],
        ["Ventes", 2, 2, 42000.5],
      ],
      truncated: false,
    });
  });

  it("does not see the tables of other sources", async () => {
    const error = await failure(store.query(["src1"], "SELECT * FROM secret", limits));
    expect(error).toBeInstanceOf(TableSqlError);
    expect(error).toMatchObject({ name: "SqliteError", code: "SQLITE_ERROR" });
    expect(error.message).toBe("no such table: secret. The tables are: personnel_effectifs, personnel_services, ventes.");
    expect(store.list(["src1"]).map((t) => t.name)).not.toContain("secret");
    // Nor their files, by name.
    const attached = await failure(store.query(["src1"], "SELECT * FROM s1.secret", limits));
    expect(attached.message).toMatch(/^no such table: s1.secret/);
    // With both sources, both are there.
    expect((await store.query(["src2", "src1"], "SELECT (SELECT count(*) FROM ventes), salaire FROM secret", limits)).rows).toEqual([[3, 99999]]);
  });

  it("answers queries over no table, and says there is none to query", async () => {
    expect((await store.query([], "SELECT 1 + 1 AS two", limits)).rows).toEqual([[2]]);
    expect(store.list(["nothing"])).toEqual([]);
    const error = await failure(store.query(["nothing"], "SELECT * FROM ventes", limits));
    expect(error.message).toBe("no such table: ventes. There is no table to query.");
  });

  it("renames, for a query over several sources, a table whose name another source has", async () => {
    await store.replaceDocument({ sourceId: "src0", documentId: "doc4", fileName: "ventes.csv", bytes: utf8("ville,total\nLyon,5\n") });
    const listed = store.list(["src1", "src0"]).filter((t) => t.name.startsWith("ventes"));
    expect(listed.map((t) => [t.name, t.sourceId])).toEqual([
      ["ventes", "src0"],
      ["ventes_2", "src1"],
    ]);
    const { rows } = await store.query(["src1", "src0"], "SELECT (SELECT group_concat(ville) FROM ventes), (SELECT count(*) FROM ventes_2)", limits);
    expect(rows).toEqual([["Lyon", 3]]);
    // Alone, each source keeps its own name.
    expect(store.list(["src1"]).map((t) => t.name)).toContain("ventes");
  });

  it("opens only the sources whose tables a query names, at most 11 at a time", async () => {
    const ids = Array.from({ length: 12 }, (_, i) => `many${String(i).padStart(2, "0")}`);
    for (const [i, id] of ids.entries()) {
      await store.replaceDocument({ sourceId: id, documentId: `d${i}`, fileName: `t${i}.csv`, bytes: utf8(`n\n${i}\n`) });
    }
    expect(store.list(ids)).toHaveLength(12);
    expect((await store.query(ids, "SELECT t3.n + t11.n FROM t3, T11", limits)).rows).toEqual([[14]]);
    const all = ids.map((_, i) => `SELECT n FROM t${i}`).join(" UNION ALL ");
    const error = await failure(store.query(ids, `SELECT sum(n) FROM (${all})`, limits));
    expect(error).toMatchObject({ name: "TableQueryError", code: "too_many_sources" });
    expect(error.message).toBe("This query reads tables from 12 sources; at most 11 can be read in one query: split it.");
    const eleven = ids.slice(0, 11).map((_, i) => `SELECT n FROM t${i}`).join(" UNION ALL ");
    expect((await store.query(ids, `SELECT sum(n) FROM (${eleven})`, limits)).rows).toEqual([[55]]);
  });

  it("refuses writes even when they reach it", async () => {
    for (const sql of [
      "INSERT INTO ventes (ville) VALUES ('Lille')",
      "INSERT INTO ventes (ville) VALUES ('Lille') RETURNING ville",
      "DELETE FROM ventes RETURNING *",
      "UPDATE ventes SET quantite = 0 RETURNING quantite",
      `ATTACH DATABASE '${join(dir, "src2.sqlite")}' AS other`,
      `ATTACH DATABASE '${join(dir, "evil.sqlite")}' AS evil`,
      "PRAGMA query_only = OFF",
      "PRAGMA user_version = 3",
      "DROP TABLE ventes",
      "SELECT 1; DELETE FROM ventes",
      "SELECT 1) ; DELETE FROM ventes; SELECT (1",
    ]) {
      const error = await failure(store.query(["src1"], sql, limits));
      expect(error, sql).toBeInstanceOf(TableSqlError);
    }
    expect((await store.query(["src1"], "SELECT count(*), sum(quantite) FROM ventes", limits)).rows).toEqual([[3, 19]]);
    expect(existsSync(join(dir, "evil.sqlite"))).toBe(false);
  });

  it("gives SQLite's message for a syntax error", async () => {
    const error = await failure(store.query(["src1"], "SELECT ville FORM ventes", limits));
    expect(error).toBeInstanceOf(TableSqlError);
    expect(error.message).toBe('near "ventes": syntax error');
    const column = await failure(store.query(["src1"], "SELECT regoin FROM ventes", limits));
    expect(column.message).toBe("no such column: regoin");
  });

  it("returns at most maxRows rows and says when there were more", async () => {
    const many = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 1000) SELECT x FROM c ORDER BY x DESC";
    const result = await store.query(["src1"], many, { maxRows: 3, timeoutMs: 5000 });
    expect(result).toEqual({ columns: ["x"], rows: [[1000], [999], [998]], truncated: true });
    expect((await store.query(["src1"], "SELECT ville FROM ventes", { maxRows: 3, timeoutMs: 5000 })).truncated).toBe(false);
    // A comment cannot swallow the limit: the rows are still counted.
    const sneaky = await store.query(["src1"], `SELECT x FROM (${many})) /*`, { maxRows: 2, timeoutMs: 5000 });
    expect(sneaky).toMatchObject({ rows: [[1000], [999]], truncated: true });
  });

  it("stops a runaway query at its time limit, then answers the next one", async () => {
    const runaway = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c";
    await store.query(["src1"], "SELECT 1", limits); // a warm process, as between two answers
    const started = performance.now();
    const error = await failure(store.query(["src1"], runaway, { maxRows: 10, timeoutMs: 500 }));
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(TableQueryError);
    expect(error).toMatchObject({ code: "timeout", message: "The query took longer than 0.5 seconds and was stopped." });
    expect(elapsed).toBeGreaterThanOrEqual(490);
    expect(elapsed).toBeLessThan(700);
    expect((await store.query(["src1"], "SELECT count(*) FROM ventes", limits)).rows).toEqual([[3]]);
  });

  it("runs queries side by side, a slow one not holding up the others", async () => {
    const runaway = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c";
    const slow = failure(store.query(["src1"], runaway, { maxRows: 10, timeoutMs: 1500 }));
    const started = performance.now();
    const quick = await Promise.all(Array.from({ length: 3 }, (_, i) => store.query(["src1"], `SELECT ${i} AS i`, limits)));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(quick.map((r) => r.rows)).toEqual([[[0]], [[1]], [[2]]]);
    expect(await slow).toMatchObject({ code: "timeout" });
  });

  it("keeps one process warm: started once, in well under a second", async () => {
    await store.query(["src1"], "SELECT 1", limits);
    for (let i = 0; i < 20; i++) await store.query(["src1"], "SELECT count(*) FROM ventes", limits);
    expect(store.queryProcessStartupTimes).toHaveLength(1);
    expect(store.queryProcessStartupTimes[0]).toBeLessThan(1000);
  });
});

describe("TableStore.deleteDocument and deleteSource", () => {
  it("drops a document's tables, and the file with the last one", async () => {
    await store.replaceDocument({ sourceId: "src1", documentId: "doc1", fileName: "a.csv", bytes: utf8("x\n1\n") });
    await store.replaceDocument({ sourceId: "src1", documentId: "doc2", fileName: "b.csv", bytes: utf8("y\n2\n") });
    store.deleteDocument("src1", "doc1");
    expect(store.list(["src1"]).map((t) => t.name)).toEqual(["b"]);
    store.deleteDocument("src1", "doc2");
    expect(existsSync(join(dir, "src1.sqlite"))).toBe(false);
    store.deleteDocument("src1", "doc2");
  });

  it("removes the source's file", async () => {
    await store.replaceDocument({ sourceId: "src1", documentId: "doc1", fileName: "a.csv", bytes: utf8("x\n1\n") });
    await store.replaceDocument({ sourceId: "src2", documentId: "doc2", fileName: "b.csv", bytes: utf8("y\n2\n") });
    await store.query(["src1", "src2"], "SELECT * FROM a, b", limits);
    store.deleteSource("src1");
    expect(readdirSync(dir).filter((f) => f.startsWith("src1"))).toEqual([]);
    expect(store.list(["src1", "src2"]).map((t) => t.name)).toEqual(["b"]);
    expect((await store.query(["src1", "src2"], "SELECT y FROM b", limits)).rows).toEqual([[2]]);
  });

  it("refuses source ids that are not plain ids", async () => {
    await expect(store.replaceDocument({ sourceId: "../x", documentId: "d", fileName: "a.csv", bytes: utf8("x\n1\n") })).rejects.toThrow(/Invalid source id/);
    expect(() => store.list(["a/b"])).toThrow(/Invalid source id/);
  });
});

describe("TableStore without a directory", () => {
  it("keeps its files in a temporary directory removed on close", async () => {
    const temporary = () => readdirSync(tmpdir()).filter((name) => name.startsWith("atelier-tables-"));
    const before = temporary();
    const memory = new TableStore({ directory: null });
    expect(temporary().filter((name) => !before.includes(name))).toHaveLength(1);
    await memory.replaceDocument({ sourceId: "s", documentId: "d", fileName: "a.csv", bytes: utf8("x\n1\n") });
    expect((await memory.query(["s"], "SELECT x FROM a", limits)).rows).toEqual([[1]]);
    memory.close();
    expect(temporary().filter((name) => !before.includes(name))).toEqual([]);
    await expect(memory.query(["s"], "SELECT 1", limits)).rejects.toMatchObject({ code: "closed" });
  });
});
