import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from "docx";
import { describe, expect, it } from "vitest";
import { chunkDocument } from "../chunking/chunk-document";
import { ParseError } from "./parse-error";
import { parseDocument } from "./parse-document";

const cell = (text: string) => new TableCell({ children: [new Paragraph(text)] });

async function handbook(title?: string): Promise<Uint8Array> {
  const doc = new Document({
    ...(title ? { title } : {}),
    sections: [
      {
        children: [
          new Paragraph({ text: "Congés et absences", heading: HeadingLevel.HEADING_1 }),
          new Paragraph({
            children: [
              new TextRun("Chaque salarié a droit à "),
              new TextRun({ text: "cinq semaines", bold: true }),
              new TextRun(" de congés payés."),
            ],
          }),
          new Paragraph({ text: "Congé parental", heading: HeadingLevel.HEADING_2 }),
          new Paragraph("La demande se fait par écrit un mois avant."),
          new Table({
            rows: [
              new TableRow({ children: [cell("Ancienneté"), cell("Jours")] }),
              new TableRow({ children: [cell("Moins de 5 ans"), cell("25")] }),
              new TableRow({ children: [cell("5 ans et plus"), cell("27")] }),
            ],
          }),
          new Paragraph({ text: "Prévenir son manager", bullet: { level: 0 } }),
          new Paragraph({ text: "Remplir le formulaire", bullet: { level: 0 } }),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

describe("parseDocument (docx)", () => {
  it("keeps Heading 1/2, paragraphs, tables and lists in reading order", async () => {
    const parsed = await parseDocument({ bytes: await handbook("Guide RH 2025"), fileName: "guide.docx" });
    expect(parsed.format).toBe("docx");
    expect(parsed.title).toBe("Guide RH 2025");
    expect(parsed.pageCount).toBeNull();
    expect(parsed.blocks).toEqual([
      { kind: "heading", text: "Congés et absences", level: 1 },
      { kind: "paragraph", text: "Chaque salarié a droit à cinq semaines de congés payés." },
      { kind: "heading", text: "Congé parental", level: 2 },
      { kind: "paragraph", text: "La demande se fait par écrit un mois avant." },
      { kind: "table", text: "Ancienneté: Moins de 5 ans | Jours: 25\nAncienneté: 5 ans et plus | Jours: 27" },
      { kind: "list", text: "- Prévenir son manager\n- Remplir le formulaire" },
    ]);
    // The heading path reaches the chunks.
    const chunks = chunkDocument("doc", parsed.blocks);
    expect(chunks.find((c) => c.text.includes("Jours: 27"))!.headingPath).toEqual(["Congés et absences", "Congé parental"]);
  });

  it("takes the first top heading as title when the document has none", async () => {
    const parsed = await parseDocument({ bytes: await handbook(), fileName: "guide.docx" });
    expect(parsed.title).toBe("Congés et absences");
  });

  it("says a spreadsheet renamed .docx is not a Word document", async () => {
    const ExcelJS = (await import("exceljs")).default;
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("Sheet").addRow(["a"]);
    const xlsx = new Uint8Array(await workbook.xlsx.writeBuffer());
    const error = await parseDocument({ bytes: xlsx, fileName: "notes.docx" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ParseError);
    expect((error as ParseError).code).toBe("corrupt");
    expect((error as ParseError).message).toBe("This Word document is damaged or is not really a .docx file.");
  });

  it("recognises a password-protected Office file (an encrypted package in a compound file)", async () => {
    const error = await parseDocument({ bytes: compoundFile(["EncryptionInfo", "EncryptedPackage"]), fileName: "paie.docx" }).catch(
      (e: unknown) => e,
    );
    expect((error as ParseError).code).toBe("encrypted");
    expect((error as ParseError).message).toBe(
      "This Word document is password-protected; remove the password and upload it again.",
    );
    const legacy = await parseDocument({ bytes: compoundFile(["WordDocument", "1Table"]), fileName: "old.docx" }).catch(
      (e: unknown) => e,
    );
    expect((legacy as ParseError).code).toBe("corrupt");
    expect((legacy as ParseError).message).toContain("older .doc format");
  });
});

/** A minimal compound file (512-byte sectors) whose first directory sector lists these streams. */
function compoundFile(streams: string[]): Uint8Array {
  const bytes = new Uint8Array(1024);
  const view = new DataView(bytes.buffer);
  bytes.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  view.setUint16(0x1a, 3, true); // major version 3
  view.setUint16(0x1e, 9, true); // 512-byte sectors
  view.setUint32(0x30, 0, true); // directory in sector 0, right after the header
  ["Root Entry", ...streams].forEach((name, i) => {
    const offset = 512 + i * 128;
    for (let c = 0; c < name.length; c++) view.setUint16(offset + c * 2, name.charCodeAt(c), true);
    view.setUint16(offset + 0x40, (name.length + 1) * 2, true);
    view.setUint8(offset + 0x42, i === 0 ? 5 : 2);
  });
  return bytes;
}
