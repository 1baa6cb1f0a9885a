import { describe, expect, it } from "vitest";
import { detectFormat, SUPPORTED_EXTENSIONS } from "./detect-format";
import { ParseError } from "./parse-error";
import { parseDocument } from "./parse-document";

const utf8 = (text: string) => new TextEncoder().encode(text);

async function refusal(promise: Promise<unknown>): Promise<ParseError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ParseError);
  return error as ParseError;
}

describe("detectFormat", () => {
  it("goes by extension, in any case, then by media type", () => {
    expect(detectFormat("Rapport.PDF")).toBe("pdf");
    expect(detectFormat("/srv/docs/notes.markdown", "application/octet-stream")).toBe("markdown");
    expect(detectFormat("C:\\Users\\anne\\budget.xlsx")).toBe("xlsx");
    expect(detectFormat("page.htm")).toBe("html");
    expect(detectFormat("https://intranet.example/rh/conges?lang=fr", "text/html; charset=utf-8")).toBe("html");
    expect(detectFormat("https://example.com/files/guide.pdf?download=1")).toBe("pdf");
    expect(detectFormat("https://example.com/api/v1.2", "application/ld+json")).toBe("json");
    expect(detectFormat("export", "TEXT/CSV")).toBe("csv");
  });

  it("returns null for what it cannot index", () => {
    expect(detectFormat("photo.jpg", "image/jpeg")).toBeNull();
    expect(detectFormat("old.doc")).toBeNull();
    expect(detectFormat("README")).toBeNull();
    expect(detectFormat(".txt")).toBeNull();
  });

  it("lists the supported extensions", () => {
    expect(SUPPORTED_EXTENSIONS).toEqual([".pdf", ".docx", ".pptx", ".xlsx", ".csv", ".html", ".htm", ".md", ".markdown", ".txt", ".json"]);
  });
});

describe("parseDocument", () => {
  it("refuses unsupported types, naming the supported ones", async () => {
    const error = await refusal(parseDocument({ bytes: utf8("MZ"), fileName: "setup.exe" }));
    expect(error.code).toBe("unsupported_type");
    expect(error.message).toBe(
      ".exe files are not supported; upload one of these types: .pdf, .docx, .pptx, .xlsx, .csv, .html, .htm, .md, .markdown, .txt, .json.",
    );
  });

  it("refuses files over maxBytes before reading them", async () => {
    const error = await refusal(parseDocument({ bytes: new Uint8Array(3 * 1024 * 1024), fileName: "big.txt", limits: { maxBytes: 2 * 1024 * 1024 } }));
    expect(error.code).toBe("too_large");
    expect(error.message).toBe("This file is 3 MB, over the 2 MB limit; split it into smaller files.");
  });

  it("calls a zero-byte file empty", async () => {
    const error = await refusal(parseDocument({ bytes: new Uint8Array(0), fileName: "vide.pdf" }));
    expect(error.code).toBe("empty");
    expect(error.message).toBe("This PDF is empty (0 bytes).");
  });

  it("refuses content that does not match its extension", async () => {
    const html = utf8("<html><body><p>Bonjour</p></body></html>");
    for (const fileName of ["page.pdf", "page.docx", "page.pptx", "page.xlsx"]) {
      expect((await refusal(parseDocument({ bytes: html, fileName }))).code).toBe("corrupt");
    }
  });

  it("stops before reading when the signal is already aborted", async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await refusal(parseDocument({ bytes: utf8("texte"), fileName: "a.txt", signal: controller.signal }));
    expect(error.code).toBe("timeout");
    expect(error.message).toBe("Reading this document was stopped before it finished.");
  });
});
