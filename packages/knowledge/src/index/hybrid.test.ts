import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { chunkDocument, type DocumentBlock } from "../chunking/chunk-document";
import type { Language } from "../language";
import { analyze } from "../text/tokenize";
import { hybridSearch, reciprocalRankFusion } from "./hybrid";
import { LexicalIndex } from "./lexical-index";
import { type EmbedFunction, VectorIndex } from "./vector-index";

describe("reciprocalRankFusion", () => {
  const item = (chunkId: string, from: string) => ({ chunkId, from });

  it("sums 1 / (k + rank) over the lists, best first", () => {
    const fused = reciprocalRankFusion([
      [item("a", "lexical"), item("b", "lexical"), item("c", "lexical")],
      [item("b", "vector"), item("d", "vector")],
    ]);
    expect(fused.map((f) => f.chunkId)).toEqual(["b", "a", "d", "c"]);
    expect(fused.map((f) => f.fusedScore)).toEqual([
      expect.closeTo(1 / 62 + 1 / 61, 12),
      expect.closeTo(1 / 61, 12),
      expect.closeTo(1 / 62, 12),
      expect.closeTo(1 / 63, 12),
    ]);
    // An item keeps the fields of the first list that holds it.
    expect(fused[0]).toEqual({ chunkId: "b", from: "lexical", fusedScore: expect.any(Number) });
  });

  it("takes k and limit, ignores repeats within a list and breaks ties by first appearance", () => {
    const fused = reciprocalRankFusion(
      [
        [item("a", "1"), item("a", "1"), item("b", "1")],
        [item("c", "2"), item("a", "2")],
      ],
      { k: 1, limit: 3 },
    );
    // a: 1/2 + 1/3; b: 1/3 (rank 3 would be wrong: the repeat does not count); c: 1/2.
    expect(fused).toEqual([
      { chunkId: "a", from: "1", fusedScore: expect.closeTo(1 / 2 + 1 / 3, 12) },
      { chunkId: "c", from: "2", fusedScore: expect.closeTo(1 / 2, 12) },
      { chunkId: "b", from: "1", fusedScore: expect.closeTo(1 / 3, 12) },
    ]);
    expect(reciprocalRankFusion([[item("x", "1")], [item("y", "2")]]).map((f) => f.chunkId)).toEqual(["x", "y"]);
    expect(reciprocalRankFusion([])).toEqual([]);
    expect(reciprocalRankFusion([[item("x", "1")]], { limit: 0 })).toEqual([]);
  });
});

// A toy embedding standing in for a model: the text's stems hashed into 64 signed dimensions,
// with a small synonym table so that it relates words that share no stem (as a model would).
const SYNONYMS: Record<string, string> = { automobil: "car", vehicl: "car", coverag: "insur" };
const DIMENSIONS = 64;

function hash(term: string): number {
  let h = 2166136261;
  for (let i = 0; i < term.length; i++) h = Math.imul(h ^ term.charCodeAt(i), 16777619);
  return h >>> 0;
}

const embedCalls: string[][] = [];
const embed: EmbedFunction = async (texts) => {
  embedCalls.push(texts);
  return texts.map((text) => {
    const vector = new Array<number>(DIMENSIONS).fill(0);
    for (const term of analyze(text, "en")) {
      const h = hash(SYNONYMS[term] ?? term);
      vector[h % DIMENSIONS]! += h & 0x80000000 ? -1 : 1;
    }
    if (!vector.some((x) => x !== 0)) vector[0] = 1;
    return vector;
  });
};

let db: Database.Database;
let lexical: LexicalIndex;
let vectors: VectorIndex;

async function index(id: string, sourceId: string, title: string, language: Language, blocks: DocumentBlock[]) {
  const chunks = chunkDocument(id, blocks);
  lexical.replaceDocument({ id, sourceId, title, language }, chunks);
  const embedded = await embed(chunks.map((c) => `${title} ${c.text}`));
  vectors.replaceDocument(
    id,
    sourceId,
    language,
    chunks.map((c, i) => ({ chunkId: c.id, vector: embedded[i]! })),
  );
}

beforeEach(async () => {
  db = new Database(":memory:");
  lexical = new LexicalIndex(db);
  vectors = new VectorIndex(db, { dimensions: DIMENSIONS, model: "toy-bow-64" });
  await index("fleet", "ops", "Fleet handbook", "en", [
    { kind: "heading", text: "Company vehicles" },
    { kind: "paragraph", text: "Every automobile of the fleet has coverage through the group policy.", page: 3 },
  ]);
  await index("claims", "ops", "Car insurance claims", "en", [
    { kind: "paragraph", text: "Report car insurance claims within five days to the broker." },
  ]);
  await index("canteen", "hr", "Canteen", "en", [
    { kind: "paragraph", text: "Lunch is served from noon to two in the canteen." },
  ]);
  embedCalls.length = 0;
});

afterEach(() => {
  db.close();
});

describe("hybridSearch", () => {
  it("is lexical only without vectors", async () => {
    const results = await hybridSearch({ query: "car insurance", lexical, limit: 5 });
    expect(results).toEqual(lexical.search("car insurance", { limit: 5 }));
    expect(results.map((r) => r.documentId)).toEqual(["claims"]);
    expect(await hybridSearch({ query: "car insurance", lexical, vectors, limit: 5 })).toEqual(results);
    expect(embedCalls).toEqual([]);
  });

  it("adds a chunk found only by vectors, with its title, headings, page and text", async () => {
    const results = await hybridSearch({ query: "car insurance", lexical, vectors, embed, limit: 5 });
    expect(embedCalls).toEqual([["car insurance"]]);
    // Both lists hold "claims": it comes first; "fleet" shares no word with the query.
    expect(results.map((r) => r.documentId)).toEqual(["claims", "fleet", "canteen"]);
    expect(lexical.search("car insurance").map((r) => r.documentId)).not.toContain("fleet");
    expect(results[1]).toEqual({
      chunkId: expect.any(String),
      documentId: "fleet",
      sourceId: "ops",
      title: "Fleet handbook",
      headingPath: ["Company vehicles"],
      page: 3,
      language: "en",
      text: "Every automobile of the fleet has coverage through the group policy.",
      highlights: "Every automobile of the fleet has coverage through the group policy.",
      score: expect.closeTo(1 / 62, 12),
    });
    expect(results[0]).toMatchObject({
      title: "Car insurance claims",
      highlights: "Report <mark>car</mark> <mark>insurance</mark> claims within five days to the broker.",
      score: expect.closeTo(1 / 61 + 1 / 61, 12),
    });
  });

  it("marks the query's words in a vector-only hit that has some", async () => {
    await index("faq", "hr", "FAQ", "en", [
      { kind: "paragraph", text: "Is my own car insured when I drive it for work? Yes, by the group policy." },
    ]);
    const results = await hybridSearch({ query: "automobile coverage", lexical, vectors, embed });
    const faq = results.find((r) => r.documentId === "faq");
    expect(faq?.highlights).toBe("Is my own car insured when I drive it for work? Yes, by the group policy.");
    const fleet = results.find((r) => r.documentId === "fleet");
    expect(fleet?.highlights).toContain("<mark>automobile</mark>");
  });

  it("applies the source and language filters to both lists", async () => {
    const hr = await hybridSearch({ query: "car insurance", lexical, vectors, embed, sourceIds: ["hr"] });
    expect(hr.map((r) => r.documentId)).toEqual(["canteen"]);
    const french = await hybridSearch({ query: "car insurance", lexical, vectors, embed, languages: ["fr"] });
    expect(french).toEqual([]);
    const limited = await hybridSearch({ query: "car insurance", lexical, vectors, embed, limit: 1 });
    expect(limited.map((r) => r.documentId)).toEqual(["claims"]);
  });

  it("skips vectors of chunks that are no longer indexed", async () => {
    lexical.deleteDocument("fleet");
    const results = await hybridSearch({ query: "car insurance", lexical, vectors, embed });
    expect(results.map((r) => r.documentId)).toEqual(["claims", "canteen"]);
  });

  it("rejects when the query cannot be embedded", async () => {
    const failing: EmbedFunction = async () => {
      throw new Error("embedding server unreachable");
    };
    await expect(hybridSearch({ query: "car insurance", lexical, vectors, embed: failing })).rejects.toThrow(
      "embedding server unreachable",
    );
    const wrongSize: EmbedFunction = async () => [[1, 2, 3]];
    await expect(hybridSearch({ query: "car", lexical, vectors, embed: wrongSize })).rejects.toMatchObject({
      code: "invalid_vector",
    });
  });
});
