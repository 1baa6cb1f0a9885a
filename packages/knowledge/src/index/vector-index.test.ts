import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { VectorIndex, VectorIndexError } from "./vector-index";

let db: Database.Database;
let index: VectorIndex;

beforeEach(() => {
  db = new Database(":memory:");
  index = new VectorIndex(db, { dimensions: 4, model: "toy-4" });
});

afterEach(() => {
  db.close();
});

const ids = (hits: { chunkId: string }[]) => hits.map((h) => h.chunkId);

/** Deterministic PRNG (mulberry32). */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function cosine(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  a.forEach((x, i) => {
    dot += x * b[i]!;
    na += x * x;
    nb += b[i]! * b[i]!;
  });
  return dot / Math.sqrt(na * nb);
}

describe("VectorIndex", () => {
  it("ranks a hand-made set by cosine similarity, whatever the vectors' lengths", () => {
    index.replaceDocument("d1", "s1", "en", [
      { chunkId: "east", vector: [3, 0, 0, 0] },
      { chunkId: "north-east", vector: [1, 1, 0, 0] },
      { chunkId: "north", vector: [0, 5, 0, 0] },
      { chunkId: "west", vector: [-2, 0, 0, 0] },
      { chunkId: "up-east", vector: [1, 0, 0.2, 0] },
    ]);
    const hits = index.search([1, 0, 0, 0], { limit: 5 });
    expect(ids(hits)).toEqual(["east", "up-east", "north-east", "north", "west"]);
    expect(hits.map((h) => h.score)).toEqual([
      expect.closeTo(1, 6),
      expect.closeTo(1 / Math.sqrt(1.04), 6),
      expect.closeTo(Math.SQRT1_2, 6),
      expect.closeTo(0, 6),
      expect.closeTo(-1, 6),
    ]);
    expect(ids(index.search([0, 1, 0.1, 0], { limit: 2 }))).toEqual(["north", "north-east"]);
    expect(index.count()).toBe(5);
  });

  it("finds the exact nearest chunks in a larger set, through the sampled radius", () => {
    const big = new Database(":memory:");
    try {
      const dimensions = 64;
      const vectors = new VectorIndex(big, { dimensions, model: "toy-64" });
      const next = random(7);
      const gauss = () => Math.sqrt(-2 * Math.log(next() + 1e-12)) * Math.cos(2 * Math.PI * next());
      const centers = Array.from({ length: 20 }, () => Array.from({ length: dimensions }, gauss));
      const stored: { chunkId: string; vector: number[] }[] = [];
      for (let d = 0; d < 300; d++) {
        const chunks = Array.from({ length: 10 }, (_, c) => ({
          chunkId: `d${d}-c${c}`,
          vector: centers[(d * 10 + c) % 20]!.map((x) => x + gauss()),
        }));
        vectors.replaceDocument(`d${d}`, "s", "en", chunks);
        stored.push(...chunks);
      }
      // About one row in 64 is sampled: the radius path runs (the sample holds enough codes).
      const { n } = big.prepare("SELECT count(*) AS n FROM knowledge_vector_sample").get() as { n: number };
      expect(n).toBeGreaterThan(30);
      expect(n).toBeLessThan(65);
      let found = 0;
      for (let q = 0; q < 20; q++) {
        const query = centers[q]!.map((x) => x + gauss());
        const exact = stored
          .map((s) => ({ chunkId: s.chunkId, score: cosine(query, s.vector) }))
          .sort((a, b) => b.score - a.score)
          .slice(0, 10);
        const hits = vectors.search(query, { limit: 10, candidates: 100 });
        expect(hits).toHaveLength(10);
        hits.forEach((h, i) => {
          if (i > 0) expect(h.score).toBeLessThanOrEqual(hits[i - 1]!.score);
          expect(h.score).toBeCloseTo(cosine(query, stored.find((s) => s.chunkId === h.chunkId)!.vector), 5);
        });
        found += hits.filter((h) => exact.some((e) => e.chunkId === h.chunkId)).length;
        // A stored vector is always its own nearest chunk (Hamming distance 0 is within any radius).
        const self = stored[q * 97]!;
        expect(vectors.search(self.vector, { limit: 1, candidates: 40 })[0]).toEqual({
          chunkId: self.chunkId,
          score: expect.closeTo(1, 5),
        });
      }
      expect(found / 200).toBeGreaterThanOrEqual(0.9);
    } finally {
      big.close();
    }
  });

  it("replaces a document's vectors atomically: old chunk ids gone, nothing changed on a bad vector", () => {
    index.replaceDocument("d1", "s1", "en", [
      { chunkId: "old-a", vector: [1, 0, 0, 0] },
      { chunkId: "old-b", vector: [0, 1, 0, 0] },
    ]);
    index.replaceDocument("d2", "s1", "en", [{ chunkId: "other", vector: [0, 0, 1, 0] }]);
    index.replaceDocument("d1", "s1", "en", [{ chunkId: "new-a", vector: [1, 0.1, 0, 0] }]);
    expect(ids(index.search([1, 0, 0, 0], { limit: 10 })).sort()).toEqual(["new-a", "other"]);
    expect(index.count()).toBe(2);

    const replace = () =>
      index.replaceDocument("d1", "s1", "en", [
        { chunkId: "newer-a", vector: [1, 0, 0, 0] },
        { chunkId: "newer-b", vector: [1, 0, 0] },
      ]);
    expect(replace).toThrow(VectorIndexError);
    expect(replace).toThrow(/3 dimensions/);
    expect(ids(index.search([1, 0, 0, 0], { limit: 10 })).sort()).toEqual(["new-a", "other"]);
    expect(() => index.replaceDocument("d1", "s1", "en", [{ chunkId: "zero", vector: [0, 0, 0, 0] }])).toThrow(
      /no direction/,
    );
    expect(() =>
      index.replaceDocument("d1", "s1", "en", [{ chunkId: "nan", vector: [1, Number.NaN, 0, 0] }]),
    ).toThrow(/no direction/);
    expect(index.count()).toBe(2);
  });

  it("deletes a document's vectors", () => {
    index.replaceDocument("d1", "s1", "en", [
      { chunkId: "a", vector: [1, 0, 0, 0] },
      { chunkId: "b", vector: [0, 1, 0, 0] },
    ]);
    index.replaceDocument("d2", "s1", "en", [{ chunkId: "c", vector: [1, 1, 0, 0] }]);
    index.deleteDocument("d1");
    expect(ids(index.search([1, 0, 0, 0]))).toEqual(["c"]);
    expect(index.count()).toBe(1);
    index.deleteDocument("d2");
    expect(index.search([1, 0, 0, 0])).toEqual([]);
    index.deleteDocument("never-indexed");
  });

  it("filters by source and language inside the search", () => {
    index.replaceDocument("hr-fr", "hr", "fr", [{ chunkId: "hr-fr", vector: [1, 0, 0, 0] }]);
    index.replaceDocument("hr-en", "hr", "en", [{ chunkId: "hr-en", vector: [0.9, 0.1, 0, 0] }]);
    index.replaceDocument("it-fr", "it", "fr", [{ chunkId: "it-fr", vector: [0.8, 0.2, 0, 0] }]);
    index.replaceDocument("it-en", "it", "en", [{ chunkId: "it-en", vector: [0.7, 0.3, 0, 0] }]);
    const query = [1, 0, 0, 0];
    expect(ids(index.search(query))).toEqual(["hr-fr", "hr-en", "it-fr", "it-en"]);
    expect(ids(index.search(query, { sourceIds: ["it"] }))).toEqual(["it-fr", "it-en"]);
    expect(ids(index.search(query, { languages: ["en"] }))).toEqual(["hr-en", "it-en"]);
    expect(ids(index.search(query, { sourceIds: ["it", "hr"], languages: ["en"] }))).toEqual(["hr-en", "it-en"]);
    expect(ids(index.search(query, { sourceIds: ["it"], languages: ["fr", "en"] }))).toEqual(["it-fr", "it-en"]);
    expect(ids(index.search(query, { sourceIds: ["it", "unknown"], limit: 1 }))).toEqual(["it-fr"]);
    expect(index.search(query, { sourceIds: ["unknown"] })).toEqual([]);
    expect(index.search(query, { sourceIds: [] })).toEqual([]);
    // A document that moves to another source and language is found under its new ones only.
    index.replaceDocument("hr-fr", "it", "en", [{ chunkId: "hr-fr", vector: [1, 0, 0, 0] }]);
    expect(ids(index.search(query, { sourceIds: ["hr"] }))).toEqual(["hr-en"]);
    expect(ids(index.search(query, { sourceIds: ["it"], languages: ["en"] }))).toEqual(["hr-fr", "it-en"]);
  });

  it("refuses a query vector of other dimensions", () => {
    index.replaceDocument("d1", "s1", "en", [{ chunkId: "a", vector: [1, 0, 0, 0] }]);
    let error: unknown;
    try {
      index.search([1, 0, 0, 0, 0, 0, 0, 0]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(VectorIndexError);
    expect(error).toMatchObject({ code: "invalid_vector", message: expect.stringMatching(/8 dimensions.*4-dimension/) });
  });

  it("detects a change of model or dimensions, and reset makes way for the new model", () => {
    index.replaceDocument("d1", "s1", "en", [{ chunkId: "a", vector: [1, 0, 0, 0] }]);
    expect(VectorIndex.configuration(db)).toEqual({ model: "toy-4", dimensions: 4 });
    expect(() => new VectorIndex(db, { dimensions: 8, model: "toy-4" })).toThrow(
      expect.objectContaining({ code: "model_changed" }),
    );
    expect(() => new VectorIndex(db, { dimensions: 4, model: "other-model" })).toThrow(/"toy-4".*embedded again/);
    // Reopening with the same model keeps the vectors.
    expect(new VectorIndex(db, { dimensions: 4, model: "toy-4" }).count()).toBe(1);

    VectorIndex.reset(db);
    expect(VectorIndex.configuration(db)).toBeNull();
    const other = new VectorIndex(db, { dimensions: 12, model: "other-model" });
    expect(other.count()).toBe(0);
    other.replaceDocument("d1", "s1", "en", [{ chunkId: "a", vector: [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1] }]);
    expect(ids(other.search([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.5]))).toEqual(["a"]);
    expect(VectorIndex.configuration(db)).toEqual({ model: "other-model", dimensions: 12 });
  });

  it("loads sqlite-vec once, whatever the number of calls", () => {
    const fresh = new Database(":memory:");
    try {
      expect(() => fresh.prepare("SELECT vec_version()").get()).toThrow(/no such function/);
      VectorIndex.loadExtension(fresh);
      VectorIndex.loadExtension(fresh);
      expect(fresh.prepare("SELECT vec_version() AS v").get()).toEqual({ v: expect.stringMatching(/^v0\./) });
    } finally {
      fresh.close();
    }
  });

  it("refuses meaningless options", () => {
    const fresh = new Database(":memory:");
    try {
      expect(() => new VectorIndex(fresh, { dimensions: 0, model: "m" })).toThrow(VectorIndexError);
      expect(() => new VectorIndex(fresh, { dimensions: 1.5, model: "m" })).toThrow(/whole number/);
      expect(() => new VectorIndex(fresh, { dimensions: 4, model: " " })).toThrow(/model name is empty/);
    } finally {
      fresh.close();
    }
  });
});
