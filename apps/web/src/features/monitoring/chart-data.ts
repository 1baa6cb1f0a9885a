import type { CostRow, DashboardRun, DashboardVersion, DayStats } from "./types";

const DAY_MS = 86_400_000;

/** One finished run on the correct-answer chart (rates in percent, 0–100). */
export interface RatePoint {
  runId: string;
  time: number;
  rate: number;
  low: number;
  high: number;
  versionLabel: string;
  total: number;
  judged: boolean;
}

export interface RateSeries {
  suiteId: string;
  suiteName: string;
  points: RatePoint[];
}

/** A chart row: the moment, and for each series i that was measured then `rate<i>`, `error<i>` (whiskers) and `point<i>`. */
export type RateRow = { time: number } & Record<string, number | [number, number] | RatePoint | undefined>;

export interface VersionMarker {
  id: string;
  label: string;
  time: number;
  /** Published despite a failing quality check (with a written reason). */
  overridden: boolean;
}

/** A rate (0–1) in percent, to the hundredth. */
const hundredths = (rate: number) => Math.round(rate * 10_000) / 100;
const startOf = (day: string) => Date.parse(`${day}T00:00:00Z`);
const inPeriod = (time: number, range: { from: string; to: string }) => time >= startOf(range.from) && time < startOf(range.to) + DAY_MS;

/** The finished runs of the period with a rate, one series per suite (in the order the suites were first measured). */
export function rateSeries(runs: readonly DashboardRun[], range: { from: string; to: string }): RateSeries[] {
  const bySuite = new Map<string, RateSeries>();
  for (const run of runs) {
    if (run.correctRate === null || !run.finishedAt) continue;
    const time = new Date(run.finishedAt).getTime();
    if (!inPeriod(time, range)) continue;
    const series = bySuite.get(run.suiteId) ?? { suiteId: run.suiteId, suiteName: run.suiteName, points: [] };
    const rate = hundredths(run.correctRate);
    series.points.push({
      runId: run.id,
      time,
      rate,
      low: hundredths(run.rateLow ?? run.correctRate),
      high: hundredths(run.rateHigh ?? run.correctRate),
      versionLabel: run.versionLabel,
      total: run.total,
      judged: run.judged,
    });
    bySuite.set(run.suiteId, series);
  }
  for (const series of bySuite.values()) series.points.sort((a, b) => a.time - b.time);
  return [...bySuite.values()];
}

/** The series merged into rows by moment, as Recharts draws several lines over one time axis. */
export function rateRows(series: readonly RateSeries[]): RateRow[] {
  const rows = new Map<number, RateRow>();
  series.forEach((s, i) => {
    for (const p of s.points) {
      const row = rows.get(p.time) ?? { time: p.time };
      row[`rate${i}`] = p.rate;
      row[`error${i}`] = [p.rate - p.low, p.high - p.rate];
      row[`point${i}`] = p;
      rows.set(p.time, row);
    }
  });
  return [...rows.values()].sort((a, b) => a.time - b.time);
}

/** The versions published during the period, as markers on the time axis. */
export function versionMarkers(versions: readonly DashboardVersion[], range: { from: string; to: string }): VersionMarker[] {
  return versions
    .map((v) => ({ id: v.id, label: `v${v.number}`, time: new Date(v.createdAt).getTime(), overridden: !!v.overrideReason }))
    .filter((m) => inPeriod(m.time, range))
    .sort((a, b) => a.time - b.time);
}

/** The time axis around some moments, padded so that nothing sits on an edge; a single moment sits in the middle. */
export function timeDomain(times: readonly number[]): [number, number] | null {
  if (times.length === 0) return null;
  const min = Math.min(...times);
  const max = Math.max(...times);
  const pad = max === min ? 3600_000 : Math.max((max - min) * 0.08, 1000);
  return [min - pad, max + pad];
}

/** A rate (0–1) in percent for a chart, null kept (no data that day). */
export const toPercent = (rate: number | null): number | null => (rate === null ? null : Math.round(rate * 1000) / 10);

/** The daily rates and durations, ready for the charts (percent, seconds). */
export function dailyRows(series: readonly DayStats[]) {
  return series.map((d) => ({
    date: d.date,
    answers: d.answers,
    errors: d.errors,
    feedbackRate: toPercent(d.feedbackRate),
    thumbsUpRate: toPercent(d.thumbsUpRate),
    abstentionRate: toPercent(d.abstentionRate),
    noPassageRate: toPercent(d.noPassageRate),
    groundedRate: toPercent(d.groundedRate),
    latencyP50: d.latencyP50Ms === null ? null : d.latencyP50Ms / 1000,
    latencyP95: d.latencyP95Ms === null ? null : d.latencyP95Ms / 1000,
    firstTokenP50: d.firstTokenP50Ms === null ? null : d.firstTokenP50Ms / 1000,
    firstTokenP95: d.firstTokenP95Ms === null ? null : d.firstTokenP95Ms / 1000,
  }));
}
export type DailyRow = ReturnType<typeof dailyRows>[number];

export type StackMetric = "cost" | "tokens";

/** Cost (€) or tokens per day, one stacked key per model, for every day of the period. */
export function modelStacks(rows: readonly CostRow[], days: readonly string[], metric: StackMetric) {
  const models: { key: string; name: string }[] = [];
  const keyOf = new Map<string, string>();
  for (const r of rows) {
    if (!keyOf.has(r.modelId)) {
      const key = `m${models.length}`;
      keyOf.set(r.modelId, key);
      models.push({ key, name: r.model });
    }
  }
  const byDay = new Map<string, Record<string, number>>();
  for (const r of rows) {
    const day = byDay.get(r.date) ?? {};
    const key = keyOf.get(r.modelId)!;
    day[key] = (day[key] ?? 0) + (metric === "cost" ? r.costEur : r.inputTokens + r.outputTokens);
    byDay.set(r.date, day);
  }
  return { models, rows: days.map((date) => ({ date, ...(byDay.get(date) ?? {}) })) as ({ date: string } & Record<string, number>)[] };
}

/** Per model over the whole period: calls, tokens and cost (the chart's table). */
export function modelTotals(rows: readonly CostRow[]) {
  const totals = new Map<string, { model: string; calls: number; inputTokens: number; outputTokens: number; costEur: number }>();
  for (const r of rows) {
    const t = totals.get(r.modelId) ?? { model: r.model, calls: 0, inputTokens: 0, outputTokens: 0, costEur: 0 };
    t.calls += r.calls;
    t.inputTokens += r.inputTokens;
    t.outputTokens += r.outputTokens;
    t.costEur += r.costEur;
    totals.set(r.modelId, t);
  }
  return [...totals.values()].sort((a, b) => b.costEur - a.costEur || b.calls - a.calls);
}

/** The busiest day of the period, or null without answers. */
export function busiestDay(series: readonly DayStats[]): { date: string; answers: number } | null {
  let best: { date: string; answers: number } | null = null;
  for (const d of series) if (d.answers > 0 && (!best || d.answers > best.answers)) best = { date: d.date, answers: d.answers };
  return best;
}

/**
 * Where each version's label goes: above the chart, or just inside its top edge when the marker
 * before it is too close (so that "v2" and "v3" published the same hour do not overlap).
 */
export function labelPlacements(markers: readonly VersionMarker[], domain: [number, number], minGap = 0.05): ("top" | "insideTop")[] {
  const width = domain[1] - domain[0] || 1;
  let lastTop = Number.NEGATIVE_INFINITY;
  return markers.map((m) => {
    if ((m.time - lastTop) / width >= minGap) {
      lastTop = m.time;
      return "top";
    }
    return "insideTop";
  });
}
