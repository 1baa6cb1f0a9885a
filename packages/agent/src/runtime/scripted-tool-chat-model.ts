/**
 * TEST DOUBLE — a scripted LangChain chat model that can call tools.
 *
 * LangChain's FakeListChatModel cannot emit tool calls. This one streams, per call, the next step
 * of its script: text word by word and tool calls as OpenAI streams them (id and name first, then
 * the arguments in pieces), as AIMessageChunks with tool_call_chunks. It records every call (the
 * messages and the tools it received) and every bindTools. Used by tests only.
 */
import type { BaseLanguageModelInput } from "@langchain/core/language_models/base";
import { BaseChatModel, type BaseChatModelCallOptions, type BindToolsInput } from "@langchain/core/language_models/chat_models";
import { AIMessageChunk, type BaseMessage } from "@langchain/core/messages";
import { type ChatResult, ChatGenerationChunk } from "@langchain/core/outputs";
import type { Runnable } from "@langchain/core/runnables";

export interface ScriptedStep {
  /** Streamed word by word. */
  text?: string;
  toolCalls?: { id?: string; name: string; args: Record<string, unknown> | string }[];
  /** Wait before each chunk. */
  chunkDelayMs?: number;
  /** Never answers: waits until the call is aborted. */
  hang?: boolean;
  /** Thrown before the first chunk. */
  error?: Error;
  /** Reported as provider usage; omitted → no usage (the runtime estimates). */
  usage?: { input: number; output: number };
}

export interface RecordedModelCall {
  messages: BaseMessage[];
  /** The tools of this call (none when called without tools). */
  tools: unknown[];
}

type Script = ScriptedStep | ((call: RecordedModelCall) => ScriptedStep);

interface ScriptedCallOptions extends BaseChatModelCallOptions {
  tools?: unknown[];
}

function abortReason(signal: AbortSignal | undefined): Error {
  const reason = signal?.reason;
  return reason instanceof Error ? reason : Object.assign(new Error("Aborted"), { name: "AbortError" });
}

function wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal));
    const timer = ms === Number.POSITIVE_INFINITY ? undefined : setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => { clearTimeout(timer); reject(abortReason(signal)); }, { once: true });
  });
}

export class ScriptedToolChatModel extends BaseChatModel<ScriptedCallOptions> {
  readonly calls: RecordedModelCall[] = [];
  readonly boundTools: unknown[][] = [];
  private readonly script: Script[];

  constructor(script: Script[]) {
    super({});
    this.script = [...script];
  }

  _llmType(): string {
    return "scripted-tool-chat";
  }

  override bindTools(tools: BindToolsInput[], kwargs?: Partial<ScriptedCallOptions>): Runnable<BaseLanguageModelInput, AIMessageChunk, ScriptedCallOptions> {
    this.boundTools.push(tools);
    return this.withConfig({ ...kwargs, tools } as Partial<ScriptedCallOptions>);
  }

  override async *_streamResponseChunks(messages: BaseMessage[], options: this["ParsedCallOptions"]): AsyncGenerator<ChatGenerationChunk> {
    const call: RecordedModelCall = { messages, tools: options.tools ?? [] };
    this.calls.push(call);
    const next = this.script.shift();
    if (!next) throw new Error(`ScriptedToolChatModel: no step left for call ${this.calls.length}`);
    const step = typeof next === "function" ? next(call) : next;
    const signal = options.signal;
    if (step.hang) await wait(Number.POSITIVE_INFINITY, signal);
    if (step.error) throw step.error;
    const pieces: AIMessageChunk[] = [];
    for (const word of step.text?.match(/\S+\s*|\s+/g) ?? []) pieces.push(new AIMessageChunk({ content: word }));
    (step.toolCalls ?? []).forEach((toolCall, index) => {
      const id = toolCall.id ?? `scripted_${this.calls.length}_${index}`;
      pieces.push(new AIMessageChunk({ content: "", tool_call_chunks: [{ type: "tool_call_chunk", id, name: toolCall.name, args: "", index }] }));
      const args = typeof toolCall.args === "string" ? toolCall.args : JSON.stringify(toolCall.args);
      for (let i = 0; i < args.length; i += 8) pieces.push(new AIMessageChunk({ content: "", tool_call_chunks: [{ type: "tool_call_chunk", args: args.slice(i, i + 8), index }] }));
    });
    for (const message of pieces) {
      if (step.chunkDelayMs) await wait(step.chunkDelayMs, signal);
      else if (signal?.aborted) throw abortReason(signal);
      yield new ChatGenerationChunk({ message, text: typeof message.content === "string" ? message.content : "" });
    }
    const finish = step.toolCalls?.length ? "tool_calls" : "stop";
    const usage = step.usage ? { input_tokens: step.usage.input, output_tokens: step.usage.output, total_tokens: step.usage.input + step.usage.output } : undefined;
    yield new ChatGenerationChunk({ message: new AIMessageChunk({ content: "", usage_metadata: usage }), text: "", generationInfo: { finish_reason: finish } });
  }

  async _generate(messages: BaseMessage[], options: this["ParsedCallOptions"]): Promise<ChatResult> {
    let whole: ChatGenerationChunk | undefined;
    for await (const chunk of this._streamResponseChunks(messages, options)) whole = whole ? whole.concat(chunk) : chunk;
    return { generations: whole ? [whole] : [] };
  }
}
