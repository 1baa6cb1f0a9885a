import { CalendarClock, Plus, ShieldCheck } from "lucide-react";
import { useState } from "react";
import { Link } from "react-router";
import { Alert } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { useI18n } from "~/i18n";
import { formatCount } from "~/lib/format";
import { qualityPath } from "./quality-shell";
import { scheduleKeyOf } from "./rates";
import { RunNowButton } from "./run-button";
import type { SuiteSummary } from "./types";

/** The schedule and Publish-gate badges of a suite. */
export function SuiteBadges({ suite }: { suite: { gatesPublish: boolean; scheduleMinutes: number | null; managedBy?: string } }) {
  const { t } = useI18n();
  const schedule = scheduleKeyOf(suite.scheduleMinutes);
  return (
    <>
      {suite.gatesPublish && (
        <Badge variant="info" data-testid="badge-gates" title={t("quality.suites.gatesHelp")}>
          <ShieldCheck aria-hidden />
          {t("quality.suites.gates")}
        </Badge>
      )}
      {schedule !== "none" && (
        <Badge variant="secondary" data-testid="badge-schedule">
          <CalendarClock aria-hidden />
          {schedule === "custom" ? t("quality.schedule.custom", { minutes: suite.scheduleMinutes ?? 0 }) : t(`quality.schedule.${schedule}`)}
        </Badge>
      )}
      {suite.managedBy === "seed" && <Badge variant="outline">{t("quality.suites.shipped")}</Badge>}
    </>
  );
}

/** The assistant's test suites: their cases, candidates to review, badges and "Run now". */
export function SuitesCard({ assistantId, suites, onNewSuite }: { assistantId: string; suites: SuiteSummary[]; onNewSuite: () => void }) {
  const { t, locale } = useI18n();
  const [error, setError] = useState<string | null>(null);
  return (
    <Card className="flex min-w-0 flex-col gap-3 p-5" data-testid="suites-card">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div>
          <h3 className="font-semibold">{t("quality.suites.title")}</h3>
          <p className="mt-1 text-sm text-muted-foreground">{t("quality.suites.subtitle")}</p>
        </div>
        <Button variant="outline" size="sm" className="self-start" onClick={onNewSuite}>
          <Plus aria-hidden />
          {t("quality.newSuite")}
        </Button>
      </div>
      {error && <Alert variant="destructive">{error}</Alert>}
      <ul className="flex flex-col divide-y rounded-md border">
        {suites.map((suite) => (
          <li key={suite.id} className="flex flex-col gap-3 p-4 sm:flex-row sm:items-center" data-testid="suite-row" data-suite={suite.name}>
            <div className="min-w-0 flex-1">
              <Link to={qualityPath(assistantId, `/suites/${suite.id}`)} className="font-medium hover:underline focus-visible:underline focus-visible:outline-none" data-testid="suite-link">
                {suite.name}
              </Link>
              {suite.description && <p className="mt-0.5 line-clamp-2 text-sm text-muted-foreground">{suite.description}</p>}
              <div className="mt-2 flex flex-wrap items-center gap-1.5">
                <Badge variant="secondary" data-testid="suite-cases">
                  {suite.activeCases === 1 ? t("quality.suites.casesOne") : t("quality.suites.cases", { count: formatCount(suite.activeCases, locale) })}
                </Badge>
                {suite.candidateCases > 0 && (
                  <Badge variant="warning" data-testid="suite-candidates">
                    {suite.candidateCases === 1 ? t("quality.suites.candidatesOne") : t("quality.suites.candidates", { count: formatCount(suite.candidateCases, locale) })}
                  </Badge>
                )}
                <SuiteBadges suite={suite} />
              </div>
            </div>
            <div className="flex shrink-0 items-center gap-2">
              <Button asChild variant="ghost" size="sm">
                <Link to={qualityPath(assistantId, `/suites/${suite.id}`)}>{t("quality.suites.open")}</Link>
              </Button>
              {suite.activeCases > 0 && <RunNowButton assistantId={assistantId} suiteId={suite.id} suiteName={suite.name} onError={setError} />}
            </div>
          </li>
        ))}
      </ul>
    </Card>
  );
}
