// Extractive answer benchmark on PIAF (French Wikipedia QA): does the built-in answer engine
// (no LLM) quote a sentence that contains the gold answer, does it cite the gold paragraph, and
// does it say "not found" when the paragraph is not indexed.
// Run from packages/knowledge: node --import tsx bench/extractive.ts
// The dataset is read from ../shared/datasets beside the repository, never copied into it.
//
// Questions are split in two fixed halves by the FNV-1a hash of their article title (even:
// "tune", odd: "test"). SCORE_WEIGHTS (src/answer/score-sentences.ts) were fitted and
// DEFAULT_MIN_SCORE calibrated on the "tune" half only; the "test" half shows how much of that
// carries over. Passages: the top PASSAGES of the stemmed index (the answer sentence often sits
// in a lower-ranked passage), and the top 5 for comparison. answer_in_reply: the normalised gold answer (lower case, accents folded,
// punctuation removed, whitespace collapsed) appears on word boundaries in the normalised reply
// (references like [1] removed); a "not found" reply never counts. gold_paragraph_cited /
// _first: the gold paragraph is among the citations / is the first one.
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { answerFromPassages, type ExtractiveOptions } from "../src/answer/answer-from-passages";
import { type IndexDocumentInput, LexicalIndex, type SearchResult } from "../src/index/lexical-index";
import { foldAccents, isStopWord, words } from "../src/text/tokenize";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const dir = join(repoRoot, "..", "shared", "datasets", "piaf-fr-dev");

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
type Half = "tune" | "test";

/** What one engine returns for a question: the reply text and the paragraphs it cites, in order. */
interface Reply {
  found: boolean;
  text: string;
  cited: string[];
  sentences: number;
}
type Engine = (question: string) => Reply;

function readJsonl<T>(file: string): T[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as T);
}

/** FNV-1a of the article title, even for the tuning half: the halves the weights were tuned on. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * One in ten, from a hash that is independent of the halves (FNV-1a's low bit is the parity of
 * the characters, so FNV-1a modulo 10 would pick from one half only).
 */
const oneInTen = (text: string) => createHash("sha256").update(`held-out:${text}`).digest().readUInt32BE(0) % 10 === 0;

const halfOf = (q: Question): Half => (fnv1a(q.title) % 2 === 0 ? "tune" : "test");

/** Lower case, accents folded, punctuation removed, whitespace collapsed. */
function normalise(text: string): string {
  return foldAccents(text)
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

function containsAnswer(reply: string, answers: string[]): boolean {
  const haystack = ` ${normalise(reply.replace(/\[\d+\]/g, " "))} `;
  return answers.some((a) => {
    const needle = normalise(a);
    return needle !== "" && haystack.includes(` ${needle} `);
  });
}

function buildIndex(file: string, paragraphs: Paragraph[], stemming: boolean): { db: Database.Database; index: LexicalIndex } {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  const index = new LexicalIndex(db, { stemming });
  const inputs: IndexDocumentInput[] = paragraphs.map((p) => ({
    id: p._id,
    sourceId: "piaf",
    title: p.title,
    language: "fr",
    blocks: [{ kind: "paragraph", text: p.text }],
  }));
  index.indexDocuments(inputs);
  return { db, index };
}

/** Passages retrieved for the extractive engine (SCORE_WEIGHTS and DEFAULT_MIN_SCORE were fitted with ten). */
const PASSAGES = 10;

function extractive(index: LexicalIndex, options: ExtractiveOptions, passages = PASSAGES): Engine {
  return (question) => {
    const answer = answerFromPassages(question, index.search(question, { limit: passages }), options);
    return {
      found: answer.found,
      text: answer.text,
      cited: answer.citations.map((c) => c.documentId),
      sentences: answer.sentences.length,
    };
  };
}

/**
 * The naive baseline: FTS5 top 3 paragraphs of an unstemmed index, split on « . ! ? » followed
 * by a space, sentences ranked by the count of distinct non-stop words they share with the
 * question, the best one or two quoted. It never abstains.
 */
function naive(index: LexicalIndex, sentences: number): Engine {
  return (question) => {
    const asked = new Set(words(question).filter((w) => !isStopWord(w, "fr")));
    const candidates = index.search(question, { limit: 3 }).flatMap((passage: SearchResult, p) =>
      passage.text.split(/(?<=[.!?])\s+/).map((text, position) => ({
        text,
        documentId: passage.documentId,
        order: p * 1000 + position,
        shared: new Set(words(text).filter((w) => asked.has(w))).size,
      })),
    );
    candidates.sort((a, b) => b.shared - a.shared || a.order - b.order);
    const chosen = candidates.slice(0, sentences);
    return {
      found: chosen.length > 0,
      text: chosen.map((c) => c.text).join(" "),
      cited: chosen.map((c) => c.documentId),
      sentences: chosen.length,
    };
  };
}

interface Figures {
  answerInReply: number;
  goldCited: number;
  goldFirst: number;
  notFound: number;
  /** Mean number of quoted sentences (list items count one each) over the answered questions. */
  sentences: number;
  n: number;
  perSecond: number;
}

function measure(engine: Engine, questions: Question[]): Figures {
  let inReply = 0;
  let cited = 0;
  let first = 0;
  let notFound = 0;
  let sentences = 0;
  const start = performance.now();
  for (const q of questions) {
    const reply = engine(q.question);
    if (!reply.found) notFound++;
    sentences += reply.sentences;
    if (reply.found && containsAnswer(reply.text, q.answers)) inReply++;
    if (reply.cited.includes(q.context_id)) cited++;
    if (reply.cited[0] === q.context_id) first++;
  }
  const seconds = (performance.now() - start) / 1000;
  const n = questions.length;
  return {
    answerInReply: inReply / n,
    goldCited: cited / n,
    goldFirst: first / n,
    notFound: notFound / n,
    sentences: notFound === n ? 0 : sentences / (n - notFound),
    n,
    perSecond: n / seconds,
  };
}

const fmt = (x: number) => x.toFixed(3);

function report(label: string, engine: Engine, questions: Question[]) {
  for (const half of ["tune", "test", "all"] as const) {
    const subset = half === "all" ? questions : questions.filter((q) => halfOf(q) === half);
    const f = measure(engine, subset);
    console.log(
      `piaf ${label} half=${half} answer_in_reply=${fmt(f.answerInReply)} gold_paragraph_cited=${fmt(f.goldCited)} ` +
        `gold_paragraph_first=${fmt(f.goldFirst)} not_found=${fmt(f.notFound)} mean_sentences=${f.sentences.toFixed(2)} ` +
        `n=${f.n} questions/s=${Math.round(f.perSecond)}`,
    );
  }
}

function main() {
  if (!existsSync(join(dir, "corpus.jsonl"))) {
    console.log(`piaf skipped: ${dir} not found`);
    return;
  }
  const paragraphs = readJsonl<Paragraph>(join(dir, "corpus.jsonl"));
  const questions = readJsonl<Question>(join(dir, "qa.jsonl"));
  const work = mkdtempSync(join(tmpdir(), "extractive-bench-"));
  try {
    const stemmed = buildIndex(join(work, "stemmed.sqlite"), paragraphs, true);
    report(`extractive sentences<=2 passages=${PASSAGES}`, extractive(stemmed.index, { maxSentences: 2 }), questions);
    report(`extractive sentences<=1 passages=${PASSAGES}`, extractive(stemmed.index, { maxSentences: 1 }), questions);
    report("extractive sentences<=2 passages=5", extractive(stemmed.index, { maxSentences: 2 }, 5), questions);
    // The same without abstention: what the "not found" threshold costs.
    report(
      `extractive sentences<=2 passages=${PASSAGES} min_score=0`,
      extractive(stemmed.index, { maxSentences: 2, minScore: 0 }),
      questions,
    );
    stemmed.db.close();

    const unstemmed = buildIndex(join(work, "unstemmed.sqlite"), paragraphs, false);
    report("naive-baseline sentences=2", naive(unstemmed.index, 2), questions);
    report("naive-baseline sentences=1", naive(unstemmed.index, 1), questions);
    unstemmed.db.close();

    // Abstention: questions whose paragraph is not indexed should get "not found"; the others
    // should not (false abstention), both over the same reduced index. Leaving out paragraphs
    // is the hard case (the other paragraphs of the article share its vocabulary); leaving out
    // whole articles is closer to a question about a subject the documents do not cover.
    const heldOutArticles = new Set(paragraphs.filter((p) => oneInTen(p.title)).map((p) => p._id));
    const splits = [
      { label: "paragraphs", missing: (id: string) => oneInTen(id) },
      { label: "articles", missing: (id: string) => heldOutArticles.has(id) },
    ];
    for (const split of splits) {
      const kept = paragraphs.filter((p) => !split.missing(p._id));
      const partial = buildIndex(join(work, `partial-${split.label}.sqlite`), kept, true);
      const engine = extractive(partial.index, { maxSentences: 2 });
      for (const half of ["tune", "test", "all"] as const) {
        const subset = half === "all" ? questions : questions.filter((q) => halfOf(q) === half);
        const unanswerable = subset.filter((q) => split.missing(q.context_id));
        const answerable = subset.filter((q) => !split.missing(q.context_id));
        const abstained = measure(engine, unanswerable).notFound;
        const wrongly = measure(engine, answerable).notFound;
        console.log(
          `piaf abstention passages=${PASSAGES} held_out=${split.label} half=${half} held_out_paragraphs=${paragraphs.length - kept.length} ` +
            `abstention_rate=${fmt(abstained)} n=${unanswerable.length} false_abstention=${fmt(wrongly)} n=${answerable.length}`,
        );
      }
      partial.db.close();
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main();
