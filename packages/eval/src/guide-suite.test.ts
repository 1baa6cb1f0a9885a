import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseCaseFile } from "./case-files";
import { normalizeAnswer } from "./normalize";

/*
 * The Atelier Guide's test suite (docs/guide-test-suite.jsonl) checked against the guide itself:
 * the file reads without errors, and every reference answer is really in the page the case names,
 * so that a reworded page cannot leave the suite scoring against answers the guide no longer
 * gives. The engine is not run here: its accuracy on the suite is a measurement, not a test.
 */

const guide = fileURLToPath(new URL("../../../docs/guide/", import.meta.url));
const file = parseCaseFile(readFileSync(`${guide}../guide-test-suite.jsonl`, "utf8"), "jsonl");
const cases = file.rows.flatMap((row) => (row.case ? [{ line: row.line, ...row.case }] : []));

/** Whole normalised tokens, as containsReference matches them: « 50 MB » is not in « 150 MB ». */
function contains(text: string, reference: string): boolean {
  const needle = normalizeAnswer(reference);
  return needle !== "" && ` ${normalizeAnswer(text)} `.includes(` ${needle} `);
}

describe("the Atelier Guide's test suite", () => {
  it("reads without a file error or a row error", () => {
    expect(file.error).toBeNull();
    expect(file.ignoredColumns).toEqual([]);
    expect(file.rows.filter((row) => row.error)).toEqual([]);
  });

  it("has at least 30 cases, in English and in French, and at least 2 that the guide does not answer", () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    expect(cases.filter((c) => c.language === "en").length).toBeGreaterThanOrEqual(10);
    expect(cases.filter((c) => c.language === "fr").length).toBeGreaterThanOrEqual(10);
    expect(cases.filter((c) => c.language === null)).toEqual([]);
    expect(cases.filter((c) => c.expectAbstention).length).toBeGreaterThanOrEqual(2);
    expect(new Set(cases.map((c) => c.question)).size).toBe(cases.length);
  });

  it("names, for every answerable case, a page of the guide in the case's language", () => {
    for (const c of cases.filter((c) => !c.expectAbstention)) {
      expect(c.expectedSources, `line ${c.line}`).not.toEqual([]);
      for (const source of c.expectedSources) expect(existsSync(`${guide}${c.language}/${source}`), `line ${c.line}: ${c.language}/${source}`).toBe(true);
    }
  });

  it("finds every reference answer in each page the case names", () => {
    const missing = cases.flatMap((c) =>
      c.expectedSources
        .filter((source) => !contains(readFileSync(`${guide}${c.language}/${source}`, "utf8"), c.referenceAnswer))
        .map((source) => `line ${c.line}: "${c.referenceAnswer}" is not in ${c.language}/${source}`),
    );
    expect(missing).toEqual([]);
  });

  it("gives the questions the guide does not answer no reference and no source", () => {
    for (const c of cases.filter((c) => c.expectAbstention)) {
      expect([c.line, c.referenceAnswer, c.expectedSources]).toEqual([c.line, "", []]);
    }
  });
});
