import type { ProviderInput, Sovereignty, UpdateModelInput, UpdateProviderInput } from "@atelier/validators";
import { parseDecimal } from "~/lib/format";

export type ProviderKind = ProviderInput["kind"];
/** What happens to a stored API key when a provider is saved. */
export type KeyAction = "keep" | "replace" | "remove";

/** The provider form, as typed: numbers stay strings until submitted. */
export interface ProviderValues {
  kind: ProviderKind;
  name: string;
  baseUrl: string;
  path: string;
  apiKey: string;
  keyAction: KeyAction;
  sovereignty: Sovereignty;
  firstTokenTimeoutSeconds: string;
  totalTimeoutSeconds: string;
  maxRetries: string;
}

export const defaultProviderValues: ProviderValues = {
  kind: "openai_compatible",
  name: "",
  baseUrl: "",
  path: "",
  apiKey: "",
  keyAction: "replace",
  sovereignty: "on_premises",
  firstTokenTimeoutSeconds: "60",
  totalTimeoutSeconds: "600",
  maxRetries: "2",
};

const NOT_A_NUMBER = "Enter a number";

/** Numbers typed in the form; empty or invalid ones come back as issues with the shared message. */
function numbers<K extends string>(values: Record<K, string>, keys: readonly K[]) {
  const parsed = {} as Record<K, number>;
  const issues: { path: string[]; message: string }[] = [];
  for (const key of keys) {
    parsed[key] = parseDecimal(values[key]);
    if (Number.isNaN(parsed[key])) issues.push({ path: [key], message: NOT_A_NUMBER });
  }
  return { parsed, issues };
}

const timeoutKeys = ["firstTokenTimeoutSeconds", "totalTimeoutSeconds", "maxRetries"] as const;

/** The create input: only the location that matches the kind is sent, an empty key is no key. */
export function toCreateProviderInput(v: ProviderValues) {
  const { parsed, issues } = numbers(v, timeoutKeys);
  const local = v.kind === "local_gguf";
  return {
    input: {
      name: v.name,
      kind: v.kind,
      baseUrl: local ? null : v.baseUrl,
      path: local ? v.path : null,
      apiKey: local || v.apiKey === "" ? null : v.apiKey,
      sovereignty: v.sovereignty,
      ...parsed,
    },
    issues,
  };
}

/** The update input: the key is kept (omitted), removed (null) or replaced; replacing needs a key. */
export function toUpdateProviderInput(id: string, v: ProviderValues) {
  const { parsed, issues } = numbers(v, timeoutKeys);
  const local = v.kind === "local_gguf";
  const input: UpdateProviderInput = { id, name: v.name, sovereignty: v.sovereignty, ...parsed };
  if (local) input.path = v.path;
  else input.baseUrl = v.baseUrl;
  if (!local && v.keyAction === "remove") input.apiKey = null;
  if (!local && v.keyAction === "replace") {
    if (v.apiKey === "") issues.push({ path: ["apiKey"], message: "Enter the new key, or keep the current one" });
    else input.apiKey = v.apiKey;
  }
  return { input, issues };
}

/** A model row of the table, as typed. */
export interface ModelValues {
  displayName: string;
  chat: boolean;
  tools: boolean;
  embeddings: boolean;
  contextWindow: string;
  inputPricePerMTokEur: string;
  outputPricePerMTokEur: string;
  /** "" = inherit the provider's location. */
  sovereignty: Sovereignty | "";
  enabled: boolean;
}

export function modelValuesOf(m: {
  displayName: string;
  chat: boolean;
  tools: boolean;
  embeddings: boolean;
  contextWindow: number;
  inputPricePerMTokEur: number;
  outputPricePerMTokEur: number;
  sovereignty: Sovereignty | null;
  enabled: boolean;
}): ModelValues {
  return {
    displayName: m.displayName,
    chat: m.chat,
    tools: m.tools,
    embeddings: m.embeddings,
    contextWindow: String(m.contextWindow),
    inputPricePerMTokEur: String(m.inputPricePerMTokEur),
    outputPricePerMTokEur: String(m.outputPricePerMTokEur),
    sovereignty: m.sovereignty ?? "",
    enabled: m.enabled,
  };
}

const modelNumberKeys = ["contextWindow", "inputPricePerMTokEur", "outputPricePerMTokEur"] as const;

export function toUpdateModelInput(id: string, v: ModelValues) {
  const { parsed, issues } = numbers(v, modelNumberKeys);
  const input: UpdateModelInput = {
    id,
    displayName: v.displayName,
    chat: v.chat,
    tools: v.tools,
    embeddings: v.embeddings,
    sovereignty: v.sovereignty === "" ? null : v.sovereignty,
    enabled: v.enabled,
    ...parsed,
  };
  return { input, issues };
}

/** The "add a model manually" form: the name at the provider plus the row's fields. */
export function toAddModelInput(providerId: string, name: string, v: ModelValues) {
  const { input, issues } = toUpdateModelInput(providerId, v);
  const { id: _id, enabled: _enabled, ...fields } = input;
  return { input: { providerId, name, ...fields }, issues };
}

/** Whether a row differs from what is saved, so its Save button only lights up when useful. */
export function modelValuesChanged(a: ModelValues, b: ModelValues): boolean {
  return (Object.keys(a) as (keyof ModelValues)[]).some((k) => a[k] !== b[k]);
}
