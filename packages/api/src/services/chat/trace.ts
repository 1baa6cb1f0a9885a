import { eq, sql } from "drizzle-orm";
import { assistantVersions, messageFeedback, messages, modelCalls } from "@atelier/db";
import type { Context, SessionUser } from "../../context";
import { loadOwnMessage } from "./follow-message";

type Ctx = Context & { user: SessionUser };

/**
 * Everything about how an answer was produced: the assistant version, the model, the passages it
 * cites, each tool call with arguments and result, tokens, latency and cost.
 */
export function traceMessage({ ctx, input }: { ctx: Ctx; input: { messageId: string } }) {
  const own = loadOwnMessage(ctx, input.messageId);
  const m = ctx.db.select().from(messages).where(eq(messages.id, own.id)).get()!;
  const version = m.assistantVersionId
    ? ctx.db.select({ number: assistantVersions.number, createdAt: assistantVersions.createdAt }).from(assistantVersions).where(eq(assistantVersions.id, m.assistantVersionId)).get()
    : undefined;
  const usage = ctx.db
    .select({
      calls: sql<number>`count(*)`,
      inputTokens: sql<number>`coalesce(sum(${modelCalls.inputTokens}), 0)`,
      outputTokens: sql<number>`coalesce(sum(${modelCalls.outputTokens}), 0)`,
      costMicroEur: sql<number>`coalesce(sum(${modelCalls.costMicroEur}), 0)`,
      tokensEstimated: sql<number>`coalesce(max(${modelCalls.tokensEstimated}), 0)`,
    })
    .from(modelCalls)
    .where(eq(modelCalls.messageId, m.id))
    .get()!;
  const feedback = ctx.db.select().from(messageFeedback).where(eq(messageFeedback.messageId, m.id)).get();
  return {
    messageId: m.id,
    status: m.status,
    error: m.error,
    assistant: { id: m.assistantId, name: m.assistantName, versionId: m.assistantVersionId, versionNumber: version?.number ?? null, deleted: m.role === "assistant" && !m.assistantId },
    model: { id: m.modelId, name: m.model },
    citations: m.citations ?? [],
    toolSteps: m.toolSteps ?? [],
    tokens: { input: m.inputTokens ?? usage.inputTokens, output: m.outputTokens ?? usage.outputTokens, estimated: !!usage.tokensEstimated },
    latencyMs: m.latencyMs,
    firstTokenMs: m.firstTokenMs,
    costEur: usage.costMicroEur / 1_000_000,
    modelCalls: usage.calls,
    feedback: feedback ? { rating: feedback.rating, comment: feedback.comment, correction: feedback.correction } : null,
    createdAt: m.createdAt,
  };
}
