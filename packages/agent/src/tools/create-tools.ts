import { createCalculatorTool } from "./calculator";
import { createCurrentDatetimeTool } from "./current-datetime";
import { createHttpActionTool, type HttpActionAuth } from "./http-action";
import { createKnowledgeSearchTool } from "./knowledge-search";
import { type OpenApiDocument, OpenApiError, parseOpenApi } from "./openapi";
import { createSqlQueryTool } from "./sql-query";
import type { AtelierTool } from "./tool-definition";

/** Operations of one OpenAPI specification that an assistant may call. */
export interface HttpActionsConfig {
  specText: string;
  /** Default: the specification's first server. */
  baseUrl?: string;
  /** The operations to expose, by operationId (or the method_path slug parseOpenApi gives those without one). */
  operationIds: string[];
  auth?: HttpActionAuth;
}

/** The tools an assistant version has, as the Studio saves them. */
export interface AssistantToolsConfig {
  knowledgeSearch?: boolean;
  calculator?: boolean;
  currentDatetime?: boolean;
  sqlQuery?: boolean;
  httpActions?: HttpActionsConfig[];
}

/** A tools configuration that cannot be built, with a sentence for the Studio. */
export class ToolConfigError extends Error {
  override readonly name = "ToolConfigError";
}

type BuiltInKey = "knowledgeSearch" | "calculator" | "currentDatetime" | "sqlQuery";

export interface ToolCatalogEntry {
  /** The name the model calls. */
  name: string;
  /** The AssistantToolsConfig switch that enables it. */
  configKey: BuiltInKey;
  label: { en: string; fr: string };
  description: { en: string; fr: string };
}

/** The built-in tools, for the Studio's tool picker. */
export const toolCatalog: readonly ToolCatalogEntry[] = [
  {
    name: "knowledge_search",
    configKey: "knowledgeSearch",
    label: { en: "Knowledge search", fr: "Recherche documentaire" },
    description: {
      en: "Searches the assistant's data sources and answers with citations of the passages it used.",
      fr: "Cherche dans les sources de données de l'assistant et répond en citant les passages utilisés.",
    },
  },
  {
    name: "calculator",
    configKey: "calculator",
    label: { en: "Calculator", fr: "Calculatrice" },
    description: {
      en: "Computes arithmetic exactly: percentages, rounding, decimals with a point or a comma.",
      fr: "Calcule sans erreur : pourcentages, arrondis, nombres décimaux avec une virgule ou un point.",
    },
  },
  {
    name: "current_datetime",
    configKey: "currentDatetime",
    label: { en: "Date and time", fr: "Date et heure" },
    description: {
      en: "Gives today's date, weekday and time in the user's time zone, for deadlines and durations.",
      fr: "Donne la date, le jour et l'heure dans le fuseau de l'utilisateur, pour les échéances et les durées.",
    },
  },
  {
    name: "sql_query",
    configKey: "sqlQuery",
    label: { en: "Table queries (SQL)", fr: "Requêtes sur tableaux (SQL)" },
    description: {
      en: "Answers questions on the tables attached to the assistant with read-only SQL queries: totals, averages, filters.",
      fr: "Répond aux questions sur les tableaux joints à l'assistant par des requêtes SQL en lecture seule : totaux, moyennes, filtres.",
    },
  },
];

const BUILT_INS: Record<BuiltInKey, () => AtelierTool<any>> = {
  knowledgeSearch: createKnowledgeSearchTool,
  calculator: createCalculatorTool,
  currentDatetime: createCurrentDatetimeTool,
  sqlQuery: createSqlQueryTool,
};

/**
 * Builds an assistant's tools from its configuration (no run-time context needed: that comes with
 * each call). Each specification is parsed once. Throws a ToolConfigError for an invalid
 * specification, an unknown operation, a missing base URL, or two tools with the same name.
 */
export function createTools(config: AssistantToolsConfig): AtelierTool[] {
  const tools: { tool: AtelierTool<any>; origin: string }[] = [];
  for (const entry of toolCatalog) {
    if (config[entry.configKey]) tools.push({ tool: BUILT_INS[entry.configKey](), origin: `the built-in ${entry.label.en} tool` });
  }

  const parsed = new Map<string, OpenApiDocument>();
  for (const [index, action] of (config.httpActions ?? []).entries()) {
    let doc = parsed.get(action.specText);
    if (!doc) {
      try {
        doc = parseOpenApi(action.specText);
      } catch (error) {
        if (error instanceof OpenApiError) throw new ToolConfigError(`HTTP actions ${index + 1}: ${error.message}`, { cause: error });
        throw error;
      }
      parsed.set(action.specText, doc);
    }
    const baseUrl = action.baseUrl?.trim() || doc.servers[0];
    if (!baseUrl) throw new ToolConfigError(`${doc.title}: the specification names no server, so the base URL of the API must be given.`);
    for (const operationId of action.operationIds) {
      const operation = doc.operations.find((o) => o.operationId === operationId);
      if (!operation) {
        const known = doc.operations.map((o) => o.operationId);
        throw new ToolConfigError(`${doc.title} has no operation "${operationId}". Its operations: ${known.slice(0, 30).join(", ")}${known.length > 30 ? "…" : ""}.`);
      }
      try {
        tools.push({ tool: createHttpActionTool(operation, { baseUrl, ...(action.auth ? { auth: action.auth } : {}) }), origin: `the ${operationId} operation of ${doc.title}` });
      } catch (error) {
        if (error instanceof OpenApiError) throw new ToolConfigError(`${doc.title}: ${error.message}`, { cause: error });
        throw error;
      }
    }
  }

  const byName = new Map<string, string>();
  for (const { tool, origin } of tools) {
    const other = byName.get(tool.name);
    if (other) throw new ToolConfigError(`Two tools would be named "${tool.name}": ${other} and ${origin}. Leave one of them out.`);
    byName.set(tool.name, origin);
  }
  return tools.map(({ tool }) => tool);
}
