import type { BaseChatModel } from "@atelier/agent";

/** What the API needs from the in-process GGUF runtime (implemented by LocalGgufRuntime in @atelier/agent). */
export interface LocalModels {
  chatModel(args: { modelPath: string; temperature: number; maxTokens: number }): BaseChatModel;
  embeddings(args: { modelPath: string }): { embedDocuments(texts: string[]): Promise<number[][]> };
  listModels(path: string): Promise<{ name: string; path: string; sizeBytes: number }[]>;
  probe(modelPath: string): Promise<{ trainContextSize: number; embeddingSize: number | null; hasChatTemplate: boolean; loadMs: number }>;
}
