import { describe, expect, it } from "vitest";
import { accuracyRows, anyRunning, sortRows, type AccuracyOverview } from "./accuracy-rows";

const run = (correctRate: number | null) =>
  ({
    id: `run-${correctRate}`,
    assistantId: "a",
    suiteId: "s",
    status: "done",
    versionLabel: "v1",
    trigger: "manual",
    total: 10,
    completed: 10,
    passed: 8,
    correctRate,
    rateLow: null,
    rateHigh: null,
    finishedAt: new Date(),
    createdAt: new Date(),
  }) as const;

const data = [
  { assistantId: "a1", name: "HR", emoji: "🧑‍💼", suites: [{ id: "s1", name: "Leave", activeCases: 10, lastRun: run(0.8), running: null }, { id: "s2", name: "Pay", activeCases: 4, lastRun: null, running: null }] },
  { assistantId: "a2", name: "IT", emoji: "💻", suites: [] },
  { assistantId: "a3", name: "Legal", emoji: "⚖️", suites: [{ id: "s3", name: "Contracts", activeCases: 5, lastRun: run(0.5), running: run(null) }] },
] as unknown as AccuracyOverview;

describe("accuracyRows", () => {
  it("makes one row per assistant and suite, and one for an assistant without suites", () => {
    const rows = accuracyRows(data);
    expect(rows.map((r) => [r.name, r.suite?.name ?? null])).toEqual([
      ["HR", "Leave"],
      ["HR", "Pay"],
      ["IT", null],
      ["Legal", "Contracts"],
    ]);
  });
});

describe("sortRows", () => {
  const rows = accuracyRows(data);
  it("sorts by rate either way, rows without a rate last", () => {
    expect(sortRows(rows, "asc").map((r) => r.key)).toEqual(["a3:s3", "a1:s1", "a1:s2", "a2"]);
    expect(sortRows(rows, "desc").map((r) => r.key)).toEqual(["a1:s1", "a3:s3", "a1:s2", "a2"]);
  });
  it("keeps the server's order when not sorted", () => {
    expect(sortRows(rows, "none").map((r) => r.key)).toEqual(rows.map((r) => r.key));
  });
});

describe("anyRunning", () => {
  it("is true while a suite has a run in progress", () => {
    expect(anyRunning(data)).toBe(true);
    expect(anyRunning([data[0]!, data[1]!] as AccuracyOverview)).toBe(false);
    expect(anyRunning(undefined)).toBe(false);
  });
});
