import type { Translate, TranslationKey } from "~/i18n";
import type { ToolStep } from "./live-answer";

/** The built-in tools (toolCatalog in packages/agent), by the name the model calls, with their label. */
export const builtInTools: Record<string, TranslationKey> = {
  knowledge_search: "chat.tools.names.knowledge_search",
  calculator: "chat.tools.names.calculator",
  current_datetime: "chat.tools.names.current_datetime",
  sql_query: "chat.tools.names.sql_query",
};

/** A tool's name for people: the catalog label of a built-in tool, else the operation's own name. */
export function toolLabel(name: string, t: Translate): string {
  const label = builtInTools[name];
  return label ? t(label) : name;
}

/** "Searched knowledge", "Used Calculator", "Called createTicket" — or "…ing" while it runs. */
export function stepTitle(step: Pick<ToolStep, "name" | "ok" | "approval">, t: Translate): string {
  const tool = toolLabel(step.name, t);
  if (step.approval === "pending") return t("chat.tools.waiting", { tool });
  const running = step.ok === null && step.approval !== "refused";
  if (step.name === "knowledge_search") return running ? t("chat.tools.searchingKnowledge") : t("chat.tools.searchedKnowledge");
  if (builtInTools[step.name]) return running ? t("chat.tools.using", { tool }) : t("chat.tools.used", { tool });
  return running ? t("chat.tools.calling", { tool }) : t("chat.tools.called", { tool });
}
