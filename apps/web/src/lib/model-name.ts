import { en } from "~/i18n/en";
import type { Translate } from "~/i18n/types";

/**
 * A model's name as shown to the user. The built-in engine's name comes from the server in
 * English ("Built-in, no LLM — answers only from knowledge"); it is shown in the user's language.
 */
export function localModelName(displayName: string, t: Translate): string {
  return displayName === en.knowledge.builtinModel ? t("knowledge.builtinModel") : displayName;
}
