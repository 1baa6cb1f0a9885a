import { eq, inArray } from "drizzle-orm";
import { knowledgeDocuments, messages, type Db, type MessageCitation, type MessageStatus, type MessageToolStep } from "@atelier/db";
import { ProviderError, type ModelTarget, type ReplyCitation, type ReplyEvent, type ReplyUsage } from "@atelier/agent";
import { costMicroEur, recordModelCall } from "../usage/record-model-call";
import type { Logger } from "../../logger";

/** Adds each cited document's path or URL, as it is now (the answer keeps it if the document goes). */
export function withLocations(db: Db, citations: ReplyCitation[]): MessageCitation[] {
  const ids = [...new Set(citations.map((c) => c.documentId))];
  const locations = new Map(
    ids.length
      ? db
          .select({ id: knowledgeDocuments.id, location: knowledgeDocuments.location })
          .from(knowledgeDocuments)
          .where(inArray(knowledgeDocuments.id, ids))
          .all()
          .map((d) => [d.id, d.location])
      : [],
  );
  return citations.map((c) => ({ ...c, location: locations.get(c.documentId) ?? "" }));
}

/** What the chat receives while an answer is produced (Dust-style typed events). */
/** What an answer's producer yields: a model reply, the extractive engine, or the agent loop. */
export type AnswerEvent =
  | ReplyEvent
  | { type: "tool_call"; callId: string; name: string; arguments: unknown; requiresApproval: boolean }
  | { type: "approval_required"; callId: string; name: string; arguments: unknown }
  | { type: "tool_result"; callId: string; name: string; ok: boolean; content: string; display?: unknown; durationMs: number; error?: string }
  | { type: "done"; usage: ReplyUsage; steps?: number };

/** Hooks the producer may use while it runs. */
export interface AnswerHooks {
  /** Asks the user to approve a tool call; resolves false when refused, stopped, or unanswered in time. */
  approve(call: { callId: string; name: string; arguments: unknown }): Promise<boolean>;
}

export type ChatEvent =
  | { type: "token"; text: string }
  | { type: "citations"; citations: MessageCitation[] }
  | { type: "tool_call"; callId: string; name: string; arguments: unknown; requiresApproval: boolean }
  | { type: "approval_required"; callId: string; name: string; arguments: unknown }
  | { type: "approval_resolved"; callId: string; approved: boolean }
  | { type: "tool_result"; callId: string; name: string; ok: boolean; content: string; display?: unknown; durationMs: number; error?: string }
  | { type: "done"; status: Exclude<MessageStatus, "streaming">; content: string; error: string | null; errorCode: string | null };

/** A production answer that has just finished (for the monitoring aggregates and live grading). */
export interface FinishedAnswer {
  messageId: string;
  userId: string;
  assistantId: string;
  assistantVersionId: string | null;
  modelId: string;
  /** When the answer started. */
  createdAt: Date;
  status: Exclude<MessageStatus, "streaming">;
  content: string;
  citations: MessageCitation[];
  /** The assistant had knowledge sources to answer from. */
  hasKnowledge: boolean;
  /** An editor trying the draft in the Studio: not production traffic. */
  preview?: boolean;
  latencyMs: number | null;
  firstTokenMs: number | null;
  inputTokens: number;
  outputTokens: number;
  costMicroEur: number;
}

interface Run {
  messageId: string;
  userId: string;
  controller: AbortController;
  events: ChatEvent[];
  /** Tool calls waiting for the user's decision, by call id. */
  approvals: Map<string, (approved: boolean) => void>;
  toolSteps: MessageToolStep[];
  content: string;
  finished: boolean;
  /** Resolved and replaced every time an event is pushed. */
  changed: Promise<void>;
  /** Resolved when the final event is pushed. */
  finishedPromise: Promise<void>;
  markFinished: () => void;
  notify: () => void;
  settled: Promise<void>;
}

const PERSIST_EVERY_MS = 500;

/**
 * In-flight answers. A run is started by `chat.send`, produces its answer independently of any
 * subscriber (a closed tab does not lose the answer), persists partial text regularly and the
 * final state once, and can be stopped. Subscribers replay the events from any position.
 */
export class ChatRuns {
  private readonly runs = new Map<string, Run>();
  private shuttingDown = false;

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
    private readonly tokenIntervalMs = 40,
    /** How long a tool call waits for the user's approval before it counts as refused. */
    private readonly approvalTimeoutMs = 10 * 60_000,
  ) {}

  get size() {
    return this.runs.size;
  }

  private readonly finishedListeners: ((answer: FinishedAnswer) => void)[] = [];

  /** Called once per finished answer, after it is saved (monitoring aggregates, live grading). */
  onFinished(listener: (answer: FinishedAnswer) => void) {
    this.finishedListeners.push(listener);
  }

  start(args: {
    messageId: string;
    userId: string;
    assistantId: string;
    /** Produces the answer: a model's streamed reply, the built-in extractive engine, or the agent loop. */
    reply: (signal: AbortSignal, hooks: AnswerHooks) => AsyncIterable<AnswerEvent>;
    target: ModelTarget;
    /** For the usage record: which model row answered and its prices. */
    billing: { modelId: string; providerId: string; inputPricePerMTokEur: number; outputPricePerMTokEur: number };
    /** For the monitoring aggregates. */
    assistantVersionId?: string | null;
    hasKnowledge?: boolean;
    preview?: boolean;
  }) {
    let notify!: () => void;
    let markFinished!: () => void;
    const run: Run = {
      messageId: args.messageId,
      userId: args.userId,
      controller: new AbortController(),
      events: [],
      approvals: new Map(),
      toolSteps: [],
      content: "",
      finished: false,
      changed: new Promise<void>((r) => (notify = r)),
      finishedPromise: new Promise<void>((r) => (markFinished = r)),
      markFinished: () => markFinished(),
      notify: () => {},
      settled: Promise.resolve(),
    };
    run.notify = () => {
      const resolve = notify;
      run.changed = new Promise<void>((r) => (notify = r));
      resolve();
    };
    this.runs.set(args.messageId, run);
    run.settled = this.produce(run, args);
  }

  private push(run: Run, event: ChatEvent) {
    run.events.push(event);
    run.notify();
  }

  private async produce(run: Run, args: Parameters<ChatRuns["start"]>[0]) {
    let lastPersist = Date.now();
    let status: Exclude<MessageStatus, "streaming"> = "done";
    let error: string | null = null;
    let errorCode: string | null = null;
    let usage: ReplyUsage | null = null;
    let citations: MessageCitation[] | null = null;
    const started = Date.now();
    try {
      const hooks: AnswerHooks = { approve: (call) => this.waitForApproval(run, call) };
      for await (const event of args.reply(run.controller.signal, hooks)) {
        if (event.type === "tool_call") {
          run.toolSteps.push({ callId: event.callId, name: event.name, arguments: event.arguments, requiresApproval: event.requiresApproval, approval: null, ok: null, content: null, durationMs: null });
          this.push(run, event);
        } else if (event.type === "approval_required") {
          this.push(run, event);
        } else if (event.type === "tool_result") {
          const step = run.toolSteps.find((t) => t.callId === event.callId);
          if (step) Object.assign(step, { ok: event.ok, content: event.content, display: event.display, error: event.error ?? null, durationMs: event.durationMs });
          this.push(run, event);
        } else if (event.type === "citations") {
          citations = withLocations(this.db, event.citations);
          this.push(run, { type: "citations", citations });
        } else if (event.type === "token") {
          run.content += event.text;
          this.push(run, event);
          if (Date.now() - lastPersist > PERSIST_EVERY_MS) {
            lastPersist = Date.now();
            this.db.update(messages).set({ content: run.content }).where(eq(messages.id, run.messageId)).run();
          }
        } else {
          usage = event.usage;
        }
      }
    } catch (e) {
      if ((e as Error)?.name === "AbortError") {
        status = this.shuttingDown ? "interrupted" : "stopped";
      } else if (e instanceof ProviderError) {
        status = "error";
        error = e.message;
        errorCode = `provider.${e.code}`;
      } else {
        status = "error";
        error = "The answer failed because of an unexpected error on the server.";
        errorCode = "internal";
        this.logger.error({ err: e, messageId: run.messageId }, "chat run failed");
      }
    }
    try {
      this.db
        .update(messages)
        .set({
          content: run.content,
          status,
          error,
          errorCode,
          inputTokens: usage?.inputTokens ?? null,
          outputTokens: usage?.outputTokens ?? null,
          latencyMs: usage?.latencyMs ?? null,
          firstTokenMs: usage?.firstTokenMs ?? null,
          citations,
          toolSteps: run.toolSteps.length ? run.toolSteps : null,
        })
        .where(eq(messages.id, run.messageId))
        .run();
    } catch (e) {
      this.logger.error({ err: e, messageId: run.messageId }, "could not save the answer");
    }
    try {
      recordModelCall(this.db, {
        createdAt: new Date(started),
        purpose: "chat",
        status: status === "done" ? "ok" : status === "error" ? "error" : "aborted",
        errorCode,
        userId: args.userId,
        assistantId: args.assistantId,
        messageId: run.messageId,
        providerId: args.billing.providerId,
        modelId: args.billing.modelId,
        modelName: args.target.modelName,
        inputTokens: usage?.inputTokens ?? 0,
        outputTokens: usage?.outputTokens ?? 0,
        tokensEstimated: usage?.tokensEstimated ?? false,
        latencyMs: usage?.latencyMs ?? Date.now() - started,
        firstTokenMs: usage?.firstTokenMs ?? null,
        costMicroEur: usage ? costMicroEur(usage.inputTokens, usage.outputTokens, args.billing) : 0,
      });
    } catch (e) {
      this.logger.error({ err: e, messageId: run.messageId }, "could not record the model call");
    }
    const finished: FinishedAnswer = {
      messageId: run.messageId,
      userId: args.userId,
      assistantId: args.assistantId,
      assistantVersionId: args.assistantVersionId ?? null,
      modelId: args.billing.modelId,
      createdAt: new Date(started),
      status,
      content: run.content,
      citations: citations ?? [],
      hasKnowledge: args.hasKnowledge ?? false,
      preview: args.preview ?? false,
      latencyMs: usage?.latencyMs ?? null,
      firstTokenMs: usage?.firstTokenMs ?? null,
      inputTokens: usage?.inputTokens ?? 0,
      outputTokens: usage?.outputTokens ?? 0,
      costMicroEur: usage ? costMicroEur(usage.inputTokens, usage.outputTokens, args.billing) : 0,
    };
    for (const listener of this.finishedListeners) {
      try {
        listener(finished);
      } catch (e) {
        this.logger.error({ err: e, messageId: run.messageId }, "a finished-answer listener failed");
      }
    }
    run.finished = true;
    this.push(run, { type: "done", status, content: run.content, error, errorCode });
    run.markFinished();
    // Keep the finished run briefly so late subscribers replay it from memory, then forget it.
    setTimeout(() => this.runs.delete(run.messageId), 30_000).unref();
  }

  private waitForApproval(run: Run, call: { callId: string; name: string; arguments: unknown }): Promise<boolean> {
    if (run.controller.signal.aborted) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => decide(false), this.approvalTimeoutMs);
      timer.unref();
      const onAbort = () => decide(false);
      const decide = (approved: boolean) => {
        if (!run.approvals.has(call.callId)) return;
        run.approvals.delete(call.callId);
        clearTimeout(timer);
        run.controller.signal.removeEventListener("abort", onAbort);
        const step = run.toolSteps.find((t) => t.callId === call.callId);
        if (step) step.approval = approved ? "approved" : "refused";
        this.push(run, { type: "approval_resolved", callId: call.callId, approved });
        resolve(approved);
      };
      run.approvals.set(call.callId, decide);
      run.controller.signal.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** The user's decision on a tool call waiting for approval; false when nothing of theirs waits. */
  resolveApproval(messageId: string, userId: string, callId: string, approved: boolean): boolean {
    const run = this.runs.get(messageId);
    const decide = run && run.userId === userId && !run.finished ? run.approvals.get(callId) : undefined;
    if (!decide) return false;
    decide(approved);
    return true;
  }

  /** Stops an answer; returns false when no run of this user is in flight for the message. */
  stop(messageId: string, userId: string): boolean {
    const run = this.runs.get(messageId);
    if (!run || run.userId !== userId || run.finished) return false;
    run.controller.abort();
    return true;
  }

  /** True while the run, finished or not, is still held in memory. */
  hasRecent(messageId: string) {
    return this.runs.has(messageId);
  }

  isRunning(messageId: string) {
    const run = this.runs.get(messageId);
    return !!run && !run.finished;
  }

  /**
   * Events of a run from position `from` on, live until the run finishes or `signal` aborts.
   * The first token goes out at once; later tokens are sent at most every `tokenIntervalMs`,
   * merged into one event — smooth to read, and far fewer events for the stream to carry when
   * many answers are streaming at once. The index is the last one merged, so a reconnect
   * resumes after it.
   */
  async *follow(messageId: string, from: number, signal: AbortSignal): AsyncGenerator<{ index: number; event: ChatEvent }> {
    const run = this.runs.get(messageId);
    if (!run) return;
    let i = Math.max(0, from);
    let lastTokenAt = Number.NEGATIVE_INFINITY;
    const aborted = new Promise<void>((r) => signal.addEventListener("abort", () => r(), { once: true }));
    while (!signal.aborted) {
      if (i < run.events.length && run.events[i]!.type === "token") {
        const wait = lastTokenAt + this.tokenIntervalMs - performance.now();
        if (wait > 0 && !run.finished) {
          let timer: NodeJS.Timeout | undefined;
          await Promise.race([new Promise<void>((r) => (timer = setTimeout(r, wait))), run.finishedPromise, aborted]);
          clearTimeout(timer);
          if (signal.aborted) return;
        }
      }
      while (i < run.events.length) {
        const event = run.events[i]!;
        if (event.type === "token") {
          let text = event.text;
          while (i + 1 < run.events.length && run.events[i + 1]!.type === "token") text += (run.events[++i] as { text: string }).text;
          lastTokenAt = performance.now();
          yield { index: i, event: text === event.text ? event : { type: "token", text } };
        } else {
          yield { index: i, event };
        }
        i++;
      }
      if (run.finished) return;
      await Promise.race([run.changed, aborted]);
    }
  }

  /** Graceful shutdown: aborts every answer (saved as "interrupted") and waits for them to be saved. */
  async shutdown() {
    this.shuttingDown = true;
    const pending = [...this.runs.values()].filter((r) => !r.finished);
    for (const r of pending) r.controller.abort();
    await Promise.all(pending.map((r) => r.settled));
  }
}
