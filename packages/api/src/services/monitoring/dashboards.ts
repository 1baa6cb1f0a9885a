import { and, asc, count, countDistinct, desc, eq, gte, inArray, lt, lte, or, sql } from "drizzle-orm";
import {
  activeUsersDaily,
  answerStatsDaily,
  assistantEditors,
  assistants,
  assistantVersions,
  conversations,
  evalRuns,
  evalSuites,
  messageFeedback,
  messages,
  models,
  teams,
  usageDaily,
} from "@atelier/db";
import type { Context, SessionUser } from "../../context";
import { ValidationError } from "../../errors";
import { loadQualityAssistant } from "../eval/quality-access";
import { dayOf } from "../usage/record-model-call";
import { agreementsOf } from "./agreement";
import { histogramPercentile, mergeHistograms } from "./answer-stats";

type Ctx = Context & { user: SessionUser };

export interface DateRange {
  /** ISO dates (YYYY-MM-DD), inclusive, UTC. */
  from?: string;
  to?: string;
}

const DAY_MS = 86_400_000;
/** A falling assistant: its latest correct-answer rate is this much below the run before. */
export const FALLING_DROP = 0.05;
/** An evaluation older than this is stale. */
export const STALE_DAYS = 30;
/** The longest range a dashboard accepts. */
const MAX_RANGE_DAYS = 3 * 366;

export function dayRange(range: DateRange, now = new Date()): { fromDay: number; toDay: number } {
  const toDay = range.to ? Math.floor(Date.parse(`${range.to}T00:00:00Z`) / DAY_MS) : dayOf(now);
  const fromDay = range.from ? Math.floor(Date.parse(`${range.from}T00:00:00Z`) / DAY_MS) : toDay - 29;
  if (!Number.isFinite(fromDay) || !Number.isFinite(toDay)) throw new ValidationError("Dates must be written YYYY-MM-DD.", {}, "monitoring.bad_range");
  if (fromDay > toDay) throw new ValidationError("The start of the period is after its end.", {}, "monitoring.bad_range");
  if (toDay - fromDay > MAX_RANGE_DAYS) throw new ValidationError("Choose a period of at most three years.", {}, "monitoring.bad_range");
  return { fromDay, toDay };
}

const dateOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
const rate = (num: number, den: number) => (den > 0 ? num / den : null);

/** Ids of the assistants the user monitors: all for an admin, else those they own or co-edit. */
export function monitoredAssistantIds(ctx: Ctx): string[] {
  if (ctx.user.role === "admin") return ctx.db.select({ id: assistants.id }).from(assistants).all().map((a) => a.id);
  const coEdited = ctx.db.select({ id: assistantEditors.assistantId }).from(assistantEditors).where(eq(assistantEditors.userId, ctx.user.id));
  return ctx.db
    .select({ id: assistants.id })
    .from(assistants)
    .where(or(eq(assistants.ownerId, ctx.user.id), inArray(assistants.id, coEdited)))
    .all()
    .map((a) => a.id);
}

const statTotals = {
  answers: sql<number>`coalesce(sum(${answerStatsDaily.answers}), 0)`.mapWith(Number),
  errors: sql<number>`coalesce(sum(${answerStatsDaily.errors}), 0)`.mapWith(Number),
  abstentions: sql<number>`coalesce(sum(${answerStatsDaily.abstentions}), 0)`.mapWith(Number),
  noPassages: sql<number>`coalesce(sum(${answerStatsDaily.noPassages}), 0)`.mapWith(Number),
  latencyMsSum: sql<number>`coalesce(sum(${answerStatsDaily.latencyMsSum}), 0)`.mapWith(Number),
  latencyCount: sql<number>`coalesce(sum(${answerStatsDaily.latencyCount}), 0)`.mapWith(Number),
  firstTokenMsSum: sql<number>`coalesce(sum(${answerStatsDaily.firstTokenMsSum}), 0)`.mapWith(Number),
  firstTokenCount: sql<number>`coalesce(sum(${answerStatsDaily.firstTokenCount}), 0)`.mapWith(Number),
  inputTokens: sql<number>`coalesce(sum(${answerStatsDaily.inputTokens}), 0)`.mapWith(Number),
  outputTokens: sql<number>`coalesce(sum(${answerStatsDaily.outputTokens}), 0)`.mapWith(Number),
  costMicroEur: sql<number>`coalesce(sum(${answerStatsDaily.costMicroEur}), 0)`.mapWith(Number),
  thumbsUp: sql<number>`coalesce(sum(${answerStatsDaily.thumbsUp}), 0)`.mapWith(Number),
  thumbsDown: sql<number>`coalesce(sum(${answerStatsDaily.thumbsDown}), 0)`.mapWith(Number),
  graded: sql<number>`coalesce(sum(${answerStatsDaily.graded}), 0)`.mapWith(Number),
  grounded: sql<number>`coalesce(sum(${answerStatsDaily.grounded}), 0)`.mapWith(Number),
};

type Totals = { [K in keyof typeof statTotals]: number };

/** Rates of a set of aggregated answers. */
function ratesOf(t: Totals) {
  const rated = t.thumbsUp + t.thumbsDown;
  return {
    answers: t.answers,
    errors: t.errors,
    errorRate: rate(t.errors, t.answers),
    abstentionRate: rate(t.abstentions, t.answers - t.errors),
    noPassageRate: rate(t.noPassages, t.answers - t.errors),
    feedbackRate: rate(rated, t.answers),
    thumbsUp: t.thumbsUp,
    thumbsDown: t.thumbsDown,
    thumbsUpRate: rate(t.thumbsUp, rated),
    graded: t.graded,
    groundedRate: rate(t.grounded, t.graded),
    latencyMeanMs: rate(t.latencyMsSum, t.latencyCount),
    firstTokenMeanMs: rate(t.firstTokenMsSum, t.firstTokenCount),
    inputTokens: t.inputTokens,
    outputTokens: t.outputTokens,
    answerCostEur: t.costMicroEur / 1e6,
  };
}

/** Latest finished runs per suite, newest first (at most 2 per suite: the latest and the one before). */
function latestRunsBySuite(ctx: Ctx, assistantIds: string[]) {
  if (assistantIds.length === 0) return new Map<string, (typeof evalRuns.$inferSelect)[]>();
  const rows = ctx.db
    .select()
    .from(evalRuns)
    .where(and(inArray(evalRuns.assistantId, assistantIds), eq(evalRuns.status, "done")))
    .orderBy(desc(evalRuns.finishedAt))
    .all();
  const bySuite = new Map<string, (typeof evalRuns.$inferSelect)[]>();
  for (const r of rows) {
    const list = bySuite.get(r.suiteId) ?? [];
    if (list.length < 2) list.push(r);
    bySuite.set(r.suiteId, list);
  }
  return bySuite;
}

/**
 * The workspace overview: every monitored assistant with its latest correct-answer rate and
 * interval, trend, suite size, thumbs-up rate, conversations, active users (7 and 30 days up to
 * the end of the period), answers and cost in the period, and flags.
 */
export function monitoringOverview({ ctx, input }: { ctx: Ctx; input: DateRange }) {
  const { fromDay, toDay } = dayRange(input);
  const ids = monitoredAssistantIds(ctx);
  if (ids.length === 0) return { from: dateOf(fromDay), to: dateOf(toDay), assistants: [] };
  const list = ctx.db
    .select({ id: assistants.id, name: assistants.name, emoji: assistants.emoji, teamName: teams.name, currentVersionId: assistants.currentVersionId })
    .from(assistants)
    .leftJoin(teams, eq(teams.id, assistants.teamId))
    .where(inArray(assistants.id, ids))
    .all();
  const stats = new Map(
    ctx.db
      .select({ assistantId: answerStatsDaily.assistantId, ...statTotals })
      .from(answerStatsDaily)
      .where(and(inArray(answerStatsDaily.assistantId, ids), gte(answerStatsDaily.day, fromDay), lte(answerStatsDaily.day, toDay)))
      .groupBy(answerStatsDaily.assistantId)
      .all()
      .map((r) => [r.assistantId, r]),
  );
  const cost = new Map(
    ctx.db
      .select({ assistantId: usageDaily.assistantId, cost: sql<number>`sum(${usageDaily.costMicroEur})`.mapWith(Number) })
      .from(usageDaily)
      .where(and(inArray(usageDaily.assistantId, ids), gte(usageDaily.day, fromDay), lte(usageDaily.day, toDay)))
      .groupBy(usageDaily.assistantId)
      .all()
      .map((r) => [r.assistantId, r.cost]),
  );
  const convs = new Map(
    ctx.db
      .select({ assistantId: conversations.assistantId, n: count() })
      .from(conversations)
      .where(
        and(
          inArray(conversations.assistantId, ids),
          eq(conversations.preview, false),
          gte(conversations.createdAt, new Date(fromDay * DAY_MS)),
          lt(conversations.createdAt, new Date((toDay + 1) * DAY_MS)),
        ),
      )
      .groupBy(conversations.assistantId)
      .all()
      .map((r) => [r.assistantId, r.n]),
  );
  const activeUsers = (days: number) =>
    new Map(
      ctx.db
        .select({ assistantId: activeUsersDaily.assistantId, n: countDistinct(activeUsersDaily.userId) })
        .from(activeUsersDaily)
        .where(and(inArray(activeUsersDaily.assistantId, ids), gte(activeUsersDaily.day, toDay - days + 1), lte(activeUsersDaily.day, toDay)))
        .groupBy(activeUsersDaily.assistantId)
        .all()
        .map((r) => [r.assistantId, r.n]),
    );
  const active7 = activeUsers(7);
  const active30 = activeUsers(30);
  const suites = ctx.db
    .select({ id: evalSuites.id, assistantId: evalSuites.assistantId, name: evalSuites.name, // Qualified by hand: inside the subquery a bare "id" would be the case's own id.
      cases: sql<number>`(SELECT count(*) FROM eval_cases c WHERE c.suite_id = "eval_suites"."id" AND c.status = 'active')`.mapWith(Number) })
    .from(evalSuites)
    .where(inArray(evalSuites.assistantId, ids))
    .all();
  const runs = latestRunsBySuite(ctx, ids);
  // Shown next to every judge-based figure: how far the judge agrees with human reviewers.
  const agreements = agreementsOf(ctx.db, ids);
  const now = Date.now();

  return {
    from: dateOf(fromDay),
    to: dateOf(toDay),
    assistants: list.map((a) => {
      const own = suites.filter((s) => s.assistantId === a.id);
      // The headline: the suite whose latest run is the most recent.
      const latest = own
        .map((s) => ({ suite: s, runs: runs.get(s.id) ?? [] }))
        .filter((s) => s.runs.length > 0)
        .sort((x, y) => (y.runs[0]!.finishedAt?.getTime() ?? 0) - (x.runs[0]!.finishedAt?.getTime() ?? 0))[0];
      const last = latest?.runs[0] ?? null;
      const previous = latest?.runs[1] ?? null;
      const trend = last?.correctRate != null && previous?.correctRate != null ? last.correctRate - previous.correctRate : null;
      const t = stats.get(a.id);
      const flags: ("no_suite" | "not_evaluated" | "stale" | "falling")[] = [];
      if (own.length === 0) flags.push("no_suite");
      else if (!last) flags.push("not_evaluated");
      else if (now - (last.finishedAt?.getTime() ?? 0) > STALE_DAYS * DAY_MS || (a.currentVersionId && last.assistantVersionId !== a.currentVersionId)) flags.push("stale");
      if (trend !== null && trend < -FALLING_DROP) flags.push("falling");
      return {
        assistantId: a.id,
        name: a.name,
        emoji: a.emoji,
        teamName: a.teamName,
        correctRate: last?.correctRate ?? null,
        rateLow: last?.rateLow ?? null,
        rateHigh: last?.rateHigh ?? null,
        lastRun: last ? { id: last.id, suiteName: latest!.suite.name, versionLabel: last.versionLabel, finishedAt: last.finishedAt, total: last.total, judged: !!last.judge.modelId } : null,
        trend,
        suiteCases: own.reduce((n, s) => n + s.cases, 0),
        suites: own.length,
        thumbsUpRate: t ? rate(t.thumbsUp, t.thumbsUp + t.thumbsDown) : null,
        ratings: t ? t.thumbsUp + t.thumbsDown : 0,
        answers: t?.answers ?? 0,
        conversations: convs.get(a.id) ?? 0,
        activeUsers7: active7.get(a.id) ?? 0,
        activeUsers30: active30.get(a.id) ?? 0,
        costEur: (cost.get(a.id) ?? 0) / 1e6,
        agreement: agreements.get(a.id) ?? null,
        flags,
      };
    }),
  };
}

/**
 * One assistant over a period: daily series (answers, feedback, thumbs-up, abstention and
 * no-passage rates, latency and time-to-first-token percentiles, groundedness, cost), cost per
 * model and day, its evaluation runs with version markers, and the questions rated down most.
 */
export function assistantDashboard({ ctx, input }: { ctx: Ctx; input: DateRange & { assistantId: string } }) {
  const assistant = loadQualityAssistant(ctx, input.assistantId);
  const { fromDay, toDay } = dayRange(input);
  const inRange = and(eq(answerStatsDaily.assistantId, assistant.id), gte(answerStatsDaily.day, fromDay), lte(answerStatsDaily.day, toDay));
  const rows = ctx.db.select().from(answerStatsDaily).where(inRange).orderBy(asc(answerStatsDaily.day)).all();

  const byDay = new Map<number, { totals: Totals; latency: number[]; firstToken: number[] }>();
  const zero = (): Totals => Object.fromEntries(Object.keys(statTotals).map((k) => [k, 0])) as Totals;
  let all = { totals: zero(), latency: [] as number[], firstToken: [] as number[] };
  for (const r of rows) {
    const day = byDay.get(r.day) ?? { totals: zero(), latency: [], firstToken: [] };
    for (const k of Object.keys(statTotals) as (keyof Totals)[]) {
      day.totals[k] += r[k];
      all.totals[k] += r[k];
    }
    day.latency = mergeHistograms(day.latency, r.latencyHistogram);
    day.firstToken = mergeHistograms(day.firstToken, r.firstTokenHistogram);
    all = { ...all, latency: mergeHistograms(all.latency, r.latencyHistogram), firstToken: mergeHistograms(all.firstToken, r.firstTokenHistogram) };
    byDay.set(r.day, day);
  }
  const series = [];
  for (let d = fromDay; d <= toDay; d++) {
    const day = byDay.get(d);
    series.push({
      date: dateOf(d),
      ...ratesOf(day?.totals ?? zero()),
      latencyP50Ms: day ? histogramPercentile(day.latency, 50) : null,
      latencyP95Ms: day ? histogramPercentile(day.latency, 95) : null,
      firstTokenP50Ms: day ? histogramPercentile(day.firstToken, 50) : null,
      firstTokenP95Ms: day ? histogramPercentile(day.firstToken, 95) : null,
    });
  }

  const modelNames = new Map(ctx.db.select({ id: models.id, name: models.displayName }).from(models).all().map((m) => [m.id, m.name]));
  const costRows = ctx.db
    .select({ day: usageDaily.day, modelId: usageDaily.modelId, calls: usageDaily.calls, inputTokens: usageDaily.inputTokens, outputTokens: usageDaily.outputTokens, costMicroEur: usageDaily.costMicroEur })
    .from(usageDaily)
    .where(and(eq(usageDaily.assistantId, assistant.id), gte(usageDaily.day, fromDay), lte(usageDaily.day, toDay)))
    .orderBy(asc(usageDaily.day))
    .all()
    .map((r) => ({ date: dateOf(r.day), modelId: r.modelId, model: modelNames.get(r.modelId) ?? "Removed model", calls: r.calls, inputTokens: r.inputTokens, outputTokens: r.outputTokens, costEur: r.costMicroEur / 1e6 }));

  const runs = ctx.db
    .select({ id: evalRuns.id, suiteId: evalRuns.suiteId, suiteName: evalSuites.name, versionLabel: evalRuns.versionLabel, trigger: evalRuns.trigger, correctRate: evalRuns.correctRate, rateLow: evalRuns.rateLow, rateHigh: evalRuns.rateHigh, total: evalRuns.total, finishedAt: evalRuns.finishedAt, judged: sql<boolean>`json_extract(${evalRuns.judge}, '$.modelId') IS NOT NULL`.mapWith(Boolean) })
    .from(evalRuns)
    .innerJoin(evalSuites, eq(evalSuites.id, evalRuns.suiteId))
    .where(and(eq(evalRuns.assistantId, assistant.id), eq(evalRuns.status, "done")))
    .orderBy(asc(evalRuns.finishedAt))
    .all();
  const versions = ctx.db
    .select({ id: assistantVersions.id, number: assistantVersions.number, createdAt: assistantVersions.createdAt, overrideReason: assistantVersions.overrideReason })
    .from(assistantVersions)
    .where(eq(assistantVersions.assistantId, assistant.id))
    .orderBy(asc(assistantVersions.number))
    .all();

  return {
    assistant: { id: assistant.id, name: assistant.name, emoji: assistant.emoji, currentVersionId: assistant.currentVersionId },
    from: dateOf(fromDay),
    to: dateOf(toDay),
    totals: {
      ...ratesOf(all.totals),
      latencyP50Ms: histogramPercentile(all.latency, 50),
      latencyP95Ms: histogramPercentile(all.latency, 95),
      firstTokenP50Ms: histogramPercentile(all.firstToken, 50),
      firstTokenP95Ms: histogramPercentile(all.firstToken, 95),
      costEur: costRows.reduce((a, r) => a + r.costEur, 0),
    },
    series,
    costByModel: costRows,
    runs,
    versions,
    topNegative: topNegativeQuestions(ctx, assistant.id, fromDay, toDay),
    agreement: agreementsOf(ctx.db, [assistant.id]).get(assistant.id) ?? null,
  };
}

/** Questions whose answers were rated down most in the period (same wording grouped), with the latest comment. */
function topNegativeQuestions(ctx: Ctx, assistantId: string, fromDay: number, toDay: number) {
  const down = ctx.db
    .select({ messageId: messageFeedback.messageId, comment: messageFeedback.comment, correction: messageFeedback.correction, createdAt: messageFeedback.createdAt, conversationId: messages.conversationId, answeredAt: messages.createdAt })
    .from(messageFeedback)
    .innerJoin(messages, eq(messages.id, messageFeedback.messageId))
    .where(and(eq(messageFeedback.assistantId, assistantId), eq(messageFeedback.rating, "down"), gte(messageFeedback.createdAt, new Date(fromDay * DAY_MS)), lt(messageFeedback.createdAt, new Date((toDay + 1) * DAY_MS))))
    .orderBy(desc(messageFeedback.createdAt))
    .limit(500)
    .all();
  const groups = new Map<string, { question: string; count: number; lastComment: string; lastCorrection: string; lastMessageId: string; lastAt: Date }>();
  for (const d of down) {
    const question =
      ctx.db
        .select({ content: messages.content })
        .from(messages)
        .where(and(eq(messages.conversationId, d.conversationId), eq(messages.role, "user"), lt(messages.createdAt, d.answeredAt)))
        .orderBy(desc(messages.createdAt))
        .get()?.content ?? "";
    const key = question.trim().toLowerCase().replace(/\s+/g, " ").replace(/[?!.]+$/, "");
    const group = groups.get(key);
    if (group) group.count++;
    else groups.set(key, { question, count: 1, lastComment: d.comment, lastCorrection: d.correction, lastMessageId: d.messageId, lastAt: d.createdAt });
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || b.lastAt.getTime() - a.lastAt.getTime()).slice(0, 10);
}

/** Two versions of an assistant side by side over the period: answer figures and their latest runs. */
export function compareVersions({ ctx, input }: { ctx: Ctx; input: DateRange & { assistantId: string; versionIds: [string, string] } }) {
  const assistant = loadQualityAssistant(ctx, input.assistantId);
  const { fromDay, toDay } = dayRange(input);
  return input.versionIds.map((versionId) => {
    const version = ctx.db
      .select({ id: assistantVersions.id, number: assistantVersions.number, createdAt: assistantVersions.createdAt })
      .from(assistantVersions)
      .where(and(eq(assistantVersions.id, versionId), eq(assistantVersions.assistantId, assistant.id)))
      .get();
    if (!version) throw new ValidationError("This version does not belong to the assistant.", {}, "monitoring.bad_version");
    const rows = ctx.db
      .select()
      .from(answerStatsDaily)
      .where(and(eq(answerStatsDaily.assistantId, assistant.id), eq(answerStatsDaily.versionId, versionId), gte(answerStatsDaily.day, fromDay), lte(answerStatsDaily.day, toDay)))
      .all();
    const totals = Object.fromEntries(Object.keys(statTotals).map((k) => [k, rows.reduce((a, r) => a + r[k as keyof Totals], 0)])) as Totals;
    const latency = rows.reduce<number[]>((h, r) => mergeHistograms(h, r.latencyHistogram), []);
    const run = ctx.db
      .select({ id: evalRuns.id, suiteName: evalSuites.name, correctRate: evalRuns.correctRate, rateLow: evalRuns.rateLow, rateHigh: evalRuns.rateHigh, total: evalRuns.total, finishedAt: evalRuns.finishedAt })
      .from(evalRuns)
      .innerJoin(evalSuites, eq(evalSuites.id, evalRuns.suiteId))
      .where(and(eq(evalRuns.assistantVersionId, versionId), eq(evalRuns.status, "done")))
      .orderBy(desc(evalRuns.finishedAt))
      .get();
    return { version: { ...version, label: `v${version.number}` }, ...ratesOf(totals), latencyP50Ms: histogramPercentile(latency, 50), latencyP95Ms: histogramPercentile(latency, 95), latestRun: run ?? null };
  });
}

/**
 * Usage and cost (€) per team (the team owning the assistant; "Workspace" for assistants without
 * one) or per model over the period, for the monitored assistants. Includes evaluation and judge
 * calls: they are money spent on the assistant too.
 */
export function usageBreakdown({ ctx, input }: { ctx: Ctx; input: DateRange & { by: "team" | "model" } }) {
  const { fromDay, toDay } = dayRange(input);
  const ids = monitoredAssistantIds(ctx);
  if (ids.length === 0) return { from: dateOf(fromDay), to: dateOf(toDay), rows: [] };
  const key = input.by === "team" ? sql<string>`coalesce(${assistants.teamId}, '')` : usageDaily.modelId;
  const name = input.by === "team" ? sql<string>`coalesce(${teams.name}, '')` : sql<string>`coalesce(${models.displayName}, '')`;
  const base = ctx.db
    .select({
      key,
      name,
      calls: sql<number>`sum(${usageDaily.calls})`.mapWith(Number),
      errors: sql<number>`sum(${usageDaily.errors})`.mapWith(Number),
      inputTokens: sql<number>`sum(${usageDaily.inputTokens})`.mapWith(Number),
      outputTokens: sql<number>`sum(${usageDaily.outputTokens})`.mapWith(Number),
      costMicroEur: sql<number>`sum(${usageDaily.costMicroEur})`.mapWith(Number),
      assistants: sql<number>`count(distinct ${usageDaily.assistantId})`.mapWith(Number),
    })
    .from(usageDaily)
    .innerJoin(assistants, eq(assistants.id, usageDaily.assistantId))
    .leftJoin(teams, eq(teams.id, assistants.teamId))
    .leftJoin(models, eq(models.id, usageDaily.modelId))
    .where(and(inArray(usageDaily.assistantId, ids), gte(usageDaily.day, fromDay), lte(usageDaily.day, toDay)))
    .groupBy(key)
    // Cost first; equal costs (free local models) by calls, then by name, so the order is stable.
    .orderBy(desc(sql`sum(${usageDaily.costMicroEur})`), desc(sql`sum(${usageDaily.calls})`), asc(name))
    .all();
  return {
    from: dateOf(fromDay),
    to: dateOf(toDay),
    rows: base.map((r) => ({ key: r.key, name: r.name || (input.by === "team" ? "Workspace" : "Removed model"), calls: r.calls, errors: r.errors, inputTokens: r.inputTokens, outputTokens: r.outputTokens, costEur: r.costMicroEur / 1e6, assistants: r.assistants })),
  };
}

function csvCell(value: unknown): string {
  const text = String(value ?? "");
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The usage breakdown as CSV (UTF-8 with BOM for spreadsheet software). */
export function usageBreakdownCsv({ ctx, input }: { ctx: Ctx; input: DateRange & { by: "team" | "model" } }) {
  const { rows, from, to } = usageBreakdown({ ctx, input });
  const header = [input.by, "assistants", "calls", "errors", "input_tokens", "output_tokens", "cost_eur"];
  const lines = [header.join(","), ...rows.map((r) => [r.name, r.assistants, r.calls, r.errors, r.inputTokens, r.outputTokens, r.costEur.toFixed(6)].map(csvCell).join(","))];
  return { fileName: `atelier-usage-by-${input.by}-${from}-to-${to}.csv`, content: `\uFEFF${lines.join("\r\n")}\r\n` };
}
