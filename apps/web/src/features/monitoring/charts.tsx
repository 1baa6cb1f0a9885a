import { type ReactNode, useId } from "react";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  type TooltipContentProps,
  XAxis,
  YAxis,
} from "recharts";
import { formatInterval, formatRate } from "~/features/studio/quality-gate";
import { type Locale, useI18n } from "~/i18n";
import { formatCount } from "~/lib/format";
import { cn } from "~/lib/utils";
import { labelPlacements, type RatePoint, type RateRow, type RateSeries, type VersionMarker } from "./chart-data";
import { dayDate } from "./date-range";
import { CHART_COLORS } from "~/lib/chart-colors";
import { rateLine } from "~/components/charts/rate-line";

/** Series colours: the primary first, then hues that stay apart for colour-blind readers. */
export const COLORS = CHART_COLORS;
const AXIS_TICK = { fontSize: 11, fill: "var(--color-muted-foreground)" };
const tags: Record<Locale, string> = { en: "en-GB", fr: "fr-FR" };

/** A duration in seconds for an axis: "250 ms" under a second, else "1.5 s". */
export function formatSeconds(seconds: number, locale: Locale): string {
  if (seconds < 1) return `${formatCount(Math.round(seconds * 1000), locale)} ms`;
  return `${new Intl.NumberFormat(tags[locale], { maximumFractionDigits: 1 }).format(seconds)} s`;
}

/** "14 Mar" / "14 mars" for a day of the axis. */
export function useShortDay() {
  const { locale } = useI18n();
  const format = new Intl.DateTimeFormat(tags[locale], { day: "numeric", month: "short", timeZone: "UTC" });
  return (day: string) => format.format(dayDate(day));
}

/**
 * A chart with its title, a sentence that says what it shows (for everyone, and for screen
 * readers instead of the drawing), and the same figures as a table on demand.
 */
export function ChartFigure({
  title,
  summary,
  table,
  children,
  testId,
  className,
  autoHeight = false,
}: {
  title: string;
  summary: ReactNode;
  table?: ReactNode;
  children: ReactNode;
  testId: string;
  className?: string;
  /** The drawing sets its own height (e.g. one bar per row). */
  autoHeight?: boolean;
}) {
  const { t } = useI18n();
  const id = useId();
  return (
    <figure className={cn("flex min-w-0 flex-col gap-3 rounded-lg border bg-card p-4 shadow-sm sm:p-5", className)} aria-labelledby={`${id}-title`} aria-describedby={`${id}-summary`} data-testid={testId}>
      <div>
        <h3 id={`${id}-title`} className="font-semibold">
          {title}
        </h3>
        <p id={`${id}-summary`} className="mt-1 text-sm text-muted-foreground" data-testid="chart-summary">
          {summary}
        </p>
      </div>
      <div className={cn("w-full min-w-0", !autoHeight && "h-56")}>{children}</div>
      {table && (
        <details className="group text-sm">
          <summary className="cursor-pointer select-none rounded-sm text-xs font-medium text-muted-foreground hover:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring">
            {t("monitoring.charts.showTable")}
          </summary>
          <div className="mt-2 max-h-72 overflow-auto rounded-md border">{table}</div>
        </details>
      )}
    </figure>
  );
}

/** A small table of figures under a chart. */
export function FigureTable({ columns, rows }: { columns: string[]; rows: (string | number)[][] }) {
  return (
    <table className="w-full text-xs">
      <thead className="sticky top-0 border-b bg-muted text-muted-foreground">
        <tr>
          {columns.map((c, i) => (
            <th key={c} scope="col" className={cn("px-2 py-1.5 font-medium", i === 0 ? "text-left" : "text-right")}>
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="divide-y">
        {rows.map((row) => (
          <tr key={String(row[0])}>
            {row.map((cell, i) => (
              <td key={`${columns[i]}`} className={cn("px-2 py-1 tabular-nums", i === 0 ? "text-left" : "text-right")}>
                {cell}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function RateTooltip({ active, payload, names }: Partial<TooltipContentProps<number, string>> & { names: string[] }) {
  const { t, locale, formatDate } = useI18n();
  if (!active || !payload?.length) return null;
  const points = payload.flatMap((entry) => {
    const index = Number(String(entry.dataKey).replace("rate", ""));
    const point = (entry.payload as Record<string, RatePoint | undefined>)[`point${index}`];
    return point && entry.value != null ? [{ index, point }] : [];
  });
  if (points.length === 0) return null;
  return (
    <div className="flex max-w-xs flex-col gap-2 rounded-md border bg-card p-3 text-xs shadow-md">
      {points.map(({ index, point: p }) => (
        <div key={p.runId} className="flex flex-col gap-0.5">
          <p className="font-medium text-foreground">{names[index]}</p>
          <p className="text-muted-foreground">
            <span className="font-mono">{p.versionLabel === "draft" ? t("monitoring.draft") : p.versionLabel}</span> · {formatDate(p.time)}
          </p>
          <p className="tabular-nums">
            <span className="font-semibold">{formatRate(p.rate / 100, locale)}</span> ({formatInterval(p.low / 100, p.high / 100, locale)}) ·{" "}
            {t("monitoring.charts.cases", { count: formatCount(p.total, locale) })}
          </p>
        </div>
      ))}
    </div>
  );
}

/**
 * The correct-answer rate of each suite over time, its 95 % interval as whiskers, and a marker
 * per published version (dashed and red when it was published despite a failing check).
 */
export function RateOverTime({ series, rows, markers, domain }: { series: RateSeries[]; rows: RateRow[]; markers: VersionMarker[]; domain: [number, number] }) {
  const { locale, formatDay } = useI18n();
  const [min, max] = domain;
  const sameDay = max - min < 86_400_000;
  // Within a few minutes (right after a few publishes), seconds tell the moments apart.
  const timeFormat = new Intl.DateTimeFormat(tags[locale], { hour: "2-digit", minute: "2-digit", ...(max - min < 600_000 ? { second: "2-digit" } : {}) });
  const tick = (value: number) => (sameDay ? timeFormat.format(value) : formatDay(value));
  const placements = labelPlacements(markers, domain);
  const names = series.map((s) => s.suiteName);
  return (
    <ResponsiveContainer width="100%" height="100%">
      <LineChart data={rows} margin={{ top: 22, right: 24, bottom: 4, left: -8 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="var(--color-border)" />
        <XAxis dataKey="time" type="number" scale="time" domain={[min, max]} allowDataOverflow tickFormatter={tick} tick={AXIS_TICK} tickCount={5} />
        <YAxis domain={[0, 100]} ticks={[0, 25, 50, 75, 100]} tickFormatter={(v: number) => formatRate(v / 100, locale)} tick={AXIS_TICK} width={48} />
        <Tooltip content={<RateTooltip names={names} />} />
        {series.length > 1 && <Legend wrapperStyle={{ fontSize: 12 }} />}
        {markers.map((m, i) => (
          <ReferenceLine
            key={m.id}
            x={m.time}
            className="version-marker"
            stroke={m.overridden ? "var(--color-destructive)" : "var(--color-muted-foreground)"}
            strokeDasharray={m.overridden ? "5 3" : "2 3"}
            strokeWidth={m.overridden ? 1.5 : 1}
            label={{ value: m.label, position: placements[i], fontSize: 11, fill: m.overridden ? "var(--color-destructive)" : "var(--color-muted-foreground)" }}
          />
        ))}
        {series.map((s, i) => rateLine(s, i))}
      </LineChart>
    </ResponsiveContainer>
  );
}

export interface LineSpec {
  key: string;
  name: string;
  color: string;
  dashed?: boolean;
}

/** Lines over the days of the period (rates in percent, or durations in seconds). */
export function DailyLines({ rows, lines, unit }: { rows: Record<string, unknown>[]; lines: LineSpec[]; unit: "percent" | "seconds" }) {
  const { locale } = useI18n();
  const shortDay = useShortDay();
  const value = (v: number) => (unit === "percent" ? formatRate(v / 100, locale) : formatSeconds(v, locale));
  return (
    <ResponsiveContainer width="100%" height="100%">
      <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 4, left: -8 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="var(--color-border)" />
        <XAxis dataKey="date" tickFormatter={shortDay} tick={AXIS_TICK} minTickGap={24} />
        <YAxis domain={unit === "percent" ? [0, 100] : [0, "auto"]} tickFormatter={value} tick={AXIS_TICK} width={unit === "percent" ? 52 : 64} />
        <Tooltip labelFormatter={(d) => shortDay(String(d))} formatter={(v) => (typeof v === "number" ? value(v) : String(v ?? "—"))} contentStyle={{ fontSize: 12 }} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {lines.map((l) => (
          <Line
            key={l.key}
            dataKey={l.key}
            name={l.name}
            type="monotone"
            connectNulls
            stroke={l.color}
            strokeWidth={2}
            strokeDasharray={l.dashed ? "5 4" : undefined}
            dot={rows.length <= 31 ? { r: 2.5, fill: l.color, strokeWidth: 0 } : false}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}

export interface BarSpec {
  key: string;
  name: string;
  color: string;
}

/** Bars per day, stacked when there are several (e.g. cost per model). */
export function DailyBars({ rows, bars, format, whole = false }: { rows: Record<string, unknown>[]; bars: BarSpec[]; format: (v: number) => string; whole?: boolean }) {
  const shortDay = useShortDay();
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={rows} margin={{ top: 8, right: 16, bottom: 4, left: -4 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="var(--color-border)" vertical={false} />
        <XAxis dataKey="date" tickFormatter={shortDay} tick={AXIS_TICK} minTickGap={24} />
        <YAxis tickFormatter={format} tick={AXIS_TICK} width={60} allowDecimals={!whole} />
        <Tooltip labelFormatter={(d) => shortDay(String(d))} formatter={(v) => (typeof v === "number" ? format(v) : String(v ?? "—"))} contentStyle={{ fontSize: 12 }} cursor={{ fill: "var(--color-muted)" }} />
        {bars.length > 1 && <Legend wrapperStyle={{ fontSize: 12 }} />}
        {bars.map((b) => (
          <Bar key={b.key} dataKey={b.key} name={b.name} stackId="day" fill={b.color} isAnimationActive={false} maxBarSize={36} />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}

/** In place of a drawing whose values are all zero: says so instead of showing empty axes. */
export function ChartNote({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <div className="flex h-full items-center justify-center rounded-md border border-dashed px-4 text-center text-sm text-muted-foreground" data-testid={testId}>
      <span>{children}</span>
    </div>
  );
}
