import { sql } from "drizzle-orm";
import { modelCalls, usageDaily, type Db, type NewModelCall } from "@atelier/db";

export const DAY_MS = 86_400_000;
export const dayOf = (date: Date) => Math.floor(date.getTime() / DAY_MS);

/** Cost in micro-euros: tokens × euros per million tokens. Exact in integers for integer prices in cents. */
export function costMicroEur(inputTokens: number, outputTokens: number, price: { inputPricePerMTokEur: number; outputPricePerMTokEur: number }): number {
  return Math.round(inputTokens * price.inputPricePerMTokEur + outputTokens * price.outputPricePerMTokEur);
}

/** Records one model call and folds it into the daily aggregate, in one transaction. */
export function recordModelCall(db: Db, call: Omit<NewModelCall, "day" | "id">) {
  const day = dayOf(call.createdAt);
  db.transaction((tx) => {
    tx.insert(modelCalls).values({ ...call, day }).run();
    tx.insert(usageDaily)
      .values({
        day,
        assistantId: call.assistantId ?? "",
        modelId: call.modelId ?? "",
        calls: 1,
        errors: call.status === "error" ? 1 : 0,
        inputTokens: call.inputTokens ?? 0,
        outputTokens: call.outputTokens ?? 0,
        costMicroEur: call.costMicroEur ?? 0,
        latencyMsSum: call.latencyMs ?? 0,
      })
      .onConflictDoUpdate({
        target: [usageDaily.day, usageDaily.assistantId, usageDaily.modelId],
        set: {
          calls: sql`${usageDaily.calls} + 1`,
          errors: sql`${usageDaily.errors} + excluded.errors`,
          inputTokens: sql`${usageDaily.inputTokens} + excluded.input_tokens`,
          outputTokens: sql`${usageDaily.outputTokens} + excluded.output_tokens`,
          costMicroEur: sql`${usageDaily.costMicroEur} + excluded.cost_micro_eur`,
          latencyMsSum: sql`${usageDaily.latencyMsSum} + excluded.latency_ms_sum`,
        },
      })
      .run();
  });
}
