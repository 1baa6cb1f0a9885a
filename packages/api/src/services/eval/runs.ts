import { and, asc, desc, eq, inArray, type SQL } from "drizzle-orm";
import {
  type Assistant,
  type AssistantConfig,
  assistantVersions,
  type EvalJudgeConfig,
  type EvalRunTrigger,
  type EvalSuite,
  evalCases,
  evalResults,
  evalRuns,
  evalSuites,
  type MessageCitation,
  models,
  newId,
  users,
  workspace,
} from "@atelier/db";
import { CORRECT_ANSWER_DEFINITION, JUDGE_PROMPTS } from "@atelier/eval";
import type { Context, SessionUser } from "../../context";
import { NotFoundError, ValidationError } from "../../errors";
import { draftConfig } from "../assistants/versions";
import { visibleSourceIds } from "../knowledge/source-access";
import { loadQualityAssistant, loadRun, loadSuite } from "./quality-access";

type Ctx = Context & { user: SessionUser };

/** Votes per judged question: an odd number, so that a majority always exists between two verdicts. */
export const JUDGE_VOTES = 3;

/** The workspace's judge now: its model, or none (deterministic scorers only). */
export function currentJudge(ctx: Pick<Context, "db">): EvalJudgeConfig {
  const ws = ctx.db.select({ judgeId: workspace.defaultJudgeModelId }).from(workspace).get();
  const model = ws?.judgeId ? ctx.db.select({ id: models.id, name: models.displayName }).from(models).where(eq(models.id, ws.judgeId)).get() : undefined;
  if (!model) return { modelId: null, modelName: null, votes: 0, promptVersions: {} };
  return {
    modelId: model.id,
    modelName: model.name,
    votes: JUDGE_VOTES,
    promptVersions: Object.fromEntries(Object.entries(JUDGE_PROMPTS).map(([kind, prompt]) => [kind, prompt.version])),
  };
}

export type RunTarget = "current" | "draft" | { versionId: string };

/** The configuration a run is pinned to, and its label. */
function pinnedConfig(ctx: Pick<Context, "db">, assistant: Assistant, target: RunTarget): { config: AssistantConfig; versionId: string | null; label: string } {
  const versionId = target === "draft" ? null : target === "current" ? assistant.currentVersionId : target.versionId;
  if (!versionId) return { config: draftConfig(ctx, assistant), versionId: null, label: "draft" };
  const version = ctx.db
    .select()
    .from(assistantVersions)
    .where(and(eq(assistantVersions.id, versionId), eq(assistantVersions.assistantId, assistant.id)))
    .get();
  if (!version) throw new NotFoundError("This version");
  return { config: version.config, versionId: version.id, label: `v${version.number}` };
}

/**
 * Creates a run of the suite's active cases on one configuration and queues it. The cases are
 * copied into the run, so later edits of the suite do not change what the run measured.
 */
export function createRun(
  ctx: Pick<Context, "db" | "evaluation">,
  args: { suite: EvalSuite; assistant: Assistant; target: RunTarget; trigger: EvalRunTrigger; createdById: string | null },
): { runId: string; total: number } {
  const cases = ctx.db
    .select()
    .from(evalCases)
    .where(and(eq(evalCases.suiteId, args.suite.id), eq(evalCases.status, "active")))
    .orderBy(asc(evalCases.createdAt), asc(evalCases.id))
    .all();
  if (cases.length === 0) {
    throw new ValidationError("This test suite has no active case yet: add or accept cases first.", {}, "eval.suite_empty");
  }
  const pinned = pinnedConfig(ctx, args.assistant, args.target);
  const runId = newId();
  ctx.db.transaction((tx) => {
    tx.insert(evalRuns)
      .values({
        id: runId,
        suiteId: args.suite.id,
        assistantId: args.assistant.id,
        assistantVersionId: pinned.versionId,
        versionLabel: pinned.label,
        config: pinned.config,
        judge: currentJudge(ctx),
        trigger: args.trigger,
        total: cases.length,
        createdById: args.createdById,
      })
      .run();
    cases.forEach((c, position) => {
      tx.insert(evalResults)
        .values({
          id: newId(),
          runId,
          caseId: c.id,
          position,
          question: c.question,
          referenceAnswer: c.referenceAnswer,
          expectAbstention: c.expectAbstention,
          expectedSources: c.expectedSources,
          tags: c.tags,
          language: c.language,
        })
        .run();
    });
  });
  ctx.evaluation.enqueue(runId);
  return { runId, total: cases.length };
}

/** Manual run from the Studio: the current version (or the draft when asked, or when unpublished). */
export function startRun({ ctx, input }: { ctx: Ctx; input: { suiteId: string; target: "current" | "draft" | string; via?: "studio" | "api" } }) {
  const { suite, assistant } = loadSuite(ctx, input.suiteId);
  const target: RunTarget = input.target === "current" || input.target === "draft" ? input.target : { versionId: input.target };
  return createRun(ctx, { suite, assistant, target, trigger: input.via === "api" ? "api" : "manual", createdById: ctx.user.id });
}

export function cancelRun({ ctx, input }: { ctx: Ctx; input: { runId: string } }) {
  const { run } = loadRun(ctx, input.runId);
  if (run.status !== "queued" && run.status !== "running") throw new ValidationError("This run has already finished.", {}, "eval.run_finished");
  ctx.evaluation.cancel(run.id);
  return { ok: true };
}

const runColumns = {
  id: evalRuns.id,
  suiteId: evalRuns.suiteId,
  suiteName: evalSuites.name,
  assistantId: evalRuns.assistantId,
  assistantVersionId: evalRuns.assistantVersionId,
  versionLabel: evalRuns.versionLabel,
  trigger: evalRuns.trigger,
  status: evalRuns.status,
  total: evalRuns.total,
  completed: evalRuns.completed,
  passed: evalRuns.passed,
  errored: evalRuns.errored,
  correctRate: evalRuns.correctRate,
  rateLow: evalRuns.rateLow,
  rateHigh: evalRuns.rateHigh,
  metrics: evalRuns.metrics,
  judge: evalRuns.judge,
  error: evalRuns.error,
  createdAt: evalRuns.createdAt,
  startedAt: evalRuns.startedAt,
  finishedAt: evalRuns.finishedAt,
  createdByName: users.name,
};

function selectRuns(ctx: Pick<Context, "db">, where: SQL | undefined, limit: number) {
  return ctx.db
    .select(runColumns)
    .from(evalRuns)
    .innerJoin(evalSuites, eq(evalSuites.id, evalRuns.suiteId))
    .leftJoin(users, eq(users.id, evalRuns.createdById))
    .where(where)
    .orderBy(desc(evalRuns.createdAt))
    .limit(limit)
    .all();
}

export type RunSummaryRow = ReturnType<typeof selectRuns>[number];

/** Runs of an assistant (all its suites) or of one suite, newest first. */
export function listRuns({ ctx, input }: { ctx: Ctx; input: { assistantId: string; suiteId?: string; limit?: number } }) {
  const assistant = loadQualityAssistant(ctx, input.assistantId);
  return selectRuns(ctx, and(eq(evalRuns.assistantId, assistant.id), input.suiteId ? eq(evalRuns.suiteId, input.suiteId) : undefined), input.limit ?? 100);
}

/** A run with its headline, the definition of a correct answer, and its results. */
export function getRun({ ctx, input }: { ctx: Ctx; input: { runId: string; includeResults?: boolean } }) {
  const { run, assistant } = loadRun(ctx, input.runId);
  const summary = selectRuns(ctx, eq(evalRuns.id, run.id), 1)[0]!;
  // Progress polling asks without results: a run of thousands of cases is not re-sent every second.
  const results = input.includeResults === false ? [] : ctx.db
    .select({
      id: evalResults.id,
      caseId: evalResults.caseId,
      position: evalResults.position,
      question: evalResults.question,
      referenceAnswer: evalResults.referenceAnswer,
      expectAbstention: evalResults.expectAbstention,
      expectedSources: evalResults.expectedSources,
      tags: evalResults.tags,
      language: evalResults.language,
      status: evalResults.status,
      answer: evalResults.answer,
      passages: evalResults.passages,
      scores: evalResults.scores,
      correct: evalResults.correct,
      error: evalResults.error,
      latencyMs: evalResults.latencyMs,
      inputTokens: evalResults.inputTokens,
      outputTokens: evalResults.outputTokens,
      costMicroEur: evalResults.costMicroEur,
    })
    .from(evalResults)
    .where(eq(evalResults.runId, run.id))
    .orderBy(asc(evalResults.position))
    .all();
  // A co-editor may read a run another editor started: passages from sources the reader may not
  // see keep their place but not their text.
  const visible = new Set(visibleSourceIds(ctx));
  const redact = (p: MessageCitation): MessageCitation =>
    visible.has(p.sourceId) ? p : { ...p, title: "", headingPath: [], location: "", excerpt: "", documentId: "", chunkId: "", hidden: true };
  return {
    run: summary,
    assistant: { id: assistant.id, name: assistant.name, qualityThreshold: assistant.qualityThreshold, qualityMargin: assistant.qualityMargin },
    definition: run.judge.modelId ? CORRECT_ANSWER_DEFINITION.judge : CORRECT_ANSWER_DEFINITION.deterministic,
    results: results.map((r) => (r.passages ? { ...r, passages: r.passages.map(redact) } : r)),
  };
}

/**
 * Two runs of the same suite side by side, matched by case (or by question when a case was
 * deleted since): which cases changed from pass to fail and back, with both answers.
 */
export function compareRuns({ ctx, input }: { ctx: Ctx; input: { runId: string; otherRunId: string } }) {
  const a = getRun({ ctx, input: { runId: input.runId } });
  const b = getRun({ ctx, input: { runId: input.otherRunId } });
  if (a.run.assistantId !== b.run.assistantId) throw new ValidationError("Only runs of the same assistant can be compared.", {}, "eval.compare_other_assistant");
  const keyOf = (r: { caseId: string | null; question: string }) => r.caseId ?? `q:${r.question}`;
  const right = new Map(b.results.map((r) => [keyOf(r), r]));
  const rows = a.results.map((left) => {
    const other = right.get(keyOf(left)) ?? null;
    right.delete(keyOf(left));
    const change = !other ? "only_first" : left.correct === other.correct ? "same" : left.correct ? "regressed" : "improved";
    return { key: keyOf(left), question: left.question, referenceAnswer: left.referenceAnswer, first: left, second: other, change };
  });
  for (const other of right.values()) {
    rows.push({ key: keyOf(other), question: other.question, referenceAnswer: other.referenceAnswer, first: null as never, second: other, change: "only_second" });
  }
  return {
    first: a.run,
    second: b.run,
    rows,
    counts: {
      improved: rows.filter((r) => r.change === "improved").length,
      regressed: rows.filter((r) => r.change === "regressed").length,
      same: rows.filter((r) => r.change === "same").length,
    },
  };
}

/** Run summaries in the order of `ids`. */
export function listRunsByIds(ctx: Pick<Context, "db">, ids: string[]) {
  if (ids.length === 0) return [];
  const rows = selectRuns(ctx, inArray(evalRuns.id, ids), ids.length);
  return ids.map((id) => rows.find((r) => r.id === id)).filter((r): r is RunSummaryRow => !!r);
}

/** The latest finished run of each of these suites on a given version. */
export function latestDoneRuns(ctx: Pick<Context, "db">, suiteIds: string[], versionId: string) {
  if (suiteIds.length === 0) return new Map<string, RunSummaryRow>();
  const rows = selectRuns(ctx, and(inArray(evalRuns.suiteId, suiteIds), eq(evalRuns.assistantVersionId, versionId), eq(evalRuns.status, "done")), 500);
  const latest = new Map<string, RunSummaryRow>();
  for (const r of rows) if (!latest.has(r.suiteId)) latest.set(r.suiteId, r);
  return latest;
}
