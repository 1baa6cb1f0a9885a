import { describe, expect, it } from "vitest";
import { canonicalTimeZone, createCurrentDatetimeTool, describeDateTime } from "./current-datetime";
import type { ToolContext } from "./tool-definition";

// Friday 14 March 2025, 13:05:09 UTC.
const instant = new Date("2025-03-14T13:05:09Z");
const context = (over: Partial<ToolContext> = {}): ToolContext => ({
  userId: "u",
  assistantId: "a",
  conversationId: "c",
  signal: new AbortController().signal,
  now: () => instant,
  ...over,
});

describe("describeDateTime", () => {
  it("gives the local date, time and offset in ISO form", () => {
    const paris = describeDateTime(instant, "Europe/Paris");
    expect(paris.iso).toBe("2025-03-14T14:05:09+01:00");
    expect(paris).toMatchObject({ date: "2025-03-14", time: "14:05", utcOffset: "+01:00", isoWeek: 11 });
    expect(describeDateTime(instant, "America/New_York").iso).toBe("2025-03-14T09:05:09-04:00");
    expect(describeDateTime(instant, "UTC").iso).toBe("2025-03-14T13:05:09+00:00");
    expect(describeDateTime(instant, "Asia/Kolkata").iso).toBe("2025-03-14T18:35:09+05:30");
  });

  it("follows summer time and crosses midnight into the next day", () => {
    expect(describeDateTime(new Date("2025-07-01T22:30:00Z"), "Europe/Paris")).toMatchObject({ date: "2025-07-02", time: "00:30", utcOffset: "+02:00" });
    expect(describeDateTime(new Date("2025-07-02T02:00:00Z"), "Pacific/Auckland").weekday.en).toBe("Wednesday");
  });

  it("names the day in English and French words", () => {
    const paris = describeDateTime(instant, "Europe/Paris");
    expect(paris.weekday).toEqual({ en: "Friday", fr: "vendredi" });
    expect(paris.en).toMatch(/^Friday, March 14, 2025 at 2:05\sPM$/);
    expect(paris.fr).toBe("vendredi 14 mars 2025 à 14:05");
  });

  it("numbers ISO weeks across the year boundary", () => {
    expect(describeDateTime(new Date("2024-12-30T12:00:00Z"), "UTC").isoWeek).toBe(1);
    expect(describeDateTime(new Date("2021-01-03T12:00:00Z"), "UTC").isoWeek).toBe(53);
  });
});

describe("canonicalTimeZone", () => {
  it("accepts IANA names in any case and refuses the rest", () => {
    expect(canonicalTimeZone("europe/paris")).toBe("Europe/Paris");
    expect(canonicalTimeZone("Asia/Kolkata")).toBe("Asia/Kolkata");
    expect(canonicalTimeZone("Mars/Olympus_Mons")).toBeNull();
    expect(canonicalTimeZone("")).toBeNull();
  });
});

describe("current_datetime tool", () => {
  const tool = createCurrentDatetimeTool();

  it("uses Europe/Paris when the context has no time zone", async () => {
    const output = await tool.run({}, context());
    expect(output.content).toContain("Now in Europe/Paris (UTC+01:00): 2025-03-14T14:05:09+01:00");
    expect(output.content).toContain("Friday (vendredi)");
    expect(output.content).toContain("French: vendredi 14 mars 2025 à 14:05");
    expect(tool.requiresApproval({})).toBe(false);
  });

  it("uses the context time zone, and the timeZone argument over it", async () => {
    expect((await tool.run({}, context({ timeZone: "America/New_York" }))).content).toContain("2025-03-14T09:05:09-04:00");
    expect((await tool.run({ timeZone: "asia/tokyo" }, context({ timeZone: "America/New_York" }))).content).toContain("Now in Asia/Tokyo (UTC+09:00): 2025-03-14T22:05:09+09:00");
  });

  it("falls back to Europe/Paris when the user's time zone is unknown", async () => {
    expect((await tool.run({}, context({ timeZone: "Nowhere/Land" }))).content).toContain("Now in Europe/Paris");
  });

  it("refuses an unknown timeZone argument", async () => {
    await expect(tool.run({ timeZone: "Mars/Olympus_Mons" }, context())).rejects.toMatchObject({ code: "invalid_input", message: expect.stringContaining('Unknown time zone "Mars/Olympus_Mons"') });
  });
});
