import type { BaseMessage } from "@langchain/core/messages";
import { LlamaChat, LlamaCompletion, type LlamaContext, type LlamaContextSequence, type LlamaEmbeddingContext, type LlamaModel, type Token } from "node-llama-cpp";
import { LocalModelError, toLocalModelError } from "./local-model-error";
import { plainStopTriggers, toChatHistory, toPlainPrompt } from "./prompt-format";
import { SlotQueue } from "./slot-queue";

export interface GenerationRequest {
  messages: BaseMessage[];
  temperature: number;
  maxTokens: number;
  signal: AbortSignal;
  /** Called with each piece of text as it is generated. */
  onText: (text: string) => void;
}

export interface GenerationResult {
  finishReason: "stop" | "length";
  inputTokens: number;
  outputTokens: number;
}

export interface LoadedModelOptions {
  contextSize?: number;
  maxParallel: number;
  queueTimeoutMs?: number;
  threads?: number;
}

/** Memoizes an async factory; a rejection is forgotten so the next call tries again. */
function lazy<T>(create: () => Promise<T>): { get: () => Promise<T>; peek: () => Promise<T> | undefined } {
  let pending: Promise<T> | undefined;
  return {
    get: () => {
      pending ??= create().catch((error: unknown) => {
        pending = undefined;
        throw error;
      });
      return pending;
    },
    peek: () => pending,
  };
}

/** One GGUF file in memory, shared by every chat model and embeddings object that names it. */
export class LoadedModel {
  /** Requests holding the model: generating, embedding, or waiting for a slot. */
  activeRequests = 0;
  lastUsedAt = Date.now();
  idleTimer: NodeJS.Timeout | undefined;
  /** Set once the model is being unloaded: new requests must load it again. */
  closing = false;

  readonly hasChatTemplate: boolean;
  private readonly chatSlots: SlotQueue;
  private readonly embeddingSlots: SlotQueue;
  private readonly chatContext = lazy<LlamaContext>(() => this.createChatContext());
  private readonly embeddingContext = lazy<LlamaEmbeddingContext>(() => this.createEmbeddingContext());

  constructor(
    readonly path: string,
    readonly model: LlamaModel,
    readonly loadMs: number,
    private readonly options: LoadedModelOptions,
  ) {
    const template = model.fileInfo.metadata.tokenizer?.chat_template;
    this.hasChatTemplate = typeof template === "string" && template.trim() !== "";
    const busy = () => new LocalModelError("busy_timeout", `The local model "${path}" is busy with other requests; try again in a moment.`);
    this.chatSlots = new SlotQueue(Math.max(1, options.maxParallel), options.queueTimeoutMs, busy);
    this.embeddingSlots = new SlotQueue(1, options.queueTimeoutMs, busy);
  }

  get contextSize(): number {
    return this.options.contextSize ?? Math.min(this.model.trainContextSize, 4096);
  }

  async generate(request: GenerationRequest): Promise<GenerationResult> {
    const release = await this.chatSlots.acquire(request.signal);
    let sequence: LlamaContextSequence | undefined;
    try {
      const context = await this.chatContext.get();
      sequence = context.getSequence();
      let outputTokens = 0;
      const common = {
        maxTokens: request.maxTokens,
        temperature: request.temperature,
        signal: request.signal,
        onTextChunk: request.onText,
        onToken: (tokens: Token[]) => {
          outputTokens += tokens.length;
        },
      };
      if (this.hasChatTemplate) {
        const chat = new LlamaChat({ contextSequence: sequence, chatWrapper: "auto" });
        try {
          const chatHistory = toChatHistory(request.messages);
          const inputTokens = chat.chatWrapper.generateContextState({ chatHistory }).contextText.tokenize(this.model.tokenizer).length;
          const result = await chat.generateResponse(chatHistory, common);
          return { finishReason: result.metadata.stopReason === "maxTokens" ? "length" : "stop", inputTokens, outputTokens };
        } finally {
          chat.dispose({ disposeSequence: false });
        }
      }
      const completion = new LlamaCompletion({ contextSequence: sequence });
      try {
        const prompt = toPlainPrompt(request.messages);
        const inputTokens = this.model.tokenize(prompt).length;
        const result = await completion.generateCompletionWithMeta(prompt, { ...common, customStopTriggers: plainStopTriggers });
        return { finishReason: result.metadata.stopReason === "maxTokens" ? "length" : "stop", inputTokens, outputTokens };
      } finally {
        completion.dispose({ disposeSequence: false });
      }
    } finally {
      sequence?.dispose();
      release();
    }
  }

  async embed(text: string): Promise<number[]> {
    const release = await this.embeddingSlots.acquire();
    try {
      const context = await this.embeddingContext.get();
      const embedding = await context.getEmbeddingFor(text);
      return [...embedding.vector];
    } finally {
      release();
    }
  }

  /** Rejects queued requests and frees the model and its contexts. */
  async dispose(): Promise<void> {
    this.closing = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const gone = new LocalModelError("load_failed", `The local model "${this.path}" was unloaded.`);
    this.chatSlots.failAll(gone);
    this.embeddingSlots.failAll(gone);
    await this.model.dispose();
  }

  private async createChatContext(): Promise<LlamaContext> {
    try {
      return await this.model.createContext({
        sequences: Math.max(1, this.options.maxParallel),
        contextSize: this.contextSize,
        ...(this.options.threads === undefined ? {} : { threads: this.options.threads }),
      });
    } catch (error) {
      throw toLocalModelError(error, this.path);
    }
  }

  private async createEmbeddingContext(): Promise<LlamaEmbeddingContext> {
    try {
      return await this.model.createEmbeddingContext({
        contextSize: this.contextSize,
        ...(this.options.threads === undefined ? {} : { threads: this.options.threads }),
      });
    } catch (error) {
      throw toLocalModelError(error, this.path);
    }
  }
}
