import { describe, expect, it } from "vitest";
import { columnNameFor, MAX_NAME_LENGTH, slug, tableNameFor, uniqueName } from "./table-names";

describe("table and column names", () => {
  it("slugs to lowercase ASCII letters, digits and single underscores", () => {
    expect(slug("Chiffre d'affaires (€)")).toBe("chiffre_d_affaires");
    expect(slug("  Œuvre — Crème Brûlée  ")).toBe("oeuvre_creme_brulee");
    expect(slug("Straße / Ærø")).toBe("strasse_aero");
    expect(slug("日本")).toBe("");
  });

  it("names a table after the file, and the sheet when there is one", () => {
    expect(tableNameFor("Ventes 2024.csv", null)).toBe("ventes_2024");
    expect(tableNameFor("/data/exports/Budget.xlsx", "Île-de-France")).toBe("budget_ile_de_france");
    expect(tableNameFor("2024.csv", null)).toBe("table_2024");
    expect(tableNameFor("order.csv", null)).toBe("table_order");
    expect(tableNameFor("sqlite_stats.csv", null)).toBe("table_sqlite_stats");
    expect(tableNameFor("%%%.csv", null)).toBe("table");
    expect(tableNameFor(`${"x".repeat(100)}.csv`, null)).toHaveLength(MAX_NAME_LENGTH);
  });

  it("names columns after their header, col_N when it is empty, and never a bare SQL word", () => {
    expect(columnNameFor("Date de début", 1)).toBe("date_de_debut");
    expect(columnNameFor("", 3)).toBe("col_3");
    expect(columnNameFor("2024", 2)).toBe("col_2024");
    expect(columnNameFor("Group", 1)).toBe("col_group");
    expect(columnNameFor("current_date", 1)).toBe("col_current_date");
    expect(columnNameFor("Replace", 1)).toBe("col_replace");
    expect(columnNameFor("pragma info", 1)).toBe("col_pragma_info");
  });

  it("makes names unique with _2, _3… within the length limit", () => {
    const taken = new Set<string>();
    expect(["prix", "prix", "prix", "prix_2"].map((n) => uniqueName(n, taken))).toEqual(["prix", "prix_2", "prix_3", "prix_2_2"]);
    const long = "y".repeat(MAX_NAME_LENGTH);
    const names = new Set([long]);
    expect(uniqueName(long, names)).toBe(`${"y".repeat(MAX_NAME_LENGTH - 2)}_2`);
  });
});
