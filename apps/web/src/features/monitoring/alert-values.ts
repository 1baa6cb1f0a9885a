import type { Locale } from "~/i18n";
import { parseDecimal } from "~/lib/format";
import type { AlertMetric } from "./types";

/** A rule's threshold as the text of its field: a rate (0–1) in percent, a cost in euros. */
export function thresholdFieldText(metric: AlertMetric, threshold: number, locale: Locale): string {
  const value = metric === "cost_per_day" ? Math.round(threshold * 100) / 100 : Math.round(threshold * 10_000) / 100;
  return locale === "fr" ? String(value).replace(".", ",") : String(value);
}

/** The threshold typed in the field as the API stores it (0–1 for rates, euros for cost), or what is wrong with it. */
export function thresholdFromField(metric: AlertMetric, text: string): number | "number" | "rate" | "cost" {
  const value = parseDecimal(text.replace(/[%€]/g, ""));
  if (Number.isNaN(value)) return "number";
  if (metric === "cost_per_day") return value < 0 ? "cost" : value;
  if (value < 0 || value > 100) return "rate";
  return Math.round(value * 100) / 10_000;
}
