import { and, asc, desc, eq } from "drizzle-orm";
import { assistants, conversations, messages } from "@atelier/db";
import type { Context, SessionUser } from "../../context";
import { NotFoundError } from "../../errors";

type Ctx = Context & { user: SessionUser };

/** The user's own conversations, newest first. Nobody lists another user's conversations. */
export function listConversations({ ctx }: { ctx: Ctx }) {
  return ctx.db
    .select({
      id: conversations.id,
      title: conversations.title,
      assistantId: conversations.assistantId,
      assistantName: assistants.name,
      assistantEmoji: assistants.emoji,
      updatedAt: conversations.updatedAt,
    })
    .from(conversations)
    .leftJoin(assistants, eq(assistants.id, conversations.assistantId))
    .where(eq(conversations.userId, ctx.user.id))
    .orderBy(desc(conversations.updatedAt))
    .limit(200)
    .all();
}

export function loadOwnConversation(ctx: Ctx, id: string) {
  const conversation = ctx.db.select().from(conversations).where(and(eq(conversations.id, id), eq(conversations.userId, ctx.user.id))).get();
  if (!conversation) throw new NotFoundError("This conversation");
  return conversation;
}

export function getConversation({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  const conversation = loadOwnConversation(ctx, input.id);
  const rows = ctx.db
    .select({
      id: messages.id,
      role: messages.role,
      content: messages.content,
      status: messages.status,
      error: messages.error,
      errorCode: messages.errorCode,
      assistantId: messages.assistantId,
      assistantName: assistants.name,
      assistantEmoji: assistants.emoji,
      model: messages.model,
      createdAt: messages.createdAt,
    })
    .from(messages)
    .leftJoin(assistants, eq(assistants.id, messages.assistantId))
    .where(eq(messages.conversationId, conversation.id))
    .orderBy(asc(messages.createdAt), asc(messages.role))
    .all();
  // A message still marked "streaming" with no run in this process was cut by a restart.
  const list = rows.map((m) => (m.status === "streaming" && !ctx.chatRuns.isRunning(m.id) ? { ...m, status: "interrupted" as const } : m));
  return { ...conversation, messages: list };
}

export function renameConversation({ ctx, input }: { ctx: Ctx; input: { id: string; title: string } }) {
  loadOwnConversation(ctx, input.id);
  ctx.db.update(conversations).set({ title: input.title }).where(eq(conversations.id, input.id)).run();
  return { id: input.id };
}

export function deleteConversation({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  loadOwnConversation(ctx, input.id);
  ctx.db.delete(conversations).where(eq(conversations.id, input.id)).run();
  return { id: input.id };
}
