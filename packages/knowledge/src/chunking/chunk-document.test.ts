import { describe, expect, it } from "vitest";
import { chunkDocument, type DocumentBlock } from "./chunk-document";
import { estimateTokens } from "./tokens";

const handbook: DocumentBlock[] = [
  { kind: "heading", text: "Congés", level: 1, page: 1 },
  { kind: "paragraph", text: "Chaque salarié a droit à cinq semaines de congés payés par an.", page: 1 },
  { kind: "heading", text: "Congé parental", level: 2, page: 2 },
  { kind: "paragraph", text: "Le congé parental d'éducation peut durer jusqu'aux trois ans de l'enfant.", page: 2 },
  { kind: "list", text: "- demande écrite\n- préavis d'un mois", page: 2 },
  { kind: "heading", text: "Télétravail", level: 1, page: 3 },
  { kind: "table", text: "Jour | Présence\nLundi | Bureau\nMardi | Maison", page: 3 },
];

const sentence = (i: number) => `Sentence number ${i} talks about retrieval quality and indexing speed.`;

describe("chunkDocument", () => {
  it("carries the heading path and page of each section", () => {
    const chunks = chunkDocument("doc-1", handbook);
    expect(chunks.map((c) => [c.headingPath, c.page])).toEqual([
      [["Congés"], 1],
      [["Congés", "Congé parental"], 2],
      [["Télétravail"], 3],
    ]);
    expect(chunks[1]!.text).toContain("préavis d'un mois");
    expect(chunks[1]!.text).toContain("congé parental");
  });

  it("keeps chunks within the token budget and overlaps consecutive chunks", () => {
    const blocks: DocumentBlock[] = [
      { kind: "heading", text: "Long" },
      ...Array.from({ length: 60 }, (_, i) => ({ kind: "paragraph" as const, text: sentence(i) })),
    ];
    const chunks = chunkDocument("doc-2", blocks, { maxTokens: 80, overlapTokens: 10 });
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) expect(chunk.tokenCount).toBeLessThanOrEqual(80);
    // The start of each chunk repeats the end of the previous one.
    for (let i = 1; i < chunks.length; i++) {
      const head = chunks[i]!.text.split(" ").slice(0, 3).join(" ");
      expect(chunks[i - 1]!.text).toContain(head);
    }
    expect(chunks.map((c) => c.ordinal)).toEqual(chunks.map((_, i) => i));
  });

  it("splits a single oversized paragraph by sentences", () => {
    const text = Array.from({ length: 100 }, (_, i) => sentence(i)).join(" ");
    const chunks = chunkDocument("doc-3", [{ kind: "paragraph", text }], { maxTokens: 100, overlapTokens: 0 });
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) expect(chunk.tokenCount).toBeLessThanOrEqual(100);
    expect(chunks.map((c) => c.text).join(" ")).toBe(text);
  });

  it("gives stable ids: unchanged sections keep theirs when another section changes", () => {
    const before = chunkDocument("doc-1", handbook);
    const again = chunkDocument("doc-1", handbook);
    expect(again.map((c) => c.id)).toEqual(before.map((c) => c.id));

    const edited = handbook.map((b) =>
      b.text.startsWith("Chaque salarié") ? { ...b, text: "Chaque salarié a droit à six semaines." } : b,
    );
    const after = chunkDocument("doc-1", edited);
    expect(after[0]!.id).not.toBe(before[0]!.id);
    expect(after.slice(1).map((c) => c.id)).toEqual(before.slice(1).map((c) => c.id));
    expect(chunkDocument("doc-other", handbook)[0]!.id).not.toBe(before[0]!.id);
    expect(new Set(before.map((c) => c.id)).size).toBe(before.length);
  });

  it("ignores empty blocks and returns nothing for an empty document", () => {
    expect(chunkDocument("empty", [])).toEqual([]);
    expect(chunkDocument("blank", [{ kind: "heading", text: "Titre" }, { kind: "paragraph", text: "  " }])).toEqual(
      [],
    );
  });
});

describe("estimateTokens", () => {
  it("counts words, long-word pieces and punctuation", () => {
    expect(estimateTokens("")).toBe(0);
    expect(estimateTokens("a cat.")).toBe(3);
    expect(estimateTokens("anticonstitutionnellement")).toBe(5);
  });
});
