import { eq } from "drizzle-orm";
import { knowledgeSources, newId } from "@atelier/db";
import type { Context, SessionUser } from "../../context";

type Ctx = Pick<Context, "db"> & { user: SessionUser };

/** The hidden source holding the files attached to a conversation (only its owner ever searches it). */
export function conversationSourceIds(ctx: Ctx, conversationId: string): string[] {
  return ctx.db
    .select({ id: knowledgeSources.id })
    .from(knowledgeSources)
    .where(eq(knowledgeSources.conversationId, conversationId))
    .all()
    .map((r) => r.id);
}

/** Creates the conversation's hidden upload source on the first attachment. */
export function ensureConversationSource(ctx: Ctx, conversationId: string): string {
  const existing = conversationSourceIds(ctx, conversationId)[0];
  if (existing) return existing;
  const id = newId();
  ctx.db
    .insert(knowledgeSources)
    .values({ id, name: "Conversation attachments", kind: "upload", teamId: null, sensitivity: "internal", config: {}, conversationId, createdById: ctx.user.id })
    .run();
  return id;
}
