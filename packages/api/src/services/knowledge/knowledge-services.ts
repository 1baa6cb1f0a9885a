import type { Db } from "@atelier/db";
import type { DatabaseHandle } from "@atelier/db";

type SqliteDatabase = DatabaseHandle["sqlite"];
import { DocumentVectors, type EmbeddingModel, IngestionRunner, LexicalIndex, TableStore } from "@atelier/knowledge";
import type { Logger } from "../../logger";

/** Server settings of the Knowledge area (from the environment). */
export interface KnowledgeSettings {
  /** Server folders that folder sources may point into. */
  folderRoots: string[];
  /** Private hosts (host, host:port, CIDR) the website connector may reach anyway. */
  allowedPrivateHosts: string[];
  /** Largest uploaded or synced file, in bytes. */
  maxFileBytes: number;
  /** Atelier's own user guide (Markdown), the Atelier Guide's knowledge; null: no guide. */
  guideDocsPath?: string | null;
  /** The Atelier Guide's test suite (JSONL), created and run on first start; null: none. */
  guideSuiteFile?: string | null;
  /** Where CSV/XLSX documents become SQL tables (one file per source); null: a temporary directory. */
  tablesDirectory?: string | null;
}

export interface KnowledgeServices {
  index: LexicalIndex;
  /** Vectors of the chunks when an embedding model is configured (hybrid search), else inactive. */
  vectors: DocumentVectors;
  /** CSV/XLSX documents as read-only SQL tables (the sql_query tool). */
  tables: TableStore;
  runner: IngestionRunner;
  settings: KnowledgeSettings;
}

/**
 * One index and one runner per database: the index caches term statistics that its writes
 * invalidate, so readers and the runner must share it. The runner starts with `runner.start()`.
 */
export function createKnowledgeServices(
  db: Db,
  sqlite: SqliteDatabase,
  settings: KnowledgeSettings,
  options: {
    logger?: Logger;
    scheduleCheckMs?: number;
    concurrency?: number;
    /** The workspace's embedding model now (see resolveEmbeddings); absent: lexical only. */
    embeddings?: () => EmbeddingModel | null;
  } = {},
): KnowledgeServices {
  const index = new LexicalIndex(sqlite);
  const vectors = new DocumentVectors(sqlite, options.embeddings ?? (() => null), options.logger);
  const tables = new TableStore({ directory: settings.tablesDirectory ?? null });
  const runner = new IngestionRunner(db, index, {
    folderRoots: settings.guideDocsPath ? [...settings.folderRoots, settings.guideDocsPath] : settings.folderRoots,
    allowedPrivateHosts: settings.allowedPrivateHosts,
    maxFileBytes: settings.maxFileBytes,
    logger: options.logger,
    scheduleCheckMs: options.scheduleCheckMs,
    concurrency: options.concurrency,
    onDocumentChanged: (documentId, change) => vectors.onDocumentChanged(documentId, change),
    onJobFinished: () => void vectors.backfill(),
    tables,
  });
  return { index, vectors, tables, runner, settings };
}
