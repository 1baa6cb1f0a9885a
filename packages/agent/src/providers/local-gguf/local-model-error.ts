import { InsufficientMemoryError } from "node-llama-cpp";

export const localModelErrorCodes = ["not_found", "not_gguf", "load_failed", "out_of_memory", "busy_timeout"] as const;
export type LocalModelErrorCode = (typeof localModelErrorCodes)[number];

/** A local GGUF model that could not be used, with a sentence naming the file. */
export class LocalModelError extends Error {
  override readonly name = "LocalModelError";
  constructor(
    readonly code: LocalModelErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const memoryPattern = /out of memory|insufficient memory|not enough memory|failed to allocate|alloc(ate|ation)? failed|cannot allocate|\bOOM\b|VRAM|std::bad_alloc/i;

/** Turns whatever llama.cpp threw while loading a model or creating a context into a LocalModelError. */
export function toLocalModelError(error: unknown, modelPath: string): LocalModelError {
  if (error instanceof LocalModelError) return error;
  const text = String((error as { message?: unknown } | undefined)?.message ?? error);
  if (error instanceof InsufficientMemoryError || memoryPattern.test(text)) {
    return new LocalModelError("out_of_memory", `There is not enough memory to load the model "${modelPath}". Try a smaller model or a smaller context size.`, { cause: error });
  }
  return new LocalModelError("load_failed", `The model "${modelPath}" could not be loaded; the file may be damaged or made for an unsupported architecture.`, { cause: error });
}

/** The error a cancelled generation rejects with: always named "AbortError". */
export function abortError(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error && reason.name === "AbortError") return reason;
  return new DOMException("The generation was cancelled.", "AbortError");
}
