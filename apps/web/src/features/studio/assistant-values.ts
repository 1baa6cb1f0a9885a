import type { KnowledgeStrictnessLevel, Visibility } from "@atelier/validators";
import type { AssistantDetail } from "~/lib/trpc";

export const builtInTools = ["knowledgeSearch", "calculator", "currentDatetime", "sqlQuery"] as const;
export type BuiltInTool = (typeof builtInTools)[number];

export const authTypes = ["none", "bearer", "header", "query"] as const;
export type AuthType = (typeof authTypes)[number];

/** One HTTP action as the form edits it (strings, "none" for no authentication). */
export interface HttpActionValues {
  id: string;
  name: string;
  specText: string;
  /** "" = the specification's first server. */
  baseUrl: string;
  operationIds: string[];
  authType: AuthType;
  /** The header or query parameter that carries the secret. */
  authName: string;
  secretId: string;
}

export interface AssistantValues {
  name: string;
  description: string;
  emoji: string;
  instructions: string;
  /** "" = the workspace default. */
  modelId: string;
  temperature: string;
  maxOutputTokens: string;
  visibility: Visibility;
  teamId: string;
  /** Data sources the assistant answers from (only those the user may see). */
  sourceIds: string[];
  knowledgePassages: string;
  knowledgeStrictness: KnowledgeStrictnessLevel;
  tools: Record<BuiltInTool, boolean> & { httpActions: HttpActionValues[] };
  starters: string[];
}

export const emptyAssistant: AssistantValues = {
  name: "",
  description: "",
  emoji: "🤖",
  instructions: "",
  modelId: "",
  temperature: "0.3",
  maxOutputTokens: "1024",
  visibility: "private",
  teamId: "",
  sourceIds: [],
  knowledgePassages: "5",
  knowledgeStrictness: "prefer_knowledge",
  tools: { knowledgeSearch: false, calculator: false, currentDatetime: false, sqlQuery: false, httpActions: [] },
  starters: [],
};

export const MAX_STARTERS = 6;
export const MAX_HTTP_ACTIONS = 10;

/** The form's values for an assistant's draft, as `assistants.byId` returns it. */
export function valuesOf(a: AssistantDetail): AssistantValues {
  return {
    name: a.name,
    description: a.description,
    emoji: a.emoji,
    instructions: a.instructions,
    modelId: a.modelId ?? "",
    temperature: String(a.temperature),
    maxOutputTokens: String(a.maxOutputTokens),
    visibility: a.visibility,
    teamId: a.teamId ?? "",
    sourceIds: a.sourceIds,
    knowledgePassages: String(a.knowledgePassages),
    knowledgeStrictness: a.knowledgeStrictness,
    tools: {
      knowledgeSearch: !!a.tools.knowledgeSearch,
      calculator: !!a.tools.calculator,
      currentDatetime: !!a.tools.currentDatetime,
      sqlQuery: !!a.tools.sqlQuery,
      httpActions: (a.tools.httpActions ?? []).map((h) => ({
        id: h.id,
        name: h.name,
        specText: h.specText,
        baseUrl: h.baseUrl ?? "",
        operationIds: h.operationIds,
        authType: h.auth?.type ?? "none",
        authName: h.auth?.name ?? "",
        secretId: h.auth?.secretId ?? "",
      })),
    },
    starters: a.starters,
  };
}

/** A number typed in either locale; empty gives NaN so that the schema reports it. */
const num = (s: string) => (s.trim() === "" ? Number.NaN : Number(s.trim().replace(",", ".")));

/** The API's tools configuration: only the switches that are on, no empty list (so an unchanged draft stays equal to its version). */
export function toToolsInput(tools: AssistantValues["tools"]) {
  const out: {
    knowledgeSearch?: boolean;
    calculator?: boolean;
    currentDatetime?: boolean;
    sqlQuery?: boolean;
    httpActions?: { id: string; name: string; specText: string; baseUrl?: string; operationIds: string[]; auth?: { type: Exclude<AuthType, "none">; name?: string; secretId: string } }[];
  } = {};
  for (const key of builtInTools) if (tools[key]) out[key] = true;
  if (tools.httpActions.length) {
    out.httpActions = tools.httpActions.map((h) => ({
      id: h.id,
      name: h.name,
      specText: h.specText,
      ...(h.baseUrl.trim() ? { baseUrl: h.baseUrl.trim() } : {}),
      operationIds: h.operationIds,
      ...(h.authType === "none" ? {} : { auth: { type: h.authType, ...(h.authType !== "bearer" && h.authName.trim() ? { name: h.authName.trim() } : {}), secretId: h.secretId } }),
    }));
  }
  return out;
}

/** Form strings to the API input. Sharing is left out for co-editors (only owners and admins may change it). */
export function toAssistantInput(v: AssistantValues, options: { sharing?: boolean } = {}) {
  const sharing = options.sharing ?? true;
  return {
    name: v.name,
    description: v.description,
    emoji: v.emoji,
    instructions: v.instructions,
    modelId: v.modelId || null,
    temperature: num(v.temperature),
    maxOutputTokens: num(v.maxOutputTokens),
    ...(sharing ? { visibility: v.visibility, teamId: v.visibility === "team" ? v.teamId || null : null } : {}),
    sourceIds: v.sourceIds,
    knowledgePassages: num(v.knowledgePassages),
    knowledgeStrictness: v.knowledgeStrictness,
    tools: toToolsInput(v.tools),
    starters: v.starters.map((s) => s.trim()),
  };
}

/** Whether two sets of values would save the same assistant. */
export function sameValues(a: AssistantValues, b: AssistantValues): boolean {
  return JSON.stringify(toAssistantInput(a)) === JSON.stringify(toAssistantInput(b));
}

/**
 * Checks the schema cannot make about an HTTP action's authentication: a secret, and the name of
 * the header or query parameter. Keys are the form's field paths, values English sentences.
 */
export function httpActionIssues(h: HttpActionValues, index: number): { path: string[]; message: string }[] {
  const issues: { path: string[]; message: string }[] = [];
  const at = ["tools", "httpActions", String(index)];
  if (h.operationIds.length === 0) issues.push({ path: [...at, "operationIds"], message: "Pick at least one operation" });
  if (h.authType !== "none" && !h.secretId) issues.push({ path: [...at, "auth", "secretId"], message: "Choose the secret to send" });
  if ((h.authType === "header" || h.authType === "query") && !h.authName.trim()) {
    issues.push({ path: [...at, "auth", "name"], message: h.authType === "header" ? "Name the header" : "Name the query parameter" });
  }
  return issues;
}

/** A short random id for a new HTTP action (unique within one assistant). */
export function newActionId(): string {
  return `act_${Math.random().toString(36).slice(2, 10)}`;
}
