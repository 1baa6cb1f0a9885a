import type { Database } from "better-sqlite3";
import { type EmbedFunction, VectorIndex } from "../index/vector-index";
import type { Language } from "../language";
import type { IngestionLogger } from "./ingestion-runner";

/** The embedding model to use now: its identity (vectors of two keys are not comparable) and function. */
export interface EmbeddingModel {
  key: string;
  embed: EmbedFunction;
}

interface ChunkRow {
  id: string;
  text: string;
  document_id: string;
  source_id: string;
  language: Language;
  title: string;
}

const BATCH = 32;

/**
 * Keeps the optional vector index in step with the lexical one when an embedding model is
 * configured: embeds a document's chunks after it is indexed, drops them when it goes, and —
 * when the model changes or vectors are missing (model configured after documents were
 * indexed, a failed embedding call) — rebuilds them in the background, one document at a time.
 * Without an embedding model nothing is sent anywhere and search stays lexical.
 */
export class DocumentVectors {
  private index: VectorIndex | null = null;
  private indexKey: string | null = null;
  private backfilling: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly db: Database,
    private readonly currentModel: () => EmbeddingModel | null,
    private readonly logger?: IngestionLogger,
  ) {
    VectorIndex.loadExtension(db);
  }

  /** The vector index and embed function for the configured model, or null (lexical only). */
  async active(): Promise<{ index: VectorIndex; embed: EmbedFunction } | null> {
    const model = this.currentModel();
    if (!model) return null;
    if (this.index && this.indexKey === model.key) return { index: this.index, embed: model.embed };
    const stored = VectorIndex.configuration(this.db);
    let dimensions = stored?.model === model.key ? stored.dimensions : null;
    if (dimensions === null) {
      const [probe] = await model.embed(["dimension probe"]);
      if (!probe?.length) throw new Error("The embedding model returned an empty vector.");
      dimensions = probe.length;
      if (stored) VectorIndex.reset(this.db);
    }
    this.index = new VectorIndex(this.db, { dimensions, model: model.key });
    this.indexKey = model.key;
    return { index: this.index, embed: model.embed };
  }

  /** After the lexical index changed a document. Embedding failures are logged, not thrown: the backfill retries. */
  async onDocumentChanged(documentId: string, change: "indexed" | "deleted"): Promise<void> {
    try {
      if (change === "deleted") {
        this.index?.deleteDocument(documentId);
        if (!this.index && VectorIndex.configuration(this.db)) (await this.active())?.index.deleteDocument(documentId);
        return;
      }
      const active = await this.active();
      if (active) await this.embedDocument(active, documentId);
    } catch (e) {
      this.logger?.warn({ err: e, documentId }, "could not embed the document; the vector backfill will retry");
    }
  }

  private async embedDocument(active: { index: VectorIndex; embed: EmbedFunction }, documentId: string, signal?: AbortSignal) {
    const chunks = this.db
      .prepare(
        `SELECT c.id, c.text, c.document_id, c.source_id, c.language, d.title
         FROM knowledge_chunks c JOIN knowledge_documents d ON d.id = c.document_id
         WHERE c.document_id = ? ORDER BY c.rowid`,
      )
      .all(documentId) as ChunkRow[];
    if (chunks.length === 0) {
      active.index.deleteDocument(documentId);
      return;
    }
    const vectors: number[][] = [];
    for (let i = 0; i < chunks.length; i += BATCH) {
      const batch = chunks.slice(i, i + BATCH);
      // The title gives short chunks their context, as the lexical index's title column does.
      vectors.push(...(await active.embed(batch.map((c) => `${c.title}\n${c.text}`), signal)));
    }
    const first = chunks[0]!;
    active.index.replaceDocument(
      documentId,
      first.source_id,
      first.language,
      chunks.map((c, i) => ({ chunkId: c.id, vector: vectors[i]! })),
    );
  }

  /** Embeds every document that has chunks without vectors; one backfill at a time. */
  backfill(signal?: AbortSignal): Promise<void> {
    this.backfilling ??= (async () => {
      try {
        const active = await this.active();
        if (!active) return;
        const missing = this.db
          .prepare(
            `SELECT DISTINCT c.document_id AS id FROM knowledge_chunks c
             LEFT JOIN knowledge_vectors v ON v.chunk_id = c.id
             WHERE v.chunk_id IS NULL`,
          )
          .all() as { id: string }[];
        for (const { id } of missing) {
          if (this.stopped || signal?.aborted) return;
          await this.embedDocument(active, id, signal);
        }
        if (missing.length) this.logger?.info({ documents: missing.length }, "vector backfill done");
      } catch (e) {
        this.logger?.warn({ err: e }, "vector backfill stopped");
      } finally {
        this.backfilling = null;
      }
    })();
    return this.backfilling;
  }

  stop() {
    this.stopped = true;
  }
}
