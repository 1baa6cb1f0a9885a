import { index, integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { assistants } from "./assistants";
import { createdAt, id, timestamp } from "./columns";
import { messages } from "./conversations";
import { users } from "./users";

/** Buckets of the latency histograms (upper bounds in ms; the last bucket is everything above). */
export const LATENCY_BUCKETS_MS = [100, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000, 7500, 10_000, 15_000, 20_000, 30_000, 45_000, 60_000, 90_000, 120_000] as const;

/**
 * Daily pre-aggregates of production answers per (day, assistant, version, model), maintained as
 * answers finish, feedback changes and live grades arrive, so that a year of dashboards reads a few
 * thousand rows whatever the traffic. Latency percentiles come from the histograms
 * (LATENCY_BUCKETS_MS + one overflow bucket).
 */
export const answerStatsDaily = sqliteTable(
  "answer_stats_daily",
  {
    /** UTC day number (days since 1970-01-01). */
    day: integer("day").notNull(),
    assistantId: text("assistant_id").notNull(),
    /** "" for a draft (never-published assistant). */
    versionId: text("version_id").notNull().default(""),
    modelId: text("model_id").notNull().default(""),
    answers: integer("answers").notNull().default(0),
    errors: integer("errors").notNull().default(0),
    /** Answers that said they did not know. */
    abstentions: integer("abstentions").notNull().default(0),
    /** Answers given with no passage although the assistant has knowledge. */
    noPassages: integer("no_passages").notNull().default(0),
    latencyMsSum: integer("latency_ms_sum").notNull().default(0),
    latencyCount: integer("latency_count").notNull().default(0),
    latencyHistogram: text("latency_histogram", { mode: "json" }).$type<number[]>().notNull().default([]),
    firstTokenMsSum: integer("first_token_ms_sum").notNull().default(0),
    firstTokenCount: integer("first_token_count").notNull().default(0),
    firstTokenHistogram: text("first_token_histogram", { mode: "json" }).$type<number[]>().notNull().default([]),
    inputTokens: integer("input_tokens").notNull().default(0),
    outputTokens: integer("output_tokens").notNull().default(0),
    costMicroEur: integer("cost_micro_eur").notNull().default(0),
    thumbsUp: integer("thumbs_up").notNull().default(0),
    thumbsDown: integer("thumbs_down").notNull().default(0),
    /** Live grading: answers graded for groundedness, and those found grounded. */
    graded: integer("graded").notNull().default(0),
    grounded: integer("grounded").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.day, t.assistantId, t.versionId, t.modelId] }), index("answer_stats_daily_assistant_idx").on(t.assistantId, t.day)],
);

/** Who asked which assistant on which day: active users over any range, without scanning messages. */
export const activeUsersDaily = sqliteTable(
  "active_users_daily",
  {
    day: integer("day").notNull(),
    assistantId: text("assistant_id").notNull(),
    userId: text("user_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.assistantId, t.day, t.userId] })],
);

export const groundednessVerdicts = ["grounded", "partially_grounded", "ungrounded"] as const;

/** Live grading: the judge's groundedness verdict on a sampled production answer. */
export const answerGrades = sqliteTable(
  "answer_grades",
  {
    messageId: text("message_id")
      .primaryKey()
      .references(() => messages.id, { onDelete: "cascade" }),
    assistantId: text("assistant_id").notNull(),
    assistantVersionId: text("assistant_version_id"),
    verdict: text("verdict", { enum: groundednessVerdicts }).notNull(),
    passed: integer("passed", { mode: "boolean" }).notNull(),
    rationale: text("rationale").notNull().default(""),
    judgeModelId: text("judge_model_id"),
    promptVersion: text("prompt_version").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("answer_grades_assistant_idx").on(t.assistantId, t.createdAt)],
);

export const reviewReasons = ["thumbs_down", "low_groundedness", "sample"] as const;
export const reviewVerdicts = ["correct", "partial", "incorrect"] as const;
export type ReviewVerdict = (typeof reviewVerdicts)[number];

/** Answers waiting for (or having had) a human review, with why they were picked. */
export const reviewItems = sqliteTable(
  "review_items",
  {
    messageId: text("message_id")
      .primaryKey()
      .references(() => messages.id, { onDelete: "cascade" }),
    assistantId: text("assistant_id").notNull(),
    assistantVersionId: text("assistant_version_id"),
    reason: text("reason", { enum: reviewReasons }).notNull(),
    status: text("status", { enum: ["pending", "reviewed", "skipped"] }).notNull().default("pending"),
    verdict: text("verdict", { enum: reviewVerdicts }),
    comment: text("comment").notNull().default(""),
    reviewerId: text("reviewer_id").references(() => users.id, { onDelete: "set null" }),
    reviewedAt: timestamp("reviewed_at"),
    createdAt: createdAt(),
  },
  (t) => [index("review_items_assistant_idx").on(t.assistantId, t.status, t.createdAt)],
);

export const alertMetrics = ["correct_rate", "thumbs_up_rate", "cost_per_day"] as const;
export type AlertMetric = (typeof alertMetrics)[number];

/**
 * A threshold on one assistant's metric: correct-answer rate or thumbs-up rate below, or cost per
 * day above. Crossing it notifies the owners in the app and, optionally, POSTs JSON to a webhook.
 */
export const alertRules = sqliteTable(
  "alert_rules",
  {
    id: id(),
    assistantId: text("assistant_id")
      .notNull()
      .references(() => assistants.id, { onDelete: "cascade" }),
    metric: text("metric", { enum: alertMetrics }).notNull(),
    /** 0–1 for rates, euros for cost per day. */
    threshold: real("threshold").notNull(),
    webhookUrl: text("webhook_url"),
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
    /** Whether the metric is past the threshold now (an alert fires when this turns true). */
    firing: integer("firing", { mode: "boolean" }).notNull().default(false),
    lastValue: real("last_value"),
    lastCheckedAt: timestamp("last_checked_at"),
    lastFiredAt: timestamp("last_fired_at"),
    createdById: text("created_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [index("alert_rules_assistant_idx").on(t.assistantId)],
);

/** In-app notifications (alerts to assistant owners). */
export const notifications = sqliteTable(
  "notifications",
  {
    id: id(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["alert"] }).notNull(),
    title: text("title").notNull(),
    body: text("body").notNull().default(""),
    /** An in-app path, e.g. /monitoring/assistants/abc. */
    link: text("link"),
    readAt: timestamp("read_at"),
    createdAt: createdAt(),
  },
  (t) => [index("notifications_user_idx").on(t.userId, t.createdAt)],
);

/** Webhook POSTs of alerts, retried with backoff until delivered or out of attempts. */
export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    id: id(),
    ruleId: text("rule_id").references(() => alertRules.id, { onDelete: "set null" }),
    url: text("url").notNull(),
    payload: text("payload", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    status: text("status", { enum: ["pending", "delivered", "failed"] }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    nextAttemptAt: timestamp("next_attempt_at"),
    createdAt: createdAt(),
  },
  (t) => [index("webhook_deliveries_status_idx").on(t.status, t.nextAttemptAt)],
);

export type AnswerStatsDaily = typeof answerStatsDaily.$inferSelect;
export type AlertRule = typeof alertRules.$inferSelect;
export type ReviewItem = typeof reviewItems.$inferSelect;
