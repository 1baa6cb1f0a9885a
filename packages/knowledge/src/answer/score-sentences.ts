import type { SearchResult } from "../index/lexical-index";
import { analyze, words } from "../text/tokenize";
import type { AnswerType, QuestionTerm, ReadQuestion } from "./read-question";
import { splitUnits, type TextUnit } from "./split-sentences";

/** A quotable unit of a retrieved passage, with its score for the question. */
export interface ScoredUnit extends TextUnit {
  passage: number;
  /** Position of the unit in its passage. */
  position: number;
  /** Analysed terms of the unit, in order. */
  sequence: string[];
  /** Distinct analysed terms of the unit. */
  terms: Set<string>;
  /** Share (0–1) of the question's weighted terms the unit covers, with partial credit from context. */
  coverage: number;
  score: number;
}

/**
 * Weights of the sentence score, fitted on the tuning half of PIAF (bench/extractive.ts, ten
 * passages; the test half was not used): a listwise logistic regression (softmax over the units
 * of a question, the units holding the gold answer as targets), then rounded and checked on the
 * top-1 + top-2 hit rate. Coordinate ascent on the hit rate itself gained a point more on the
 * tuning half that did not carry over to the test half (looked at for that choice only); two
 * dozen more features (proximity, novelty, passage coverage, rank, answer cues for « pourquoi »
 * and definitions, interactions) and other second-sentence policies did no better. `heading`
 * cannot be measured on PIAF (no headings): it is set on the questions of Atelier's own user
 * guide (docs/guide), where the section titled with the question holds its answer.
 * `secondSentence` trades answer length for recall: on the tuning half, 0.4 quotes 1.67
 * sentences on average and puts the answer in 71.1 % of replies, 1 quotes 1.97 for 72.4 %.
 * The score of a unit is
 *
 *   coverage                          share of the question's idf-weighted terms it holds, a term
 *                                     only in the passage's title or heading path counting
 *                                     `context`, only in a neighbouring unit `neighbour`, only
 *                                     as a word sharing its first `prefixLength` letters `prefix`
 * + retrieval × passage score / best passage score     (the retrieval rank as a prior)
 * + answerType                      when it holds what the question asks for (number, date, name)
 * + pairs × share of the question's consecutive term pairs it holds within `pairDistance` terms
 * + density × share of its words that are question words
 * + names × share of the question's names (« Vizzavona ») its passage holds, title included:
 *                                     the passage about the question's subject, not a namesake
 * + phrases × share of the question's consecutive words (« pendant le rituel ») it holds as such
 * + heading × match                 for the first unit under a heading: the share of the
 *                                     question's weighted terms the heading holds × the share
 *                                     of the heading's terms that are question terms
 * − length                          when shorter than `shortWords` words
 */
export const SCORE_WEIGHTS = {
  context: 1,
  neighbour: 0.45,
  prefix: 0.8,
  prefixLength: 5,
  retrieval: 1.05,
  answerType: 0.35,
  pairs: 0.05,
  pairDistance: 3,
  density: 0.4,
  names: 0.55,
  phrases: 0.45,
  heading: 0.5,
  length: 0.05,
  shortWords: 5,
  /** A second unit is quoted only when its score is within this margin of the first's. */
  secondSentence: 1,
};

/** Share of the question's consecutive term pairs found close together in the unit. */
function pairCoverage(questionTerms: string[], sequence: string[], distance: number): number {
  if (questionTerms.length < 2) return 0;
  const positions = new Map<string, number[]>();
  sequence.forEach((term, i) => {
    const list = positions.get(term) ?? [];
    list.push(i);
    positions.set(term, list);
  });
  let found = 0;
  for (let i = 0; i + 1 < questionTerms.length; i++) {
    const a = positions.get(questionTerms[i]!);
    const b = positions.get(questionTerms[i + 1]!);
    if (a && b && a.some((x) => b.some((y) => Math.abs(x - y) <= distance))) found++;
  }
  return found / (questionTerms.length - 1);
}

/** Does a word of `terms` share the first `length` letters of `term` (« supprimer », « suppression »)? */
export function sharesPrefix(term: string, terms: Set<string>, length: number): boolean {
  if (term.length < length) return false;
  const prefix = term.slice(0, length);
  for (const other of terms) if (other.length >= length && other.startsWith(prefix)) return true;
  return false;
}

const NUMBER_WORDS = new Set(
  `deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize vingt trente quarante
cinquante soixante cent cents mille million millions milliard milliards dizaine dizaines centaine centaines
two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty sixty hundred hundreds
thousand thousands million millions billion billions dozen dozens`.split(/\s+/),
);
const MONTHS = new Set(
  `janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre siecle siecles
january february march april may june july august september october november december century centuries`.split(
    /\s+/,
  ),
);
const YEAR = /^(?:1\d{3}|20\d{2})$/;

/** Does the unit hold something of the type asked for, that the question does not already say? */
function holdsAnswerType(text: string, type: AnswerType, questionWords: Set<string>): boolean {
  if (type === "other") return false;
  const unitWords = words(text).filter((w) => !questionWords.has(w));
  if (type === "quantity") return unitWords.some((w) => /\d/.test(w) || NUMBER_WORDS.has(w));
  if (type === "date") return unitWords.some((w) => YEAR.test(w) || MONTHS.has(w));
  // Person or place: a capitalised word that is neither the first word nor a question word.
  const capitalised = text.match(/(?<=[\s(«"'’])\p{Lu}[\p{L}-]+/gu) ?? [];
  return capitalised.some((w) => !questionWords.has(words(w)[0] ?? ""));
}

/** Share of the question's names that the words hold, a long name also by its first letters (typos). */
function nameCoverage(names: string[], held: Set<string>, prefixLength: number): number {
  if (names.length === 0) return 0;
  return names.filter((name) => held.has(name) || sharesPrefix(name, held, prefixLength)).length / names.length;
}

/** Share of the question's consecutive word pairs that follow each other in the unit. */
function phraseCoverage(wordPairs: string[], unitWords: string[]): number {
  if (wordPairs.length === 0) return 0;
  const held = new Set(unitWords.slice(1).map((word, i) => `${unitWords[i]} ${word}`));
  return wordPairs.filter((pair) => held.has(pair)).length / wordPairs.length;
}

function idf(documentFrequency: number, total: number): number {
  return Math.log(1 + total / (1 + documentFrequency));
}

export interface ScoredPassages {
  /** Every unit of every passage, in retrieval then reading order (headings score 0). */
  units: ScoredUnit[];
  /** The question's terms for each passage's language, weighted by idf × framing weight. */
  terms: QuestionTerm[][];
  /** Share of the question's names each passage holds (title included); 1 when the question names nothing. */
  names: number[];
  /** Share of the question's weighted terms that the passages hold altogether, titles and headings included. */
  topic: number;
}

/**
 * Splits every passage into units and scores each one against the question. Term weights are
 * inverse sentence frequencies over all the retrieved units (a word every passage repeats,
 * like the subject of the article, weighs little); a query term found nowhere weighs as much
 * as the rarest one, so that a question the passages do not answer keeps a low coverage.
 */
export function scoreSentences(question: ReadQuestion, passages: SearchResult[]): ScoredPassages {
  const units: ScoredUnit[] = [];
  const contextTerms: Set<string>[] = [];
  passages.forEach((passage, p) => {
    contextTerms.push(new Set(analyze([passage.title, ...passage.headingPath].join(" "), passage.language)));
    splitUnits(passage.text, passage.language).forEach((unit, position) => {
      const sequence = analyze(unit.text, passage.language);
      units.push({
        ...unit,
        passage: p,
        position,
        sequence,
        terms: new Set(sequence),
        coverage: 0,
        score: 0,
      });
    });
  });
  const quotable = units.filter((u) => u.kind !== "heading");
  const frequency = new Map<string, number>();
  for (const unit of quotable) for (const term of unit.terms) frequency.set(term, (frequency.get(term) ?? 0) + 1);
  const total = Math.max(1, quotable.length);
  const weighted = passages.map((passage) =>
    question.termsFor(passage.language).map((t) => ({
      ...t,
      weight: t.weight * idf(frequency.get(t.term) ?? 0, total),
    })),
  );
  const byPassage = new Map<number, ScoredUnit[]>();
  for (const unit of units) {
    const list = byPassage.get(unit.passage) ?? [];
    list.push(unit);
    byPassage.set(unit.passage, list);
  }

  const w = SCORE_WEIGHTS;
  const names = passages.map((passage) =>
    question.names.length === 0
      ? 1
      : nameCoverage(question.names, new Set(words(`${passage.title} ${passage.text}`)), w.prefixLength),
  );
  const topScore = Math.max(...passages.map((x) => x.score));
  for (const [p, passageUnits] of byPassage) {
    const passage = passages[p]!;
    const terms = weighted[p]!;
    const totalWeight = terms.reduce((sum, t) => sum + t.weight, 0);
    if (totalWeight === 0) continue;
    const questionSequence = terms.map((t) => t.term);
    const asked = new Set(questionSequence);
    // How well a heading names the question: the share of the question's weighted terms it holds
    // times the share of its own terms that are question terms (for "what is an assistant?",
    // "What is an assistant?" fully, "Who can use an assistant?" half).
    const headingMatch = (heading: Set<string>) => {
      if (heading.size === 0) return 0;
      const recall = terms.reduce((sum, t) => sum + (heading.has(t.term) ? t.weight : 0), 0) / totalWeight;
      return (recall * [...heading].filter((term) => asked.has(term)).length) / heading.size;
    };
    const section = headingMatch(new Set(analyze(passage.headingPath.at(-1) ?? "", passage.language)));
    // bm25 scores are positive here (negated FTS5 rank); a lone or non-positive one counts fully.
    const prior = topScore > 0 && passage.score > 0 ? passage.score / topScore : p === 0 ? 1 : 0;
    passageUnits.forEach((unit, i) => {
      if (unit.kind === "heading") return;
      const previous = passageUnits[i - 1];
      const next = passageUnits[i + 1];
      let covered = 0;
      for (const t of terms) {
        if (unit.terms.has(t.term)) covered += t.weight;
        else if (contextTerms[p]!.has(t.term)) covered += t.weight * w.context;
        else if (previous?.terms.has(t.term) || next?.terms.has(t.term)) covered += t.weight * w.neighbour;
        else if (sharesPrefix(t.term, unit.terms, w.prefixLength)) covered += t.weight * w.prefix;
      }
      unit.coverage = Math.min(1, covered / totalWeight);
      const unitWords = words(unit.text);
      const repeated = unitWords.filter((word) => question.words.has(word)).length;
      // The first unit under a heading: of the passage's section, or of a heading in its text.
      const heading = i === 0 ? section : previous?.kind === "heading" ? headingMatch(previous.terms) : 0;
      unit.score =
        unit.coverage +
        w.retrieval * prior +
        (holdsAnswerType(unit.text, question.answerType, question.words) ? w.answerType : 0) +
        w.pairs * pairCoverage(questionSequence, unit.sequence, w.pairDistance) +
        (w.density * repeated) / Math.max(1, unitWords.length) +
        (question.names.length > 0 ? w.names * names[p]! : 0) +
        w.phrases * phraseCoverage(question.wordPairs, unitWords) +
        w.heading * heading -
        (unitWords.length < w.shortWords ? w.length : 0);
    });
  }
  const held = new Set(contextTerms.flatMap((terms) => [...terms]));
  for (const unit of units) for (const term of unit.terms) held.add(term);
  const topic = Math.max(
    0,
    ...weighted.map((terms) => {
      const total = terms.reduce((sum, t) => sum + t.weight, 0);
      return total === 0 ? 0 : terms.reduce((sum, t) => sum + (held.has(t.term) ? t.weight : 0), 0) / total;
    }),
  );
  return { units, terms: weighted, names, topic };
}
