import { evalCaseFields } from "@atelier/validators";
import { describe, expect, it } from "vitest";
import { CASE_TEMPLATE_CSV, decodeCaseFile } from "./case-file";
import { caseFieldError, emptyCase, searchCases, splitList, toCaseInput, valuesOfCase, withoutFieldError } from "./case-values";
import {
  activeRun,
  chartRows,
  chartSeries,
  formatInterval,
  formatMicroEur,
  formatPercent,
  formatRateWithInterval,
  latestDoneRun,
  parsePercentField,
  percentFieldText,
  scheduleKeyOf,
  type ChartRun,
} from "./rates";
import { filterChanges, filterResults, outcomeCounts, outcomeOf, shortText, tagsOf } from "./run-filters";

/** French uses (narrow) no-break spaces; compare with plain ones. */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

describe("rates", () => {
  it("writes a rate and its interval in each language", () => {
    expect(formatPercent(0.7857, "en")).toBe("79%");
    expect(plain(formatPercent(0.7857, "fr"))).toBe("79 %");
    expect(formatInterval(0.6429, 0.8818, "en")).toBe("64–88%");
    expect(plain(formatInterval(0.6429, 0.8818, "fr"))).toBe("64–88 %");
    expect(formatRateWithInterval({ correctRate: 0.78, rateLow: 0.64, rateHigh: 0.88 }, "en")).toBe("78% (64–88%)");
    expect(formatRateWithInterval({ correctRate: null, rateLow: null, rateHigh: null }, "en")).toBeNull();
  });

  it("shows costs in euros with 4 decimals", () => {
    expect(formatMicroEur(12_345, "en")).toBe("€0.0123");
    expect(plain(formatMicroEur(0, "fr"))).toBe("0,0000 €");
  });

  it("reads and writes percentage fields as fractions", () => {
    expect(percentFieldText(0.75, "en")).toBe("75");
    expect(percentFieldText(0.055, "fr")).toBe("5,5");
    expect(percentFieldText(null, "en")).toBe("");
    expect(parsePercentField("75")).toBe(0.75);
    expect(parsePercentField(" 5,5 % ")).toBe(0.055);
    expect(parsePercentField("")).toBeNull();
    expect(parsePercentField("abc")).toBeNaN();
  });

  it("names the schedule of a suite", () => {
    expect(scheduleKeyOf(null)).toBe("none");
    expect(scheduleKeyOf(1440)).toBe("daily");
    expect(scheduleKeyOf(90)).toBe("custom");
  });
});

const run = (over: Partial<ChartRun>): ChartRun => ({
  id: "r",
  suiteId: "s1",
  suiteName: "Suite 1",
  status: "done",
  versionLabel: "v1",
  trigger: "manual",
  correctRate: 0.5,
  rateLow: 0.4,
  rateHigh: 0.6,
  passed: 5,
  completed: 10,
  total: 10,
  createdAt: new Date("2025-01-01T10:00:00Z"),
  finishedAt: new Date("2025-01-01T10:05:00Z"),
  ...over,
});

describe("chartSeries", () => {
  it("keeps finished runs per suite, oldest first, as percentages with whiskers", () => {
    const runs = [
      run({ id: "c", finishedAt: new Date("2025-01-03T00:00:00Z"), correctRate: 0.8, rateLow: 0.7, rateHigh: 0.85, versionLabel: "v2" }),
      run({ id: "running", status: "running", correctRate: null, finishedAt: null }),
      run({ id: "b", suiteId: "s2", suiteName: "Suite 2" }),
      run({ id: "a", finishedAt: new Date("2025-01-02T00:00:00Z") }),
      run({ id: "failed", status: "failed", correctRate: null }),
    ];
    const series = chartSeries(runs);
    // Suite 2 was measured first.
    expect(series.map((s) => s.suiteId)).toEqual(["s2", "s1"]);
    expect(series[1]!.points.map((p) => p.runId)).toEqual(["a", "c"]);
    const last = series[1]!.points[1]!;
    expect(last.rate).toBeCloseTo(80);
    expect(last.error[0]).toBeCloseTo(10);
    expect(last.error[1]).toBeCloseTo(5);
    expect(last.versionLabel).toBe("v2");
  });

  it("merges the series into rows by time, each suite under its own keys", () => {
    const series = chartSeries([
      run({ id: "a", finishedAt: new Date("2025-01-02T00:00:00Z") }),
      run({ id: "b", suiteId: "s2", suiteName: "Suite 2", finishedAt: new Date("2025-01-02T00:00:00Z"), correctRate: 0.9 }),
      run({ id: "c", finishedAt: new Date("2025-01-03T00:00:00Z") }),
    ]);
    const rows = chartRows(series);
    expect(rows).toHaveLength(2);
    expect(rows[0]!.rate0).toBeCloseTo(50);
    expect(rows[0]!.rate1).toBeCloseTo(90);
    expect(rows[0]!.point1?.runId).toBe("b");
    expect(rows[1]!.point0?.runId).toBe("c");
    expect(rows[1]!.rate1).toBeUndefined();
  });

  it("finds the latest finished and the running run of a suite", () => {
    const runs = [run({ id: "new", status: "queued" }), run({ id: "done" }), run({ id: "old" })];
    expect(latestDoneRun(runs, "s1")?.id).toBe("done");
    expect(activeRun(runs, "s1")?.id).toBe("new");
    expect(activeRun(runs, "s2")).toBeNull();
  });
});

describe("case values", () => {
  it("splits lists on commas and new lines", () => {
    expect(splitList("leave-policy.pdf, HR handbook\nfaq.md,, leave-policy.PDF")).toEqual(["leave-policy.pdf", "HR handbook", "faq.md"]);
    expect(splitList("  ")).toEqual([]);
  });

  it("turns the form into a case the shared schema accepts, and back", () => {
    const values = { ...emptyCase, question: "How long is leave?", referenceAnswer: "25 days", tags: "leave, hr", language: "en" as const };
    const input = toCaseInput(values);
    expect(evalCaseFields.safeParse(input).success).toBe(true);
    expect(input.tags).toEqual(["leave", "hr"]);
    expect(valuesOfCase(evalCaseFields.parse(input))).toEqual({ ...values, tags: "leave, hr" });
  });

  it("drops the reference of a case that should say it does not know", () => {
    const input = toCaseInput({ ...emptyCase, question: "Who won in 1998?", referenceAnswer: "France", expectAbstention: true });
    expect(input.referenceAnswer).toBe("");
    expect(evalCaseFields.safeParse(input).success).toBe(true);
  });

  it("finds the field of an error, from the schema or from the server", () => {
    const errors = { "tags.1": "A tag cannot contain \"|\"", "case.question": "The question is required" };
    expect(caseFieldError(errors, "tags")).toBe('A tag cannot contain "|"');
    expect(caseFieldError(errors, "question")).toBe("The question is required");
    expect(caseFieldError(errors, "referenceAnswer")).toBeUndefined();
  });

  it("clears the error of the field that changed", () => {
    const errors = { "case.question": "The question is required", referenceAnswer: "A reference answer is required unless the assistant should say it does not know", "tags.0": "x" };
    expect(Object.keys(withoutFieldError(errors, "question"))).toEqual(["referenceAnswer", "tags.0"]);
    expect(Object.keys(withoutFieldError(errors, "expectAbstention"))).toEqual(["case.question", "tags.0"]);
  });

  it("searches cases without caring for case or accents", () => {
    const cases = [
      { question: "Combien de congés ?", referenceAnswer: "25 jours", expectedSources: [], tags: ["rh"] },
      { question: "Who is the CEO?", referenceAnswer: "Ada", expectedSources: ["org.pdf"], tags: [] },
    ];
    expect(searchCases(cases, "conges").map((c) => c.referenceAnswer)).toEqual(["25 jours"]);
    expect(searchCases(cases, "ORG.pdf ada")).toHaveLength(1);
    expect(searchCases(cases, "")).toHaveLength(2);
  });
});

describe("case files", () => {
  it("reads UTF-8, and windows-1252 when UTF-8 does not fit", () => {
    expect(decodeCaseFile(new TextEncoder().encode("question\nRéponse"))).toBe("question\nRéponse");
    const latin = Uint8Array.from([0x52, 0xe9, 0x70, 0x6f, 0x6e, 0x73, 0x65, 0x20, 0x80]);
    expect(decodeCaseFile(latin)).toBe("Réponse €");
  });

  it("offers a template with every column", () => {
    expect(CASE_TEMPLATE_CSV.split("\r\n")[0]).toBe("question,reference_answer,expect_abstention,expected_sources,tags,language");
  });
});

const result = (over: Partial<Parameters<typeof outcomeOf>[0]> & { tags?: string[]; question?: string; answer?: string | null }) => ({
  status: "done" as const,
  correct: true,
  question: "How long is leave?",
  answer: "25 days",
  referenceAnswer: "25 working days",
  tags: [] as string[],
  ...over,
});

describe("run filters", () => {
  const results = [
    result({}),
    result({ correct: false, tags: ["leave"], question: "Où est le siège ?", answer: "Je ne sais pas" }),
    result({ status: "error", correct: null, answer: null, tags: ["leave", "hr"] }),
    result({ status: "pending", correct: null, answer: null }),
  ];

  it("names each outcome and counts them", () => {
    expect(results.map(outcomeOf)).toEqual(["passed", "failed", "error", "pending"]);
    expect(outcomeCounts(results)).toEqual({ all: 4, passed: 1, failed: 1, errors: 1 });
  });

  it("filters by outcome, tag and search", () => {
    expect(filterResults(results, { outcome: "failed", tag: "", search: "" })).toHaveLength(1);
    expect(filterResults(results, { outcome: "all", tag: "leave", search: "" })).toHaveLength(2);
    expect(filterResults(results, { outcome: "all", tag: "", search: "siege" })).toHaveLength(1);
    expect(filterResults(results, { outcome: "errors", tag: "hr", search: "" })).toHaveLength(1);
    expect(tagsOf(results)).toEqual(["hr", "leave"]);
  });

  it("filters a comparison by change", () => {
    const rows = [{ change: "improved" }, { change: "regressed" }, { change: "same" }, { change: "only_second" }];
    expect(filterChanges(rows, "regressed")).toEqual([{ change: "regressed" }]);
    expect(filterChanges(rows, "only")).toEqual([{ change: "only_second" }]);
    expect(filterChanges(rows, "all")).toHaveLength(4);
  });

  it("shortens an answer to one plain line", () => {
    expect(shortText("**Leave** lasts\n\n25 days.")).toBe("Leave lasts 25 days.");
    expect(shortText("a".repeat(200), 10)).toBe(`${"a".repeat(9)}…`);
    expect(shortText(null)).toBe("");
  });
});
