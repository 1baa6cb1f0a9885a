import { and, asc, count, desc, eq, gte, inArray } from "drizzle-orm";
import { evalCases, evalResults, evalRuns, evalSuites } from "@atelier/db";
import type { Context, SessionUser } from "../../context";
import { ForbiddenError } from "../../errors";
import { canAdministerAssistant } from "../access";
import { draftConfig, loadEditable, publishAssistant } from "../assistants/versions";
import { createRun, currentJudge, latestDoneRuns, listRunsByIds, type RunSummaryRow } from "./runs";

type Ctx = Context & { user: SessionUser };

export type GateReason =
  | { kind: "threshold"; suiteId: string; suiteName: string; rate: number; threshold: number }
  | { kind: "regression"; suiteId: string; suiteName: string; rate: number; baseline: number; baselineVersion: string; margin: number }
  | { kind: "run_failed"; suiteId: string; suiteName: string; error: string };

export type PublishResult =
  | { status: "published"; id: string; number: number; checkedRunIds: string[]; overridden: boolean }
  | { status: "checking"; runs: RunSummaryRow[] }
  | {
      status: "blocked";
      runs: RunSummaryRow[];
      reasons: GateReason[];
      failingCases: { runId: string; question: string; referenceAnswer: string; expectAbstention: boolean; answer: string | null; error: string | null }[];
      canOverride: boolean;
    };

/**
 * Publish with the quality gate. When the assistant has suites that gate Publish, the draft is
 * first run on each of them (a "publish" run, reused while neither the draft, the suite nor the
 * judge changes). Publish goes through when every run is done and its correct-answer rate is at
 * least the assistant's threshold and not lower than the current version's by more than the
 * margin; else it is blocked with the reasons and failing cases, and only the owner or an admin
 * may publish anyway, with a written reason stored on the version.
 */
export function publishWithGate({ ctx, input }: { ctx: Ctx; input: { id: string; note?: string; overrideReason?: string; recheck?: boolean } }): PublishResult {
  const assistant = loadEditable(ctx, input.id);
  const suites = ctx.db
    .select({ suite: evalSuites, active: count(evalCases.id) })
    .from(evalSuites)
    .innerJoin(evalCases, and(eq(evalCases.suiteId, evalSuites.id), eq(evalCases.status, "active")))
    .where(and(eq(evalSuites.assistantId, assistant.id), eq(evalSuites.gatesPublish, true)))
    .groupBy(evalSuites.id)
    .orderBy(asc(evalSuites.createdAt))
    .all()
    .map((r) => r.suite);
  if (suites.length === 0) {
    return { status: "published", ...publishAssistant({ ctx, input: { id: assistant.id, note: input.note } }), checkedRunIds: [], overridden: false };
  }

  const draft = JSON.stringify(draftConfig(ctx, assistant));
  const judgeId = currentJudge(ctx).modelId;
  const runIds: string[] = [];
  for (const suite of suites) {
    const candidates = ctx.db
      .select()
      .from(evalRuns)
      .where(and(eq(evalRuns.suiteId, suite.id), eq(evalRuns.trigger, "publish"), eq(evalRuns.versionLabel, "draft"), gte(evalRuns.createdAt, suite.updatedAt)))
      .orderBy(desc(evalRuns.createdAt))
      .limit(20)
      .all();
    const reusable = candidates.find(
      (r) => JSON.stringify(r.config) === draft && r.judge.modelId === judgeId && r.status !== "cancelled" && !(input.recheck && r.status === "failed"),
    );
    runIds.push(reusable ? reusable.id : createRun(ctx, { suite, assistant, target: "draft", trigger: "publish", createdById: ctx.user.id }).runId);
  }
  const runs = ctx.db.select().from(evalRuns).where(inArray(evalRuns.id, runIds)).all();
  const rows = runIds.map((id) => runs.find((r) => r.id === id)!);
  const summaries = () => listRunsByIds(ctx, runIds);
  if (rows.some((r) => r.status === "queued" || r.status === "running")) return { status: "checking", runs: summaries() };

  const reasons: GateReason[] = [];
  const baselines = assistant.currentVersionId ? latestDoneRuns(ctx, suites.map((s) => s.id), assistant.currentVersionId) : new Map();
  for (const run of rows) {
    const suite = suites.find((s) => s.id === run.suiteId)!;
    if (run.status === "failed") {
      reasons.push({ kind: "run_failed", suiteId: suite.id, suiteName: suite.name, error: run.error ?? "The check could not run." });
      continue;
    }
    const rate = run.correctRate ?? 0;
    if (assistant.qualityThreshold !== null && rate < assistant.qualityThreshold) {
      reasons.push({ kind: "threshold", suiteId: suite.id, suiteName: suite.name, rate, threshold: assistant.qualityThreshold });
    }
    const baseline = baselines.get(suite.id);
    // A small epsilon: 0.8 - 0.05 is 0.75000000000000001 in floating point.
    if (baseline?.correctRate != null && rate < baseline.correctRate - assistant.qualityMargin - 1e-9) {
      reasons.push({ kind: "regression", suiteId: suite.id, suiteName: suite.name, rate, baseline: baseline.correctRate, baselineVersion: baseline.versionLabel, margin: assistant.qualityMargin });
    }
  }

  const canOverride = canAdministerAssistant(ctx.user, assistant);
  if (reasons.length > 0 && !input.overrideReason) {
    const failingCases = ctx.db
      .select({
        runId: evalResults.runId,
        question: evalResults.question,
        referenceAnswer: evalResults.referenceAnswer,
        expectAbstention: evalResults.expectAbstention,
        answer: evalResults.answer,
        error: evalResults.error,
      })
      .from(evalResults)
      .where(and(inArray(evalResults.runId, runIds), eq(evalResults.correct, false)))
      .orderBy(asc(evalResults.position))
      .limit(50)
      .all();
    return { status: "blocked", runs: summaries(), reasons, failingCases, canOverride };
  }
  if (reasons.length > 0 && !canOverride) {
    throw new ForbiddenError("Only the assistant's owner or an admin can publish despite a failing quality check.", "eval.override_forbidden");
  }
  const published = publishAssistant({ ctx, input: { id: assistant.id, note: input.note, overrideReason: reasons.length ? input.overrideReason : null } });
  // The check becomes the new version's first run: the baseline of the next Publish.
  ctx.db
    .update(evalRuns)
    .set({ assistantVersionId: published.id, versionLabel: `v${published.number}` })
    .where(and(inArray(evalRuns.id, runIds), eq(evalRuns.status, "done")))
    .run();
  return { status: "published", ...published, checkedRunIds: runIds, overridden: reasons.length > 0 };
}
