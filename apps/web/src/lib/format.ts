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
