import { GitCompareArrows } from "lucide-react";
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { useI18n } from "~/i18n";
import { formatCount } from "~/lib/format";
import { cn } from "~/lib/utils";
import { qualityPath } from "./quality-shell";
import { formatInterval, formatPercent, isActiveRun } from "./rates";
import { RunProgress, RunStatusBadge, useVersionLabel } from "./run-parts";
import type { RunRow } from "./types";

/** Every run of the assistant, newest first; two can be picked and compared. */
export function RunsTable({ assistantId, runs }: { assistantId: string; runs: RunRow[] }) {
  const { t, locale, formatDate } = useI18n();
  const navigate = useNavigate();
  const version = useVersionLabel();
  const [picked, setPicked] = useState<string[]>([]);
  const toggle = (id: string, on: boolean) => setPicked((p) => (on ? [...p.filter((x) => x !== id), id].slice(-2) : p.filter((x) => x !== id)));
  const compare = () => {
    // The older run first: changes read from then to now.
    const [a, b] = [...picked].sort((x, y) => runs.findIndex((r) => r.id === y) - runs.findIndex((r) => r.id === x));
    navigate(qualityPath(assistantId, `/compare?a=${a}&b=${b}`));
  };
  return (
    <Card className="flex min-w-0 flex-col gap-3 p-5" data-testid="runs-card">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div>
          <h3 className="font-semibold">{t("quality.runs.title")}</h3>
          <p className="mt-1 text-sm text-muted-foreground">{t("quality.runs.subtitle")}</p>
        </div>
        <Button variant="outline" size="sm" className="self-start" disabled={picked.length !== 2} onClick={compare} data-testid="compare-runs">
          <GitCompareArrows aria-hidden />
          {picked.length === 2 ? t("quality.runs.compare") : t("quality.runs.pickTwo")}
        </Button>
      </div>
      {runs.length === 0 ? (
        <p className="rounded-md border border-dashed px-4 py-8 text-center text-sm text-muted-foreground">{t("quality.runs.empty")}</p>
      ) : (
        <div className="-mx-5 overflow-x-auto border-y sm:mx-0 sm:rounded-md sm:border">
          <table className="w-full min-w-[52rem] text-sm" data-testid="runs-table">
            <thead className="border-b bg-muted/40 text-left text-xs text-muted-foreground">
              <tr>
                <th scope="col" className="w-10 px-3 py-2">
                  <span className="sr-only">{t("quality.runs.columns.pick")}</span>
                </th>
                <th scope="col" className="px-3 py-2 font-medium">{t("quality.runs.columns.date")}</th>
                <th scope="col" className="px-3 py-2 font-medium">{t("quality.runs.columns.suite")}</th>
                <th scope="col" className="px-3 py-2 font-medium">{t("quality.runs.columns.version")}</th>
                <th scope="col" className="px-3 py-2 font-medium">{t("quality.runs.columns.trigger")}</th>
                <th scope="col" className="px-3 py-2 font-medium">{t("quality.runs.columns.status")}</th>
                <th scope="col" className="px-3 py-2 text-right font-medium">{t("quality.runs.columns.rate")}</th>
                <th scope="col" className="px-3 py-2 text-right font-medium">{t("quality.runs.columns.passed")}</th>
                <th scope="col" className="px-3 py-2 text-right font-medium">{t("quality.runs.columns.errors")}</th>
              </tr>
            </thead>
            <tbody className="divide-y">
              {runs.map((run) => {
                const active = isActiveRun(run.status);
                const on = picked.includes(run.id);
                return (
                  <tr key={run.id} className={cn("align-middle", on && "bg-primary/5")} data-testid="run-row" data-status={run.status} data-trigger={run.trigger}>
                    <td className="px-3 py-2">
                      <input
                        type="checkbox"
                        className="size-4 accent-[var(--color-primary)]"
                        checked={on}
                        disabled={active}
                        onChange={(e) => toggle(run.id, e.target.checked)}
                        aria-label={t("quality.runs.pickRun", { date: formatDate(run.createdAt), suite: run.suiteName })}
                        data-testid="pick-run"
                      />
                    </td>
                    <td className="whitespace-nowrap px-3 py-2">
                      <Link to={qualityPath(assistantId, `/runs/${run.id}`)} className="font-medium text-primary hover:underline focus-visible:underline focus-visible:outline-none" data-testid="run-link">
                        {formatDate(run.createdAt)}
                      </Link>
                    </td>
                    <td className="max-w-48 px-3 py-2">
                      <span className="block truncate" title={run.suiteName}>
                        {run.suiteName}
                      </span>
                    </td>
                    <td className="px-3 py-2 font-mono text-xs">{version(run.versionLabel)}</td>
                    <td className="whitespace-nowrap px-3 py-2 text-muted-foreground">{t(`quality.trigger.${run.trigger}`)}</td>
                    <td className="w-36 px-3 py-2">{active ? <RunProgress run={run} /> : <RunStatusBadge status={run.status} />}</td>
                    <td className="whitespace-nowrap px-3 py-2 text-right tabular-nums">
                      {run.correctRate === null ? (
                        "—"
                      ) : (
                        <>
                          <span className="font-semibold">{formatPercent(run.correctRate, locale)}</span>
                          {run.rateLow !== null && run.rateHigh !== null && <span className="ml-1 text-xs text-muted-foreground">[{formatInterval(run.rateLow, run.rateHigh, locale)}]</span>}
                        </>
                      )}
                    </td>
                    <td className="whitespace-nowrap px-3 py-2 text-right tabular-nums">
                      {formatCount(run.passed, locale)} / {formatCount(run.total, locale)}
                    </td>
                    <td className={cn("px-3 py-2 text-right tabular-nums", run.errored > 0 && "font-medium text-amber-700")}>{formatCount(run.errored, locale)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
