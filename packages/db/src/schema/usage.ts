import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { timestamp } from "./columns";

export const modelCallPurposes = ["chat", "embedding", "judge", "test", "eval"] as const;
export const modelCallStatuses = ["ok", "error", "aborted"] as const;

/**
 * One row per model call: who, which assistant (and version, once versions exist), which model,
 * tokens, latency and cost. Ids are not foreign keys on purpose: the record of what was spent
 * outlives deleted assistants, users and models. Costs are integers in micro-euros
 * (tokens × EUR per million tokens), so sums are exact.
 */
export const modelCalls = sqliteTable(
  "model_calls",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    createdAt: timestamp("created_at").notNull(),
    /** UTC day number (days since 1970-01-01) of createdAt, for daily aggregates. */
    day: integer("day").notNull(),
    purpose: text("purpose", { enum: modelCallPurposes }).notNull(),
    status: text("status", { enum: modelCallStatuses }).notNull(),
    errorCode: text("error_code"),
    userId: text("user_id"),
    assistantId: text("assistant_id"),
    assistantVersionId: text("assistant_version_id"),
    messageId: text("message_id"),
    providerId: text("provider_id"),
    modelId: text("model_id"),
    modelName: text("model_name").notNull(),
    inputTokens: integer("input_tokens").notNull().default(0),
    outputTokens: integer("output_tokens").notNull().default(0),
    /** True when the provider gave no usage and tokens were counted with a tokenizer. */
    tokensEstimated: integer("tokens_estimated", { mode: "boolean" }).notNull().default(false),
    latencyMs: integer("latency_ms").notNull().default(0),
    firstTokenMs: integer("first_token_ms"),
    costMicroEur: integer("cost_micro_eur").notNull().default(0),
  },
  (t) => [index("model_calls_day_idx").on(t.day), index("model_calls_assistant_day_idx").on(t.assistantId, t.day), index("model_calls_message_idx").on(t.messageId)],
);

/**
 * Daily pre-aggregates of model_calls per (day, assistant, model), maintained in the same
 * transaction as each insert, so that per-day dashboards over a year read a few thousand rows
 * whatever the traffic. Per-user figures come from model_calls (indexed by day).
 */
export const usageDaily = sqliteTable(
  "usage_daily",
  {
    day: integer("day").notNull(),
    assistantId: text("assistant_id").notNull().default(""),
    modelId: text("model_id").notNull().default(""),
    calls: integer("calls").notNull().default(0),
    errors: integer("errors").notNull().default(0),
    inputTokens: integer("input_tokens").notNull().default(0),
    outputTokens: integer("output_tokens").notNull().default(0),
    costMicroEur: integer("cost_micro_eur").notNull().default(0),
    latencyMsSum: integer("latency_ms_sum").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.day, t.assistantId, t.modelId] }), index("usage_daily_assistant_idx").on(t.assistantId, t.day)],
);

export type ModelCall = typeof modelCalls.$inferSelect;
export type NewModelCall = typeof modelCalls.$inferInsert;
