// Accuracy of the built-in answer engine (no LLM) on PIAF, scored with the deterministic scorers
// of @atelier/eval: the figure a run of the eval suite gives without any model.
// Run from packages/eval: node --import tsx bench/eval.ts [--cases=500]
// The dataset is read from ../shared/datasets beside the repository, never copied into it.
//
// Suite: `cases` answerable questions (default 500: every k-th question whose paragraph is
// indexed, in file order) plus cases/10 unanswerable ones (every k-th question of the held-out
// articles: every 20th title in sorted order, all of its paragraphs left out of the index, so
// the engine should say it does not know). A case is correct when, answerable, the reply contains
// a reference answer (containsReference) or, unanswerable, the reply is an abstention
// (isAbstention). The weights of the engine were fitted on half of PIAF's articles (see
// packages/knowledge/bench/extractive.ts), so this figure is partly in-sample.
//
// EM and F1 compare the whole reply (one or two quoted sentences) with short reference answers,
// so they are low by construction: they are printed for comparison with a model that answers
// tersely, not as a measure of the extractive engine. The reply's reference markers ([1]) are
// removed before scoring.
import { mkdtempSync, readFileSync, rmSync, existsSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { answerFromPassages, type IndexDocumentInput, LexicalIndex } from "@atelier/knowledge";
import { containsReference, exactMatch, isAbstention, sourceHitAtK, tokenF1, wilsonInterval } from "../src/index";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const dir = join(repoRoot, "..", "shared", "datasets", "piaf-fr-dev");

/** Passages given to the engine, and sentences it may quote (as in bench/extractive.ts). */
const PASSAGES = 10;
const MAX_SENTENCES = 2;

interface Paragraph {
  _id: string;
  title: string;
  text: string;
}
interface Question {
  id: string;
  question: string;
  answers: string[];
  context_id: string;
  title: string;
}
interface Case {
  question: Question;
  answerable: boolean;
}

function readJsonl<T>(file: string): T[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as T);
}

/** `count` items spread evenly over `items` (every k-th, k ≥ 1), in order. */
function everyKth<T>(items: T[], count: number): T[] {
  if (count >= items.length) return items;
  const k = Math.floor(items.length / count);
  return items.filter((_, i) => i % k === 0).slice(0, count);
}

function casesFlag(): number {
  const flag = process.argv.find((a) => a.startsWith("--cases="));
  const n = flag ? Number(flag.slice("--cases=".length)) : 500;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`--cases must be a whole number of at least 1, not ${flag}`);
  return n;
}

const fmt = (x: number) => x.toFixed(3);
const withoutMarkers = (text: string) => text.replace(/\[\d+\]/g, " ");

function main() {
  if (!existsSync(join(dir, "corpus.jsonl"))) {
    console.log(`eval piaf skipped: ${dir} not found`);
    return;
  }
  const answerableCount = casesFlag();
  const unanswerableCount = Math.max(1, Math.round(answerableCount / 10));
  const paragraphs = readJsonl<Paragraph>(join(dir, "corpus.jsonl"));
  const questions = readJsonl<Question>(join(dir, "qa.jsonl"));

  const titles = [...new Set(paragraphs.map((p) => p.title))].sort();
  const heldOutTitles = new Set(titles.filter((_, i) => i % 20 === 0));
  const kept = paragraphs.filter((p) => !heldOutTitles.has(p.title));
  const keptIds = new Set(kept.map((p) => p._id));
  const cases: Case[] = [
    ...everyKth(
      questions.filter((q) => keptIds.has(q.context_id)),
      answerableCount,
    ).map((question) => ({ question, answerable: true })),
    ...everyKth(
      questions.filter((q) => !keptIds.has(q.context_id)),
      unanswerableCount,
    ).map((question) => ({ question, answerable: false })),
  ];

  const work = mkdtempSync(join(tmpdir(), "eval-bench-"));
  try {
    const indexStart = performance.now();
    const db = new Database(join(work, "piaf.sqlite"));
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    const index = new LexicalIndex(db, { stemming: true });
    const inputs: IndexDocumentInput[] = kept.map((p) => ({
      id: p._id,
      sourceId: "piaf",
      title: p.title,
      language: "fr",
      blocks: [{ kind: "paragraph", text: p.text }],
    }));
    index.indexDocuments(inputs);
    const indexSeconds = (performance.now() - indexStart) / 1000;

    let correct = 0;
    let em = 0;
    let f1 = 0;
    let contains = 0;
    let hit1 = 0;
    let hit5 = 0;
    let falseAbstentions = 0;
    let abstained = 0;
    const start = performance.now();
    for (const { question: q, answerable } of cases) {
      const passages = index.search(q.question, { limit: PASSAGES });
      const answer = answerFromPassages(q.question, passages, { maxSentences: MAX_SENTENCES });
      const abstains = isAbstention(answer.text);
      if (!answerable) {
        if (abstains) {
          abstained++;
          correct++;
        }
        continue;
      }
      const reply = withoutMarkers(answer.text);
      const hit = containsReference(reply, q.answers, "fr");
      correct += hit;
      contains += hit;
      em += exactMatch(reply, q.answers, "fr");
      f1 += tokenF1(reply, q.answers, "fr");
      const retrieved = passages.map((p) => p.documentId);
      hit1 += sourceHitAtK(retrieved, [q.context_id], 1);
      hit5 += sourceHitAtK(retrieved, [q.context_id], 5);
      if (abstains) falseAbstentions++;
    }
    const seconds = (performance.now() - start) / 1000;
    db.close();

    const n = cases.length;
    const a = cases.filter((c) => c.answerable).length;
    const u = n - a;
    const rate = wilsonInterval(correct, n);
    console.log(`eval piaf cases=${n} correct-rate=${fmt(rate.rate)} [${fmt(rate.low)}, ${fmt(rate.high)}] (Wilson 95%)`);
    console.log(
      `eval piaf answerable n=${a} em=${fmt(em / a)} f1=${fmt(f1 / a)} contains=${fmt(contains / a)} ` +
        `source-hit@1=${fmt(hit1 / a)} source-hit@5=${fmt(hit5 / a)}`,
    );
    const abstention = wilsonInterval(abstained, u);
    console.log(
      `eval piaf unanswerable n=${u} abstention-accuracy=${fmt(abstention.rate)} [${fmt(abstention.low)}, ${fmt(abstention.high)}] ` +
        `(${heldOutTitles.size} articles, ${paragraphs.length - kept.length} paragraphs held out)`,
    );
    console.log(`eval piaf false-abstention=${fmt(falseAbstentions / a)} (answerable cases answered "not found")`);
    console.log(`eval piaf index-build=${indexSeconds.toFixed(2)}s for ${kept.length} paragraphs`);
    console.log(
      `eval piaf run-time=${seconds.toFixed(2)}s for ${n} cases (${Math.round(n / seconds)} cases/s, ${availableParallelism()} cores)`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main();
