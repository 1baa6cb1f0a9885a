import { and, eq, inArray, isNotNull } from "drizzle-orm";
import { answerGrades, type Db, groundednessVerdicts, reviewItems, reviewVerdicts, type ReviewVerdict } from "@atelier/db";
import type { Context, SessionUser } from "../../context";
import { loadQualityAssistant } from "../eval/quality-access";

type Ctx = Context & { user: SessionUser };

export type GroundednessVerdict = (typeof groundednessVerdicts)[number];

/** One answer both graded by the judge and reviewed by a person. */
export interface AgreementPair {
  judge: GroundednessVerdict;
  human: ReviewVerdict;
}

/**
 * How the judge's verdicts line up with the reviewers' on the same answers. The three classes
 * correspond: grounded ↔ correct, partially grounded ↔ partial, ungrounded ↔ incorrect. `binary`
 * only asks whether the answer is acceptable (grounded / correct) or not, as the headline rates
 * do. Rates and kappas are null when there is nothing to compute them from.
 */
export interface Agreement {
  /** Answers both graded and reviewed. */
  n: number;
  /** Share of answers on which the judge and the reviewer gave the corresponding verdict (0–1). */
  percentAgreement: number | null;
  /** Cohen's kappa over the three classes: agreement beyond chance; null when chance alone explains all (pe = 1). */
  kappa: number | null;
  binary: { percentAgreement: number | null; kappa: number | null };
  /** Confusion matrix: counts[judge verdict][human verdict]. */
  counts: Record<GroundednessVerdict, Record<ReviewVerdict, number>>;
}

/** The reviewer's verdict that corresponds to each judge verdict. */
const HUMAN_OF: Record<GroundednessVerdict, ReviewVerdict> = { grounded: "correct", partially_grounded: "partial", ungrounded: "incorrect" };

/**
 * Cohen's kappa of a square confusion matrix (rows: one rater, columns: the other, same class
 * order): κ = (po − pe) / (1 − pe), po the observed agreement, pe the agreement expected by chance
 * from each rater's marginal frequencies. Computed on integer counts so that "pe = 1" is exact.
 */
function cohen(matrix: number[][]): { percentAgreement: number | null; kappa: number | null } {
  const n = matrix.reduce((sum, row) => sum + row.reduce((a, b) => a + b, 0), 0);
  if (n === 0) return { percentAgreement: null, kappa: null };
  const k = matrix.length;
  let diagonal = 0;
  let chance = 0; // Σ rowᵢ · colᵢ, i.e. pe · n²
  for (let i = 0; i < k; i++) {
    diagonal += matrix[i]![i]!;
    const row = matrix[i]!.reduce((a, b) => a + b, 0);
    const col = matrix.reduce((sum, r) => sum + r[i]!, 0);
    chance += row * col;
  }
  const percentAgreement = diagonal / n;
  if (chance === n * n) return { percentAgreement, kappa: null };
  return { percentAgreement, kappa: (diagonal * n - chance) / (n * n - chance) };
}

export function agreement(pairs: readonly AgreementPair[]): Agreement {
  const counts = Object.fromEntries(groundednessVerdicts.map((j) => [j, Object.fromEntries(reviewVerdicts.map((h) => [h, 0]))])) as Agreement["counts"];
  for (const pair of pairs) counts[pair.judge][pair.human] += 1;
  const matrix = groundednessVerdicts.map((j) => groundednessVerdicts.map((j2) => counts[j][HUMAN_OF[j2]]));
  // Acceptable (grounded / correct) first, then not acceptable.
  const binary = [
    [0, 0],
    [0, 0],
  ];
  for (const pair of pairs) binary[pair.judge === "grounded" ? 0 : 1]![pair.human === "correct" ? 0 : 1]! += 1;
  return { n: pairs.length, ...cohen(matrix), binary: cohen(binary), counts };
}

/** The judge's and the reviewers' verdicts on the same answers, by assistant. */
function pairsOf(db: Db, assistantIds: readonly string[]): Map<string, (AgreementPair & { sampled: boolean })[]> {
  const byAssistant = new Map<string, (AgreementPair & { sampled: boolean })[]>(assistantIds.map((id) => [id, []]));
  if (assistantIds.length === 0) return byAssistant;
  const rows = db
    .select({ assistantId: reviewItems.assistantId, judge: answerGrades.verdict, human: reviewItems.verdict, reason: reviewItems.reason })
    .from(reviewItems)
    .innerJoin(answerGrades, eq(answerGrades.messageId, reviewItems.messageId))
    .where(and(inArray(reviewItems.assistantId, [...assistantIds]), eq(reviewItems.status, "reviewed"), isNotNull(reviewItems.verdict)))
    .all();
  for (const row of rows) byAssistant.get(row.assistantId)?.push({ judge: row.judge, human: row.human!, sampled: row.reason === "sample" });
  return byAssistant;
}

/**
 * Agreement on all reviewed pairs, and on the randomly sampled ones only: the queue over-samples
 * thumbs-down and poorly grounded answers, so the second figure is the unbiased one (with fewer pairs).
 */
function withRandomSample(pairs: (AgreementPair & { sampled: boolean })[]): Agreement & { randomSample: Pick<Agreement, "n" | "percentAgreement" | "kappa"> } {
  const sampled = agreement(pairs.filter((p) => p.sampled));
  return { ...agreement(pairs), randomSample: { n: sampled.n, percentAgreement: sampled.percentAgreement, kappa: sampled.kappa } };
}

/**
 * Judge–human agreement of several assistants at once (for the dashboards, which show it next to
 * every judge-based figure). No access check: the caller has already filtered the assistants.
 */
export function agreementsOf(db: Db, assistantIds: readonly string[]): Map<string, ReturnType<typeof withRandomSample>> {
  return new Map([...pairsOf(db, assistantIds)].map(([id, pairs]) => [id, withRandomSample(pairs)]));
}

/** The assistant's judge–human agreement on live-graded answers that a reviewer also judged. */
export function assistantAgreement({ ctx, input }: { ctx: Ctx; input: { assistantId: string } }) {
  const assistant = loadQualityAssistant(ctx, input.assistantId);
  return { assistantId: assistant.id, ...withRandomSample(pairsOf(ctx.db, [assistant.id]).get(assistant.id)!) };
}
