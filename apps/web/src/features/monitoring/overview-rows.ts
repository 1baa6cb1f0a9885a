import type { AccuracyOverview } from "./accuracy-rows";
import type { OverviewRow } from "./types";

export const sortKeys = ["name", "correctRate", "trend", "suiteCases", "thumbsUpRate", "conversations", "activeUsers", "answers", "costEur"] as const;
export type SortKey = (typeof sortKeys)[number];
export type SortDirection = "asc" | "desc";
export interface SortState {
  key: SortKey;
  direction: SortDirection;
}

/** Lower case without accents, so that "equipe" finds "Équipe". */
export function searchable(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase()
    .trim();
}

/** The assistants whose name or team contains the query (every one for an empty query). */
export function filterOverview(rows: readonly OverviewRow[], query: string): OverviewRow[] {
  const q = searchable(query);
  if (!q) return [...rows];
  return rows.filter((r) => searchable(r.name).includes(q) || (r.teamName !== null && searchable(r.teamName).includes(q)));
}

function sortValue(row: OverviewRow, key: SortKey): number | string | null {
  switch (key) {
    case "name":
      return row.name;
    case "activeUsers":
      return row.activeUsers30;
    default:
      return row[key];
  }
}

/** Sorted by a column; rows without a value (no run, no rating) always come last. Ties keep the name order. */
export function sortOverview(rows: readonly OverviewRow[], sort: SortState): OverviewRow[] {
  const sign = sort.direction === "asc" ? 1 : -1;
  const byName = (a: OverviewRow, b: OverviewRow) => a.name.localeCompare(b.name);
  return [...rows].sort((a, b) => {
    const x = sortValue(a, sort.key);
    const y = sortValue(b, sort.key);
    if (x === null || y === null) return x === y ? byName(a, b) : x === null ? 1 : -1;
    const order = typeof x === "string" && typeof y === "string" ? x.localeCompare(y) : (x as number) - (y as number);
    return order === 0 ? byName(a, b) : sign * order;
  });
}

/** Clicking a column sorts by it, first in its natural direction (names A→Z, figures highest first), then the other way. */
export function nextSort(current: SortState, key: SortKey): SortState {
  if (current.key === key) return { key, direction: current.direction === "asc" ? "desc" : "asc" };
  return { key, direction: key === "name" ? "asc" : "desc" };
}

/** The flags present among the rows, in a stable order (for the legend under the table). */
export function flagsIn(rows: readonly OverviewRow[]): OverviewRow["flags"] {
  const order = ["no_suite", "not_evaluated", "stale", "falling"] as const;
  return order.filter((f) => rows.some((r) => r.flags.includes(f)));
}

/**
 * The overview's suite sizes, taken from the Accuracy data (active cases per suite) when it is
 * there: `monitoring.overview` counts them with a subquery that compares a case's suite with its
 * own id, so it reports 0 cases for every assistant.
 */
export function withSuiteCases(rows: readonly OverviewRow[], accuracy: AccuracyOverview | undefined): OverviewRow[] {
  if (!accuracy) return [...rows];
  const cases = new Map(accuracy.map((a) => [a.assistantId, a.suites.reduce((n, s) => n + s.activeCases, 0)]));
  return rows.map((r) => (cases.has(r.assistantId) ? { ...r, suiteCases: cases.get(r.assistantId)! } : r));
}
