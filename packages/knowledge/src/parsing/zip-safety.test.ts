import { constants, crc32, deflateRawSync } from "node:zlib";
import { Zip, type ZipInputFile, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { ParseError } from "./parse-error";
import { parseDocument } from "./parse-document";
import { listZipEntries } from "./zip-safety";

const MB = 1024 * 1024;
const ZEROS = new Uint8Array(MB);
// One megabyte of zeros as a non-final deflate block ending on a byte boundary (sync flush):
// it only refers to itself, so copies of it chain into a valid stream of any length.
const DEFLATED_ZEROS_MB = deflateRawSync(ZEROS, { finishFlush: constants.Z_SYNC_FLUSH });
const FINAL_EMPTY_BLOCK = new Uint8Array([0x03, 0x00]);

/** A zip entry of `megabytes` MB of zeros, declaring `declaredBytes` (the truth by default). */
function zerosEntry(filename: string, megabytes: number, declaredBytes = megabytes * MB): ZipInputFile & { write(): void } {
  let crc = 0;
  for (let i = 0; i < megabytes; i++) crc = crc32(ZEROS, crc);
  const entry: ZipInputFile & { write(): void } = {
    filename,
    size: declaredBytes,
    crc,
    compression: 8,
    write() {
      for (let i = 0; i < megabytes; i++) entry.ondata!(null, DEFLATED_ZEROS_MB, false);
      entry.ondata!(null, FINAL_EMPTY_BLOCK, true);
    },
  };
  return entry;
}

function zipOf(entries: (ZipInputFile & { write(): void })[], small: Record<string, string> = {}): Uint8Array {
  const chunks: Uint8Array[] = [];
  const zip = new Zip((error, chunk) => {
    if (error) throw error;
    chunks.push(chunk);
  });
  for (const [name, text] of Object.entries(small)) {
    const data = new TextEncoder().encode(text);
    const entry = { filename: name, size: data.length, crc: crc32(data), compression: 0 } as ZipInputFile;
    zip.add(entry);
    entry.ondata!(null, data, true);
  }
  for (const entry of entries) {
    zip.add(entry);
    entry.write();
  }
  zip.end();
  return Buffer.concat(chunks);
}

const CONTENT_TYPES = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>';

async function refusal(promise: Promise<unknown>): Promise<ParseError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ParseError);
  return error as ParseError;
}

describe("Office zip safety", () => {
  it("builds real bombs: the fixture inflates to what it declares", () => {
    const bomb = zipOf([zerosEntry("word/document.xml", 3)]);
    expect(listZipEntries(bomb)).toEqual([{ name: "word/document.xml", compressedBytes: 3 * 1037 + 2, declaredBytes: 3 * MB }]);
  });

  it("refuses a zip bomb renamed .docx before inflating it", async () => {
    // 300 MB of zeros in about 300 KB.
    const bomb = zipOf([zerosEntry("word/document.xml", 300)], { "[Content_Types].xml": CONTENT_TYPES });
    expect(bomb.length).toBeLessThan(MB / 2);
    const started = performance.now();
    const error = await refusal(parseDocument({ bytes: bomb, fileName: "salaries.docx" }));
    expect(error.code).toBe("zip_bomb");
    expect(error.message).toMatch(/^This Word document was refused because it expands to 300 MB/);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it("refuses a large entry compressed far more than documents are", async () => {
    // 20 MB is well under the 200 MB total, but 1000:1 is no document.
    const bomb = zipOf([zerosEntry("xl/worksheets/sheet1.xml", 20)], { "[Content_Types].xml": CONTENT_TYPES });
    const error = await refusal(parseDocument({ bytes: bomb, fileName: "budget.xlsx" }));
    expect(error.code).toBe("zip_bomb");
    expect(error.message).toMatch(/one of its parts expands \d{3,4} times \(20 MB\)/);
  });

  it("catches an entry that inflates to more than it declares", async () => {
    // Declares 900 KB (ratio under 1000:1 on a small entry passes the declared checks) but holds 4 MB.
    const liar = zipOf([zerosEntry("ppt/slides/slide1.xml", 4, 900 * 1024)], { "[Content_Types].xml": CONTENT_TYPES });
    expect(listZipEntries(liar)[1]!.declaredBytes).toBe(900 * 1024);
    const error = await refusal(parseDocument({ bytes: liar, fileName: "deck.pptx" }));
    expect(error.code).toBe("zip_bomb");
    expect(error.message).toContain("holds more data than it declares");
  });

  it("caps the total expanded size with maxExpandedBytes", async () => {
    const zip = zipOf([zerosEntry("word/media/a.bin", 1), zerosEntry("word/media/b.bin", 1)]);
    const error = await refusal(parseDocument({ bytes: zip, fileName: "a.docx", limits: { maxExpandedBytes: 1.5 * MB } }));
    expect(error.code).toBe("zip_bomb");
  });

  it("caps the number of entries", async () => {
    const files: Record<string, Uint8Array> = {};
    for (let i = 0; i <= 10_000; i++) files[`word/media/${i}.txt`] = new Uint8Array(0);
    const error = await refusal(parseDocument({ bytes: zipSync(files), fileName: "many.docx" }));
    expect(error.code).toBe("zip_bomb");
    expect(error.message).toContain("it holds 10,001 files");
  });

  it("calls a file that is not a zip corrupt, naming the extension", async () => {
    const pdf = new TextEncoder().encode("%PDF-1.7\n1 0 obj << >> endobj\n%%EOF");
    const error = await refusal(parseDocument({ bytes: pdf, fileName: "contract.docx" }));
    expect(error.code).toBe("corrupt");
    expect(error.message).toBe(
      "This file is named .docx but is not a Word document; it may be damaged or have the wrong extension.",
    );
  });

  it("calls a truncated zip corrupt", async () => {
    const zip = zipSync({ "word/document.xml": new TextEncoder().encode("<w:document/>".repeat(100)) });
    const error = await refusal(parseDocument({ bytes: zip.subarray(0, zip.length - 30), fileName: "cut.docx" }));
    expect(error.code).toBe("corrupt");
  });
});
