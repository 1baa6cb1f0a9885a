import { relations } from "drizzle-orm";
import { index, integer, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { type AssistantConfig, assistantVersions, assistants } from "./assistants";
import { createdAt, id, timestamp, updatedAt } from "./columns";
import type { MessageCitation } from "./conversations";
import { messages } from "./conversations";
import { users } from "./users";

/** A named set of test cases for one assistant. */
export const evalSuites = sqliteTable(
  "eval_suites",
  {
    id: id(),
    assistantId: text("assistant_id")
      .notNull()
      .references(() => assistants.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    /** Runs on Publish and blocks it when the draft answers worse (see the assistant's thresholds). */
    gatesPublish: integer("gates_publish", { mode: "boolean" }).notNull().default(true),
    /** Re-runs the current version every N minutes (catches silent model changes); null: never. */
    scheduleMinutes: integer("schedule_minutes"),
    /** Set for the Atelier Guide's suite, shipped with Atelier. */
    managedBy: text("managed_by", { enum: ["user", "seed"] }).notNull().default("user"),
    createdById: text("created_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("eval_suites_assistant_idx").on(t.assistantId)],
);

export const evalCaseStatuses = ["active", "candidate"] as const;
export type EvalCaseStatus = (typeof evalCaseStatuses)[number];
export const evalCaseOrigins = ["manual", "import", "feedback", "trace", "generated", "seed", "review"] as const;
export type EvalCaseOrigin = (typeof evalCaseOrigins)[number];

/**
 * A question with its reference answer (or the expectation that the assistant says it does not
 * know). Candidates (from production or generated) do not count until a builder accepts them.
 */
export const evalCases = sqliteTable(
  "eval_cases",
  {
    id: id(),
    suiteId: text("suite_id")
      .notNull()
      .references(() => evalSuites.id, { onDelete: "cascade" }),
    question: text("question").notNull(),
    referenceAnswer: text("reference_answer").notNull().default(""),
    expectAbstention: integer("expect_abstention", { mode: "boolean" }).notNull().default(false),
    /** Document titles or file names the answer should come from. */
    expectedSources: text("expected_sources", { mode: "json" }).$type<string[]>().notNull().default([]),
    tags: text("tags", { mode: "json" }).$type<string[]>().notNull().default([]),
    language: text("language", { enum: ["en", "fr"] }),
    status: text("status", { enum: evalCaseStatuses }).notNull().default("active"),
    origin: text("origin", { enum: evalCaseOrigins }).notNull().default("manual"),
    /** The production answer the case was made from (feedback, trace). */
    originMessageId: text("origin_message_id").references(() => messages.id, { onDelete: "set null" }),
    createdById: text("created_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("eval_cases_suite_idx").on(t.suiteId, t.status)],
);

export const evalRunStatuses = ["queued", "running", "done", "failed", "cancelled"] as const;
export type EvalRunStatus = (typeof evalRunStatuses)[number];
export const evalRunTriggers = ["manual", "publish", "schedule", "api", "first_run"] as const;
export type EvalRunTrigger = (typeof evalRunTriggers)[number];

/** How a run grades answers: always the deterministic scorers, plus an LLM judge when configured. */
export interface EvalJudgeConfig {
  /** A row of `models`; null: deterministic scorers only. */
  modelId: string | null;
  modelName: string | null;
  votes: number;
  /** Judge prompt versions, by kind (JUDGE_PROMPTS of @atelier/eval). */
  promptVersions: Record<string, string>;
}

/** Aggregates of a finished run. */
export interface EvalRunMetrics {
  exactMatch: number;
  tokenF1: number;
  containsReference: number;
  sourceHitAt5: number | null;
  abstentionAccuracy: number | null;
  falseAbstentionRate: number | null;
  groundedness: number | null;
  relevance: number | null;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  inputTokens: number;
  outputTokens: number;
  costMicroEur: number;
}

/**
 * One evaluation of a suite, pinned to one assistant configuration (a published version, or the
 * draft's configuration copied when the run was created) and one judge configuration.
 */
export const evalRuns = sqliteTable(
  "eval_runs",
  {
    id: id(),
    suiteId: text("suite_id")
      .notNull()
      .references(() => evalSuites.id, { onDelete: "cascade" }),
    assistantId: text("assistant_id")
      .notNull()
      .references(() => assistants.id, { onDelete: "cascade" }),
    /** The version evaluated; null for a draft (a Publish check), set when that draft is published. */
    assistantVersionId: text("assistant_version_id").references(() => assistantVersions.id, { onDelete: "set null" }),
    /** "v3", or "draft". */
    versionLabel: text("version_label").notNull(),
    config: text("config", { mode: "json" }).$type<AssistantConfig>().notNull(),
    judge: text("judge", { mode: "json" }).$type<EvalJudgeConfig>().notNull(),
    trigger: text("trigger", { enum: evalRunTriggers }).notNull(),
    status: text("status", { enum: evalRunStatuses }).notNull().default("queued"),
    total: integer("total").notNull().default(0),
    completed: integer("completed").notNull().default(0),
    passed: integer("passed").notNull().default(0),
    /** Cases whose answer could not be produced or graded. */
    errored: integer("errored").notNull().default(0),
    correctRate: real("correct_rate"),
    rateLow: real("rate_low"),
    rateHigh: real("rate_high"),
    metrics: text("metrics", { mode: "json" }).$type<EvalRunMetrics>(),
    error: text("error"),
    /** Who asked for the run (also whose permissions retrieval uses); null: the assistant's owner. */
    createdById: text("created_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    startedAt: timestamp("started_at"),
    finishedAt: timestamp("finished_at"),
  },
  (t) => [index("eval_runs_suite_idx").on(t.suiteId, t.createdAt), index("eval_runs_assistant_idx").on(t.assistantId, t.createdAt), index("eval_runs_status_idx").on(t.status)],
);

/** Every score of one case in one run. */
export interface EvalCaseScores {
  exactMatch: number;
  tokenF1: number;
  containsReference: number;
  sourceHitAt5: number | null;
  abstained: boolean;
  correctAbstention: number | null;
  correctness?: { verdict: string; passed: boolean; rationale: string; votes: { verdict: string; rationale: string }[] } | null;
  groundedness?: { verdict: string; passed: boolean; rationale: string; votes: { verdict: string; rationale: string }[] } | null;
  relevance?: { verdict: string; passed: boolean; rationale: string; votes: { verdict: string; rationale: string }[] } | null;
  /** Which rule decided `correct`: the judge, or the deterministic fallback. */
  decidedBy: "judge" | "deterministic";
}

/** One case of a run: a copy of the case as it was, the answer, and its grades. */
export const evalResults = sqliteTable(
  "eval_results",
  {
    id: id(),
    runId: text("run_id")
      .notNull()
      .references(() => evalRuns.id, { onDelete: "cascade" }),
    caseId: text("case_id").references(() => evalCases.id, { onDelete: "set null" }),
    position: integer("position").notNull(),
    question: text("question").notNull(),
    referenceAnswer: text("reference_answer").notNull(),
    expectAbstention: integer("expect_abstention", { mode: "boolean" }).notNull(),
    expectedSources: text("expected_sources", { mode: "json" }).$type<string[]>().notNull(),
    tags: text("tags", { mode: "json" }).$type<string[]>().notNull(),
    language: text("language", { enum: ["en", "fr"] }),
    status: text("status", { enum: ["pending", "done", "error"] }).notNull().default("pending"),
    answer: text("answer"),
    passages: text("passages", { mode: "json" }).$type<MessageCitation[]>(),
    scores: text("scores", { mode: "json" }).$type<EvalCaseScores>(),
    correct: integer("correct", { mode: "boolean" }),
    error: text("error"),
    latencyMs: integer("latency_ms"),
    inputTokens: integer("input_tokens"),
    outputTokens: integer("output_tokens"),
    costMicroEur: integer("cost_micro_eur"),
    finishedAt: timestamp("finished_at"),
  },
  (t) => [uniqueIndex("eval_results_run_position_unique").on(t.runId, t.position), index("eval_results_run_status_idx").on(t.runId, t.status), index("eval_results_case_idx").on(t.caseId)],
);

export const evalSuitesRelations = relations(evalSuites, ({ one, many }) => ({
  assistant: one(assistants, { fields: [evalSuites.assistantId], references: [assistants.id] }),
  cases: many(evalCases),
  runs: many(evalRuns),
}));
export const evalCasesRelations = relations(evalCases, ({ one }) => ({
  suite: one(evalSuites, { fields: [evalCases.suiteId], references: [evalSuites.id] }),
}));
export const evalRunsRelations = relations(evalRuns, ({ one, many }) => ({
  suite: one(evalSuites, { fields: [evalRuns.suiteId], references: [evalSuites.id] }),
  results: many(evalResults),
}));

export type EvalSuite = typeof evalSuites.$inferSelect;
export type EvalCase = typeof evalCases.$inferSelect;
export type EvalRun = typeof evalRuns.$inferSelect;
export type EvalResult = typeof evalResults.$inferSelect;
