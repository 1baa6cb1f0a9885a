import { useQuery } from "@tanstack/react-query";
import { ArrowDown, ArrowUp, ArrowUpDown, Loader2, Target } from "lucide-react";
import { useState } from "react";
import { Link } from "react-router";
import { Alert } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { Card } from "~/components/ui/card";
import { EmptyState } from "~/components/ui/empty-state";
import { Skeleton } from "~/components/ui/skeleton";
import { useUser } from "~/features/auth/use-session";
import { formatInterval, formatRate, runPath } from "~/features/studio/quality-gate";
import { useI18n } from "~/i18n";
import { errorInfo } from "~/lib/errors";
import { formatCount, formatRelativeTime } from "~/lib/format";
import { useTRPC } from "~/lib/trpc";
import { useErrors } from "~/lib/use-errors";
import { accuracyRows, anyRunning, sortRows, type AccuracyRow, type RateOrder } from "./accuracy-rows";

const nextOrder: Record<RateOrder, RateOrder> = { none: "asc", asc: "desc", desc: "asc" };

/** Monitoring's Accuracy: the latest correct-answer rate of every assistant the user builds, per suite. */
export function AccuracySection() {
  const { t } = useI18n();
  const user = useUser();
  const member = user.role === "member";
  return (
    <section aria-labelledby="accuracy-title" className="flex flex-col gap-3" data-testid="accuracy-section">
      <div>
        <h2 id="accuracy-title" className="flex items-center gap-2 text-lg font-semibold">
          <Target className="size-5 text-primary" aria-hidden />
          {t("monitoring.accuracy.title")}
        </h2>
        {!member && <p className="mt-1 text-sm text-muted-foreground">{t("monitoring.accuracy.subtitle")}</p>}
      </div>
      {member ? <MembersNote /> : <AccuracyTable />}
    </section>
  );
}

function MembersNote() {
  const { t } = useI18n();
  return (
    <Alert variant="info" data-testid="accuracy-members">
      {t("monitoring.accuracy.forMembers")}
    </Alert>
  );
}

function AccuracyTable() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const errors = useErrors();
  const [order, setOrder] = useState<RateOrder>("none");
  const accuracy = useQuery(trpc.evaluation.accuracy.queryOptions(undefined, { staleTime: 0, refetchInterval: (q) => (anyRunning(q.state.data) ? 2000 : false) }));

  if (accuracy.isPending) return <Skeleton className="h-48" />;
  if (accuracy.isError) return errorInfo(accuracy.error).code === "FORBIDDEN" ? <MembersNote /> : <Alert variant="destructive">{errors.message(accuracy.error)}</Alert>;
  const rows = sortRows(accuracyRows(accuracy.data), order);
  if (rows.length === 0) {
    return (
      <EmptyState icon={Target} title={t("monitoring.accuracy.emptyTitle")} className="py-8">
        {t("monitoring.accuracy.emptyBody")}
      </EmptyState>
    );
  }

  const sortLabel = order === "asc" ? t("monitoring.accuracy.sortHighFirst") : t("monitoring.accuracy.sortLowFirst");
  const SortIcon = order === "asc" ? ArrowUp : order === "desc" ? ArrowDown : ArrowUpDown;
  const sortButton = (testId: string) => (
    <button
      type="button"
      onClick={() => setOrder(nextOrder[order])}
      className="inline-flex items-center gap-1 rounded-sm font-medium hover:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
      aria-label={`${t("monitoring.accuracy.rate")} — ${sortLabel}`}
      title={sortLabel}
      data-testid={testId}
      data-order={order}
    >
      {t("monitoring.accuracy.rate")}
      <SortIcon className="size-3.5" aria-hidden />
    </button>
  );

  return (
    <>
      {/* Phones: one card per row, the rate first. */}
      <div className="flex flex-col gap-2 sm:hidden">
        <div className="flex justify-end text-xs text-muted-foreground">{sortButton("accuracy-sort-mobile")}</div>
        <ul className="flex flex-col gap-2">
          {rows.map((row) => (
            <li key={row.key}>
              <Card className="flex flex-col gap-2 p-4" data-testid="accuracy-card">
                <div className="flex items-start justify-between gap-3">
                  <div className="min-w-0">
                    <AssistantName row={row} />
                    <div className="mt-0.5 text-sm text-muted-foreground">
                      <SuiteName row={row} />
                    </div>
                  </div>
                  <RateCell row={row} />
                </div>
                <RunFacts row={row} />
              </Card>
            </li>
          ))}
        </ul>
      </div>

      <Card className="hidden overflow-x-auto sm:block">
        <table className="w-full min-w-[46rem] text-sm" data-testid="accuracy-table">
          <thead className="border-b bg-muted/40 text-left text-xs text-muted-foreground">
            <tr>
              <th scope="col" className="px-4 py-2.5 font-medium">
                {t("monitoring.accuracy.assistant")}
              </th>
              <th scope="col" className="px-4 py-2.5 font-medium">
                {t("monitoring.accuracy.suite")}
              </th>
              <th scope="col" className="px-4 py-2.5 text-right font-medium">
                {t("monitoring.accuracy.cases")}
              </th>
              <th scope="col" className="px-4 py-2.5 font-medium" aria-sort={order === "asc" ? "ascending" : order === "desc" ? "descending" : "none"}>
                {sortButton("accuracy-sort")}
              </th>
              <th scope="col" className="px-4 py-2.5 font-medium">
                {t("monitoring.accuracy.version")}
              </th>
              <th scope="col" className="px-4 py-2.5 font-medium">
                {t("monitoring.accuracy.when")}
              </th>
            </tr>
          </thead>
          <tbody className="divide-y">
            {rows.map((row) => (
              <AccuracyTableRow key={row.key} row={row} />
            ))}
          </tbody>
        </table>
      </Card>
    </>
  );
}

function AssistantName({ row }: { row: AccuracyRow }) {
  return (
    <Link to={`/studio/${row.assistantId}/quality`} className="flex min-w-0 items-center gap-2 font-medium hover:underline" data-testid="accuracy-assistant">
      <span className="text-lg leading-none" aria-hidden>
        {row.emoji || "🤖"}
      </span>
      <span className="truncate">{row.name}</span>
    </Link>
  );
}

function SuiteName({ row }: { row: AccuracyRow }) {
  const { t } = useI18n();
  if (row.suite) return <span className="break-words">{row.suite.name}</span>;
  return (
    <span className="flex flex-wrap items-center gap-2">
      <Badge variant="secondary" data-testid="accuracy-no-suite">
        {t("monitoring.accuracy.noSuite")}
      </Badge>
      <Link to={`/studio/${row.assistantId}/quality`} className="text-xs font-medium text-primary hover:underline">
        {t("monitoring.accuracy.createSuite")}
      </Link>
    </span>
  );
}

/** The latest rate, linked to its run, with a small bar (the interval lighter) and the interval in words. */
function RateCell({ row }: { row: AccuracyRow }) {
  const { t, locale } = useI18n();
  const run = row.lastRun;
  if (!row.suite) return <span className="text-muted-foreground">—</span>;
  if (!run || run.correctRate === null) {
    return (
      <span className="text-xs italic text-muted-foreground" data-testid="accuracy-not-run">
        {t("monitoring.accuracy.notRun")}
      </span>
    );
  }
  const pct = (n: number) => `${Math.max(0, Math.min(100, n * 100))}%`;
  const interval = run.rateLow !== null && run.rateHigh !== null ? formatInterval(run.rateLow, run.rateHigh, locale) : null;
  return (
    <div className="flex flex-col items-end gap-1 sm:items-start" data-testid="accuracy-rate" data-rate={run.correctRate}>
      <div className="flex items-center gap-2">
        <Link
          to={runPath(row.assistantId, run.id)}
          className="w-14 text-base font-semibold tabular-nums hover:underline sm:text-sm"
          title={t("monitoring.accuracy.passed", { passed: formatCount(run.passed, locale), total: formatCount(run.total, locale) })}
        >
          {formatRate(run.correctRate, locale)}
        </Link>
        <div className="relative hidden h-1.5 w-20 overflow-hidden rounded-full bg-muted sm:block" aria-hidden>
          {run.rateLow !== null && run.rateHigh !== null && (
            <div className="absolute inset-y-0 bg-primary/25" style={{ left: pct(run.rateLow), width: pct(run.rateHigh - run.rateLow) }} />
          )}
          <div className="absolute inset-y-0 left-0 rounded-full bg-primary" style={{ width: pct(run.correctRate) }} />
        </div>
      </div>
      {interval && (
        <span className="text-xs tabular-nums text-muted-foreground" title={t("monitoring.accuracy.interval", { interval })}>
          {interval}
        </span>
      )}
    </div>
  );
}

function VersionLabel({ label }: { label: string }) {
  const { t } = useI18n();
  return <span className="font-mono text-xs">{label === "draft" ? t("monitoring.accuracy.draft") : label}</span>;
}

function When({ row }: { row: AccuracyRow }) {
  const { t, locale, formatDate } = useI18n();
  const at = row.lastRun ? (row.lastRun.finishedAt ?? row.lastRun.createdAt) : null;
  return (
    <span className="flex flex-wrap items-center gap-2">
      {at && (
        <time dateTime={new Date(at).toISOString()} title={formatDate(at)} className="text-muted-foreground">
          {formatRelativeTime(at, locale)}
        </time>
      )}
      {row.running && (
        <Badge variant="info" data-testid="accuracy-running">
          <Loader2 className="animate-spin" aria-hidden />
          {t("monitoring.accuracy.running", { done: formatCount(row.running.completed, locale), total: formatCount(row.running.total, locale) })}
        </Badge>
      )}
    </span>
  );
}

/** Phones: cases, version and when, on one line under the name. */
function RunFacts({ row }: { row: AccuracyRow }) {
  const { t, locale } = useI18n();
  if (!row.suite) return null;
  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-muted-foreground">
      <span>
        {t("monitoring.accuracy.cases")}: {formatCount(row.suite.activeCases, locale)}
      </span>
      {row.lastRun && <VersionLabel label={row.lastRun.versionLabel} />}
      <When row={row} />
    </div>
  );
}

function AccuracyTableRow({ row }: { row: AccuracyRow }) {
  const { locale } = useI18n();
  return (
    <tr data-testid="accuracy-row" data-assistant={row.name} data-suite={row.suite?.name ?? ""}>
      <td className="max-w-56 px-4 py-3">
        <AssistantName row={row} />
      </td>
      <td className="max-w-56 px-4 py-3">
        <SuiteName row={row} />
      </td>
      <td className="px-4 py-3 text-right tabular-nums">{row.suite ? formatCount(row.suite.activeCases, locale) : "—"}</td>
      <td className="px-4 py-3">
        <RateCell row={row} />
      </td>
      <td className="px-4 py-3">{row.lastRun ? <VersionLabel label={row.lastRun.versionLabel} /> : <span className="text-muted-foreground">—</span>}</td>
      <td className="px-4 py-3">
        <When row={row} />
      </td>
    </tr>
  );
}
