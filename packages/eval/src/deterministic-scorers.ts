import { type Language, NOT_FOUND_MESSAGES } from "@atelier/knowledge";
import { answerTokens, foldAnswerAccents, normalizeAnswer } from "./normalize";

/*
 * Scorers that need no model. Each returns a number in [0, 1] (1 = success) so that a run can
 * average them, and count successes for a Wilson interval. The answer scorers follow the official
 * SQuAD evaluation script: the prediction is scored against every reference and the best score
 * is kept.
 */

function requireReferences(references: readonly string[], scorer: string): void {
  if (references.length === 0) {
    throw new RangeError(`${scorer} needs at least one reference answer; score a question that has none with correctAbstention.`);
  }
}

/** 1 when the normalised prediction equals one of the normalised references, else 0. */
export function exactMatch(prediction: string, references: readonly string[], language?: Language): number {
  requireReferences(references, "exactMatch");
  const normalized = normalizeAnswer(prediction, language);
  return references.some((reference) => normalizeAnswer(reference, language) === normalized) ? 1 : 0;
}

/**
 * SQuAD's token F1 between two answers: the normalised tokens are compared as bags (a token
 * counts as many times as it appears in both). When either side has no token left after
 * normalisation (« the »), the score is 1 if both are empty and 0 otherwise, as in the SQuAD 2.0
 * script (the 1.1 script gave 0 even to two empty answers, below their exact match of 1).
 */
export function tokenF1Against(prediction: string, reference: string, language?: Language): number {
  const predicted = answerTokens(prediction, language);
  const expected = answerTokens(reference, language);
  if (predicted.length === 0 || expected.length === 0) return predicted.length === expected.length ? 1 : 0;
  const remaining = new Map<string, number>();
  for (const token of expected) remaining.set(token, (remaining.get(token) ?? 0) + 1);
  let common = 0;
  for (const token of predicted) {
    const left = remaining.get(token) ?? 0;
    if (left > 0) {
      common++;
      remaining.set(token, left - 1);
    }
  }
  if (common === 0) return 0;
  const precision = common / predicted.length;
  const recall = common / expected.length;
  return (2 * precision * recall) / (precision + recall);
}

/** The best token F1 of the prediction over the references. */
export function tokenF1(prediction: string, references: readonly string[], language?: Language): number {
  requireReferences(references, "tokenF1");
  return Math.max(...references.map((reference) => tokenF1Against(prediction, reference, language)));
}

/**
 * 1 when a normalised reference appears in the normalised prediction as whole tokens (« 1789 » is
 * in « en 1789 » but not in « 17890 »), else 0. Suits long generated answers that EM and F1
 * punish for their length. A reference left empty by normalisation (« the ») is never contained.
 */
export function containsReference(prediction: string, references: readonly string[], language?: Language): number {
  requireReferences(references, "containsReference");
  const haystack = ` ${normalizeAnswer(prediction, language)} `;
  return references.some((reference) => {
    const needle = normalizeAnswer(reference, language);
    return needle !== "" && haystack.includes(` ${needle} `);
  })
    ? 1
    : 0;
}

/** 1 when one of the first `k` retrieved documents is one of the expected documents, else 0. */
export function sourceHitAtK(retrievedDocumentIds: readonly string[], expectedDocumentIds: readonly string[], k: number): number {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a whole number of at least 1, not ${k}.`);
  if (expectedDocumentIds.length === 0) throw new RangeError("sourceHitAtK needs at least one expected document.");
  const expected = new Set(expectedDocumentIds);
  return retrievedDocumentIds.slice(0, k).some((id) => expected.has(id)) ? 1 : 0;
}

/**
 * Phrases by which an assistant says it has no answer, matched on lower-cased text with accents
 * folded and apostrophes straightened. Each phrase is specific enough not to fire on an answer
 * that merely mentions documents: « les documents ne … » needs a negation (pas, rien, aucun…)
 * within four words, so « les documents ne mentionnent que 1789 » is an answer.
 */
const ABSTENTION_PATTERNS: Record<Language, RegExp[]> = {
  en: [
    /\bi (?:did not|didn't|could not|couldn't|cannot|can't|can not|was unable to|am unable to|was not able to|wasn't able to|am not able to) (?:find|locate)\b/,
    /\bi (?:do not|don't) know\b/,
    /\bi (?:do not|don't) have (?:enough |any |the |sufficient )?(?:information|data|details|knowledge)\b/,
    /\b(?:there is|i have|i found|there's) no (?:information|mention|answer|data|details)\b/,
    /\b(?:not|isn't|aren't) (?:mentioned |found |given |provided |specified |stated |covered |available |present )?in the (?:provided |available |given |retrieved |supplied )?(?:documents?|passages?|sources?|context|knowledge(?: base)?|texts?)\b/,
    /\b(?:the|these|those) (?:provided |available |given |retrieved |supplied )?(?:documents?|passages?|sources?|context|texts?) (?:do not|don't|does not|doesn't) (?:contain|mention|say|include|provide|specify|cover|state|give|answer|address|discuss)\b/,
  ],
  fr: [
    /\bje n'ai (?:pas|rien) trouve\b/,
    /\bje n'ai trouve aucun/,
    /\bje ne (?:trouve|vois) pas\b/,
    /\bje ne (?:sais|connais) pas\b/,
    /\bje l'ignore\b/,
    /\bje ne dispose (?:pas|d'aucune)\b/,
    /\b(?:je n'ai|il n'y a) (?:pas|aucune?) (?:d'|assez d'|suffisamment d')?(?:informations?|elements?|precisions?|mention|reponse)\b/,
    /\b(?:les|ces|le|ce) (?:documents?|passages?|sources?|extraits?|textes?)(?: fournis| disponibles| consultes| de cet assistant)? (?:ne |n')(?:\S+ ){0,3}?(?:pas|rien|aucun|aucune|nulle part|jamais)\b/,
    /\bpas (?:mentionnee?s? |indiquee?s? |precisee?s? |presente?s? )?dans (?:les|ces) (?:documents|passages|sources|extraits|textes)\b/,
  ],
};

function abstentionText(text: string): string {
  return foldAnswerAccents(text).replace(/[’ʼ`]/g, "'").replace(/\s+/g, " ");
}

/**
 * True when the answer says that the assistant does not know or did not find the answer: « I did
 * not find… », « I don't know », « not in the documents », « Je n'ai pas trouvé… », « je ne sais
 * pas », « les documents ne précisent pas… », and Atelier's own NOT_FOUND_MESSAGES. The phrase may
 * be anywhere, so a hedged answer (« I don't know the day, but it was in 1789 ») counts as an
 * abstention: the judge is the place for that nuance. `language` restricts the phrases to one
 * language; leave it out when the assistant may answer in another language than the question's.
 */
export function isAbstention(text: string, language?: Language): boolean {
  const haystack = abstentionText(text);
  const languages: Language[] = language ? [language] : ["en", "fr"];
  return languages.some(
    (lang) => haystack.includes(abstentionText(NOT_FOUND_MESSAGES[lang])) || ABSTENTION_PATTERNS[lang].some((pattern) => pattern.test(haystack)),
  );
}

/**
 * 1 when the prediction abstains exactly when it should: it declines a question whose answer is
 * not in the documents, and answers one whose answer is. Else 0.
 */
export function correctAbstention(prediction: string, expectation: { shouldAbstain: boolean; language?: Language }): number {
  return isAbstention(prediction, expectation.language) === expectation.shouldAbstain ? 1 : 0;
}
