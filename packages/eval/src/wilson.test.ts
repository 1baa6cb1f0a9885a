import { describe, expect, it } from "vitest";
import { wilsonInterval } from "./wilson";

/** The closed form (x + z²/2 ± z·√(x(n−x)/n + z²/4)) / (n + z²), computed independently. */
function closedForm(x: number, n: number, z: number) {
  const spread = z * Math.sqrt((x * (n - x)) / n + (z * z) / 4);
  return [(x + (z * z) / 2 - spread) / (n + z * z), (x + (z * z) / 2 + spread) / (n + z * z)];
}

describe("wilsonInterval", () => {
  it("81 successes out of 263: [0.2553, 0.3662] at 95 %", () => {
    const interval = wilsonInterval(81, 263);
    expect(interval.rate).toBeCloseTo(0.308, 4);
    expect(interval.low).toBeCloseTo(0.2553, 4);
    expect(interval.high).toBeCloseTo(0.3662, 4);
  });

  it("0 out of 10: [0, 0.2775], the upper end being z²/(n + z²)", () => {
    expect(wilsonInterval(0, 10)).toEqual({ rate: 0, low: 0, high: expect.closeTo(0.2775, 4) });
    expect(wilsonInterval(0, 10).high).toBeCloseTo(1.96 ** 2 / (10 + 1.96 ** 2), 12);
  });

  it("10 out of 10: [0.7225, 1]", () => {
    expect(wilsonInterval(10, 10)).toEqual({ rate: 1, low: expect.closeTo(0.7225, 4), high: 1 });
  });

  it("5 out of 10: [0.2366, 0.7634], symmetric around one half", () => {
    const { low, high } = wilsonInterval(5, 10);
    expect(low).toBeCloseTo(0.2366, 4);
    expect(high).toBeCloseTo(0.7634, 4);
    expect(low + high).toBeCloseTo(1, 12);
  });

  it("widens with a larger z: 81/263 at 99 % (z = 2.5758) is [0.2401, 0.3853]", () => {
    const { low, high } = wilsonInterval(81, 263, 2.5758);
    expect(low).toBeCloseTo(0.2401, 4);
    expect(high).toBeCloseTo(0.3853, 4);
  });

  it("agrees with the closed form", () => {
    for (const [x, n] of [[3, 7], [1, 1], [50, 100], [999, 1000]] as const) {
      const [low, high] = closedForm(x, n, 1.96);
      const interval = wilsonInterval(x, n);
      expect(interval.low).toBeCloseTo(low!, 12);
      expect(interval.high).toBeCloseTo(high!, 12);
    }
  });

  it("returns the widest interval for n = 0 rather than NaN", () => {
    expect(wilsonInterval(0, 0)).toEqual({ rate: 0, low: 0, high: 1 });
  });

  it("refuses impossible counts", () => {
    expect(() => wilsonInterval(11, 10)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 10)).toThrow(RangeError);
    expect(() => wilsonInterval(1.5, 10)).toThrow(RangeError);
    expect(() => wilsonInterval(1, 10, 0)).toThrow(RangeError);
  });
});
