import { and, asc, desc, eq, gte, inArray, lte, sql } from "drizzle-orm";
import { models, usageDaily, type Db } from "@atelier/db";
import { dayOf } from "./record-model-call";

const totals = {
  calls: sql<number>`sum(${usageDaily.calls})`.mapWith(Number),
  errors: sql<number>`sum(${usageDaily.errors})`.mapWith(Number),
  inputTokens: sql<number>`sum(${usageDaily.inputTokens})`.mapWith(Number),
  outputTokens: sql<number>`sum(${usageDaily.outputTokens})`.mapWith(Number),
  costMicroEur: sql<number>`sum(${usageDaily.costMicroEur})`.mapWith(Number),
  latencyMsSum: sql<number>`sum(${usageDaily.latencyMsSum})`.mapWith(Number),
};

/** Totals per assistant over the last `days` days (for the Studio's cost column). */
export function usageByAssistant(db: Db, assistantIds: string[], days = 30, now = new Date()) {
  if (!assistantIds.length) return new Map<string, { calls: number; inputTokens: number; outputTokens: number; costEur: number }>();
  const rows = db
    .select({ assistantId: usageDaily.assistantId, ...totals })
    .from(usageDaily)
    .where(and(inArray(usageDaily.assistantId, assistantIds), gte(usageDaily.day, dayOf(now) - days + 1)))
    .groupBy(usageDaily.assistantId)
    .all();
  return new Map(rows.map((r) => [r.assistantId, { calls: r.calls, inputTokens: r.inputTokens, outputTokens: r.outputTokens, costEur: r.costMicroEur / 1e6 }]));
}

/** One row per day in [from, to] (UTC day numbers), optionally for one assistant: the dashboards' series. */
export function usagePerDay(db: Db, args: { fromDay: number; toDay: number; assistantId?: string }) {
  const where = [gte(usageDaily.day, args.fromDay), lte(usageDaily.day, args.toDay)];
  if (args.assistantId) where.push(eq(usageDaily.assistantId, args.assistantId));
  return db
    .select({ day: usageDaily.day, ...totals })
    .from(usageDaily)
    .where(and(...where))
    .groupBy(usageDaily.day)
    .orderBy(asc(usageDaily.day))
    .all()
    .map((r) => ({ ...r, date: new Date(r.day * 86_400_000).toISOString().slice(0, 10), costEur: r.costMicroEur / 1e6 }));
}

/** Totals per model over a period, with the model's name (usage and cost by model). */
export function usageByModel(db: Db, args: { fromDay: number; toDay: number }) {
  return db
    .select({ modelId: usageDaily.modelId, modelName: models.displayName, ...totals })
    .from(usageDaily)
    .leftJoin(models, eq(models.id, usageDaily.modelId))
    .where(and(gte(usageDaily.day, args.fromDay), lte(usageDaily.day, args.toDay)))
    .groupBy(usageDaily.modelId)
    .orderBy(desc(totals.costMicroEur), desc(totals.calls), asc(models.displayName))
    .all()
    .map((r) => ({ ...r, costEur: r.costMicroEur / 1e6 }));
}
