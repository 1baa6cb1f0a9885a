import type { UsageRow } from "./types";

/** The sums of a usage breakdown (assistants add up per team, where each assistant has one team). */
export function usageTotals(rows: readonly UsageRow[]) {
  return rows.reduce(
    (t, r) => ({
      assistants: t.assistants + r.assistants,
      calls: t.calls + r.calls,
      errors: t.errors + r.errors,
      inputTokens: t.inputTokens + r.inputTokens,
      outputTokens: t.outputTokens + r.outputTokens,
      costEur: t.costEur + r.costEur,
    }),
    { assistants: 0, calls: 0, errors: 0, inputTokens: 0, outputTokens: 0, costEur: 0 },
  );
}

/** Saves a text as a file through the browser's download (a Blob behind a temporary link). */
export function downloadText(fileName: string, content: string, type: string) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
