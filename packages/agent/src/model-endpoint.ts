/** One OpenAI-compatible chat endpoint (vLLM, Ollama, LM Studio, llama.cpp server, Mistral, OpenAI…). */
export interface ModelEndpoint {
  /** Base URL including the version prefix, e.g. http://vllm.internal:8000/v1 */
  baseUrl: string;
  apiKey?: string;
  /** Default model when an assistant does not name one. */
  model: string;
  /** Maximum wait for the first token. */
  firstTokenTimeoutMs: number;
  /** Maximum duration of a whole answer. */
  totalTimeoutMs: number;
  /** Retries (429, 5xx, network) before the first token only. */
  maxRetries: number;
}
