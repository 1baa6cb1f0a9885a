import { useQuery } from "@tanstack/react-query";
import { ArrowRight } from "lucide-react";
import { useState } from "react";
import { Link, useSearchParams } from "react-router";
import { Alert } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { Card } from "~/components/ui/card";
import { useI18n } from "~/i18n";
import { isNotFound } from "~/lib/errors";
import { formatCount } from "~/lib/format";
import { type AssistantDetail, useTRPC } from "~/lib/trpc";
import { useErrors } from "~/lib/use-errors";
import { cn } from "~/lib/utils";
import { NotFoundPage } from "~/routes/not-found";
import { Breadcrumbs, ContentSkeleton, QualityContent, QualityShell, qualityPath } from "./quality-shell";
import { formatRateWithInterval } from "./rates";
import { type Change, type ChangeFilter, changeFilters, filterChanges, outcomeOf } from "./run-filters";
import { OutcomeIcon, useVersionLabel } from "./run-parts";
import type { ComparisonRow, RunComparison } from "./types";

/** Two runs of the assistant side by side: which cases improved, regressed or stayed the same. */
export function ComparePage() {
  return <QualityShell>{(assistant) => <CompareView assistant={assistant} />}</QualityShell>;
}

function CompareView({ assistant }: { assistant: AssistantDetail }) {
  const [params] = useSearchParams();
  const a = params.get("a") ?? "";
  const b = params.get("b") ?? "";
  const trpc = useTRPC();
  const errors = useErrors();
  const comparison = useQuery(trpc.evaluation.compareRuns.queryOptions({ runId: a, otherRunId: b }, { enabled: !!a && !!b }));
  if (!a || !b || (comparison.isError && isNotFound(comparison.error)) || (comparison.data && comparison.data.first.assistantId !== assistant.id)) return <NotFoundPage />;
  if (comparison.isPending) return <ContentSkeleton />;
  if (comparison.isError) {
    return (
      <QualityContent>
        <Alert variant="destructive">{errors.message(comparison.error)}</Alert>
      </QualityContent>
    );
  }
  return <Comparison assistantId={assistant.id} data={comparison.data} />;
}

const CHANGE_VARIANTS: Record<Change, "success" | "destructive" | "secondary" | "outline"> = {
  improved: "success",
  regressed: "destructive",
  same: "secondary",
  only_first: "outline",
  only_second: "outline",
};

function RunSummaryCard({ assistantId, run, label }: { assistantId: string; run: RunComparison["first"]; label: string }) {
  const { t, locale, formatDate } = useI18n();
  const version = useVersionLabel();
  return (
    <Card className="flex min-w-0 flex-col gap-1 p-4">
      <p className="text-xs font-medium uppercase tracking-wide text-muted-foreground">{label}</p>
      <Link to={qualityPath(assistantId, `/runs/${run.id}`)} className="truncate font-medium hover:underline focus-visible:underline focus-visible:outline-none">
        {run.suiteName} <span className="font-mono text-sm font-normal text-muted-foreground">{version(run.versionLabel)}</span>
      </Link>
      <p className="text-sm text-muted-foreground">
        {formatDate(run.createdAt)} · {t(`quality.trigger.${run.trigger}`)}
      </p>
      <p className="text-2xl font-semibold tabular-nums">{formatRateWithInterval(run, locale) ?? "—"}</p>
    </Card>
  );
}

function Comparison({ assistantId, data }: { assistantId: string; data: RunComparison }) {
  const { t, locale } = useI18n();
  const [filter, setFilter] = useState<ChangeFilter>("all");
  const only = data.rows.filter((r) => r.change === "only_first" || r.change === "only_second").length;
  const counts: Record<ChangeFilter, number> = { all: data.rows.length, improved: data.counts.improved, regressed: data.counts.regressed, same: data.counts.same, only };
  const rows = filterChanges(data.rows, filter);
  return (
    <QualityContent>
      <Breadcrumbs items={[{ label: t("quality.title"), to: qualityPath(assistantId) }, { label: t("quality.compare.title") }]} />
      <div>
        <h2 className="text-xl font-semibold tracking-tight">{t("quality.compare.title")}</h2>
        <p className="mt-1 text-sm text-muted-foreground">{t("quality.compare.subtitle")}</p>
      </div>
      <div className="grid items-stretch gap-3 sm:grid-cols-[1fr_auto_1fr]">
        <RunSummaryCard assistantId={assistantId} run={data.first} label={t("quality.compare.first")} />
        <ArrowRight className="hidden size-5 self-center text-muted-foreground sm:block" aria-hidden />
        <RunSummaryCard assistantId={assistantId} run={data.second} label={t("quality.compare.second")} />
      </div>
      {data.first.suiteId !== data.second.suiteId && <Alert variant="warning">{t("quality.compare.otherSuite")}</Alert>}
      <div className="flex flex-wrap gap-2" data-testid="compare-counts">
        <Badge variant="success" data-testid="count-improved">
          {t("quality.compare.improvedCount", { count: formatCount(data.counts.improved, locale) })}
        </Badge>
        <Badge variant="destructive" data-testid="count-regressed">
          {t("quality.compare.regressedCount", { count: formatCount(data.counts.regressed, locale) })}
        </Badge>
        <Badge variant="secondary" data-testid="count-same">
          {t("quality.compare.sameCount", { count: formatCount(data.counts.same, locale) })}
        </Badge>
      </div>
      <fieldset className="flex flex-wrap gap-1 self-start rounded-lg border bg-muted/40 p-1">
          <legend className="sr-only">{t("quality.compare.filter")}</legend>
        {changeFilters.map((f) => (
          <button
            key={f}
            type="button"
            aria-pressed={filter === f}
            onClick={() => setFilter(f)}
            className={cn(
              "inline-flex h-8 items-center gap-1.5 rounded-md px-3 text-sm font-medium transition-colors focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring",
              filter === f ? "bg-card text-foreground shadow-sm" : "text-muted-foreground hover:text-foreground",
            )}
            data-testid={`compare-filter-${f}`}
          >
            {t(`quality.compare.filters.${f}`)}
            <span className="tabular-nums text-xs text-muted-foreground">{formatCount(counts[f], locale)}</span>
          </button>
        ))}
      </fieldset>
      {rows.length === 0 ? (
        <p className="rounded-lg border border-dashed bg-card px-4 py-8 text-center text-sm text-muted-foreground">{t("quality.compare.none")}</p>
      ) : (
        <ul className="flex flex-col gap-3">
          {rows.map((row) => (
            <CompareRow key={row.key} row={row} />
          ))}
        </ul>
      )}
    </QualityContent>
  );
}

function Side({ label, result }: { label: string; result: ComparisonRow["first"] | null }) {
  const { t } = useI18n();
  return (
    <div className="flex min-w-0 flex-col gap-1.5 rounded-md border bg-muted/20 p-3">
      <p className="flex items-center gap-1.5 text-xs font-medium text-muted-foreground">
        {result && <OutcomeIcon outcome={outcomeOf(result)} />}
        {label}
      </p>
      {!result ? (
        <p className="text-sm italic text-muted-foreground">{t("quality.compare.notInRun")}</p>
      ) : result.error ? (
        <p className="text-sm text-destructive">{result.error}</p>
      ) : (
        <p className="max-h-56 overflow-auto whitespace-pre-wrap break-words text-sm">{result.answer || t("quality.runCases.noAnswer")}</p>
      )}
    </div>
  );
}

function CompareRow({ row }: { row: ComparisonRow }) {
  const { t } = useI18n();
  const change = row.change as Change;
  return (
    <li className="flex min-w-0 flex-col gap-3 rounded-lg border bg-card p-4 shadow-sm" data-testid="compare-row" data-change={change}>
      <div className="flex flex-col gap-1">
        <div>
          <Badge variant={CHANGE_VARIANTS[change]}>{t(`quality.compare.changes.${change}`)}</Badge>
        </div>
        <p className="break-words font-medium">{row.question}</p>
        <p className="break-words text-sm text-muted-foreground">
          <span className="font-medium text-foreground/80">{t("quality.runCases.reference")}:</span>{" "}
          {row.first?.expectAbstention || row.second?.expectAbstention ? t("quality.cases.shouldAbstain") : row.referenceAnswer}
        </p>
      </div>
      <div className="grid gap-3 md:grid-cols-2">
        <Side label={t("quality.compare.first")} result={row.first} />
        <Side label={t("quality.compare.second")} result={row.second} />
      </div>
    </li>
  );
}
