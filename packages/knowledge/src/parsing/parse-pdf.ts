/// <reference path="./pdfjs-worker.d.ts" />
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { BlockCollector } from "./block-collector";
import { ParseError } from "./parse-error";
import { abortError, type ParseContext, formatCount, throwIfAborted, tooMuchText } from "./parse-limits";
import type { ParsedDocument } from "./parsed-document";
import { layoutBlocks, type PdfPageLines, type PdfTextItem, pageLines } from "./pdf-layout";

type Pdfjs = typeof import("pdfjs-dist/legacy/build/pdf.mjs");

let pdfjs: Promise<Pdfjs> | null = null;

/**
 * pdf.js, loaded on first use. In Node, pdf.js v4 never starts a worker thread: it runs its
 * worker code in the main thread ("fake worker"), taking it from `globalThis.pdfjsWorker` when
 * set, else importing `GlobalWorkerOptions.workerSrc`. Setting the global up front spares that
 * path lookup (which breaks once bundled).
 */
function loadPdfjs(): Promise<Pdfjs> {
  pdfjs ??= (async () => {
    const global = globalThis as { pdfjsWorker?: unknown };
    global.pdfjsWorker ??= await import("pdfjs-dist/legacy/build/pdf.worker.mjs");
    return import("pdfjs-dist/legacy/build/pdf.mjs");
  })();
  return pdfjs;
}

/** pdf.js's character maps (CJK fonts) and standard font data, read from the package on disk. */
const pdfjsRoot = dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json"));
const CMAP_DIR = `${join(pdfjsRoot, "cmaps")}/`;
const STANDARD_FONTS_DIR = `${join(pdfjsRoot, "standard_fonts")}/`;

const DAMAGED = "This PDF is damaged or incomplete and cannot be read; export it again and upload the new file.";

function openError(e: unknown): ParseError {
  const name = e instanceof Error ? e.name : "";
  if (name === "PasswordException") {
    return new ParseError(
      "encrypted",
      "This PDF is password-protected; remove the password and upload it again.",
      { cause: e },
    );
  }
  return new ParseError("corrupt", DAMAGED, { cause: e });
}

function cleanTitle(title: unknown): string | null {
  if (typeof title !== "string") return null;
  // Word's PDF export names documents after their file: "Microsoft Word - report.docx".
  const clean = title
    .replace(/^Microsoft (Word|PowerPoint|Excel) - /, "")
    .replace(/\s+/g, " ")
    .trim();
  return clean === "" || /^untitled$/i.test(clean) ? null : clean;
}

/**
 * PDF with pdf.js (legacy build, for Node): text items become lines, paragraphs and headings
 * (font size clearly above the body's), page by page with 1-based page numbers; running
 * headers and footers are dropped. A PDF without any text (a scan) is refused as empty.
 */
export async function parsePdf(bytes: Uint8Array, context: ParseContext): Promise<ParsedDocument> {
  const { signal, limits } = context;
  const { getDocument, VerbosityLevel } = await loadPdfjs();
  throwIfAborted(signal);
  const task = getDocument({
    // pdf.js takes ownership of the buffer it is given (it is transferred) and refuses Node
    // Buffers: give it a plain copy.
    data: new Uint8Array(bytes),
    cMapUrl: CMAP_DIR,
    cMapPacked: true,
    standardFontDataUrl: STANDARD_FONTS_DIR,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    enableXfa: false,
    verbosity: VerbosityLevel.ERRORS,
  });
  const onAbort = () => void task.destroy();
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    let pdf: Awaited<typeof task.promise>;
    try {
      pdf = await task.promise;
    } catch (e) {
      if (signal?.aborted) throw abortError(signal);
      throw openError(e);
    }
    if (pdf.numPages > limits.maxPages) {
      throw new ParseError(
        "too_large",
        `This PDF has ${formatCount(pdf.numPages)} pages, more than the ${formatCount(limits.maxPages)} allowed; split it into smaller files.`,
      );
    }

    const pages: PdfPageLines[] = [];
    let characters = 0;
    let failedPages = 0;
    for (let number = 1; number <= pdf.numPages; number++) {
      throwIfAborted(signal);
      try {
        const page = await pdf.getPage(number);
        const content = await page.getTextContent();
        const [, bottom = 0, , top = 0] = page.view;
        const items: PdfTextItem[] = [];
        for (const item of content.items) {
          if (!("str" in item)) continue;
          const [, , c = 0, d = 0, x = 0, y = 0] = item.transform as number[];
          items.push({ str: item.str, x, y, width: item.width, size: Math.hypot(c, d), hasEOL: item.hasEOL });
        }
        const lines = pageLines(items);
        for (const line of lines) characters += line.text.length;
        if (characters > limits.maxCharacters) throw tooMuchText(limits.maxCharacters);
        pages.push({ page: number, bottom: Math.min(bottom, top), top: Math.max(bottom, top), lines });
        page.cleanup();
      } catch (e) {
        if (e instanceof ParseError) throw e;
        if (signal?.aborted) throw abortError(signal);
        // A damaged page does not spoil the others.
        failedPages++;
      }
    }
    if (characters === 0) {
      if (failedPages > 0) throw new ParseError("corrupt", DAMAGED);
      throw new ParseError(
        "empty",
        "This PDF has no text layer (it looks like a scanned image) and OCR is not supported; upload a PDF with selectable text.",
      );
    }

    const out = new BlockCollector(limits.maxCharacters);
    layoutBlocks(pages, out);
    const metadata = await pdf.getMetadata().catch(() => null);
    const info = (metadata?.info ?? {}) as { Title?: unknown };
    const title = cleanTitle(info.Title) ?? cleanTitle(metadata?.metadata?.get("dc:title")) ?? out.firstTopHeading();
    return { format: "pdf", title, blocks: out.blocks, pageCount: pdf.numPages };
  } finally {
    signal?.removeEventListener("abort", onAbort);
    await task.destroy();
  }
}
