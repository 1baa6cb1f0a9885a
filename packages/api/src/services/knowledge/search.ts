import { knowledgeDocuments } from "@atelier/db";
import type { KnowledgeSearchInput } from "@atelier/validators";
import { knowledgeSearchInput } from "@atelier/validators";
import { inArray } from "drizzle-orm";
import type { Context, SessionUser } from "../../context";
import { visibleSourceIds } from "./source-access";

type Ctx = Context & { user: SessionUser };

/**
 * The search playground: ranked passages from the sources the user may see (optionally a subset
 * of them), with highlights, scores, and where each passage comes from.
 */
export function searchKnowledge({ ctx, input }: { ctx: Ctx; input: KnowledgeSearchInput }) {
  const data = knowledgeSearchInput.parse(input);
  const visible = visibleSourceIds(ctx);
  const sourceIds = data.sourceIds ? data.sourceIds.filter((id) => visible.includes(id)) : visible;
  const started = performance.now();
  const plan = ctx.knowledge.index.planQuery(data.query, { languages: data.languages });
  const results = ctx.knowledge.index.search(data.query, { sourceIds, languages: data.languages, limit: data.limit });
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
    tookMs,
    keptWords: plan.kept.map((k) => k.word),
    droppedWords: plan.dropped,
    results: results.map((r) => ({ ...r, location: locations.get(r.documentId) ?? "" })),
  };
}
