import { AIMessage, HumanMessage, SystemMessage, type BaseMessage } from "@langchain/core/messages";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { ChatOpenAI } from "@langchain/openai";
import type { ModelEndpoint } from "./model-endpoint";
import { ProviderError, toProviderError } from "./provider-error";

export interface ChatTurn {
  role: "user" | "assistant";
  content: string;
}

export interface ReplySettings {
  instructions: string;
  model: string;
  temperature: number;
  maxOutputTokens: number;
}

export interface ReplyUsage {
  inputTokens: number | null;
  outputTokens: number | null;
  latencyMs: number;
  firstTokenMs: number | null;
}

export type ReplyEvent =
  | { type: "token"; text: string }
  | { type: "done"; usage: ReplyUsage };

/** Builds the LangChain chat model for an endpoint; injectable so tests can pass a scripted model. */
export type ChatModelFactory = (endpoint: ModelEndpoint, settings: ReplySettings) => BaseChatModel;

export const openAICompatibleModel: ChatModelFactory = (endpoint, settings) =>
  new ChatOpenAI({
    model: settings.model,
    apiKey: endpoint.apiKey || "not-needed",
    configuration: { baseURL: endpoint.baseUrl },
    temperature: settings.temperature,
    maxTokens: settings.maxOutputTokens,
    streaming: true,
    streamUsage: true,
    maxRetries: 0,
  });

export function toLangChainMessages(instructions: string, history: ChatTurn[]): BaseMessage[] {
  const out: BaseMessage[] = [];
  if (instructions.trim()) out.push(new SystemMessage(instructions));
  for (const turn of history) out.push(turn.role === "user" ? new HumanMessage(turn.content) : new AIMessage(turn.content));
  return out;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => { clearTimeout(t); resolve(); }, { once: true });
  });

function seconds(ms: number) {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

/**
 * Streams one answer from the model. Yields tokens, then a final `done` with usage.
 * Throws a ProviderError with a readable message on failure, or an AbortError-like
 * `{ name: "AbortError" }` when `signal` aborts (the upstream HTTP request is cancelled).
 * Retries network, 429 and 5xx failures with backoff, but only before the first token.
 */
export async function* streamReply(args: {
  endpoint: ModelEndpoint;
  settings: ReplySettings;
  history: ChatTurn[];
  signal: AbortSignal;
  createModel?: ChatModelFactory;
}): AsyncGenerator<ReplyEvent> {
  const { endpoint, settings, history, signal } = args;
  const model = (args.createModel ?? openAICompatibleModel)(endpoint, settings);
  const messages = toLangChainMessages(settings.instructions, history);
  const host = (() => { try { return new URL(endpoint.baseUrl).host; } catch { return endpoint.baseUrl; } })();
  const started = Date.now();

  for (let attempt = 0; ; attempt++) {
    const controller = new AbortController();
    const onAbort = () => controller.abort(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    let timedOut: string | null = null;
    const timeout = (ms: number, what: string) =>
      setTimeout(() => { timedOut = what; controller.abort(new Error(what)); }, ms);
    const firstTokenTimer = timeout(endpoint.firstTokenTimeoutMs, `The model server at ${host} did not answer within ${seconds(endpoint.firstTokenTimeoutMs)}.`);
    const totalTimer = timeout(endpoint.totalTimeoutMs, `The model server at ${host} did not finish its answer within ${seconds(endpoint.totalTimeoutMs)}.`);
    let firstTokenMs: number | null = null;
    let inputTokens: number | null = null;
    let outputTokens: number | null = null;
    let finished = false;
    let chunks = 0;
    try {
      const stream = await model.stream(messages, { signal: controller.signal });
      for await (const chunk of stream) {
        const text = typeof chunk.content === "string" ? chunk.content : "";
        chunks++;
        if (chunk.response_metadata?.finish_reason) finished = true;
        if (chunk.usage_metadata) {
          inputTokens = chunk.usage_metadata.input_tokens ?? inputTokens;
          outputTokens = chunk.usage_metadata.output_tokens ?? outputTokens;
        }
        if (text) {
          if (firstTokenMs === null) {
            firstTokenMs = Date.now() - started;
            clearTimeout(firstTokenTimer);
          }
          yield { type: "token", text };
        }
      }
      if (timedOut) throw new ProviderError("timeout", timedOut, true);
      if (chunks === 0) throw new ProviderError("bad_response", `The model server at ${host} did not send a valid streamed answer.`, false);
      if (!finished) throw new ProviderError("unreachable", `The connection to the model server at ${host} was cut before the answer was complete.`, true);
      yield { type: "done", usage: { inputTokens, outputTokens, latencyMs: Date.now() - started, firstTokenMs } };
      return;
    } catch (error) {
      if (signal.aborted) {
        const abort = new Error("The answer was stopped.");
        abort.name = "AbortError";
        throw abort;
      }
      const failure = timedOut ? new ProviderError("timeout", timedOut, true, { cause: error }) : toProviderError(error, endpoint.baseUrl, settings.model);
      const canRetry = failure.retryable && failure.code !== "timeout" && firstTokenMs === null && attempt < endpoint.maxRetries;
      if (!canRetry) throw failure;
      await sleep(Math.min(4000, 250 * 2 ** attempt), signal);
      if (signal.aborted) continue; // the catch above reports the abort on the next pass
    } finally {
      clearTimeout(firstTokenTimer);
      clearTimeout(totalTimer);
      signal.removeEventListener("abort", onAbort);
    }
  }
}

export { ProviderError };
