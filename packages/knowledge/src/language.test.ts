import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { detectLanguage } from "./language";

const datasets = fileURLToPath(new URL("../../../../shared/datasets/", import.meta.url));

function firstTexts(file: string, count: number): string[] {
  return readFileSync(datasets + file, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .slice(0, count)
    .map((l) => (JSON.parse(l) as { text: string }).text);
}

describe("detectLanguage", () => {
  it("tells French from English on plain sentences", () => {
    expect(detectLanguage("Le congé parental peut être demandé par les deux parents.").language).toBe("fr");
    expect(detectLanguage("Parental leave can be requested by both parents.").language).toBe("en");
    expect(detectLanguage("Où est la salle de réunion ?").language).toBe("fr");
    expect(detectLanguage("", "fr")).toEqual({ language: "fr", confidence: 0.5 });
  });

  const available = existsSync(`${datasets}piaf-fr-dev/queries.jsonl`) && existsSync(`${datasets}beir-scifact`);
  it.skipIf(!available)("is right on dataset sentences (PIAF French questions, SciFact English claims)", () => {
    const french = firstTexts("piaf-fr-dev/queries.jsonl", 300);
    const english = firstTexts("beir-scifact/queries_test.jsonl", 300);
    const frenchRight = french.filter((t) => detectLanguage(t).language === "fr").length / french.length;
    const englishRight = english.filter((t) => detectLanguage(t).language === "en").length / english.length;
    expect(frenchRight).toBeGreaterThan(0.95);
    expect(englishRight).toBeGreaterThan(0.95);
    // Whole paragraphs are unambiguous.
    for (const text of firstTexts("piaf-fr-dev/corpus.jsonl", 100)) expect(detectLanguage(text).language).toBe("fr");
    for (const text of firstTexts("beir-scifact/corpus.jsonl", 100)) expect(detectLanguage(text).language).toBe("en");
  });
});
