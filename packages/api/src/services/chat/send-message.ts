import { and, asc, eq, inArray } from "drizzle-orm";
import { assistants, conversations, knowledgeSources, messages, newId } from "@atelier/db";
import { extractiveReply, streamReply, type ChatTurn, type ReplyEvent } from "@atelier/agent";
import type { SendMessageInput } from "@atelier/validators";
import type { Context, SessionUser } from "../../context";
import { NotFoundError, ValidationError } from "../../errors";
import { resolveChatModel } from "../models/resolve-chat-model";
import { canUseAssistant } from "../access";
import { loadOwnConversation } from "./conversations";
import { effectiveConfig } from "../assistants/versions";
import type { ResolvedChatModel } from "../models/resolve-chat-model";
import { PreconditionError } from "../../errors";
import { retrievePassages } from "../knowledge/retrieve-passages";
import { visibleSourceIds } from "../knowledge/source-access";

type Ctx = Context & { user: SessionUser };

const HISTORY_TURNS = 40;

function titleFrom(content: string) {
  const line = content.trim().replace(/\s+/g, " ");
  return line.length > 60 ? `${line.slice(0, 57)}…` : line;
}

/**
 * Confidential and secret sources are only ever shown to on-premises models: checked here at run
 * time whatever the Studio allowed (a label may have changed since).
 */
export function checkSensitivity(ctx: Pick<Ctx, "db">, sourceIds: string[], resolved: Pick<ResolvedChatModel, "sovereignty" | "model" | "provider">) {
  if (sourceIds.length === 0 || resolved.sovereignty === "on_premises") return;
  const sensitive = ctx.db
    .select({ name: knowledgeSources.name })
    .from(knowledgeSources)
    .where(and(inArray(knowledgeSources.id, sourceIds), inArray(knowledgeSources.sensitivity, ["confidential", "secret"])))
    .all();
  if (sensitive.length) {
    throw new PreconditionError(
      `This assistant uses confidential data ("${sensitive[0]!.name}") that may only be sent to an on-premises model, and "${resolved.model.displayName}" is not one. Its owner should pick an on-premises model.`,
      "model.sensitivity",
    );
  }
}

/**
 * Saves the user's message and an empty answer, then starts producing the answer in the
 * background. The client follows it with `chat.onMessage`. Nothing is saved when the request is
 * refused (the composer keeps the text).
 */
export function sendMessage({ ctx, input }: { ctx: Ctx; input: SendMessageInput }) {
  if (input.content.length > ctx.config.maxMessageChars) {
    throw new ValidationError(`Messages are limited to ${ctx.config.maxMessageChars} characters.`, { content: [`Messages are limited to ${ctx.config.maxMessageChars} characters`] }, "chat.message_too_long");
  }
  const assistant = ctx.db.select().from(assistants).where(eq(assistants.id, input.assistantId)).get();
  if (!assistant || !canUseAssistant(ctx.db, ctx.user, assistant)) throw new NotFoundError("This assistant");
  const { config, versionId } = effectiveConfig(ctx, assistant, { preview: input.preview });
  const resolved = resolveChatModel(ctx, config.modelId);
  // Passages come only from sources both the assistant and the asking user may use.
  const visible = new Set(visibleSourceIds(ctx));
  const sourceIds = config.sourceIds.filter((id) => visible.has(id));
  checkSensitivity(ctx, config.sourceIds, resolved);
  const conversation = input.conversationId ? loadOwnConversation(ctx, input.conversationId) : null;

  const conversationId = conversation?.id ?? newId();
  const userMessageId = newId();
  const answerId = newId();
  const now = Date.now();

  const history: ChatTurn[] = [];
  ctx.db.transaction((tx) => {
    if (!conversation) {
      tx.insert(conversations).values({ id: conversationId, userId: ctx.user.id, assistantId: assistant.id, title: titleFrom(input.content) }).run();
    } else {
      tx.update(conversations).set({ updatedAt: new Date(now) }).where(eq(conversations.id, conversationId)).run();
      const previous = tx
        .select({ role: messages.role, content: messages.content })
        .from(messages)
        .where(and(eq(messages.conversationId, conversationId), inArray(messages.status, ["done", "stopped", "interrupted"])))
        .orderBy(asc(messages.createdAt))
        .all()
        .filter((m) => m.content.trim());
      history.push(...previous.slice(-HISTORY_TURNS));
    }
    tx.insert(messages).values({ id: userMessageId, conversationId, role: "user", content: input.content, status: "done", createdAt: new Date(now) }).run();
    tx.insert(messages)
      .values({
        id: answerId,
        conversationId,
        role: "assistant",
        content: "",
        status: "streaming",
        assistantId: assistant.id,
        assistantVersionId: versionId,
        assistantName: config.name,
        modelId: resolved.model.id,
        model: resolved.model.displayName,
        createdAt: new Date(now + 1),
      })
      .run();
  });
  history.push({ role: "user", content: input.content });

  let reply: (signal: AbortSignal) => AsyncIterable<ReplyEvent>;
  if (resolved.provider.kind === "builtin") {
    const question = input.content;
    reply = (signal) =>
      extractiveReply({ question, retrieve: async (q) => (await retrievePassages(ctx, { query: q, sourceIds, limit: 5, signal })).results, signal });
  } else {
    const model = resolved.create({ temperature: config.temperature, maxOutputTokens: config.maxOutputTokens });
    reply = (signal) => streamReply({ model, target: resolved.target, instructions: config.instructions, history, signal });
  }
  ctx.chatRuns.start({
    messageId: answerId,
    userId: ctx.user.id,
    assistantId: assistant.id,
    reply,
    target: resolved.target,
    billing: { modelId: resolved.model.id, providerId: resolved.provider.id, inputPricePerMTokEur: resolved.model.inputPricePerMTokEur, outputPricePerMTokEur: resolved.model.outputPricePerMTokEur },
  });
  return { conversationId, userMessageId, assistantMessageId: answerId };
}
