import { OpenAIEmbeddings } from "@langchain/openai";

/** Embeds texts through an OpenAI-compatible /embeddings endpoint (vLLM, Ollama's /v1, TEI, Mistral…). */
export function openAICompatibleEmbeddings(args: { baseUrl: string; apiKey?: string | null; model: string; timeoutMs?: number }) {
  return new OpenAIEmbeddings({
    model: args.model,
    apiKey: args.apiKey || "not-needed",
    configuration: { baseURL: args.baseUrl },
    batchSize: 64,
    maxRetries: 1,
    timeout: args.timeoutMs ?? 60_000,
  });
}
