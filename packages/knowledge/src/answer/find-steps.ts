import type { SearchResult } from "../index/lexical-index";
import { analyze } from "../text/tokenize";
import type { ReadQuestion } from "./read-question";
import type { ScoredPassages, ScoredUnit } from "./score-sentences";

export interface Steps {
  passage: number;
  /** The sentence introducing the list when it ends with a colon, then the consecutive list items. */
  units: ScoredUnit[];
  /** Share of the question's weighted terms found in the headings or lead sentence of the list. */
  coverage: number;
}

/** A step list is at least this many consecutive list items… */
export const MIN_STEPS = 2;
/** …and at most this many are quoted. */
export const MAX_STEPS = 12;
/** Share of the question's weighted terms the headings or lead sentence of the list must hold. */
export const MIN_STEPS_COVERAGE = 0.5;

/**
 * The answer to a procedural question ("how do I connect a folder?", « comment connecter un
 * dossier ? »): a run of at least two consecutive list items of one passage whose context (the
 * passage's heading path, the nearest Markdown heading above the list, the unit right before
 * it) holds at least half of the question's idf-weighted terms. The run with the best such
 * coverage wins, ties going to the better-ranked passage; a lead sentence ending with a colon
 * ("To connect a folder:") is quoted with it. Null when the question is not procedural or no
 * passage has such a list: the caller then selects sentences. It needs list items, which prose
 * (PIAF's Wikipedia paragraphs) does not have, so it cannot change an answer there.
 */
export function findSteps(question: ReadQuestion, passages: SearchResult[], scored: ScoredPassages): Steps | null {
  if (!question.procedural) return null;
  let best: Steps | null = null;
  passages.forEach((passage, p) => {
    const terms = scored.terms[p]!;
    const total = terms.reduce((sum, t) => sum + t.weight, 0);
    if (total === 0) return;
    const coverage = (found: Set<string>) => terms.reduce((sum, t) => sum + (found.has(t.term) ? t.weight : 0), 0) / total;
    const headingPath = analyze(passage.headingPath.join(" "), passage.language);
    const own = scored.units.filter((u) => u.passage === p);
    for (let i = 0; i < own.length; i++) {
      if (own[i]!.kind !== "list-item") continue;
      const first = i;
      while (i + 1 < own.length && own[i + 1]!.kind === "list-item") i++;
      const run = own.slice(first, i + 1);
      if (run.length < MIN_STEPS) continue;
      // The nearest Markdown heading above the list, when the passage text carries one.
      const heading = own.slice(0, first).findLast((u) => u.kind === "heading");
      const lead = own[first - 1];
      const context = new Set([...headingPath, ...(heading?.terms ?? []), ...(lead?.terms ?? [])]);
      const covered = coverage(context);
      if (covered < MIN_STEPS_COVERAGE || (best !== null && covered <= best.coverage)) continue;
      const intro = lead?.kind === "sentence" && lead.text.endsWith(":") ? [lead] : [];
      best = { passage: p, units: [...intro, ...run.slice(0, MAX_STEPS)], coverage: covered };
    }
  });
  return best;
}

