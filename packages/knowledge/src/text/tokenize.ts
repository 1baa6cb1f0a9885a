import { stemmer as englishStemmer } from "@orama/stemmers/english";
import { stemmer as frenchStemmer } from "@orama/stemmers/french";
import type { Language } from "../language";
import { ENGLISH_STOP_WORDS, FRENCH_STOP_WORDS } from "./stop-words";

const WORD = /[\p{L}\p{N}]+/gu;
const COMBINING_MARKS = /\p{M}+/gu;

/** Lower-cases and strips diacritics: « Été » → « ete ». Same folding as FTS5 `remove_diacritics 2`. */
export function foldAccents(text: string): string {
  return text.normalize("NFD").replace(COMBINING_MARKS, "").toLowerCase();
}

/** Splits text into folded words (letters and digits); apostrophes and punctuation separate words. */
export function words(text: string): string[] {
  return foldAccents(text).match(WORD) ?? [];
}

const STOP_WORDS: Record<Language, ReadonlySet<string>> = { fr: FRENCH_STOP_WORDS, en: ENGLISH_STOP_WORDS };
const STEM_CACHE: Record<Language, Map<string, string>> = { fr: new Map(), en: new Map() };
const STEMMERS: Record<Language, (word: string) => string> = { fr: frenchStemmer, en: englishStemmer };

export function isStopWord(word: string, language: Language): boolean {
  return STOP_WORDS[language].has(word);
}

/**
 * Stems an already folded word. Folding happens before stemming so that a query typed
 * without accents (« conges ») reaches exactly the same stem as the accented text (« congés »).
 */
export function stem(word: string, language: Language): string {
  // Numbers and very short words are kept as they are.
  if (word.length <= 2 || /^\p{N}+$/u.test(word)) return word;
  const cache = STEM_CACHE[language];
  let stemmed = cache.get(word);
  if (stemmed === undefined) {
    stemmed = STEMMERS[language](word);
    // Vocabulary is Zipfian: a bounded cache keeps the frequent words, cleared when full.
    if (cache.size >= 100_000) cache.clear();
    cache.set(word, stemmed);
  }
  return stemmed;
}

export interface AnalyzeOptions {
  /** Stem words with the language's stemmer (default true). */
  stemming?: boolean;
  /** Drop the language's stop words (default true). */
  stopWords?: boolean;
}

/** Text → index terms: fold, split, drop stop words, stem. Order is kept (duplicates too). */
export function analyze(text: string, language: Language, options: AnalyzeOptions = {}): string[] {
  const stemming = options.stemming ?? true;
  const dropStopWords = options.stopWords ?? true;
  const terms: string[] = [];
  for (const word of words(text)) {
    if (dropStopWords && isStopWord(word, language)) continue;
    terms.push(stemming ? stem(word, language) : word);
  }
  return terms;
}
