import type { Locale } from "~/i18n/types";
import { parseDecimal } from "~/lib/format";

const tags: Record<Locale, string> = { en: "en-GB", fr: "fr-FR" };

/** A rate between 0 and 1 as a whole percentage, e.g. "78%" / "78 %". */
export function formatPercent(rate: number, locale: Locale): string {
  return new Intl.NumberFormat(tags[locale], { style: "percent", maximumFractionDigits: 0 }).format(rate);
}

/** A 95 % interval, e.g. "64–88%" / "64–88 %" (the unit once, after the high end). */
export function formatInterval(low: number, high: number, locale: Locale): string {
  const whole = (v: number) => new Intl.NumberFormat(tags[locale], { maximumFractionDigits: 0 }).format(v * 100);
  // French puts a narrow no-break space before "%", as Intl does for the rate itself.
  return `${whole(low)}–${whole(high)}${locale === "fr" ? "\u202f" : ""}%`;
}

/** The headline of a run: "78% (64–88%)"; null before the run has a rate. */
export function formatRateWithInterval(run: { correctRate: number | null; rateLow: number | null; rateHigh: number | null }, locale: Locale): string | null {
  if (run.correctRate === null) return null;
  const rate = formatPercent(run.correctRate, locale);
  return run.rateLow === null || run.rateHigh === null ? rate : `${rate} (${formatInterval(run.rateLow, run.rateHigh, locale)})`;
}

/** A cost in micro-euros as euros with 4 decimals, e.g. "€0.0123" / "0,0123 €". */
export function formatMicroEur(microEur: number, locale: Locale): string {
  return new Intl.NumberFormat(tags[locale], { style: "currency", currency: "EUR", minimumFractionDigits: 4, maximumFractionDigits: 4 }).format(microEur / 1_000_000);
}

/** A fraction 0–1 as the text of a percentage field: 0.75 → "75", 0.055 → "5.5", null → "". */
export function percentFieldText(fraction: number | null, locale: Locale): string {
  if (fraction === null) return "";
  const value = Math.round(fraction * 10_000) / 100;
  return locale === "fr" ? String(value).replace(".", ",") : String(value);
}

/** The text of a percentage field as a fraction 0–1: "75" → 0.75, "" → null, "abc" → NaN. */
export function parsePercentField(text: string): number | null {
  if (text.trim() === "") return null;
  const value = parseDecimal(text.replace(/%/g, ""));
  return Number.isNaN(value) ? Number.NaN : Math.round(value * 100) / 10_000;
}

export type RunStatus = "queued" | "running" | "done" | "failed" | "cancelled";

/** Whether a run is still going (the pages poll while one is). */
export function isActiveRun(status: RunStatus): boolean {
  return status === "queued" || status === "running";
}

/** The schedule choices of a suite, in minutes (null: never). */
export const scheduleChoices = [
  { key: "none", minutes: null },
  { key: "hourly", minutes: 60 },
  { key: "daily", minutes: 1440 },
  { key: "weekly", minutes: 10080 },
] as const;
export type ScheduleKey = (typeof scheduleChoices)[number]["key"] | "custom";

export function scheduleKeyOf(minutes: number | null): ScheduleKey {
  return scheduleChoices.find((c) => c.minutes === minutes)?.key ?? "custom";
}

/** The part of a run summary the chart needs. */
export interface ChartRun {
  id: string;
  suiteId: string;
  suiteName: string;
  status: RunStatus;
  versionLabel: string;
  trigger: string;
  correctRate: number | null;
  rateLow: number | null;
  rateHigh: number | null;
  passed: number;
  completed: number;
  total: number;
  createdAt: Date;
  finishedAt: Date | null;
}

export interface ChartPoint {
  runId: string;
  /** Milliseconds since the epoch: the run's end. */
  time: number;
  /** Percentages 0–100, as the chart's axis reads them. */
  rate: number;
  low: number;
  high: number;
  /** Distances from the rate to the interval's ends, for the whiskers. */
  error: [number, number];
  versionLabel: string;
  trigger: string;
  passed: number;
  total: number;
}

export interface ChartSeries {
  suiteId: string;
  suiteName: string;
  points: ChartPoint[];
}

/** Each suite's finished runs in time order, as percentages, oldest first; suites without one are left out. */
export function chartSeries(runs: readonly ChartRun[]): ChartSeries[] {
  const bySuite = new Map<string, ChartSeries>();
  for (const run of runs) {
    if (run.status !== "done" || run.correctRate === null) continue;
    const rate = run.correctRate * 100;
    const low = (run.rateLow ?? run.correctRate) * 100;
    const high = (run.rateHigh ?? run.correctRate) * 100;
    const series = bySuite.get(run.suiteId) ?? { suiteId: run.suiteId, suiteName: run.suiteName, points: [] };
    series.points.push({
      runId: run.id,
      time: new Date(run.finishedAt ?? run.createdAt).getTime(),
      rate,
      low,
      high,
      error: [Math.max(0, rate - low), Math.max(0, high - rate)],
      versionLabel: run.versionLabel,
      trigger: run.trigger,
      passed: run.passed,
      total: run.completed || run.total,
    });
    bySuite.set(run.suiteId, series);
  }
  const all = [...bySuite.values()];
  for (const s of all) s.points.sort((a, b) => a.time - b.time);
  // The suite measured first comes first (and keeps the first colour as others are added).
  return all.sort((a, b) => a.points[0]!.time - b.points[0]!.time);
}

/** One moment of the chart: the points of the suites measured then, under keys `rate0`, `error0`, `point0`… by series index. */
export type ChartRow = { time: number } & Record<`rate${number}`, number> & Record<`error${number}`, [number, number]> & Record<`point${number}`, ChartPoint>;

/**
 * The series merged into rows by time, as the chart reads them (one data set for every line, so
 * that the tooltip and the whiskers of a moment belong to the runs that finished then).
 */
export function chartRows(series: readonly ChartSeries[]): ChartRow[] {
  const byTime = new Map<number, Record<string, unknown>>();
  series.forEach((s, i) => {
    for (const p of s.points) {
      const row = byTime.get(p.time) ?? { time: p.time };
      row[`rate${i}`] = p.rate;
      row[`error${i}`] = p.error;
      row[`point${i}`] = p;
      byTime.set(p.time, row);
    }
  });
  return [...byTime.values()].sort((a, b) => (a.time as number) - (b.time as number)) as ChartRow[];
}

/** The latest finished run of a suite (runs are listed newest first). */
export function latestDoneRun<T extends { suiteId: string; status: RunStatus }>(runs: readonly T[], suiteId: string): T | null {
  return runs.find((r) => r.suiteId === suiteId && r.status === "done") ?? null;
}

/** The run of a suite in progress, if any. */
export function activeRun<T extends { suiteId: string; status: RunStatus }>(runs: readonly T[], suiteId: string): T | null {
  return runs.find((r) => r.suiteId === suiteId && isActiveRun(r.status)) ?? null;
}
