export interface UsageFigures {
  calls: number;
  inputTokens: number;
  outputTokens: number;
  costEur: number;
}

/** Sums usage rows (per model, per day…); an empty list sums to zero. */
export function usageTotals(rows: readonly UsageFigures[]): UsageFigures {
  return rows.reduce(
    (sum, r) => ({ calls: sum.calls + r.calls, inputTokens: sum.inputTokens + r.inputTokens, outputTokens: sum.outputTokens + r.outputTokens, costEur: sum.costEur + r.costEur }),
    { calls: 0, inputTokens: 0, outputTokens: 0, costEur: 0 },
  );
}
