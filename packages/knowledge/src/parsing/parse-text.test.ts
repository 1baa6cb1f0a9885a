import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ParseError } from "./parse-error";
import { parseDocument } from "./parse-document";

async function refusal(promise: Promise<unknown>): Promise<ParseError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ParseError);
  return error as ParseError;
}

describe("parseDocument (text)", () => {
  it("splits paragraphs on blank lines and keeps lines within a paragraph", async () => {
    const text = "Compte rendu\r\n\r\nPrésents : Anne,\r\nBruno.\r\n   \r\nDécisions : aucune.\n";
    const parsed = await parseDocument({ bytes: new TextEncoder().encode(text), fileName: "cr.txt" });
    expect(parsed).toEqual({
      format: "text",
      title: null,
      pageCount: null,
      blocks: [
        { kind: "paragraph", text: "Compte rendu" },
        { kind: "paragraph", text: "Présents : Anne,\nBruno." },
        { kind: "paragraph", text: "Décisions : aucune." },
      ],
    });
  });

  it("reads windows-1252 French text from Windows editors", async () => {
    // "L'élève a reçu 5 € à Noël." in windows-1252: é=E9, ç=E7, €=80, à=E0, ë=EB.
    const bytes = Uint8Array.from([
      ...Buffer.from("L'"),
      0xe9,
      ...Buffer.from("l"),
      0xe8,
      ...Buffer.from("ve a re"),
      0xe7,
      ...Buffer.from("u 5 "),
      0x80,
      ...Buffer.from(" "),
      0xe0,
      ...Buffer.from(" No"),
      0xeb,
      ...Buffer.from("l."),
    ]);
    const parsed = await parseDocument({ bytes, fileName: "note.txt" });
    expect(parsed.blocks[0]!.text).toBe("L'élève a reçu 5 € à Noël.");
  });

  it("strips a UTF-8 byte order mark and reads UTF-16 with one", async () => {
    const bom = Uint8Array.from([0xef, 0xbb, 0xbf, ...new TextEncoder().encode("élève")]);
    expect((await parseDocument({ bytes: bom, fileName: "a.txt" })).blocks[0]!.text).toBe("élève");
    const utf16 = Uint8Array.from([0xff, 0xfe, ...Buffer.from("élève\n\nprofesseur", "utf16le")]);
    const parsed = await parseDocument({ bytes: utf16, fileName: "b.txt" });
    expect(parsed.blocks.map((b) => b.text)).toEqual(["élève", "professeur"]);
  });

  it("refuses binary content renamed .txt", async () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...randomBytes(2048)]);
    const error = await refusal(parseDocument({ bytes: png, fileName: "photo.txt" }));
    expect(error.code).toBe("binary");
    expect(error.message).toBe(
      "This file looks binary although it is named .txt; upload the original document in a supported format.",
    );
    // Without NUL bytes: random high bytes are neither UTF-8 nor plausible windows-1252 text.
    const noNul = Uint8Array.from(randomBytes(4096).map((b) => b | 0x80));
    expect((await refusal(parseDocument({ bytes: noNul, fileName: "data.md" }))).code).toBe("binary");
  });

  it("refuses text over maxCharacters", async () => {
    const text = "Une phrase assez longue pour compter.\n\n".repeat(100);
    const error = await refusal(
      parseDocument({ bytes: new TextEncoder().encode(text), fileName: "long.txt", limits: { maxCharacters: 1000 } }),
    );
    expect(error.code).toBe("too_large");
    expect(error.message).toBe(
      "This document holds more than 1,000 characters of text, over the limit; split it into smaller files.",
    );
  });

  it("calls a file of blank lines empty", async () => {
    const error = await refusal(parseDocument({ bytes: new TextEncoder().encode("\n \n\t\n"), fileName: "vide.txt" }));
    expect(error.code).toBe("empty");
    expect(error.message).toBe("This text file contains no text that can be indexed.");
  });
});
