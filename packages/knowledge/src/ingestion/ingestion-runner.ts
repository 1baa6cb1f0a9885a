import { createHash } from "node:crypto";
import {
  type Db,
  type IngestionJob,
  ingestionJobs,
  type KnowledgeSource,
  knowledgeDocuments,
  knowledgeSources,
  newId,
} from "@atelier/db";
import { and, asc, eq, inArray, isNotNull, notInArray } from "drizzle-orm";
import type { Connector, SourceItem } from "../connectors/connector";
import type { LexicalIndex } from "../index/lexical-index";
import type { TableStore } from "../tables/table-store";
import { ParseError } from "../parsing/parse-error";
import { parseDocument } from "../parsing/parse-document";
import { type ConnectorSettings, connectorFor } from "./connector-for";

export interface IngestionLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface IngestionOptions extends ConnectorSettings {
  /** Sources synced at the same time. Default 1. */
  concurrency?: number;
  /** Documents of one source parsed at the same time. Default 2. */
  documentConcurrency?: number;
  /** How often scheduled syncs are looked for. Default 60 s; 0 disables the scheduler. */
  scheduleCheckMs?: number;
  logger?: IngestionLogger;
  /** Extra hook after a document is (re)indexed or removed: the vector index, later. */
  onDocumentChanged?: (documentId: string, change: "indexed" | "deleted") => void | Promise<void>;
  /** CSV and XLSX documents also become SQL tables here (the sql_query tool). */
  tables?: TableStore;
  /** After every job and at start (the vector backfill). */
  onJobFinished?: () => void;
}

const silent: IngestionLogger = { info() {}, warn() {}, error() {} };

class Cancelled extends Error {
  constructor(readonly reason: "cancel" | "shutdown") {
    super(reason);
  }
}

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/**
 * Durable ingestion: each sync is a row of ingestion_jobs (queued → running → done / failed /
 * cancelled) that survives restarts. A sync lists the source, skips documents whose size and
 * modification time (then bytes) did not change, parses and indexes the others one by one —
 * a document that fails is marked failed with its reason and the sync goes on — and, after a
 * complete listing, removes the documents the source no longer has. A job interrupted by a
 * shutdown is queued again at the next start; since unchanged documents are skipped and a
 * document's chunks are replaced atomically, resuming neither duplicates nor loses chunks.
 */
export class IngestionRunner {
  private readonly running = new Map<string, AbortController>();
  private readonly finished = new Map<string, Promise<void>>();
  private readonly logger: IngestionLogger;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly db: Db,
    private readonly index: LexicalIndex,
    private readonly options: IngestionOptions = {},
  ) {
    this.logger = options.logger ?? silent;
  }

  /** Re-queues the jobs a previous process left running, starts them and the scheduler. */
  start(): void {
    this.stopped = false;
    this.db
      .update(ingestionJobs)
      .set({ status: "queued", phase: null })
      .where(eq(ingestionJobs.status, "running"))
      .run();
    this.kick();
    this.options.onJobFinished?.();
    const every = this.options.scheduleCheckMs ?? 60_000;
    if (every > 0) {
      this.timer = setInterval(() => this.enqueueDueSources(), every);
      this.timer.unref();
    }
  }

  /** Stops the scheduler and interrupts running jobs, leaving them queued for the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    for (const controller of this.running.values()) controller.abort(new Cancelled("shutdown"));
    await Promise.allSettled([...this.finished.values()]);
  }

  /**
   * Queues a sync of the source, or returns the one already waiting. A sync already running may
   * have listed the source before a new upload: a new sync is queued behind it.
   */
  enqueue(sourceId: string, trigger: IngestionJob["trigger"], requestedById: string | null = null): IngestionJob {
    const waiting = this.db
      .select()
      .from(ingestionJobs)
      .where(and(eq(ingestionJobs.sourceId, sourceId), eq(ingestionJobs.status, "queued")))
      .get();
    if (waiting) return waiting;
    const job = this.db
      .insert(ingestionJobs)
      .values({ id: newId(), sourceId, trigger, requestedById })
      .returning()
      .get();
    queueMicrotask(() => this.kick());
    return job;
  }

  /** Cancels a queued or running job; returns false when it had already finished. */
  cancel(jobId: string): boolean {
    const job = this.db.select().from(ingestionJobs).where(eq(ingestionJobs.id, jobId)).get();
    if (!job || (job.status !== "queued" && job.status !== "running")) return false;
    if (job.status === "queued") {
      this.db
        .update(ingestionJobs)
        .set({ status: "cancelled", finishedAt: new Date() })
        .where(eq(ingestionJobs.id, jobId))
        .run();
      return true;
    }
    this.db.update(ingestionJobs).set({ cancelRequested: true }).where(eq(ingestionJobs.id, jobId)).run();
    this.running.get(jobId)?.abort(new Cancelled("cancel"));
    return true;
  }

  /** Cancels the source's jobs and waits until none runs (before deleting or pausing it). */
  async cancelSource(sourceId: string): Promise<void> {
    const jobs = this.db
      .select({ id: ingestionJobs.id })
      .from(ingestionJobs)
      .where(and(eq(ingestionJobs.sourceId, sourceId), inArray(ingestionJobs.status, ["queued", "running"])))
      .all();
    for (const { id } of jobs) this.cancel(id);
    await Promise.allSettled(jobs.map(({ id }) => this.finished.get(id)).filter(Boolean));
  }

  /** Resolves when the job has finished (for tests and the CLI). */
  async waitFor(jobId: string): Promise<IngestionJob> {
    for (;;) {
      await this.finished.get(jobId);
      const job = this.db.select().from(ingestionJobs).where(eq(ingestionJobs.id, jobId)).get();
      if (!job || (job.status !== "queued" && job.status !== "running")) return job!;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Removes every document (and chunk) of a source from the index. */
  removeSourceDocuments(sourceId: string): void {
    const ids = this.db
      .select({ id: knowledgeDocuments.id })
      .from(knowledgeDocuments)
      .where(eq(knowledgeDocuments.sourceId, sourceId))
      .all();
    for (const { id } of ids) this.deleteDocument(sourceId, id);
    this.options.tables?.deleteSource(sourceId);
  }

  private deleteDocument(sourceId: string, id: string) {
    this.index.deleteDocument(id);
    this.options.tables?.deleteDocument(sourceId, id);
    this.db.delete(knowledgeDocuments).where(eq(knowledgeDocuments.id, id)).run();
    void this.options.onDocumentChanged?.(id, "deleted");
  }

  private enqueueDueSources() {
    if (this.stopped) return;
    const now = Date.now();
    const sources = this.db
      .select()
      .from(knowledgeSources)
      .where(and(isNotNull(knowledgeSources.syncIntervalMinutes), eq(knowledgeSources.paused, false)))
      .all();
    for (const source of sources) {
      const last = source.lastSyncAt?.getTime() ?? 0;
      if (now - last >= source.syncIntervalMinutes! * 60_000) this.enqueue(source.id, "schedule");
    }
  }

  private kick() {
    if (this.stopped) return;
    const capacity = (this.options.concurrency ?? 1) - this.running.size;
    if (capacity <= 0) return;
    const busy = [...this.running.keys()];
    // One sync per source at a time: a source's next sync waits for the running one.
    const busySources = new Set(
      busy.length ? this.db.select({ sourceId: ingestionJobs.sourceId }).from(ingestionJobs).where(inArray(ingestionJobs.id, busy)).all().map((r) => r.sourceId) : [],
    );
    const next = this.db
      .select()
      .from(ingestionJobs)
      .where(and(eq(ingestionJobs.status, "queued"), busy.length ? notInArray(ingestionJobs.id, busy) : undefined))
      .orderBy(asc(ingestionJobs.createdAt))
      .all()
      .filter((job) => {
        if (busySources.has(job.sourceId)) return false;
        busySources.add(job.sourceId);
        return true;
      })
      .slice(0, capacity);
    for (const job of next) {
      const controller = new AbortController();
      this.running.set(job.id, controller);
      const done = this.run(job, controller.signal)
        .catch((e) => this.logger.error({ err: e, jobId: job.id }, "ingestion job crashed"))
        .finally(() => {
          this.running.delete(job.id);
          this.finished.delete(job.id);
          this.options.onJobFinished?.();
          this.kick();
        });
      this.finished.set(job.id, done);
    }
  }

  private update(jobId: string, values: Partial<IngestionJob>) {
    this.db.update(ingestionJobs).set(values).where(eq(ingestionJobs.id, jobId)).run();
  }

  private async run(job: IngestionJob, signal: AbortSignal): Promise<void> {
    const source = this.db.select().from(knowledgeSources).where(eq(knowledgeSources.id, job.sourceId)).get();
    if (!source) {
      this.update(job.id, { status: "cancelled", finishedAt: new Date(), error: "The source was deleted." });
      return;
    }
    this.update(job.id, {
      status: "running",
      phase: "listing",
      startedAt: new Date(),
      totalItems: 0,
      processedItems: 0,
      indexedItems: 0,
      unchangedItems: 0,
      failedItems: 0,
      deletedItems: 0,
      chunkCount: 0,
      error: null,
    });
    const counts = { totalItems: 0, processedItems: 0, indexedItems: 0, unchangedItems: 0, failedItems: 0, deletedItems: 0, chunkCount: 0 };
    try {
      const connector = connectorFor(this.db, source, this.options);
      const seen = new Set<string>();
      const pending = new Set<Promise<void>>();
      const limit = Math.max(1, this.options.documentConcurrency ?? 2);
      let lastProgress = 0;
      const progress = (force = false) => {
        if (!force && Date.now() - lastProgress < 250) return;
        lastProgress = Date.now();
        this.update(job.id, { ...counts });
      };
      // Uploads and folders list in a moment: list them whole first so the progress bar has its
      // total from the start. A website's listing is its crawl: its pages are processed as found.
      const listed: AsyncIterable<SourceItem> | SourceItem[] =
        connector.kind === "website" ? connector.list(signal) : await collect(connector.list(signal), (n) => this.update(job.id, { totalItems: n }));
      for await (const item of listed) {
        if (signal.aborted) break;
        if (seen.has(item.externalId)) continue;
        seen.add(item.externalId);
        counts.totalItems = Array.isArray(listed) ? listed.length : counts.totalItems + 1;
        progress();
        const task = this.ingestItem(source, item, signal, job.id)
          .then((outcome) => {
            counts[outcome.result]++;
            counts.chunkCount += outcome.chunks;
          })
          .finally(() => {
            counts.processedItems++;
            pending.delete(task);
            progress();
          });
        pending.add(task);
        if (pending.size >= limit) await Promise.race(pending);
      }
      await Promise.all(pending);
      if (signal.aborted) throw signal.reason;
      // The listing was complete: what the source no longer has goes away.
      const gone = this.db
        .select({ id: knowledgeDocuments.id, externalId: knowledgeDocuments.externalId })
        .from(knowledgeDocuments)
        .where(eq(knowledgeDocuments.sourceId, source.id))
        .all()
        .filter((d) => !seen.has(d.externalId));
      for (const d of gone) this.deleteDocument(source.id, d.id);
      counts.deletedItems = gone.length;
      this.update(job.id, { ...counts, status: "done", phase: null, finishedAt: new Date() });
      this.finishSource(source.id, "done", null);
      if (counts.indexedItems > 50) this.index.optimize();
    } catch (e) {
      const reason = e instanceof Cancelled ? e.reason : signal.reason instanceof Cancelled ? signal.reason.reason : null;
      if (reason === "shutdown") {
        this.update(job.id, { ...counts, status: "queued", phase: null, trigger: "resume" });
        return;
      }
      if (reason === "cancel") {
        this.update(job.id, { ...counts, status: "cancelled", phase: null, finishedAt: new Date() });
        this.finishSource(source.id, "cancelled", null);
        return;
      }
      const message = readableError(e);
      if (!codeOf(e)) this.logger.error({ err: e, jobId: job.id }, "ingestion job failed");
      this.update(job.id, { ...counts, status: "failed", phase: null, error: message, finishedAt: new Date() });
      this.finishSource(source.id, "failed", message);
    }
  }

  private finishSource(sourceId: string, status: "done" | "failed" | "cancelled", error: string | null) {
    this.db
      .update(knowledgeSources)
      .set({ lastSyncAt: new Date(), lastSyncStatus: status, lastSyncError: error })
      .where(eq(knowledgeSources.id, sourceId))
      .run();
  }

  private async ingestItem(
    source: KnowledgeSource,
    item: SourceItem,
    signal: AbortSignal,
    jobId: string,
  ): Promise<{ result: "indexedItems" | "unchangedItems" | "failedItems"; chunks: number }> {
    // Parsing and indexing a document is mostly synchronous work: let the server answer other
    // requests (chat streams) between documents.
    await new Promise((resolve) => setImmediate(resolve));
    const existing = this.db
      .select()
      .from(knowledgeDocuments)
      .where(and(eq(knowledgeDocuments.sourceId, source.id), eq(knowledgeDocuments.externalId, item.externalId)))
      .get();
    const metadataSame =
      existing?.status === "indexed" &&
      item.modifiedAt !== null &&
      existing.modifiedAt?.getTime() === item.modifiedAt &&
      existing.sizeBytes === item.size;
    if (metadataSame) return { result: "unchangedItems", chunks: 0 };

    const documentId = existing?.id ?? newId();
    const base = {
      title: existing?.title ?? item.title,
      location: item.location,
      mimeType: item.mimeType,
      sizeBytes: item.size,
      modifiedAt: item.modifiedAt === null ? null : new Date(item.modifiedAt),
      updatedAt: new Date(),
    };
    if (!existing) {
      this.db
        .insert(knowledgeDocuments)
        .values({ id: documentId, sourceId: source.id, externalId: item.externalId, status: "pending", ...base })
        .run();
    }
    try {
      this.update(jobId, { phase: "parsing" });
      const bytes = await item.read(signal);
      const fileHash = sha256(bytes);
      if (existing?.status === "indexed" && existing.fileHash === fileHash) {
        this.db.update(knowledgeDocuments).set(base).where(eq(knowledgeDocuments.id, documentId)).run();
        return { result: "unchangedItems", chunks: 0 };
      }
      const parsed = await parseDocument({ bytes, fileName: item.location, mimeType: item.mimeType, signal });
      if (signal.aborted) throw signal.reason;
      this.update(jobId, { phase: "indexing" });
      const title = parsed.title?.trim() || item.title;
      const result = this.index.indexDocument({ id: documentId, sourceId: source.id, title, blocks: parsed.blocks });
      this.db
        .update(knowledgeDocuments)
        .set({
          ...base,
          title,
          sizeBytes: item.size ?? bytes.byteLength,
          fileHash,
          pageCount: parsed.pageCount,
          status: "indexed",
          error: null,
          errorCode: null,
        })
        .where(eq(knowledgeDocuments.id, documentId))
        .run();
      if (this.options.tables) {
        try {
          await this.options.tables.replaceDocument({ sourceId: source.id, documentId, fileName: item.location, mimeType: item.mimeType, bytes });
        } catch (e) {
          this.logger.warn({ err: e, documentId }, "could not load the document's tables");
        }
      }
      await this.options.onDocumentChanged?.(documentId, "indexed");
      return { result: result.status === "unchanged" ? "unchangedItems" : "indexedItems", chunks: result.chunkCount };
    } catch (e) {
      if (signal.aborted) throw signal.reason;
      const code = e instanceof ParseError ? `parse.${e.code}` : (codeOf(e) ?? "internal");
      if (!(e instanceof ParseError) && !codeOf(e)) {
        this.logger.warn({ err: e, documentId, jobId }, "document failed");
      }
      // A failed document keeps its previous chunks (if any) out of the index: its content is unknown.
      this.index.deleteDocument(documentId);
      this.options.tables?.deleteDocument(source.id, documentId);
      this.db
        .insert(knowledgeDocuments)
        .values({ id: documentId, sourceId: source.id, externalId: item.externalId, ...base, status: "failed", error: readableError(e), errorCode: code })
        .onConflictDoUpdate({ target: knowledgeDocuments.id, set: { ...base, status: "failed", error: readableError(e), errorCode: code, chunkCount: 0, contentHash: "", fileHash: null } })
        .run();
      return { result: "failedItems", chunks: 0 };
    }
  }
}

async function collect<T>(items: AsyncIterable<T>, onProgress: (count: number) => void): Promise<T[]> {
  const out: T[] = [];
  let last = Date.now();
  for await (const item of items) {
    out.push(item);
    if (Date.now() - last > 250) {
      last = Date.now();
      onProgress(out.length);
    }
  }
  return out;
}

function codeOf(e: unknown): string | null {
  const code = e && typeof e === "object" ? (e as { code?: unknown }).code : undefined;
  return typeof code === "string" ? code : null;
}

/** The message of a typed error (parser, connector), else a generic sentence (details are logged). */
export function readableError(e: unknown): string {
  if (e instanceof ParseError) return e.message;
  const code = codeOf(e);
  if (code && e instanceof Error) {
    // Node system errors (ENOENT…) are not written for people.
    if (!/^E[A-Z]+$/.test(code)) return e.message;
    if (code === "ENOENT") return "The file disappeared while it was being read.";
    if (code === "EACCES" || code === "EPERM") return "Atelier is not allowed to read this file.";
  }
  return "This document could not be processed because of an unexpected error.";
}
