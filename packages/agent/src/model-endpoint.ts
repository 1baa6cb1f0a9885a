/** Where a chat call goes and how patient to be with it. */
export interface ModelTarget {
  /** Shown in errors: the server's host ("vllm.internal:8000") or the local file name. */
  label: string;
  /** The model's name at the provider. */
  modelName: string;
  /** Maximum wait for the first token. */
  firstTokenTimeoutMs: number;
  /** Maximum duration of a whole answer. */
  totalTimeoutMs: number;
  /** Retries (429, 5xx, network) before the first token only. */
  maxRetries: number;
}

/** One OpenAI-compatible chat endpoint (vLLM, Ollama, LM Studio, llama.cpp server, Mistral, OpenAI…). */
export interface ModelEndpoint {
  /** Base URL including the version prefix, e.g. http://vllm.internal:8000/v1 */
  baseUrl: string;
  apiKey?: string;
  /** Default model when an assistant does not name one. */
  model: string;
  firstTokenTimeoutMs: number;
  totalTimeoutMs: number;
  maxRetries: number;
}

export function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return baseUrl;
  }
}
