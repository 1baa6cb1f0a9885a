import type { Sovereignty } from "@atelier/validators";

/** How each data location is shown: green on premises, blue in the EU, amber outside. */
export const sovereigntyTone = {
  on_premises: "success",
  eu_hosted: "info",
  external: "warning",
} as const satisfies Record<Sovereignty, "success" | "info" | "warning">;

/** Translation keys of a location's short label and of the sentence that explains it. */
export function sovereigntyKeys(sovereignty: Sovereignty) {
  return { label: `sovereignty.${sovereignty}`, help: `sovereigntyHelp.${sovereignty}` } as const;
}
