import { describe, expect, it } from "vitest";
import { buildTypedTable, inferType, parseNumber } from "./infer-columns";

const limits = { maxRows: 1000, maxColumns: 100 };

describe("parseNumber", () => {
  it("reads decimal points, French decimal commas and thousands separators", () => {
    expect(parseNumber("42")).toEqual({ value: 42, integer: true });
    expect(parseNumber("-3,5")).toEqual({ value: -3.5, integer: false });
    expect(parseNumber("3.25")).toEqual({ value: 3.25, integer: false });
    expect(parseNumber("1 234 567")).toEqual({ value: 1234567, integer: true });
    expect(parseNumber("1\u202f234,50")).toEqual({ value: 1234.5, integer: false });
    expect(parseNumber("1,234,567.89")).toEqual({ value: 1234567.89, integer: false });
    expect(parseNumber("1.234.567,89")).toEqual({ value: 1234567.89, integer: false });
    expect(parseNumber("0,5")).toEqual({ value: 0.5, integer: false });
  });

  it("leaves codes, identifiers and words as text", () => {
    for (const text of ["01000", "007", "1234567890123456", "12 %", "3,5 €", "1e5", "2024-03-01", "12 34", "", "-", "1,2,3"]) {
      expect(parseNumber(text), text).toBeNull();
    }
  });
});

describe("inferType", () => {
  it("gives INTEGER, REAL or TEXT from the values, ignoring empty cells", () => {
    expect(inferType(["1", null, "22", 3])).toBe("INTEGER");
    expect(inferType(["1", "2,5", null])).toBe("REAL");
    expect(inferType([1, 2.5])).toBe("REAL");
    expect(inferType(["1", "deux"])).toBe("TEXT");
    expect(inferType(["75001", "01000"])).toBe("TEXT");
    expect(inferType([null, null])).toBe("TEXT");
  });
});

describe("buildTypedTable", () => {
  it("names columns from the header row, types them and converts the values", () => {
    const table = buildTypedTable(
      [
        ["Ville", "Prix", "Prix", "", "Quantité"],
        [" Besançon ", "3,5", "4", "x", "12"],
        ["Orléans", "", "5", "", "#N/A"],
      ],
      limits,
    )!;
    expect(table.columns).toEqual([
      { name: "ville", header: "Ville", type: "TEXT" },
      { name: "prix", header: "Prix", type: "REAL" },
      { name: "prix_2", header: "Prix", type: "INTEGER" },
      { name: "col_4", header: "", type: "TEXT" },
      { name: "quantite", header: "Quantité", type: "INTEGER" },
    ]);
    expect(table.rows).toEqual([
      ["Besançon", 3.5, 4, "x", 12],
      ["Orléans", null, 5, null, null],
    ]);
    expect(table.truncated).toBe(false);
  });

  it("takes a first row of numbers as data", () => {
    const table = buildTypedTable([["2024", 42000.8], ["2025", "voir intranet"]], limits)!;
    expect(table.columns.map((c) => [c.name, c.type])).toEqual([
      ["col_1", "INTEGER"],
      ["col_2", "TEXT"],
    ]);
    expect(table.rows).toEqual([
      [2024, "42000.8"],
      [2025, "voir intranet"],
    ]);
  });

  it("drops empty rows and the empty columns on the left, and keeps headers that are years", () => {
    const table = buildTypedTable(
      [
        [null, null, null],
        [null, "Région", 2024, 2025],
        [null, "   ", null],
        [null, "Nord", 120, 130.5],
      ],
      limits,
    )!;
    expect(table.columns.map((c) => [c.name, c.header, c.type])).toEqual([
      ["region", "Région", "TEXT"],
      ["col_2024", "2024", "INTEGER"],
      ["col_2025", "2025", "REAL"],
    ]);
    expect(table.rows).toEqual([["Nord", 120, 130.5]]);
  });

  it("keeps at most maxRows rows and maxColumns columns, and says so", () => {
    const rows = [["a", "b", "c"], ...Array.from({ length: 10 }, (_, i) => [String(i), "x", "y"])];
    const table = buildTypedTable(rows, { maxRows: 4, maxColumns: 2 })!;
    expect(table.rows).toEqual([
      [0, "x"],
      [1, "x"],
      [2, "x"],
      [3, "x"],
    ]);
    expect(table.truncated).toBe(true);
    expect(table.droppedColumns).toBe(1);
  });

  it("gives null when no cell holds anything", () => {
    expect(buildTypedTable([], limits)).toBeNull();
    expect(buildTypedTable([[null, " "], ["#REF!"]], limits)).toBeNull();
  });
});
