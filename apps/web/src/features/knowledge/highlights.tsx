import { splitHighlights } from "./highlight-parts";

/**
 * A search snippet with its matched words in <mark>. The snippet is split on the exact markers
 * and rendered as React text and <mark> elements: nothing of the document is parsed as HTML.
 */
export function Highlights({ snippet }: { snippet: string }) {
  return (
    <>
      {splitHighlights(snippet).map((part, i) =>
        part.marked ? (
          <mark key={i} className="rounded-sm bg-warning/35 px-0.5 text-foreground">
            {part.text}
          </mark>
        ) : (
          <span key={i}>{part.text}</span>
        ),
      )}
    </>
  );
}
