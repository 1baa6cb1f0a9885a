import { searchKey } from "./case-values";

/** The part of a run's case result the filters read. */
export interface ResultLike {
  status: "pending" | "done" | "error";
  correct: boolean | null;
  question: string;
  answer: string | null;
  referenceAnswer: string;
  tags: string[];
}

export type Outcome = "passed" | "failed" | "error" | "pending";
export const outcomeFilters = ["all", "passed", "failed", "errors"] as const;
export type OutcomeFilter = (typeof outcomeFilters)[number];

/** How one case of a run ended. An error counts as incorrect in the rate, but is shown apart. */
export function outcomeOf(result: Pick<ResultLike, "status" | "correct">): Outcome {
  if (result.status === "error") return "error";
  if (result.status === "pending") return "pending";
  return result.correct ? "passed" : "failed";
}

function matches(outcome: Outcome, filter: OutcomeFilter): boolean {
  if (filter === "all") return true;
  if (filter === "errors") return outcome === "error";
  return outcome === filter;
}

/** How many cases each filter shows. */
export function outcomeCounts(results: readonly Pick<ResultLike, "status" | "correct">[]): Record<OutcomeFilter, number> {
  const counts: Record<OutcomeFilter, number> = { all: results.length, passed: 0, failed: 0, errors: 0 };
  for (const r of results) {
    const outcome = outcomeOf(r);
    if (outcome === "passed") counts.passed++;
    else if (outcome === "failed") counts.failed++;
    else if (outcome === "error") counts.errors++;
  }
  return counts;
}

/** The cases shown: by outcome, tag ("" = any) and words of a search in question, answer and reference. */
export function filterResults<T extends ResultLike>(results: readonly T[], filter: { outcome: OutcomeFilter; tag: string; search: string }): T[] {
  const words = searchKey(filter.search).split(/\s+/).filter(Boolean);
  return results.filter((r) => {
    if (!matches(outcomeOf(r), filter.outcome)) return false;
    if (filter.tag && !r.tags.includes(filter.tag)) return false;
    if (words.length === 0) return true;
    const text = searchKey(`${r.question} ${r.answer ?? ""} ${r.referenceAnswer}`);
    return words.every((w) => text.includes(w));
  });
}

/** Every tag of a run's cases, sorted. */
export function tagsOf(results: readonly Pick<ResultLike, "tags">[]): string[] {
  return [...new Set(results.flatMap((r) => r.tags))].sort((a, b) => a.localeCompare(b));
}

export const changeFilters = ["all", "improved", "regressed", "same", "only"] as const;
export type ChangeFilter = (typeof changeFilters)[number];
export type Change = "improved" | "regressed" | "same" | "only_first" | "only_second";

/** The rows of a comparison a change filter shows ("only": cases in one run only). */
export function filterChanges<T extends { change: string }>(rows: readonly T[], filter: ChangeFilter): T[] {
  if (filter === "all") return [...rows];
  if (filter === "only") return rows.filter((r) => r.change === "only_first" || r.change === "only_second");
  return rows.filter((r) => r.change === filter);
}

/** The first line of an answer, shortened, for a one-line list. */
export function shortText(text: string | null, max = 140): string {
  if (!text) return "";
  const flat = text
    .replace(/[#*_`>]+/g, "")
    .replace(/\s+/g, " ")
    .trim();
  return flat.length > max ? `${flat.slice(0, max - 1).trimEnd()}…` : flat;
}
