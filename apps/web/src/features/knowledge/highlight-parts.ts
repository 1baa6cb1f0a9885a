/** A piece of a search snippet: marked (a matched word) or plain. */
export interface HighlightPart {
  text: string;
  marked: boolean;
}

const OPEN = "<mark>";
const CLOSE = "</mark>";

/**
 * Splits a snippet on the exact `<mark>`/`</mark>` markers the index writes. Everything else —
 * including any other tag-like text of the document — stays plain text, rendered as text by
 * React, never as HTML. An unclosed marker marks the rest of the snippet.
 */
export function splitHighlights(snippet: string): HighlightPart[] {
  const parts: HighlightPart[] = [];
  let rest = snippet;
  while (rest) {
    const open = rest.indexOf(OPEN);
    if (open === -1) {
      parts.push({ text: rest, marked: false });
      break;
    }
    if (open > 0) parts.push({ text: rest.slice(0, open), marked: false });
    rest = rest.slice(open + OPEN.length);
    const close = rest.indexOf(CLOSE);
    const marked = close === -1 ? rest : rest.slice(0, close);
    if (marked) parts.push({ text: marked, marked: true });
    rest = close === -1 ? "" : rest.slice(close + CLOSE.length);
  }
  return parts;
}
