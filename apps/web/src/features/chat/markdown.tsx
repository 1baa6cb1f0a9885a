import { Children, createElement, type ComponentProps, type ReactNode } from "react";
import Markdown, { type Components, type ExtraProps } from "react-markdown";
import remarkGfm from "remark-gfm";
import { splitRefs } from "./citation-refs";
import { CitationRef, useKnownRefs } from "./citations";

/**
 * Replaces the answer's references ("[1]", "[1][2]") in text children with reference buttons.
 * Only plain strings are touched (adjacent ones joined first, as Markdown may split text at
 * brackets); elements keep their own rendering, so nothing is ever parsed as HTML.
 */
function RefText({ children }: { children: ReactNode }) {
  const known = useKnownRefs();
  if (known.size === 0) return <>{children}</>;
  const merged: ReactNode[] = [];
  for (const child of Children.toArray(children)) {
    const previous = merged.at(-1);
    if (typeof child === "string" && typeof previous === "string") merged[merged.length - 1] = previous + child;
    else merged.push(child);
  }
  const out: ReactNode[] = [];
  merged.forEach((child, i) => {
    if (typeof child !== "string") {
      out.push(child);
      return;
    }
    splitRefs(child, known).forEach((part, j) => {
      out.push(typeof part === "string" ? part : <CitationRef key={`ref-${i}-${j}`} refNumber={part.ref} />);
    });
  });
  return <>{out}</>;
}

type TextTag = "p" | "li" | "td" | "th" | "strong" | "em" | "del" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6";

/** An element whose text may hold references. */
function withRefs(tag: TextTag) {
  return function WithRefs({ node: _node, children, ...props }: ComponentProps<TextTag> & ExtraProps) {
    return createElement(tag, props, <RefText>{children}</RefText>);
  };
}

const components: Components = {
  // Links from a model's answer leave the app and carry no trust.
  a: ({ node: _node, ...props }) => <a {...props} target="_blank" rel="noopener noreferrer nofollow" />,
  p: withRefs("p"),
  li: withRefs("li"),
  td: withRefs("td"),
  th: withRefs("th"),
  strong: withRefs("strong"),
  em: withRefs("em"),
  del: withRefs("del"),
  h1: withRefs("h1"),
  h2: withRefs("h2"),
  h3: withRefs("h3"),
  h4: withRefs("h4"),
  h5: withRefs("h5"),
  h6: withRefs("h6"),
};

/** Renders an assistant's answer. Raw HTML is never rendered (no rehype-raw). */
export function MarkdownContent({ text }: { text: string }) {
  return (
    <div className="markdown">
      <Markdown remarkPlugins={[remarkGfm]} components={components}>
        {text}
      </Markdown>
    </div>
  );
}
