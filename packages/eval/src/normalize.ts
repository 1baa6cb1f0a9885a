import type { Language } from "@atelier/knowledge";

/** Python's `string.punctuation`, which the official SQuAD script removes. */
const ASCII_PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;
/** The same, plus every Unicode punctuation mark and symbol (« » ’ “ ” … – — € °). */
const ANY_PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~\p{P}\p{S}]/gu;
const COMBINING_MARKS = /\p{M}+/gu;
/** « l'armée », « d’Artagnan »: the elided article, not preceded by a letter (« aujourd'hui » keeps its d'). */
const ELIDED_ARTICLES = /(?<![\p{L}\p{N}_])[ld]['’ʼ]/gu;
/**
 * Whole words only. The lookarounds play the part of Python's Unicode `\b` (JavaScript's `\b` is
 * ASCII-only and would see a boundary inside « éa »).
 */
const ENGLISH_ARTICLES = /(?<![\p{L}\p{N}_])(?:a|an|the)(?![\p{L}\p{N}_])/gu;
const ALL_ARTICLES = /(?<![\p{L}\p{N}_])(?:a|an|the|le|la|les|un|une|des|du|de)(?![\p{L}\p{N}_])/gu;

/** Lower-cases and strips diacritics, and spells out the ligatures: « Cœur de l'Été » → « coeur de l'ete ». */
export function foldAnswerAccents(text: string): string {
  return text.toLowerCase().normalize("NFD").replace(COMBINING_MARKS, "").replace(/œ/g, "oe").replace(/æ/g, "ae");
}

/**
 * SQuAD answer normalisation: lower case, punctuation removed, articles removed, whitespace
 * collapsed. Two flavours:
 *
 * - `"en"`: exactly the official SQuAD v1.1 evaluation script (`normalize_answer`): ASCII
 *   punctuation, articles a/an/the, no accent folding. Use it to compare with published figures.
 * - `"fr"` and the default: for French, and for text whose language is not known. Accents are
 *   folded (« é » = « e », « œ » = « oe »), Unicode punctuation and symbols go too (« » ’ – €),
 *   the elided articles l' and d' are cut off their word before the punctuation is removed (the
 *   official script would glue « l'armée » into « larmee »), and the French articles le, la, les,
 *   un, une, des, du, de go with the English ones (French answers quote English names, « The
 *   Beatles »). « à » folds to « a » and goes with the English article: « à Paris » = « Paris ».
 */
export function normalizeAnswer(text: string, language?: Language): string {
  if (language === "en") {
    const lowered = text.toLowerCase().replace(ASCII_PUNCTUATION, "");
    return collapseWhitespace(lowered.replace(ENGLISH_ARTICLES, " "));
  }
  const folded = foldAnswerAccents(text).replace(ELIDED_ARTICLES, " ").replace(ANY_PUNCTUATION, "");
  return collapseWhitespace(folded.replace(ALL_ARTICLES, " "));
}

/** The tokens that F1 counts: the normalised answer split on whitespace. */
export function answerTokens(text: string, language?: Language): string[] {
  const normalized = normalizeAnswer(text, language);
  return normalized ? normalized.split(" ") : [];
}

function collapseWhitespace(text: string): string {
  return text.split(/\s+/u).filter(Boolean).join(" ");
}
