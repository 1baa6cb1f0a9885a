import { useQuery } from "@tanstack/react-query";
import { GitCompare } from "lucide-react";
import { type ReactNode, useState } from "react";
import { Link } from "react-router";
import { Alert } from "~/components/ui/alert";
import { Card } from "~/components/ui/card";
import { NativeSelect } from "~/components/ui/input";
import { Label } from "~/components/ui/label";
import { Skeleton } from "~/components/ui/skeleton";
import { formatInterval, formatRate, runPath } from "~/features/studio/quality-gate";
import { useI18n } from "~/i18n";
import { formatCount, formatDuration, formatEur } from "~/lib/format";
import { useTRPC } from "~/lib/trpc";
import { useErrors } from "~/lib/use-errors";
import { useDateRange } from "./date-range-picker";
import type { DashboardVersion, VersionFigures } from "./types";

/** The two versions compared first: the one before the current and the current, else the last two. */
export function defaultPair(versions: readonly DashboardVersion[], currentVersionId: string | null): [string, string] | null {
  if (versions.length < 2) return null;
  const sorted = [...versions].sort((a, b) => a.number - b.number);
  const current = sorted.findIndex((v) => v.id === currentVersionId);
  const b = current > 0 ? current : sorted.length - 1;
  return [sorted[b - 1]!.id, sorted[b]!.id];
}

/** Two versions side by side over the period: their answers, feedback, latency and latest test run. */
export function CompareVersions({ assistantId, versions, currentVersionId }: { assistantId: string; versions: DashboardVersion[]; currentVersionId: string | null }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const errors = useErrors();
  const { input } = useDateRange();
  const initial = defaultPair(versions, currentVersionId);
  const [first, setFirst] = useState(initial?.[0] ?? "");
  const [second, setSecond] = useState(initial?.[1] ?? "");
  const ready = !!first && !!second && first !== second;
  const comparison = useQuery(trpc.monitoring.compareVersions.queryOptions({ assistantId, versionIds: [first, second], ...input }, { enabled: ready }));
  const newestFirst = [...versions].sort((a, b) => b.number - a.number);
  const picker = (id: string, value: string, onChange: (v: string) => void, label: string) => (
    <div className="flex min-w-0 flex-1 flex-col gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      <NativeSelect id={id} value={value} onChange={(e) => onChange(e.target.value)} data-testid={id}>
        {newestFirst.map((v) => (
          <option key={v.id} value={v.id}>
            v{v.number}
            {v.id === currentVersionId ? ` (${t("monitoring.compare.current")})` : ""}
          </option>
        ))}
      </NativeSelect>
    </div>
  );

  return (
    <Card className="flex min-w-0 flex-col gap-4 p-5" data-testid="compare-versions">
      <div>
        <h2 className="flex items-center gap-2 font-semibold">
          <GitCompare className="size-4 text-muted-foreground" aria-hidden />
          {t("monitoring.compare.title")}
        </h2>
        <p className="mt-1 text-sm text-muted-foreground">{t("monitoring.compare.subtitle")}</p>
      </div>
      {versions.length < 2 ? (
        <p className="rounded-md border border-dashed px-4 py-6 text-center text-sm text-muted-foreground" data-testid="compare-one-version">
          {versions.length === 0 ? t("monitoring.compare.noVersion") : t("monitoring.compare.oneVersion")}
        </p>
      ) : (
        <>
          <div className="flex flex-col gap-3 sm:flex-row">
            {picker("compare-first", first, setFirst, t("monitoring.compare.first"))}
            {picker("compare-second", second, setSecond, t("monitoring.compare.second"))}
          </div>
          {!ready ? (
            <p className="text-sm text-muted-foreground">{t("monitoring.compare.pickTwo")}</p>
          ) : comparison.isPending ? (
            <Skeleton className="h-48" />
          ) : comparison.isError ? (
            <Alert variant="destructive">{errors.message(comparison.error)}</Alert>
          ) : (
            <ComparisonTable assistantId={assistantId} figures={comparison.data} />
          )}
        </>
      )}
    </Card>
  );
}

function ComparisonTable({ assistantId, figures }: { assistantId: string; figures: VersionFigures[] }) {
  const { t, locale, formatDay } = useI18n();
  const num = (n: number) => formatCount(n, locale);
  const rate = (v: number | null) => (v === null ? "—" : formatRate(v, locale));
  const ms = (v: number | null) => (v === null ? "—" : formatDuration(v, locale));
  const rows: { label: string; cell: (f: VersionFigures) => ReactNode }[] = [
    { label: t("monitoring.compare.rows.published"), cell: (f) => formatDay(f.version.createdAt) },
    {
      label: t("monitoring.compare.rows.latestRun"),
      cell: (f) =>
        f.latestRun && f.latestRun.correctRate !== null ? (
          <span className="flex flex-col items-end">
            <Link to={runPath(assistantId, f.latestRun.id)} className="font-semibold hover:underline">
              {formatRate(f.latestRun.correctRate, locale)}
            </Link>
            <span className="text-xs text-muted-foreground">
              {f.latestRun.rateLow !== null && f.latestRun.rateHigh !== null ? `${formatInterval(f.latestRun.rateLow, f.latestRun.rateHigh, locale)} · ` : ""}
              {f.latestRun.suiteName}
            </span>
          </span>
        ) : (
          <span className="text-muted-foreground">{t("monitoring.compare.notRun")}</span>
        ),
    },
    { label: t("monitoring.compare.rows.answers"), cell: (f) => num(f.answers) },
    { label: t("monitoring.compare.rows.thumbsUp"), cell: (f) => `${rate(f.thumbsUpRate)} (${num(f.thumbsUp + f.thumbsDown)})` },
    { label: t("monitoring.compare.rows.feedback"), cell: (f) => rate(f.feedbackRate) },
    { label: t("monitoring.compare.rows.abstention"), cell: (f) => rate(f.abstentionRate) },
    { label: t("monitoring.compare.rows.noPassages"), cell: (f) => rate(f.noPassageRate) },
    { label: t("monitoring.compare.rows.grounded"), cell: (f) => (f.graded > 0 ? `${rate(f.groundedRate)} (${num(f.graded)})` : "—") },
    { label: t("monitoring.compare.rows.errors"), cell: (f) => rate(f.errorRate) },
    { label: t("monitoring.compare.rows.latency"), cell: (f) => `${ms(f.latencyP50Ms)} / ${ms(f.latencyP95Ms)}` },
    { label: t("monitoring.compare.rows.cost"), cell: (f) => formatEur(f.answerCostEur, locale) },
  ];
  return (
    <div className="overflow-x-auto rounded-md border">
      <table className="w-full min-w-[18rem] text-sm" data-testid="compare-table">
        <thead className="border-b bg-muted/40 text-xs text-muted-foreground">
          <tr>
            <th scope="col" className="px-3 py-2 text-left font-medium">
              <span className="sr-only">{t("monitoring.compare.figure")}</span>
            </th>
            {figures.map((f) => (
              <th key={f.version.id} scope="col" className="px-3 py-2 text-right font-mono font-medium text-foreground">
                {f.version.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y">
          {rows.map((r) => (
            <tr key={r.label} data-testid="compare-version-row">
              <th scope="row" className="px-3 py-2 text-left font-normal text-muted-foreground">
                {r.label}
              </th>
              {figures.map((f) => (
                <td key={f.version.id} className="px-3 py-2 text-right tabular-nums">
                  {r.cell(f)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="border-t px-3 py-2 text-xs text-muted-foreground">{t("monitoring.compare.note")}</p>
    </div>
  );
}
