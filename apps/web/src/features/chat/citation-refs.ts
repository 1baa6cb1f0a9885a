/** A passage an answer quotes, as the server sends it (messages.citations, "citations" events). */
export interface Citation {
  /** 1-based, as written in the answer: [1]. */
  ref: number;
  chunkId: string;
  documentId: string;
  sourceId: string;
  title: string;
  headingPath: string[];
  page: number | null;
  /** Path or URL of the document. */
  location: string;
  excerpt: string;
}

export type RefPart = string | { ref: number };

/**
 * Splits answer text on its references ("[1]", "[1][2]") into text and reference parts. Only
 * numbers the answer has a citation for become references: any other "[3]" stays text.
 */
export function splitRefs(text: string, known: ReadonlySet<number>): RefPart[] {
  const parts: RefPart[] = [];
  let last = 0;
  for (const match of text.matchAll(/\[(\d{1,3})\]/g)) {
    const ref = Number(match[1]);
    if (!known.has(ref)) continue;
    if (match.index > last) parts.push(text.slice(last, match.index));
    parts.push({ ref });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

function isCitation(v: unknown): v is Citation {
  return (
    isRecord(v) &&
    typeof v.ref === "number" &&
    typeof v.documentId === "string" &&
    typeof v.title === "string" &&
    Array.isArray(v.headingPath) &&
    typeof v.excerpt === "string"
  );
}

/** The citations saved with a message row, when the API sends them; null otherwise. */
export function citationsOf(message: object): Citation[] | null {
  const value = (message as { citations?: unknown }).citations;
  if (!Array.isArray(value)) return null;
  return value.filter(isCitation).map((c) => ({ ...c, location: typeof c.location === "string" ? c.location : "", page: typeof c.page === "number" ? c.page : null }));
}

/** The location as a link target only when it is an http(s) URL; paths and other schemes are shown as text. */
export function safeHttpUrl(location: string): string | null {
  try {
    const url = new URL(location);
    return url.protocol === "http:" || url.protocol === "https:" ? url.toString() : null;
  } catch {
    return null;
  }
}
