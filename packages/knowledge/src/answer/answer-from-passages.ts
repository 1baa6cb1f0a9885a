import type { SearchResult } from "../index/lexical-index";
import { detectLanguage, type Language } from "../language";
import { findSteps } from "./find-steps";
import { readQuestion } from "./read-question";
import { SCORE_WEIGHTS, type ScoredUnit, scoreSentences } from "./score-sentences";

export interface Citation {
  /** 1-based, as written in the text: [1]. */
  ref: number;
  chunkId: string;
  documentId: string;
  sourceId: string;
  title: string;
  headingPath: string[];
  page: number | null;
  /** The cited sentence(s). */
  excerpt: string;
}

export interface ExtractiveAnswer {
  found: boolean;
  language: Language;
  /** Markdown: the selected sentences, each followed by its reference like "… [1]"; or the not-found sentence. */
  text: string;
  citations: Citation[];
  sentences: { text: string; chunkId: string; score: number }[];
}

export interface ExtractiveOptions {
  /** Default 2. */
  maxSentences?: number;
  /**
   * Threshold below which the answer is "not found": the share (0–1) of the question's
   * idf-weighted terms that the best sentence holds (itself, or through its passage's title and
   * headings, a neighbouring sentence or a word with the same beginning). Every quoted sentence
   * must reach it, twice over when its passage holds none of the names the question gives
   * (« Vizzavona »): it is then most likely about something else. The passages together must
   * hold 1.5 times it: below, they do not speak of the question's subject. 0 never declines.
   * Default DEFAULT_MIN_SCORE.
   */
  minScore?: number;
  /** Reply language; detected from the question otherwise. */
  language?: Language;
}

export const NOT_FOUND_MESSAGES: Record<Language, string> = {
  en: "I did not find the answer in the documents available to this assistant.",
  fr: "Je n'ai pas trouvé la réponse dans les documents de cet assistant.",
};

/**
 * Calibrated on the tuning half of PIAF (bench/extractive.ts, ten passages) with the rules of
 * `minScore` (names, whole passages): 2.9 % of answerable questions get "not found", and 16 % of
 * the questions whose paragraph is not indexed (44 % when their whole article is not) do; 0.25
 * with the best sentence's coverage alone gave 4.4 %, 15 % and 35 %.
 */
export const DEFAULT_MIN_SCORE = 0.2;

function overlap(a: Set<string>, b: Set<string>): number {
  const smaller = a.size <= b.size ? a : b;
  const larger = smaller === a ? b : a;
  if (smaller.size === 0) return 0;
  let shared = 0;
  for (const term of smaller) if (larger.has(term)) shared++;
  return shared / smaller.size;
}

/** Same sentence (chunk overlap repeats text) or one that says nothing the other does not. */
function repeats(unit: ScoredUnit, selected: ScoredUnit[]): boolean {
  return selected.some(
    (s) => s.text === unit.text || (Math.min(s.terms.size, unit.terms.size) >= 3 && overlap(s.terms, unit.terms) >= 0.8),
  );
}

/**
 * Headings are not answers, nor is the first unit of a chunk when it starts in lower case: the
 * chunker repeats the end of the previous chunk at the start of the next, cut at a word, so
 * that unit is the tail of a sentence (quoted whole from the previous chunk when retrieved).
 */
function isQuotable(unit: ScoredUnit): boolean {
  return unit.kind !== "heading" && !(unit.position === 0 && unit.kind === "sentence" && /^\p{Ll}/u.test(unit.text));
}

function notFound(language: Language): ExtractiveAnswer {
  return { found: false, language, text: NOT_FOUND_MESSAGES[language], citations: [], sentences: [] };
}

/**
 * Writes the reply: units grouped by passage (the best unit's passage first), in reading order
 * within a passage; each sentence followed by its reference; references numbered in order of
 * appearance, one per chunk. A run of list items or table lines is kept as Markdown lines with
 * the reference after the last one.
 */
function compose(language: Language, passages: SearchResult[], selected: ScoredUnit[]): ExtractiveAnswer {
  const passageOrder = [...new Set(selected.map((u) => u.passage))];
  const ordered = [...selected].sort(
    (a, b) => passageOrder.indexOf(a.passage) - passageOrder.indexOf(b.passage) || a.position - b.position,
  );
  const citations: Citation[] = [];
  const refs = new Map<string, Citation>();
  let text = "";
  ordered.forEach((unit, i) => {
    const passage = passages[unit.passage]!;
    let citation = refs.get(passage.chunkId);
    if (!citation) {
      citation = {
        ref: citations.length + 1,
        chunkId: passage.chunkId,
        documentId: passage.documentId,
        sourceId: passage.sourceId,
        title: passage.title,
        headingPath: passage.headingPath,
        page: passage.page,
        excerpt: unit.text,
      };
      refs.set(passage.chunkId, citation);
      citations.push(citation);
    } else {
      citation.excerpt += unit.kind === "sentence" ? ` ${unit.text}` : `\n${unit.text}`;
    }
    const next = ordered[i + 1];
    // A list keeps one reference, after its last line; so does the sentence that introduces it.
    const continues =
      next !== undefined &&
      next.passage === unit.passage &&
      next.kind !== "sentence" &&
      (unit.kind !== "sentence" || unit.text.endsWith(":"));
    if (i > 0) text += unit.kind !== "sentence" || ordered[i - 1]!.kind !== "sentence" ? "\n" : " ";
    text += continues ? unit.text : `${unit.text} [${citation.ref}]`;
  });
  return {
    found: true,
    language,
    text,
    citations,
    sentences: ordered.map((u) => ({ text: u.text, chunkId: passages[u.passage]!.chunkId, score: u.score })),
  };
}

/**
 * The built-in "model" without an LLM: picks the sentences of the retrieved passages that best
 * answer the question and quotes them verbatim with their citations; the rest of the reply
 * (only the not-found sentence) is in the question's language. Below `minScore` it says it did
 * not find the answer rather than guess. The best sentence is always quoted; the next ones only
 * while they score within SCORE_WEIGHTS.secondSentence of it, up to `maxSentences`. A
 * procedural question ("how do I …") over a passage with a matching step list gets the whole
 * list (up to MAX_STEPS items, whatever `maxSentences`; see findSteps), and no stray list item
 * otherwise. Ten passages serve it better than five (bench/extractive.ts).
 */
export function answerFromPassages(
  question: string,
  passages: SearchResult[],
  options: ExtractiveOptions = {},
): ExtractiveAnswer {
  const questionLanguage = detectLanguage(question, passages[0]?.language ?? "en").language;
  const language = options.language ?? questionLanguage;
  const maxSentences = Math.max(1, Math.floor(options.maxSentences ?? 2));
  const minScore = options.minScore ?? DEFAULT_MIN_SCORE;
  const read = readQuestion(question, questionLanguage);
  const scored = scoreSentences(read, passages);
  const steps = findSteps(read, passages, scored);
  if (steps && steps.coverage >= minScore) return compose(language, passages, steps.units);

  if (scored.topic < 1.5 * minScore) return notFound(language);
  const answers = (unit: ScoredUnit) => unit.coverage >= (scored.names[unit.passage]! > 0 ? minScore : 2 * minScore);
  // A procedural question without a matching list gets no stray list items: they are the steps
  // of another procedure ("How do I rename a source?" is not answered by "Rename a conversation").
  const ranked = scored.units
    .filter((unit) => isQuotable(unit) && !(read.procedural && unit.kind === "list-item"))
    .sort((a, b) => b.score - a.score || a.passage - b.passage || a.position - b.position);
  const best = ranked[0];
  if (!best || !answers(best)) return notFound(language);
  const selected = [best];
  for (const unit of ranked.slice(1)) {
    if (selected.length >= maxSentences || unit.score < best.score - SCORE_WEIGHTS.secondSentence) break;
    if (answers(unit) && !repeats(unit, selected)) selected.push(unit);
  }
  return compose(language, passages, selected);
}
