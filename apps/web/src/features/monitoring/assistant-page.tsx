import { useQuery } from "@tanstack/react-query";
import { ChevronRight, ClipboardCheck, FlaskConical, MessagesSquare, ThumbsDown, Wand2 } from "lucide-react";
import { type ReactNode, useState } from "react";
import { Link, useParams } from "react-router";
import { Page, PageHeader } from "~/components/page-header";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { EmptyState } from "~/components/ui/empty-state";
import { Skeleton } from "~/components/ui/skeleton";
import { useUser } from "~/features/auth/use-session";
import { formatRate } from "~/features/studio/quality-gate";
import { useI18n } from "~/i18n";
import { errorInfo } from "~/lib/errors";
import { formatCount, formatDuration, formatEur, formatRelativeTime, formatTokens } from "~/lib/format";
import { localModelName } from "~/lib/model-name";
import { useTRPC } from "~/lib/trpc";
import { NotFoundPage } from "~/routes/not-found";
import { AgreementNote } from "./agreement";
import { AlertsCard } from "./alerts-card";
import { busiestDay, dailyRows, modelStacks, modelTotals, rateRows, rateSeries, timeDomain, versionMarkers } from "./chart-data";
import { ChartFigure, ChartNote, COLORS, DailyBars, DailyLines, FigureTable, RateOverTime, useShortDay } from "./charts";
import { CompareVersions } from "./compare-versions";
import { withRange } from "./date-range";
import { DateRangePicker, useDateRange } from "./date-range-picker";
import { MembersNote, QueryError } from "./monitoring-shell";
import { Segmented } from "./segmented";
import type { AssistantDashboard, NegativeQuestion } from "./types";

/** One assistant over the period: its figures, charts, negative feedback, versions and alerts. */
export function MonitoringAssistantPage() {
  const { t } = useI18n();
  const user = useUser();
  const { assistantId = "" } = useParams();
  if (user.role === "member") {
    return (
      <Page wide>
        <PageHeader title={t("monitoring.title")} />
        <MembersNote />
      </Page>
    );
  }
  return <AssistantDashboardView assistantId={assistantId} />;
}

function Breadcrumbs({ name }: { name: ReactNode }) {
  const { t } = useI18n();
  const { params } = useDateRange();
  return (
    <nav aria-label={t("monitoring.assistant.breadcrumbs")}>
      <ol className="flex flex-wrap items-center gap-1 text-sm text-muted-foreground">
        <li>
          <Link to={withRange("/monitoring", params)} className="hover:text-foreground hover:underline">
            {t("monitoring.title")}
          </Link>
        </li>
        <li className="flex min-w-0 items-center gap-1">
          <ChevronRight className="size-3.5 shrink-0" aria-hidden />
          <span aria-current="page" className="truncate font-medium text-foreground">
            {name}
          </span>
        </li>
      </ol>
    </nav>
  );
}

function AssistantDashboardView({ assistantId }: { assistantId: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const { input } = useDateRange();
  const dashboard = useQuery(trpc.monitoring.assistant.queryOptions({ assistantId, ...input }));
  if (dashboard.isError) {
    const info = errorInfo(dashboard.error);
    if (info.code === "NOT_FOUND" || (info.code === "BAD_REQUEST" && info.appCode !== "monitoring.bad_range")) return <NotFoundPage />;
  }
  const d = dashboard.data;
  return (
    <Page wide>
      <Breadcrumbs name={d?.assistant.name ?? "…"} />
      <PageHeader
        title={
          d ? (
            <span className="flex items-center gap-2" data-testid="assistant-title">
              <span aria-hidden>{d.assistant.emoji || "🤖"}</span>
              <span className="min-w-0 break-words">{d.assistant.name}</span>
            </span>
          ) : (
            <Skeleton className="h-8 w-64" />
          )
        }
        subtitle={t("monitoring.assistant.subtitle")}
        actions={<DateRangePicker />}
      />
      <div className="flex flex-wrap gap-2">
        <Button asChild variant="outline" size="sm">
          <Link to={`/studio/${assistantId}`}>
            <Wand2 aria-hidden />
            {t("monitoring.assistant.openStudio")}
          </Link>
        </Button>
        <Button asChild variant="outline" size="sm">
          <Link to={`/studio/${assistantId}/quality`}>
            <FlaskConical aria-hidden />
            {t("monitoring.assistant.openQuality")}
          </Link>
        </Button>
        <Button asChild variant="outline" size="sm">
          <Link to={`/monitoring/review?assistant=${assistantId}`} data-testid="open-review">
            <ClipboardCheck aria-hidden />
            {t("monitoring.assistant.openReview")}
          </Link>
        </Button>
      </div>
      {dashboard.isPending ? (
        <div className="flex flex-col gap-4">
          <Skeleton className="h-24" />
          <Skeleton className="h-72" />
          <Skeleton className="h-72" />
        </div>
      ) : dashboard.isError ? (
        <QueryError error={dashboard.error} />
      ) : (
        <Dashboard data={dashboard.data} />
      )}
    </Page>
  );
}

function StatCard({ label, value, detail, testId }: { label: string; value: ReactNode; detail?: ReactNode; testId: string }) {
  return (
    <Card className="flex min-w-0 flex-col gap-1 p-4" data-testid={testId}>
      <p className="text-xs font-medium text-muted-foreground">{label}</p>
      <p className="text-2xl font-semibold tabular-nums tracking-tight">{value}</p>
      {detail && <div className="text-xs text-muted-foreground">{detail}</div>}
    </Card>
  );
}

function Dashboard({ data }: { data: AssistantDashboard }) {
  const { t } = useI18n();
  const quiet = data.totals.answers === 0;
  return (
    <div className="flex flex-col gap-6">
      <HeadlineCards data={data} />
      <RateCard data={data} />
      {quiet ? (
        <EmptyState
          icon={MessagesSquare}
          title={t("monitoring.assistant.quietTitle")}
          action={
            <Button asChild variant="outline">
              <Link to="/chat">{t("monitoring.assistant.openChat")}</Link>
            </Button>
          }
        >
          {t("monitoring.assistant.quietBody")}
        </EmptyState>
      ) : (
        <UsageCharts data={data} />
      )}
      <TopNegative items={data.topNegative} />
      <CompareVersions assistantId={data.assistant.id} versions={data.versions} currentVersionId={data.assistant.currentVersionId} />
      <AlertsCard assistantId={data.assistant.id} />
    </div>
  );
}

function HeadlineCards({ data }: { data: AssistantDashboard }) {
  const { t, locale } = useI18n();
  const s = data.totals;
  const num = (n: number) => formatCount(n, locale);
  const rate = (v: number | null) => (v === null ? "—" : formatRate(v, locale));
  const ms = (v: number | null) => (v === null ? "—" : formatDuration(v, locale));
  return (
    <section aria-label={t("monitoring.assistant.totals")} className="grid grid-cols-2 gap-3 lg:grid-cols-6" data-testid="headline-cards">
      <StatCard label={t("monitoring.assistant.cards.answers")} value={num(s.answers)} detail={t("monitoring.assistant.cards.errors", { count: num(s.errors) })} testId="card-answers" />
      <StatCard
        label={t("monitoring.assistant.cards.thumbsUp")}
        value={rate(s.thumbsUpRate)}
        detail={
          s.thumbsUp + s.thumbsDown === 0
            ? t("monitoring.overview.noRatings")
            : s.thumbsUp + s.thumbsDown === 1
            ? t("monitoring.assistant.cards.ratingsOne", { rate: rate(s.feedbackRate) })
            : t("monitoring.assistant.cards.ratings", { count: num(s.thumbsUp + s.thumbsDown), rate: rate(s.feedbackRate) })
        }
        testId="card-thumbs"
      />
      <StatCard
        label={t("monitoring.assistant.cards.abstention")}
        value={rate(s.abstentionRate)}
        detail={t("monitoring.assistant.cards.noPassages", { rate: rate(s.noPassageRate) })}
        testId="card-abstention"
      />
      <StatCard
        label={t("monitoring.assistant.cards.latency")}
        value={ms(s.latencyP50Ms)}
        detail={t("monitoring.assistant.cards.latencyDetail", { p95: ms(s.latencyP95Ms), ttft: ms(s.firstTokenP50Ms) })}
        testId="card-latency"
      />
      <StatCard
        label={t("monitoring.assistant.cards.cost")}
        value={formatEur(s.costEur, locale)}
        detail={t("monitoring.assistant.cards.tokens", { input: formatTokens(s.inputTokens, locale), output: formatTokens(s.outputTokens, locale) })}
        testId="card-cost"
      />
      <StatCard
        label={t("monitoring.assistant.cards.grounded")}
        value={rate(s.groundedRate)}
        detail={
          <span className="flex flex-col gap-0.5">
            <span>{s.graded > 0 ? t("monitoring.assistant.cards.graded", { count: num(s.graded) }) : t("monitoring.assistant.cards.notGraded")}</span>
            <AgreementNote assistantId={data.assistant.id} />
          </span>
        }
        testId="card-grounded"
      />
    </section>
  );
}

function RateCard({ data }: { data: AssistantDashboard }) {
  const { t, locale, formatDate } = useI18n();
  const range = { from: data.from, to: data.to };
  const series = rateSeries(data.runs, range);
  const rows = rateRows(series);
  const markers = versionMarkers(data.versions, range);
  const domain = timeDomain([...rows.map((r) => r.time), ...markers.map((m) => m.time)]);
  const points = series.flatMap((s) => s.points.map((p) => ({ ...p, suiteName: s.suiteName })));
  const latest = [...points].sort((a, b) => b.time - a.time)[0];
  const version = (label: string) => (label === "draft" ? t("monitoring.draft") : label);
  const summary =
    points.length === 0
      ? t("monitoring.charts.rate.none", { versions: formatCount(markers.length, locale) })
      : t("monitoring.charts.rate.summary", {
          runs: formatCount(points.length, locale),
          rate: formatRate(latest!.rate / 100, locale),
          suite: latest!.suiteName,
          version: version(latest!.versionLabel),
          versions: formatCount(markers.length, locale),
        });
  return (
    <div className="flex flex-col gap-2">
      <ChartFigure
        title={t("monitoring.charts.rate.title")}
        summary={summary}
        testId="rate-over-time"
        table={
          points.length > 0 && (
            <FigureTable
              columns={[t("monitoring.charts.when"), t("monitoring.charts.suite"), t("monitoring.charts.version"), t("monitoring.charts.rate.rate"), t("monitoring.charts.rate.interval")]}
              rows={points.map((p) => [formatDate(p.time), p.suiteName, version(p.versionLabel), formatRate(p.rate / 100, locale), `${formatRate(p.low / 100, locale)} – ${formatRate(p.high / 100, locale)}`])}
            />
          )
        }
      >
        {domain && (rows.length > 0 || markers.length > 0) ? (
          <RateOverTime series={series} rows={rows} markers={markers} domain={domain} />
        ) : (
          <ChartNote testId="rate-empty">
            {t("monitoring.charts.rate.empty")}{" "}
            <Link to={`/studio/${data.assistant.id}/quality`} className="font-medium text-primary hover:underline">
              {t("monitoring.assistant.openQuality")}
            </Link>
          </ChartNote>
        )}
      </ChartFigure>
      {markers.length > 0 && (
        <ul className="flex flex-wrap gap-x-4 gap-y-1 px-1 text-xs text-muted-foreground" aria-label={t("monitoring.charts.rate.markers")} data-testid="version-markers">
          {markers.map((m) => (
            <li key={m.id} className={m.overridden ? "font-medium text-destructive" : undefined} data-testid="version-marker" data-label={m.label} data-overridden={m.overridden}>
              <span className="font-mono">{m.label}</span> · {formatDate(m.time)}
              {m.overridden && ` · ${t("monitoring.charts.rate.overridden")}`}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function UsageCharts({ data }: { data: AssistantDashboard }) {
  const { t, locale } = useI18n();
  const shortDay = useShortDay();
  const [chosenStack, setStack] = useState<"cost" | "tokens" | null>(null);
  const rows = dailyRows(data.series);
  const active = rows.filter((r) => r.answers > 0);
  const s = data.totals;
  const num = (n: number) => formatCount(n, locale);
  const rate = (v: number | null) => (v === null ? "—" : formatRate(v, locale));
  const pct = (v: number | null) => (v === null ? "—" : formatRate(v / 100, locale));
  const secs = (v: number | null) => (v === null ? "—" : formatDuration(v * 1000, locale));
  const ms = (v: number | null) => (v === null ? "—" : formatDuration(v, locale));
  const busiest = busiestDay(data.series);
  const days = data.series.map((d) => d.date);
  const models = modelTotals(data.costByModel);
  const tokenTotal = models.reduce((a, m) => a + m.inputTokens + m.outputTokens, 0);
  // Free models (the built-in engine) cost nothing: tokens tell more then.
  const stack = chosenStack ?? (s.costEur > 0 ? "cost" : "tokens");
  const stacks = modelStacks(data.costByModel, days, stack);
  const nothingToDraw = (stack === "cost" ? s.costEur : tokenTotal) === 0;
  const modelName = (name: string) => localModelName(name, t);
  const euros = (v: number) => formatEur(v, locale);

  return (
    <div className="grid gap-4 lg:grid-cols-2" data-testid="usage-charts">
      <ChartFigure
        title={t("monitoring.charts.answers.title")}
        summary={t("monitoring.charts.answers.summary", {
          answers: num(s.answers),
          errors: num(s.errors),
          day: busiest ? shortDay(busiest.date) : "—",
          count: busiest ? num(busiest.answers) : "0",
        })}
        testId="chart-answers"
        table={<FigureTable columns={[t("monitoring.charts.day"), t("monitoring.charts.answers.answers"), t("monitoring.charts.answers.errors")]} rows={active.map((r) => [shortDay(r.date), num(r.answers), num(r.errors)])} />}
      >
        <DailyBars rows={rows} bars={[{ key: "answers", name: t("monitoring.charts.answers.answers"), color: COLORS[0]! }]} format={num} whole />
      </ChartFigure>
      <ChartFigure
        title={t("monitoring.charts.feedback.title")}
        summary={t("monitoring.charts.feedback.summary", { feedback: rate(s.feedbackRate), thumbsUp: rate(s.thumbsUpRate), ratings: num(s.thumbsUp + s.thumbsDown) })}
        testId="chart-feedback"
        table={
          <FigureTable
            columns={[t("monitoring.charts.day"), t("monitoring.charts.feedback.feedbackRate"), t("monitoring.charts.feedback.thumbsUpRate")]}
            rows={active.map((r) => [shortDay(r.date), pct(r.feedbackRate), pct(r.thumbsUpRate)])}
          />
        }
      >
        <DailyLines
          rows={rows}
          unit="percent"
          lines={[
            { key: "feedbackRate", name: t("monitoring.charts.feedback.feedbackRate"), color: COLORS[2]! },
            { key: "thumbsUpRate", name: t("monitoring.charts.feedback.thumbsUpRate"), color: COLORS[0]! },
          ]}
        />
      </ChartFigure>
      <ChartFigure
        title={t("monitoring.charts.abstention.title")}
        summary={t("monitoring.charts.abstention.summary", { abstention: rate(s.abstentionRate), noPassages: rate(s.noPassageRate) })}
        testId="chart-abstention"
        table={
          <FigureTable
            columns={[t("monitoring.charts.day"), t("monitoring.charts.abstention.abstentionRate"), t("monitoring.charts.abstention.noPassageRate")]}
            rows={active.map((r) => [shortDay(r.date), pct(r.abstentionRate), pct(r.noPassageRate)])}
          />
        }
      >
        <DailyLines
          rows={rows}
          unit="percent"
          lines={[
            { key: "abstentionRate", name: t("monitoring.charts.abstention.abstentionRate"), color: COLORS[1]! },
            { key: "noPassageRate", name: t("monitoring.charts.abstention.noPassageRate"), color: COLORS[3]!, dashed: true },
          ]}
        />
      </ChartFigure>
      <ChartFigure
        title={t("monitoring.charts.latency.title")}
        summary={t("monitoring.charts.latency.summary", { p50: ms(s.latencyP50Ms), p95: ms(s.latencyP95Ms), ttft50: ms(s.firstTokenP50Ms), ttft95: ms(s.firstTokenP95Ms) })}
        testId="chart-latency"
        table={
          <FigureTable
            columns={[t("monitoring.charts.day"), t("monitoring.charts.latency.p50"), t("monitoring.charts.latency.p95"), t("monitoring.charts.latency.ttft50"), t("monitoring.charts.latency.ttft95")]}
            rows={active.map((r) => [shortDay(r.date), secs(r.latencyP50), secs(r.latencyP95), secs(r.firstTokenP50), secs(r.firstTokenP95)])}
          />
        }
      >
        <DailyLines
          rows={rows}
          unit="seconds"
          lines={[
            { key: "latencyP50", name: t("monitoring.charts.latency.p50"), color: COLORS[0]! },
            { key: "latencyP95", name: t("monitoring.charts.latency.p95"), color: COLORS[0]!, dashed: true },
            { key: "firstTokenP50", name: t("monitoring.charts.latency.ttft50"), color: COLORS[2]! },
            { key: "firstTokenP95", name: t("monitoring.charts.latency.ttft95"), color: COLORS[2]!, dashed: true },
          ]}
        />
      </ChartFigure>
      <div className="flex min-w-0 flex-col gap-2 lg:col-span-2">
        <Segmented
          legend={t("monitoring.charts.models.show")}
          options={(["cost", "tokens"] as const).map((m) => ({ value: m, label: t(`monitoring.charts.models.${m}`) }))}
          value={stack}
          onChange={setStack}
          testIdPrefix="stack"
          className="self-end"
        />
        <ChartFigure
          title={stack === "cost" ? t("monitoring.charts.models.costTitle") : t("monitoring.charts.models.tokensTitle")}
          summary={t("monitoring.charts.models.summary", { cost: euros(s.costEur), tokens: formatTokens(tokenTotal, locale) })}
          testId="chart-models"
          table={
            <FigureTable
              columns={[t("monitoring.charts.models.model"), t("monitoring.charts.models.calls"), t("monitoring.charts.models.inputTokens"), t("monitoring.charts.models.outputTokens"), t("monitoring.charts.models.costColumn")]}
              rows={models.map((m) => [modelName(m.model), num(m.calls), num(m.inputTokens), num(m.outputTokens), euros(m.costEur)])}
            />
          }
        >
          {nothingToDraw ? (
            <ChartNote testId="chart-models-zero">{stack === "cost" ? t("monitoring.charts.models.noCost") : t("monitoring.charts.models.noTokens")}</ChartNote>
          ) : (
            <DailyBars
              rows={stacks.rows}
              bars={stacks.models.map((m, i) => ({ key: m.key, name: modelName(m.name), color: COLORS[i % COLORS.length]! }))}
              format={stack === "cost" ? euros : (v) => formatTokens(v, locale)}
              whole={stack === "tokens"}
            />
          )}
        </ChartFigure>
      </div>
    </div>
  );
}

function TopNegative({ items }: { items: NegativeQuestion[] }) {
  const { t, locale } = useI18n();
  return (
    <Card className="flex min-w-0 flex-col gap-3 p-5" data-testid="top-negative">
      <div>
        <h2 className="flex items-center gap-2 font-semibold">
          <ThumbsDown className="size-4 text-muted-foreground" aria-hidden />
          {t("monitoring.negative.title")}
        </h2>
        <p className="mt-1 text-sm text-muted-foreground">{t("monitoring.negative.subtitle")}</p>
      </div>
      {items.length === 0 ? (
        <p className="rounded-md border border-dashed px-4 py-6 text-center text-sm text-muted-foreground" data-testid="top-negative-empty">
          {t("monitoring.negative.empty")}
        </p>
      ) : (
        <>
          {/* Phones: one block per question. */}
          <ul className="flex flex-col divide-y rounded-md border sm:hidden">
            {items.map((q) => (
              <li key={q.lastMessageId} className="flex flex-col gap-1 p-3 text-sm" data-testid="negative-item">
                <p className="break-words font-medium">{q.question || <span className="italic text-muted-foreground">{t("monitoring.negative.noQuestion")}</span>}</p>
                <p className="text-xs text-muted-foreground">
                  {t("monitoring.negative.count")}: {formatCount(q.count, locale)} · {formatRelativeTime(q.lastAt, locale)}
                </p>
                <NegativeComment item={q} />
              </li>
            ))}
          </ul>
          <div className="hidden overflow-x-auto rounded-md border sm:block">
            <table className="w-full min-w-[36rem] text-sm">
              <thead className="border-b bg-muted/40 text-left text-xs text-muted-foreground">
                <tr>
                  <th scope="col" className="px-3 py-2 font-medium">
                    {t("monitoring.negative.question")}
                  </th>
                  <th scope="col" className="px-3 py-2 text-right font-medium">
                    {t("monitoring.negative.count")}
                  </th>
                  <th scope="col" className="px-3 py-2 font-medium">
                    {t("monitoring.negative.lastComment")}
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y">
                {items.map((q) => (
                  <tr key={q.lastMessageId} className="align-top" data-testid="negative-row">
                    <td className="max-w-80 px-3 py-2.5 break-words">{q.question || <span className="italic text-muted-foreground">{t("monitoring.negative.noQuestion")}</span>}</td>
                    <td className="px-3 py-2.5 text-right tabular-nums">{formatCount(q.count, locale)}</td>
                    <td className="max-w-96 px-3 py-2.5">
                      <NegativeComment item={q} />
                      <p className="mt-0.5 text-xs text-muted-foreground">{formatRelativeTime(q.lastAt, locale)}</p>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Card>
  );
}

function NegativeComment({ item: q }: { item: NegativeQuestion }) {
  const { t } = useI18n();
  if (!q.lastComment && !q.lastCorrection) return <span className="text-muted-foreground">—</span>;
  return (
    <>
      {q.lastComment && <p className="break-words">{q.lastComment}</p>}
      {q.lastCorrection && (
        <p className="mt-0.5 break-words">
          <span className="font-medium text-success">{t("monitoring.negative.correction")}</span> {q.lastCorrection}
        </p>
      )}
    </>
  );
}
