import { relations } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, id, updatedAt } from "./columns";
import { models } from "./providers";
import { teams } from "./teams";
import { users } from "./users";

export const assistantVisibilities = ["private", "team", "workspace"] as const;
export type AssistantVisibility = (typeof assistantVisibilities)[number];

/** How strictly an assistant sticks to its knowledge. */
export const knowledgeStrictness = ["knowledge_only", "prefer_knowledge", "open"] as const;
export type KnowledgeStrictness = (typeof knowledgeStrictness)[number];

/** The tools an assistant may call (see packages/agent/src/tools). */
export interface AssistantToolsConfig {
  knowledgeSearch?: boolean;
  calculator?: boolean;
  currentDatetime?: boolean;
  sqlQuery?: boolean;
  httpActions?: { id: string; name: string; specText: string; baseUrl?: string; operationIds: string[]; auth?: { type: "bearer" | "header" | "query"; name?: string; secretId: string } }[];
}

/**
 * Everything that decides how an assistant answers: the draft lives on the assistant row, a
 * published version keeps an immutable copy. Sharing (visibility, team, editors) is not versioned.
 */
export interface AssistantConfig {
  name: string;
  description: string;
  emoji: string;
  instructions: string;
  modelId: string | null;
  temperature: number;
  maxOutputTokens: number;
  sourceIds: string[];
  knowledgePassages: number;
  knowledgeStrictness: KnowledgeStrictness;
  tools: AssistantToolsConfig;
  starters: string[];
}

export const assistants = sqliteTable(
  "assistants",
  {
    id: id(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    emoji: text("emoji").notNull().default("🤖"),
    instructions: text("instructions").notNull().default(""),
    /** A row of `models`; null means the workspace default chat model. */
    modelId: text("model_id").references(() => models.id, { onDelete: "set null" }),
    temperature: real("temperature").notNull().default(0.3),
    maxOutputTokens: integer("max_output_tokens").notNull().default(1024),
    ownerId: text("owner_id")
      .notNull()
      .references(() => users.id),
    visibility: text("visibility", { enum: assistantVisibilities }).notNull().default("private"),
    /** The team that can use the assistant when visibility is "team". */
    teamId: text("team_id").references(() => teams.id, { onDelete: "set null" }),
    /** Passages retrieved up-front from the assistant's sources for each question (0: only through the tool). */
    knowledgePassages: integer("knowledge_passages").notNull().default(5),
    knowledgeStrictness: text("knowledge_strictness", { enum: knowledgeStrictness }).notNull().default("prefer_knowledge"),
    tools: text("tools", { mode: "json" }).$type<AssistantToolsConfig>().notNull().default({}),
    /** Conversation starters shown in the chat. */
    starters: text("starters", { mode: "json" }).$type<string[]>().notNull().default([]),
    /** The published version users chat with; null until the first Publish (users then get the draft). */
    currentVersionId: text("current_version_id"),
    /** Publish gate: the lowest correct-answer rate (0–1) a new version may have; null: no floor. */
    qualityThreshold: real("quality_threshold"),
    /** Publish gate: how much lower than the current version's rate a new version may be (0–1). */
    qualityMargin: real("quality_margin").notNull().default(0.05),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("assistants_owner_idx").on(t.ownerId), index("assistants_team_idx").on(t.teamId)],
);

export const assistantsRelations = relations(assistants, ({ one }) => ({
  owner: one(users, { fields: [assistants.ownerId], references: [users.id] }),
  team: one(teams, { fields: [assistants.teamId], references: [teams.id] }),
}));

/** An immutable published configuration of an assistant. */
export const assistantVersions = sqliteTable(
  "assistant_versions",
  {
    id: id(),
    assistantId: text("assistant_id")
      .notNull()
      .references(() => assistants.id, { onDelete: "cascade" }),
    /** 1, 2, 3… per assistant. */
    number: integer("number").notNull(),
    config: text("config", { mode: "json" }).$type<AssistantConfig>().notNull(),
    authorId: text("author_id").references(() => users.id, { onDelete: "set null" }),
    note: text("note").notNull().default(""),
    /** Set when an owner or admin published despite a failing quality gate. */
    overrideReason: text("override_reason"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("assistant_versions_number_unique").on(t.assistantId, t.number)],
);

/** Users other than the owner who may edit the assistant. */
export const assistantEditors = sqliteTable(
  "assistant_editors",
  {
    assistantId: text("assistant_id")
      .notNull()
      .references(() => assistants.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.assistantId, t.userId] }), index("assistant_editors_user_idx").on(t.userId)],
);

export type Assistant = typeof assistants.$inferSelect;
export type AssistantVersion = typeof assistantVersions.$inferSelect;
