import { hybridSearch, type Language, type SearchResult } from "@atelier/knowledge";
import type { Context } from "../../context";

export interface RetrievedPassages {
  results: SearchResult[];
  /** "hybrid" when an embedding model is configured and answered; "lexical" otherwise. */
  mode: "lexical" | "hybrid";
  /** Why vectors were not used although configured (the search fell back to lexical). */
  vectorError: string | null;
}

/**
 * The one retrieval path (chat, playground, tools): lexical FTS5, fused with vector search by
 * reciprocal rank when an embedding model is configured. An embedding model that fails does not
 * fail the search: it falls back to lexical and says so. Callers pass only source ids the asking
 * user and assistant may use.
 */
export async function retrievePassages(
  ctx: Pick<Context, "knowledge" | "logger">,
  input: { query: string; sourceIds: string[]; documentIds?: string[]; languages?: Language[]; limit: number; signal?: AbortSignal },
): Promise<RetrievedPassages> {
  const lexical = () => ctx.knowledge.index.search(input.query, { sourceIds: input.sourceIds, documentIds: input.documentIds, languages: input.languages, limit: input.limit });
  if (input.sourceIds.length === 0) return { results: [], mode: "lexical", vectorError: null };
  let active: Awaited<ReturnType<typeof ctx.knowledge.vectors.active>> = null;
  try {
    active = await ctx.knowledge.vectors.active();
  } catch (e) {
    ctx.logger.warn({ err: e }, "embedding model unavailable; lexical search only");
    return { results: lexical(), mode: "lexical", vectorError: (e as Error).message };
  }
  // Folder filters are lexical-only: the vector index filters by source and language.
  if (!active || input.documentIds) return { results: lexical(), mode: "lexical", vectorError: null };
  try {
    const results = await hybridSearch({
      query: input.query,
      lexical: ctx.knowledge.index,
      vectors: active.index,
      embed: active.embed,
      limit: input.limit,
      sourceIds: input.sourceIds,
      languages: input.languages,
      signal: input.signal,
    });
    return { results, mode: "hybrid", vectorError: null };
  } catch (e) {
    ctx.logger.warn({ err: e }, "vector search failed; lexical search only");
    return { results: lexical(), mode: "lexical", vectorError: (e as Error).message };
  }
}
