import { PDFDocument, StandardFonts } from "pdf-lib";
import { bench, describe } from "vitest";
import { parseDocument } from "../src/parsing/parse-document";

// Run with `npx vitest bench --run src/parsing`: a 50-page report, one heading and about
// 45 lines of body text (about 3,500 characters) per page, like a dense policy document.
const PAGES = 50;

async function report(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  for (let p = 1; p <= PAGES; p++) {
    const page = doc.addPage([595, 842]);
    page.drawText(`Section ${p}: procédures de sécurité`, { x: 56, y: 780, size: 16, font: bold });
    for (let line = 0; line < 45; line++) {
      const text = `Ligne ${line} de la page ${p} : chaque salarié respecte les consignes affichées sur le site.`;
      page.drawText(text, { x: 56, y: 750 - line * 15 - (line % 9 === 8 ? 6 : 0), size: 10, font: regular });
    }
  }
  return doc.save();
}

const bytes = await report();

describe(`PDF, ${PAGES} pages (${Math.round(bytes.length / 1024)} KB)`, () => {
  bench("parseDocument", async () => {
    await parseDocument({ bytes, fileName: "report.pdf" });
  });
});
