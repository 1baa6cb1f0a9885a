import { useQuery, useQueryClient } from "@tanstack/react-query";
import { BarChart3, Download } from "lucide-react";
import { useState } from "react";
import { useSearchParams } from "react-router";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { EmptyState } from "~/components/ui/empty-state";
import { Skeleton } from "~/components/ui/skeleton";
import { useI18n } from "~/i18n";
import { formatCount, formatEur, formatTokens } from "~/lib/format";
import { localModelName } from "~/lib/model-name";
import { useTRPC } from "~/lib/trpc";
import { useErrors } from "~/lib/use-errors";
import { ChartFigure, ChartNote, COLORS } from "./charts";
import { DateRangePicker, useDateRange } from "./date-range-picker";
import { MonitoringLayout, QueryError } from "./monitoring-shell";
import { Segmented } from "./segmented";
import type { UsageRow } from "./types";
import { downloadText, usageTotals } from "./usage-values";

type By = "team" | "model";
type ChartMetric = "cost" | "calls" | "tokens";

/** Usage and cost per team or per model over the period: totals, a chart, the table and its CSV. */
export function UsagePage() {
  const { t } = useI18n();
  return (
    <MonitoringLayout subtitle={t("monitoring.usage.subtitle")} actions={<DateRangePicker />}>
      <UsageView />
    </MonitoringLayout>
  );
}

function UsageView() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const errors = useErrors();
  const queryClient = useQueryClient();
  const { input, params } = useDateRange();
  const [, setSearch] = useSearchParams();
  const setBy = (value: By) =>
    setSearch(
      (previous) => {
        const next = new URLSearchParams(previous);
        if (value === "team") next.delete("by");
        else next.set("by", value);
        return next;
      },
      { replace: true },
    );
  const by: By = params.get("by") === "model" ? "model" : "team";
  const [metric, setMetric] = useState<ChartMetric | null>(null);
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<string | null>(null);
  const usage = useQuery(trpc.monitoring.usage.queryOptions({ by, ...input }));

  const name = (row: UsageRow) => {
    if (by === "team") return row.key === "" ? t("monitoring.usage.workspace") : row.name;
    return row.name === "Removed model" ? t("monitoring.usage.removedModel") : localModelName(row.name, t);
  };

  const exportCsv = async () => {
    setExporting(true);
    setExportError(null);
    try {
      const file = await queryClient.fetchQuery(trpc.monitoring.usageCsv.queryOptions({ by, ...input }, { staleTime: 0 }));
      downloadText(file.fileName, file.content, "text/csv;charset=utf-8");
    } catch (e) {
      setExportError(errors.message(e));
    } finally {
      setExporting(false);
    }
  };

  return (
    <div className="flex flex-col gap-4" data-testid="usage-page">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
        <Segmented
          legend={t("monitoring.usage.by")}
          options={(["team", "model"] as const).map((b) => ({ value: b, label: t(`monitoring.usage.byOptions.${b}`) }))}
          value={by}
          onChange={setBy}
          testIdPrefix="usage-by"
        />
        <Button variant="outline" onClick={exportCsv} disabled={exporting || !usage.data} data-testid="usage-export">
          <Download aria-hidden />
          {exporting ? t("monitoring.usage.exporting") : t("monitoring.usage.export")}
        </Button>
      </div>
      {exportError && <Alert variant="destructive">{exportError}</Alert>}
      {usage.isPending ? (
        <Skeleton className="h-72" />
      ) : usage.isError ? (
        <QueryError error={usage.error} />
      ) : usage.data.rows.length === 0 ? (
        <EmptyState icon={BarChart3} title={t("monitoring.usage.emptyTitle")}>
          {t("monitoring.usage.emptyBody")}
        </EmptyState>
      ) : (
        <UsageFigures rows={usage.data.rows} by={by} chosen={metric} onMetric={setMetric} name={name} />
      )}
    </div>
  );
}

function UsageFigures({
  rows,
  by,
  chosen,
  onMetric,
  name,
}: {
  rows: UsageRow[];
  by: By;
  chosen: ChartMetric | null;
  onMetric: (m: ChartMetric) => void;
  name: (row: UsageRow) => string;
}) {
  const { t, locale } = useI18n();
  const total = usageTotals(rows);
  // Free models (the built-in engine) cost nothing: then the chart counts calls.
  const metric: ChartMetric = chosen ?? (total.costEur > 0 ? "cost" : "calls");
  const num = (n: number) => formatCount(n, locale);
  const tokens = (n: number) => formatTokens(n, locale);
  const format = (v: number) => (metric === "cost" ? formatEur(v, locale) : metric === "calls" ? num(v) : tokens(v));
  const data = rows.map((r) => ({ name: name(r), value: metric === "cost" ? r.costEur : metric === "calls" ? r.calls : r.inputTokens + r.outputTokens }));
  const top = rows[0];
  const cards = [
    { label: t("monitoring.usage.columns.calls"), value: num(total.calls), detail: t("monitoring.usage.errorsDetail", { count: num(total.errors) }) },
    { label: t("monitoring.usage.columns.inputTokens"), value: tokens(total.inputTokens) },
    { label: t("monitoring.usage.columns.outputTokens"), value: tokens(total.outputTokens) },
    { label: t("monitoring.usage.columns.cost"), value: formatEur(total.costEur, locale) },
  ];

  return (
    <>
      <section aria-label={t("monitoring.usage.totals")} className="grid grid-cols-2 gap-3 lg:grid-cols-4" data-testid="usage-totals">
        {cards.map((c) => (
          <Card key={c.label} className="flex flex-col gap-1 p-4">
            <p className="text-xs font-medium text-muted-foreground">{c.label}</p>
            <p className="text-2xl font-semibold tabular-nums tracking-tight">{c.value}</p>
            {c.detail && <p className="text-xs text-muted-foreground">{c.detail}</p>}
          </Card>
        ))}
      </section>
      <Segmented
        legend={t("monitoring.usage.chartMetric")}
        options={(["cost", "calls", "tokens"] as const).map((m) => ({ value: m, label: t(`monitoring.usage.metrics.${m}`) }))}
        value={metric}
        onChange={onMetric}
        testIdPrefix="usage-metric"
        className="self-end"
      />
      <ChartFigure
        title={t(`monitoring.usage.chartTitles.${by}`, { metric: t(`monitoring.usage.metrics.${metric}`) })}
        summary={t("monitoring.usage.summary", {
          cost: formatEur(total.costEur, locale),
          calls: num(total.calls),
          top: top ? name(top) : "—",
          topCost: top ? formatEur(top.costEur, locale) : "—",
        })}
        testId="usage-chart"
        autoHeight
      >
        {data.every((d) => d.value === 0) ? (
          <div className="h-40">
            <ChartNote testId="usage-chart-zero">{t("monitoring.usage.allZero", { metric: t(`monitoring.usage.metrics.${metric}`) })}</ChartNote>
          </div>
        ) : (
          <div style={{ height: Math.max(160, data.length * 40 + 40) }}>
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={data} layout="vertical" margin={{ top: 4, right: 24, bottom: 4, left: 8 }}>
                <CartesianGrid strokeDasharray="3 3" stroke="var(--color-border)" horizontal={false} />
                <XAxis type="number" tickFormatter={format} tick={{ fontSize: 11, fill: "var(--color-muted-foreground)" }} allowDecimals={metric === "cost"} />
                <YAxis type="category" dataKey="name" width={140} tick={{ fontSize: 12, fill: "var(--color-foreground)" }} />
                <Tooltip formatter={(v) => (typeof v === "number" ? format(v) : String(v ?? ""))} contentStyle={{ fontSize: 12 }} cursor={{ fill: "var(--color-muted)" }} />
                <Bar dataKey="value" name={t(`monitoring.usage.metrics.${metric}`)} fill={COLORS[0]} isAnimationActive={false} maxBarSize={28} />
              </BarChart>
            </ResponsiveContainer>
          </div>
        )}
      </ChartFigure>
      <Card className="overflow-x-auto">
        <table className="w-full min-w-[40rem] text-sm" data-testid="usage-table">
          <caption className="sr-only">{t(`monitoring.usage.caption.${by}`)}</caption>
          <thead className="border-b bg-muted/40 text-xs text-muted-foreground">
            <tr>
              <th scope="col" className="px-3 py-2.5 text-left font-medium">
                {t(`monitoring.usage.byOptions.${by}`)}
              </th>
              <th scope="col" className="px-3 py-2.5 text-right font-medium">
                {t("monitoring.usage.columns.assistants")}
              </th>
              <th scope="col" className="px-3 py-2.5 text-right font-medium">
                {t("monitoring.usage.columns.calls")}
              </th>
              <th scope="col" className="px-3 py-2.5 text-right font-medium">
                {t("monitoring.usage.columns.errors")}
              </th>
              <th scope="col" className="px-3 py-2.5 text-right font-medium">
                {t("monitoring.usage.columns.inputTokens")}
              </th>
              <th scope="col" className="px-3 py-2.5 text-right font-medium">
                {t("monitoring.usage.columns.outputTokens")}
              </th>
              <th scope="col" className="px-3 py-2.5 text-right font-medium">
                {t("monitoring.usage.columns.cost")}
              </th>
            </tr>
          </thead>
          <tbody className="divide-y">
            {rows.map((r) => (
              <tr key={r.key} data-testid="usage-row" data-name={name(r)}>
                <td className="px-3 py-2.5 font-medium">{name(r)}</td>
                <td className="px-3 py-2.5 text-right tabular-nums">{num(r.assistants)}</td>
                <td className="px-3 py-2.5 text-right tabular-nums">{num(r.calls)}</td>
                <td className="px-3 py-2.5 text-right tabular-nums">{num(r.errors)}</td>
                <td className="px-3 py-2.5 text-right tabular-nums" title={num(r.inputTokens)}>
                  {tokens(r.inputTokens)}
                </td>
                <td className="px-3 py-2.5 text-right tabular-nums" title={num(r.outputTokens)}>
                  {tokens(r.outputTokens)}
                </td>
                <td className="px-3 py-2.5 text-right tabular-nums">{formatEur(r.costEur, locale)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot className="border-t bg-muted/40 font-medium">
            <tr data-testid="usage-total">
              <th scope="row" className="px-3 py-2.5 text-left">
                {t("monitoring.usage.total")}
              </th>
              <td className="px-3 py-2.5 text-right tabular-nums">{by === "team" ? num(total.assistants) : "—"}</td>
              <td className="px-3 py-2.5 text-right tabular-nums">{num(total.calls)}</td>
              <td className="px-3 py-2.5 text-right tabular-nums">{num(total.errors)}</td>
              <td className="px-3 py-2.5 text-right tabular-nums">{tokens(total.inputTokens)}</td>
              <td className="px-3 py-2.5 text-right tabular-nums">{tokens(total.outputTokens)}</td>
              <td className="px-3 py-2.5 text-right tabular-nums">{formatEur(total.costEur, locale)}</td>
            </tr>
          </tfoot>
        </table>
      </Card>
    </>
  );
}
