import type { Language } from "../language";
import { foldAccents } from "../text/tokenize";

export type UnitKind = "sentence" | "list-item" | "table-row" | "heading";

/** A unit of text that can be quoted on its own: a sentence, a list item, a table line or a heading. */
export interface TextUnit {
  text: string;
  kind: UnitKind;
}

// Abbreviations after which a period never ends a sentence (folded, without the period).
const ALWAYS: Record<Language, ReadonlySet<string>> = {
  fr: new Set(
    `m mm mme mmes mlle mlles me mgr dr pr prof st ste cf env ex ibid av apr bd fg fbg vs
janv fevr avr juil oct nov dec etab dept cie sarl approx`.split(/\s+/),
  ),
  en: new Set(
    `mr mrs ms mx dr prof st mt ft jr sr sen rep gen col lt capt cmdr gov rev hon messrs vs cf approx
dept est inc ltd corp bros jan feb mar apr jun jul aug sep sept oct nov dec`.split(/\s+/),
  ),
};
// Abbreviations that only hold before a number: « p. 12 », « art. 3 », « no. 5 ».
const BEFORE_NUMBER = new Set(["p", "pp", "no", "nr", "n", "vol", "art", "ch", "chap", "fig", "al", "tab", "eq", "ca", "c"]);

const LIST_ITEM = /^\s*(?:[-*+•▪–]|\d{1,3}[.)]|[a-z]\))\s+\S/u;
const HEADING = /^\s{0,3}#{1,6}\s+\S/;
const TABLE_SEPARATOR = /^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$/;
// Sentence-final punctuation, closing quotes or brackets, then whitespace.
const BOUNDARY = /([.!?…]+)["»”’)\]]*(?=\s)/gu;
const OPENING = /^[\p{Lu}\p{N}«"“‘'([¿¡*_]/u;

function isTableRow(line: string): boolean {
  const pipes = line.split("|").length - 1;
  return line.trim().startsWith("|") ? pipes >= 2 : pipes >= 1 && / \| /.test(line);
}

/** Word right before the period at `end` (exclusive), e.g. « M » in « M. », « e.g » in « e.g. ». */
function wordBefore(text: string, end: number): string {
  let start = end;
  while (start > 0 && /[\p{L}\p{N}.'’-]/u.test(text[start - 1]!)) start--;
  return text.slice(start, end).replace(/^[.'’-]+/u, "");
}

function endsSentence(text: string, punctuation: string, punctuationStart: number, next: number, language: Language) {
  const rest = text.slice(next).trimStart();
  if (rest === "" || !OPENING.test(rest)) return false;
  if (punctuation !== ".") return true;
  const word = wordBefore(text, punctuationStart);
  const folded = foldAccents(word);
  if (folded === "") return true;
  // Initials (« J. Récamier », « G. W. Bush ») and dotted abbreviations (« e.g. », « J.-C. », « U.S. »).
  if (/^\p{Lu}$/u.test(word) || /[\p{L}]\.[\p{L}-]/u.test(word) || folded === "e.g" || folded === "i.e") return false;
  if (ALWAYS[language].has(folded)) return false;
  if (BEFORE_NUMBER.has(folded) && /^\p{N}/u.test(rest)) return false;
  return true;
}

/** Splits prose (no line structure) into sentences, verbatim and trimmed. */
function splitProse(text: string, language: Language): string[] {
  const sentences: string[] = [];
  let start = 0;
  for (const match of text.matchAll(BOUNDARY)) {
    const end = match.index + match[0].length;
    if (!endsSentence(text, match[1]!, match.index, end, language)) continue;
    const sentence = text.slice(start, end).trim();
    if (sentence !== "") sentences.push(sentence);
    start = end;
  }
  const last = text.slice(start).trim();
  if (last !== "") sentences.push(last);
  return sentences;
}

/**
 * Splits a passage into quotable units, in reading order. Lines keep their structure: a list
 * item, a table line or a Markdown heading is one unit; prose lines are joined (a PDF wraps
 * lines mid-sentence) unless a blank line separates them or a short line without final
 * punctuation stands before a capital (a title), then split into sentences. A period ends a
 * sentence only before a capital, a digit or an opening quote, and not after an initial
 * (« M. Dupont »), a dotted abbreviation (« e.g. », « J.-C. ») or a known abbreviation
 * (« Mme. », « St. », « p. 12 »); « etc. » ends one only when a capital follows.
 */
export function splitUnits(text: string, language: Language): TextUnit[] {
  const units: TextUnit[] = [];
  let prose: string[] = [];
  const flushProse = () => {
    if (prose.length === 0) return;
    for (const sentence of splitProse(prose.join(" "), language)) units.push({ text: sentence, kind: "sentence" });
    prose = [];
  };
  let lastItem: TextUnit | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "") {
      flushProse();
      lastItem = null;
      continue;
    }
    if (HEADING.test(raw)) {
      flushProse();
      units.push({ text: line, kind: "heading" });
      lastItem = null;
    } else if (LIST_ITEM.test(raw)) {
      flushProse();
      lastItem = { text: line, kind: "list-item" };
      units.push(lastItem);
    } else if (isTableRow(line)) {
      flushProse();
      if (!TABLE_SEPARATOR.test(line)) units.push({ text: line, kind: "table-row" });
      lastItem = null;
    } else if (lastItem && /^\s/.test(raw)) {
      // An indented line under a list item continues it.
      lastItem.text += ` ${line}`;
    } else {
      lastItem = null;
      const previous = prose.at(-1);
      if (previous && !/[.!?…:;,»")\]]$/u.test(previous) && /^\p{Lu}/u.test(line) && previous.split(/\s+/).length < 8) {
        flushProse();
      }
      prose.push(line);
    }
  }
  flushProse();
  return units;
}

/**
 * Sentences of a text, verbatim: robust to abbreviations (« M. », « Mme », « etc. », « e.g. »,
 * « i.e. », « St. »), decimals (« 3,5 % », « 3.5 »), and line structure (each list item or table
 * line is its own unit).
 */
export function splitSentences(text: string, language: Language): string[] {
  return splitUnits(text, language).map((u) => u.text);
}
