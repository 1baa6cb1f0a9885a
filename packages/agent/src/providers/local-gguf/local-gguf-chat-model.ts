import type { CallbackManagerForLLMRun } from "@langchain/core/callbacks/manager";
import { BaseChatModel, type BaseChatModelCallOptions } from "@langchain/core/language_models/chat_models";
import { AIMessage, AIMessageChunk, type BaseMessage } from "@langchain/core/messages";
import { ChatGenerationChunk, type ChatResult } from "@langchain/core/outputs";
import type { GenerationResult } from "./loaded-model";
import type { LocalGgufRuntime } from "./local-gguf-runtime";
import { abortError } from "./local-model-error";

export interface LocalGgufChatModelFields {
  runtime: LocalGgufRuntime;
  modelPath: string;
  temperature: number;
  maxTokens: number;
}

/** A LangChain chat model answering with a GGUF file loaded by a LocalGgufRuntime. */
export class LocalGgufChatModel extends BaseChatModel<BaseChatModelCallOptions> {
  readonly modelPath: string;
  readonly temperature: number;
  readonly maxTokens: number;
  private readonly runtime: LocalGgufRuntime;

  static override lc_name(): string {
    return "LocalGgufChatModel";
  }

  constructor(fields: LocalGgufChatModelFields) {
    super({});
    this.runtime = fields.runtime;
    this.modelPath = fields.modelPath;
    this.temperature = fields.temperature;
    this.maxTokens = fields.maxTokens;
  }

  _llmType(): string {
    return "local-gguf";
  }

  override invocationParams(): Record<string, unknown> {
    return { model: this.modelPath, temperature: this.temperature, max_tokens: this.maxTokens };
  }

  override async *_streamResponseChunks(messages: BaseMessage[], options: this["ParsedCallOptions"], runManager?: CallbackManagerForLLMRun): AsyncGenerator<ChatGenerationChunk> {
    const external = options.signal;
    if (external?.aborted) throw abortError(external);
    const { model, release } = await this.runtime.lease(this.modelPath);
    if (external?.aborted) {
      release();
      throw abortError(external);
    }

    // Our own controller also stops the generation when the caller stops iterating early.
    const controller = new AbortController();
    const onAbort = () => controller.abort(external?.reason);
    external?.addEventListener("abort", onAbort, { once: true });

    const texts: string[] = [];
    let wake: (() => void) | undefined;
    let finished = false;
    let failure: unknown;
    let result: GenerationResult | undefined;
    let started = false;
    const generation = model
      .generate({
        messages,
        temperature: this.temperature,
        maxTokens: this.maxTokens,
        signal: controller.signal,
        onText: (text) => {
          // The plain-text format leaves a space after "Assistant:"; drop leading whitespace of the answer.
          const piece = started ? text : text.trimStart();
          if (piece === "") return;
          started = true;
          texts.push(piece);
          wake?.();
        },
      })
      .then(
        (value) => {
          result = value;
        },
        (error: unknown) => {
          failure = error;
        },
      )
      .finally(() => {
        // Released when the generation ends, not when this generator resumes: LangChain may drop an aborted stream without closing it.
        finished = true;
        external?.removeEventListener("abort", onAbort);
        release();
        wake?.();
      });

    try {
      for (;;) {
        const text = texts.shift();
        if (text !== undefined) {
          const chunk = new ChatGenerationChunk({ text, message: new AIMessageChunk({ content: text }) });
          await runManager?.handleLLMNewToken(text, undefined, undefined, undefined, undefined, { chunk });
          yield chunk;
          continue;
        }
        if (finished) break;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
      }
      if (external?.aborted || controller.signal.aborted) throw abortError(external ?? controller.signal);
      if (failure !== undefined) throw failure;
      const { finishReason, inputTokens, outputTokens } = result as GenerationResult;
      yield new ChatGenerationChunk({
        text: "",
        message: new AIMessageChunk({
          content: "",
          response_metadata: { finish_reason: finishReason, model_provider: "local-gguf", model_name: this.modelPath },
          usage_metadata: { input_tokens: inputTokens, output_tokens: outputTokens, total_tokens: inputTokens + outputTokens },
        }),
        generationInfo: { finish_reason: finishReason },
      });
    } finally {
      if (!finished) controller.abort(new DOMException("The caller stopped reading the answer.", "AbortError"));
      await generation;
    }
  }

  async _generate(messages: BaseMessage[], options: this["ParsedCallOptions"], runManager?: CallbackManagerForLLMRun): Promise<ChatResult> {
    let whole: ChatGenerationChunk | undefined;
    for await (const chunk of this._streamResponseChunks(messages, options, runManager)) whole = whole ? whole.concat(chunk) : chunk;
    const message = whole?.message as AIMessageChunk | undefined;
    const text = whole?.text ?? "";
    const usage = message?.usage_metadata;
    return {
      generations: [
        {
          text,
          message: new AIMessage({ content: text, response_metadata: message?.response_metadata ?? {}, usage_metadata: usage }),
          generationInfo: whole?.generationInfo,
        },
      ],
      llmOutput: usage ? { tokenUsage: { promptTokens: usage.input_tokens, completionTokens: usage.output_tokens, totalTokens: usage.total_tokens } } : {},
    };
  }
}
