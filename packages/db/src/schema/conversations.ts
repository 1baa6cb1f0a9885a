import { relations } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
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
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("conversations_user_updated_idx").on(t.userId, t.updatedAt)],
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
    /** The passages the answer cites, as they were when it was written. */
    citations: text("citations", { mode: "json" }).$type<MessageCitation[]>(),
    createdAt: createdAt(),
  },
  (t) => [index("messages_conversation_idx").on(t.conversationId, t.createdAt)],
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
