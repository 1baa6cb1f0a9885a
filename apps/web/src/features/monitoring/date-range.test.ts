import { describe, expect, it } from "vitest";
import { addDays, customRangeProblem, daysBetween, rangeFromSearch, rangeParams, withRange } from "./date-range";

const now = new Date("2025-03-14T23:30:00Z");

describe("rangeFromSearch", () => {
  it("reads the presets as whole UTC days ending today", () => {
    expect(rangeFromSearch(new URLSearchParams("period=7d"), now)).toEqual({ period: "7d", from: "2025-03-08", to: "2025-03-14" });
    expect(rangeFromSearch(new URLSearchParams("period=1y"), now)).toEqual({ period: "1y", from: "2024-03-15", to: "2025-03-14" });
  });
  it("falls back to the last 30 days", () => {
    expect(rangeFromSearch(new URLSearchParams(""), now)).toEqual({ period: "30d", from: "2025-02-13", to: "2025-03-14" });
    expect(rangeFromSearch(new URLSearchParams("period=12d"), now).period).toBe("30d");
    expect(rangeFromSearch(new URLSearchParams("period=custom&from=2025-01-01"), now).period).toBe("30d");
  });
  it("keeps a custom period as written, even backwards (the server explains)", () => {
    expect(rangeFromSearch(new URLSearchParams("period=custom&from=2025-02-01&to=2025-01-01"), now)).toEqual({ period: "custom", from: "2025-02-01", to: "2025-01-01" });
  });
});

describe("rangeParams and withRange", () => {
  it("leaves the default period out of the URL", () => {
    expect(rangeParams({ period: "30d" })).toEqual({});
    expect(rangeParams({ period: "90d" })).toEqual({ period: "90d" });
    expect(rangeParams({ period: "custom", from: "2025-01-01", to: "2025-01-31" })).toEqual({ period: "custom", from: "2025-01-01", to: "2025-01-31" });
  });
  it("keeps only the period in links", () => {
    expect(withRange("/monitoring/usage", new URLSearchParams("period=7d&by=model"))).toBe("/monitoring/usage?period=7d");
    expect(withRange("/monitoring", new URLSearchParams("q=hr"))).toBe("/monitoring");
  });
});

describe("custom periods", () => {
  it("counts days inclusively across months", () => {
    expect(daysBetween("2025-02-27", "2025-03-02")).toBe(4);
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
  });
  it("says what is wrong", () => {
    expect(customRangeProblem("", "2025-01-01")).toBe("missing");
    expect(customRangeProblem("2025-02-01", "2025-01-01")).toBe("order");
    expect(customRangeProblem("2020-01-01", "2025-01-01")).toBe("too_long");
    expect(customRangeProblem("2025-01-01", "2025-01-01")).toBeNull();
  });
});
