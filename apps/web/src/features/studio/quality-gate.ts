import type { Locale, Translate } from "~/i18n";
import type { EvalRunSummary, GateReason } from "./types";

const tags: Record<Locale, string> = { en: "en-GB", fr: "fr-FR" };

/** A correct-answer rate (0–1) as a percentage, e.g. "78%" / "78 %", "66.7%" when not whole. */
export function formatRate(rate: number, locale: Locale): string {
  return new Intl.NumberFormat(tags[locale], { style: "percent", maximumFractionDigits: 1 }).format(rate);
}

/** A difference of rates (0–1) in percentage points, e.g. 0.05 → "5". */
export function formatPoints(difference: number, locale: Locale): string {
  return new Intl.NumberFormat(tags[locale], { maximumFractionDigits: 1 }).format(difference * 100);
}

/** A rate's confidence interval, e.g. "62–91%". */
export function formatInterval(low: number, high: number, locale: Locale): string {
  return `${Math.round(low * 100)}–${formatRate(Math.round(high * 100) / 100, locale)}`;
}

/** Why Publish was blocked, in one sentence. */
export function reasonSentence(reason: GateReason, t: Translate, locale: Locale): string {
  switch (reason.kind) {
    case "threshold":
      return t("studio.publish.reasons.threshold", { suite: reason.suiteName, rate: formatRate(reason.rate, locale), threshold: formatRate(reason.threshold, locale) });
    case "regression":
      return t("studio.publish.reasons.regression", {
        suite: reason.suiteName,
        rate: formatRate(reason.rate, locale),
        version: reason.baselineVersion,
        baseline: formatRate(reason.baseline, locale),
        margin: formatPoints(reason.margin, locale),
      });
    case "run_failed":
      return t("studio.publish.reasons.run_failed", { suite: reason.suiteName, error: reason.error });
  }
}

/** Whether a run has stopped (done, failed or cancelled). */
export function isFinished(status: EvalRunSummary["status"]): boolean {
  return status !== "queued" && status !== "running";
}

/** The Quality area's page of a run. */
export function runPath(assistantId: string, runId: string): string {
  return `/studio/${assistantId}/quality/runs/${runId}`;
}

/** The latest finished run of each suite on each version: what the History shows next to a version. */
export function runsByVersion(runs: readonly EvalRunSummary[]): Map<string, EvalRunSummary[]> {
  const byVersion = new Map<string, EvalRunSummary[]>();
  const newestFirst = [...runs].sort((a, b) => new Date(b.createdAt).getTime() - new Date(a.createdAt).getTime());
  for (const run of newestFirst) {
    if (run.status !== "done" || !run.assistantVersionId || run.correctRate === null) continue;
    const list = byVersion.get(run.assistantVersionId) ?? [];
    if (!list.some((r) => r.suiteId === run.suiteId)) list.push(run);
    byVersion.set(run.assistantVersionId, list);
  }
  return byVersion;
}
