import type { Database, Statement } from "better-sqlite3";
import * as sqliteVec from "sqlite-vec";
import type { Language } from "../language";

/** Embeds texts with the configured model: one vector per text, in order. */
export type EmbedFunction = (texts: string[], signal?: AbortSignal) => Promise<number[][]>;

export const vectorIndexErrorCodes = ["model_changed", "invalid_vector", "invalid_options"] as const;
export type VectorIndexErrorCode = (typeof vectorIndexErrorCodes)[number];

/** A vector index that cannot be opened with these options, or a vector it cannot store or search. */
export class VectorIndexError extends Error {
  override readonly name = "VectorIndexError";
  constructor(
    readonly code: VectorIndexErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface VectorIndexOptions {
  /** Length of every vector, fixed for the life of the tables. */
  dimensions: number;
  /** Name of the embedding model: vectors of two models are not comparable. */
  model: string;
}

export interface VectorSearchOptions {
  /** Number of chunks returned. Default 10. */
  limit?: number;
  sourceIds?: string[];
  languages?: Language[];
  /**
   * Size of the shortlist rescored with the float vectors: the chunks nearest by Hamming
   * distance between binary codes. Default max(500, 20 × limit). Larger means closer to exact
   * search (recall) for a little more time (bench/vectors.ts: at 1M vectors, 100 candidates keep
   * recall@10 0.52, 500 keep 0.998). At most 4,096 (sqlite-vec's largest k); at least `limit`.
   */
  candidates?: number;
}

export interface VectorHit {
  chunkId: string;
  /** Cosine similarity, -1 to 1: higher is better. */
  score: number;
}

export interface VectorChunkInput {
  chunkId: string;
  vector: number[];
}

/**
 * One row in SAMPLE_RATE also goes into the sample table. Its distances tell how far the search
 * must look to hold a given number of vectors, see `nearestCodes`.
 */
const SAMPLE_RATE = 64;

/**
 * Whether a row is sampled: the top 6 bits of a multiplicative hash of its rowid are zero (one
 * in 64). Hashed, because rowids follow the insertion order: `rowid % 64` would sample the same
 * chunk positions of documents of the same length, and skip whole sources.
 */
function sampled(rowid: number): boolean {
  return Math.imul(rowid, 0x9e3779b1) >>> 26 === 0;
}

/** sqlite-vec's largest k. */
const MAX_CANDIDATES = 4096;

/** The search restricts the full scan to a Hamming radius holding about this many shortlists. */
const RADIUS_SHORTLISTS = 4;

interface CandidateRow {
  rowid: number;
  distance: number;
}

/**
 * Optional vector retrieval over sqlite-vec, keyed by chunk id.
 *
 * Storage: `knowledge_vectors` holds each chunk's unit-length float32 vector (rowid, chunk id,
 * document id); `knowledge_vector_codes` (vec0) holds its binary code (the sign of each
 * component, 32× smaller) with the source and the language as partition keys, so a filter
 * restricts the scan itself (one KNN per selected source and language, merged);
 * `knowledge_vector_sample` (vec0) holds the codes of one row in 64.
 *
 * Search: sqlite-vec 0.1.9's KNN is exact brute force, and its top-k selection costs O(n·k):
 * a shortlist of 500 codes costs as much as exact float search (bench/vectors.ts: 630 ms at
 * 1M). So the shortlist of the nearest codes by Hamming distance is taken within a radius: the
 * sample gives the radius that holds about 4 shortlists (its k-th distance), the full scan keeps
 * only codes within it (a few per 1,024-row chunk, so the selection is cheap), and the
 * shortlist is rescored with the float vectors (cosine). Measured on clustered 384-d vectors:
 * recall@10 against exact search 0.998–1.000 at 10k–1M, 54 ms p50 at 1M against 660 ms.
 * Sign codes separate diffuse neighbourhoods less well: on SciFact embedded by a toy random
 * projection of bags of words, recall@10 is 0.935 with 500 candidates (0.996 with 2,000).
 * `bench/vectors.ts --embeddings-url=…` measures it for a real model.
 */
export class VectorIndex {
  readonly dimensions: number;
  readonly model: string;
  /** Bits of a code: the dimensions rounded up to a whole byte (sqlite-vec's bit vectors). */
  private readonly codeBits: number;
  private readonly statements: {
    rowidsOfDocument: Statement<[string], { rowid: number }>;
    deleteVector: Statement<[number]>;
    deleteCode: Statement<[bigint]>;
    deleteSample: Statement<[bigint]>;
    insertVector: Statement<[string, string, Buffer]>;
    insertCode: Statement<[bigint, bigint, string, Buffer]>;
    insertSample: Statement<[bigint, bigint, string, Buffer]>;
    sourceKey: Statement<[string], { key: number }>;
    insertSource: Statement<[string]>;
    count: Statement<[], { n: number }>;
    rescore: Statement<[Buffer, string], { chunk_id: string; distance: number }>;
  };
  private readonly knnStatements = new Map<string, Statement<unknown[], CandidateRow>>();

  /** Loads sqlite-vec into the connection; does nothing when it is already loaded. */
  static loadExtension(db: Database): void {
    try {
      db.prepare("SELECT vec_version()").get();
    } catch {
      sqliteVec.load(db);
    }
  }

  /** The model and dimensions the stored vectors were made with, or null when there are none. */
  static configuration(db: Database): { model: string; dimensions: number } | null {
    const table = db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'knowledge_vector_config'")
      .get();
    if (table === undefined) return null;
    return (
      (db.prepare("SELECT model, dimensions FROM knowledge_vector_config WHERE id = 1").get() as
        | { model: string; dimensions: number }
        | undefined) ?? null
    );
  }

  /** Drops every vector and the stored model: the way to change the embedding model (then re-embed). */
  static reset(db: Database): void {
    VectorIndex.loadExtension(db);
    db.transaction(() => {
      db.exec(`
        DROP TABLE IF EXISTS knowledge_vector_codes;
        DROP TABLE IF EXISTS knowledge_vector_sample;
        DROP TABLE IF EXISTS knowledge_vectors;
        DROP TABLE IF EXISTS knowledge_vector_sources;
        DROP TABLE IF EXISTS knowledge_vector_config;
      `);
    })();
  }

  /**
   * Opens the vector tables, creating them for these dimensions when missing.
   * @throws VectorIndexError "model_changed" when the stored vectors come from another model or
   *   have other dimensions: call `VectorIndex.reset(db)` and embed the documents again.
   */
  constructor(
    /** The connection, shared with the lexical index: hybrid search reads chunk rows through it. */
    readonly db: Database,
    options: VectorIndexOptions,
  ) {
    if (!Number.isInteger(options.dimensions) || options.dimensions < 1 || options.dimensions > 8192) {
      throw new VectorIndexError(
        "invalid_options",
        `Vector dimensions must be a whole number from 1 to 8192, not ${options.dimensions}.`,
      );
    }
    if (options.model.trim() === "") {
      throw new VectorIndexError("invalid_options", "The embedding model name is empty.");
    }
    this.dimensions = options.dimensions;
    this.model = options.model;
    this.codeBits = Math.ceil(options.dimensions / 8) * 8;
    VectorIndex.loadExtension(db);
    const stored = VectorIndex.configuration(db);
    if (stored && (stored.model !== options.model || stored.dimensions !== options.dimensions)) {
      throw new VectorIndexError(
        "model_changed",
        `The vector index holds ${stored.dimensions}-dimension vectors of the model "${stored.model}", ` +
          `not ${options.dimensions}-dimension vectors of "${options.model}": the documents must be embedded again ` +
          "(VectorIndex.reset, then index them).",
      );
    }
    const codes = (name: string) =>
      `CREATE VIRTUAL TABLE IF NOT EXISTS ${name} USING vec0 (
         source_key INTEGER PARTITION KEY, language TEXT PARTITION KEY, code BIT[${this.codeBits}]
       )`;
    db.transaction(() => {
      db.exec(`
        CREATE TABLE IF NOT EXISTS knowledge_vector_config (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          model TEXT NOT NULL,
          dimensions INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS knowledge_vector_sources (
          key INTEGER PRIMARY KEY,
          source_id TEXT NOT NULL UNIQUE
        );
        CREATE TABLE IF NOT EXISTS knowledge_vectors (
          rowid INTEGER PRIMARY KEY,
          chunk_id TEXT NOT NULL UNIQUE,
          document_id TEXT NOT NULL,
          vector BLOB NOT NULL
        );
        CREATE INDEX IF NOT EXISTS knowledge_vectors_document ON knowledge_vectors (document_id);
        ${codes("knowledge_vector_codes")};
        ${codes("knowledge_vector_sample")};
      `);
      if (!stored) {
        db.prepare("INSERT INTO knowledge_vector_config (id, model, dimensions) VALUES (1, ?, ?)").run(
          options.model,
          options.dimensions,
        );
      }
    })();
    this.statements = {
      rowidsOfDocument: db.prepare("SELECT rowid FROM knowledge_vectors WHERE document_id = ?"),
      deleteVector: db.prepare("DELETE FROM knowledge_vectors WHERE rowid = ?"),
      deleteCode: db.prepare("DELETE FROM knowledge_vector_codes WHERE rowid = ?"),
      deleteSample: db.prepare("DELETE FROM knowledge_vector_sample WHERE rowid = ?"),
      insertVector: db.prepare("INSERT INTO knowledge_vectors (chunk_id, document_id, vector) VALUES (?, ?, ?)"),
      insertCode: db.prepare(
        "INSERT INTO knowledge_vector_codes (rowid, source_key, language, code) VALUES (?, ?, ?, vec_bit(?))",
      ),
      insertSample: db.prepare(
        "INSERT INTO knowledge_vector_sample (rowid, source_key, language, code) VALUES (?, ?, ?, vec_bit(?))",
      ),
      sourceKey: db.prepare("SELECT key FROM knowledge_vector_sources WHERE source_id = ?"),
      insertSource: db.prepare("INSERT INTO knowledge_vector_sources (source_id) VALUES (?)"),
      count: db.prepare("SELECT count(*) AS n FROM knowledge_vectors"),
      rescore: db.prepare(
        `SELECT chunk_id, vec_distance_cosine(vector, ?) AS distance
         FROM knowledge_vectors WHERE rowid IN (SELECT value FROM json_each(?))`,
      ),
    };
  }

  /**
   * Replaces every vector of a document in one transaction: the old chunk ids are gone, and
   * nothing changes when a vector is invalid.
   * @throws VectorIndexError "invalid_vector" for a vector of the wrong length, with a
   *   non-finite component, or of length zero.
   */
  replaceDocument(documentId: string, sourceId: string, language: Language, chunks: VectorChunkInput[]): void {
    const s = this.statements;
    this.db.transaction(() => {
      this.removeDocument(documentId);
      if (chunks.length === 0) return;
      const sourceKey = BigInt(this.sourceKey(sourceId, true)!);
      for (const chunk of chunks) {
        const vector = this.unitVector(chunk.vector, `chunk ${chunk.chunkId}`);
        const code = this.binaryCode(vector);
        const rowid = BigInt(s.insertVector.run(chunk.chunkId, documentId, floatBlob(vector)).lastInsertRowid);
        s.insertCode.run(rowid, sourceKey, language, code);
        if (sampled(Number(rowid))) s.insertSample.run(rowid, sourceKey, language, code);
      }
    })();
  }

  deleteDocument(documentId: string): void {
    this.db.transaction(() => this.removeDocument(documentId))();
  }

  count(): number {
    return this.statements.count.get()!.n;
  }


  /** Chunks nearest to `vector` by cosine similarity, best first. See the class comment for how. */
  search(vector: number[], options: VectorSearchOptions = {}): VectorHit[] {
    const limit = Math.max(1, Math.floor(options.limit ?? 10));
    const candidates = Math.min(
      MAX_CANDIDATES,
      Math.max(limit, Math.floor(options.candidates ?? Math.max(500, 20 * limit))),
    );
    const query = this.unitVector(vector, "the query");
    const code = this.binaryCode(query);
    let sourceKeys: (number | null)[] = [null];
    if (options.sourceIds) {
      sourceKeys = [...new Set(options.sourceIds)]
        .map((id) => this.sourceKey(id, false))
        .filter((key): key is number => key !== null);
      if (sourceKeys.length === 0) return [];
    }
    const languages: (Language | null)[] = options.languages?.length ? [...new Set(options.languages)] : [null];
    const shortlist: CandidateRow[] = [];
    for (const sourceKey of sourceKeys) {
      for (const language of languages) {
        shortlist.push(...this.nearestCodes(code, candidates, sourceKey, language));
      }
    }
    if (shortlist.length === 0) return [];
    shortlist.sort((a, b) => a.distance - b.distance);
    const rowids = shortlist.slice(0, candidates).map((c) => c.rowid);
    return this.statements.rescore
      .all(floatBlob(query), JSON.stringify(rowids))
      .map((row) => ({ chunkId: row.chunk_id, score: 1 - row.distance }))
      .sort((a, b) => b.score - a.score || (a.chunkId < b.chunkId ? -1 : 1))
      .slice(0, limit);
  }

  /**
   * The `count` codes nearest to `code` in one partition (or all), by Hamming distance. The
   * sample's k-th nearest code, k = RADIUS_SHORTLISTS × count / SAMPLE_RATE, gives a radius
   * holding about RADIUS_SHORTLISTS × count codes of the full table: the scan keeps only those,
   * so sqlite-vec's top-k selection iterates over a few codes per chunk instead of k. When the
   * radius holds fewer than `count` codes it is widened once (RADIUS_SHORTLISTS times more
   * codes); a partition too small for its sample to tell is scanned without a radius (cheap:
   * it has few chunks).
   */
  private nearestCodes(
    code: Buffer,
    count: number,
    sourceKey: number | null,
    language: Language | null,
  ): CandidateRow[] {
    const sampleK = Math.ceil((RADIUS_SHORTLISTS * count) / SAMPLE_RATE);
    // The sample KNN is itself O(sample size × k): widening fetches more only when needed.
    for (const k of [sampleK, sampleK * RADIUS_SHORTLISTS]) {
      const sample = this.knn("knowledge_vector_sample", sourceKey, language, false).all(
        ...this.knnParameters(code, k, sourceKey, language),
      );
      if (sample.length < k) break;
      const within = this.knn("knowledge_vector_codes", sourceKey, language, true).all(
        ...this.knnParameters(code, count, sourceKey, language),
        sample[k - 1]!.distance,
      );
      if (within.length === count) return within;
    }
    return this.knn("knowledge_vector_codes", sourceKey, language, false).all(
      ...this.knnParameters(code, count, sourceKey, language),
    );
  }

  private knnParameters(code: Buffer, k: number, sourceKey: number | null, language: Language | null): unknown[] {
    const parameters: unknown[] = [code, k];
    if (sourceKey !== null) parameters.push(BigInt(sourceKey));
    if (language !== null) parameters.push(language);
    return parameters;
  }

  private knn(
    table: string,
    sourceKey: number | null,
    language: Language | null,
    radius: boolean,
  ): Statement<unknown[], CandidateRow> {
    const key = `${table}:${sourceKey !== null}:${language !== null}:${radius}`;
    let statement = this.knnStatements.get(key);
    if (!statement) {
      statement = this.db.prepare(
        `SELECT rowid, distance FROM ${table}
         WHERE code MATCH vec_bit(?) AND k = ?
         ${sourceKey !== null ? "AND source_key = ?" : ""}
         ${language !== null ? "AND language = ?" : ""}
         ${radius ? "AND distance <= ?" : ""}`,
      ) as Statement<unknown[], CandidateRow>;
      this.knnStatements.set(key, statement);
    }
    return statement;
  }

  private removeDocument(documentId: string): void {
    const s = this.statements;
    for (const { rowid } of s.rowidsOfDocument.all(documentId)) {
      s.deleteCode.run(BigInt(rowid));
      if (sampled(rowid)) s.deleteSample.run(BigInt(rowid));
      s.deleteVector.run(rowid);
    }
  }

  private sourceKey(sourceId: string, create: boolean): number | null {
    const found = this.statements.sourceKey.get(sourceId);
    if (found) return found.key;
    if (!create) return null;
    return Number(this.statements.insertSource.run(sourceId).lastInsertRowid);
  }

  private unitVector(vector: number[], what: string): Float32Array {
    if (vector.length !== this.dimensions) {
      throw new VectorIndexError(
        "invalid_vector",
        `The vector of ${what} has ${vector.length} dimensions; the index holds ${this.dimensions}-dimension vectors of "${this.model}".`,
      );
    }
    let norm = 0;
    for (const x of vector) norm += x * x;
    norm = Math.sqrt(norm);
    if (!Number.isFinite(norm) || norm === 0) {
      throw new VectorIndexError(
        "invalid_vector",
        `The vector of ${what} has no direction (zero or non-finite components).`,
      );
    }
    return Float32Array.from(vector, (x) => x / norm);
  }

  /** Sign of each component, one bit each (bit i of byte i/8), zero-padded to whole bytes. */
  private binaryCode(vector: Float32Array): Buffer {
    const code = Buffer.alloc(this.codeBits / 8);
    for (let i = 0; i < vector.length; i++) {
      if (vector[i]! > 0) code[i >> 3]! |= 1 << (i & 7);
    }
    return code;
  }
}

function floatBlob(vector: Float32Array): Buffer {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
}
