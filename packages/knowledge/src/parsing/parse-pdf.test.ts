import { PDFDocument, PDFHexString, type PDFFont, type PDFPage, StandardFonts } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { ParseError } from "./parse-error";
import { parseDocument } from "./parse-document";

interface Line {
  text: string;
  size: number;
  /** Extra space above the line, in points. */
  gapBefore?: number;
}

/** A PDF whose pages hold these lines from the top, in Helvetica (bold for large sizes). */
async function pdfOf(pages: Line[][], options: { title?: string; footer?: boolean } = {}): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  if (options.title) doc.setTitle(options.title);
  pages.forEach((lines, index) => {
    const page = doc.addPage([595, 842]);
    let y = 780;
    for (const line of lines) {
      y -= (line.gapBefore ?? 0) + line.size * 1.3;
      draw(page, line.text, y, line.size, line.size > 12 ? bold : regular);
    }
    if (options.footer) draw(page, `Exemple SA – confidentiel – page ${index + 1}`, 30, 8, regular);
  });
  return doc.save();
}

function draw(page: PDFPage, text: string, y: number, size: number, font: PDFFont) {
  page.drawText(text, { x: 56, y, size, font });
}

const body = (text: string, gapBefore?: number): Line => ({ text, size: 11, gapBefore });

const report: Line[][] = [
  [
    { text: "Rapport annuel sécurité", size: 24 },
    { text: "Introduction", size: 16, gapBefore: 10 },
    body("Ce rapport présente les accidents du travail de", 4),
    body("l'année et les mesures de préven-"),
    body("tion décidées par le comité."),
    body("Un second paragraphe suit après un espace.", 10),
  ],
  [{ text: "Procédures", size: 16 }, body("Chaque incident est déclaré sous 48 heures.", 4), body("Le responsable HSE valide la déclaration.")],
];

async function refusal(promise: Promise<unknown>): Promise<ParseError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ParseError);
  return error as ParseError;
}

describe("parseDocument (pdf)", () => {
  it("rebuilds headings by font size and paragraphs by line spacing, with page numbers", async () => {
    const parsed = await parseDocument({ bytes: await pdfOf(report, { title: "Rapport HSE 2024" }), fileName: "rapport.pdf" });
    expect(parsed.format).toBe("pdf");
    expect(parsed.pageCount).toBe(2);
    expect(parsed.title).toBe("Rapport HSE 2024");
    expect(parsed.blocks).toEqual([
      { kind: "heading", text: "Rapport annuel sécurité", level: 1, page: 1 },
      { kind: "heading", text: "Introduction", level: 2, page: 1 },
      {
        kind: "paragraph",
        text: "Ce rapport présente les accidents du travail de l'année et les mesures de prévention décidées par le comité.",
        page: 1,
      },
      { kind: "paragraph", text: "Un second paragraphe suit après un espace.", page: 1 },
      { kind: "heading", text: "Procédures", level: 2, page: 2 },
      {
        kind: "paragraph",
        text: "Chaque incident est déclaré sous 48 heures. Le responsable HSE valide la déclaration.",
        page: 2,
      },
    ]);
  });

  it("takes the first top heading as title without metadata, and drops running footers", async () => {
    const pages = [report[0]!, report[1]!, [body("Annexe : liste des sites.")], [body("Fin du rapport.")]];
    const parsed = await parseDocument({ bytes: await pdfOf(pages, { footer: true }), fileName: "rapport.pdf" });
    expect(parsed.title).toBe("Rapport annuel sécurité");
    expect(parsed.pageCount).toBe(4);
    expect(parsed.blocks.map((b) => b.text).join("\n")).not.toContain("confidentiel");
    expect(parsed.blocks.at(-1)).toEqual({ kind: "paragraph", text: "Fin du rapport.", page: 4 });
  });

  it("refuses a password-protected PDF as encrypted", async () => {
    // A standard security handler whose user password is not empty: pdf.js asks for a password
    // (PasswordException) before reading anything, as with any PDF that needs one to open.
    const doc = await PDFDocument.load(await pdfOf(report));
    doc.context.trailerInfo.Encrypt = doc.context.obj({
      Filter: "Standard",
      V: 1,
      R: 2,
      O: PDFHexString.of("6f".repeat(32)),
      U: PDFHexString.of("75".repeat(32)),
      P: -4,
    });
    doc.context.trailerInfo.ID = doc.context.obj([PDFHexString.of("ab".repeat(16)), PDFHexString.of("ab".repeat(16))]);
    const error = await refusal(parseDocument({ bytes: await doc.save({ useObjectStreams: false }), fileName: "paie.pdf" }));
    expect(error.code).toBe("encrypted");
    expect(error.message).toBe("This PDF is password-protected; remove the password and upload it again.");
  });

  it("refuses a truncated PDF as corrupt", async () => {
    const bytes = await pdfOf(report);
    const error = await refusal(parseDocument({ bytes: bytes.subarray(0, Math.floor(bytes.length * 0.6)), fileName: "cut.pdf" }));
    expect(error.code).toBe("corrupt");
    expect(error.message).toBe("This PDF is damaged or incomplete and cannot be read; export it again and upload the new file.");
    const garbage = await refusal(parseDocument({ bytes: new TextEncoder().encode("not a pdf at all"), fileName: "x.pdf" }));
    expect(garbage.code).toBe("corrupt");
  });

  it("refuses a PDF without a text layer (a scan), saying OCR is not supported", async () => {
    const doc = await PDFDocument.create();
    doc.addPage([595, 842]).drawRectangle({ x: 50, y: 50, width: 400, height: 600 });
    const error = await refusal(parseDocument({ bytes: await doc.save(), fileName: "scan.pdf" }));
    expect(error.code).toBe("empty");
    expect(error.message).toContain("OCR is not supported");
  });

  it("refuses more pages than maxPages, and stops when its signal is aborted", async () => {
    const bytes = await pdfOf(report);
    expect((await refusal(parseDocument({ bytes, fileName: "a.pdf", limits: { maxPages: 1 } }))).message).toBe(
      "This PDF has 2 pages, more than the 1 allowed; split it into smaller files.",
    );
    const timedOut = await refusal(parseDocument({ bytes, fileName: "a.pdf", signal: AbortSignal.abort(new DOMException("late", "TimeoutError")) }));
    expect(timedOut.code).toBe("timeout");
    expect(timedOut.message).toBe("Reading this document took too long and was stopped; try a smaller file.");
  });

  it("leaves the caller's bytes intact (pdf.js takes ownership of what it is given) and reads Node Buffers", async () => {
    const bytes = await pdfOf(report);
    const length = bytes.byteLength;
    await parseDocument({ bytes, fileName: "a.pdf" });
    expect(bytes.byteLength).toBe(length);
    const parsed = await parseDocument({ bytes: Buffer.from(bytes), fileName: "a.pdf" });
    expect(parsed.blocks[0]!.text).toBe("Rapport annuel sécurité");
  });
});
