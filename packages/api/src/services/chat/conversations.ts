import { and, asc, desc, eq, or, sql } from "drizzle-orm";
import { assistants, conversations, messageFeedback, messages } from "@atelier/db";
import { conversationSourceIds } from "../knowledge/conversation-files";
import type { Context, SessionUser } from "../../context";
import { NotFoundError } from "../../errors";

type Ctx = Context & { user: SessionUser };

/** The user's own conversations, newest first, optionally those whose title or messages contain `query`. Nobody lists another user's conversations. */
export function listConversations({ ctx, input }: { ctx: Ctx; input?: { query?: string } }) {
  const query = input?.query?.trim();
  const pattern = query ? `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
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
    .where(
      and(
        eq(conversations.userId, ctx.user.id),
        // Studio previews are throwaways, shown only in the Studio's preview panel.
        eq(conversations.preview, false),
        pattern
          ? or(
              sql`${conversations.title} LIKE ${pattern} ESCAPE '\\'`,
              sql`EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = ${conversations.id} AND m.content LIKE ${pattern} ESCAPE '\\')`,
            )
          : undefined,
      ),
    )
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
      currentAssistantName: assistants.name,
      answeredAs: messages.assistantName,
      assistantEmoji: assistants.emoji,
      assistantVersionId: messages.assistantVersionId,
      model: messages.model,
      citations: messages.citations,
      toolSteps: messages.toolSteps,
      feedbackRating: messageFeedback.rating,
      feedbackComment: messageFeedback.comment,
      feedbackCorrection: messageFeedback.correction,
      createdAt: messages.createdAt,
    })
    .from(messages)
    .leftJoin(assistants, eq(assistants.id, messages.assistantId))
    .leftJoin(messageFeedback, and(eq(messageFeedback.messageId, messages.id), eq(messageFeedback.userId, ctx.user.id)))
    .where(eq(messages.conversationId, conversation.id))
    .orderBy(asc(messages.createdAt), asc(messages.role))
    .all();
  // A message still marked "streaming" with no run in this process was cut by a restart.
  const list = rows.map(({ currentAssistantName, answeredAs, feedbackRating, feedbackComment, feedbackCorrection, ...m }) => ({
    ...m,
    status: m.status === "streaming" && !ctx.chatRuns.isRunning(m.id) ? ("interrupted" as const) : m.status,
    // A deleted assistant's answers stay readable, under the name it had.
    assistantName: currentAssistantName ?? answeredAs,
    assistantDeleted: m.role === "assistant" && !m.assistantId,
    feedback: feedbackRating ? { rating: feedbackRating, comment: feedbackComment ?? "", correction: feedbackCorrection ?? "" } : null,
  }));
  return { ...conversation, messages: list };
}

export function renameConversation({ ctx, input }: { ctx: Ctx; input: { id: string; title: string } }) {
  loadOwnConversation(ctx, input.id);
  ctx.db.update(conversations).set({ title: input.title }).where(eq(conversations.id, input.id)).run();
  return { id: input.id };
}

export async function deleteConversation({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  loadOwnConversation(ctx, input.id);
  // Attached files leave the index with the conversation.
  for (const sourceId of conversationSourceIds(ctx, input.id)) {
    await ctx.knowledge.runner.cancelSource(sourceId);
    ctx.knowledge.runner.removeSourceDocuments(sourceId);
  }
  ctx.db.delete(conversations).where(eq(conversations.id, input.id)).run();
  return { id: input.id };
}
