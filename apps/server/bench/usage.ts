/**
 * `pnpm bench usage`: a year of model-call records, then the per-day usage queries the dashboards
 * run — from the daily pre-aggregates, and, for comparison, straight from the raw call records.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { databaseFile, modelCalls, openDatabase } from "@atelier/db";
import { recordModelCall, usageByAssistant, usagePerDay } from "@atelier/api";
import { sql } from "drizzle-orm";
import { ms, time } from "./stats";

const CALLS = Number(process.env.BENCH_USAGE_CALLS ?? 300_000);
const DAY = 86_400_000;


export async function benchUsage() {
  const dir = mkdtempSync(join(tmpdir(), "atelier-bench-usage-"));
  const { db, sqlite, close } = openDatabase(databaseFile(dir));
  const assistants = Array.from({ length: 50 }, (_, i) => `assistant${String(i).padStart(11, "0")}`);
  const users = Array.from({ length: 500 }, (_, i) => `user${String(i).padStart(16, "0")}`);
  const modelIds = ["model-a", "model-b", "model-c"];
  const start = Date.now() - 365 * DAY;
  const t0 = performance.now();
  sqlite.exec("BEGIN");
  for (let i = 0; i < CALLS; i++) {
    const input = 200 + (i % 900);
    const output = 50 + (i % 400);
    recordModelCall(db, {
      createdAt: new Date(start + Math.floor((i / CALLS) * 365 * DAY)),
      purpose: "chat",
      status: i % 50 === 0 ? "error" : "ok",
      userId: users[i % users.length]!,
      assistantId: assistants[(i * 7) % assistants.length]!,
      modelId: modelIds[i % 3]!,
      modelName: modelIds[i % 3]!,
      inputTokens: input,
      outputTokens: output,
      latencyMs: 800 + (i % 2000),
      costMicroEur: input * 2 + output * 6,
    });
  }
  sqlite.exec("COMMIT");
  const insertMs = performance.now() - t0;
  const today = Math.floor(Date.now() / DAY);
  const aggregated = time(() => usagePerDay(db, { fromDay: today - 365, toDay: today }));
  const oneAssistant = time(() => usagePerDay(db, { fromDay: today - 365, toDay: today, assistantId: assistants[3]! }));
  const perAssistant = time(() => usageByAssistant(db, assistants, 30));
  const raw = time(
    () => db.select({ day: modelCalls.day, calls: sql`count(*)`, cost: sql`sum(${modelCalls.costMicroEur})` }).from(modelCalls).groupBy(modelCalls.day).all(),
    5,
  );
  const dailyRows = (sqlite.prepare("select count(*) as n from usage_daily").get() as { n: number }).n;
  console.log(`\nUsage — ${CALLS.toLocaleString("en")} model calls over 365 days, 50 assistants, 500 users, 3 models (${dailyRows.toLocaleString("en")} daily aggregate rows)`);
  console.log(`recording: ${((CALLS / insertMs) * 1000).toFixed(0)} calls/s (call record + daily aggregate, in one transaction)`);
  console.log(`per-day totals, whole year (aggregates)     p50 ${ms(aggregated.p50)}  p95 ${ms(aggregated.p95)}`);
  console.log(`per-day totals, one assistant, whole year   p50 ${ms(oneAssistant.p50)}  p95 ${ms(oneAssistant.p95)}`);
  console.log(`30-day totals for 50 assistants (Studio)    p50 ${ms(perAssistant.p50)}  p95 ${ms(perAssistant.p95)}`);
  console.log(`per-day totals, whole year (raw records)    p50 ${ms(raw.p50)}  p95 ${ms(raw.p95)}   — aggregates are x${(raw.p50 / aggregated.p50).toFixed(0)} faster`);
  close();
  rmSync(dir, { recursive: true, force: true });
}
