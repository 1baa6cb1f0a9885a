import { Embeddings } from "@langchain/core/embeddings";
import type { LocalGgufRuntime } from "./local-gguf-runtime";

/** LangChain embeddings computed by a GGUF file loaded by a LocalGgufRuntime (one shared load per file). */
export class LocalGgufEmbeddings extends Embeddings {
  readonly modelPath: string;
  private readonly runtime: LocalGgufRuntime;

  constructor(fields: { runtime: LocalGgufRuntime; modelPath: string }) {
    super({});
    this.runtime = fields.runtime;
    this.modelPath = fields.modelPath;
  }

  async embedQuery(text: string): Promise<number[]> {
    const [vector] = await this.embedDocuments([text]);
    return vector as number[];
  }

  /** Embeds the documents one after the other on the model's embedding context. */
  async embedDocuments(documents: string[]): Promise<number[][]> {
    const { model, release } = await this.runtime.lease(this.modelPath);
    try {
      const vectors: number[][] = [];
      for (const document of documents) vectors.push(await model.embed(document));
      return vectors;
    } finally {
      release();
    }
  }
}
