/** Series colours of every chart, in order: a suite or model keeps its colour from one chart to the next. */
export const CHART_COLORS = ["var(--color-primary)", "oklch(0.62 0.15 55)", "oklch(0.55 0.12 190)", "oklch(0.55 0.18 330)", "oklch(0.5 0.02 260)", "oklch(0.6 0.13 140)"];
