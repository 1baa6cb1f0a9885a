import { and, asc, desc, eq, gte, inArray, isNotNull, lt, ne, notExists, sql } from "drizzle-orm";
import {
  answerGrades,
  assistantEditors,
  assistants,
  assistantVersions,
  type Db,
  evalCases,
  evalSuites,
  knowledgeSources,
  type MessageCitation,
  messageFeedback,
  messages,
  newId,
  reviewItems,
  type ReviewVerdict,
  users,
} from "@atelier/db";
import { isAbstention } from "@atelier/eval";
import type { Context, SessionUser } from "../../context";
import { NotFoundError, ValidationError } from "../../errors";
import { loadQualityAssistant, loadSuite } from "../eval/quality-access";
import { DAY_MS } from "../usage/record-model-call";
import { visibleSourceIds } from "../knowledge/source-access";

type Ctx = Context & { user: SessionUser };
type ReviewReason = (typeof reviewItems.$inferSelect)["reason"];
type ReviewStatus = (typeof reviewItems.$inferSelect)["status"];

/** Answers older than this are not picked for review any more. */
export const REVIEW_WINDOW_DAYS = 30;

/** Citation markers ([1]) are not part of an answer's text. */
const withoutMarkers = (text: string) => text.replace(/\s*\[\d+\]/g, "").trim();

/**
 * Adds up to `size` answers of the assistant (finished, from the last 30 days, not queued yet) to
 * its review queue, stratified: every thumbs-down first (newest first), then the answers the live
 * judge found not fully grounded, then a uniform random sample of the others. No access check
 * (a scheduler may call it); `fillReviewQueue` is the checked entry point.
 */
export function fillQueue(db: Db, input: { assistantId: string; size: number; now?: Date }) {
  const since = new Date((input.now ?? new Date()).getTime() - REVIEW_WINDOW_DAYS * DAY_MS);
  const eligible = and(
    eq(messages.assistantId, input.assistantId),
    eq(messages.role, "assistant"),
    eq(messages.status, "done"),
    gte(messages.createdAt, since),
    notExists(db.select({ one: sql`1` }).from(reviewItems).where(eq(reviewItems.messageId, messages.id))),
  );
  const added: Record<ReviewReason, number> = { thumbs_down: 0, low_groundedness: 0, sample: 0 };
  const add = (rows: { id: string; versionId: string | null }[], reason: ReviewReason) => {
    for (const row of rows) {
      db.insert(reviewItems).values({ messageId: row.id, assistantId: input.assistantId, assistantVersionId: row.versionId, reason }).onConflictDoNothing().run();
      added[reason]++;
    }
  };
  const left = () => input.size - added.thumbs_down - added.low_groundedness - added.sample;
  const columns = { id: messages.id, versionId: messages.assistantVersionId };

  db.transaction(() => {
    add(
      db
        .selectDistinct(columns)
        .from(messages)
        .innerJoin(messageFeedback, eq(messageFeedback.messageId, messages.id))
        .where(and(eligible, eq(messageFeedback.rating, "down")))
        .orderBy(desc(messages.createdAt))
        .limit(left())
        .all(),
      "thumbs_down",
    );
    if (left() > 0) {
      add(
        db
          .select(columns)
          .from(messages)
          .innerJoin(answerGrades, eq(answerGrades.messageId, messages.id))
          .where(and(eligible, eq(answerGrades.passed, false)))
          .orderBy(desc(messages.createdAt))
          .limit(left())
          .all(),
        "low_groundedness",
      );
    }
    if (left() > 0) add(db.select(columns).from(messages).where(eligible).orderBy(sql`random()`).limit(left()).all(), "sample");
  });
  return { added: input.size - left(), byReason: added };
}

export function fillReviewQueue({ ctx, input }: { ctx: Ctx; input: { assistantId: string; size: number } }) {
  const assistant = loadQualityAssistant(ctx, input.assistantId);
  return fillQueue(ctx.db, { assistantId: assistant.id, size: input.size });
}

/** Assistants whose review queue the user works on: those they edit (all for an admin). */
function editableAssistantIds(ctx: Ctx): string[] {
  if (ctx.user.role === "admin") return ctx.db.select({ id: assistants.id }).from(assistants).all().map((a) => a.id);
  const owned = ctx.db.select({ id: assistants.id }).from(assistants).where(eq(assistants.ownerId, ctx.user.id)).all();
  const coEdited = ctx.db.select({ id: assistantEditors.assistantId }).from(assistantEditors).where(eq(assistantEditors.userId, ctx.user.id)).all();
  return [...new Set([...owned, ...coEdited].map((a) => a.id))];
}

/** The user message the answer replied to. */
function questionOf(db: Db, answer: { conversationId: string; createdAt: Date }): string | null {
  return (
    db
      .select({ content: messages.content })
      .from(messages)
      .where(and(eq(messages.conversationId, answer.conversationId), eq(messages.role, "user"), lt(messages.createdAt, answer.createdAt)))
      .orderBy(desc(messages.createdAt))
      .get()?.content ?? null
  );
}

/**
 * Sources among these that are files a user attached to their own conversation: private to that
 * conversation, so the review queue shows that such a passage was cited but not its text.
 */
function attachedFileSources(db: Db, citations: readonly MessageCitation[]): Set<string> {
  const ids = [...new Set(citations.map((c) => c.sourceId))];
  if (ids.length === 0) return new Set();
  return new Set(
    db
      .select({ id: knowledgeSources.id })
      .from(knowledgeSources)
      .where(and(inArray(knowledgeSources.id, ids), isNotNull(knowledgeSources.conversationId)))
      .all()
      .map((s) => s.id),
  );
}

/**
 * A passage as the reviewer sees it: the text of a file attached to a conversation is never shown,
 * nor that of a source the reviewer may not see (a team's source they are not in).
 */
function passageOf(c: MessageCitation, attached: Set<string>, visible: Set<string>) {
  if (attached.has(c.sourceId)) return { ref: c.ref, attachedFile: true, hidden: true, title: "", headingPath: [] as string[], page: null, location: "", excerpt: "" };
  if (!visible.has(c.sourceId)) return { ref: c.ref, attachedFile: false, hidden: true, title: "", headingPath: [] as string[], page: null, location: "", excerpt: "" };
  return { ref: c.ref, attachedFile: false, hidden: false, title: c.title, headingPath: c.headingPath, page: c.page, location: c.location, excerpt: c.excerpt };
}

const REASON_ORDER = sql`case ${reviewItems.reason} when 'thumbs_down' then 0 when 'low_groundedness' then 1 else 2 end`;

/**
 * The review queue of one assistant, or of every assistant the user edits: for each answer only
 * the question, the answer, its passages, why it was picked, the feedback left on it and the
 * judge's verdict — never who asked, nor the text of files they attached to the conversation.
 * Pending answers come thumbs-down first, then low groundedness, then the sample, oldest first;
 * reviewed and skipped ones newest first.
 */
export function listReviewQueue({ ctx, input }: { ctx: Ctx; input: { assistantId?: string; status: ReviewStatus; limit?: number } }) {
  const ids = input.assistantId ? [loadQualityAssistant(ctx, input.assistantId).id] : editableAssistantIds(ctx);
  if (ids.length === 0) return [];
  const rows = ctx.db
    .select({
      messageId: reviewItems.messageId,
      assistantId: reviewItems.assistantId,
      assistantName: assistants.name,
      assistantVersionId: reviewItems.assistantVersionId,
      versionNumber: assistantVersions.number,
      reason: reviewItems.reason,
      status: reviewItems.status,
      verdict: reviewItems.verdict,
      comment: reviewItems.comment,
      reviewerName: users.name,
      reviewedAt: reviewItems.reviewedAt,
      queuedAt: reviewItems.createdAt,
      answer: messages.content,
      citations: messages.citations,
      conversationId: messages.conversationId,
      answeredAt: messages.createdAt,
      judgeVerdict: answerGrades.verdict,
      judgeRationale: answerGrades.rationale,
      judgePromptVersion: answerGrades.promptVersion,
    })
    .from(reviewItems)
    .innerJoin(messages, eq(messages.id, reviewItems.messageId))
    .leftJoin(assistants, eq(assistants.id, reviewItems.assistantId))
    .leftJoin(assistantVersions, eq(assistantVersions.id, reviewItems.assistantVersionId))
    .leftJoin(users, eq(users.id, reviewItems.reviewerId))
    .leftJoin(answerGrades, eq(answerGrades.messageId, reviewItems.messageId))
    .where(and(inArray(reviewItems.assistantId, ids), eq(reviewItems.status, input.status)))
    .orderBy(...(input.status === "pending" ? [asc(REASON_ORDER), asc(reviewItems.createdAt)] : [desc(sql`coalesce(${reviewItems.reviewedAt}, ${reviewItems.createdAt})`)]))
    .limit(input.limit ?? 50)
    .all();
  const feedback = new Map(
    rows.length
      ? ctx.db
          .select({ messageId: messageFeedback.messageId, rating: messageFeedback.rating, comment: messageFeedback.comment, correction: messageFeedback.correction })
          .from(messageFeedback)
          .where(inArray(messageFeedback.messageId, rows.map((r) => r.messageId)))
          .all()
          .map((f) => [f.messageId, { rating: f.rating, comment: f.comment, correction: f.correction }])
      : [],
  );
  const attached = attachedFileSources(ctx.db, rows.flatMap((r) => r.citations ?? []));
  const visible = new Set(visibleSourceIds(ctx));
  return rows.map((r) => ({
    messageId: r.messageId,
    assistant: { id: r.assistantId, name: r.assistantName, versionId: r.assistantVersionId, versionNumber: r.versionNumber },
    reason: r.reason,
    status: r.status,
    question: questionOf(ctx.db, { conversationId: r.conversationId, createdAt: r.answeredAt }) ?? "",
    answer: r.answer,
    passages: (r.citations ?? []).map((c) => passageOf(c, attached, visible)),
    feedback: feedback.get(r.messageId) ?? null,
    judge: r.judgeVerdict ? { verdict: r.judgeVerdict, rationale: r.judgeRationale ?? "", promptVersion: r.judgePromptVersion } : null,
    review: r.verdict ? { verdict: r.verdict, comment: r.comment, reviewerName: r.reviewerName, reviewedAt: r.reviewedAt } : null,
    answeredAt: r.answeredAt,
    queuedAt: r.queuedAt,
  }));
}

/** A queued answer, for one of the assistant's editors (NOT_FOUND / FORBIDDEN as for the assistant). */
function loadItem(ctx: Ctx, messageId: string) {
  const item = ctx.db.select().from(reviewItems).where(eq(reviewItems.messageId, messageId)).get();
  if (!item) throw new NotFoundError("This answer to review");
  loadQualityAssistant(ctx, item.assistantId);
  return item;
}

/** A reviewer's verdict on a queued answer (a later verdict replaces it). */
export function submitReview({ ctx, input }: { ctx: Ctx; input: { messageId: string; verdict: ReviewVerdict; comment: string } }) {
  const item = loadItem(ctx, input.messageId);
  const values = { status: "reviewed" as const, verdict: input.verdict, comment: input.comment, reviewerId: ctx.user.id, reviewedAt: new Date() };
  ctx.db.update(reviewItems).set(values).where(eq(reviewItems.messageId, item.messageId)).run();
  return { messageId: item.messageId, ...values };
}

/** Leaves a pending answer unreviewed (it stays out of the queue and of the agreement). */
export function skipReview({ ctx, input }: { ctx: Ctx; input: { messageId: string } }) {
  const item = loadItem(ctx, input.messageId);
  if (item.status === "reviewed") throw new ValidationError("This answer has already been reviewed.", {}, "review.already_reviewed");
  ctx.db.update(reviewItems).set({ status: "skipped" }).where(eq(reviewItems.messageId, item.messageId)).run();
  return { messageId: item.messageId, status: "skipped" as const };
}

/** The suite a case from production goes to: the one given, else the first suite that is not seeded, else a new one. */
function targetSuite(ctx: Ctx, assistantId: string, suiteId: string | undefined): string {
  if (suiteId) {
    const { suite } = loadSuite(ctx, suiteId);
    if (suite.assistantId !== assistantId) throw new ValidationError("This suite belongs to another assistant.", {}, "eval.suite_other_assistant");
    return suite.id;
  }
  const existing =
    ctx.db.select({ id: evalSuites.id }).from(evalSuites).where(and(eq(evalSuites.assistantId, assistantId), ne(evalSuites.managedBy, "seed"))).orderBy(asc(evalSuites.createdAt)).get()?.id ??
    ctx.db.select({ id: evalSuites.id }).from(evalSuites).where(eq(evalSuites.assistantId, assistantId)).orderBy(asc(evalSuites.createdAt)).get()?.id;
  if (existing) return existing;
  const id = newId();
  ctx.db.insert(evalSuites).values({ id, assistantId, name: "Questions from production", createdById: ctx.user.id }).run();
  return id;
}

/**
 * A reviewed answer becomes a candidate test case (the builder checks it before it counts). The
 * reviewer's verdict decides the reference: a correct answer is its own reference (a correct
 * "I don't know" becomes "should say it does not know"); otherwise the user's correction when
 * they gave one, else no reference — the candidate is tagged "needs-reference" and the builder
 * writes the right answer when accepting it.
 */
export function reviewToCase({ ctx, input }: { ctx: Ctx; input: { messageId: string; suiteId?: string } }) {
  const item = loadItem(ctx, input.messageId);
  if (item.status !== "reviewed" || !item.verdict) {
    throw new ValidationError("Review this answer first: your verdict decides the case's reference answer.", {}, "review.not_reviewed");
  }
  const answer = ctx.db.select().from(messages).where(eq(messages.id, item.messageId)).get()!;
  const question = questionOf(ctx.db, answer);
  if (!question) throw new ValidationError("There is no question before this answer.", {}, "eval.no_question");
  const suiteId = targetSuite(ctx, item.assistantId, input.suiteId);
  const existing = ctx.db.select({ id: evalCases.id }).from(evalCases).where(and(eq(evalCases.suiteId, suiteId), eq(evalCases.originMessageId, answer.id))).get();
  if (existing) return { id: existing.id, suiteId, created: false, needsReference: false };

  const feedback = ctx.db.select().from(messageFeedback).where(eq(messageFeedback.messageId, answer.id)).orderBy(desc(messageFeedback.updatedAt)).all();
  const correction = feedback.find((f) => f.correction.trim())?.correction.trim() ?? "";
  const text = withoutMarkers(answer.content);
  const correct = item.verdict === "correct";
  const expectAbstention = correct && isAbstention(text);
  const referenceAnswer = expectAbstention ? "" : correct ? text : correction;
  const needsReference = !expectAbstention && referenceAnswer === "";
  const tags = [`review-${item.verdict}`];
  if (feedback.some((f) => f.rating === "down")) tags.push("thumbs-down");
  if (needsReference) tags.push("needs-reference");
  const id = newId();
  ctx.db
    .insert(evalCases)
    .values({
      id,
      suiteId,
      question: question.slice(0, 4000),
      referenceAnswer: referenceAnswer.slice(0, 8000),
      expectAbstention,
      status: "candidate",
      origin: "review",
      originMessageId: answer.id,
      tags,
      createdById: ctx.user.id,
    })
    .run();
  return { id, suiteId, created: true, needsReference };
}
