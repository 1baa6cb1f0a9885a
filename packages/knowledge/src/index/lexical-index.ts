import { createHash } from "node:crypto";
import type { Database, Statement } from "better-sqlite3";
import { type ChunkOptions, chunkDocument, type Chunk, type DocumentBlock } from "../chunking/chunk-document";
import { detectLanguage, LANGUAGES, type Language } from "../language";
import { analyze, isStopWord, stem, words } from "../text/tokenize";
import { type HighlightOptions, highlight } from "./highlight";
import { createKnowledgeTables } from "./schema";

export interface LexicalIndexOptions {
  /**
   * Stem terms with the document's language stemmer (default true). Must stay the same for
   * the life of a database: it decides which terms were indexed.
   */
  stemming?: boolean;
  /** bm25 column weights for title, heading path and body. Default 2, 1.5, 1. */
  weights?: { title: number; headings: number; body: number };
}

export interface IndexDocumentInput {
  id: string;
  sourceId: string;
  title: string;
  blocks: DocumentBlock[];
  /** Detected from the text when absent. */
  language?: Language;
}

export interface ReplaceResult {
  status: "indexed" | "unchanged";
  chunkCount: number;
}

export interface SearchOptions {
  /** Number of chunks returned. Default 10. */
  limit?: number;
  sourceIds?: string[];
  /** Only these documents (a folder of a source, chosen by the caller). */
  documentIds?: string[];
  languages?: Language[];
  /**
   * At most this many query words are searched: the most selective ones (lowest document
   * frequency). Default 12.
   */
  maxTerms?: number;
  /**
   * Words found in more than this share of the chunks are dropped (they add little to bm25 and
   * make the OR query slow), unless nothing would remain. Only words in more than 1,000 chunks
   * are ever dropped: below that the OR query is cheap anyway. Default 0.2.
   */
  maxDocumentFrequency?: number;
  /**
   * Budget of postings (sum of the kept words' document frequencies): words are added rarest
   * first until the next one would exceed it. It bounds the work of the OR query whatever the
   * corpus size (FTS5 scores every chunk that matches any word: ~1–2 µs each here); the first
   * word is always kept. Default 20,000.
   */
  maxPostings?: number;
  highlight?: HighlightOptions;
}

export interface SearchResult {
  chunkId: string;
  documentId: string;
  sourceId: string;
  title: string;
  headingPath: string[];
  page: number | null;
  language: Language;
  text: string;
  /** Snippet of the text with the matched words between markers (`<mark>` by default). */
  highlights: string;
  /** Higher is better (negated FTS5 bm25). */
  score: number;
}

export interface PlannedQuery {
  /** The FTS5 MATCH expression, or null when no query word is in the index. */
  match: string | null;
  /** Analysed terms of every query word (for highlighting), by language. */
  terms: Map<Language, Set<string>>;
  /** Words kept, most selective first, with their document frequency. */
  kept: { word: string; documentFrequency: number }[];
  dropped: string[];
}

interface ChunkRow {
  rowid: number;
  id: string;
  document_id: string;
  source_id: string;
  language: Language;
  heading_path: string;
  page: number | null;
  text: string;
  title: string;
  rank: number;
}

function quote(term: string): string {
  return `"${term.replaceAll('"', '""')}"`;
}

/** Lexical retrieval over SQLite FTS5: chunks, bm25 with title/heading boost, FR/EN stemming. */
export class LexicalIndex {
  readonly stemming: boolean;
  private readonly rankExpression: string;
  private readonly statements: {
    documentHash: Statement<[string], { content_hash: string }>;
    chunkRowids: Statement<[string], { rowid: number }>;
    deleteFts: Statement<[number]>;
    deleteChunks: Statement<[string]>;
    deleteDocument: Statement<[string]>;
    upsertDocument: Statement<unknown[]>;
    insertChunk: Statement<unknown[]>;
    insertFts: Statement<unknown[]>;
    chunkCount: Statement<[], { n: number }>;
  };
  private documentFrequencyCache = new Map<string, number>();
  private chunkTotal: number | null = null;
  private languagesPresent: Language[] | null = null;

  constructor(
    private readonly db: Database,
    options: LexicalIndexOptions = {},
  ) {
    this.stemming = options.stemming ?? true;
    const w = options.weights ?? { title: 2, headings: 1.5, body: 1 };
    this.rankExpression = `bm25(${Number(w.title)}, ${Number(w.headings)}, ${Number(w.body)})`;
    createKnowledgeTables(db);
    this.statements = {
      documentHash: db.prepare("SELECT content_hash FROM knowledge_documents WHERE id = ?"),
      chunkRowids: db.prepare("SELECT rowid FROM knowledge_chunks WHERE document_id = ?"),
      deleteFts: db.prepare("DELETE FROM knowledge_chunks_fts WHERE rowid = ?"),
      deleteChunks: db.prepare("DELETE FROM knowledge_chunks WHERE document_id = ?"),
      deleteDocument: db.prepare("DELETE FROM knowledge_documents WHERE id = ?"),
      upsertDocument: db.prepare(
        // external_id: the document's own id when the index creates the row itself (benchmarks,
        // direct use); the ingestion runner creates rows first with the connector's id.
        `INSERT INTO knowledge_documents (id, source_id, external_id, title, language, content_hash, chunk_count, indexed_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET source_id = excluded.source_id, title = excluded.title,
           language = excluded.language, content_hash = excluded.content_hash,
           chunk_count = excluded.chunk_count, indexed_at = excluded.indexed_at`,
      ),
      insertChunk: db.prepare(
        `INSERT INTO knowledge_chunks (id, document_id, source_id, language, ordinal, heading_path, page, text)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      insertFts: db.prepare("INSERT INTO knowledge_chunks_fts (rowid, title, headings, body) VALUES (?, ?, ?, ?)"),
      chunkCount: db.prepare("SELECT count(*) AS n FROM knowledge_chunks"),
    };
  }

  /** Chunks a parsed document and indexes it (see replaceDocument). */
  indexDocument(input: IndexDocumentInput, chunkOptions: ChunkOptions = {}): ReplaceResult {
    const language = input.language ?? detectLanguage(input.blocks.map((b) => b.text).join(" ")).language;
    const chunks = chunkDocument(input.id, input.blocks, chunkOptions);
    return this.replaceDocument({ id: input.id, sourceId: input.sourceId, title: input.title, language }, chunks);
  }

  /** Indexes many documents in one transaction (a sync batch); each is skipped when unchanged. */
  indexDocuments(inputs: IndexDocumentInput[], chunkOptions: ChunkOptions = {}): ReplaceResult[] {
    return this.db.transaction(() => inputs.map((input) => this.indexDocument(input, chunkOptions)))();
  }

  /** Merges the FTS5 index segments; worth running after a large sync. */
  optimize(): void {
    this.db.exec("INSERT INTO knowledge_chunks_fts (knowledge_chunks_fts) VALUES ('optimize')");
  }

  /**
   * Replaces every chunk of a document in one transaction. A document whose title, language
   * and chunks hash to the stored content hash is left alone.
   */
  replaceDocument(
    document: { id: string; sourceId: string; title: string; language: Language },
    chunks: Chunk[],
  ): ReplaceResult {
    const contentHash = createHash("sha256")
      .update(JSON.stringify([document.sourceId, document.title, document.language, chunks.map((c) => c.id)]))
      .digest("hex");
    const s = this.statements;
    return this.db.transaction((): ReplaceResult => {
      if (s.documentHash.get(document.id)?.content_hash === contentHash) {
        return { status: "unchanged", chunkCount: chunks.length };
      }
      this.removeChunks(document.id);
      s.upsertDocument.run(
        document.id,
        document.sourceId,
        document.id,
        document.title,
        document.language,
        contentHash,
        chunks.length,
        Date.now(),
      );
      const title = this.analyzed(document.title, document.language);
      for (const chunk of chunks) {
        const { lastInsertRowid } = s.insertChunk.run(
          chunk.id,
          document.id,
          document.sourceId,
          document.language,
          chunk.ordinal,
          JSON.stringify(chunk.headingPath),
          chunk.page,
          chunk.text,
        );
        s.insertFts.run(
          lastInsertRowid,
          title,
          this.analyzed(chunk.headingPath.join(" "), document.language),
          this.analyzed(chunk.text, document.language),
        );
      }
      this.invalidateStatistics();
      return { status: "indexed", chunkCount: chunks.length };
    })();
  }

  deleteDocument(documentId: string): void {
    this.db.transaction(() => {
      this.removeChunks(documentId);
      this.statements.deleteDocument.run(documentId);
      this.invalidateStatistics();
    })();
  }

  private removeChunks(documentId: string): void {
    for (const { rowid } of this.statements.chunkRowids.all(documentId)) this.statements.deleteFts.run(rowid);
    this.statements.deleteChunks.run(documentId);
  }

  private analyzed(text: string, language: Language): string {
    return analyze(text, language, { stemming: this.stemming }).join(" ");
  }

  private invalidateStatistics(): void {
    this.documentFrequencyCache.clear();
    this.chunkTotal = null;
    this.languagesPresent = null;
  }

  /** Languages of the indexed documents: a query is stemmed only for those. */
  private indexedLanguages(): Language[] {
    this.languagesPresent ??= (
      this.db.prepare("SELECT DISTINCT language FROM knowledge_documents").all() as { language: Language }[]
    ).map((r) => r.language);
    return this.languagesPresent;
  }

  private totalChunks(): number {
    this.chunkTotal ??= this.statements.chunkCount.get()!.n;
    return this.chunkTotal;
  }

  private documentFrequencies(terms: string[]): Map<string, number> {
    const missing = terms.filter((t) => !this.documentFrequencyCache.has(t));
    if (missing.length > 0) {
      const found = this.db
        .prepare(`SELECT term, doc FROM knowledge_terms WHERE term IN (${missing.map(() => "?").join(",")})`)
        .all(...missing) as { term: string; doc: number }[];
      for (const t of missing) this.documentFrequencyCache.set(t, 0);
      for (const { term, doc } of found) this.documentFrequencyCache.set(term, doc);
    }
    return new Map(terms.map((t) => [t, this.documentFrequencyCache.get(t)!]));
  }

  /** Builds the MATCH expression: one group per query word (its stem in each language). */
  planQuery(query: string, options: SearchOptions = {}): PlannedQuery {
    const wanted = options.languages?.length ? options.languages : LANGUAGES;
    const present = this.indexedLanguages();
    const languages = wanted.filter((l) => present.includes(l));
    const maxTerms = options.maxTerms ?? 12;
    const maxShare = options.maxDocumentFrequency ?? 0.2;
    const terms = new Map<Language, Set<string>>(languages.map((l) => [l, new Set<string>()]));
    const groups = new Map<string, string[]>();
    for (const word of words(query)) {
      if (groups.has(word) || languages.some((l) => isStopWord(word, l))) continue;
      const alternatives = new Set<string>();
      for (const language of languages) {
        const term = this.stemming ? stem(word, language) : word;
        terms.get(language)!.add(term);
        alternatives.add(term);
      }
      groups.set(word, [...alternatives]);
    }
    const frequencies = this.documentFrequencies([...new Set([...groups.values()].flat())]);
    const scored = [...groups]
      .map(([word, alternatives]) => ({
        word,
        alternatives: alternatives.filter((a) => frequencies.get(a)! > 0),
        documentFrequency: alternatives.reduce((sum, a) => sum + frequencies.get(a)!, 0),
      }))
      .filter((g) => g.documentFrequency > 0)
      .sort((a, b) => a.documentFrequency - b.documentFrequency);
    const ceiling = Math.max(maxShare * this.totalChunks(), 1000);
    const maxPostings = options.maxPostings ?? 20_000;
    const kept: typeof scored = [];
    let postings = 0;
    for (const g of scored) {
      if (kept.length > 0 && (g.documentFrequency > ceiling || postings + g.documentFrequency > maxPostings)) break;
      kept.push(g);
      postings += g.documentFrequency;
      if (kept.length === maxTerms) break;
    }
    const keptWords = new Set(kept.map((g) => g.word));
    const match =
      kept.length === 0
        ? null
        : kept
            .map((g) =>
              g.alternatives.length === 1 ? quote(g.alternatives[0]!) : `(${g.alternatives.map(quote).join(" OR ")})`,
            )
            .join(" OR ");
    return {
      match,
      terms,
      kept: kept.map(({ word, documentFrequency }) => ({ word, documentFrequency })),
      dropped: [...groups.keys()].filter((w) => !keptWords.has(w)),
    };
  }

  /** Ranked chunks for a free-text query. Never throws on user syntax: the query is analysed, not parsed. */
  search(query: string, options: SearchOptions = {}): SearchResult[] {
    const plan = this.planQuery(query, options);
    if (plan.match === null) return [];
    const limit = Math.max(1, Math.floor(options.limit ?? 10));
    const params: unknown[] = [plan.match, this.rankExpression];
    let filters = "";
    if (options.sourceIds) {
      if (options.sourceIds.length === 0) return [];
      filters += ` AND c.source_id IN (${options.sourceIds.map(() => "?").join(",")})`;
      params.push(...options.sourceIds);
    }
    if (options.documentIds) {
      if (options.documentIds.length === 0) return [];
      filters += ` AND c.document_id IN (SELECT value FROM json_each(?))`;
      params.push(JSON.stringify(options.documentIds));
    }
    if (options.languages?.length) {
      filters += ` AND c.language IN (${options.languages.map(() => "?").join(",")})`;
      params.push(...options.languages);
    }
    params.push(limit);
    // Rank on rowids alone, then read the text of the few winners: joining the chunk rows
    // before the sort would carry every matching chunk's text through it.
    const join = filters === "" ? "" : "JOIN knowledge_chunks c ON c.rowid = f.rowid";
    const rows = this.db
      .prepare(
        `WITH top AS MATERIALIZED (
           SELECT f.rowid AS rowid, f.rank AS rank
           FROM knowledge_chunks_fts f ${join}
           WHERE knowledge_chunks_fts MATCH ? AND f.rank MATCH ?${filters}
           ORDER BY f.rank
           LIMIT ?
         )
         SELECT c.rowid, c.id, c.document_id, c.source_id, c.language, c.heading_path, c.page, c.text,
                d.title, top.rank
         FROM top
         JOIN knowledge_chunks c ON c.rowid = top.rowid
         JOIN knowledge_documents d ON d.id = c.document_id
         ORDER BY top.rank`,
      )
      .all(...params) as ChunkRow[];
    return rows.map((row) => ({
      chunkId: row.id,
      documentId: row.document_id,
      sourceId: row.source_id,
      title: row.title,
      headingPath: JSON.parse(row.heading_path) as string[],
      page: row.page,
      language: row.language,
      text: row.text,
      highlights: highlight(
        row.text,
        plan.terms.get(row.language) ?? new Set(),
        row.language,
        this.stemming,
        options.highlight,
      ),
      score: -row.rank,
    }));
  }
}
