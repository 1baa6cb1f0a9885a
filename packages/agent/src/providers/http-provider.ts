import { hostOf } from "../model-endpoint";
import { ProviderError, toProviderError } from "../provider-error";

export interface HttpProviderConfig {
  kind: "openai_compatible" | "mistral" | "ollama";
  baseUrl: string;
  apiKey?: string | null;
}

export interface ListedModel {
  name: string;
  /** Facts the provider volunteers (Ollama and some gateways do); the admin completes the rest. */
  contextWindow?: number;
  embeddings?: boolean;
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

/** The OpenAI-compatible base URL of a provider (Ollama serves it under /v1 of its root). */
export function openAIBaseUrl(config: HttpProviderConfig): string {
  const base = config.baseUrl.replace(/\/+$/, "");
  return config.kind === "ollama" ? `${base}/v1` : base;
}

async function getJson(url: string, config: HttpProviderConfig, timeoutMs: number, fetchImpl: typeof fetch): Promise<any> {
  const host = hostOf(url);
  let res: Response;
  try {
    res = await fetchImpl(url, {
      headers: { accept: "application/json", ...(config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : {}) },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    if ((error as Error)?.name === "TimeoutError") throw new ProviderError("timeout", `The model server at ${host} did not answer within ${timeoutMs / 1000} s.`, true, { cause: error });
    throw toProviderError(error, host, "");
  }
  if (!res.ok) {
    if (res.status === 404) throw new ProviderError("bad_response", `The model server at ${host} has no model list at ${new URL(url).pathname} (HTTP 404). Check the base URL${config.kind === "ollama" ? "" : " (it usually ends with /v1)"}.`);
    throw toProviderError({ status: res.status, message: await res.text().catch(() => "") }, host, "");
  }
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ProviderError("bad_response", `The model server at ${host} answered with something that is not JSON (${JSON.stringify(text.slice(0, 60))}…). Is this the right URL?`, false, { cause: error });
  }
}

/** Lists a provider's models, or throws a ProviderError saying in plain words what went wrong. */
export async function listHttpProviderModels(config: HttpProviderConfig, options: { timeoutMs?: number; fetch?: typeof fetch } = {}): Promise<ListedModel[]> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const fetchImpl = options.fetch ?? fetch;
  if (!isHttpUrl(config.baseUrl)) throw new ProviderError("bad_response", `"${config.baseUrl}" is not a valid URL.`);
  if (config.kind === "ollama") {
    const body = await getJson(`${config.baseUrl.replace(/\/+$/, "")}/api/tags`, config, timeoutMs, fetchImpl);
    if (!Array.isArray(body?.models)) throw new ProviderError("bad_response", `The server at ${hostOf(config.baseUrl)} did not return an Ollama model list.`);
    return body.models.map((m: any) => ({ name: String(m.name ?? m.model), embeddings: /embed/i.test(String(m.name)) || undefined }));
  }
  const body = await getJson(`${openAIBaseUrl(config)}/models`, config, timeoutMs, fetchImpl);
  if (!Array.isArray(body?.data)) throw new ProviderError("bad_response", `The server at ${hostOf(config.baseUrl)} did not return an OpenAI-style model list ({"data": [...]}).`);
  return body.data.map((m: any) => ({
    name: String(m.id),
    contextWindow: typeof m.max_model_len === "number" ? m.max_model_len : typeof m.max_context_length === "number" ? m.max_context_length : undefined,
    embeddings: /embed/i.test(String(m.id)) || undefined,
  }));
}
