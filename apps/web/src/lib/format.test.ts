import { describe, expect, it } from "vitest";
import { formatBytes, formatCount, formatDuration, formatEur, formatPricePerMTok, formatRelativeTime, formatTokens, parseDecimal } from "./format";

/** French grouping and currency use (narrow) no-break spaces; compare with plain ones. */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

describe("formatEur", () => {
  it("shows cents in each locale's convention", () => {
    expect(formatEur(0.42, "en")).toBe("€0.42");
    expect(plain(formatEur(0.42, "fr"))).toBe("0,42 €");
    expect(formatEur(1234.5, "en")).toBe("€1,234.50");
    expect(plain(formatEur(1234.5, "fr"))).toBe("1 234,50 €");
    expect(formatEur(0, "en")).toBe("€0.00");
  });

  it("keeps tiny costs visible instead of rounding them to zero", () => {
    expect(formatEur(0.0012, "en")).toBe("€0.0012");
    expect(plain(formatEur(0.0000123, "fr"))).toBe("0,000012 €");
  });
});

describe("formatPricePerMTok", () => {
  it("keeps sub-cent precision of list prices", () => {
    expect(formatPricePerMTok(0.15, "en")).toBe("€0.15");
    expect(formatPricePerMTok(0.025, "en")).toBe("€0.025");
    expect(plain(formatPricePerMTok(2, "fr"))).toBe("2,00 €");
  });
});

describe("formatCount and formatTokens", () => {
  it("groups digits per locale", () => {
    expect(formatCount(1234, "en")).toBe("1,234");
    expect(plain(formatCount(1234, "fr"))).toBe("1 234");
  });

  it("shortens large token counts only", () => {
    expect(formatTokens(9_999, "en")).toBe("9,999");
    expect(formatTokens(12_345, "en")).toBe("12.3K");
    expect(formatTokens(1_200_000, "en")).toBe("1.2M");
    expect(plain(formatTokens(1_200_000, "fr"))).toBe("1,2 M");
  });
});

describe("parseDecimal", () => {
  it("accepts a comma or a dot, and reports empty input as NaN", () => {
    expect(parseDecimal("0,15")).toBe(0.15);
    expect(parseDecimal(" 2.5 ")).toBe(2.5);
    expect(parseDecimal("8 192")).toBe(8192);
    expect(parseDecimal("")).toBeNaN();
    expect(parseDecimal("abc")).toBeNaN();
  });
});

describe("formatRelativeTime", () => {
  const now = new Date("2025-03-10T12:00:00Z");
  it("says how long ago in each language", () => {
    expect(formatRelativeTime(new Date("2025-03-10T11:55:00Z"), "en", now)).toBe("5 minutes ago");
    expect(plain(formatRelativeTime(new Date("2025-03-10T11:55:00Z"), "fr", now))).toBe("il y a 5 minutes");
    expect(formatRelativeTime(new Date("2025-03-09T12:00:00Z"), "en", now)).toBe("yesterday");
    expect(formatRelativeTime(new Date("2025-03-10T11:59:40Z"), "en", now)).toBe("now");
  });
});

describe("formatDuration and formatBytes", () => {
  it("writes short durations", () => {
    expect(formatDuration(850, "en")).toBe("850 ms");
    expect(formatDuration(12_400, "en")).toBe("12 s");
    expect(formatDuration(185_000, "fr")).toBe("3 min 05 s");
    expect(formatDuration(3_720_000, "en")).toBe("1 h 02 min");
  });

  it("writes file sizes per locale", () => {
    expect(formatBytes(512, "en")).toBe("512 B");
    expect(formatBytes(512, "fr")).toBe("512 o");
    expect(formatBytes(50 * 1024 * 1024, "en")).toBe("50 MB");
    expect(plain(formatBytes(1.5 * 1024 * 1024, "fr"))).toBe("1,5 Mo");
  });
});
