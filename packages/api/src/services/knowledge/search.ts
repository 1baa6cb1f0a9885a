import { knowledgeDocuments } from "@atelier/db";
import type { KnowledgeSearchInput } from "@atelier/validators";
import { knowledgeSearchInput } from "@atelier/validators";
import { and, inArray, sql } from "drizzle-orm";
import type { Context, SessionUser } from "../../context";
import { retrievePassages } from "./retrieve-passages";
import { visibleSourceIds } from "./source-access";

type Ctx = Context & { user: SessionUser };

/**
 * The search playground: ranked passages from the sources the user may see (optionally a subset
 * of them), with highlights, scores, and where each passage comes from.
 */
export async function searchKnowledge({ ctx, input }: { ctx: Ctx; input: KnowledgeSearchInput }) {
  const data = knowledgeSearchInput.parse(input);
  const visible = visibleSourceIds(ctx);
  const sourceIds = data.sourceIds ? data.sourceIds.filter((id) => visible.includes(id)) : visible;
  let documentIds: string[] | undefined;
  if (data.folder) {
    const prefix = data.folder.replace(/^\/+/, "").replace(/[\\%_]/g, (c) => `\\${c}`);
    documentIds = sourceIds.length
      ? ctx.db
          .select({ id: knowledgeDocuments.id })
          .from(knowledgeDocuments)
          .where(and(inArray(knowledgeDocuments.sourceId, sourceIds), sql`${knowledgeDocuments.externalId} LIKE ${`${prefix}%`} ESCAPE '\\'`))
          .all()
          .map((d) => d.id)
      : [];
  }
  const started = performance.now();
  const plan = ctx.knowledge.index.planQuery(data.query, { languages: data.languages });
  const { results, mode, vectorError } = await retrievePassages(ctx, { query: data.query, sourceIds, documentIds, languages: data.languages, limit: data.limit });
  const tookMs = performance.now() - started;
  const locations = new Map(
    results.length
      ? ctx.db
          .select({ id: knowledgeDocuments.id, location: knowledgeDocuments.location })
          .from(knowledgeDocuments)
          .where(inArray(knowledgeDocuments.id, [...new Set(results.map((r) => r.documentId))]))
          .all()
          .map((d) => [d.id, d.location])
      : [],
  );
  return {
    mode,
    vectorError,
    tookMs,
    keptWords: plan.kept.map((k) => k.word),
    droppedWords: plan.dropped,
    results: results.map((r) => ({ ...r, location: locations.get(r.documentId) ?? "" })),
  };
}
