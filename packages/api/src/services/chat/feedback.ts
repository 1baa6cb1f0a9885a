import { and, eq } from "drizzle-orm";
import { messageFeedback, messages } from "@atelier/db";
import type { Context, SessionUser } from "../../context";
import { ValidationError } from "../../errors";
import { loadOwnMessage } from "./follow-message";
import { recordFeedbackChange } from "../monitoring/answer-stats";

type Ctx = Context & { user: SessionUser };

/** Thumbs up/down on one of the user's answers, with an optional comment and the right answer. */
export function giveFeedback({ ctx, input }: { ctx: Ctx; input: { messageId: string; rating: "up" | "down"; comment?: string; correction?: string } }) {
  const message = loadOwnMessage(ctx, input.messageId);
  if (message.role !== "assistant") throw new ValidationError("Only answers can be rated.", {}, "chat.not_an_answer");
  const row = ctx.db.select({ assistantVersionId: messages.assistantVersionId }).from(messages).where(eq(messages.id, message.id)).get()!;
  const values = {
    rating: input.rating,
    comment: input.comment?.trim() ?? "",
    correction: input.rating === "down" ? (input.correction?.trim() ?? "") : "",
    updatedAt: new Date(),
  };
  const before = ctx.db
    .select({ rating: messageFeedback.rating })
    .from(messageFeedback)
    .where(and(eq(messageFeedback.messageId, message.id), eq(messageFeedback.userId, ctx.user.id)))
    .get();
  ctx.db
    .insert(messageFeedback)
    .values({ messageId: message.id, userId: ctx.user.id, assistantId: message.assistantId, assistantVersionId: row.assistantVersionId, ...values })
    .onConflictDoUpdate({ target: [messageFeedback.messageId, messageFeedback.userId], set: values })
    .run();
  recordFeedbackChange(ctx.db, message.id, before?.rating ?? null, input.rating);
  return { messageId: message.id, ...values };
}

export function removeFeedback({ ctx, input }: { ctx: Ctx; input: { messageId: string } }) {
  const message = loadOwnMessage(ctx, input.messageId);
  const removed = ctx.db
    .delete(messageFeedback)
    .where(and(eq(messageFeedback.messageId, message.id), eq(messageFeedback.userId, ctx.user.id)))
    .returning({ rating: messageFeedback.rating })
    .get();
  if (removed) recordFeedbackChange(ctx.db, message.id, removed.rating, null);
  return { messageId: message.id };
}
