import type { SearchResult } from "../index/lexical-index";
import { analyze } from "../text/tokenize";
import type { ReadQuestion } from "./read-question";
import { SCORE_WEIGHTS, type ScoredPassages, type ScoredUnit, sharesPrefix } from "./score-sentences";

export interface Steps {
  passage: number;
  /** The sentence introducing the list when it ends with a colon, then the consecutive list items. */
  units: ScoredUnit[];
  /**
   * Share of the question's weighted terms found in the list's own heading or lead line, a term
   * found only in the page title or an outer heading counting OUTER_HEADING_WEIGHT.
   */
  coverage: number;
}

/** A step list is at least this many consecutive list items… */
export const MIN_STEPS = 2;
/** …and at most this many are quoted. */
export const MAX_STEPS = 12;
/** The list's heading and lead line must hold more than this share of the question's weighted terms. */
export const MIN_STEPS_COVERAGE = 0.5;
/**
 * Weight of a question term found only in the page title or an outer heading: they head every
 * section of the page, so they tell the page, not which of its lists answers.
 */
export const OUTER_HEADING_WEIGHT = 0.2;
/** The term, or another form of its word (« supprimer », « suppression »), as in the sentence score. */
const holds = (terms: Set<string>, term: string) =>
  terms.has(term) || sharesPrefix(term, terms, SCORE_WEIGHTS.prefixLength);

interface Candidate extends Steps {
  /** Share of the question's weighted terms in the list's nearest heading alone. */
  headingMatch: number;
}

/**
 * The answer to a procedural question ("how do I delete a source?", « comment supprimer une
 * source ? »): a run of at least two consecutive list items of one passage whose own context —
 * the nearest heading above it (a Markdown heading in the passage text, else the last of the
 * passage's heading path) and the line right before it — holds
 * - the question's action, its verb and object ("delete" and "source": the steps under "Delete
 *   a conversation" do not answer it), and
 * - more than half of the question's idf-weighted terms, the page title and the outer headings
 *   counting only OUTER_HEADING_WEIGHT (they are the same for every list of the page).
 * The list whose nearest heading matches the question best wins, then the one with the best
 * coverage, then the better-ranked passage; a lead sentence ending with a colon ("To connect a
 * folder:") is quoted with it. Null when the question is not procedural, when no list qualifies
 * or when a retrieved section without a list has a heading that matches the question better
 * ("Add a model manually" for "how do I add a model manually?", not the steps of "Add a
 * model"): the caller then selects sentences. It needs list items, which prose (PIAF's Wikipedia
 * paragraphs) does not have, so it cannot change an answer there.
 */
export function findSteps(question: ReadQuestion, passages: SearchResult[], scored: ScoredPassages): Steps | null {
  if (!question.procedural || question.action.length === 0) return null;
  let best: Candidate | null = null;
  for (const [p, passage] of passages.entries()) {
    const terms = scored.terms[p]!;
    const total = terms.reduce((sum, t) => sum + t.weight, 0);
    if (total === 0) continue;
    const action = question.action.map((word) => analyze(word, passage.language, { stopWords: false })[0]!);
    const own = scored.units.filter((u) => u.passage === p);
    for (let i = 0; i < own.length; i++) {
      if (own[i]!.kind !== "list-item") continue;
      const first = i;
      while (i + 1 < own.length && own[i + 1]!.kind === "list-item") i++;
      const run = own.slice(first, i + 1);
      if (run.length < MIN_STEPS) continue;
      // The nearest heading: a Markdown heading above the list in the passage text, else the
      // passage's own section; the headings above it and the page title are outer.
      const markdownHeading = own.slice(0, first).findLast((u) => u.kind === "heading");
      const path = passage.headingPath;
      const nearest = new Set(markdownHeading?.terms ?? analyze(path.at(-1) ?? "", passage.language));
      const outer = new Set(
        analyze([passage.title, ...(markdownHeading ? path : path.slice(0, -1))].join(" "), passage.language),
      );
      const lead = own[first - 1];
      const local = new Set([...nearest, ...(lead && lead.kind !== "heading" ? lead.terms : [])]);
      if (!action.every((term) => holds(local, term))) continue;
      let covered = 0;
      let headingCovered = 0;
      for (const t of terms) {
        if (holds(local, t.term)) covered += t.weight;
        else if (holds(outer, t.term)) covered += t.weight * OUTER_HEADING_WEIGHT;
        if (holds(nearest, t.term)) headingCovered += t.weight;
      }
      const coverage = covered / total;
      const headingMatch = headingCovered / total;
      if (coverage <= MIN_STEPS_COVERAGE) continue;
      if (
        best !== null &&
        (headingMatch < best.headingMatch || (headingMatch === best.headingMatch && coverage <= best.coverage))
      ) {
        continue;
      }
      const intro = lead?.kind === "sentence" && lead.text.endsWith(":") ? [lead] : [];
      best = { passage: p, units: [...intro, ...run.slice(0, MAX_STEPS)], coverage, headingMatch };
    }
  }
  if (best === null) return null;
  // A section whose heading matches the question better, without a list ("Add a model manually"
  // against the steps of "Add a model"), answers it better with its sentences.
  for (const [p, passage] of passages.entries()) {
    const terms = scored.terms[p]!;
    const total = terms.reduce((sum, t) => sum + t.weight, 0);
    const headings = [
      analyze(passage.headingPath.at(-1) ?? "", passage.language),
      ...scored.units.filter((u) => u.passage === p && u.kind === "heading").map((u) => [...u.terms]),
    ];
    for (const heading of headings) {
      const held = new Set(heading);
      const match = terms.reduce((sum, t) => sum + (holds(held, t.term) ? t.weight : 0), 0) / total;
      if (match > best.headingMatch + 1e-9) return null;
    }
  }
  return { passage: best.passage, units: best.units, coverage: best.coverage };
}
