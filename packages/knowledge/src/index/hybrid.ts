import type { Database } from "better-sqlite3";
import type { Language } from "../language";
import { analyze } from "../text/tokenize";
import { highlight, type HighlightOptions } from "./highlight";
import type { LexicalIndex, SearchResult } from "./lexical-index";
import type { EmbedFunction, VectorIndex } from "./vector-index";

export interface FusionOptions {
  /** Rank constant: a hit at rank r of a list adds 1 / (k + r), r from 1. Default 60. */
  k?: number;
  /** Number of items returned. Default all. */
  limit?: number;
}

/**
 * Reciprocal rank fusion: each item scores the sum over the lists that hold it of 1 / (k + rank).
 * An item keeps the fields of the first list that holds it; a repeat within one list is ignored
 * (ranks count distinct items).
 * Ties keep the order of first appearance (list by list, rank by rank).
 */
export function reciprocalRankFusion<T extends { chunkId: string }>(
  lists: T[][],
  options: FusionOptions = {},
): (T & { fusedScore: number })[] {
  const k = options.k ?? 60;
  const fused = new Map<string, T & { fusedScore: number }>();
  for (const list of lists) {
    const seen = new Set<string>();
    for (const item of list) {
      if (seen.has(item.chunkId)) continue;
      seen.add(item.chunkId);
      const score = 1 / (k + seen.size);
      const existing = fused.get(item.chunkId);
      if (existing) existing.fusedScore += score;
      else fused.set(item.chunkId, { ...item, fusedScore: score });
    }
  }
  // Array.prototype.sort is stable: equal scores stay in order of first appearance.
  const ranked = [...fused.values()].sort((a, b) => b.fusedScore - a.fusedScore);
  return options.limit === undefined ? ranked : ranked.slice(0, Math.max(0, Math.floor(options.limit)));
}

export interface HybridSearchInput {
  query: string;
  lexical: LexicalIndex;
  /** With `embed`, adds vector search; without them the search is lexical only. */
  vectors?: VectorIndex;
  embed?: EmbedFunction;
  /** Number of chunks returned. Default 10. */
  limit?: number;
  sourceIds?: string[];
  languages?: Language[];
  /** Aborts the query embedding. */
  signal?: AbortSignal;
  highlight?: HighlightOptions;
}

interface ChunkRow {
  id: string;
  document_id: string;
  source_id: string;
  language: Language;
  heading_path: string;
  page: number | null;
  text: string;
  title: string;
}

/**
 * Ranked chunks for a free-text query. Lexical only when no vector index (or no embed function)
 * is configured; otherwise the lexical and the vector rankings, each `max(20, 2 × limit)` deep,
 * are fused by reciprocal rank (k = 60) and `score` is the fused score. Chunks found only by
 * vectors are read from knowledge_chunks through the vector index's connection (the vectors live
 * beside the lexical index); their highlights mark the query's words when the text has some,
 * else show its start. Vectors of chunks no longer indexed are skipped. An embedding failure
 * rejects the search: the caller decides whether to fall back to lexical.
 */
export async function hybridSearch(input: HybridSearchInput): Promise<SearchResult[]> {
  const limit = Math.max(1, Math.floor(input.limit ?? 10));
  const filters = { sourceIds: input.sourceIds, languages: input.languages };
  if (!input.vectors || !input.embed) {
    return input.lexical.search(input.query, { ...filters, limit, highlight: input.highlight });
  }
  const depth = Math.max(20, 2 * limit);
  // Embedding starts first: work done off the main thread (a local model) overlaps the lexical search.
  const embedding = input.embed([input.query], input.signal);
  let lexicalResults: SearchResult[];
  try {
    lexicalResults = input.lexical.search(input.query, { ...filters, limit: depth, highlight: input.highlight });
  } catch (error) {
    embedding.catch(() => {});
    throw error;
  }
  const [queryVector] = await embedding;
  if (!queryVector) throw new Error("The embedding function returned no vector for the query.");
  const vectorHits = input.vectors.search(queryVector, { ...filters, limit: depth });
  const fused = reciprocalRankFusion<{ chunkId: string; result?: SearchResult }>([
    lexicalResults.map((result) => ({ chunkId: result.chunkId, result })),
    vectorHits.map((hit) => ({ chunkId: hit.chunkId })),
  ]);
  const missing = fused.filter((item) => !item.result).map((item) => item.chunkId);
  const rows = readChunks(input.vectors.db, missing);
  const results: SearchResult[] = [];
  for (const item of fused) {
    if (results.length === limit) break;
    const result = item.result ?? toResult(rows.get(item.chunkId), input.query, input.highlight);
    if (result) results.push({ ...result, score: item.fusedScore });
  }
  return results;
}

function readChunks(db: Database, chunkIds: string[]): Map<string, ChunkRow> {
  if (chunkIds.length === 0) return new Map();
  const rows = db
    .prepare(
      `SELECT c.id, c.document_id, c.source_id, c.language, c.heading_path, c.page, c.text, d.title
       FROM knowledge_chunks c JOIN knowledge_documents d ON d.id = c.document_id
       WHERE c.id IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(chunkIds)) as ChunkRow[];
  return new Map(rows.map((row) => [row.id, row]));
}

function toResult(row: ChunkRow | undefined, query: string, options?: HighlightOptions): SearchResult | null {
  if (!row) return null;
  const terms = new Set(analyze(query, row.language));
  return {
    chunkId: row.id,
    documentId: row.document_id,
    sourceId: row.source_id,
    title: row.title,
    headingPath: JSON.parse(row.heading_path) as string[],
    page: row.page,
    language: row.language,
    text: row.text,
    highlights: highlight(row.text, terms, row.language, true, options),
    score: 0,
  };
}
