import { and, asc, eq, inArray, sql } from "drizzle-orm";
import {
  assistants,
  type EvalCaseScores,
  type EvalResult,
  type EvalRun,
  evalResults,
  evalRuns,
  ingestionJobs,
  type MessageCitation,
  users,
} from "@atelier/db";
import { ProviderError } from "@atelier/agent";
import { gradeCase, JudgeError, summarizeRun } from "@atelier/eval";
import type { Context, Services, SessionUser } from "../../context";
import { DomainError } from "../../errors";
import { withLocations } from "../chat/chat-runs";
import { answerProducer, checkSensitivity, prepareConfig } from "../chat/send-message";
import { resolveChatModel } from "../models/resolve-chat-model";
import { costMicroEur, recordModelCall } from "../usage/record-model-call";

export interface EvalRunnerOptions {
  /** Cases answered at the same time within a run (the model server's parallelism). */
  concurrency?: number;
  /** How often scheduled suites are checked; 0: never (tests). */
  scheduleCheckMs?: number;
  /** Longest time one case (answer and grading) may take. */
  caseTimeoutMs?: number;
  /** Longest wait for the knowledge of a run's sources to finish syncing before answering. */
  syncWaitMs?: number;
}

type RunnerServices = Omit<Services, "evaluation">;
type JudgeBilling = { modelId: string; providerId: string; inputPricePerMTokEur: number; outputPricePerMTokEur: number };

/** A request-less context acting as `user` (the run's author, or the assistant's owner). */
export function actingContext(services: RunnerServices, user: SessionUser): Context & { user: SessionUser } {
  return {
    ...(services as Services),
    sessionToken: null,
    ip: "evaluation",
    userAgent: null,
    cookies: { setSession: () => {}, clearSession: () => {} },
    user,
  };
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });

/** A readable reason for a case or run that failed. */
function reasonOf(e: unknown): string {
  if (e instanceof DomainError || e instanceof ProviderError || e instanceof JudgeError) return e.message;
  if ((e as Error)?.name === "TimeoutError") return "The case took too long and was stopped.";
  return "An unexpected error happened on the server while answering this case.";
}

/**
 * Evaluation runs, durable in SQLite: a run's cases are copied into `eval_results` (pending) when
 * it is created, and the runner answers and grades the pending ones. A run interrupted by a
 * shutdown is queued again at the next start and only its pending cases are answered; a
 * cancelled run keeps the cases already graded. One run at a time, `concurrency` cases at once.
 */
export class EvalRunner {
  private readonly queue: string[] = [];
  private active: { runId: string; controller: AbortController; done: Promise<void> } | null = null;
  private readonly waiters = new Map<string, (() => void)[]>();
  private started = false;
  private stopping = false;
  private scheduleTimer: NodeJS.Timeout | null = null;
  private readonly concurrency: number;
  private readonly caseTimeoutMs: number;
  private readonly syncWaitMs: number;
  /** Set by the server: creates the scheduled runs (see schedule.ts). */
  onScheduleTick: (() => void) | null = null;

  /** `services` is read when runs are processed, so the runner can be built with the services object. */
  constructor(
    private readonly servicesOf: () => RunnerServices,
    private readonly options: EvalRunnerOptions = {},
  ) {
    this.concurrency = Math.max(1, options.concurrency ?? 2);
    this.caseTimeoutMs = options.caseTimeoutMs ?? 5 * 60_000;
    this.syncWaitMs = options.syncWaitMs ?? 10 * 60_000;
  }

  private get services() {
    return this.servicesOf();
  }

  private get db() {
    return this.services.db;
  }

  /** Re-queues runs left unfinished by the previous process, starts the scheduler. */
  start() {
    if (this.started) return;
    this.started = true;
    this.stopping = false;
    this.db.update(evalRuns).set({ status: "queued" }).where(eq(evalRuns.status, "running")).run();
    for (const run of this.db.select({ id: evalRuns.id }).from(evalRuns).where(eq(evalRuns.status, "queued")).orderBy(asc(evalRuns.createdAt)).all()) {
      if (!this.queue.includes(run.id)) this.queue.push(run.id);
    }
    const every = this.options.scheduleCheckMs ?? 60_000;
    if (every > 0) {
      this.scheduleTimer = setInterval(() => {
        try {
          this.onScheduleTick?.();
        } catch (e) {
          this.services.logger.error({ err: e }, "scheduled evaluation check failed");
        }
      }, every);
      this.scheduleTimer.unref();
    }
    this.pump();
  }

  /** Stops the scheduler and the run in progress; it stays queued and resumes at the next start. */
  async stop() {
    this.stopping = true;
    this.started = false;
    if (this.scheduleTimer) clearInterval(this.scheduleTimer);
    this.scheduleTimer = null;
    const active = this.active;
    if (active) {
      active.controller.abort();
      await active.done;
    }
    this.queue.length = 0;
  }

  /** Queues a created run. */
  enqueue(runId: string) {
    if (!this.queue.includes(runId) && this.active?.runId !== runId) this.queue.push(runId);
    this.pump();
  }

  /** Cancels a queued or running run; graded cases are kept. */
  cancel(runId: string) {
    const index = this.queue.indexOf(runId);
    if (index >= 0) this.queue.splice(index, 1);
    const finishedAt = new Date();
    this.db
      .update(evalRuns)
      .set({ status: "cancelled", finishedAt })
      .where(and(eq(evalRuns.id, runId), inArray(evalRuns.status, ["queued", "running"])))
      .run();
    if (this.active?.runId === runId) this.active.controller.abort();
    else this.finish(runId);
  }

  /** Resolves when the run is no longer queued or running (tests, the CLI). */
  waitFor(runId: string): Promise<void> {
    const run = this.db.select({ status: evalRuns.status }).from(evalRuns).where(eq(evalRuns.id, runId)).get();
    if (!run || !["queued", "running"].includes(run.status)) return Promise.resolve();
    return new Promise((resolve) => {
      const list = this.waiters.get(runId) ?? [];
      list.push(resolve);
      this.waiters.set(runId, list);
    });
  }

  private finish(runId: string) {
    for (const resolve of this.waiters.get(runId) ?? []) resolve();
    this.waiters.delete(runId);
  }

  private pump() {
    if (!this.started || this.stopping || this.active) return;
    const runId = this.queue.shift();
    if (!runId) return;
    const controller = new AbortController();
    const done = this.process(runId, controller.signal)
      .catch((e) => this.services.logger.error({ err: e, runId }, "evaluation run crashed"))
      .finally(() => {
        this.active = null;
        if (!this.stopping) this.finish(runId);
        this.pump();
      });
    this.active = { runId, controller, done };
  }

  private actingUser(run: EvalRun): SessionUser | null {
    const pick = { id: users.id, email: users.email, name: users.name, role: users.role, locale: users.locale };
    if (run.createdById) {
      const author = this.db.select(pick).from(users).where(eq(users.id, run.createdById)).get();
      if (author) return author;
    }
    const assistant = this.db.select({ ownerId: assistants.ownerId }).from(assistants).where(eq(assistants.id, run.assistantId)).get();
    return assistant ? (this.db.select(pick).from(users).where(eq(users.id, assistant.ownerId)).get() ?? null) : null;
  }

  /** Waits while the run's sources have queued or running syncs (a first start, a fresh upload). */
  private async waitForKnowledge(sourceIds: string[], signal: AbortSignal) {
    if (sourceIds.length === 0) return;
    const deadline = Date.now() + this.syncWaitMs;
    while (!signal.aborted && Date.now() < deadline) {
      const busy = this.db
        .select({ id: ingestionJobs.id })
        .from(ingestionJobs)
        .where(and(inArray(ingestionJobs.sourceId, sourceIds), inArray(ingestionJobs.status, ["queued", "running"])))
        .get();
      if (!busy) return;
      await sleep(250, signal);
    }
  }

  private failRun(runId: string, error: string) {
    this.db.update(evalRuns).set({ status: "failed", error, finishedAt: new Date() }).where(eq(evalRuns.id, runId)).run();
  }

  private async process(runId: string, signal: AbortSignal) {
    const run = this.db.select().from(evalRuns).where(eq(evalRuns.id, runId)).get();
    if (run?.status !== "queued") return;
    this.db.update(evalRuns).set({ status: "running", startedAt: run.startedAt ?? new Date() }).where(eq(evalRuns.id, runId)).run();

    const user = this.actingUser(run);
    const assistant = this.db.select().from(assistants).where(eq(assistants.id, run.assistantId)).get();
    if (!user || !assistant) return this.failRun(runId, "The assistant or its owner no longer exists.");
    const ctx = actingContext(this.services, user);

    let prepared: ReturnType<typeof prepareConfig>;
    let judgeModel: ReturnType<ReturnType<typeof resolveChatModel>["create"]> | null = null;
    let judgeTarget: ReturnType<typeof resolveChatModel>["target"] | undefined;
    let judgeBilling: JudgeBilling | undefined;
    try {
      prepared = prepareConfig(ctx, run.config, run.assistantVersionId, null);
      if (run.judge.modelId) {
        const judge = resolveChatModel(ctx, run.judge.modelId);
        // The judge reads the passages: confidential ones only go to an on-premises judge.
        checkSensitivity(ctx, run.config.sourceIds, judge);
        judgeModel = judge.create({ temperature: run.judge.votes > 1 ? 0.3 : 0, maxOutputTokens: 400 });
        judgeTarget = judge.target;
        judgeBilling = { modelId: judge.model.id, providerId: judge.provider.id, inputPricePerMTokEur: judge.model.inputPricePerMTokEur, outputPricePerMTokEur: judge.model.outputPricePerMTokEur };
      }
    } catch (e) {
      return this.failRun(runId, reasonOf(e));
    }

    await this.waitForKnowledge(prepared.sourceIds, signal);

    const pending = this.db
      .select()
      .from(evalResults)
      .where(and(eq(evalResults.runId, runId), eq(evalResults.status, "pending")))
      .orderBy(asc(evalResults.position))
      .all();
    let next = 0;
    const worker = async () => {
      while (!signal.aborted) {
        const result = pending[next++];
        if (!result) return;
        await this.runCase(ctx, assistant, prepared, result, { judgeModel, judgeTarget, judgeBilling, votes: run.judge.votes }, signal);
        // The built-in engine answers synchronously: let requests (progress, Cancel, chat) through between cases.
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, pending.length) }, worker));

    const status = this.db.select({ status: evalRuns.status }).from(evalRuns).where(eq(evalRuns.id, runId)).get()?.status;
    if (status === "cancelled") {
      this.summarize(runId, "cancelled");
      return;
    }
    if (signal.aborted) {
      // A shutdown: the run resumes at the next start.
      this.db.update(evalRuns).set({ status: "queued" }).where(eq(evalRuns.id, runId)).run();
      return;
    }
    this.summarize(runId, "done");
  }

  /** Recomputes a run's counters and headline from its results. */
  summarize(runId: string, status: "done" | "cancelled") {
    const rows = this.db.select().from(evalResults).where(eq(evalResults.runId, runId)).all();
    const finished = rows.filter((r) => r.status !== "pending");
    const summary = summarizeRun(
      finished.map((r) => ({
        grade: r.status === "done" && r.scores ? { ...r.scores, correct: !!r.correct, correctness: r.scores.correctness ?? null, groundedness: r.scores.groundedness ?? null, relevance: r.scores.relevance ?? null } : null,
        expectAbstention: r.expectAbstention,
        latencyMs: r.latencyMs,
        inputTokens: r.inputTokens ?? 0,
        outputTokens: r.outputTokens ?? 0,
        costMicroEur: r.costMicroEur ?? 0,
      })),
    );
    this.db
      .update(evalRuns)
      .set({
        status,
        completed: summary.total,
        passed: summary.passed,
        errored: summary.errored,
        correctRate: summary.total ? summary.correct.rate : null,
        rateLow: summary.total ? summary.correct.low : null,
        rateHigh: summary.total ? summary.correct.high : null,
        metrics: summary.metrics,
        finishedAt: new Date(),
      })
      .where(eq(evalRuns.id, runId))
      .run();
  }

  private async runCase(
    ctx: Context & { user: SessionUser },
    assistant: typeof assistants.$inferSelect,
    prepared: ReturnType<typeof prepareConfig>,
    result: EvalResult,
    judging: { judgeModel: ReturnType<ReturnType<typeof resolveChatModel>["create"]> | null; judgeTarget?: ReturnType<typeof resolveChatModel>["target"]; judgeBilling?: JudgeBilling; votes: number },
    runSignal: AbortSignal,
  ) {
    const signal = AbortSignal.any([runSignal, AbortSignal.timeout(this.caseTimeoutMs)]);
    const started = Date.now();
    let answer = "";
    let passages: MessageCitation[] = [];
    let usage: { inputTokens: number; outputTokens: number; latencyMs: number; tokensEstimated?: boolean; firstTokenMs?: number | null } | null = null;
    const producer = answerProducer(ctx, assistant, prepared, [{ role: "user", content: result.question }], null);
    try {
      // Tools that need a person's approval are refused: nobody is there to approve them.
      for await (const event of producer.reply(signal, { approve: async () => false })) {
        if (event.type === "token") answer += event.text;
        else if (event.type === "citations") passages = withLocations(this.db, event.citations);
        else if (event.type === "done") usage = event.usage;
      }
      const cost = usage ? costMicroEur(usage.inputTokens, usage.outputTokens, producer.billing) : 0;
      recordModelCall(this.db, {
        createdAt: new Date(started),
        purpose: "eval",
        status: "ok",
        errorCode: null,
        userId: ctx.user.id,
        assistantId: assistant.id,
        messageId: null,
        providerId: producer.billing.providerId,
        modelId: producer.billing.modelId,
        modelName: producer.target.modelName,
        inputTokens: usage?.inputTokens ?? 0,
        outputTokens: usage?.outputTokens ?? 0,
        tokensEstimated: usage?.tokensEstimated ?? false,
        latencyMs: usage?.latencyMs ?? Date.now() - started,
        firstTokenMs: usage?.firstTokenMs ?? null,
        costMicroEur: cost,
      });
      const grade = await gradeCase(
        {
          question: result.question,
          referenceAnswer: result.referenceAnswer,
          expectAbstention: result.expectAbstention,
          expectedSources: result.expectedSources,
          language: result.language,
        },
        answer,
        passages,
        { judgeModel: judging.judgeModel, votes: judging.votes, target: judging.judgeTarget, signal },
      );
      const { correct, judgeUsage, ...scores } = grade;
      if (judgeUsage.calls > 0 && judging.judgeBilling && judging.judgeTarget) {
        // The judge's tokens are the evaluation's cost too, billed to the assistant evaluated.
        recordModelCall(this.db, {
          createdAt: new Date(),
          purpose: "judge",
          status: "ok",
          errorCode: null,
          userId: ctx.user.id,
          assistantId: assistant.id,
          messageId: null,
          providerId: judging.judgeBilling.providerId,
          modelId: judging.judgeBilling.modelId,
          modelName: judging.judgeTarget.modelName,
          inputTokens: judgeUsage.inputTokens,
          outputTokens: judgeUsage.outputTokens,
          tokensEstimated: false,
          latencyMs: 0,
          firstTokenMs: null,
          costMicroEur: costMicroEur(judgeUsage.inputTokens, judgeUsage.outputTokens, judging.judgeBilling),
        });
      }
      this.saveResult(result, {
        status: "done",
        answer,
        passages,
        scores: scores satisfies EvalCaseScores,
        correct,
        error: null,
        latencyMs: usage?.latencyMs ?? Date.now() - started,
        inputTokens: usage?.inputTokens ?? 0,
        outputTokens: usage?.outputTokens ?? 0,
        costMicroEur: cost,
      });
    } catch (e) {
      if (runSignal.aborted) return; // cancelled or shutting down: the case stays pending
      if (!(e instanceof DomainError || e instanceof ProviderError || e instanceof JudgeError || (e as Error)?.name === "TimeoutError")) {
        this.services.logger.error({ err: e, resultId: result.id }, "evaluation case failed");
      }
      this.saveResult(result, {
        status: "error",
        answer: answer || null,
        passages,
        scores: null,
        correct: false,
        error: reasonOf(e),
        latencyMs: Date.now() - started,
        inputTokens: usage?.inputTokens ?? 0,
        outputTokens: usage?.outputTokens ?? 0,
        costMicroEur: 0,
      });
    }
  }

  private saveResult(result: EvalResult, values: Partial<EvalResult> & { status: "done" | "error"; correct: boolean }) {
    this.db.transaction((tx) => {
      tx.update(evalResults)
        .set({ ...values, finishedAt: new Date() })
        .where(eq(evalResults.id, result.id))
        .run();
      tx.update(evalRuns)
        .set({
          completed: sql`${evalRuns.completed} + 1`,
          passed: sql`${evalRuns.passed} + ${values.correct ? 1 : 0}`,
          errored: sql`${evalRuns.errored} + ${values.status === "error" ? 1 : 0}`,
        })
        .where(eq(evalRuns.id, result.runId))
        .run();
    });
  }
}
