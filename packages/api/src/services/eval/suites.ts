import { and, count, desc, eq, inArray } from "drizzle-orm";
import { listEditableAssistants } from "../assistants/assistants";
import { assistants, evalCases, evalRuns, evalSuites, newId } from "@atelier/db";
import { CORRECT_ANSWER_DEFINITION, JUDGE_PROMPTS } from "@atelier/eval";
import type { EvalSuiteInput } from "@atelier/validators";
import type { Context, SessionUser } from "../../context";
import { ForbiddenError } from "../../errors";
import { canAdministerAssistant } from "../access";
import { draftConfig } from "../assistants/versions";
import { loadQualityAssistant, loadSuite } from "./quality-access";
import { currentJudge, listRuns } from "./runs";

type Ctx = Context & { user: SessionUser };

/** The assistant's Quality tab: gate settings, judge, suites with their case counts and last run, run history. */
export function qualityOverview({ ctx, input }: { ctx: Ctx; input: { assistantId: string } }) {
  const assistant = loadQualityAssistant(ctx, input.assistantId);
  const suites = ctx.db.select().from(evalSuites).where(eq(evalSuites.assistantId, assistant.id)).orderBy(evalSuites.createdAt).all();
  const counts = ctx.db
    .select({ suiteId: evalCases.suiteId, status: evalCases.status, n: count() })
    .from(evalCases)
    .innerJoin(evalSuites, eq(evalSuites.id, evalCases.suiteId))
    .where(eq(evalSuites.assistantId, assistant.id))
    .groupBy(evalCases.suiteId, evalCases.status)
    .all();
  const runs = listRuns({ ctx, input: { assistantId: assistant.id, limit: 200 } });
  const judge = currentJudge(ctx);
  const modelId = draftConfig(ctx, assistant).modelId;
  return {
    assistant: {
      id: assistant.id,
      name: assistant.name,
      currentVersionId: assistant.currentVersionId,
      qualityThreshold: assistant.qualityThreshold,
      qualityMargin: assistant.qualityMargin,
      canChangeGate: canAdministerAssistant(ctx.user, assistant),
    },
    judge: {
      ...judge,
      /** The judge should not grade its own answers. */
      sameAsAssistantModel: !!judge.modelId && judge.modelId === modelId,
      prompts: Object.values(JUDGE_PROMPTS).map((p) => ({ version: p.version, system: p.system, template: p.template })),
    },
    definition: judge.modelId ? CORRECT_ANSWER_DEFINITION.judge : CORRECT_ANSWER_DEFINITION.deterministic,
    suites: suites.map((s) => ({
      ...s,
      activeCases: counts.find((c) => c.suiteId === s.id && c.status === "active")?.n ?? 0,
      candidateCases: counts.find((c) => c.suiteId === s.id && c.status === "candidate")?.n ?? 0,
      lastRun: runs.find((r) => r.suiteId === s.id) ?? null,
    })),
    runs,
  };
}

export function createSuite({ ctx, input }: { ctx: Ctx; input: { assistantId: string; name: string; description?: string; gatesPublish?: boolean; scheduleMinutes?: number | null } }) {
  const assistant = loadQualityAssistant(ctx, input.assistantId);
  const id = newId();
  ctx.db
    .insert(evalSuites)
    .values({
      id,
      assistantId: assistant.id,
      name: input.name,
      description: input.description ?? "",
      gatesPublish: input.gatesPublish ?? true,
      scheduleMinutes: input.scheduleMinutes ?? null,
      createdById: ctx.user.id,
    })
    .run();
  return { id };
}

export function getSuite({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  const { suite, assistant } = loadSuite(ctx, input.id);
  const lastRun = ctx.db.select({ id: evalRuns.id }).from(evalRuns).where(eq(evalRuns.suiteId, suite.id)).orderBy(desc(evalRuns.createdAt)).get();
  return { ...suite, assistantName: assistant.name, lastRunId: lastRun?.id ?? null };
}

export function updateSuite({ ctx, input }: { ctx: Ctx; input: { id: string } & Partial<EvalSuiteInput> }) {
  const { suite } = loadSuite(ctx, input.id);
  const { id: _id, ...changes } = input;
  ctx.db
    .update(evalSuites)
    .set({ ...changes, updatedAt: new Date() })
    .where(eq(evalSuites.id, suite.id))
    .run();
  return { id: suite.id };
}

/** Deletes the suite with its cases and runs (the assistant's versions keep their override reasons). */
export function deleteSuite({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  const { suite } = loadSuite(ctx, input.id);
  for (const run of ctx.db.select({ id: evalRuns.id }).from(evalRuns).where(and(eq(evalRuns.suiteId, suite.id))).all()) ctx.evaluation.cancel(run.id);
  ctx.db.delete(evalSuites).where(eq(evalSuites.id, suite.id)).run();
  return { ok: true };
}

/** The Publish gate's thresholds: owners and admins only (a co-editor cannot lower the bar it must pass). */
export function updateQualitySettings({ ctx, input }: { ctx: Ctx; input: { assistantId: string; qualityThreshold: number | null; qualityMargin: number } }) {
  const assistant = loadQualityAssistant(ctx, input.assistantId);
  if (!canAdministerAssistant(ctx.user, assistant)) {
    throw new ForbiddenError("Only the assistant's owner or an admin can change its quality gate.", "forbidden.not_owner");
  }
  ctx.db
    .update(assistants)
    .set({ qualityThreshold: input.qualityThreshold, qualityMargin: input.qualityMargin })
    .where(eq(assistants.id, assistant.id))
    .run();
  return { ok: true };
}

/**
 * Accuracy of every assistant the user may edit (all of them for an admin): the latest finished
 * run of each suite, with its interval, and whether a run is in progress.
 */
export function accuracyOverview({ ctx }: { ctx: Ctx }) {
  const editable = listEditableAssistants({ ctx });
  if (editable.length === 0) return [];
  const ids = editable.map((a) => a.id);
  const suites = ctx.db.select().from(evalSuites).where(inArray(evalSuites.assistantId, ids)).all();
  const caseCounts = new Map(
    suites.length
      ? ctx.db
          .select({ suiteId: evalCases.suiteId, n: count() })
          .from(evalCases)
          .where(and(inArray(evalCases.suiteId, suites.map((s) => s.id)), eq(evalCases.status, "active")))
          .groupBy(evalCases.suiteId)
          .all()
          .map((r) => [r.suiteId, r.n])
      : [],
  );
  const runs = ctx.db
    .select({
      id: evalRuns.id,
      assistantId: evalRuns.assistantId,
      suiteId: evalRuns.suiteId,
      status: evalRuns.status,
      versionLabel: evalRuns.versionLabel,
      trigger: evalRuns.trigger,
      total: evalRuns.total,
      completed: evalRuns.completed,
      passed: evalRuns.passed,
      correctRate: evalRuns.correctRate,
      rateLow: evalRuns.rateLow,
      rateHigh: evalRuns.rateHigh,
      finishedAt: evalRuns.finishedAt,
      createdAt: evalRuns.createdAt,
    })
    .from(evalRuns)
    .where(inArray(evalRuns.assistantId, ids))
    .orderBy(desc(evalRuns.createdAt))
    .limit(5000)
    .all();
  return editable.map((a) => {
    const own = suites.filter((s) => s.assistantId === a.id);
    return {
      assistantId: a.id,
      name: a.name,
      emoji: a.emoji,
      suites: own.map((s) => ({
        id: s.id,
        name: s.name,
        activeCases: caseCounts.get(s.id) ?? 0,
        lastRun: runs.find((r) => r.suiteId === s.id && r.status === "done") ?? null,
        running: runs.find((r) => r.suiteId === s.id && (r.status === "queued" || r.status === "running")) ?? null,
      })),
    };
  });
}
