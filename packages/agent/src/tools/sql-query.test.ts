import { describe, expect, it } from "vitest";
import { createSqlQueryTool, describeTables } from "./sql-query";
import { describeTool, type TableInfo, type TableStore, type ToolContext } from "./tool-definition";

const tables: TableInfo[] = [
  {
    name: "ventes",
    columns: [
      { name: "region", type: "TEXT" },
      { name: "montant", type: "REAL" },
      { name: "année", type: "INTEGER" },
    ],
    rowCount: 1234,
    description: "Ventes par région\net par an.",
  },
  { name: "stock 2024", columns: [{ name: "sku", type: "TEXT" }], rowCount: 1 },
];

/** A TableStore that answers from a script and records what it was asked. */
function fakeStore(answer: (sql: string) => Awaited<ReturnType<TableStore["query"]>>) {
  const calls: { sql: string; options: { maxRows: number; timeoutMs: number } }[] = [];
  const store: TableStore = {
    list: () => tables,
    async query(sql, options) {
      calls.push({ sql, options });
      return answer(sql);
    },
  };
  return { store, calls };
}

const contextWith = (store?: TableStore): ToolContext => ({ userId: "u", assistantId: "a", conversationId: "c", signal: new AbortController().signal, tables: store });

describe("sql_query tool", () => {
  const tool = createSqlQueryTool();

  it("describes the tables with their columns, types and row counts", () => {
    const { store } = fakeStore(() => ({ columns: [], rows: [], truncated: false }));
    const description = describeTool(tool, contextWith(store));
    expect(description).toContain("- ventes(region TEXT, montant REAL, \"année\" INTEGER): 1234 rows. Ventes par région et par an.");
    expect(description).toContain('- "stock 2024"(sku TEXT): 1 row.');
    expect(describeTables([])).toMatch(/No table is attached/);
    expect(describeTool(tool, contextWith(undefined))).toBe(tool.description);
  });

  it("runs the checked query with the row and time limits and returns a compact table", async () => {
    const { store, calls } = fakeStore(() => ({
      columns: ["region", "total"],
      rows: [
        ["Nord", 1200.5],
        ["Sud | Est", null],
      ],
      truncated: false,
    }));
    const output = await tool.run({ sql: "SELECT region, SUM(montant) AS total FROM ventes GROUP BY region; -- done" }, contextWith(store));
    expect(calls).toEqual([{ sql: "SELECT region, SUM(montant) AS total FROM ventes GROUP BY region", options: { maxRows: 200, timeoutMs: 5000 } }]);
    expect(output.content).toBe("region | total\nNord | 1200.5\nSud \\| Est | NULL\n(2 rows)");
    expect(output.display).toEqual({ kind: "table", columns: ["region", "total"], rows: [["Nord", 1200.5], ["Sud | Est", null]], truncated: false });
    expect(tool.requiresApproval({ sql: "SELECT 1" })).toBe(false);
  });

  it("gives the model at most 50 rows and the chat up to 200", async () => {
    const rows = Array.from({ length: 200 }, (_, i) => [i, `r${i}`]);
    const { store } = fakeStore(() => ({ columns: ["n", "label"], rows, truncated: true }));
    const output = await tool.run({ sql: "SELECT * FROM ventes" }, contextWith(store));
    const lines = output.content.split("\n");
    expect(lines).toHaveLength(1 + 50 + 1);
    expect(lines[50]).toBe("49 | r49");
    expect(lines.at(-1)).toBe("(more than 200 rows (only the first 200 were read); the first 50 are shown: aggregate or add a LIMIT to see the rest)");
    expect(output.display).toMatchObject({ kind: "table", truncated: true });
    expect((output.display as { rows: unknown[] }).rows).toHaveLength(200);
  });

  it("shortens long cells and shows blobs and big integers in a form JSON can carry", async () => {
    const { store } = fakeStore(() => ({ columns: ["text", "blob", "big"], rows: [["x".repeat(500), new Uint8Array(3), 2n ** 70n]], truncated: false }));
    const output = await tool.run({ sql: "SELECT * FROM ventes" }, contextWith(store));
    expect(output.content.split("\n")[1]).toBe(`${"x".repeat(79)}… | <blob, 3 bytes> | 1180591620717411303424`);
    expect(JSON.parse(JSON.stringify(output.display))).toEqual({ kind: "table", columns: ["text", "blob", "big"], rows: [["x".repeat(500), "<blob, 3 bytes>", "1180591620717411303424"]], truncated: false });
  });

  it("refuses a write before it reaches the store", async () => {
    const { store, calls } = fakeStore(() => ({ columns: [], rows: [], truncated: false }));
    await expect(tool.run({ sql: "SELECT 1; DROP TABLE ventes" }, contextWith(store))).rejects.toMatchObject({ code: "not_allowed" });
    await expect(tool.run({ sql: "DELETE FROM ventes" }, contextWith(store))).rejects.toMatchObject({ code: "not_allowed" });
    expect(calls).toEqual([]);
  });

  it("turns SQLite errors into a message the model can act on, and lets other errors through", async () => {
    const sqliteError = Object.assign(new Error("no such column: regoin"), { name: "SqliteError", code: "SQLITE_ERROR" });
    const failing = fakeStore(() => {
      throw sqliteError;
    });
    await expect(tool.run({ sql: "SELECT regoin FROM ventes" }, contextWith(failing.store))).rejects.toMatchObject({ code: "invalid_input", message: "The query failed: no such column: regoin" });
    const broken = fakeStore(() => {
      throw new TypeError("database connection is closed");
    });
    await expect(tool.run({ sql: "SELECT 1" }, contextWith(broken.store))).rejects.toBeInstanceOf(TypeError);
  });

  it("is unavailable without tables", async () => {
    await expect(tool.run({ sql: "SELECT 1" }, contextWith(undefined))).rejects.toMatchObject({ code: "unavailable" });
  });
});
