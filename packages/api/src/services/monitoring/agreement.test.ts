import { describe, expect, it } from "vitest";
import { type AgreementPair, agreement } from "./agreement";

type Judge = AgreementPair["judge"];
type Human = AgreementPair["human"];

/** `count` pairs of (judge, human). */
function times(count: number, judge: Judge, human: Human): AgreementPair[] {
  return Array.from({ length: count }, () => ({ judge, human }));
}

/** A 2×2 table as pairs: yes = grounded / correct, no = ungrounded / incorrect (judge in rows). */
function twoByTwo(yesYes: number, yesNo: number, noYes: number, noNo: number): AgreementPair[] {
  return [...times(yesYes, "grounded", "correct"), ...times(yesNo, "grounded", "incorrect"), ...times(noYes, "ungrounded", "correct"), ...times(noNo, "ungrounded", "incorrect")];
}

describe("agreement", () => {
  it("gives the textbook kappa of Wikipedia's example (20 / 5 / 10 / 15)", () => {
    // po = (20 + 15) / 50 = 0.7; the judge says yes 25 times, the reviewer 30 times:
    // pe = 0.5 · 0.6 + 0.5 · 0.4 = 0.5; κ = (0.7 − 0.5) / (1 − 0.5) = 0.4.
    const result = agreement(twoByTwo(20, 5, 10, 15));
    expect(result.n).toBe(50);
    expect(result.percentAgreement).toBeCloseTo(0.7, 10);
    expect(result.kappa).toBeCloseTo(0.4, 10);
    // Only two classes are used: the binary view is the same table.
    expect(result.binary.percentAgreement).toBeCloseTo(0.7, 10);
    expect(result.binary.kappa).toBeCloseTo(0.4, 10);
    expect(result.counts.grounded).toEqual({ correct: 20, partial: 0, incorrect: 5 });
    expect(result.counts.ungrounded).toEqual({ correct: 10, partial: 0, incorrect: 15 });
    expect(result.counts.partially_grounded).toEqual({ correct: 0, partial: 0, incorrect: 0 });
  });

  it("tells apart Wikipedia's two tables with the same 60 % agreement", () => {
    // 45 / 15 / 25 / 15: pe = 0.6 · 0.7 + 0.4 · 0.3 = 0.54, κ = 0.06 / 0.46 = 0.1304.
    expect(agreement(twoByTwo(45, 15, 25, 15)).kappa).toBeCloseTo(0.1304, 4);
    // 25 / 35 / 5 / 35: pe = 0.6 · 0.3 + 0.4 · 0.7 = 0.46, κ = 0.14 / 0.54 = 0.2593.
    expect(agreement(twoByTwo(25, 35, 5, 35)).kappa).toBeCloseTo(0.2593, 4);
  });

  it("is 1 for perfect agreement and 0 at chance level", () => {
    const perfect = agreement([...times(7, "grounded", "correct"), ...times(3, "partially_grounded", "partial"), ...times(5, "ungrounded", "incorrect")]);
    expect(perfect).toMatchObject({ n: 15, percentAgreement: 1, kappa: 1, binary: { percentAgreement: 1, kappa: 1 } });
    // Each rater says yes half the time, independently of the other: po = pe = 0.5.
    const chance = agreement(twoByTwo(10, 10, 10, 10));
    expect(chance.percentAgreement).toBeCloseTo(0.5, 10);
    expect(chance.kappa).toBeCloseTo(0, 10);
    // Systematic disagreement is below chance.
    expect(agreement(twoByTwo(0, 10, 10, 0)).kappa).toBeCloseTo(-1, 10);
  });

  it("computes a 3×3 table by hand, and its acceptable / not acceptable view", () => {
    // judge \ human   correct  partial  incorrect   total
    // grounded           25        5        2         32
    // partially           3       10        4         17
    // ungrounded          2        3       16         21
    // total              30       18       22         70
    // po = (25 + 10 + 16) / 70 = 51 / 70 = 0.728571
    // pe = (32·30 + 17·18 + 21·22) / 70² = (960 + 306 + 462) / 4900 = 1728 / 4900 = 0.352653
    // κ = (51/70 − 1728/4900) / (1 − 1728/4900) = (3570 − 1728) / (4900 − 1728) = 1842 / 3172 = 0.580706
    // "Moderate" agreement on Landis & Koch's scale (0.41–0.60).
    const pairs = [
      ...times(25, "grounded", "correct"),
      ...times(5, "grounded", "partial"),
      ...times(2, "grounded", "incorrect"),
      ...times(3, "partially_grounded", "correct"),
      ...times(10, "partially_grounded", "partial"),
      ...times(4, "partially_grounded", "incorrect"),
      ...times(2, "ungrounded", "correct"),
      ...times(3, "ungrounded", "partial"),
      ...times(16, "ungrounded", "incorrect"),
    ];
    const result = agreement(pairs);
    expect(result.n).toBe(70);
    expect(result.percentAgreement).toBeCloseTo(51 / 70, 10);
    expect(result.kappa).toBeCloseTo(1842 / 3172, 10);
    expect(result.kappa).toBeCloseTo(0.5807, 4);
    // Binary: acceptable = grounded / correct.
    //                 correct  not
    // grounded           25     7      32
    // not                 5    33      38
    //                    30    40      70
    // po = 58 / 70 = 0.828571; pe = (32·30 + 38·40) / 4900 = 2480 / 4900
    // κ = (4060 − 2480) / (4900 − 2480) = 1580 / 2420 = 0.652893
    expect(result.binary.percentAgreement).toBeCloseTo(58 / 70, 10);
    expect(result.binary.kappa).toBeCloseTo(1580 / 2420, 10);
    expect(result.counts.partially_grounded).toEqual({ correct: 3, partial: 10, incorrect: 4 });
  });

  it("has no kappa when it is undefined: nothing to compare, or both raters always give the same verdict", () => {
    expect(agreement([])).toMatchObject({ n: 0, percentAgreement: null, kappa: null, binary: { percentAgreement: null, kappa: null } });
    // pe = 1: agreement is total but says nothing about the judge.
    const allGood = agreement(times(12, "grounded", "correct"));
    expect(allGood).toMatchObject({ n: 12, percentAgreement: 1, kappa: null, binary: { percentAgreement: 1, kappa: null } });
    // Three classes used, but binary "not acceptable" on both sides every time: binary kappa undefined.
    const allBad = agreement([...times(3, "ungrounded", "incorrect"), ...times(2, "partially_grounded", "partial"), ...times(1, "ungrounded", "partial")]);
    expect(allBad.binary).toEqual({ percentAgreement: 1, kappa: null });
    expect(allBad.kappa).not.toBeNull();
  });
});
