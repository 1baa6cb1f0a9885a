import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DocumentBlock } from "../chunking/chunk-document";
import { LexicalIndex } from "./lexical-index";

const paragraph = (text: string, page?: number): DocumentBlock => ({ kind: "paragraph", text, page });

let dir: string;
let db: Database.Database;
let index: LexicalIndex;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "knowledge-"));
  db = new Database(join(dir, "knowledge.sqlite"));
  index = new LexicalIndex(db);
  index.indexDocument({
    id: "handbook",
    sourceId: "hr",
    title: "Guide des salariés",
    blocks: [
      { kind: "heading", text: "Congés", level: 1 },
      paragraph("Chaque salarié bénéficie de cinq semaines de congés payés par an.", 4),
      { kind: "heading", text: "Congé parental", level: 2 },
      paragraph("Le congé parental d'éducation est ouvert aux deux parents.", 5),
      { kind: "heading", text: "Horaires d'été", level: 1 },
      paragraph("Pendant la période estivale, les bureaux ferment à 16 heures le vendredi.", 7),
    ],
  });
  index.indexDocument({
    id: "policy",
    sourceId: "it",
    title: "Security policy",
    blocks: [
      { kind: "heading", text: "Passwords" },
      paragraph("Employees are running a password manager; reused passwords are forbidden."),
      { kind: "heading", text: "Laptops" },
      paragraph("Laptop disks are encrypted. Lost laptops must be reported within one hour."),
    ],
  });
  index.indexDocument({
    id: "notes",
    sourceId: "it",
    title: "Notes de réunion",
    blocks: [paragraph("Ete 2024 : migration des serveurs et chiffrement des disques.")],
  });
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("LexicalIndex", () => {
  it("detects each document's language", () => {
    const rows = db.prepare("SELECT id, language FROM knowledge_documents ORDER BY id").all();
    expect(rows).toEqual([
      { id: "handbook", language: "fr" },
      { id: "notes", language: "fr" },
      { id: "policy", language: "en" },
    ]);
  });

  it("folds accents both ways: « été » finds « Ete », « ete » finds « été »", () => {
    expect(index.search("été").map((r) => r.documentId)).toEqual(expect.arrayContaining(["notes", "handbook"]));
    const unaccented = index.search("horaires ete");
    expect(unaccented[0]!.headingPath).toEqual(["Horaires d'été"]);
  });

  it("stems French: « congés » finds « congé » and the reverse, with heading path and page", () => {
    const results = index.search("congé parental");
    expect(results[0]).toMatchObject({
      documentId: "handbook",
      title: "Guide des salariés",
      headingPath: ["Congés", "Congé parental"],
      page: 5,
      language: "fr",
    });
    expect(results[0]!.score).toBeGreaterThan(0);
    expect(index.search("conges payes")[0]!.headingPath).toEqual(["Congés"]);
  });

  it("stems English: « run » finds « running », « laptop » finds « Laptops »", () => {
    expect(index.search("run password")[0]!.documentId).toBe("policy");
    const laptop = index.search("laptop report");
    expect(laptop[0]!.headingPath).toEqual(["Laptops"]);
    expect(laptop[0]!.highlights).toContain("<mark>reported</mark>");
  });

  it("marks the matched words, whatever their accents or endings", () => {
    const results = index.search("conges", { highlight: { open: "[", close: "]" } });
    expect(results.find((r) => r.headingPath.length === 1)!.highlights).toContain("[congés]");
    const [parental] = index.search("parentale");
    expect(parental!.highlights).toContain("congé <mark>parental</mark> d");
  });

  it("boosts titles and headings over body text", () => {
    index.indexDocument({
      id: "mention",
      sourceId: "hr",
      title: "Divers",
      blocks: [paragraph("Les horaires sont affichés à l'accueil, comme le reste des informations pratiques.")],
    });
    expect(index.search("horaires")[0]!.headingPath).toEqual(["Horaires d'été"]);
  });

  it("filters by source and by language", () => {
    expect(index.search("disques", { sourceIds: ["hr"] })).toEqual([]);
    expect(index.search("chiffrement", { sourceIds: ["it"] }).map((r) => r.documentId)).toEqual(["notes"]);
    expect(index.search("disks encrypted", { languages: ["en"] }).map((r) => r.documentId)).toEqual(["policy"]);
    expect(index.search("été", { languages: ["en"] })).toEqual([]);
    expect(index.search("été", { sourceIds: [] })).toEqual([]);
  });

  it("skips unchanged documents and replaces changed ones atomically", () => {
    const blocks = [paragraph("Version one of the onboarding checklist.")];
    expect(index.indexDocument({ id: "onboarding", sourceId: "hr", title: "Onboarding", blocks })).toEqual({
      status: "indexed",
      chunkCount: 1,
    });
    expect(index.indexDocument({ id: "onboarding", sourceId: "hr", title: "Onboarding", blocks }).status).toBe(
      "unchanged",
    );

    const updated = [paragraph("Version two mentions the badge photograph.")];
    expect(index.indexDocument({ id: "onboarding", sourceId: "hr", title: "Onboarding", blocks: updated }).status).toBe(
      "indexed",
    );
    expect(index.search("checklist")).toEqual([]);
    expect(index.search("badge")[0]!.documentId).toBe("onboarding");

    // A failure in the middle of a replacement leaves the previous version searchable.
    const broken = [paragraph("Version three."), paragraph("Never indexed.")];
    const chunks = broken.map((b, ordinal) => ({
      id: "same-id", // duplicate ids violate the UNIQUE constraint on the second insert
      documentId: "onboarding",
      headingPath: [],
      ordinal,
      page: null,
      text: b.text,
      tokenCount: 3,
    }));
    expect(() =>
      index.replaceDocument({ id: "onboarding", sourceId: "hr", title: "Onboarding", language: "en" }, chunks),
    ).toThrow();
    expect(index.search("badge")[0]!.documentId).toBe("onboarding");
    expect(index.search("never")).toEqual([]);
  });

  it("deletes a document and its chunks", () => {
    index.deleteDocument("policy");
    expect(index.search("laptop password")).toEqual([]);
    expect(db.prepare("SELECT count(*) AS n FROM knowledge_chunks WHERE document_id = 'policy'").get()).toEqual({
      n: 0,
    });
  });

  it("never throws on empty or garbage queries", () => {
    for (const query of ['"', "*", "NEAR(", "NEAR(a b", "AND OR NOT", "title:", "^", "-", "(", ")", "", "   ", "le la les", "😀", "'; DROP TABLE x; --", "a".repeat(5000)]) {
      expect(() => index.search(query)).not.toThrow();
    }
    expect(index.search("")).toEqual([]);
    expect(index.search("zzzunknownzzz")).toEqual([]);
    // FTS5 keywords are searched as plain words.
    expect(index.search("NEAR( congés")[0]!.documentId).toBe("handbook");
  });

  it("keeps only the most selective query words", () => {
    const plan = index.planQuery("congé parental password laptop été", { maxTerms: 2 });
    expect(plan.kept).toHaveLength(2);
    expect(plan.dropped).toHaveLength(3);
    expect(plan.kept[0]!.documentFrequency).toBeLessThanOrEqual(plan.kept[1]!.documentFrequency);
  });

  it("stops adding words once the postings budget is spent, keeping the rarest first", () => {
    const plan = index.planQuery("password laptop disques congé", { maxPostings: 1 });
    expect(plan.kept).toHaveLength(1);
    expect(plan.kept[0]!.documentFrequency).toBe(1);
    expect(index.planQuery("password laptop disques congé").kept).toHaveLength(4);
  });

  it("can index without stemming", () => {
    const plain = new LexicalIndex(new Database(":memory:"), { stemming: false });
    plain.indexDocument({ id: "d", sourceId: "s", title: "T", blocks: [paragraph("Les congés d'été sont posés.")] });
    expect(plain.search("conges")).toHaveLength(1);
    expect(plain.search("congé")).toEqual([]);
  });
});
