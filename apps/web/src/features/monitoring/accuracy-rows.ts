import type { AppRouter } from "@atelier/api";
import type { inferOutput, TRPCOptionsProxy } from "@trpc/tanstack-react-query";

type Api = TRPCOptionsProxy<AppRouter>;
export type AccuracyOverview = inferOutput<Api["evaluation"]["accuracy"]>;
type AssistantAccuracy = AccuracyOverview[number];
type SuiteAccuracy = AssistantAccuracy["suites"][number];

/** One line of the Accuracy table: an assistant and one of its suites, or the assistant alone when it has none. */
export interface AccuracyRow {
  key: string;
  assistantId: string;
  name: string;
  emoji: string;
  suite: Pick<SuiteAccuracy, "id" | "name" | "activeCases"> | null;
  lastRun: SuiteAccuracy["lastRun"];
  running: SuiteAccuracy["running"];
}

export type RateOrder = "none" | "asc" | "desc";

export function accuracyRows(data: AccuracyOverview): AccuracyRow[] {
  return data.flatMap((a): AccuracyRow[] =>
    a.suites.length === 0
      ? [{ key: a.assistantId, assistantId: a.assistantId, name: a.name, emoji: a.emoji, suite: null, lastRun: null, running: null }]
      : a.suites.map((s) => ({
          key: `${a.assistantId}:${s.id}`,
          assistantId: a.assistantId,
          name: a.name,
          emoji: a.emoji,
          suite: { id: s.id, name: s.name, activeCases: s.activeCases },
          lastRun: s.lastRun,
          running: s.running,
        })),
  );
}

/** Sorted by the latest correct-answer rate (rows without one last), else in the server's order. */
export function sortRows(rows: readonly AccuracyRow[], order: RateOrder): AccuracyRow[] {
  if (order === "none") return [...rows];
  const rate = (r: AccuracyRow) => r.lastRun?.correctRate ?? null;
  return [...rows].sort((a, b) => {
    const x = rate(a);
    const y = rate(b);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    return order === "asc" ? x - y : y - x;
  });
}

/** Whether a run is in progress somewhere: the table then refreshes every 2 seconds. */
export function anyRunning(data: AccuracyOverview | undefined): boolean {
  return !!data?.some((a) => a.suites.some((s) => s.running));
}
