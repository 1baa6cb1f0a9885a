import { relations } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { assistants } from "./assistants";
import { createdAt, id, updatedAt } from "./columns";
import { users } from "./users";

export const conversations = sqliteTable(
  "conversations",
  {
    id: id(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The assistant the conversation was started with. */
    assistantId: text("assistant_id").references(() => assistants.id, { onDelete: "set null" }),
    title: text("title").notNull(),
    /** A Studio preview of the draft (a throwaway): not production traffic for Monitoring. */
    preview: integer("preview", { mode: "boolean" }).notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("conversations_user_updated_idx").on(t.userId, t.updatedAt), index("conversations_assistant_created_idx").on(t.assistantId, t.createdAt)],
);

/** A passage an answer cites by its short reference ([1], [2]…). */
export interface MessageCitation {
  ref: number;
  chunkId: string;
  documentId: string;
  sourceId: string;
  title: string;
  headingPath: string[];
  page: number | null;
  /** Path or URL of the document. */
  location: string;
  excerpt: string;
  /** Set when the reader may not see the passage's source: only its place in the list is kept. */
  hidden?: boolean;
}

/** One tool call of an answer, as shown in the chat and the trace. */
export interface MessageToolStep {
  callId: string;
  name: string;
  arguments: unknown;
  requiresApproval: boolean;
  approval: "approved" | "refused" | null;
  ok: boolean | null;
  content: string | null;
  display?: unknown;
  error?: string | null;
  durationMs: number | null;
}

export const messageRoles = ["user", "assistant"] as const;
/**
 * streaming: the model is writing; done: complete; stopped: the user pressed Stop;
 * error: the model call failed (error holds a readable reason); interrupted: the server shut down.
 */
export const messageStatuses = ["streaming", "done", "stopped", "error", "interrupted"] as const;
export type MessageStatus = (typeof messageStatuses)[number];

export const messages = sqliteTable(
  "messages",
  {
    id: id(),
    conversationId: text("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    role: text("role", { enum: messageRoles }).notNull(),
    content: text("content").notNull().default(""),
    status: text("status", { enum: messageStatuses }).notNull().default("done"),
    /** Human-readable failure reason, shown in the chat. */
    error: text("error"),
    errorCode: text("error_code"),
    /** For assistant messages: which assistant and model answered. */
    assistantId: text("assistant_id").references(() => assistants.id, { onDelete: "set null" }),
    /** The published version that answered; null for a draft preview or a message from before versions. */
    assistantVersionId: text("assistant_version_id"),
    /** The assistant's name when it answered (stays readable if the assistant is deleted). */
    assistantName: text("assistant_name"),
    /** The model that answered, by id and by name (the name stays readable if the model is removed). */
    modelId: text("model_id"),
    model: text("model"),
    inputTokens: integer("input_tokens"),
    outputTokens: integer("output_tokens"),
    latencyMs: integer("latency_ms"),
    firstTokenMs: integer("first_token_ms"),
    /** Tool calls of the answer, with arguments, results and approvals (the trace). */
    toolSteps: text("tool_steps", { mode: "json" }).$type<MessageToolStep[]>(),
    /** The passages the answer cites, as they were when it was written. */
    citations: text("citations", { mode: "json" }).$type<MessageCitation[]>(),
    createdAt: createdAt(),
  },
  (t) => [index("messages_conversation_idx").on(t.conversationId, t.createdAt), index("messages_assistant_created_idx").on(t.assistantId, t.createdAt)],
);

export const feedbackRatings = ["up", "down"] as const;

/** A user's thumbs up/down on an answer, with an optional comment and the right answer. */
export const messageFeedback = sqliteTable(
  "message_feedback",
  {
    messageId: text("message_id")
      .notNull()
      .references(() => messages.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** Denormalised for the monitoring queries (per assistant and version). */
    assistantId: text("assistant_id"),
    assistantVersionId: text("assistant_version_id"),
    rating: text("rating", { enum: feedbackRatings }).notNull(),
    comment: text("comment").notNull().default(""),
    /** "What the right answer was": becomes a test case candidate. */
    correction: text("correction").notNull().default(""),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.messageId, t.userId] }), index("message_feedback_assistant_idx").on(t.assistantId, t.createdAt)],
);

export const conversationsRelations = relations(conversations, ({ one, many }) => ({
  user: one(users, { fields: [conversations.userId], references: [users.id] }),
  assistant: one(assistants, { fields: [conversations.assistantId], references: [assistants.id] }),
  messages: many(messages),
}));

export const messagesRelations = relations(messages, ({ one }) => ({
  conversation: one(conversations, { fields: [messages.conversationId], references: [conversations.id] }),
}));

export type Conversation = typeof conversations.$inferSelect;
export type Message = typeof messages.$inferSelect;
export type MessageFeedback = typeof messageFeedback.$inferSelect;
