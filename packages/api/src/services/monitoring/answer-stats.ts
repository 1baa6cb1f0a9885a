import { and, eq, sql } from "drizzle-orm";
import { answerStatsDaily, type Db, LATENCY_BUCKETS_MS, messageFeedback, messages, conversations } from "@atelier/db";
import { isAbstention } from "@atelier/eval";
import type { FinishedAnswer } from "../chat/chat-runs";
import { dayOf } from "../usage/record-model-call";

/** A histogram of LATENCY_BUCKETS_MS.length + 1 counts (the last one: above the last bound). */
export function emptyHistogram(): number[] {
  return new Array(LATENCY_BUCKETS_MS.length + 1).fill(0);
}

export function bucketOf(ms: number): number {
  const i = LATENCY_BUCKETS_MS.findIndex((bound) => ms <= bound);
  return i < 0 ? LATENCY_BUCKETS_MS.length : i;
}

/** Element-wise sum (histograms of any length, missing counts are zeros). */
export function mergeHistograms(target: number[], add: readonly number[]): number[] {
  const out = target.length >= add.length ? [...target] : [...target, ...new Array(add.length - target.length).fill(0)];
  add.forEach((n, i) => {
    out[i] = (out[i] ?? 0) + n;
  });
  return out;
}

/**
 * The p-th percentile (0–100) of a histogram, interpolated linearly inside its bucket (the bucket
 * holding it is known exactly; the position inside is an estimate, within the bucket's width).
 * Values above the last bound are reported as that bound. null when empty.
 */
export function histogramPercentile(histogram: readonly number[], p: number): number | null {
  const n = histogram.reduce((a, b) => a + b, 0);
  if (n === 0) return null;
  const rank = (p / 100) * n;
  let seen = 0;
  for (let i = 0; i < histogram.length; i++) {
    const count = histogram[i] ?? 0;
    if (count > 0 && seen + count >= rank) {
      const lower = i === 0 ? 0 : LATENCY_BUCKETS_MS[i - 1]!;
      const upper = LATENCY_BUCKETS_MS[i] ?? LATENCY_BUCKETS_MS.at(-1)!;
      if (i >= LATENCY_BUCKETS_MS.length) return upper;
      return Math.round(lower + ((upper - lower) * Math.max(0, rank - seen)) / count);
    }
    seen += count;
  }
  return LATENCY_BUCKETS_MS.at(-1)!;
}

type Key = { day: number; assistantId: string; versionId: string; modelId: string };

type Counter = "answers" | "errors" | "abstentions" | "noPassages" | "latencyMsSum" | "latencyCount" | "firstTokenMsSum" | "firstTokenCount" | "inputTokens" | "outputTokens" | "costMicroEur" | "thumbsUp" | "thumbsDown" | "graded" | "grounded";

/** One more count in bucket `index` of a JSON histogram column (created full of zeros when needed). */
function histogramPlusOne(column: typeof answerStatsDaily.latencyHistogram | typeof answerStatsDaily.firstTokenHistogram, index: number) {
  const path = `$[${index}]`;
  return sql`json_set(CASE WHEN json_array_length(${column}) = ${LATENCY_BUCKETS_MS.length + 1} THEN ${column} ELSE ${JSON.stringify(emptyHistogram())} END, ${path}, coalesce(json_extract(${column}, ${path}), 0) + 1)`;
}

/**
 * Adds `delta` to the day's row of (assistant, version, model), creating it: one UPSERT statement,
 * so that recording an answer costs tens of microseconds whatever the traffic.
 */
function bump(db: Db, key: Key, delta: Partial<Record<Counter, number>>, histograms: { latencyMs?: number | null; firstTokenMs?: number | null } = {}) {
  const latency = emptyHistogram();
  const firstToken = emptyHistogram();
  const set: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(delta) as [Counter, number][]) {
    set[field] = sql`${answerStatsDaily[field]} + ${value}`;
  }
  if (histograms.latencyMs != null) {
    const b = bucketOf(histograms.latencyMs);
    latency[b]! += 1;
    set.latencyHistogram = histogramPlusOne(answerStatsDaily.latencyHistogram, b);
  }
  if (histograms.firstTokenMs != null) {
    const b = bucketOf(histograms.firstTokenMs);
    firstToken[b]! += 1;
    set.firstTokenHistogram = histogramPlusOne(answerStatsDaily.firstTokenHistogram, b);
  }
  if (Object.keys(set).length === 0) return;
  db.insert(answerStatsDaily)
    .values({ ...key, ...delta, latencyHistogram: latency, firstTokenHistogram: firstToken })
    .onConflictDoUpdate({ target: [answerStatsDaily.day, answerStatsDaily.assistantId, answerStatsDaily.versionId, answerStatsDaily.modelId], set })
    .run();
}

function keyOf(answer: { createdAt: Date; assistantId: string; assistantVersionId: string | null; modelId: string | null }): Key {
  return { day: dayOf(answer.createdAt), assistantId: answer.assistantId, versionId: answer.assistantVersionId ?? "", modelId: answer.modelId ?? "" };
}

/**
 * Folds a finished production answer into the daily aggregates. Stopped and interrupted answers
 * are not answers (nothing was delivered); errors count as answers and as errors.
 */
export function recordFinishedAnswer(db: Db, answer: FinishedAnswer) {
  // Studio previews are editors trying a draft, not production traffic.
  if (answer.preview || (answer.status !== "done" && answer.status !== "error")) return;
  const done = answer.status === "done";
  const key = keyOf(answer);
  const latencyBucket = done && answer.latencyMs != null ? bucketOf(answer.latencyMs) : null;
  const firstTokenBucket = done && answer.firstTokenMs != null ? bucketOf(answer.firstTokenMs) : null;
  const latency = emptyHistogram();
  const firstToken = emptyHistogram();
  if (latencyBucket !== null) latency[latencyBucket] = 1;
  if (firstTokenBucket !== null) firstToken[firstTokenBucket] = 1;
  const statements = preparedFor(db);
  statements.answer.run({
    ...key,
    errors: done ? 0 : 1,
    abstentions: done && isAbstention(answer.content) ? 1 : 0,
    noPassages: done && answer.hasKnowledge && answer.citations.length === 0 ? 1 : 0,
    latencyMsSum: done ? (answer.latencyMs ?? 0) : 0,
    latencyCount: latencyBucket !== null ? 1 : 0,
    firstTokenMsSum: done ? (answer.firstTokenMs ?? 0) : 0,
    firstTokenCount: firstTokenBucket !== null ? 1 : 0,
    inputTokens: answer.inputTokens,
    outputTokens: answer.outputTokens,
    costMicroEur: answer.costMicroEur,
    latencyHistogram: JSON.stringify(latency),
    firstTokenHistogram: JSON.stringify(firstToken),
    latencyPath: latencyBucket === null ? null : `$[${latencyBucket}]`,
    firstTokenPath: firstTokenBucket === null ? null : `$[${firstTokenBucket}]`,
  });
  statements.activeUser.run(key.day, answer.assistantId, answer.userId);
}

/** One more count at `path` of a histogram column, reset to zeros when malformed. */
const plusOne = (column: string, path: string) =>
  `CASE WHEN @${path} IS NULL THEN ${column} ELSE json_set(CASE WHEN json_array_length(${column}) = ${LATENCY_BUCKETS_MS.length + 1} THEN ${column} ELSE '${JSON.stringify(emptyHistogram())}' END, @${path}, coalesce(json_extract(${column}, @${path}), 0) + 1) END`;

const prepared = new WeakMap<object, { answer: Statement; activeUser: Statement }>();
type Statement = { run(...params: unknown[]): unknown };

/** The hot path's statements, prepared once per database: an answer costs two statements. */
function preparedFor(db: Db) {
  const client = (db as unknown as { $client: { prepare(sql: string): Statement } }).$client;
  let statements = prepared.get(client);
  if (!statements) {
    const counters = ["errors", "abstentions", "no_passages", "latency_ms_sum", "latency_count", "first_token_ms_sum", "first_token_count", "input_tokens", "output_tokens", "cost_micro_eur"];
    const params = ["errors", "abstentions", "noPassages", "latencyMsSum", "latencyCount", "firstTokenMsSum", "firstTokenCount", "inputTokens", "outputTokens", "costMicroEur"];
    statements = {
      answer: client.prepare(
        `INSERT INTO answer_stats_daily (day, assistant_id, version_id, model_id, answers, ${counters.join(", ")}, latency_histogram, first_token_histogram)
         VALUES (@day, @assistantId, @versionId, @modelId, 1, ${params.map((p) => `@${p}`).join(", ")}, @latencyHistogram, @firstTokenHistogram)
         ON CONFLICT (day, assistant_id, version_id, model_id) DO UPDATE SET
           answers = answers + 1,
           ${counters.map((c) => `${c} = ${c} + excluded.${c}`).join(",\n           ")},
           latency_histogram = ${plusOne("latency_histogram", "latencyPath")},
           first_token_histogram = ${plusOne("first_token_histogram", "firstTokenPath")}`,
      ),
      activeUser: client.prepare("INSERT INTO active_users_daily (day, assistant_id, user_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING"),
    };
    prepared.set(client, statements);
  }
  return statements;
}

/** Live grading: one more graded answer, grounded or not, on the answer's day. */
export function addGradeToStats(db: Db, answer: { createdAt: Date; assistantId: string; assistantVersionId: string | null; modelId: string }, grounded: boolean) {
  bump(db, keyOf(answer), { graded: 1, grounded: grounded ? 1 : 0 });
}

/**
 * Feedback changed on an answer (given, changed or removed): moves the thumbs counts of the
 * answer's day. `before` and `after` are the ratings ("up" | "down" | null).
 */
export function recordFeedbackChange(db: Db, messageId: string, before: "up" | "down" | null, after: "up" | "down" | null) {
  if (before === after) return;
  const answer = db
    .select({ createdAt: messages.createdAt, assistantId: messages.assistantId, assistantVersionId: messages.assistantVersionId, modelId: messages.modelId })
    .from(messages)
    .where(eq(messages.id, messageId))
    .get();
  if (!answer?.assistantId) return;
  const delta = { thumbsUp: (after === "up" ? 1 : 0) - (before === "up" ? 1 : 0), thumbsDown: (after === "down" ? 1 : 0) - (before === "down" ? 1 : 0) };
  bump(db, keyOf({ ...answer, assistantId: answer.assistantId }), delta);
}

/**
 * Rebuilds the aggregates from the messages (answers saved before the aggregates existed, or after
 * a restore). Runs at boot when the aggregates are empty and answers exist.
 */
export function backfillAnswerStats(db: Db): number {
  const any = db.select({ day: answerStatsDaily.day }).from(answerStatsDaily).limit(1).get();
  if (any) return 0;
  const rows = db
    .select({
      id: messages.id,
      createdAt: messages.createdAt,
      assistantId: messages.assistantId,
      assistantVersionId: messages.assistantVersionId,
      modelId: messages.modelId,
      status: messages.status,
      content: messages.content,
      citations: messages.citations,
      latencyMs: messages.latencyMs,
      firstTokenMs: messages.firstTokenMs,
      inputTokens: messages.inputTokens,
      outputTokens: messages.outputTokens,
      userId: conversations.userId,
    })
    .from(messages)
    .innerJoin(conversations, eq(conversations.id, messages.conversationId))
    .where(and(eq(messages.role, "assistant"), sql`${messages.assistantId} IS NOT NULL`))
    .all();
  for (const m of rows) {
    recordFinishedAnswer(db, {
      messageId: m.id,
      userId: m.userId,
      assistantId: m.assistantId!,
      assistantVersionId: m.assistantVersionId,
      modelId: m.modelId ?? "",
      createdAt: m.createdAt,
      status: m.status === "streaming" ? "interrupted" : m.status,
      content: m.content,
      citations: m.citations ?? [],
      hasKnowledge: false,
      latencyMs: m.latencyMs,
      firstTokenMs: m.firstTokenMs,
      inputTokens: m.inputTokens ?? 0,
      outputTokens: m.outputTokens ?? 0,
      costMicroEur: 0,
    });
  }
  const feedback = db.select({ messageId: messageFeedback.messageId, rating: messageFeedback.rating }).from(messageFeedback).all();
  for (const f of feedback) recordFeedbackChange(db, f.messageId, null, f.rating);
  return rows.length;
}
