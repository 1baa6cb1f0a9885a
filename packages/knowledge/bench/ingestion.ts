// Ingestion benchmark: 1,000 mixed documents (Markdown, text, HTML, CSV, JSON, DOCX, PDF, XLSX)
// built from the public datasets, synced end to end through the durable runner (list → read →
// parse → chunk → index, no embeddings) from a folder source. Prints documents/s, chunks/s and
// peak memory; then a second sync of the unchanged folder (what a scheduled sync costs).
// Run: pnpm bench ingestion [--documents=1000]
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { knowledgeChunks, knowledgeSources, newId, openDatabase } from "@atelier/db";
import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow } from "docx";
import ExcelJS from "exceljs";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { IngestionRunner } from "../src/ingestion/ingestion-runner";
import { LexicalIndex } from "../src/index/lexical-index";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const datasets = join(repoRoot, "..", "shared", "datasets");
const count = Number(process.argv.find((a) => a.startsWith("--documents="))?.split("=")[1] ?? 1000);

function readJsonl<T>(file: string): T[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

const texts = [
  ...readJsonl<{ title: string; text: string }>(join(datasets, "beir-scifact", "corpus.jsonl")),
  ...readJsonl<{ title: string; text: string }>(join(datasets, "piaf-fr-dev", "corpus.jsonl")),
];
const pick = (i: number) => texts[(i * 7919) % texts.length]!;
const sentences = (t: string) => t.split(/(?<=[.!?])\s+/).filter(Boolean);

async function writeDocument(dir: string, i: number): Promise<number> {
  const a = pick(i);
  const b = pick(i + 1);
  const kind = i % 8;
  const base = join(dir, `doc-${String(i).padStart(4, "0")}`);
  let bytes: Uint8Array;
  let ext: string;
  switch (kind) {
    case 0:
      ext = "md";
      bytes = Buffer.from(`# ${a.title}\n\n${a.text}\n\n## ${b.title}\n\n${b.text}\n`);
      break;
    case 1:
      ext = "txt";
      bytes = Buffer.from(`${a.title}\n\n${a.text}\n\n${b.text}\n`);
      break;
    case 2:
      ext = "html";
      bytes = Buffer.from(`<html><head><title>${a.title}</title><script>var x=1</script></head><body><nav>Menu</nav><h1>${a.title}</h1><p>${a.text}</p><h2>${b.title}</h2><p>${b.text}</p></body></html>`);
      break;
    case 3:
      ext = "csv";
      bytes = Buffer.from(`"id","title","summary"\n${[a, b].map((t, k) => `${k},"${t.title.replaceAll('"', '""')}","${t.text.slice(0, 300).replaceAll('"', '""')}"`).join("\n")}\n`);
      break;
    case 4:
      ext = "json";
      bytes = Buffer.from(JSON.stringify({ title: a.title, sections: [{ heading: b.title, body: b.text }], body: a.text }));
      break;
    case 5: {
      ext = "docx";
      const doc = new Document({
        sections: [
          {
            children: [
              new Paragraph({ text: a.title, heading: HeadingLevel.HEADING_1 }),
              ...sentences(a.text).map((s) => new Paragraph({ text: s })),
              new Paragraph({ text: b.title, heading: HeadingLevel.HEADING_2 }),
              new Table({ rows: [new TableRow({ children: [new TableCell({ children: [new Paragraph("Résumé")] }), new TableCell({ children: [new Paragraph(b.text.slice(0, 200))] })] })] }),
            ],
          },
        ],
      });
      bytes = await Packer.toBuffer(doc);
      break;
    }
    case 6: {
      ext = "pdf";
      const pdf = await PDFDocument.create();
      const font = await pdf.embedFont(StandardFonts.Helvetica);
      for (const t of [a, b]) {
        const page = pdf.addPage([595, 842]);
        page.drawText(t.title.slice(0, 60).replace(/[^\x20-\x7e]/g, " "), { x: 50, y: 790, size: 18, font });
        const words = t.text.replace(/[^\x20-\x7e]/g, " ").split(/\s+/);
        let line = "";
        let y = 760;
        for (const w of words) {
          if ((line + w).length > 90) {
            page.drawText(line, { x: 50, y, size: 10, font });
            y -= 14;
            line = "";
            if (y < 60) break;
          }
          line += `${w} `;
        }
        if (line && y >= 60) page.drawText(line, { x: 50, y, size: 10, font });
      }
      bytes = await pdf.save();
      break;
    }
    default: {
      ext = "xlsx";
      const wb = new ExcelJS.Workbook();
      const sheet = wb.addWorksheet("Data");
      sheet.addRow(["title", "summary"]);
      sheet.addRow([a.title, a.text.slice(0, 400)]);
      sheet.addRow([b.title, b.text.slice(0, 400)]);
      bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    }
  }
  writeFileSync(`${base}.${ext}`, bytes);
  return bytes.byteLength;
}

const work = mkdtempSync(join(tmpdir(), "atelier-bench-ingestion-"));
try {
  const folder = join(work, "docs");
  mkdirSync(folder);
  let totalBytes = 0;
  for (let i = 0; i < count; i++) totalBytes += await writeDocument(folder, i);
  console.log(`ingestion corpus documents=${count} bytes=${(totalBytes / 1024 / 1024).toFixed(1)}MB (md, txt, html, csv, json, docx, pdf, xlsx)`);

  const handle = openDatabase(join(work, "atelier.db"));
  const index = new LexicalIndex(handle.sqlite);
  const runner = new IngestionRunner(handle.db, index, { folderRoots: [work], scheduleCheckMs: 0, documentConcurrency: 2 });
  const sourceId = newId();
  handle.db.insert(knowledgeSources).values({ id: sourceId, name: "bench", kind: "folder", config: { path: folder } }).run();
  runner.start();

  const t0 = performance.now();
  const job = await runner.waitFor(runner.enqueue(sourceId, "manual").id);
  const seconds = (performance.now() - t0) / 1000;
  const chunks = handle.db.select().from(knowledgeChunks).all().length;
  console.log(
    `ingestion first-sync documents=${job.indexedItems} failed=${job.failedItems} chunks=${chunks} time=${seconds.toFixed(1)}s docs/s=${(job.indexedItems / seconds).toFixed(1)} chunks/s=${(chunks / seconds).toFixed(0)} (target >= 200 chunks/s)`,
  );

  const t1 = performance.now();
  const again = await runner.waitFor(runner.enqueue(sourceId, "manual").id);
  const resync = (performance.now() - t1) / 1000;
  console.log(`ingestion unchanged-resync documents=${again.unchangedItems} time=${resync.toFixed(2)}s (${(seconds / resync).toFixed(0)}x faster than the first sync)`);
  console.log(`ingestion peak-rss=${(process.resourceUsage().maxRSS / 1024).toFixed(0)}MB`);
  await runner.stop();
  handle.close();
} finally {
  rmSync(work, { recursive: true, force: true });
}
