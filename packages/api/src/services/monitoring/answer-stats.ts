import { and, eq, sql } from "drizzle-orm";
import { activeUsersDaily, answerStatsDaily, type Db, LATENCY_BUCKETS_MS, messageFeedback, messages, conversations } from "@atelier/db";
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

/** Adds `delta` to the day's row of (assistant, version, model), creating it. Synchronous: one transaction. */
function bump(db: Db, key: Key, delta: Partial<Record<"answers" | "errors" | "abstentions" | "noPassages" | "latencyMsSum" | "latencyCount" | "firstTokenMsSum" | "firstTokenCount" | "inputTokens" | "outputTokens" | "costMicroEur" | "thumbsUp" | "thumbsDown" | "graded" | "grounded", number>>, histograms: { latencyMs?: number | null; firstTokenMs?: number | null } = {}) {
  db.transaction((tx) => {
    const where = and(eq(answerStatsDaily.day, key.day), eq(answerStatsDaily.assistantId, key.assistantId), eq(answerStatsDaily.versionId, key.versionId), eq(answerStatsDaily.modelId, key.modelId));
    let row = tx.select().from(answerStatsDaily).where(where).get();
    if (!row) {
      tx.insert(answerStatsDaily).values({ ...key, latencyHistogram: emptyHistogram(), firstTokenHistogram: emptyHistogram() }).run();
      row = tx.select().from(answerStatsDaily).where(where).get()!;
    }
    const set: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(delta)) {
      const column = answerStatsDaily[field as keyof typeof delta];
      set[field] = sql`${column} + ${value}`;
    }
    if (histograms.latencyMs != null) {
      const h = mergeHistograms(row.latencyHistogram, []);
      h[bucketOf(histograms.latencyMs)]! += 1;
      set.latencyHistogram = h;
    }
    if (histograms.firstTokenMs != null) {
      const h = mergeHistograms(row.firstTokenHistogram, []);
      h[bucketOf(histograms.firstTokenMs)]! += 1;
      set.firstTokenHistogram = h;
    }
    if (Object.keys(set).length) tx.update(answerStatsDaily).set(set).where(where).run();
  });
}

function keyOf(answer: { createdAt: Date; assistantId: string; assistantVersionId: string | null; modelId: string | null }): Key {
  return { day: dayOf(answer.createdAt), assistantId: answer.assistantId, versionId: answer.assistantVersionId ?? "", modelId: answer.modelId ?? "" };
}

/**
 * Folds a finished production answer into the daily aggregates. Stopped and interrupted answers
 * are not answers (nothing was delivered); errors count as answers and as errors.
 */
export function recordFinishedAnswer(db: Db, answer: FinishedAnswer) {
  if (answer.status !== "done" && answer.status !== "error") return;
  const done = answer.status === "done";
  const abstained = done && isAbstention(answer.content);
  bump(
    db,
    keyOf(answer),
    {
      answers: 1,
      errors: done ? 0 : 1,
      abstentions: abstained ? 1 : 0,
      noPassages: done && answer.hasKnowledge && answer.citations.length === 0 ? 1 : 0,
      latencyMsSum: done ? (answer.latencyMs ?? 0) : 0,
      latencyCount: done && answer.latencyMs != null ? 1 : 0,
      firstTokenMsSum: done ? (answer.firstTokenMs ?? 0) : 0,
      firstTokenCount: done && answer.firstTokenMs != null ? 1 : 0,
      inputTokens: answer.inputTokens,
      outputTokens: answer.outputTokens,
      costMicroEur: answer.costMicroEur,
    },
    done ? { latencyMs: answer.latencyMs, firstTokenMs: answer.firstTokenMs } : {},
  );
  db.insert(activeUsersDaily).values({ day: dayOf(answer.createdAt), assistantId: answer.assistantId, userId: answer.userId }).onConflictDoNothing().run();
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
