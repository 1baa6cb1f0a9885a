import { words } from "./text/tokenize";
import { ENGLISH_STOP_WORDS, FRENCH_STOP_WORDS } from "./text/stop-words";

export type Language = "fr" | "en";
export const LANGUAGES: readonly Language[] = ["fr", "en"];

export interface LanguageGuess {
  language: Language;
  /** Share of stop-word hits that voted for the chosen language, 0.5 (a coin toss) to 1. */
  confidence: number;
}

// Words that are stop words in both lists ("a", "on", "ne"...) carry no signal.
const FRENCH_ONLY = new Set([...FRENCH_STOP_WORDS].filter((w) => !ENGLISH_STOP_WORDS.has(w)));
const ENGLISH_ONLY = new Set([...ENGLISH_STOP_WORDS].filter((w) => !FRENCH_STOP_WORDS.has(w)));

/**
 * Guesses French or English from stop-word frequency; accented letters typical of French
 * break ties. Text with no signal at all falls back to `fallback`.
 */
export function detectLanguage(text: string, fallback: Language = "en"): LanguageGuess {
  let fr = 0;
  let en = 0;
  for (const word of words(text)) {
    if (FRENCH_ONLY.has(word)) fr++;
    else if (ENGLISH_ONLY.has(word)) en++;
  }
  // Letters that English text almost never carries.
  const frenchLetters = text.match(/[éèêàùçœâîôû]/giu)?.length ?? 0;
  fr += Math.min(frenchLetters, 3) * 0.5;
  if (fr === en) return { language: fallback, confidence: 0.5 };
  const language: Language = fr > en ? "fr" : "en";
  return { language, confidence: Math.max(fr, en) / (fr + en) };
}
