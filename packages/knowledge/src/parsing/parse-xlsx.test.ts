import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { parseDocument } from "./parse-document";
import { cellValueText } from "./parse-xlsx";

async function workbook(): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  book.title = "Budget 2025";
  const staff = book.addWorksheet("Effectifs");
  staff.addRow(["Nom", "Service", "Entrée", "Salaire"]);
  staff.addRow(["Dupont, Jean", "Comptabilité", new Date(Date.UTC(2019, 2, 4)), 42000.5]);
  staff.addRow(["Martin", { richText: [{ text: "Ventes " }, { text: "export", font: { bold: true } }] }, null, 0.1 + 0.2]);
  const totals = book.addWorksheet("Totaux");
  // No header: numbers in the first row; the table starts in column B.
  totals.getCell("B2").value = 2024;
  totals.getCell("C2").value = { formula: "SUM(Effectifs!D2:D3)", result: 42000.8 };
  totals.getCell("B3").value = 2025;
  totals.getCell("C3").value = { text: "voir intranet", hyperlink: "https://intranet.example/budget" };
  return new Uint8Array(await book.xlsx.writeBuffer());
}

describe("parseDocument (xlsx)", () => {
  it("gives one heading per sheet and renders rows as text lines", async () => {
    const parsed = await parseDocument({ bytes: await workbook(), fileName: "budget.xlsx" });
    expect(parsed.format).toBe("xlsx");
    expect(parsed.title).toBe("Budget 2025");
    expect(parsed.blocks).toEqual([
      { kind: "heading", text: "Effectifs", level: 1 },
      {
        kind: "table",
        text:
          "Nom: Dupont, Jean | Service: Comptabilité | Entrée: 2019-03-04 | Salaire: 42000.5\n" +
          "Nom: Martin | Service: Ventes export | Salaire: 0.3",
      },
      { kind: "heading", text: "Totaux", level: 1 },
      { kind: "table", text: "2024 | 42000.8\n2025 | voir intranet" },
    ]);
  });

  it("shows what a cell displays", () => {
    expect(cellValueText({ error: "#DIV/0!" })).toBe("#DIV/0!");
    expect(cellValueText(true)).toBe("TRUE");
    expect(cellValueText(new Date(Date.UTC(2024, 0, 31, 14, 5)))).toBe("2024-01-31 14:05");
    expect(cellValueText({ sharedFormula: "A1", result: "ok" })).toBe("ok");
    expect(cellValueText({ formula: "A1" })).toBe("");
  });
});
