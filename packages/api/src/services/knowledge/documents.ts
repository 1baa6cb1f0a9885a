import { and, asc, eq, or, sql } from "drizzle-orm";
import { knowledgeChunks, knowledgeDocuments, sourceFiles } from "@atelier/db";
import type { DocumentListInput } from "@atelier/validators";
import { documentListInput } from "@atelier/validators";
import type { Context, SessionUser } from "../../context";
import { NotFoundError, ValidationError } from "../../errors";
import { loadManagedSource, loadVisibleSource } from "./source-access";

type Ctx = Context & { user: SessionUser };

const listColumns = {
  id: knowledgeDocuments.id,
  sourceId: knowledgeDocuments.sourceId,
  title: knowledgeDocuments.title,
  location: knowledgeDocuments.location,
  mimeType: knowledgeDocuments.mimeType,
  sizeBytes: knowledgeDocuments.sizeBytes,
  pageCount: knowledgeDocuments.pageCount,
  language: knowledgeDocuments.language,
  chunkCount: knowledgeDocuments.chunkCount,
  status: knowledgeDocuments.status,
  error: knowledgeDocuments.error,
  errorCode: knowledgeDocuments.errorCode,
  modifiedAt: knowledgeDocuments.modifiedAt,
  updatedAt: knowledgeDocuments.updatedAt,
};

function escapeLike(text: string) {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Documents of a source, filtered by title/location and status, failed ones first. */
export function listDocuments({ ctx, input }: { ctx: Ctx; input: DocumentListInput }) {
  const data = documentListInput.parse(input);
  const source = loadVisibleSource(ctx, data.sourceId);
  const pattern = `%${escapeLike(data.query)}%`;
  const where = and(
    eq(knowledgeDocuments.sourceId, source.id),
    data.query ? or(sql`${knowledgeDocuments.title} LIKE ${pattern} ESCAPE '\\'`, sql`${knowledgeDocuments.location} LIKE ${pattern} ESCAPE '\\'`) : undefined,
    data.status ? eq(knowledgeDocuments.status, data.status) : undefined,
  );
  const items = ctx.db
    .select(listColumns)
    .from(knowledgeDocuments)
    .where(where)
    .orderBy(sql`${knowledgeDocuments.status} = 'failed' DESC`, asc(knowledgeDocuments.title))
    .limit(data.limit)
    .offset(data.offset)
    .all();
  const total = ctx.db.select({ n: sql<number>`count(*)` }).from(knowledgeDocuments).where(where).get()!.n;
  return { items, total };
}

/** A document with its chunks, in reading order. */
export function getDocument({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  const document = ctx.db.select(listColumns).from(knowledgeDocuments).where(eq(knowledgeDocuments.id, input.id)).get();
  if (!document) throw new NotFoundError("This document");
  const source = loadVisibleSource(ctx, document.sourceId);
  const chunks = ctx.db
    .select({ id: knowledgeChunks.id, ordinal: knowledgeChunks.ordinal, headingPath: knowledgeChunks.headingPath, page: knowledgeChunks.page, text: knowledgeChunks.text })
    .from(knowledgeChunks)
    .where(eq(knowledgeChunks.documentId, document.id))
    .orderBy(asc(knowledgeChunks.rowid))
    .all()
    .map((c) => ({ ...c, headingPath: JSON.parse(c.headingPath) as string[] }));
  return { ...document, source: { id: source.id, name: source.name, kind: source.kind, sensitivity: source.sensitivity }, chunks };
}

/** Removes an uploaded file and its document. Folder and website documents follow their source. */
export function deleteDocument({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  const document = ctx.db.select().from(knowledgeDocuments).where(eq(knowledgeDocuments.id, input.id)).get();
  if (!document) throw new NotFoundError("This document");
  const source = loadManagedSource(ctx, document.sourceId);
  if (source.kind !== "upload") {
    throw new ValidationError("This document comes from a folder or a website: remove it there and sync.", {}, "knowledge.not_an_upload");
  }
  ctx.db.transaction((tx) => {
    tx.delete(sourceFiles).where(and(eq(sourceFiles.sourceId, source.id), eq(sourceFiles.name, document.externalId))).run();
  });
  ctx.knowledge.index.deleteDocument(document.id);
  ctx.db.delete(knowledgeDocuments).where(eq(knowledgeDocuments.id, document.id)).run();
  return { id: document.id };
}

