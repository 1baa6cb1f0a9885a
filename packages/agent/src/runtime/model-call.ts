import type { BaseLanguageModelInput } from "@langchain/core/language_models/base";
import { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { AIMessageChunk, type BaseMessage, type MessageContent } from "@langchain/core/messages";
import type { Runnable } from "@langchain/core/runnables";
import type { ModelTarget } from "../model-endpoint";
import { ProviderError, toProviderError } from "../provider-error";

/** A model with its tools bound (`bindTools`), or a plain chat model. */
export type ChatRunnable = BaseChatModel | Runnable<BaseLanguageModelInput, BaseMessage>;

/** One streamed piece of a model's answer, whichever way the model was called. */
interface StreamedPiece {
  message: BaseMessage;
  finishReason: string | undefined;
}

/** A tool call as the model streamed it, its arguments still JSON text. */
export interface ToolCallDraft {
  id: string | undefined;
  name: string;
  args: string;
  index: number | undefined;
}

export interface ModelCallResult {
  text: string;
  toolCalls: ToolCallDraft[];
  /** Reported by the provider; null when it reported nothing. */
  inputTokens: number | null;
  outputTokens: number | null;
}

export function abortError(): Error {
  const error = new Error("The answer was stopped.");
  error.name = "AbortError";
  return error;
}

function seconds(ms: number) {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => { clearTimeout(t); resolve(); }, { once: true });
  });

function finishReasonOf(message: BaseMessage): string | undefined {
  const reason = (message.response_metadata as { finish_reason?: unknown } | undefined)?.finish_reason;
  return typeof reason === "string" && reason ? reason : undefined;
}

function streamsNatively(runnable: ChatRunnable): runnable is BaseChatModel {
  const method = (runnable as BaseChatModel)._streamResponseChunks;
  return typeof method === "function" && method !== BaseChatModel.prototype._streamResponseChunks;
}

/**
 * The model's chunks. A chat model (ChatOpenAI's `bindTools` returns one, with the tools in its
 * default options) is streamed through its own generator, without LangChain's tracing wrapper,
 * like streamReply (the wrapper re-concatenates the whole answer at every token). Anything else
 * (a RunnableBinding from the default `bindTools`) goes through `.stream()`.
 */
async function* piecesOf(runnable: ChatRunnable, messages: BaseMessage[], signal: AbortSignal): AsyncGenerator<StreamedPiece> {
  if (streamsNatively(runnable)) {
    for await (const generation of runnable._streamResponseChunks(messages, { signal } as BaseChatModel["ParsedCallOptions"])) {
      const info = generation.generationInfo as { finish_reason?: string } | undefined;
      yield { message: generation.message, finishReason: info?.finish_reason ?? finishReasonOf(generation.message) };
    }
    return;
  }
  for await (const message of await runnable.stream(messages, { signal })) {
    // A model that cannot stream answers once, with a whole message: that is a finished answer.
    const finish = finishReasonOf(message) ?? (AIMessageChunk.isInstance(message) ? undefined : "stop");
    yield { message, finishReason: finish };
  }
}

function textOf(content: MessageContent): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content.map((block) => (block && typeof block === "object" && (block as { type?: string }).type === "text" ? String((block as { text?: unknown }).text ?? "") : "")).join("");
}

/**
 * Merges streamed tool-call pieces. OpenAI sends the id and name first, then the arguments in
 * pieces with the same index; some OpenAI-compatible servers send each call whole, sometimes all
 * with index 0 — a new id always starts a new call.
 */
function mergeToolCallPieces(drafts: ToolCallDraft[], message: BaseMessage): number {
  const ai = message as AIMessageChunk;
  const pieces = ai.tool_call_chunks?.length
    ? ai.tool_call_chunks
    : (ai.tool_calls ?? []).map((call, index) => ({ id: call.id, name: call.name, args: JSON.stringify(call.args ?? {}), index }));
  for (const piece of pieces) {
    let draft = piece.id ? drafts.find((d) => d.id === piece.id) : undefined;
    if (!draft && !piece.id) draft = piece.index !== undefined ? drafts.findLast((d) => d.index === piece.index) : drafts.at(-1);
    if (!draft) {
      draft = { id: piece.id || undefined, name: "", args: "", index: piece.index };
      drafts.push(draft);
    }
    if (piece.name) draft.name = draft.name && draft.name !== piece.name ? draft.name + piece.name : piece.name;
    if (piece.args) draft.args += piece.args;
  }
  return pieces.length;
}

/**
 * One model call, streamed: yields the text as it comes and returns the whole answer with its
 * tool calls. Same contract as streamReply: first-token and total timeouts from `target`,
 * retries of network, 429 and 5xx failures before anything was received, a ProviderError with a
 * readable message, an error named "AbortError" when `signal` aborts (immediately, even if the
 * model does not honour its signal).
 */
export async function* callModel(args: { model: ChatRunnable; messages: BaseMessage[]; target: ModelTarget; signal: AbortSignal }): AsyncGenerator<string, ModelCallResult> {
  const { model, messages, target, signal } = args;
  const host = target.label;
  for (let attempt = 0; ; attempt++) {
    if (signal.aborted) throw abortError();
    const controller = new AbortController();
    const onAbort = () => controller.abort(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    let timedOut: string | null = null;
    const timeout = (ms: number, what: string) =>
      setTimeout(() => { timedOut = what; controller.abort(new Error(what)); }, ms);
    const firstTokenTimer = timeout(target.firstTokenTimeoutMs, `The model server at ${host} did not answer within ${seconds(target.firstTokenTimeoutMs)}.`);
    const totalTimer = timeout(target.totalTimeoutMs, `The model server at ${host} did not finish its answer within ${seconds(target.totalTimeoutMs)}.`);
    const stopped = new Promise<never>((_, reject) => controller.signal.addEventListener("abort", () => reject(controller.signal.reason), { once: true }));
    stopped.catch(() => {});
    const iterator = piecesOf(model, messages, controller.signal);
    let received = false;
    let finished = false;
    let completed = false;
    let chunks = 0;
    let text = "";
    const toolCalls: ToolCallDraft[] = [];
    let inputTokens: number | null = null;
    let outputTokens: number | null = null;
    try {
      for (;;) {
        const next = await Promise.race([iterator.next(), stopped]);
        if (next.done) break;
        controller.signal.throwIfAborted();
        const { message, finishReason } = next.value;
        chunks++;
        if (finishReason) finished = true;
        const usage = (message as AIMessageChunk).usage_metadata;
        if (usage) {
          inputTokens = usage.input_tokens ?? inputTokens;
          outputTokens = usage.output_tokens ?? outputTokens;
        }
        const toolPieces = mergeToolCallPieces(toolCalls, message);
        const piece = textOf(message.content);
        if (piece) text += piece;
        if (!received && (piece || toolPieces > 0)) {
          received = true;
          clearTimeout(firstTokenTimer);
        }
        if (piece) yield piece;
      }
      if (timedOut) throw new ProviderError("timeout", timedOut, true);
      if (chunks === 0) throw new ProviderError("bad_response", `The model server at ${host} did not send a valid streamed answer.`, false);
      if (!finished) throw new ProviderError("unreachable", `The connection to the model server at ${host} was cut before the answer was complete.`, true);
      completed = true;
      return { text, toolCalls, inputTokens, outputTokens };
    } catch (error) {
      if (signal.aborted) throw abortError();
      const failure = timedOut ? new ProviderError("timeout", timedOut, true, { cause: error }) : toProviderError(error, host, target.modelName);
      const canRetry = failure.retryable && failure.code !== "timeout" && !received && attempt < target.maxRetries;
      if (!canRetry) throw failure;
      await sleep(Math.min(4000, 250 * 2 ** attempt), signal);
    } finally {
      clearTimeout(firstTokenTimer);
      clearTimeout(totalTimer);
      signal.removeEventListener("abort", onAbort);
      // Closes the model's stream (and its HTTP request) when we leave early; never awaited, as a
      // model that ignores its signal would keep us waiting.
      if (!completed) {
        controller.abort(abortError());
        iterator.return(undefined).catch(() => {});
      }
    }
  }
}
