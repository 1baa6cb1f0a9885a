/** The periods the Monitoring pages offer; "custom" reads `from` and `to` from the URL. */
export const periods = ["7d", "30d", "90d", "1y", "custom"] as const;
export type Period = (typeof periods)[number];
type Preset = Exclude<Period, "custom">;

export const DEFAULT_PERIOD: Preset = "30d";
const PRESET_DAYS: Record<Preset, number> = { "7d": 7, "30d": 30, "90d": 90, "1y": 365 };
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/** A period of whole UTC days, inclusive, as the monitoring procedures take it. */
export interface DateRange {
  period: Period;
  from: string;
  to: string;
}

export function isIsoDay(text: string | null | undefined): text is string {
  return !!text && ISO_DAY.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`));
}

/** Today as the server counts days (UTC), e.g. "2025-03-14". */
export function utcToday(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Days from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}

function isPreset(value: string | null): value is Preset {
  return value !== null && value in PRESET_DAYS;
}

/**
 * The period in the URL (`?period=7d`, or `?period=custom&from=2025-01-01&to=2025-01-31`); the
 * last 30 days when there is none or it cannot be read. A custom period whose start is after its
 * end is kept as written: the server says what is wrong with it.
 */
export function rangeFromSearch(params: URLSearchParams, now: Date = new Date()): DateRange {
  const period = params.get("period");
  const from = params.get("from");
  const to = params.get("to");
  if (period === "custom" && isIsoDay(from) && isIsoDay(to)) return { period: "custom", from, to };
  const preset = isPreset(period) ? period : DEFAULT_PERIOD;
  const today = utcToday(now);
  return { period: preset, from: addDays(today, -(PRESET_DAYS[preset] - 1)), to: today };
}

/** The search parameters of a period (the default one leaves the URL clean). */
export function rangeParams(range: Pick<DateRange, "period"> & Partial<DateRange>): Record<string, string> {
  if (range.period === "custom") return { period: "custom", from: range.from ?? "", to: range.to ?? "" };
  return range.period === DEFAULT_PERIOD ? {} : { period: range.period };
}

/** A link that keeps the period the reader chose, e.g. "/monitoring/usage?period=7d". */
export function withRange(path: string, params: URLSearchParams): string {
  const kept = new URLSearchParams();
  for (const key of ["period", "from", "to"]) {
    const value = params.get(key);
    if (value) kept.set(key, value);
  }
  const query = kept.toString();
  return query ? `${path}?${query}` : path;
}

/** Why a custom period cannot be applied, or null. */
export function customRangeProblem(from: string, to: string): "missing" | "order" | "too_long" | null {
  if (!isIsoDay(from) || !isIsoDay(to)) return "missing";
  if (from > to) return "order";
  // The server accepts at most three years.
  if (daysBetween(from, to) - 1 > 3 * 366) return "too_long";
  return null;
}

/** A day as a Date at noon UTC, so that it reads as the same day in every time zone of Europe and America. */
export function dayDate(day: string): Date {
  return new Date(`${day}T12:00:00Z`);
}
