import { and, asc, desc, eq, gt, gte, inArray, lt } from "drizzle-orm";
import { type Assistant, type AssistantConfig, assistants, conversations, knowledgeSources, messages, newId } from "@atelier/db";
import {
  assemblePrompt,
  createTools,
  extractiveReply,
  runAgent,
  streamReply,
  substituteVariables,
  ToolConfigError,
  ToolError,
  type ChatTurn,
  type TableStore as TableStoreAccess,
} from "@atelier/agent";
import { createSafeFetch, TableQueryError } from "@atelier/knowledge";
import type { AnswerEvent, AnswerHooks } from "./chat-runs";
import { promptVariables } from "./prompt-variables";
import { readSecret } from "../secrets/secrets";
import type { SendMessageInput } from "@atelier/validators";
import type { Context, SessionUser } from "../../context";
import { NotFoundError, ValidationError } from "../../errors";
import { resolveChatModel } from "../models/resolve-chat-model";
import { canEditAssistant, canUseAssistant } from "../access";
import { loadOwnConversation } from "./conversations";
import { loadOwnMessage } from "./follow-message";
import { conversationSourceIds } from "../knowledge/conversation-files";
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

/** Everything decided before an answer starts: refused requests save nothing. */
function prepareAnswer(ctx: Ctx, assistant: Assistant, conversationId: string | null, preview: boolean | undefined) {
  const { config, versionId } = effectiveConfig(ctx, assistant, { preview });
  return prepareConfig(ctx, config, versionId, conversationId);
}

/**
 * Resolves the model of a configuration (a version, the draft, or the copy an evaluation run is
 * pinned to) and the sources it may read: only those both the assistant and the acting user may
 * use, plus the files attached to the conversation.
 */
export function prepareConfig(ctx: Ctx, config: AssistantConfig, versionId: string | null, conversationId: string | null) {
  const resolved = resolveChatModel(ctx, config.modelId);
  checkSensitivity(ctx, config.sourceIds, resolved);
  const visible = new Set(visibleSourceIds(ctx));
  const sourceIds = config.sourceIds.filter((id) => visible.has(id));
  if (conversationId) sourceIds.push(...conversationSourceIds(ctx, conversationId));
  return { config, versionId, resolved, sourceIds };
}

export type PreparedAnswer = ReturnType<typeof prepareConfig>;
type Prepared = PreparedAnswer;

function answerRow(assistant: Assistant, prepared: Prepared, conversationId: string, id: string, createdAt: Date) {
  return {
    id,
    conversationId,
    role: "assistant" as const,
    content: "",
    status: "streaming" as const,
    assistantId: assistant.id,
    assistantVersionId: prepared.versionId,
    assistantName: prepared.config.name,
    modelId: prepared.resolved.model.id,
    model: prepared.resolved.model.displayName,
    createdAt,
  };
}

/** The sql_query tool's view of the tables of these sources only. */
function tableAccess(ctx: Ctx, sourceIds: string[]): TableStoreAccess {
  const store = ctx.knowledge.tables;
  return {
    list: () => store.list(sourceIds).map((t) => ({ name: t.name, columns: t.columns, rowCount: t.rowCount, description: t.description })),
    query: async (sql, options) => {
      try {
        return await store.query(sourceIds, sql, options);
      } catch (e) {
        if (e instanceof TableQueryError) {
          throw new ToolError(e.code === "timeout" ? "timeout" : e.code === "too_many_sources" ? "invalid_input" : "unavailable", e.message, { cause: e });
        }
        throw e;
      }
    },
  };
}

/** Tools an assistant runs with: its configuration, with knowledge_search only when it has sources. */
function toolsOf(config: Prepared["config"], sourceIds: string[]) {
  const tools = { ...config.tools, knowledgeSearch: !!config.tools.knowledgeSearch && sourceIds.length > 0 };
  try {
    return createTools(tools);
  } catch (e) {
    if (e instanceof ToolConfigError) throw new PreconditionError(`This assistant's tools are misconfigured: ${e.message} Its owner should fix them in the Studio.`, "assistants.tools_invalid");
    throw e;
  }
}

/**
 * How an answer is produced: the built-in extractive engine, a plain model reply (no knowledge,
 * no tools: the fast path), or the agent loop (passages retrieved up-front into the prompt, tools
 * with approvals). Shared by the chat and by evaluation runs (which have no conversation).
 */
export function answerProducer(ctx: Ctx, assistant: Pick<Assistant, "id" | "ownerId">, prepared: Prepared, history: ChatTurn[], conversationId: string | null) {
  const { config, resolved, sourceIds } = prepared;
  const question = history.at(-1)?.content ?? "";
  const retrieve = (query: string, limit: number, signal?: AbortSignal) =>
    retrievePassages(ctx, { query, sourceIds, limit, signal }).then((r) => r.results);
  let reply: (signal: AbortSignal, hooks: AnswerHooks) => AsyncIterable<AnswerEvent>;
  const tools = resolved.provider.kind === "builtin" ? [] : toolsOf(config, sourceIds);
  const alwaysRetrieve = sourceIds.length > 0 && config.knowledgePassages > 0;
  if (resolved.provider.kind === "builtin") {
    // 10 passages: measured on PIAF, the built-in engine picks the right sentence more often than with 5.
    reply = (signal) => extractiveReply({ question, retrieve: (q) => retrieve(q, 10, signal), signal });
  } else if (tools.length === 0 && !alwaysRetrieve) {
    const model = resolved.create({ temperature: config.temperature, maxOutputTokens: config.maxOutputTokens });
    // No knowledge, no tools: the instructions alone (variables filled in), nothing else to explain.
    const instructions = substituteVariables(config.instructions, promptVariables(ctx, config.name));
    reply = (signal) => streamReply({ model, target: resolved.target, instructions, history, signal });
  } else {
    const model = resolved.create({ temperature: config.temperature, maxOutputTokens: config.maxOutputTokens });
    reply = async function* (signal, hooks) {
      const passages = alwaysRetrieve ? await retrieve(question, config.knowledgePassages, signal) : [];
      const prompt = assemblePrompt({
        instructions: config.instructions,
        variables: promptVariables(ctx, config.name),
        passages,
        strictness: config.knowledgeStrictness,
        toolNames: tools.map((t) => t.name),
      });
      yield* runAgent({
        model,
        target: resolved.target,
        system: prompt.system,
        citations: prompt.citations,
        history,
        tools,
        toolContext: {
          userId: ctx.user.id,
          assistantId: assistant.id,
          conversationId: conversationId ?? "",
          retrieve: (query, options) => retrieve(query, options.limit),
          // No redirects: an action's credentials (any header) must never follow one to another host.
          fetch: createSafeFetch({ allowedHosts: ctx.knowledge.settings.allowedPrivateHosts, maxRedirects: 0 }),
          secret: (secretId) => readSecret(ctx, secretId, assistant),
          tables: tableAccess(ctx, sourceIds),
        },
        signal,
        approve: hooks.approve,
      });
    };
  }
  const billing = { modelId: resolved.model.id, providerId: resolved.provider.id, inputPricePerMTokEur: resolved.model.inputPricePerMTokEur, outputPricePerMTokEur: resolved.model.outputPricePerMTokEur };
  return { reply, target: resolved.target, billing };
}

/** Starts producing an answer (already saved as "streaming") in the background. */
function startAnswer(ctx: Ctx, assistant: Assistant, prepared: Prepared, answerId: string, history: ChatTurn[], conversationId: string, preview: boolean) {
  const producer = answerProducer(ctx, assistant, prepared, history, conversationId);
  ctx.chatRuns.start({
    messageId: answerId,
    userId: ctx.user.id,
    assistantId: assistant.id,
    ...producer,
    assistantVersionId: prepared.versionId,
    hasKnowledge: prepared.sourceIds.length > 0,
    preview,
  });
}

/** The conversation's finished turns before `before` (a createdAt), oldest first, for the model. */
function historyOf(tx: Pick<Ctx, "db">["db"], conversationId: string, before?: Date): ChatTurn[] {
  return tx
    .select({ role: messages.role, content: messages.content })
    .from(messages)
    .where(
      and(
        eq(messages.conversationId, conversationId),
        inArray(messages.status, ["done", "stopped", "interrupted"]),
        before ? lt(messages.createdAt, before) : undefined,
      ),
    )
    .orderBy(asc(messages.createdAt))
    .all()
    .filter((m) => m.content.trim())
    .slice(-HISTORY_TURNS);
}

/** An assistant the user may chat with, or, for a draft preview, one they may edit. */
function loadUsableAssistant(ctx: Ctx, assistantId: string | null, preview?: boolean): Assistant {
  const assistant = assistantId ? ctx.db.select().from(assistants).where(eq(assistants.id, assistantId)).get() : undefined;
  const allowed = assistant && (canUseAssistant(ctx.db, ctx.user, assistant) || (preview && canEditAssistant(ctx.db, ctx.user, assistant)));
  if (!assistant || !allowed) throw new NotFoundError("This assistant");
  return assistant;
}

function checkLength(ctx: Ctx, content: string) {
  if (content.length > ctx.config.maxMessageChars) {
    throw new ValidationError(`Messages are limited to ${ctx.config.maxMessageChars} characters.`, { content: [`Messages are limited to ${ctx.config.maxMessageChars} characters`] }, "chat.message_too_long");
  }
}

/**
 * Saves the user's message and an empty answer, then starts producing the answer in the
 * background. The client follows it with `chat.onMessage`. Nothing is saved when the request is
 * refused (the composer keeps the text). Another assistant can answer in the same conversation
 * (@mention): its id is simply the one sent.
 */
export function sendMessage({ ctx, input }: { ctx: Ctx; input: SendMessageInput }) {
  checkLength(ctx, input.content);
  const assistant = loadUsableAssistant(ctx, input.assistantId, input.preview);
  const conversation = input.conversationId ? loadOwnConversation(ctx, input.conversationId) : null;
  const prepared = prepareAnswer(ctx, assistant, conversation?.id ?? null, input.preview);

  const conversationId = conversation?.id ?? newId();
  const userMessageId = newId();
  const answerId = newId();
  const now = Date.now();

  const history: ChatTurn[] = [];
  ctx.db.transaction((tx) => {
    if (!conversation) {
      tx.insert(conversations).values({ id: conversationId, userId: ctx.user.id, assistantId: assistant.id, title: titleFrom(input.content), preview: !!input.preview }).run();
    } else {
      tx.update(conversations).set({ updatedAt: new Date(now) }).where(eq(conversations.id, conversationId)).run();
      history.push(...historyOf(tx, conversationId));
    }
    tx.insert(messages).values({ id: userMessageId, conversationId, role: "user", content: input.content, status: "done", createdAt: new Date(now) }).run();
    tx.insert(messages).values(answerRow(assistant, prepared, conversationId, answerId, new Date(now + 1))).run();
  });
  history.push({ role: "user", content: input.content });
  startAnswer(ctx, assistant, prepared, answerId, history, conversationId, !!input.preview);
  return { conversationId, userMessageId, assistantMessageId: answerId };
}

/** Answers the last question again (same assistant), replacing the previous answer. */
export function regenerateAnswer({ ctx, input }: { ctx: Ctx; input: { messageId: string; preview?: boolean } }) {
  const answer = loadOwnMessage(ctx, input.messageId);
  if (answer.role !== "assistant") throw new ValidationError("Only an answer can be regenerated.", {}, "chat.not_an_answer");
  if (ctx.chatRuns.isRunning(answer.id)) throw new ValidationError("This answer is still being written; stop it first.", {}, "chat.still_running");
  const later = ctx.db.select({ id: messages.id }).from(messages).where(and(eq(messages.conversationId, answer.conversationId), gt(messages.createdAt, answer.createdAt))).get();
  if (later) throw new ValidationError("Only the last answer can be regenerated.", {}, "chat.not_last");
  const question = ctx.db
    .select()
    .from(messages)
    .where(and(eq(messages.conversationId, answer.conversationId), eq(messages.role, "user"), lt(messages.createdAt, answer.createdAt)))
    .orderBy(desc(messages.createdAt))
    .get();
  if (!question) throw new ValidationError("There is no question to answer again.", {}, "chat.not_an_answer");
  const assistant = loadUsableAssistant(ctx, answer.assistantId, input.preview);
  const prepared = prepareAnswer(ctx, assistant, answer.conversationId, input.preview);
  const answerId = newId();
  const history = [...historyOf(ctx.db, answer.conversationId, question.createdAt), { role: "user" as const, content: question.content }];
  ctx.db.transaction((tx) => {
    tx.delete(messages).where(eq(messages.id, answer.id)).run();
    tx.insert(messages).values(answerRow(assistant, prepared, answer.conversationId, answerId, new Date(Math.max(Date.now(), answer.createdAt.getTime())))).run();
    tx.update(conversations).set({ updatedAt: new Date() }).where(eq(conversations.id, answer.conversationId)).run();
  });
  startAnswer(ctx, assistant, prepared, answerId, history, answer.conversationId, !!input.preview);
  return { conversationId: answer.conversationId, assistantMessageId: answerId };
}

/**
 * Replaces one of the user's questions: the question and everything after it are removed, the
 * new text is sent to the assistant that answered it (or the conversation's).
 */
export function editAndResend({ ctx, input }: { ctx: Ctx; input: { messageId: string; content: string; preview?: boolean } }) {
  checkLength(ctx, input.content);
  const question = loadOwnMessage(ctx, input.messageId);
  if (question.role !== "user") throw new ValidationError("Only your own questions can be edited.", {}, "chat.not_a_question");
  const following = ctx.db
    .select({ id: messages.id, assistantId: messages.assistantId, role: messages.role })
    .from(messages)
    .where(and(eq(messages.conversationId, question.conversationId), gte(messages.createdAt, question.createdAt)))
    .orderBy(asc(messages.createdAt))
    .all();
  const conversation = loadOwnConversation(ctx, question.conversationId);
  const assistantId = following.find((m) => m.role === "assistant")?.assistantId ?? conversation.assistantId;
  // Refuse before deleting anything (unknown assistant, model not configured…).
  const assistant = loadUsableAssistant(ctx, assistantId, input.preview);
  prepareAnswer(ctx, assistant, conversation.id, input.preview);
  for (const m of following) ctx.chatRuns.stop(m.id, ctx.user.id);
  ctx.db.delete(messages).where(inArray(messages.id, following.map((m) => m.id))).run();
  return sendMessage({ ctx, input: { conversationId: conversation.id, assistantId: assistant.id, content: input.content, preview: input.preview } });
}
