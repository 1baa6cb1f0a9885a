import type { Locale } from "~/i18n";

const tags: Record<Locale, string> = { en: "en-GB", fr: "fr-FR" };

/** Cohen's kappa with two decimals, e.g. "0.72" / "0,72", with a real minus sign. */
export function formatKappa(kappa: number, locale: Locale): string {
  return new Intl.NumberFormat(tags[locale], { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(kappa);
}

/** A trend in percentage points with its sign, e.g. "+5", "−3.5" (0 reads "0"). */
export function formatSignedPoints(difference: number, locale: Locale): string {
  const points = Math.round(difference * 1000) / 10;
  return new Intl.NumberFormat(tags[locale], { maximumFractionDigits: 1, signDisplay: "exceptZero" }).format(points);
}

/** How much a kappa says, after Landis and Koch (1977). */
export function kappaStrength(kappa: number): "poor" | "slight" | "fair" | "moderate" | "substantial" | "almost_perfect" {
  if (kappa < 0) return "poor";
  if (kappa <= 0.2) return "slight";
  if (kappa <= 0.4) return "fair";
  if (kappa <= 0.6) return "moderate";
  if (kappa <= 0.8) return "substantial";
  return "almost_perfect";
}

/** Below this many answers both graded and reviewed, the agreement is shown with a caution. */
export const FEW_PAIRS = 20;
