import { useQuery } from "@tanstack/react-query";
import { ArrowDown, ArrowRight, ArrowUp, ArrowUpDown, Flag, Search, Wand2 } from "lucide-react";
import { useState } from "react";
import { Link, useSearchParams } from "react-router";
import { Alert } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { EmptyState } from "~/components/ui/empty-state";
import { Input } from "~/components/ui/input";
import { Skeleton } from "~/components/ui/skeleton";
import { formatInterval, formatRate, runPath } from "~/features/studio/quality-gate";
import { useI18n } from "~/i18n";
import { formatCount, formatEur } from "~/lib/format";
import { useTRPC } from "~/lib/trpc";
import { cn } from "~/lib/utils";
import { AgreementNote } from "./agreement";
import { withRange } from "./date-range";
import { useDateRange } from "./date-range-picker";
import { formatSignedPoints } from "./figures";
import { QueryError } from "./monitoring-shell";
import { filterOverview, flagsIn, nextSort, type SortKey, type SortState, sortOverview, withSuiteCases } from "./overview-rows";
import type { OverviewFlag, OverviewRow } from "./types";

const flagVariant: Record<OverviewFlag, "secondary" | "warning" | "destructive"> = { no_suite: "secondary", not_evaluated: "secondary", stale: "warning", falling: "destructive" };

/** Every assistant the user builds, with its figures over the period: sortable, filterable, flagged. */
export function OverviewSection() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const { input } = useDateRange();
  const [params, setParams] = useSearchParams();
  const query = params.get("q") ?? "";
  const setQuery = (q: string) =>
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        if (q) next.set("q", q);
        else next.delete("q");
        return next;
      },
      { replace: true },
    );
  const [sort, setSort] = useState<SortState>({ key: "name", direction: "asc" });
  const overview = useQuery(trpc.monitoring.overview.queryOptions(input));
  // The suite sizes come from the Accuracy section's query (see withSuiteCases).
  const accuracy = useQuery(trpc.evaluation.accuracy.queryOptions());

  return (
    <section aria-labelledby="overview-title" className="flex flex-col gap-3" data-testid="overview-section">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
        <div>
          <h2 id="overview-title" className="text-lg font-semibold">
            {t("monitoring.overview.title")}
          </h2>
          <p className="mt-1 text-sm text-muted-foreground">{t("monitoring.overview.subtitle")}</p>
        </div>
        <div className="relative sm:w-72">
          <Search className="pointer-events-none absolute left-2.5 top-2.5 size-4 text-muted-foreground" aria-hidden />
          <Input
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder={t("monitoring.overview.filter")}
            aria-label={t("monitoring.overview.filter")}
            className="pl-8"
            data-testid="overview-filter"
          />
        </div>
      </div>
      {overview.isPending ? (
        <Skeleton className="h-56" />
      ) : overview.isError ? (
        <QueryError error={overview.error} />
      ) : overview.data.assistants.length === 0 ? (
        <EmptyState
          icon={Wand2}
          title={t("monitoring.overview.emptyTitle")}
          action={
            <Button asChild variant="outline">
              <Link to="/studio">{t("monitoring.overview.openStudio")}</Link>
            </Button>
          }
        >
          {t("monitoring.overview.emptyBody")}
        </EmptyState>
      ) : (
        <OverviewTable rows={withSuiteCases(overview.data.assistants, accuracy.data)} query={query} sort={sort} onSort={(key) => setSort(nextSort(sort, key))} />
      )}
    </section>
  );
}

function OverviewTable({ rows: all, query, sort, onSort }: { rows: OverviewRow[]; query: string; sort: SortState; onSort: (key: SortKey) => void }) {
  const { t } = useI18n();
  const rows = sortOverview(filterOverview(all, query), sort);
  const flags = flagsIn(all);
  const quiet = all.every((r) => r.answers === 0);

  const header = (key: SortKey, label: string, align: "left" | "right" = "right") => {
    const active = sort.key === key;
    const Icon = !active ? ArrowUpDown : sort.direction === "asc" ? ArrowUp : ArrowDown;
    return (
      <th scope="col" className={cn("px-3 py-2.5 font-medium", align === "right" ? "text-right" : "text-left")} aria-sort={active ? (sort.direction === "asc" ? "ascending" : "descending") : "none"}>
        <button
          type="button"
          onClick={() => onSort(key)}
          className={cn(
            "inline-flex items-center gap-1 rounded-sm hover:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring",
            active && "text-foreground",
            align === "right" && "flex-row-reverse",
          )}
          data-testid={`sort-${key}`}
        >
          {label}
          <Icon className={cn("size-3.5 shrink-0", !active && "opacity-50")} aria-hidden />
        </button>
      </th>
    );
  };

  return (
    <div className="flex flex-col gap-3">
      {quiet && <Alert variant="info">{t("monitoring.overview.quiet")}</Alert>}
      {rows.length === 0 ? (
        <p className="rounded-md border border-dashed px-4 py-8 text-center text-sm text-muted-foreground" data-testid="overview-no-match">
          {t("monitoring.overview.noMatch", { query })}
        </p>
      ) : (
        <>
          {/* Phones: one card per assistant. */}
          <ul className="flex flex-col gap-2 md:hidden">
            {rows.map((row) => (
              <li key={row.assistantId}>
                <OverviewCard row={row} />
              </li>
            ))}
          </ul>
          <Card className="hidden overflow-x-auto md:block">
            <table className="w-full min-w-[58rem] text-sm" data-testid="overview-table">
              <caption className="sr-only">{t("monitoring.overview.caption")}</caption>
              <thead className="border-b bg-muted/40 text-xs text-muted-foreground">
                <tr>
                  {header("name", t("monitoring.overview.columns.assistant"), "left")}
                  {header("correctRate", t("monitoring.overview.columns.correct"), "left")}
                  {header("trend", t("monitoring.overview.columns.trend"))}
                  {header("suiteCases", t("monitoring.overview.columns.cases"))}
                  {header("thumbsUpRate", t("monitoring.overview.columns.thumbsUp"))}
                  {header("conversations", t("monitoring.overview.columns.conversations"))}
                  {header("activeUsers", t("monitoring.overview.columns.activeUsers"))}
                  {header("answers", t("monitoring.overview.columns.answers"))}
                  {header("costEur", t("monitoring.overview.columns.cost"))}
                </tr>
              </thead>
              <tbody className="divide-y">
                {rows.map((row) => (
                  <OverviewTableRow key={row.assistantId} row={row} />
                ))}
              </tbody>
            </table>
          </Card>
        </>
      )}
      {flags.length > 0 && (
        <section aria-labelledby="flags-title" className="rounded-md border bg-card/50 p-3 text-sm" data-testid="flags-legend">
          <h3 id="flags-title" className="flex items-center gap-1.5 text-xs font-medium text-muted-foreground">
            <Flag className="size-3.5" aria-hidden />
            {t("monitoring.flags.title")}
          </h3>
          <dl className="mt-2 grid gap-2 sm:grid-cols-2">
            {flags.map((f) => (
              <div key={f} className="flex items-start gap-2">
                <dt>
                  <Badge variant={flagVariant[f]}>{t(`monitoring.flags.${f}`)}</Badge>
                </dt>
                <dd className="text-xs text-muted-foreground">{t(`monitoring.flags.help.${f}`)}</dd>
              </div>
            ))}
          </dl>
        </section>
      )}
    </div>
  );
}

function AssistantLink({ row }: { row: OverviewRow }) {
  const [params] = useSearchParams();
  return (
    <Link to={withRange(`/monitoring/assistants/${row.assistantId}`, params)} className="flex min-w-0 items-center gap-2 font-medium hover:underline" data-testid="overview-assistant">
      <span className="text-lg leading-none" aria-hidden>
        {row.emoji || "🤖"}
      </span>
      <span className="truncate">{row.name}</span>
    </Link>
  );
}

function Flags({ row }: { row: OverviewRow }) {
  const { t } = useI18n();
  if (row.flags.length === 0) return null;
  return (
    <span className="flex flex-wrap gap-1">
      {row.flags.map((f) => (
        <Badge key={f} variant={flagVariant[f]} title={t(`monitoring.flags.help.${f}`)} data-testid="overview-flag" data-flag={f}>
          {t(`monitoring.flags.${f}`)}
        </Badge>
      ))}
    </span>
  );
}

/** The latest correct-answer rate, linked to its run, with its interval and, for a judge's rate, the judge–human agreement. */
function RateCell({ row }: { row: OverviewRow }) {
  const { t, locale, formatDate } = useI18n();
  const run = row.lastRun;
  if (row.correctRate === null || !run) {
    return <span className="text-xs italic text-muted-foreground">{row.suites === 0 ? t("monitoring.overview.noSuite") : t("monitoring.overview.notEvaluated")}</span>;
  }
  const interval = row.rateLow !== null && row.rateHigh !== null ? formatInterval(row.rateLow, row.rateHigh, locale) : null;
  return (
    <div className="flex flex-col gap-0.5" data-testid="overview-rate" data-rate={row.correctRate}>
      <span className="flex flex-wrap items-baseline gap-x-1.5">
        <Link
          to={runPath(row.assistantId, run.id)}
          className="font-semibold tabular-nums hover:underline"
          title={t("monitoring.overview.runTitle", { suite: run.suiteName, version: run.versionLabel, when: run.finishedAt ? formatDate(run.finishedAt) : "—" })}
        >
          {formatRate(row.correctRate, locale)}
        </Link>
        {interval && (
          <span className="text-xs tabular-nums text-muted-foreground" title={t("monitoring.overview.intervalHelp")}>
            ({interval})
          </span>
        )}
      </span>
      <span className="text-xs text-muted-foreground">
        {run.suiteName} · <span className="font-mono">{run.versionLabel === "draft" ? t("monitoring.draft") : run.versionLabel}</span>
      </span>
      {run.judged && <AgreementNote assistantId={row.assistantId} />}
    </div>
  );
}

function Trend({ trend }: { trend: number | null }) {
  const { t, locale } = useI18n();
  if (trend === null) return <span className="text-muted-foreground">—</span>;
  const Icon = trend > 0 ? ArrowUp : trend < 0 ? ArrowDown : ArrowRight;
  const points = formatSignedPoints(trend, locale);
  return (
    <span
      className={cn("inline-flex items-center gap-0.5 whitespace-nowrap tabular-nums", trend > 0 ? "text-success" : trend < 0 ? "text-destructive" : "text-muted-foreground")}
      title={t("monitoring.overview.trendHelp")}
      data-testid="overview-trend"
    >
      <Icon className="size-3.5" aria-hidden />
      {t("monitoring.overview.points", { points })}
    </span>
  );
}

function ThumbsUp({ row }: { row: OverviewRow }) {
  const { t, locale } = useI18n();
  if (row.thumbsUpRate === null) return <span className="text-xs text-muted-foreground">{t("monitoring.overview.noRatings")}</span>;
  return (
    <span className="flex flex-col items-end">
      <span className="tabular-nums">{formatRate(row.thumbsUpRate, locale)}</span>
      <span className="text-xs text-muted-foreground">{row.ratings === 1 ? t("monitoring.overview.ratingsOne") : t("monitoring.overview.ratings", { count: formatCount(row.ratings, locale) })}</span>
    </span>
  );
}

function OverviewTableRow({ row }: { row: OverviewRow }) {
  const { t, locale } = useI18n();
  const num = (n: number) => formatCount(n, locale);
  return (
    <tr data-testid="overview-row" data-assistant={row.name} className="align-top">
      <td className="max-w-60 px-3 py-3">
        <div className="flex flex-col gap-1">
          <AssistantLink row={row} />
          {row.teamName && <span className="truncate text-xs text-muted-foreground">{row.teamName}</span>}
          <Flags row={row} />
        </div>
      </td>
      <td className="px-3 py-3">
        <RateCell row={row} />
      </td>
      <td className="px-3 py-3 text-right">
        <Trend trend={row.trend} />
      </td>
      <td className="px-3 py-3 text-right tabular-nums">
        {num(row.suiteCases)}
        {row.suites > 1 && <span className="block text-xs text-muted-foreground">{t("monitoring.overview.suites", { count: num(row.suites) })}</span>}
      </td>
      <td className="px-3 py-3 text-right">
        <ThumbsUp row={row} />
      </td>
      <td className="px-3 py-3 text-right tabular-nums">{num(row.conversations)}</td>
      <td className="px-3 py-3 text-right tabular-nums">
        <span title={t("monitoring.overview.activeUsersHelp")}>
          {num(row.activeUsers7)} / {num(row.activeUsers30)}
        </span>
      </td>
      <td className="px-3 py-3 text-right tabular-nums">{num(row.answers)}</td>
      <td className="px-3 py-3 text-right tabular-nums">{formatEur(row.costEur, locale)}</td>
    </tr>
  );
}

function OverviewCard({ row }: { row: OverviewRow }) {
  const { t, locale } = useI18n();
  const num = (n: number) => formatCount(n, locale);
  const facts = [
    { label: t("monitoring.overview.columns.trend"), value: <Trend trend={row.trend} /> },
    { label: t("monitoring.overview.columns.cases"), value: num(row.suiteCases) },
    { label: t("monitoring.overview.columns.thumbsUp"), value: <ThumbsUp row={row} /> },
    { label: t("monitoring.overview.columns.conversations"), value: num(row.conversations) },
    { label: t("monitoring.overview.columns.activeUsers"), value: `${num(row.activeUsers7)} / ${num(row.activeUsers30)}` },
    { label: t("monitoring.overview.columns.answers"), value: num(row.answers) },
    { label: t("monitoring.overview.columns.cost"), value: formatEur(row.costEur, locale) },
  ];
  return (
    <Card className="flex flex-col gap-3 p-4" data-testid="overview-card" data-assistant={row.name}>
      <div className="flex min-w-0 flex-col gap-1">
        <AssistantLink row={row} />
        {row.teamName && <span className="truncate text-xs text-muted-foreground">{row.teamName}</span>}
        <Flags row={row} />
      </div>
      <div className="rounded-md bg-muted/40 px-3 py-2">
        <p className="mb-0.5 text-xs text-muted-foreground">{t("monitoring.overview.columns.correct")}</p>
        <RateCell row={row} />
      </div>
      <dl className="grid grid-cols-1 gap-x-6 gap-y-1.5 text-sm min-[480px]:grid-cols-2">
        {facts.map((f) => (
          <div key={f.label} className="flex items-start justify-between gap-2">
            <dt className="text-xs text-muted-foreground">{f.label}</dt>
            <dd className="text-right tabular-nums">{f.value}</dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}
