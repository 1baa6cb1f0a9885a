import type { CaseGrade } from "./grade-case";
import { type RateInterval, wilsonInterval } from "./wilson";

/** One finished case of a run: its grade (null when it failed), latency, tokens and cost. */
export interface RunCaseOutcome {
  grade: Omit<CaseGrade, "judgeUsage"> | null;
  expectAbstention: boolean;
  latencyMs: number | null;
  inputTokens: number;
  outputTokens: number;
  costMicroEur: number;
}

export interface RunSummary {
  /** Cases counted: every finished case; a case that failed counts as incorrect. */
  total: number;
  passed: number;
  errored: number;
  /** Correct-answer rate with its 95 % Wilson interval. */
  correct: RateInterval;
  metrics: {
    exactMatch: number;
    tokenF1: number;
    containsReference: number;
    sourceHitAt5: number | null;
    abstentionAccuracy: number | null;
    falseAbstentionRate: number | null;
    groundedness: number | null;
    relevance: number | null;
    latencyP50Ms: number | null;
    latencyP95Ms: number | null;
    inputTokens: number;
    outputTokens: number;
    costMicroEur: number;
  };
}

function mean(values: number[]): number | null {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

/**
 * A run's headline and averages. Failed cases (no answer, judge unreadable) count as incorrect in
 * the correct-answer rate, so a broken model cannot look accurate; the other averages are over
 * the graded cases only.
 */
export function summarizeRun(outcomes: readonly RunCaseOutcome[]): RunSummary {
  const graded = outcomes.filter((o): o is RunCaseOutcome & { grade: Omit<CaseGrade, "judgeUsage"> } => o.grade !== null);
  const passed = graded.filter((o) => o.grade.correct).length;
  const answerable = graded.filter((o) => !o.expectAbstention);
  const unanswerable = graded.filter((o) => o.expectAbstention);
  const hits = graded.map((o) => o.grade.sourceHitAt5).filter((v): v is number => v !== null);
  const grounded = graded.map((o) => o.grade.groundedness).filter((g) => g !== null);
  const relevant = graded.map((o) => o.grade.relevance).filter((g) => g !== null);
  const latencies = outcomes.map((o) => o.latencyMs).filter((v): v is number => v !== null).sort((a, b) => a - b);
  return {
    total: outcomes.length,
    passed,
    errored: outcomes.length - graded.length,
    correct: wilsonInterval(passed, outcomes.length),
    metrics: {
      exactMatch: mean(answerable.map((o) => o.grade.exactMatch)) ?? 0,
      tokenF1: mean(answerable.map((o) => o.grade.tokenF1)) ?? 0,
      containsReference: mean(answerable.map((o) => o.grade.containsReference)) ?? 0,
      sourceHitAt5: mean(hits),
      abstentionAccuracy: mean(unanswerable.map((o) => (o.grade.abstained ? 1 : 0))),
      falseAbstentionRate: mean(answerable.map((o) => (o.grade.abstained ? 1 : 0))),
      groundedness: mean(grounded.map((g) => (g.passed ? 1 : 0))),
      relevance: mean(relevant.map((g) => (g.passed ? 1 : 0))),
      latencyP50Ms: percentile(latencies, 50),
      latencyP95Ms: percentile(latencies, 95),
      inputTokens: outcomes.reduce((a, o) => a + o.inputTokens, 0),
      outputTokens: outcomes.reduce((a, o) => a + o.outputTokens, 0),
      costMicroEur: outcomes.reduce((a, o) => a + o.costMicroEur, 0),
    },
  };
}
