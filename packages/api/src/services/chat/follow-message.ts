import { and, eq } from "drizzle-orm";
import { conversations, messages } from "@atelier/db";
import type { Context, SessionUser } from "../../context";
import { NotFoundError } from "../../errors";
import type { ChatEvent } from "./chat-runs";

type Ctx = Context & { user: SessionUser };

/** Checks that the answer belongs to one of the user's conversations; returns its saved row. */
export function loadOwnMessage(ctx: Ctx, messageId: string) {
  const row = ctx.db
    .select({
      id: messages.id,
      conversationId: messages.conversationId,
      role: messages.role,
      assistantId: messages.assistantId,
      createdAt: messages.createdAt,
      content: messages.content,
      status: messages.status,
      error: messages.error,
      errorCode: messages.errorCode,
    })
    .from(messages)
    .innerJoin(conversations, eq(conversations.id, messages.conversationId))
    .where(and(eq(messages.id, messageId), eq(conversations.userId, ctx.user.id)))
    .get();
  if (!row) throw new NotFoundError("This message");
  return row;
}

/**
 * Streams an answer's events from position `from`. When the answer is no longer in flight
 * (finished earlier, or the server restarted) a single `done` event carries its saved state.
 */
export async function* followMessage({ ctx, input, signal }: { ctx: Ctx; input: { messageId: string; from: number }; signal: AbortSignal }): AsyncGenerator<{ index: number; event: ChatEvent }> {
  loadOwnMessage(ctx, input.messageId);
  for await (const item of ctx.chatRuns.follow(input.messageId, input.from, signal)) {
    yield item;
    if (item.event.type === "done") return;
  }
  if (signal.aborted) return;
  const saved = loadOwnMessage(ctx, input.messageId);
  const status = saved.status === "streaming" ? "interrupted" : saved.status;
  yield { index: Number.MAX_SAFE_INTEGER, event: { type: "done", status, content: saved.content, error: saved.error, errorCode: saved.errorCode } };
}
