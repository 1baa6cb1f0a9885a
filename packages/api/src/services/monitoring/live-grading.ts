import { createHash } from "node:crypto";
import { and, count, eq, gte, inArray, isNotNull, notExists, sql } from "drizzle-orm";
import { answerGrades, type MessageCitation, messages, reviewItems, workspace } from "@atelier/db";
import { ProviderError } from "@atelier/agent";
import { isAbstention, judge, JudgeError, type JudgeResult } from "@atelier/eval";
import type { Context, Services, SessionUser } from "../../context";
import { DomainError } from "../../errors";
import type { FinishedAnswer } from "../chat/chat-runs";
import { checkSensitivity } from "../chat/send-message";
import { currentJudge } from "../eval/runs";
import { resolveChatModel } from "../models/resolve-chat-model";
import { costMicroEur, DAY_MS, recordModelCall } from "../usage/record-model-call";
import { addGradeToStats } from "./answer-stats";

type Ctx = Context & { user: SessionUser };

/** What the grader uses of the services (read when it works, so it can be built with them). */
export type LiveGraderServices = Pick<Services, "db" | "logger" | "secrets" | "localModels" | "createModel">;

export interface LiveGraderOptions {
  /** Answers graded at the same time. Default 1: live grading is background work. */
  concurrency?: number;
  /** Judge calls per answer (majority of the votes). Default 1: the budget counts answers. */
  votes?: number;
  /** The clock (tests). */
  now?: () => Date;
  /**
   * An answer's draw in [0, 1): it is sampled when the draw is below the workspace's rate.
   * Default: a hash of the message id, so the same answer gets the same draw after a restart
   * (this is what lets `start()` find the sampled answers that were never graded).
   */
  random?: (messageId: string) => number;
}

/** An answer to grade (from a finished run, or found again at start). */
interface GradeJob {
  messageId: string;
  assistantId: string;
  assistantVersionId: string | null;
  modelId: string;
  createdAt: Date;
  content: string;
  citations: MessageCitation[];
}

/** Answers finished this long ago are still graded when found ungraded at start. */
const RECOVERY_WINDOW_MS = DAY_MS;

/** A uniform draw in [0, 1) from the message id (ids are random). */
export function hashDraw(messageId: string): number {
  return createHash("sha256").update(messageId).digest().readUInt32BE(0) / 2 ** 32;
}

/** Start of the UTC day of `date` (the daily budget and the aggregates use UTC days). */
function startOfDay(date: Date): Date {
  return new Date(Math.floor(date.getTime() / DAY_MS) * DAY_MS);
}

/** Workspace settings of live grading. */
function settingsOf(db: LiveGraderServices["db"]) {
  const row = db.select({ rate: workspace.liveGradingRate, dailyBudget: workspace.liveGradingDailyBudget, judgeId: workspace.defaultJudgeModelId }).from(workspace).get();
  return { rate: row?.rate ?? 0, dailyBudget: row?.dailyBudget ?? 0, judgeConfigured: !!row?.judgeId };
}

/** Live grades made since the start of today (UTC). */
function gradedSince(db: LiveGraderServices["db"], since: Date): number {
  return db.select({ n: count() }).from(answerGrades).where(gte(answerGrades.createdAt, since)).get()?.n ?? 0;
}

/** An answer worth a groundedness check: complete, with passages, and not "I don't know". */
function gradable(answer: { content: string; citations: readonly MessageCitation[] }): boolean {
  return answer.citations.length > 0 && answer.content.trim() !== "" && !isAbstention(answer.content.replace(/\[\d+\]/g, " "));
}

/**
 * Live grading: when the workspace has a judge model, a sample of production answers (the
 * workspace's `liveGradingRate`) is graded for groundedness in the background, at most
 * `liveGradingDailyBudget` a day (UTC). Each grade is saved in `answer_grades`, counted in the
 * daily aggregates, and an answer that is not fully grounded goes to the review queue.
 *
 * Durability: the queue is in memory, but sampling is a pure function of the message id (see
 * `random`), so nothing is lost by a restart: `start()` queues again the answers of the last 24
 * hours that are sampled, gradable and have no grade (newest first, within today's remaining
 * budget). An answer whose grading failed (judge unreachable, unreadable verdict) is logged and
 * skipped, never retried in a loop — at most once more at the next start, if still within 24 h.
 * Confidential passages are only sent to an on-premises judge; other answers are skipped.
 */
export class LiveGrader {
  private readonly queue: GradeJob[] = [];
  /** Message ids queued or being graded (no answer is graded twice at once). */
  private readonly pending = new Set<string>();
  private active = 0;
  private started = false;
  private controller = new AbortController();
  private readonly idleWaiters: (() => void)[] = [];
  private readonly concurrency: number;
  private readonly votes: number;
  private readonly now: () => Date;
  private readonly random: (messageId: string) => number;

  constructor(
    private readonly servicesOf: () => LiveGraderServices,
    options: LiveGraderOptions = {},
  ) {
    this.concurrency = Math.max(1, options.concurrency ?? 1);
    this.votes = Math.max(1, options.votes ?? 1);
    this.now = options.now ?? (() => new Date());
    this.random = options.random ?? hashDraw;
  }

  private get services() {
    return this.servicesOf();
  }

  /** Queues again the sampled answers of the last 24 hours that have no grade, and starts grading. */
  start() {
    if (this.started) return;
    this.started = true;
    this.controller = new AbortController();
    try {
      this.recover();
    } catch (e) {
      this.services.logger.error({ err: e }, "live grading could not look for ungraded answers");
    }
    this.pump();
  }

  /** Stops grading: the grade in progress is abandoned, the queue is dropped (see `start`). */
  async stop() {
    this.started = false;
    this.controller.abort();
    for (const job of this.queue.splice(0)) this.pending.delete(job.messageId);
    await this.idle();
  }

  /** Resolves when nothing is queued or being graded (tests). */
  idle(): Promise<void> {
    if (this.active === 0 && (this.queue.length === 0 || !this.started)) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** A production answer has finished: sample it for grading. Never throws. */
  consider(answer: FinishedAnswer) {
    try {
      if (answer.preview || answer.status !== "done" || !gradable(answer) || this.pending.has(answer.messageId)) return;
      const settings = settingsOf(this.services.db);
      if (!settings.judgeConfigured || settings.rate <= 0) return;
      if (this.random(answer.messageId) >= settings.rate) return;
      if (this.remainingBudget(settings.dailyBudget) <= 0) return;
      this.enqueue({
        messageId: answer.messageId,
        assistantId: answer.assistantId,
        assistantVersionId: answer.assistantVersionId,
        modelId: answer.modelId,
        createdAt: answer.createdAt,
        content: answer.content,
        citations: answer.citations,
      });
    } catch (e) {
      this.services.logger.error({ err: e, messageId: answer.messageId }, "live grading could not consider an answer");
    }
  }

  /** Today's budget minus today's grades and the answers already waiting. */
  private remainingBudget(dailyBudget: number): number {
    return dailyBudget - gradedSince(this.services.db, startOfDay(this.now())) - this.pending.size;
  }

  private enqueue(job: GradeJob) {
    if (this.pending.has(job.messageId)) return;
    this.pending.add(job.messageId);
    this.queue.push(job);
    this.pump();
  }

  private recover() {
    const db = this.services.db;
    const settings = settingsOf(db);
    if (!settings.judgeConfigured || settings.rate <= 0) return;
    let remaining = this.remainingBudget(settings.dailyBudget);
    if (remaining <= 0) return;
    const since = new Date(this.now().getTime() - RECOVERY_WINDOW_MS);
    const candidates = db
      .select({ id: messages.id })
      .from(messages)
      .where(
        and(
          eq(messages.role, "assistant"),
          eq(messages.status, "done"),
          isNotNull(messages.assistantId),
          gte(messages.createdAt, since),
          sql`json_array_length(coalesce(${messages.citations}, '[]')) > 0`,
          notExists(db.select({ one: sql`1` }).from(answerGrades).where(eq(answerGrades.messageId, messages.id))),
        ),
      )
      .orderBy(sql`${messages.createdAt} desc`)
      .all()
      .filter((m) => !this.pending.has(m.id) && this.random(m.id) < settings.rate);
    // Loaded in small batches: only the sampled answers' texts are read.
    for (let i = 0; i < candidates.length && remaining > 0; i += 100) {
      const ids = candidates.slice(i, i + 100).map((m) => m.id);
      const rows = db
        .select({
          messageId: messages.id,
          assistantId: messages.assistantId,
          assistantVersionId: messages.assistantVersionId,
          modelId: messages.modelId,
          createdAt: messages.createdAt,
          content: messages.content,
          citations: messages.citations,
        })
        .from(messages)
        .where(inArray(messages.id, ids))
        .orderBy(sql`${messages.createdAt} desc`)
        .all();
      for (const row of rows) {
        const job: GradeJob = { ...row, assistantId: row.assistantId!, modelId: row.modelId ?? "", citations: row.citations ?? [] };
        if (!gradable(job) || remaining <= 0) continue;
        this.enqueue(job);
        remaining--;
      }
    }
  }

  private pump() {
    while (this.started && this.active < this.concurrency && this.queue.length > 0) {
      const job = this.queue.shift()!;
      this.active++;
      this.grade(job, this.controller.signal)
        .catch((e) => this.services.logger.error({ err: e, messageId: job.messageId }, "live grading crashed"))
        .finally(() => {
          this.active--;
          this.pending.delete(job.messageId);
          this.pump();
          if (this.active === 0 && (this.queue.length === 0 || !this.started)) for (const resolve of this.idleWaiters.splice(0)) resolve();
        });
    }
  }

  private async grade(job: GradeJob, signal: AbortSignal) {
    const { db, logger } = this.services;
    if (db.select({ id: answerGrades.messageId }).from(answerGrades).where(eq(answerGrades.messageId, job.messageId)).get()) return;
    const settings = settingsOf(db);
    // The job counts itself in `pending`: the budget is left when today's grades are below it.
    if (gradedSince(db, startOfDay(this.now())) >= settings.dailyBudget) return;
    const judgeConfig = currentJudge(this.services);
    if (!judgeConfig.modelId) return;

    let resolved: ReturnType<typeof resolveChatModel>;
    let model: ReturnType<ReturnType<typeof resolveChatModel>["create"]>;
    try {
      resolved = resolveChatModel(this.services, judgeConfig.modelId);
      // The judge reads the passages: confidential ones only go to an on-premises judge.
      checkSensitivity(this.services, [...new Set(job.citations.map((c) => c.sourceId))], resolved);
      model = resolved.create({ temperature: 0, maxOutputTokens: 400 });
    } catch (e) {
      if (!(e instanceof DomainError || e instanceof ProviderError)) throw e;
      logger.info({ messageId: job.messageId, reason: e.message }, "live grading skipped an answer");
      return;
    }

    const passages = [...job.citations].sort((a, b) => a.ref - b.ref).map((c) => c.excerpt);
    let result: JudgeResult<"groundedness">;
    try {
      result = await judge("groundedness", { answer: job.content, passages }, { model, votes: this.votes, target: resolved.target, signal });
    } catch (e) {
      if ((e as Error)?.name === "AbortError" || signal.aborted) return;
      if (e instanceof ProviderError || e instanceof JudgeError) {
        logger.warn({ messageId: job.messageId, reason: e.message }, "live grading: the judge failed, the answer is skipped");
      } else {
        logger.error({ err: e, messageId: job.messageId }, "live grading: the judge failed, the answer is skipped");
      }
      return;
    }

    const now = this.now();
    const billing = { modelId: resolved.model.id, providerId: resolved.provider.id, inputPricePerMTokEur: resolved.model.inputPricePerMTokEur, outputPricePerMTokEur: resolved.model.outputPricePerMTokEur };
    // Billed to the assistant graded; not to the answer (its trace shows what answering cost).
    recordModelCall(db, {
      createdAt: now,
      purpose: "judge",
      status: "ok",
      errorCode: null,
      userId: null,
      assistantId: job.assistantId,
      messageId: null,
      providerId: billing.providerId,
      modelId: billing.modelId,
      modelName: resolved.target.modelName,
      inputTokens: result.usage.inputTokens,
      outputTokens: result.usage.outputTokens,
      tokensEstimated: false,
      latencyMs: 0,
      firstTokenMs: null,
      costMicroEur: costMicroEur(result.usage.inputTokens, result.usage.outputTokens, billing),
    });
    // The answer may have been deleted meanwhile (with its conversation): nothing to grade then.
    if (!db.select({ id: messages.id }).from(messages).where(eq(messages.id, job.messageId)).get()) return;
    const inserted = db
      .insert(answerGrades)
      .values({
        messageId: job.messageId,
        assistantId: job.assistantId,
        assistantVersionId: job.assistantVersionId,
        verdict: result.verdict,
        passed: result.passed,
        rationale: result.rationale.slice(0, 2000),
        judgeModelId: resolved.model.id,
        promptVersion: result.promptVersion,
        createdAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: answerGrades.messageId })
      .get();
    if (!inserted) return;
    addGradeToStats(db, job, result.passed);
    if (!result.passed) {
      db.insert(reviewItems)
        .values({ messageId: job.messageId, assistantId: job.assistantId, assistantVersionId: job.assistantVersionId, reason: "low_groundedness", createdAt: now })
        .onConflictDoNothing()
        .run();
    }
  }
}

/** Live grading settings, with today's use of the budget and the judge that grades. */
export function liveGradingSettings({ ctx }: { ctx: Ctx }) {
  const row = ctx.db.select({ rate: workspace.liveGradingRate, dailyBudget: workspace.liveGradingDailyBudget }).from(workspace).get();
  const judgeConfig = currentJudge(ctx);
  return {
    rate: row?.rate ?? 0,
    dailyBudget: row?.dailyBudget ?? 0,
    gradedToday: gradedSince(ctx.db, startOfDay(new Date())),
    judge: { configured: !!judgeConfig.modelId, modelId: judgeConfig.modelId, modelName: judgeConfig.modelName },
  };
}

export function updateLiveGradingSettings({ ctx, input }: { ctx: Ctx; input: { rate: number; dailyBudget: number } }) {
  ctx.db.update(workspace).set({ liveGradingRate: input.rate, liveGradingDailyBudget: input.dailyBudget }).run();
  return liveGradingSettings({ ctx });
}
