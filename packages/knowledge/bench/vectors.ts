// Vector search benchmark: VectorIndex (binary codes within a sampled Hamming radius, float
// rescoring) against exact float search with sqlite-vec, on synthetic clustered 384-d unit
// vectors: 10k / 100k (and, with --large, 1M) chunks. Then SciFact nDCG@10 lexical vs vector vs
// hybrid when an OpenAI-compatible embeddings endpoint is given.
// Run from packages/knowledge:
//   node --import tsx bench/vectors.ts [--large] [--sizes=10000,100000 | --sizes=] [--queries=200]
//     [--embeddings-url=http://host/v1 --embeddings-model=name] [--toy-embeddings-server]
// --toy-embeddings-server starts a loopback server answering /v1/embeddings with random
// projections of bags of words (not a model: it only exercises the HTTP and hybrid code path).
// Datasets are read from ../shared/datasets beside the repository, never copied into it.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { hybridSearch } from "../src/index/hybrid";
import { type IndexDocumentInput, LexicalIndex } from "../src/index/lexical-index";
import { type EmbedFunction, VectorIndex } from "../src/index/vector-index";
import type { Language } from "../src/language";

const DIMENSIONS = 384;
const CHUNKS_PER_DOCUMENT = 10;
const SOURCES = 8;
const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const datasets = join(repoRoot, "..", "shared", "datasets");

const ms = (n: number) => `${n.toFixed(1)}ms`;
const fmt = (n: number) => n.toFixed(3);
const megabytes = (bytes: number) => `${Math.round(bytes / 1e6)}MB`;
const peakRss = () => megabytes(process.resourceUsage().maxRSS * 1024);

/** Deterministic PRNG (mulberry32). */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Random-but-clustered unit vectors: 100 topics × 20 subtopics, each vector the sum of a shared
 * offset (0.3, real embeddings are not centred), its topic (1), its subtopic (0.7) and its own
 * noise (0.5), Gaussian in every dimension, then normalised. Nearest neighbours sit in the same
 * subtopic at cosine ~0.88, the rest of the topic at ~0.6. The subtopics do not grow with the
 * corpus (50 vectors each at 100k, 500 at 1M): larger corpora have denser neighbourhoods, where
 * binary codes separate the nearest chunks less well.
 */
function clusteredVectors(seed: number) {
  const next = random(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(next() + 1e-12)) * Math.cos(2 * Math.PI * next());
  const structure = random(42);
  const structureGauss = () =>
    Math.sqrt(-2 * Math.log(structure() + 1e-12)) * Math.cos(2 * Math.PI * structure());
  const direction = () => Float64Array.from({ length: DIMENSIONS }, structureGauss);
  const offset = direction();
  const topics = Array.from({ length: 100 }, direction);
  const subtopics = Array.from({ length: 100 * 20 }, direction);
  return (): number[] => {
    const s = Math.floor(next() * subtopics.length);
    const topic = topics[Math.floor(s / 20)]!;
    const subtopic = subtopics[s]!;
    const v = new Array<number>(DIMENSIONS);
    let norm = 0;
    for (let i = 0; i < DIMENSIONS; i++) {
      const x = 0.3 * offset[i]! + topic[i]! + 0.7 * subtopic[i]! + 0.5 * gauss();
      v[i] = x;
      norm += x * x;
    }
    norm = Math.sqrt(norm);
    for (let i = 0; i < DIMENSIONS; i++) v[i]! /= norm;
    return v;
  };
}

function percentiles(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
  return { p50: at(0.5), p95: at(0.95) };
}

/** Times `run` on every query after a warm-up on the first 20 (page cache, prepared plans). */
function timed<T>(queries: number[][], run: (query: number[]) => T) {
  for (const q of queries.slice(0, 20)) run(q);
  const times: number[] = [];
  const results: T[] = [];
  for (const q of queries) {
    const start = performance.now();
    results.push(run(q));
    times.push(performance.now() - start);
  }
  return { ...percentiles(times), results };
}

function recallAt10(found: string[][], exact: string[][]): number {
  let sum = 0;
  found.forEach((ids, i) => {
    const truth = new Set(exact[i]!.slice(0, 10));
    sum += truth.size === 0 ? 1 : ids.slice(0, 10).filter((id) => truth.has(id)).length / truth.size;
  });
  return sum / found.length;
}

const f32 = (v: number[]) => Buffer.from(Float32Array.from(v).buffer);

function scale(dir: string, size: number, queryCount: number) {
  const file = join(dir, `vectors-${size}.sqlite`);
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  const index = new VectorIndex(db, { dimensions: DIMENSIONS, model: "synthetic-clustered-384" });
  // Exact baseline: sqlite-vec float KNN (L2 on unit vectors: the cosine order, and sqlite-vec's
  // fastest float distance), same partition keys as the index.
  db.exec(`CREATE VIRTUAL TABLE bench_exact USING vec0 (
    source_key INTEGER PARTITION KEY, language TEXT PARTITION KEY, embedding FLOAT[${DIMENSIONS}])`);
  const insertExact = db.prepare(
    "INSERT INTO bench_exact (rowid, source_key, language, embedding) VALUES (?, ?, ?, ?)",
  );
  const next = clusteredVectors(1);
  const languageOf = (d: number): Language => (d % 4 === 0 ? "fr" : "en");
  const documents = size / CHUNKS_PER_DOCUMENT;
  let indexMs = 0;
  let exactMs = 0;
  const batch = 1000;
  for (let first = 0; first < documents; first += batch) {
    const rows: { d: number; chunks: { chunkId: string; vector: number[] }[] }[] = [];
    for (let d = first; d < Math.min(documents, first + batch); d++) {
      rows.push({
        d,
        chunks: Array.from({ length: CHUNKS_PER_DOCUMENT }, (_, c) => ({
          chunkId: String(d * CHUNKS_PER_DOCUMENT + c + 1),
          vector: next(),
        })),
      });
    }
    let start = performance.now();
    db.transaction(() => {
      for (const { d, chunks } of rows) index.replaceDocument(`doc-${d}`, `source-${d % SOURCES}`, languageOf(d), chunks);
    })();
    indexMs += performance.now() - start;
    start = performance.now();
    db.transaction(() => {
      for (const { d, chunks } of rows) {
        for (const c of chunks) insertExact.run(BigInt(c.chunkId), BigInt(d % SOURCES), languageOf(d), f32(c.vector));
      }
    })();
    exactMs += performance.now() - start;
  }
  db.pragma("wal_checkpoint(TRUNCATE)");
  const pages = (name: string) =>
    (db.prepare("SELECT sum(pgsize) AS bytes FROM dbstat WHERE name LIKE ?").get(`${name}%`) as { bytes: number })
      .bytes;
  let dbstat = "";
  try {
    dbstat =
      ` vectors-table=${megabytes(pages("knowledge_vectors"))} codes=${megabytes(pages("knowledge_vector_codes"))}` +
      ` sample=${megabytes(pages("knowledge_vector_sample"))} exact-table=${megabytes(pages("bench_exact"))}`;
  } catch {
    // dbstat is not compiled in every SQLite build.
  }
  const label = `vectors n=${index.count()} dims=${DIMENSIONS}`;
  console.log(
    `${label} build=${Math.round(size / (indexMs / 1000))}vectors/s (${(indexMs / 1000).toFixed(1)}s; exact table ` +
      `${Math.round(size / (exactMs / 1000))}vectors/s)${dbstat}`,
  );

  const queries = Array.from({ length: queryCount }, clusteredVectors(2));
  const exactAll = db.prepare("SELECT rowid FROM bench_exact WHERE embedding MATCH ? AND k = 10");
  const exactFiltered = db.prepare(
    "SELECT rowid FROM bench_exact WHERE embedding MATCH ? AND k = 10 AND source_key = ? AND language = ?",
  );
  const ids = (rows: unknown[]) => (rows as { rowid: number }[]).map((r) => String(r.rowid));
  const exact = timed(queries, (q) => ids(exactAll.all(f32(q))));
  console.log(`${label} exact-float p50=${ms(exact.p50)} p95=${ms(exact.p95)}`);

  // Before the radius: the shortlist straight from sqlite-vec's KNN on the binary codes
  // (its top-k selection is O(n·k)), rescored the same way.
  const codesKnn = db.prepare("SELECT rowid FROM knowledge_vector_codes WHERE code MATCH vec_bit(?) AND k = ?");
  const rescore = db.prepare(
    `SELECT chunk_id FROM knowledge_vectors WHERE rowid IN (SELECT value FROM json_each(?))
     ORDER BY vec_distance_cosine(vector, ?) LIMIT 10`,
  );
  const code = (q: number[]) => {
    const bytes = Buffer.alloc(DIMENSIONS / 8);
    q.forEach((x, i) => {
      if (x > 0) bytes[i >> 3]! |= 1 << (i & 7);
    });
    return bytes;
  };
  const plain = timed(queries, (q) => {
    const rowids = (codesKnn.all(code(q), 500) as { rowid: number }[]).map((r) => r.rowid);
    return (rescore.all(JSON.stringify(rowids), f32(q)) as { chunk_id: string }[]).map((r) => r.chunk_id);
  });
  console.log(
    `${label} binary-knn(k=500, no radius)+rescore p50=${ms(plain.p50)} p95=${ms(plain.p95)} ` +
      `recall@10=${fmt(recallAt10(plain.results, exact.results))} (exact p95=${ms(exact.p95)}, ${(exact.p95 / plain.p95).toFixed(1)}x)`,
  );
  for (const candidates of [undefined, 100, 2000]) {
    const quantized = timed(queries, (q) => index.search(q, { limit: 10, candidates }).map((h) => h.chunkId));
    console.log(
      `${label} binary+radius+rescore candidates=${candidates ?? "default"} p50=${ms(quantized.p50)} p95=${ms(quantized.p95)} ` +
        `recall@10=${fmt(recallAt10(quantized.results, exact.results))} ` +
        `(exact p95=${ms(exact.p95)}, ${(exact.p95 / quantized.p95).toFixed(1)}x)`,
    );
  }
  // Filtered: one source of 8 and one language (about 1/10 of the chunks), inside the KNN.
  const filterOf = (i: number) => ({ source: i % SOURCES, language: (i % 4 === 0 ? "fr" : "en") as Language });
  let qi = 0;
  const exactF = timed(queries, (q) => {
    const f = filterOf(qi++);
    return ids(exactFiltered.all(f32(q), BigInt(f.source), f.language));
  });
  qi = 0;
  const quantizedF = timed(queries, (q) => {
    const f = filterOf(qi++);
    return index
      .search(q, { limit: 10, sourceIds: [`source-${f.source}`], languages: [f.language] })
      .map((h) => h.chunkId);
  });
  console.log(
    `${label} filtered(source+language) binary+radius+rescore p50=${ms(quantizedF.p50)} p95=${ms(quantizedF.p95)} ` +
      `recall@10=${fmt(recallAt10(quantizedF.results, exactF.results))} (exact p50=${ms(exactF.p50)} p95=${ms(exactF.p95)})`,
  );
  console.log(`${label} peak-rss=${peakRss()}`);
  // The same searches on a connection that memory-maps the file: sqlite-vec reads its chunks
  // without a read() call per page through SQLite's small page cache.
  const mapped = new Database(file);
  mapped.pragma("mmap_size = 4294967296");
  const mappedIndex = new VectorIndex(mapped, { dimensions: DIMENSIONS, model: "synthetic-clustered-384" });
  const mappedExactAll = mapped.prepare("SELECT rowid FROM bench_exact WHERE embedding MATCH ? AND k = 10");
  const mappedExact = timed(queries, (q) => ids(mappedExactAll.all(f32(q))));
  const mappedQuantized = timed(queries, (q) => mappedIndex.search(q, { limit: 10 }).map((h) => h.chunkId));
  console.log(
    `${label} mmap_size=4GB exact-float p50=${ms(mappedExact.p50)} p95=${ms(mappedExact.p95)} ` +
      `binary+radius+rescore candidates=default p50=${ms(mappedQuantized.p50)} p95=${ms(mappedQuantized.p95)} ` +
      `recall@10=${fmt(recallAt10(mappedQuantized.results, mappedExact.results))} (${(mappedExact.p95 / mappedQuantized.p95).toFixed(1)}x)`,
  );
  mapped.close();
  db.close();
  rmSync(file, { force: true });
}

// --- SciFact: lexical vs vector vs hybrid --------------------------------------------------

interface BeirSet {
  corpus: { _id: string; title: string; text: string }[];
  queries: { _id: string; text: string }[];
  qrels: Map<string, Map<string, number>>;
}

function readJsonl<T>(file: string): T[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as T);
}

function loadScifact(): BeirSet | null {
  const dir = join(datasets, "beir-scifact");
  if (!existsSync(join(dir, "corpus.jsonl"))) {
    console.log(`scifact hybrid skipped: ${dir} not found`);
    return null;
  }
  const qrels = new Map<string, Map<string, number>>();
  for (const line of readFileSync(join(dir, "qrels", "test.tsv"), "utf8").split("\n").slice(1)) {
    const [query, doc, score] = line.split("\t");
    if (!query || !doc) continue;
    if (!qrels.has(query)) qrels.set(query, new Map());
    qrels.get(query)!.set(doc, Number(score));
  }
  const queriesFile = existsSync(join(dir, "queries_test.jsonl")) ? "queries_test.jsonl" : "queries.jsonl";
  const queries = readJsonl<{ _id: string; text: string }>(join(dir, queriesFile)).filter((q) => qrels.has(q._id));
  return { corpus: readJsonl(join(dir, "corpus.jsonl")), queries, qrels };
}

function ndcgAt10(ranked: string[], relevant: Map<string, number>): number {
  let dcg = 0;
  ranked.slice(0, 10).forEach((doc, i) => {
    const gain = relevant.get(doc) ?? 0;
    if (gain > 0) dcg += (2 ** gain - 1) / Math.log2(i + 2);
  });
  const ideal = [...relevant.values()]
    .sort((a, b) => b - a)
    .slice(0, 10)
    .reduce((sum, gain, i) => sum + (2 ** gain - 1) / Math.log2(i + 2), 0);
  return ideal > 0 ? dcg / ideal : 0;
}

/** An OpenAI-compatible /v1/embeddings client over plain fetch. */
function httpEmbed(url: string, model: string): EmbedFunction {
  return async (texts, signal) => {
    const response = await fetch(`${url.replace(/\/$/, "")}/embeddings`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model, input: texts }),
      signal,
    });
    if (!response.ok) throw new Error(`embeddings: HTTP ${response.status} ${await response.text()}`);
    const body = (await response.json()) as { data: { index: number; embedding: number[] }[] };
    return [...body.data].sort((a, b) => a.index - b.index).map((d) => d.embedding);
  };
}

/**
 * Loopback /v1/embeddings answering a random projection of the bag of words (each word adds a
 * dense ±1 vector seeded by its hash): a stand-in to exercise the code path, dense like a model's
 * vectors (sparse vectors make poor sign codes), but with no notion of meaning.
 */
async function startToyEmbeddingsServer(): Promise<{ url: string; close: () => void }> {
  const wordVectors = new Map<string, Int8Array>();
  const wordVector = (word: string) => {
    let v = wordVectors.get(word);
    if (!v) {
      let h = 2166136261;
      for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 16777619);
      const next = random(h);
      v = Int8Array.from({ length: DIMENSIONS }, () => (next() < 0.5 ? -1 : 1));
      wordVectors.set(word, v);
    }
    return v;
  };
  const embedText = (text: string) => {
    const v = new Array<number>(DIMENSIONS).fill(0);
    for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
      const w = wordVector(word);
      for (let i = 0; i < DIMENSIONS; i++) v[i]! += w[i]!;
    }
    if (!v.some((x) => x !== 0)) v[0] = 1;
    return v;
  };
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (part) => (body += part));
    request.on("end", () => {
      const { input } = JSON.parse(body) as { input: string[] };
      response.setHeader("content-type", "application/json");
      response.end(JSON.stringify({ data: input.map((text, index) => ({ index, embedding: embedText(text) })) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/v1`, close: () => server.close() };
}

async function scifactHybrid(dir: string, set: BeirSet, url: string, model: string, label: string) {
  const embed = httpEmbed(url, model);
  const db = new Database(join(dir, "scifact-hybrid.sqlite"));
  db.pragma("journal_mode = WAL");
  const lexical = new LexicalIndex(db);
  const inputs: IndexDocumentInput[] = set.corpus.map((d) => ({
    id: d._id,
    sourceId: "bench",
    title: d.title,
    language: "en",
    blocks: [{ kind: "paragraph", text: d.text }],
  }));
  lexical.indexDocuments(inputs);
  const titles = new Map(set.corpus.map((d) => [d._id, d.title]));
  const chunks = db.prepare("SELECT id, document_id, text FROM knowledge_chunks ORDER BY rowid").all() as {
    id: string;
    document_id: string;
    text: string;
  }[];
  const start = performance.now();
  const vectorsOf: number[][] = [];
  for (let i = 0; i < chunks.length; i += 64) {
    const slice = chunks.slice(i, i + 64);
    vectorsOf.push(...(await embed(slice.map((c) => `${titles.get(c.document_id)}\n${c.text}`))));
  }
  const embedSeconds = (performance.now() - start) / 1000;
  const dimensions = vectorsOf[0]!.length;
  const vectors = new VectorIndex(db, { dimensions, model });
  const byDocument = new Map<string, { chunkId: string; vector: number[] }[]>();
  chunks.forEach((c, i) => {
    if (!byDocument.has(c.document_id)) byDocument.set(c.document_id, []);
    byDocument.get(c.document_id)!.push({ chunkId: c.id, vector: vectorsOf[i]! });
  });
  db.transaction(() => {
    for (const [documentId, list] of byDocument) vectors.replaceDocument(documentId, "bench", "en", list);
  })();
  const queryVectors = new Map<string, number[]>();
  for (let i = 0; i < set.queries.length; i += 64) {
    const slice = set.queries.slice(i, i + 64);
    const embedded = await embed(slice.map((q) => q.text));
    slice.forEach((q, j) => {
      queryVectors.set(q.text, embedded[j]!);
    });
  }
  const cachedEmbed: EmbedFunction = async (texts) => texts.map((t) => queryVectors.get(t)!);
  const documentOfChunk = new Map(chunks.map((c) => [c.id, c.document_id]));
  const documents = (chunkIds: string[]) => [...new Set(chunkIds.map((id) => documentOfChunk.get(id)!))];
  let lexicalScore = 0;
  let vectorScore = 0;
  let hybridScore = 0;
  for (const q of set.queries) {
    const relevant = set.qrels.get(q._id)!;
    lexicalScore += ndcgAt10(documents(lexical.search(q.text, { limit: 30 }).map((r) => r.chunkId)), relevant);
    vectorScore += ndcgAt10(documents(vectors.search(queryVectors.get(q.text)!, { limit: 30 }).map((h) => h.chunkId)), relevant);
    const hybrid = await hybridSearch({ query: q.text, lexical, vectors, embed: cachedEmbed, limit: 30 });
    hybridScore += ndcgAt10(documents(hybrid.map((r) => r.chunkId)), relevant);
  }
  // Recall of the quantized search against exact cosine (brute force here) on the model's vectors.
  const unit = vectorsOf.map((v) => {
    const norm = Math.sqrt(v.reduce((sum, x) => sum + x * x, 0)) || 1;
    return v.map((x) => x / norm);
  });
  const shortlists = [undefined, 500, 2000];
  const found: string[][][] = shortlists.map(() => []);
  const exact: string[][] = [];
  let meanCosine = 0;
  for (const q of set.queries) {
    const query = queryVectors.get(q.text)!;
    shortlists.forEach((candidates, i) => {
      found[i]!.push(vectors.search(query, { limit: 10, candidates }).map((h) => h.chunkId));
    });
    exact.push(
      unit
        .map((v, i) => ({ id: chunks[i]!.id, score: v.reduce((sum, x, j) => sum + x * query[j]!, 0) }))
        .sort((a, b) => b.score - a.score)
        .slice(0, 10)
        .map((e) => e.id),
    );
  }
  // Anisotropy: the mean cosine between random pairs of chunks (0 for centred vectors).
  const pairs = random(3);
  for (let i = 0; i < 1000; i++) {
    const a = unit[Math.floor(pairs() * unit.length)]!;
    const b = unit[Math.floor(pairs() * unit.length)]!;
    meanCosine += a.reduce((sum, x, j) => sum + x * b[j]!, 0) / 1000;
  }
  const n = set.queries.length;
  console.log(
    `scifact ${label} chunks=${chunks.length} dims=${dimensions} embed=${embedSeconds.toFixed(1)}s ` +
      `ndcg@10 lexical=${fmt(lexicalScore / n)} vector=${fmt(vectorScore / n)} hybrid=${fmt(hybridScore / n)} ` +
      `mean-cosine=${fmt(meanCosine)} vector recall@10 vs exact: ` +
      shortlists.map((c, i) => `candidates=${c ?? "default"} ${fmt(recallAt10(found[i]!, exact))}`).join(" "),
  );
  db.close();
}

async function main() {
  const args = process.argv.slice(2);
  const option = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  // --sizes= (empty) runs no scale test: only the SciFact part.
  const sizes = option("sizes")
    ?.split(",")
    .filter((size) => size !== "")
    .map(Number) ??
    (args.includes("--large") ? [10_000, 100_000, 1_000_000] : [10_000, 100_000]);
  const queryCount = Number(option("queries") ?? 200);
  const dir = mkdtempSync(join(tmpdir(), "knowledge-vectors-bench-"));
  try {
    for (const size of sizes) scale(dir, size, queryCount);
    const url = option("embeddings-url");
    const model = option("embeddings-model");
    if (url && model) {
      const scifact = loadScifact();
      if (scifact) await scifactHybrid(dir, scifact, url, model, `model=${model}`);
    } else if (args.includes("--toy-embeddings-server")) {
      const scifact = loadScifact();
      const server = await startToyEmbeddingsServer();
      try {
        if (scifact) await scifactHybrid(dir, scifact, server.url, "toy-projected-bag-of-words", "toy-projected-bag-of-words(not a model)");
      } finally {
        server.close();
      }
    } else {
      console.log("scifact hybrid skipped: no embedding model configured");
    }
    console.log(`vectors peak-rss=${peakRss()} (with the mmap runs: mapped file pages count as resident)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
