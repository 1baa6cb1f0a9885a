import { relations } from "drizzle-orm";
import {
  blob,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";
import { assistants } from "./assistants";
import { conversations } from "./conversations";
import { createdAt, id, timestamp, updatedAt } from "./columns";
import { teams } from "./teams";
import { users } from "./users";

export const sourceKinds = ["upload", "folder", "website"] as const;
export type SourceKind = (typeof sourceKinds)[number];

/** Limits which models may see a source's passages (enforced by the assistant runtime). */
export const sensitivities = ["public", "internal", "confidential", "secret"] as const;
export type Sensitivity = (typeof sensitivities)[number];

export interface FolderSourceConfig {
  path: string;
}
export interface WebsiteSourceConfig {
  url: string;
  maxDepth: number;
  maxPages: number;
}
export type SourceConfig = FolderSourceConfig | WebsiteSourceConfig | Record<string, never>;

/** A data source: a connector configuration and the documents it brings in. */
export const knowledgeSources = sqliteTable(
  "knowledge_sources",
  {
    id: id(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    kind: text("kind", { enum: sourceKinds }).notNull(),
    /**
     * The team that owns the source; null means the whole workspace. A team that owns sources
     * cannot be deleted (restrict): "set null" would publish them to everyone.
     */
    teamId: text("team_id").references(() => teams.id, { onDelete: "restrict" }),
    sensitivity: text("sensitivity", { enum: sensitivities }).notNull().default("internal"),
    config: text("config", { mode: "json" }).$type<SourceConfig>().notNull(),
    /** Minutes between scheduled syncs; null: manual only. */
    syncIntervalMinutes: integer("sync_interval_minutes"),
    paused: integer("paused", { mode: "boolean" }).notNull().default(false),
    lastSyncAt: timestamp("last_sync_at"),
    lastSyncStatus: text("last_sync_status", { enum: ["done", "failed", "cancelled"] }),
    lastSyncError: text("last_sync_error"),
    /** Files attached to one conversation: searchable in that conversation only, hidden from Knowledge. */
    conversationId: text("conversation_id").references(() => conversations.id, { onDelete: "cascade" }),
    /** "seed": created by Atelier itself (the Atelier Guide documentation). */
    managedBy: text("managed_by", { enum: ["user", "seed"] })
      .notNull()
      .default("user"),
    createdById: text("created_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("knowledge_sources_team_idx").on(t.teamId)],
);

export const documentStatuses = ["pending", "indexed", "failed"] as const;
export type DocumentStatus = (typeof documentStatuses)[number];

/**
 * A document of a source, as its connector sees it (location, size, modification time, hash of
 * the bytes) and as the lexical index sees it (title, language, content hash, chunk count).
 * The index writes its columns itself (packages/knowledge LexicalIndex), keyed by `id`.
 */
export const knowledgeDocuments = sqliteTable(
  "knowledge_documents",
  {
    id: id(),
    sourceId: text("source_id")
      .notNull()
      .references(() => knowledgeSources.id, { onDelete: "cascade" }),
    /** Stable within the source: relative path, canonical URL or uploaded file name. */
    externalId: text("external_id").notNull().default(""),
    title: text("title").notNull(),
    location: text("location").notNull().default(""),
    mimeType: text("mime_type"),
    sizeBytes: integer("size_bytes"),
    modifiedAt: timestamp("modified_at"),
    /** sha256 of the bytes last parsed: unchanged bytes are not parsed again. */
    fileHash: text("file_hash"),
    pageCount: integer("page_count"),
    language: text("language").notNull().default("en"),
    /** Hash of the chunks last indexed (written by the index). */
    contentHash: text("content_hash").notNull().default(""),
    chunkCount: integer("chunk_count").notNull().default(0),
    indexedAt: integer("indexed_at"),
    status: text("status", { enum: documentStatuses }).notNull().default("pending"),
    errorCode: text("error_code"),
    /** Readable reason the document could not be indexed. */
    error: text("error"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("knowledge_documents_source").on(t.sourceId),
    uniqueIndex("knowledge_documents_source_external_unique").on(t.sourceId, t.externalId),
  ],
);

/** Chunks of indexed documents; their analysed terms live in the FTS5 table knowledge_chunks_fts. */
export const knowledgeChunks = sqliteTable(
  "knowledge_chunks",
  {
    rowid: integer("rowid").primaryKey(),
    id: text("id").notNull().unique(),
    documentId: text("document_id")
      .notNull()
      .references(() => knowledgeDocuments.id, { onDelete: "cascade" }),
    sourceId: text("source_id").notNull(),
    language: text("language").notNull(),
    ordinal: integer("ordinal").notNull(),
    /** JSON array of the headings above the chunk. */
    headingPath: text("heading_path").notNull(),
    page: integer("page"),
    text: text("text").notNull(),
  },
  (t) => [index("knowledge_chunks_document").on(t.documentId)],
);

/** Files uploaded to an "upload" source: Atelier keeps the bytes in its own store. */
export const sourceFiles = sqliteTable(
  "source_files",
  {
    id: id(),
    sourceId: text("source_id")
      .notNull()
      .references(() => knowledgeSources.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    mimeType: text("mime_type"),
    sizeBytes: integer("size_bytes").notNull(),
    sha256: text("sha256").notNull(),
    data: blob("data", { mode: "buffer" }).notNull(),
    uploadedById: text("uploaded_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("source_files_source_name_unique").on(t.sourceId, t.name)],
);

export const jobStatuses = ["queued", "running", "done", "failed", "cancelled"] as const;
export type JobStatus = (typeof jobStatuses)[number];
export const jobPhases = ["listing", "parsing", "chunking", "indexing"] as const;
export type JobPhase = (typeof jobPhases)[number];

/** A sync of a source. Durable: a job running when the server stopped is resumed at boot. */
export const ingestionJobs = sqliteTable(
  "ingestion_jobs",
  {
    id: id(),
    sourceId: text("source_id")
      .notNull()
      .references(() => knowledgeSources.id, { onDelete: "cascade" }),
    trigger: text("trigger", { enum: ["manual", "schedule", "upload", "create", "seed", "resume"] }).notNull(),
    status: text("status", { enum: jobStatuses }).notNull().default("queued"),
    phase: text("phase", { enum: jobPhases }),
    totalItems: integer("total_items").notNull().default(0),
    processedItems: integer("processed_items").notNull().default(0),
    indexedItems: integer("indexed_items").notNull().default(0),
    unchangedItems: integer("unchanged_items").notNull().default(0),
    failedItems: integer("failed_items").notNull().default(0),
    deletedItems: integer("deleted_items").notNull().default(0),
    chunkCount: integer("chunk_count").notNull().default(0),
    cancelRequested: integer("cancel_requested", { mode: "boolean" }).notNull().default(false),
    error: text("error"),
    requestedById: text("requested_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    startedAt: timestamp("started_at"),
    finishedAt: timestamp("finished_at"),
  },
  (t) => [index("ingestion_jobs_source_idx").on(t.sourceId, t.createdAt), index("ingestion_jobs_status_idx").on(t.status)],
);

/** The data sources an assistant answers from. */
export const assistantSources = sqliteTable(
  "assistant_sources",
  {
    assistantId: text("assistant_id")
      .notNull()
      .references(() => assistants.id, { onDelete: "cascade" }),
    sourceId: text("source_id")
      .notNull()
      .references(() => knowledgeSources.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.assistantId, t.sourceId] }), index("assistant_sources_source_idx").on(t.sourceId)],
);

export const knowledgeSourcesRelations = relations(knowledgeSources, ({ one, many }) => ({
  team: one(teams, { fields: [knowledgeSources.teamId], references: [teams.id] }),
  documents: many(knowledgeDocuments),
  jobs: many(ingestionJobs),
}));

export const knowledgeDocumentsRelations = relations(knowledgeDocuments, ({ one }) => ({
  source: one(knowledgeSources, { fields: [knowledgeDocuments.sourceId], references: [knowledgeSources.id] }),
}));

export const ingestionJobsRelations = relations(ingestionJobs, ({ one }) => ({
  source: one(knowledgeSources, { fields: [ingestionJobs.sourceId], references: [knowledgeSources.id] }),
}));

export type KnowledgeSource = typeof knowledgeSources.$inferSelect;
export type KnowledgeDocument = typeof knowledgeDocuments.$inferSelect;
export type IngestionJob = typeof ingestionJobs.$inferSelect;
