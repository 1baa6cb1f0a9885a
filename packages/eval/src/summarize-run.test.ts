import { describe, expect, it } from "vitest";
import type { CaseGrade } from "./grade-case";
import { percentile, summarizeRun } from "./summarize-run";

function grade(partial: Partial<CaseGrade>): CaseGrade {
  return {
    exactMatch: 0,
    tokenF1: 0,
    containsReference: 0,
    sourceHitAt5: null,
    abstained: false,
    correctAbstention: null,
    correctness: null,
    groundedness: null,
    relevance: null,
    decidedBy: "deterministic",
    correct: false,
    judgeUsage: { inputTokens: 0, outputTokens: 0, calls: 0 },
    ...partial,
  };
}
const outcome = (g: CaseGrade | null, extra: Partial<{ expectAbstention: boolean; latencyMs: number | null }> = {}) => ({
  grade: g,
  expectAbstention: false,
  latencyMs: 100,
  inputTokens: 10,
  outputTokens: 5,
  costMicroEur: 3,
  ...extra,
});

describe("summarizeRun", () => {
  it("counts failed cases as incorrect in the rate, and averages scores over graded ones", () => {
    const summary = summarizeRun([
      outcome(grade({ correct: true, exactMatch: 1, tokenF1: 1, containsReference: 1, sourceHitAt5: 1 }), { latencyMs: 100 }),
      outcome(grade({ correct: false, tokenF1: 0.5, sourceHitAt5: 0 }), { latencyMs: 300 }),
      outcome(grade({ correct: true, abstained: true, correctAbstention: 1 }), { expectAbstention: true, latencyMs: 200 }),
      outcome(null, { latencyMs: null }),
    ]);
    expect(summary).toMatchObject({ total: 4, passed: 2, errored: 1 });
    expect(summary.correct.rate).toBe(0.5);
    // Wilson 95 % for 2/4: [0.150, 0.850].
    expect(summary.correct.low).toBeCloseTo(0.15, 2);
    expect(summary.correct.high).toBeCloseTo(0.85, 2);
    expect(summary.metrics.exactMatch).toBe(0.5);
    expect(summary.metrics.tokenF1).toBe(0.75);
    expect(summary.metrics.sourceHitAt5).toBe(0.5);
    expect(summary.metrics.abstentionAccuracy).toBe(1);
    expect(summary.metrics.falseAbstentionRate).toBe(0);
    expect(summary.metrics.groundedness).toBeNull();
    expect(summary.metrics.latencyP50Ms).toBe(200);
    expect(summary.metrics.latencyP95Ms).toBe(300);
    expect(summary.metrics).toMatchObject({ inputTokens: 40, outputTokens: 20, costMicroEur: 12 });
  });

  it("gives the widest interval for an empty run", () => {
    expect(summarizeRun([]).correct).toEqual({ rate: 0, low: 0, high: 1 });
  });

  it("nearest-rank percentiles", () => {
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95)).toBe(10);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50)).toBe(5);
    expect(percentile([], 50)).toBeNull();
  });
});
