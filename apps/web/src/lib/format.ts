import type { Locale } from "~/i18n/types";

const tags: Record<Locale, string> = { en: "en-GB", fr: "fr-FR" };

/** An amount in euros: cents for ordinary amounts, two significant digits for the tiny costs of a few calls. */
export function formatEur(amount: number, locale: Locale): string {
  const small = amount !== 0 && Math.abs(amount) < 0.01;
  return new Intl.NumberFormat(tags[locale], {
    style: "currency",
    currency: "EUR",
    ...(small ? { maximumSignificantDigits: 2 } : { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
  }).format(amount);
}

/** A price per million tokens, e.g. "€0.15" / "0,15 €"; free models read "€0.00". */
export function formatPricePerMTok(price: number, locale: Locale): string {
  return new Intl.NumberFormat(tags[locale], { style: "currency", currency: "EUR", minimumFractionDigits: 2, maximumFractionDigits: 4 }).format(price);
}

/** A whole count with the locale's grouping, e.g. "1,234" / "1 234". */
export function formatCount(value: number, locale: Locale): string {
  return new Intl.NumberFormat(tags[locale], { maximumFractionDigits: 0 }).format(value);
}

/** A token count in short form, e.g. "12.3K", "1.2M" / "12,3 k", "1,2 M". */
export function formatTokens(value: number, locale: Locale): string {
  if (Math.abs(value) < 10_000) return formatCount(value, locale);
  // British English writes "1.2m", which reads like metres; the US "1.2M" is the usual token notation.
  return new Intl.NumberFormat(locale === "en" ? "en-US" : tags[locale], { notation: "compact", maximumFractionDigits: 1 }).format(value);
}

/** Parses a number typed in either locale ("0,15" or "0.15"); empty or invalid input gives NaN. */
export function parseDecimal(text: string): number {
  const trimmed = text.trim().replace(/\s/g, "").replace(",", ".");
  return trimmed === "" ? Number.NaN : Number(trimmed);
}

const relativeUnits: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

/** How long ago (or in how long) a moment is, e.g. "5 minutes ago" / "il y a 5 minutes", "now" under a minute. */
export function formatRelativeTime(date: Date | string | number, locale: Locale, now: Date | number = Date.now()): string {
  const seconds = (new Date(date).getTime() - new Date(now).getTime()) / 1000;
  const format = new Intl.RelativeTimeFormat(tags[locale], { numeric: "auto" });
  for (const [unit, size] of relativeUnits) {
    if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  }
  return format.format(0, "second");
}

/** A duration, e.g. "850 ms", "12 s", "3 min 05 s", "1 h 02 min" (the same in both languages). */
export function formatDuration(ms: number, locale: Locale): string {
  if (ms < 1000) return `${formatCount(Math.max(0, ms), locale)} ms`;
  const total = Math.round(ms / 1000);
  if (total < 60) return `${total} s`;
  const pad = (n: number) => String(n).padStart(2, "0");
  const minutes = Math.floor(total / 60);
  if (minutes < 60) return `${minutes} min ${pad(total % 60)} s`;
  return `${Math.floor(minutes / 60)} h ${pad(minutes % 60)} min`;
}

/** A file size, e.g. "512 B", "1.5 MB" / "1,5 Mo". */
export function formatBytes(bytes: number, locale: Locale): string {
  const units = ["byte", "kilobyte", "megabyte", "gigabyte"] as const;
  let value = bytes;
  let i = 0;
  while (value >= 1024 && i < units.length - 1) {
    value /= 1024;
    i++;
  }
  if (i === 0) return `${formatCount(bytes, locale)} ${locale === "fr" ? "o" : "B"}`;
  return new Intl.NumberFormat(tags[locale], { style: "unit", unit: units[i], unitDisplay: "short", maximumFractionDigits: value < 10 ? 1 : 0 }).format(value);
}
