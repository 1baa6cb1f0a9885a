import { describe, expect, it } from "vitest";
import { filterOverview, flagsIn, nextSort, sortOverview, withSuiteCases } from "./overview-rows";
import type { OverviewRow } from "./types";

const row = (name: string, teamName: string | null, values: Partial<OverviewRow> = {}): OverviewRow =>
  ({
    assistantId: name,
    name,
    emoji: "🤖",
    teamName,
    correctRate: null,
    rateLow: null,
    rateHigh: null,
    lastRun: null,
    trend: null,
    suiteCases: 0,
    suites: 0,
    thumbsUpRate: null,
    ratings: 0,
    answers: 0,
    conversations: 0,
    activeUsers7: 0,
    activeUsers30: 0,
    costEur: 0,
    flags: [],
    ...values,
  }) as OverviewRow;

const rows = [
  row("Helpdesk", "Équipe IT", { correctRate: 0.6, costEur: 2, activeUsers30: 4, flags: ["falling"] }),
  row("Atelier Guide", null, { correctRate: 0.9, costEur: 0, activeUsers30: 9 }),
  row("Payroll", "HR", { flags: ["no_suite"], costEur: 5 }),
];

describe("filterOverview", () => {
  it("matches the name or the team, ignoring case and accents", () => {
    expect(filterOverview(rows, "guide").map((r) => r.name)).toEqual(["Atelier Guide"]);
    expect(filterOverview(rows, "equipe").map((r) => r.name)).toEqual(["Helpdesk"]);
    expect(filterOverview(rows, "  ")).toHaveLength(3);
  });
});

describe("sortOverview", () => {
  it("sorts by a figure either way, rows without one last", () => {
    expect(sortOverview(rows, { key: "correctRate", direction: "desc" }).map((r) => r.name)).toEqual(["Atelier Guide", "Helpdesk", "Payroll"]);
    expect(sortOverview(rows, { key: "correctRate", direction: "asc" }).map((r) => r.name)).toEqual(["Helpdesk", "Atelier Guide", "Payroll"]);
    expect(sortOverview(rows, { key: "activeUsers", direction: "desc" }).map((r) => r.name)).toEqual(["Atelier Guide", "Helpdesk", "Payroll"]);
    expect(sortOverview(rows, { key: "name", direction: "asc" }).map((r) => r.name)).toEqual(["Atelier Guide", "Helpdesk", "Payroll"]);
  });
  it("starts figures highest first and names A to Z, then flips", () => {
    expect(nextSort({ key: "name", direction: "asc" }, "costEur")).toEqual({ key: "costEur", direction: "desc" });
    expect(nextSort({ key: "costEur", direction: "desc" }, "costEur")).toEqual({ key: "costEur", direction: "asc" });
  });
});

describe("flagsIn", () => {
  it("lists the flags present, in a stable order", () => {
    expect(flagsIn(rows)).toEqual(["no_suite", "falling"]);
  });
});

describe("withSuiteCases", () => {
  it("takes the suite sizes from the Accuracy data when there is some", () => {
    const accuracy = [{ assistantId: "Helpdesk", suites: [{ activeCases: 10 }, { activeCases: 4 }] }] as unknown as Parameters<typeof withSuiteCases>[1];
    expect(withSuiteCases(rows, accuracy).map((r) => r.suiteCases)).toEqual([14, 0, 0]);
    expect(withSuiteCases(rows, undefined)).toEqual(rows);
  });
});
