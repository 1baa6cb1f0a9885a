import { useQuery } from "@tanstack/react-query";
import { ClipboardCheck, Plus } from "lucide-react";
import { lazy, type ReactNode, Suspense, useState } from "react";
import { Link } from "react-router";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { EmptyState } from "~/components/ui/empty-state";
import { Skeleton } from "~/components/ui/skeleton";
import { useI18n } from "~/i18n";
import { type AssistantDetail, useTRPC } from "~/lib/trpc";
import { useErrors } from "~/lib/use-errors";
import { cn } from "~/lib/utils";
import { GateCard } from "./gate-card";
import { JudgeCard } from "./judge-card";
import { ProductionCard } from "./production-card";
import { ContentSkeleton, QualityContent, QualityShell, qualityPath } from "./quality-shell";
import { activeRun, isActiveRun, latestDoneRun } from "./rates";
import { RunNowButton } from "./run-button";
import { DefinitionNote, RateHeadline, RunProgress } from "./run-parts";
import { RunsTable } from "./runs-table";
import { SuiteDialog } from "./suite-dialog";
import { SuitesCard } from "./suites-card";
import type { QualityOverview, SuiteSummary } from "./types";

/** The chart library is large: it loads with the first chart, not with the app. */
const RateChart = lazy(() => import("./rate-chart").then((m) => ({ default: m.RateChart })));

/** Polls the overview while a run is queued or running. */
export function useOverview(assistantId: string) {
  const trpc = useTRPC();
  return useQuery(
    trpc.evaluation.overview.queryOptions(
      { assistantId },
      { staleTime: 0, refetchInterval: (q) => (q.state.data?.runs.some((r) => isActiveRun(r.status)) ? 1500 : false) },
    ),
  );
}

/** The assistant's "Quality" tab: how often it answers correctly, measured on its test suites. */
export function QualityPage() {
  return <QualityShell>{(assistant) => <QualityOverviewView assistant={assistant} />}</QualityShell>;
}

function QualityOverviewView({ assistant }: { assistant: AssistantDetail }) {
  const { t } = useI18n();
  const errors = useErrors();
  const overview = useOverview(assistant.id);
  const [creating, setCreating] = useState(false);
  if (overview.isPending) return <ContentSkeleton />;
  if (overview.isError) {
    return (
      <QualityContent>
        <Alert variant="destructive">{errors.message(overview.error)}</Alert>
      </QualityContent>
    );
  }
  const data = overview.data;
  // The definition of the rates shown: one note per grading rule in use (usually one).
  const judgedKinds = [...new Set(data.suites.map((s) => (latestDoneRun(data.runs, s.id)?.judge.modelId ?? data.judge.modelId) !== null))];
  const notes = judgedKinds.map((judged) => <DefinitionNote key={String(judged)} judged={judged} assistantId={assistant.id} />);
  const single = data.suites.length === 1;
  const newSuite = (
    <Button onClick={() => setCreating(true)} data-testid="new-suite">
      <Plus aria-hidden />
      {t("quality.newSuite")}
    </Button>
  );
  return (
    <QualityContent>
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0">
          <h2 className="text-xl font-semibold tracking-tight">{t("quality.title")}</h2>
          <p className="mt-1 max-w-2xl text-sm text-muted-foreground">{t("quality.subtitle")}</p>
        </div>
        {data.suites.length > 0 && <div className="shrink-0">{newSuite}</div>}
      </div>

      {data.suites.length === 0 ? (
        <EmptyState icon={ClipboardCheck} title={t("quality.empty.title")} action={newSuite} className="py-10">
          <p>{t("quality.empty.body")}</p>
          <p className="mt-2">{t("quality.empty.how")}</p>
        </EmptyState>
      ) : (
        <>
          <section aria-labelledby="headlines-title" className="flex flex-col gap-3">
            <h3 id="headlines-title" className="sr-only">
              {t("quality.headline.title")}
            </h3>
            <div className={cn("grid gap-4", !single && "lg:grid-cols-2")}>
              {data.suites.map((suite) => (
                <SuiteHeadline key={suite.id} assistantId={assistant.id} suite={suite} runs={data.runs} aside={single ? notes : undefined} />
              ))}
            </div>
            {!single && notes}
          </section>
          <Card className="flex flex-col gap-3 p-5">
            <div>
              <h3 className="font-semibold">{t("quality.chart.title")}</h3>
              <p className="mt-1 text-sm text-muted-foreground">{t("quality.chart.subtitle")}</p>
            </div>
            <Suspense fallback={<Skeleton className="h-64" />}>
              <RateChart runs={data.runs} />
            </Suspense>
          </Card>
          <RunsTable assistantId={assistant.id} runs={data.runs} />
          <SuitesCard assistantId={assistant.id} suites={data.suites} onNewSuite={() => setCreating(true)} />
        </>
      )}

      <div className="grid gap-6 lg:grid-cols-2">
        <GateCard overview={data} />
        <JudgeCard judge={data.judge} />
      </div>
      <ProductionCard assistantId={assistant.id} suites={data.suites} />
      {creating && <SuiteDialog assistantId={assistant.id} onClose={() => setCreating(false)} />}
    </QualityContent>
  );
}

/** One suite's headline: its latest finished run's correct-answer rate, and the run in progress. */
function SuiteHeadline({ assistantId, suite, runs, aside }: { assistantId: string; suite: SuiteSummary; runs: QualityOverview["runs"]; aside?: ReactNode }) {
  const { t } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const done = latestDoneRun(runs, suite.id);
  const running = activeRun(runs, suite.id);
  return (
    <Card className="flex min-w-0 flex-col gap-4 p-5 lg:flex-row lg:items-center lg:gap-8" data-testid="suite-headline" data-suite={suite.name} data-state={done ? "measured" : running ? "running" : "none"}>
      <div className="flex min-w-0 flex-1 flex-col gap-3">
        <div className="flex min-w-0 items-start justify-between gap-3">
          <div className="min-w-0">
            <p className="text-xs font-medium uppercase tracking-wide text-muted-foreground">{t("quality.headline.label")}</p>
            <Link to={qualityPath(assistantId, `/suites/${suite.id}`)} className="block truncate font-medium hover:underline focus-visible:underline focus-visible:outline-none">
              {suite.name}
            </Link>
          </div>
          {done && (
            <Button asChild variant="outline" size="sm" className="shrink-0">
              <Link to={qualityPath(assistantId, `/runs/${done.id}`)} data-testid="open-latest-run">
                {t("quality.headline.openRun")}
              </Link>
            </Button>
          )}
        </div>
        {done ? (
          <RateHeadline run={done} />
        ) : (
          <div className="flex flex-col gap-2">
            <p className="text-2xl font-semibold text-muted-foreground">{t("quality.headline.notRun")}</p>
            {!running && <p className="text-sm text-muted-foreground">{suite.activeCases > 0 ? t("quality.headline.notRunBody") : t("quality.headline.noCases")}</p>}
          </div>
        )}
        {running && (
          <Link to={qualityPath(assistantId, `/runs/${running.id}`)} className="rounded-md focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring">
            <RunProgress run={running} />
          </Link>
        )}
        {!done && !running && suite.activeCases > 0 && (
          <div>
            <RunNowButton assistantId={assistantId} suiteId={suite.id} suiteName={suite.name} onError={setError} />
          </div>
        )}
        {error && <Alert variant="destructive">{error}</Alert>}
      </div>
      {aside && <div className="flex flex-col gap-2 lg:w-[28rem] lg:shrink-0">{aside}</div>}
    </Card>
  );
}
