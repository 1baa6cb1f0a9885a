import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Ban, GitCompareArrows } from "lucide-react";
import { type ReactNode, useEffect } from "react";
import { useNavigate, useParams } from "react-router";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { NativeSelect } from "~/components/ui/input";
import { Label } from "~/components/ui/label";
import { useI18n } from "~/i18n";
import { isNotFound } from "~/lib/errors";
import { formatDuration, formatTokens } from "~/lib/format";
import { type AssistantDetail, useTRPC } from "~/lib/trpc";
import { useErrors } from "~/lib/use-errors";
import { NotFoundPage } from "~/routes/not-found";
import { Breadcrumbs, ContentSkeleton, QualityContent, QualityShell, qualityPath } from "./quality-shell";
import { formatMicroEur, formatPercent, isActiveRun } from "./rates";
import { RunCases } from "./run-cases";
import { DefinitionNote, RateHeadline, RunProgress, RunStatusBadge, useVersionLabel } from "./run-parts";
import type { RunDetail, RunMetrics } from "./types";

/** One run of a suite: its headline, metrics and every case with its answer and grades. */
export function RunPage() {
  return <QualityShell>{(assistant) => <RunView assistant={assistant} />}</QualityShell>;
}

function RunView({ assistant }: { assistant: AssistantDetail }) {
  const { runId = "" } = useParams();
  const { t, formatDate } = useI18n();
  const trpc = useTRPC();
  const errors = useErrors();
  // While the run is in progress, its progress is polled every second without the results, and
  // the results every 5 s (and once more when it finishes).
  const progress = useQuery(
    trpc.evaluation.run.queryOptions({ runId, includeResults: false }, { staleTime: 0, refetchInterval: (q) => (!q.state.data || isActiveRun(q.state.data.run.status) ? 1000 : false) }),
  );
  const active = !!progress.data && isActiveRun(progress.data.run.status);
  const full = useQuery(
    trpc.evaluation.run.queryOptions({ runId }, { staleTime: 0, refetchInterval: (q) => (q.state.data && isActiveRun(q.state.data.run.status) ? 5000 : false) }),
  );
  const finishedAt = progress.data?.run.finishedAt?.getTime?.() ?? null;
  const refetchFull = full.refetch;
  useEffect(() => {
    if (finishedAt) void refetchFull();
  }, [finishedAt, refetchFull]);
  // The latest progress over the (up to 5 s older) results.
  const data = full.data && progress.data && active ? { ...full.data, run: progress.data.run } : full.data;
  if ((full.isError && isNotFound(full.error)) || (data && data.run.assistantId !== assistant.id)) return <NotFoundPage />;
  if (full.isError) {
    return (
      <QualityContent>
        <Alert variant="destructive">{errors.message(full.error)}</Alert>
      </QualityContent>
    );
  }
  if (!data) return <ContentSkeleton />;
  const { run, results } = data;
  return (
    <QualityContent>
      <Breadcrumbs
        items={[
          { label: t("quality.title"), to: qualityPath(assistant.id) },
          { label: run.suiteName, to: qualityPath(assistant.id, `/suites/${run.suiteId}`) },
          { label: t("quality.runPage.crumb", { date: formatDate(run.createdAt) }) },
        ]}
      />
      <RunHeader detail={data} />
      {run.correctRate !== null && (
        <Card className="flex flex-col gap-3 p-5" data-testid="run-headline">
          <p className="text-xs font-medium uppercase tracking-wide text-muted-foreground">{t("quality.headline.label")}</p>
          <RateHeadline run={run} size="xl" />
          {run.status === "cancelled" && <p className="text-sm text-muted-foreground">{t("quality.runPage.partial")}</p>}
          <DefinitionNote judged={!!run.judge.modelId} assistantId={assistant.id} />
        </Card>
      )}
      {run.metrics && <Metrics metrics={run.metrics} judged={!!run.judge.modelId} />}
      {!isActiveRun(run.status) && <CompareWith assistantId={assistant.id} run={run} />}
      <RunCases results={results} />
    </QualityContent>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex min-w-0 flex-col gap-0.5">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="min-w-0 break-words text-sm">{children}</dd>
    </div>
  );
}

function RunHeader({ detail }: { detail: RunDetail }) {
  const { t, locale, formatDate } = useI18n();
  const trpc = useTRPC();
  const errors = useErrors();
  const queryClient = useQueryClient();
  const version = useVersionLabel();
  const { run } = detail;
  const active = isActiveRun(run.status);
  const cancel = useMutation(
    trpc.evaluation.cancelRun.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.evaluation.pathKey() }),
    }),
  );
  const judge = run.judge.modelId ? t("quality.runPage.judgeModel", { name: run.judge.modelName ?? "?", votes: run.judge.votes }) : t("quality.runPage.deterministic");
  return (
    <Card className="flex flex-col gap-4 p-5" data-testid="run-header" data-status={run.status}>
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0">
          <h2 className="break-words text-xl font-semibold tracking-tight">
            {run.suiteName} <span className="font-mono text-base font-normal text-muted-foreground">{version(run.versionLabel)}</span>
          </h2>
          <div className="mt-1.5">
            <RunStatusBadge status={run.status} />
          </div>
        </div>
        {active && (
          <Button variant="outline" onClick={() => cancel.mutate({ runId: run.id })} disabled={cancel.isPending} className="self-start" data-testid="cancel-run">
            <Ban aria-hidden />
            {cancel.isPending ? t("quality.runPage.cancelling") : t("quality.runPage.cancel")}
          </Button>
        )}
      </div>
      {active && <RunProgress run={run} />}
      {cancel.error && <Alert variant="destructive">{errors.message(cancel.error)}</Alert>}
      {run.status === "failed" && (
        <Alert variant="destructive" title={t("quality.runPage.failed")} data-testid="run-error">
          {run.error ?? t("errors.generic")}
        </Alert>
      )}
      <dl className="grid gap-x-6 gap-y-3 sm:grid-cols-2 lg:grid-cols-3">
        <Fact label={t("quality.runPage.trigger")}>{t(`quality.trigger.${run.trigger}`)}</Fact>
        <Fact label={t("quality.runPage.judge")}>{judge}</Fact>
        <Fact label={t("quality.runPage.by")}>{run.createdByName ?? t("quality.runPage.automatic")}</Fact>
        <Fact label={t("quality.runPage.started")}>{run.startedAt ? formatDate(run.startedAt) : t("quality.runPage.notStarted")}</Fact>
        <Fact label={t("quality.runPage.finished")}>
          {run.finishedAt ? formatDate(run.finishedAt) : "—"}
          {run.finishedAt && run.startedAt && (
            <span className="text-muted-foreground"> · {formatDuration(new Date(run.finishedAt).getTime() - new Date(run.startedAt).getTime(), locale)}</span>
          )}
        </Fact>
        <Fact label={t("quality.runPage.cases")}>{t("quality.runPage.casesValue", { total: run.total, errored: run.errored })}</Fact>
      </dl>
    </Card>
  );
}

type MetricKey = "exactMatch" | "tokenF1" | "containsReference" | "sourceHitAt5" | "abstentionAccuracy" | "falseAbstentionRate" | "groundedness" | "relevance";
const RATE_METRICS: MetricKey[] = ["exactMatch", "tokenF1", "containsReference", "sourceHitAt5", "abstentionAccuracy", "falseAbstentionRate", "groundedness", "relevance"];

/** Why a metric has no value in this run. */
function missingReason(key: MetricKey, judged: boolean): "noSources" | "noUnanswerable" | "noAnswerable" | "needsJudge" | "none" {
  if (key === "sourceHitAt5") return "noSources";
  if (key === "abstentionAccuracy") return "noUnanswerable";
  if (key === "falseAbstentionRate") return "noAnswerable";
  if (key === "groundedness" || key === "relevance") return judged ? "none" : "needsJudge";
  return "none";
}

function MetricCard({ label, help, value, missing, testId }: { label: string; help: string; value: string | null; missing?: string; testId: string }) {
  return (
    <div className="flex min-w-0 flex-col gap-1 rounded-lg border bg-card p-3 shadow-sm" data-testid={testId}>
      <p className="text-xs font-medium text-muted-foreground">{label}</p>
      <p className="text-xl font-semibold tabular-nums" title={value === null ? missing : help}>
        {value ?? "—"}
        {value === null && missing && <span className="sr-only"> {missing}</span>}
      </p>
      <p className="text-xs text-muted-foreground">{value === null && missing ? missing : help}</p>
    </div>
  );
}

/** The run's averages: overlap with the reference, sources, abstention, judge grades, latency, tokens and cost. */
function Metrics({ metrics, judged }: { metrics: RunMetrics; judged: boolean }) {
  const { t, locale } = useI18n();
  return (
    <section aria-labelledby="metrics-title" className="flex flex-col gap-3" data-testid="run-metrics">
      <h3 id="metrics-title" className="font-semibold">
        {t("quality.metrics.title")}
      </h3>
      <div className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-4">
        {RATE_METRICS.map((key) => {
          const value = metrics[key];
          return (
            <MetricCard
              key={key}
              testId={`metric-${key}`}
              label={t(`quality.metrics.${key}.label`)}
              help={t(`quality.metrics.${key}.help`)}
              value={value === null ? null : key === "tokenF1" ? value.toFixed(2) : formatPercent(value, locale)}
              missing={t(`quality.metrics.missing.${missingReason(key, judged)}`)}
            />
          );
        })}
        <MetricCard
          testId="metric-latency"
          label={t("quality.metrics.latency.label")}
          help={t("quality.metrics.latency.help")}
          value={metrics.latencyP50Ms === null ? null : `${formatDuration(metrics.latencyP50Ms, locale)} / ${formatDuration(metrics.latencyP95Ms ?? metrics.latencyP50Ms, locale)}`}
          missing={t("quality.metrics.missing.noLatency")}
        />
        <MetricCard
          testId="metric-tokens"
          label={t("quality.metrics.tokens.label")}
          help={t("quality.metrics.tokens.help")}
          value={`${formatTokens(metrics.inputTokens, locale)} / ${formatTokens(metrics.outputTokens, locale)}`}
        />
        <MetricCard testId="metric-cost" label={t("quality.metrics.cost.label")} help={t("quality.metrics.cost.help")} value={formatMicroEur(metrics.costMicroEur, locale)} />
      </div>
    </section>
  );
}

/** "Compare with…": another run of this assistant, side by side with this one. */
function CompareWith({ assistantId, run }: { assistantId: string; run: RunDetail["run"] }) {
  const { t, locale, formatDate } = useI18n();
  const trpc = useTRPC();
  const navigate = useNavigate();
  const version = useVersionLabel();
  const runs = useQuery(trpc.evaluation.runs.queryOptions({ assistantId }));
  const others = (runs.data ?? []).filter((r) => r.id !== run.id && !isActiveRun(r.status));
  if (others.length === 0) return null;
  const open = (otherId: string) => {
    const other = others.find((r) => r.id === otherId);
    if (!other) return;
    // The older run first: the comparison reads from then to now.
    const [a, b] = new Date(other.createdAt) < new Date(run.createdAt) ? [other.id, run.id] : [run.id, other.id];
    navigate(qualityPath(assistantId, `/compare?a=${a}&b=${b}`));
  };
  return (
    <div className="flex flex-col gap-1.5 sm:flex-row sm:items-center sm:gap-3">
      <Label htmlFor="compare-with" className="flex shrink-0 items-center gap-1.5">
        <GitCompareArrows className="size-4 text-muted-foreground" aria-hidden />
        {t("quality.runPage.compareWith")}
      </Label>
      <NativeSelect id="compare-with" value="" onChange={(e) => open(e.target.value)} className="sm:max-w-md" data-testid="compare-with">
        <option value="">{t("quality.runPage.pickRun")}</option>
        {others.map((r) => (
          <option key={r.id} value={r.id}>
            {`${formatDate(r.createdAt)} · ${r.suiteName} · ${version(r.versionLabel)}${r.correctRate === null ? "" : ` · ${formatPercent(r.correctRate, locale)}`}`}
          </option>
        ))}
      </NativeSelect>
    </div>
  );
}
