import { resolve } from "node:path";
import type { Embeddings } from "@langchain/core/embeddings";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { getLlama, type Llama, LlamaLogLevel } from "node-llama-cpp";
import { LocalGgufChatModel } from "./local-gguf-chat-model";
import { LocalGgufEmbeddings } from "./local-gguf-embeddings";
import { LoadedModel } from "./loaded-model";
import { toLocalModelError } from "./local-model-error";
import { assertGgufFile, listModelFiles, type LocalModelFile } from "./model-files";

export interface LocalGgufRuntimeOptions {
  /** Unload a model nobody used for this long. */
  idleUnloadMs: number;
  /** Tokens per sequence; default min(model train context, 4096). */
  contextSize?: number;
  /** Concurrent generations per model; further requests queue (FIFO). Default 1. */
  maxParallel?: number;
  /** A queued request waiting longer fails with LocalModelError "busy_timeout". Default: waits as long as needed. */
  queueTimeoutMs?: number;
  /** CPU threads per context; default: node-llama-cpp's choice. Set it on machines where thread synchronisation is slow. */
  threads?: number;
}

export interface LocalModelProbe {
  trainContextSize: number;
  embeddingSize: number | null;
  hasChatTemplate: boolean;
  loadMs: number;
}

/** A model lent to one request; `release` must be called exactly once when the request ends. */
export interface ModelLease {
  model: LoadedModel;
  release: () => void;
}

let llamaPromise: Promise<Llama> | undefined;

/** The llama.cpp bindings, loaded once per process (CPU prebuilt binary, never built from source). */
function sharedLlama(): Promise<Llama> {
  llamaPromise ??= getLlama({ build: "never", gpu: false, progressLogs: false, logLevel: LlamaLogLevel.error }).catch((error: unknown) => {
    llamaPromise = undefined;
    throw error;
  });
  return llamaPromise;
}

/** Loads GGUF files on demand, shares them between callers and unloads them when idle. */
export class LocalGgufRuntime {
  /** Loads by path, pending or done; a failed load is removed so the next caller retries. */
  private readonly models = new Map<string, Promise<LoadedModel>>();
  /** Loaded models by path, once their load has succeeded. */
  private readonly settled = new Map<string, LoadedModel>();
  private loads = 0;

  constructor(private readonly options: LocalGgufRuntimeOptions) {}

  /** How many times a model file was actually loaded by this runtime (for tests and monitoring). */
  get loadCount(): number {
    return this.loads;
  }

  /** A LangChain chat model backed by the GGUF file; the file is loaded lazily, once, and shared by every caller. */
  chatModel(args: { modelPath: string; temperature: number; maxTokens: number }): BaseChatModel {
    return new LocalGgufChatModel({ runtime: this, ...args });
  }

  embeddings(args: { modelPath: string }): Embeddings {
    return new LocalGgufEmbeddings({ runtime: this, modelPath: args.modelPath });
  }

  /** `.gguf` files of a file or folder path (folder: recursive, sorted). Throws LocalModelError not_found for a missing path. */
  listModels(path: string): Promise<LocalModelFile[]> {
    return listModelFiles(path);
  }

  /** Loads (or reuses) a model and reports basic facts: used by "Test connection". */
  async probe(modelPath: string): Promise<LocalModelProbe> {
    const { model, release } = await this.lease(modelPath);
    try {
      const embeddingSize = model.model.embeddingVectorSize;
      return {
        trainContextSize: model.model.trainContextSize,
        embeddingSize: embeddingSize > 0 ? embeddingSize : null,
        hasChatTemplate: model.hasChatTemplate,
        loadMs: model.loadMs,
      };
    } finally {
      release();
    }
  }

  loadedModels(): { path: string; activeRequests: number; idleForMs: number }[] {
    const now = Date.now();
    return [...this.settled.values()]
      .filter((model) => !model.closing)
      .map((model) => ({ path: model.path, activeRequests: model.activeRequests, idleForMs: model.activeRequests > 0 ? 0 : now - model.lastUsedAt }));
  }

  /** Unloads a model now; requests still running on it fail. */
  async unload(modelPath: string): Promise<void> {
    const key = resolve(modelPath);
    const pending = this.models.get(key);
    if (!pending) return;
    this.models.delete(key);
    this.settled.delete(key);
    const model = await pending.catch(() => undefined);
    await model?.dispose();
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.models.keys()].map((key) => this.unload(key)));
  }

  /** Lends the loaded model to one request, loading it first if needed. Internal to the provider. */
  async lease(modelPath: string): Promise<ModelLease> {
    const key = resolve(modelPath);
    for (;;) {
      let pending = this.models.get(key);
      if (!pending) {
        pending = this.load(key);
        this.models.set(key, pending);
        const loading = pending;
        loading.then(
          (model) => {
            if (this.models.get(key) === loading) this.settled.set(key, model);
          },
          () => {
            if (this.models.get(key) === loading) this.models.delete(key);
          },
        );
      }
      const model = await pending;
      if (model.closing) continue;
      model.activeRequests++;
      if (model.idleTimer) clearTimeout(model.idleTimer);
      model.idleTimer = undefined;
      let released = false;
      return {
        model,
        release: () => {
          if (released) return;
          released = true;
          model.activeRequests--;
          model.lastUsedAt = Date.now();
          if (model.activeRequests === 0 && !model.closing) this.scheduleIdleUnload(key, model);
        },
      };
    }
  }

  private scheduleIdleUnload(key: string, model: LoadedModel): void {
    if (model.idleTimer) clearTimeout(model.idleTimer);
    model.idleTimer = setTimeout(() => {
      model.idleTimer = undefined;
      if (model.activeRequests > 0 || model.closing || this.settled.get(key) !== model) return;
      void this.unload(key).catch(() => undefined);
    }, this.options.idleUnloadMs);
    model.idleTimer.unref();
  }

  private async load(path: string): Promise<LoadedModel> {
    await assertGgufFile(path);
    const llama = await sharedLlama().catch((error: unknown) => {
      throw toLocalModelError(error, path);
    });
    const started = performance.now();
    try {
      const model = await llama.loadModel({ modelPath: path });
      this.loads++;
      const { contextSize, queueTimeoutMs, threads } = this.options;
      return new LoadedModel(path, model, Math.round(performance.now() - started), { maxParallel: this.options.maxParallel ?? 1, contextSize, queueTimeoutMs, threads });
    } catch (error) {
      throw toLocalModelError(error, path);
    }
  }
}
