import type { Language } from "../language";
import { foldAccents, stem } from "../text/tokenize";

export interface HighlightOptions {
  open?: string;
  close?: string;
  /** Words of context kept around the matches. Default 32. */
  windowWords?: number;
}

const WORD = /[\p{L}\p{N}]+/gu;

/**
 * Snippet of `text` around its densest run of matches, each matching word wrapped in markers.
 * A word matches when its analysed form (folded, stemmed with the chunk's language) is one of
 * `terms`, so « congés » is marked for the query « conge ».
 */
export function highlight(
  text: string,
  terms: ReadonlySet<string>,
  language: Language,
  stemming: boolean,
  options: HighlightOptions = {},
): string {
  const open = options.open ?? "<mark>";
  const close = options.close ?? "</mark>";
  const window = options.windowWords ?? 32;
  const tokens: { start: number; end: number; hit: boolean }[] = [];
  for (const m of text.matchAll(WORD)) {
    const folded = foldAccents(m[0]);
    const term = stemming ? stem(folded, language) : folded;
    tokens.push({ start: m.index, end: m.index + m[0].length, hit: terms.has(term) });
  }
  if (tokens.length === 0) return "";
  // Window of `window` words with the most hits.
  let best = 0;
  let bestHits = -1;
  let hits = 0;
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i]!.hit) hits++;
    if (i >= window && tokens[i - window]!.hit) hits--;
    if (hits > bestHits) {
      bestHits = hits;
      best = Math.max(0, i - window + 1);
    }
  }
  const first = best;
  const last = Math.min(tokens.length, best + window) - 1;
  let out = first > 0 ? "…" : "";
  let cursor = first > 0 ? tokens[first]!.start : 0;
  for (let i = first; i <= last; i++) {
    const t = tokens[i]!;
    if (!t.hit) continue;
    out += text.slice(cursor, t.start) + open + text.slice(t.start, t.end) + close;
    cursor = t.end;
  }
  const end = last < tokens.length - 1 ? tokens[last]!.end : text.length;
  out += text.slice(cursor, end);
  if (end < text.length) out += "…";
  return out;
}
