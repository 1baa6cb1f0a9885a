// Retrieval benchmark: quality on SciFact (English) and PIAF (French), latency and build
// throughput on synthetic corpora of 10k / 100k (and, with --large, 1M) chunks.
// Run from packages/knowledge: node --import tsx bench/retrieval.ts [--large] [--sizes=10000,100000]
// --large adds the 1M-chunk run (~1.6 GB of SQLite in the temp directory; ~40 min on 2 busy cores).
// Datasets are read from ../shared/datasets beside the repository, never copied into it.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { type IndexDocumentInput, type Language, LexicalIndex, type SearchOptions } from "../src/index";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const datasets = join(repoRoot, "..", "shared", "datasets");

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

function loadBeir(name: string): BeirSet | null {
  const dir = join(datasets, name);
  if (!existsSync(join(dir, "corpus.jsonl"))) {
    console.log(`${name} skipped: ${dir} not found`);
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

function openIndex(dir: string, name: string, stemming = true) {
  const db = new Database(join(dir, `${name}.sqlite`));
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  return { db, index: new LexicalIndex(db, { stemming }) };
}

function toInputs(set: BeirSet, language: Language): IndexDocumentInput[] {
  return set.corpus.map((d) => ({
    id: d._id,
    sourceId: "bench",
    title: d.title,
    language,
    blocks: [{ kind: "paragraph", text: d.text }],
  }));
}

/** Documents ranked by their best chunk. */
function rankDocuments(index: LexicalIndex, query: string, options: SearchOptions, depth: number): string[] {
  const seen = new Set<string>();
  for (const r of index.search(query, { ...options, limit: depth * 2 })) {
    seen.add(r.documentId);
    if (seen.size === depth) break;
  }
  return [...seen];
}

function evaluate(index: LexicalIndex, set: BeirSet, options: SearchOptions = {}) {
  let ndcg = 0;
  let recall = 0;
  for (const q of set.queries) {
    const relevant = set.qrels.get(q._id)!;
    const ranked = rankDocuments(index, q.text, options, 100);
    let dcg = 0;
    ranked.slice(0, 10).forEach((doc, i) => {
      const gain = relevant.get(doc) ?? 0;
      if (gain > 0) dcg += (2 ** gain - 1) / Math.log2(i + 2);
    });
    const ideal = [...relevant.values()]
      .sort((a, b) => b - a)
      .slice(0, 10)
      .reduce((sum, gain, i) => sum + (2 ** gain - 1) / Math.log2(i + 2), 0);
    ndcg += ideal > 0 ? dcg / ideal : 0;
    const found = ranked.filter((d) => (relevant.get(d) ?? 0) > 0).length;
    const relevantCount = [...relevant.values()].filter((g) => g > 0).length;
    recall += relevantCount > 0 ? found / relevantCount : 0;
  }
  return { ndcg: ndcg / set.queries.length, recall: recall / set.queries.length };
}

function latency(index: LexicalIndex, queries: string[], options: SearchOptions = {}) {
  const times: number[] = [];
  for (const q of queries) index.search(q, options); // warm-up: page cache, prepared plans
  for (const q of queries) {
    const start = performance.now();
    index.search(q, { limit: 10, ...options });
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
  return { p50: at(0.5), p95: at(0.95) };
}

const fmt = (n: number) => n.toFixed(3);
/** Peak resident memory of the process (maxRSS is in kilobytes). */
const peakRss = () => `${Math.round((process.resourceUsage().maxRSS * 1024) / 1e6)}MB`;
const ms = (n: number) => `${n.toFixed(1)}ms`;
const NAIVE: SearchOptions = {
  maxTerms: Number.POSITIVE_INFINITY,
  maxDocumentFrequency: 1,
  maxPostings: Number.POSITIVE_INFINITY,
};

/** Deterministic PRNG (mulberry32) so synthetic corpora are the same on every run. */
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
 * Synthetic chunks for scale: the real SciFact abstracts, then "combined" abstracts made of
 * 3–6 sentences drawn at random from the whole corpus, under the title of a random abstract,
 * with ~5 % of the words replaced by another corpus word (so repeats are never identical).
 * Term statistics stay Zipfian like the real text; every synthetic chunk is a distractor.
 */
function* syntheticCorpus(set: BeirSet): Generator<IndexDocumentInput> {
  for (const input of toInputs(set, "en")) yield input;
  const sentences = set.corpus.flatMap((d) => d.text.split(/(?<=[.!?])\s+/).filter((s) => s.length > 20));
  const vocabulary = set.corpus.flatMap((d) => d.text.split(/\s+/)).filter((_, i) => i % 7 === 0);
  const next = random(42);
  const pick = <T>(items: T[]) => items[Math.floor(next() * items.length)]!;
  for (let i = set.corpus.length; ; i++) {
    const count = 3 + Math.floor(next() * 4);
    const text = Array.from({ length: count }, () => pick(sentences))
      .join(" ")
      .split(" ")
      .map((w) => (next() < 0.05 ? pick(vocabulary) : w))
      .join(" ");
    yield {
      id: `synthetic-${i}`,
      sourceId: "synthetic",
      title: pick(set.corpus).title,
      language: "en",
      blocks: [{ kind: "paragraph", text }],
    };
  }
}

function main() {
  const args = process.argv.slice(2);
  const sizesArg = args.find((a) => a.startsWith("--sizes="));
  const sizes = sizesArg
    ? sizesArg.slice(8).split(",").map(Number)
    : args.includes("--large")
      ? [10_000, 100_000, 1_000_000]
      : [10_000, 100_000];
  const dir = mkdtempSync(join(tmpdir(), "knowledge-bench-"));
  try {
    const scifact = loadBeir("beir-scifact");
    if (scifact) {
      const { db, index } = openIndex(dir, "scifact");
      index.indexDocuments(toInputs(scifact, "en"));
      const pruned = evaluate(index, scifact);
      const naive = evaluate(index, scifact, NAIVE);
      const english = evaluate(index, scifact, { languages: ["en"] });
      console.log(`scifact lexical ndcg@10=${fmt(pruned.ndcg)} recall@100=${fmt(pruned.recall)}`);
      console.log(`scifact lexical-naive-or ndcg@10=${fmt(naive.ndcg)} recall@100=${fmt(naive.recall)}`);
      console.log(`scifact lexical-lang-en ndcg@10=${fmt(english.ndcg)} recall@100=${fmt(english.recall)}`);
      db.close();
    }

    const piaf = loadBeir("piaf-fr-dev");
    if (piaf) {
      for (const stemming of [true, false]) {
        const { db, index } = openIndex(dir, `piaf-${stemming}`, stemming);
        index.indexDocuments(toInputs(piaf, "fr"));
        const all = evaluate(index, piaf);
        const french = evaluate(index, piaf, { languages: ["fr"] });
        const label = stemming ? "stemmed" : "unstemmed";
        console.log(`piaf lexical-${label} ndcg@10=${fmt(all.ndcg)} recall@100=${fmt(all.recall)}`);
        console.log(`piaf lexical-${label}-lang-fr ndcg@10=${fmt(french.ndcg)} recall@100=${fmt(french.recall)}`);
        db.close();
      }
    }

    if (scifact) {
      const queries = scifact.queries.map((q) => q.text);
      for (const size of sizes) {
        const { db, index } = openIndex(dir, `scale-${size}`);
        const start = performance.now();
        // Documents are indexed in batches of 2,000 until the chunk count reaches the size.
        let indexed = 0;
        const documents = syntheticCorpus(scifact);
        while (indexed < size) {
          const batch: IndexDocumentInput[] = [];
          for (let i = 0; i < Math.min(2000, size - indexed); i++) batch.push(documents.next().value!);
          for (const result of index.indexDocuments(batch)) indexed += result.chunkCount;
        }
        const built = performance.now();
        index.optimize();
        const optimized = performance.now();
        const chunks = (db.prepare("SELECT count(*) AS n FROM knowledge_chunks").get() as { n: number }).n;
        const megabytes = statSync(join(dir, `scale-${size}.sqlite`)).size / 1e6;
        console.log(
          `speed build chunks=${chunks} throughput=${Math.round(chunks / ((built - start) / 1000))}chunks/s ` +
            `build=${((built - start) / 1000).toFixed(1)}s optimize=${((optimized - built) / 1000).toFixed(1)}s db=${megabytes.toFixed(0)}MB`,
        );
        const fast = latency(index, queries);
        const naive = latency(index, queries, NAIVE);
        console.log(`speed search chunks=${chunks} pruned p50=${ms(fast.p50)} p95=${ms(fast.p95)}`);
        console.log(`speed search chunks=${chunks} naive-or p50=${ms(naive.p50)} p95=${ms(naive.p95)}`);
        const quality = evaluate(index, scifact);
        const naiveQuality = evaluate(index, scifact, NAIVE);
        console.log(
          `scifact+distractors chunks=${chunks} pruned ndcg@10=${fmt(quality.ndcg)} recall@100=${fmt(quality.recall)} ` +
            `naive-or ndcg@10=${fmt(naiveQuality.ndcg)} recall@100=${fmt(naiveQuality.recall)}`,
        );
        const delta = quality.ndcg - naiveQuality.ndcg;
        console.log(
          `scifact+distractors chunks=${chunks} ndcg@10 pruned-minus-naive=${delta >= 0 ? "+" : ""}${fmt(delta)} ` +
            `(same ${scifact.queries.length} queries)`,
        );
        console.log(`speed memory chunks=${chunks} peak-rss=${peakRss()} (process peak so far)`);
        db.close();
        rmSync(join(dir, `scale-${size}.sqlite`), { force: true });
      }
    }
    console.log(`speed peak-rss=${peakRss()}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
