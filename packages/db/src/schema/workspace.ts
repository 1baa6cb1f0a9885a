import { integer, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt } from "./columns";

/** The single workspace of this install (one row, id = 1). Created by first-run setup. */
export const workspace = sqliteTable("workspace", {
  id: integer("id").primaryKey(),
  name: text("name").notNull(),
  /** Workspace default models (ids in `models`); null until an admin picks one. */
  defaultChatModelId: text("default_chat_model_id"),
  defaultEmbeddingModelId: text("default_embedding_model_id"),
  /** Used by evaluation as the LLM judge; should differ from the assistants' model. */
  defaultJudgeModelId: text("default_judge_model_id"),
  /** Data-sovereignty policy: when true, models labelled "external" cannot be used at all. */
  forbidExternalModels: integer("forbid_external_models", { mode: "boolean" }).notNull().default(false),
  /** When the Atelier Guide assistant and its documentation source were created (once; deleting them is respected). */
  guideSeededAt: integer("guide_seeded_at", { mode: "timestamp_ms" }),
  /** When the Atelier Guide's test suite was created and first run (once; deleting it is respected). */
  guideSuiteSeededAt: integer("guide_suite_seeded_at", { mode: "timestamp_ms" }),
  /** Live grading: share of production answers (0–1) the judge grades for groundedness. */
  liveGradingRate: real("live_grading_rate").notNull().default(0.1),
  /** Live grading: at most this many answers graded per day (the judge's budget). */
  liveGradingDailyBudget: integer("live_grading_daily_budget").notNull().default(200),
  createdAt: createdAt(),
});

export type Workspace = typeof workspace.$inferSelect;
