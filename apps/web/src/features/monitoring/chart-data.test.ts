import { describe, expect, it } from "vitest";
import { busiestDay, labelPlacements, modelStacks, rateRows, rateSeries, timeDomain, versionMarkers } from "./chart-data";
import type { CostRow, DashboardRun, DashboardVersion, DayStats } from "./types";

const run = (id: string, suiteId: string, finishedAt: string, correctRate: number | null, versionLabel = "v1"): DashboardRun =>
  ({
    id,
    suiteId,
    suiteName: suiteId === "s1" ? "Leave" : "Pay",
    versionLabel,
    trigger: "manual",
    correctRate,
    rateLow: correctRate === null ? null : correctRate - 0.1,
    rateHigh: correctRate === null ? null : correctRate + 0.05,
    total: 10,
    finishedAt: new Date(finishedAt),
    judged: false,
  }) as DashboardRun;

const range = { from: "2025-03-01", to: "2025-03-10" };

describe("rateSeries and rateRows", () => {
  const runs = [
    run("r1", "s1", "2025-03-02T10:00:00Z", 0.8),
    run("r2", "s2", "2025-03-02T10:00:00Z", 0.5),
    run("r3", "s1", "2025-03-05T10:00:00Z", 0.9, "v2"),
    run("old", "s1", "2025-02-20T10:00:00Z", 0.1),
    run("late", "s1", "2025-03-11T00:00:00Z", 0.1),
    run("none", "s2", "2025-03-06T10:00:00Z", null),
  ];
  it("keeps the runs of the period with a rate, one series per suite", () => {
    const series = rateSeries(runs, range);
    expect(series.map((s) => [s.suiteName, s.points.map((p) => p.runId)])).toEqual([
      ["Leave", ["r1", "r3"]],
      ["Pay", ["r2"]],
    ]);
    expect(series[0]!.points[0]).toMatchObject({ rate: 80, low: 70, high: 85 });
  });
  it("merges moments into rows with whiskers per series", () => {
    const rows = rateRows(rateSeries(runs, range));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ rate0: 80, rate1: 50 });
    expect((rows[0]!.error0 as number[]).map((n) => Math.round(n))).toEqual([10, 5]);
    expect(rows[1]!.rate1).toBeUndefined();
  });
});

describe("versionMarkers", () => {
  it("marks the versions published in the period, those published despite a failing check apart", () => {
    const versions = [
      { id: "a", number: 1, createdAt: new Date("2025-02-01T00:00:00Z"), overrideReason: null },
      { id: "b", number: 2, createdAt: new Date("2025-03-03T00:00:00Z"), overrideReason: null },
      { id: "c", number: 3, createdAt: new Date("2025-03-10T23:00:00Z"), overrideReason: "Out of scope case" },
    ] as DashboardVersion[];
    expect(versionMarkers(versions, range).map((m) => [m.label, m.overridden])).toEqual([
      ["v2", false],
      ["v3", true],
    ]);
  });
});

describe("timeDomain", () => {
  it("pads the moments, and centres a single one", () => {
    expect(timeDomain([])).toBeNull();
    expect(timeDomain([1000])).toEqual([1000 - 3600_000, 1000 + 3600_000]);
    const [min, max] = timeDomain([0, 1_000_000])!;
    expect(min).toBeLessThan(0);
    expect(max).toBeGreaterThan(1_000_000);
  });
});

describe("modelStacks", () => {
  const rows = [
    { date: "2025-03-01", modelId: "a", model: "Mistral", calls: 2, inputTokens: 100, outputTokens: 50, costEur: 0.5 },
    { date: "2025-03-01", modelId: "b", model: "Built-in", calls: 1, inputTokens: 0, outputTokens: 0, costEur: 0 },
    { date: "2025-03-03", modelId: "a", model: "Mistral", calls: 1, inputTokens: 10, outputTokens: 5, costEur: 0.25 },
  ] as CostRow[];
  it("gives every day of the period a row, one key per model", () => {
    const stacks = modelStacks(rows, ["2025-03-01", "2025-03-02", "2025-03-03"], "cost");
    expect(stacks.models).toEqual([
      { key: "m0", name: "Mistral" },
      { key: "m1", name: "Built-in" },
    ]);
    expect(stacks.rows).toEqual([{ date: "2025-03-01", m0: 0.5, m1: 0 }, { date: "2025-03-02" }, { date: "2025-03-03", m0: 0.25 }]);
    expect(modelStacks(rows, ["2025-03-01"], "tokens").rows[0]).toEqual({ date: "2025-03-01", m0: 150, m1: 0 });
  });
});

describe("busiestDay", () => {
  it("finds the day with the most answers", () => {
    const series = [{ date: "a", answers: 2 }, { date: "b", answers: 5 }, { date: "c", answers: 0 }] as DayStats[];
    expect(busiestDay(series)).toEqual({ date: "b", answers: 5 });
    expect(busiestDay([{ date: "a", answers: 0 }] as DayStats[])).toBeNull();
  });
});

describe("labelPlacements", () => {
  it("moves a label inside the chart when the marker before it is too close", () => {
    const markers = [0, 10, 500, 990].map((time, i) => ({ id: `${i}`, label: `v${i + 1}`, time, overridden: false }));
    expect(labelPlacements(markers, [0, 1000])).toEqual(["top", "insideTop", "top", "top"]);
  });
});
