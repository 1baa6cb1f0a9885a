import { and, asc, desc, eq, inArray, lt, ne } from "drizzle-orm";
import { assistants, conversations, type EvalCase, type EvalCaseStatus, evalCases, evalSuites, messageFeedback, messages, newId, users } from "@atelier/db";
import { type CaseFileFormat, casesToCsv, casesToJsonl, detectCaseFormat, type EvalCaseInput, parseCaseFile } from "@atelier/eval";
import type { Context, SessionUser } from "../../context";
import { NotFoundError, ValidationError } from "../../errors";
import { canEditAssistant } from "../access";
import { loadQualityAssistant, loadSuite, touchSuite } from "./quality-access";

type Ctx = Context & { user: SessionUser };

/** Largest case file accepted, in characters. */
export const MAX_CASE_FILE_CHARS = 5_000_000;

function caseRow(c: EvalCase) {
  return {
    id: c.id,
    suiteId: c.suiteId,
    question: c.question,
    referenceAnswer: c.referenceAnswer,
    expectAbstention: c.expectAbstention,
    expectedSources: c.expectedSources,
    tags: c.tags,
    language: c.language,
    status: c.status,
    origin: c.origin,
    originMessageId: c.originMessageId,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

export function listCases({ ctx, input }: { ctx: Ctx; input: { suiteId: string; status?: EvalCaseStatus } }) {
  const { suite } = loadSuite(ctx, input.suiteId);
  return ctx.db
    .select()
    .from(evalCases)
    .where(and(eq(evalCases.suiteId, suite.id), input.status ? eq(evalCases.status, input.status) : undefined))
    .orderBy(asc(evalCases.createdAt), asc(evalCases.id))
    .all()
    .map(caseRow);
}

export function createCase({ ctx, input }: { ctx: Ctx; input: { suiteId: string; case: EvalCaseInput } }) {
  const { suite } = loadSuite(ctx, input.suiteId);
  const id = newId();
  ctx.db
    .insert(evalCases)
    .values({ id, suiteId: suite.id, ...input.case, status: "active", origin: "manual", createdById: ctx.user.id })
    .run();
  touchSuite(ctx, suite.id);
  return { id };
}

function loadCase(ctx: Ctx, caseId: string) {
  const row = ctx.db.select().from(evalCases).where(eq(evalCases.id, caseId)).get();
  if (!row) throw new NotFoundError("This test case");
  loadSuite(ctx, row.suiteId);
  return row;
}

export function updateCase({ ctx, input }: { ctx: Ctx; input: { id: string; case: EvalCaseInput } }) {
  const row = loadCase(ctx, input.id);
  ctx.db
    .update(evalCases)
    .set({ ...input.case, updatedAt: new Date() })
    .where(eq(evalCases.id, row.id))
    .run();
  touchSuite(ctx, row.suiteId);
  return { id: row.id };
}

/** Deletes a case (a run keeps its copy). Rejecting a candidate is deleting it. */
export function deleteCase({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  const row = loadCase(ctx, input.id);
  ctx.db.delete(evalCases).where(eq(evalCases.id, row.id)).run();
  touchSuite(ctx, row.suiteId);
  return { ok: true };
}

/**
 * Accepts reviewed candidates: they count from the next run. A candidate must be a complete case
 * by then (a reference answer, or "should say it does not know").
 */
export function acceptCase({ ctx, input }: { ctx: Ctx; input: { id: string; case: EvalCaseInput } }) {
  const row = loadCase(ctx, input.id);
  if (row.status !== "candidate") throw new ValidationError("This case is already part of the suite.", {}, "eval.not_candidate");
  ctx.db
    .update(evalCases)
    .set({ ...input.case, status: "active", updatedAt: new Date() })
    .where(eq(evalCases.id, row.id))
    .run();
  touchSuite(ctx, row.suiteId);
  return { id: row.id };
}

function parseFile(input: { fileName: string; text: string }) {
  if (input.text.length > MAX_CASE_FILE_CHARS) {
    throw new ValidationError(`This file is too large: at most ${MAX_CASE_FILE_CHARS / 1_000_000} million characters.`, {}, "eval.file_too_large");
  }
  const format = detectCaseFormat(input.fileName, input.text);
  return parseCaseFile(input.text, format);
}

/** What an import would add, row by row, without changing anything. */
export function previewImport({ ctx, input }: { ctx: Ctx; input: { suiteId: string; fileName: string; text: string } }) {
  loadSuite(ctx, input.suiteId);
  const parsed = parseFile(input);
  return {
    format: parsed.format,
    error: parsed.error,
    ignoredColumns: parsed.ignoredColumns,
    valid: parsed.rows.filter((r) => r.case).length,
    invalid: parsed.rows.filter((r) => r.error).length,
    rows: parsed.rows.slice(0, 500),
  };
}

/** Adds every valid row as an active case; invalid rows are reported, never abort the import. */
export function importCases({ ctx, input }: { ctx: Ctx; input: { suiteId: string; fileName: string; text: string } }) {
  const { suite } = loadSuite(ctx, input.suiteId);
  const parsed = parseFile(input);
  if (parsed.error) throw new ValidationError(parsed.error, {}, "eval.file_invalid");
  const valid = parsed.rows.filter((r): r is typeof r & { case: EvalCaseInput } => !!r.case);
  const now = Date.now();
  ctx.db.transaction((tx) => {
    valid.forEach((row, i) => {
      // One millisecond apart: the suite lists its cases in the file's order.
      tx.insert(evalCases)
        .values({ id: newId(), suiteId: suite.id, ...row.case, status: "active", origin: "import", createdById: ctx.user.id, createdAt: new Date(now + i), updatedAt: new Date(now) })
        .run();
    });
  });
  touchSuite(ctx, suite.id);
  return { imported: valid.length, errors: parsed.rows.filter((r) => r.error).map((r) => ({ line: r.line, error: r.error! })) };
}

export function exportCases({ ctx, input }: { ctx: Ctx; input: { suiteId: string; format: CaseFileFormat } }) {
  const { suite } = loadSuite(ctx, input.suiteId);
  const cases = ctx.db
    .select()
    .from(evalCases)
    .where(and(eq(evalCases.suiteId, suite.id), eq(evalCases.status, "active")))
    .orderBy(asc(evalCases.createdAt), asc(evalCases.id))
    .all();
  const inputs: EvalCaseInput[] = cases.map((c) => ({
    question: c.question,
    referenceAnswer: c.referenceAnswer,
    expectAbstention: c.expectAbstention,
    expectedSources: c.expectedSources,
    tags: c.tags,
    language: c.language,
  }));
  const base = suite.name.replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-|-$/g, "").toLowerCase() || "test-suite";
  return input.format === "csv"
    ? { fileName: `${base}.csv`, mimeType: "text/csv", content: casesToCsv(inputs) }
    : { fileName: `${base}.jsonl`, mimeType: "application/x-ndjson", content: casesToJsonl(inputs) };
}

/**
 * A production answer becomes a candidate case (the builder reviews it before it counts): the
 * question before it, and as reference the user's correction when they gave one, else the answer
 * itself to be checked. Allowed for one's own answers (the trace drawer) and, for the assistant's
 * editors, for answers that received feedback (people chose to report them).
 */
export function caseFromMessage({ ctx, input }: { ctx: Ctx; input: { messageId: string; suiteId?: string } }) {
  const answer = ctx.db
    .select({ id: messages.id, role: messages.role, content: messages.content, assistantId: messages.assistantId, conversationId: messages.conversationId, createdAt: messages.createdAt, ownerId: conversations.userId })
    .from(messages)
    .innerJoin(conversations, eq(conversations.id, messages.conversationId))
    .where(eq(messages.id, input.messageId))
    .get();
  if (answer?.role !== "assistant" || !answer.assistantId) throw new NotFoundError("This answer");
  const feedback = ctx.db.select().from(messageFeedback).where(eq(messageFeedback.messageId, answer.id)).orderBy(desc(messageFeedback.updatedAt)).all();
  const assistant = ctx.db.select().from(assistants).where(eq(assistants.id, answer.assistantId)).get();
  const mayEdit = !!assistant && canEditAssistant(ctx.db, ctx.user, assistant);
  if (!assistant || !(answer.ownerId === ctx.user.id || (mayEdit && feedback.length > 0))) throw new NotFoundError("This answer");
  loadQualityAssistant(ctx, assistant.id); // FORBIDDEN for a member asking about their own answer
  const question = ctx.db
    .select({ content: messages.content })
    .from(messages)
    .where(and(eq(messages.conversationId, answer.conversationId), eq(messages.role, "user"), lt(messages.createdAt, answer.createdAt)))
    .orderBy(desc(messages.createdAt))
    .get();
  if (!question) throw new ValidationError("There is no question before this answer.", {}, "eval.no_question");

  let suiteId = input.suiteId;
  if (suiteId) {
    const { suite } = loadSuite(ctx, suiteId);
    if (suite.assistantId !== assistant.id) throw new ValidationError("This suite belongs to another assistant.", {}, "eval.suite_other_assistant");
  } else {
    suiteId =
      ctx.db.select({ id: evalSuites.id }).from(evalSuites).where(and(eq(evalSuites.assistantId, assistant.id), ne(evalSuites.managedBy, "seed"))).orderBy(asc(evalSuites.createdAt)).get()?.id ??
      ctx.db.select({ id: evalSuites.id }).from(evalSuites).where(eq(evalSuites.assistantId, assistant.id)).orderBy(asc(evalSuites.createdAt)).get()?.id;
    if (!suiteId) {
      suiteId = newId();
      ctx.db.insert(evalSuites).values({ id: suiteId, assistantId: assistant.id, name: "Questions from production", createdById: ctx.user.id }).run();
    }
  }
  const existing = ctx.db.select({ id: evalCases.id }).from(evalCases).where(and(eq(evalCases.suiteId, suiteId), eq(evalCases.originMessageId, answer.id))).get();
  if (existing) return { id: existing.id, suiteId, created: false };
  const correction = feedback.find((f) => f.correction.trim())?.correction.trim();
  const id = newId();
  ctx.db
    .insert(evalCases)
    .values({
      id,
      suiteId,
      question: question.content.slice(0, 4000),
      referenceAnswer: (correction ?? answer.content).slice(0, 8000),
      status: "candidate",
      origin: feedback.some((f) => f.rating === "down") ? "feedback" : "trace",
      originMessageId: answer.id,
      tags: feedback.some((f) => f.rating === "down") ? ["thumbs-down"] : [],
      createdById: ctx.user.id,
    })
    .run();
  return { id, suiteId, created: true };
}

/**
 * Answers of this assistant that people rated down, with their comment and correction, not yet
 * turned into a case: the builder's inbox of candidates from production.
 */
export function feedbackCandidates({ ctx, input }: { ctx: Ctx; input: { assistantId: string } }) {
  const assistant = loadQualityAssistant(ctx, input.assistantId);
  const rows = ctx.db
    .select({
      messageId: messageFeedback.messageId,
      comment: messageFeedback.comment,
      correction: messageFeedback.correction,
      createdAt: messageFeedback.createdAt,
      answer: messages.content,
      conversationId: messages.conversationId,
      answeredAt: messages.createdAt,
      userName: users.name,
    })
    .from(messageFeedback)
    .innerJoin(messages, eq(messages.id, messageFeedback.messageId))
    .leftJoin(users, eq(users.id, messageFeedback.userId))
    .where(and(eq(messageFeedback.assistantId, assistant.id), eq(messageFeedback.rating, "down")))
    .orderBy(desc(messageFeedback.createdAt))
    .limit(100)
    .all();
  const made = new Set(
    rows.length
      ? ctx.db
          .select({ id: evalCases.originMessageId })
          .from(evalCases)
          .where(inArray(evalCases.originMessageId, rows.map((r) => r.messageId)))
          .all()
          .map((r) => r.id)
      : [],
  );
  return rows
    .filter((r) => !made.has(r.messageId))
    .map((r) => {
      const question = ctx.db
        .select({ content: messages.content })
        .from(messages)
        .where(and(eq(messages.conversationId, r.conversationId), eq(messages.role, "user"), lt(messages.createdAt, r.answeredAt)))
        .orderBy(desc(messages.createdAt))
        .get();
      return { messageId: r.messageId, question: question?.content ?? "", answer: r.answer, comment: r.comment, correction: r.correction, userName: r.userName, createdAt: r.createdAt };
    });
}
