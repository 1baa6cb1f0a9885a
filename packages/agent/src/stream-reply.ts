import { AIMessage, HumanMessage, SystemMessage, type AIMessageChunk, type BaseMessage } from "@langchain/core/messages";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { ChatOpenAI } from "@langchain/openai";
import type { ModelTarget } from "./model-endpoint";
import { countTokens } from "./count-tokens";
import { ProviderError, toProviderError } from "./provider-error";

export interface ChatTurn {
  role: "user" | "assistant";
  content: string;
}

export interface ReplyUsage {
  inputTokens: number;
  outputTokens: number;
  /** True when the provider reported no usage and the tokens were counted locally. */
  tokensEstimated: boolean;
  latencyMs: number;
  firstTokenMs: number | null;
}

/** A passage an answer cites by its short reference ([1], [2]…). */
export interface ReplyCitation {
  ref: number;
  chunkId: string;
  documentId: string;
  sourceId: string;
  title: string;
  headingPath: string[];
  page: number | null;
  excerpt: string;
}

export type ReplyEvent =
  | { type: "token"; text: string }
  | { type: "citations"; citations: ReplyCitation[] }
  | { type: "done"; usage: ReplyUsage };

/** Builds the LangChain chat model for an OpenAI-compatible endpoint. */
export function openAICompatibleModel(args: { baseUrl: string; apiKey?: string | null; model: string; temperature: number; maxOutputTokens: number }): BaseChatModel {
  return new ChatOpenAI({
    model: args.model,
    apiKey: args.apiKey || "not-needed",
    configuration: { baseURL: args.baseUrl },
    temperature: args.temperature,
    maxTokens: args.maxOutputTokens,
    streaming: true,
    streamUsage: true,
    maxRetries: 0,
  });
}

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
 * Streams one answer from a LangChain chat model. Yields tokens, then a final `done` with usage.
 * Throws a ProviderError with a readable message on failure, or an error named "AbortError" when
 * `signal` aborts (the upstream request is cancelled). Retries network, 429 and 5xx failures with
 * backoff, but only before the first token. Counts tokens locally when the provider reports none.
 */
export async function* streamReply(args: {
  model: BaseChatModel;
  target: ModelTarget;
  instructions: string;
  history: ChatTurn[];
  signal: AbortSignal;
}): AsyncGenerator<ReplyEvent> {
  const { model, target, signal } = args;
  // Stopped before it started: no request at all.
  if (signal.aborted) throw Object.assign(new Error("The answer was stopped."), { name: "AbortError" });
  const messages = toLangChainMessages(args.instructions, args.history);
  const host = target.label;
  const started = Date.now();

  for (let attempt = 0; ; attempt++) {
    const controller = new AbortController();
    const onAbort = () => controller.abort(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    let timedOut: string | null = null;
    const timeout = (ms: number, what: string) =>
      setTimeout(() => { timedOut = what; controller.abort(new Error(what)); }, ms);
    const firstTokenTimer = timeout(target.firstTokenTimeoutMs, `The model server at ${host} did not answer within ${seconds(target.firstTokenTimeoutMs)}.`);
    const totalTimer = timeout(target.totalTimeoutMs, `The model server at ${host} did not finish its answer within ${seconds(target.totalTimeoutMs)}.`);
    let firstTokenMs: number | null = null;
    let inputTokens: number | null = null;
    let outputTokens: number | null = null;
    let finished = false;
    let chunks = 0;
    let text = "";
    try {
      // The model's own streaming generator, without LangChain's tracing wrapper: that wrapper
      // re-concatenates the whole answer at every token (quadratic) and ran callbacks we do not
      // use; it tripled the CPU cost per token in the models benchmark.
      for await (const generation of model._streamResponseChunks(messages, { signal: controller.signal } as BaseChatModel["ParsedCallOptions"])) {
        controller.signal.throwIfAborted();
        const chunk = generation.message as AIMessageChunk;
        chunks++;
        if ((generation.generationInfo as { finish_reason?: string } | undefined)?.finish_reason || chunk.response_metadata?.finish_reason) finished = true;
        if (chunk.usage_metadata) {
          inputTokens = chunk.usage_metadata.input_tokens ?? inputTokens;
          outputTokens = chunk.usage_metadata.output_tokens ?? outputTokens;
        }
        const piece = typeof chunk.content === "string" ? chunk.content : "";
        if (piece) {
          if (firstTokenMs === null) {
            firstTokenMs = Date.now() - started;
            clearTimeout(firstTokenTimer);
          }
          text += piece;
          yield { type: "token", text: piece };
        }
      }
      if (timedOut) throw new ProviderError("timeout", timedOut, true);
      if (chunks === 0) throw new ProviderError("bad_response", `The model server at ${host} did not send a valid streamed answer.`, false);
      if (!finished) throw new ProviderError("unreachable", `The connection to the model server at ${host} was cut before the answer was complete.`, true);
      const estimated = inputTokens === null || outputTokens === null;
      yield {
        type: "done",
        usage: {
          inputTokens: inputTokens ?? countTokens(messages.map((m) => String(m.content)).join("\n")),
          outputTokens: outputTokens ?? countTokens(text),
          tokensEstimated: estimated,
          latencyMs: Date.now() - started,
          firstTokenMs,
        },
      };
      return;
    } catch (error) {
      if (signal.aborted) {
        const abort = new Error("The answer was stopped.");
        abort.name = "AbortError";
        throw abort;
      }
      const failure = timedOut ? new ProviderError("timeout", timedOut, true, { cause: error }) : toProviderError(error, host, target.modelName);
      const canRetry = failure.retryable && failure.code !== "timeout" && firstTokenMs === null && attempt < target.maxRetries;
      if (!canRetry) throw failure;
      await sleep(Math.min(4000, 250 * 2 ** attempt), signal);
    } finally {
      clearTimeout(firstTokenTimer);
      clearTimeout(totalTimer);
      signal.removeEventListener("abort", onAbort);
    }
  }
}

export { ProviderError };
