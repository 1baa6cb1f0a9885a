import { describe, expect, it } from "vitest";
import { en } from "~/i18n/en";
import { fr } from "~/i18n/fr";
import { createTranslator } from "~/i18n/translate";
import { formatInterval, formatRate, isFinished, reasonSentence, runsByVersion } from "./quality-gate";
import type { EvalRunSummary } from "./types";

const tEn = createTranslator(en);
const tFr = createTranslator(fr, en);

describe("formatRate", () => {
  it("writes a percentage in each language, with a decimal only when needed", () => {
    expect(formatRate(0.78, "en")).toBe("78%");
    expect(formatRate(2 / 3, "en")).toBe("66.7%");
    expect(formatRate(0.78, "fr")).toMatch(/^78\s%$/);
  });
  it("writes an interval", () => {
    expect(formatInterval(0.62, 0.914, "en")).toBe("62–91%");
  });
});

describe("reasonSentence", () => {
  it("explains a rate under the threshold", () => {
    expect(reasonSentence({ kind: "threshold", suiteId: "s", suiteName: "HR", rate: 0.78, threshold: 0.85 }, tEn, "en")).toBe(
      "“HR”: 78% of answers are correct, below the 85% required.",
    );
  });
  it("explains a regression against the live version", () => {
    const reason = { kind: "regression", suiteId: "s", suiteName: "HR", rate: 0.78, baseline: 0.9, baselineVersion: "v3", margin: 0.05 } as const;
    expect(reasonSentence(reason, tEn, "en")).toBe("“HR”: 78% is lower than v3’s 90% by more than the allowed 5 points.");
    expect(reasonSentence(reason, tFr, "fr")).toContain("v3");
  });
  it("explains a check that could not run", () => {
    expect(reasonSentence({ kind: "run_failed", suiteId: "s", suiteName: "HR", error: "No model." }, tEn, "en")).toBe("“HR”: the check could not run: No model.");
  });
});

describe("runsByVersion", () => {
  const run = (over: Partial<EvalRunSummary>) =>
    ({ id: "r", suiteId: "s1", suiteName: "HR", assistantVersionId: "v1", status: "done", correctRate: 0.8, createdAt: new Date("2025-01-01"), ...over }) as EvalRunSummary;
  it("keeps the latest finished run of each suite for each version", () => {
    const map = runsByVersion([
      run({ id: "old", createdAt: new Date("2025-01-01") }),
      run({ id: "new", createdAt: new Date("2025-02-01") }),
      run({ id: "other-suite", suiteId: "s2" }),
      run({ id: "draft", assistantVersionId: null }),
      run({ id: "running", assistantVersionId: "v2", status: "running", correctRate: null }),
    ]);
    expect(map.get("v1")?.map((r) => r.id)).toEqual(["new", "other-suite"]);
    expect(map.has("v2")).toBe(false);
  });
  it("knows when a run has stopped", () => {
    expect(isFinished("queued")).toBe(false);
    expect(isFinished("running")).toBe(false);
    expect(isFinished("failed")).toBe(true);
  });
});
