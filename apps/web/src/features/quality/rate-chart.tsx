import { CartesianGrid, LabelList, Legend, LineChart, ResponsiveContainer, Tooltip, type TooltipContentProps, XAxis, YAxis } from "recharts";
import { useI18n } from "~/i18n";
import { formatCount } from "~/lib/format";
import { type ChartPoint, type ChartRun, chartRows, chartSeries, formatInterval, formatPercent } from "./rates";
import { useVersionLabel } from "./run-parts";
import { rateLine } from "~/components/charts/rate-line";

/** Above this many runs of a suite, version labels crowd the line: the tooltip keeps them. */
const MAX_LABELLED_POINTS = 12;

function ChartTooltip({ active, payload, names }: Partial<TooltipContentProps<number, string>> & { names: string[] }) {
  const { t, locale, formatDate } = useI18n();
  const version = useVersionLabel();
  if (!active || !payload?.length) return null;
  // The lines measured at this moment: each entry's row holds its run under "point<series>".
  const points = payload.flatMap((entry) => {
    const index = Number(String(entry.dataKey).replace("rate", ""));
    const point = (entry.payload as Record<string, ChartPoint | undefined>)[`point${index}`];
    return point && entry.value != null ? [{ index, point }] : [];
  });
  if (points.length === 0) return null;
  return (
    <div className="flex max-w-xs flex-col gap-2 rounded-md border bg-card p-3 text-xs shadow-md">
      {points.map(({ index, point: p }) => (
        <div key={p.runId} className="flex flex-col gap-0.5">
          <p className="font-medium text-foreground">{names[index]}</p>
          <p className="text-muted-foreground">
            <span className="font-mono">{version(p.versionLabel)}</span> · {formatDate(p.time)} · {t(`quality.trigger.${p.trigger as "manual"}`)}
          </p>
          <p className="tabular-nums">
            <span className="font-semibold">{formatPercent(p.rate / 100, locale)}</span> ({formatInterval(p.low / 100, p.high / 100, locale)}) ·{" "}
            {t("quality.headline.cases", { passed: formatCount(p.passed, locale), total: formatCount(p.total, locale) })}
          </p>
        </div>
      ))}
    </div>
  );
}

/** The correct-answer rate of each suite over time, with its 95 % interval as whiskers and the version on each point. */
export function RateChart({ runs }: { runs: readonly ChartRun[] }) {
  const { t, locale, formatDay } = useI18n();
  const version = useVersionLabel();
  const series = chartSeries(runs);
  const rows = chartRows(series);
  if (rows.length === 0) {
    return (
      <p className="rounded-md border border-dashed px-4 py-10 text-center text-sm text-muted-foreground" data-testid="rate-chart-empty">
        {t("quality.chart.empty")}
      </p>
    );
  }
  const times = rows.map((r) => r.time);
  let min = Math.min(...times);
  let max = Math.max(...times);
  // A single moment: widen the axis so that the point sits in the middle.
  const pad = max === min ? 12 * 3600_000 : (max - min) * 0.06;
  min -= pad;
  max += pad;
  const sameDay = new Date(min).toDateString() === new Date(max).toDateString();
  // Runs minutes apart (a busy afternoon of tuning) need the seconds to tell the ticks apart.
  const timeFormat = new Intl.DateTimeFormat(locale === "fr" ? "fr-FR" : "en-GB", { hour: "2-digit", minute: "2-digit", second: max - min < 20 * 60_000 ? "2-digit" : undefined });
  const tick = (value: number) => (sameDay ? timeFormat.format(value) : formatDay(value));
  const names = series.map((s) => s.suiteName);
  return (
    <figure className="flex flex-col gap-2" data-testid="rate-chart">
      <div className="h-64 w-full min-w-0">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={rows} margin={{ top: 16, right: 28, bottom: 4, left: -8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--color-border)" />
            <XAxis dataKey="time" type="number" scale="time" domain={[min, max]} tickFormatter={tick} tick={{ fontSize: 11, fill: "var(--color-muted-foreground)" }} tickCount={5} />
            <YAxis
              domain={[0, 100]}
              ticks={[0, 25, 50, 75, 100]}
              tickFormatter={(v: number) => formatPercent(v / 100, locale)}
              tick={{ fontSize: 11, fill: "var(--color-muted-foreground)" }}
              width={48}
            />
            <Tooltip content={<ChartTooltip names={names} />} />
            {series.length > 1 && <Legend wrapperStyle={{ fontSize: 12 }} />}
            {series.map((s, i) =>
              rateLine(
                s,
                i,
                s.points.length <= MAX_LABELLED_POINTS && (
                  <LabelList
                    dataKey={(row: Record<string, ChartPoint | undefined>) => {
                      const point = row[`point${i}`];
                      return point ? version(point.versionLabel) : "";
                    }}
                    position="right"
                    offset={8}
                    fontSize={11}
                    fill="var(--color-muted-foreground)"
                  />
                ),
              ),
            )}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="text-xs text-muted-foreground">{t("quality.chart.caption")}</figcaption>
    </figure>
  );
}
