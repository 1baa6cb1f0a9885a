import { createHash } from "node:crypto";
import { estimateTokens } from "./tokens";

export type BlockKind = "heading" | "paragraph" | "table" | "list";

/** One block of a parsed document, in reading order. */
export interface DocumentBlock {
  kind: BlockKind;
  text: string;
  /** Heading level, 1 for the top level; only for headings (defaults to 1). */
  level?: number;
  /** Page number (1-based) where the block starts, when the format has pages. */
  page?: number;
}

export interface Chunk {
  /** Stable: hash of document id, heading path, ordinal within the section and text. */
  id: string;
  documentId: string;
  headingPath: string[];
  /** Ordinal of the chunk within its section (same heading path). */
  ordinal: number;
  page: number | null;
  text: string;
  tokenCount: number;
}

export interface ChunkOptions {
  /** Token budget of a chunk (estimated, see estimateTokens). Default 300. */
  maxTokens?: number;
  /** Tokens of the previous chunk of the same section repeated at the start of the next. Default 40. */
  overlapTokens?: number;
}

export const DEFAULT_MAX_TOKENS = 300;
export const DEFAULT_OVERLAP_TOKENS = 40;

interface Piece {
  text: string;
  page: number | null;
  tokens: number;
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

export function chunkId(documentId: string, headingPath: string[], ordinal: number, text: string): string {
  return sha256([documentId, headingPath.join("\u001f"), String(ordinal), sha256(text)].join("\u0000")).slice(0, 32);
}

/** Splits text that is over budget: by lines (tables, lists), then sentences, then words. */
function splitOversized(text: string, maxTokens: number): string[] {
  if (estimateTokens(text) <= maxTokens) return [text];
  const separators: RegExp[] = [/\n+/, /(?<=[.!?;:])\s+/, /\s+/];
  for (const separator of separators) {
    const parts = text.split(separator).filter((p) => p.trim() !== "");
    if (parts.length < 2) continue;
    const joiner = separator.source === "\\n+" ? "\n" : " ";
    const out: string[] = [];
    let current = "";
    let currentTokens = 0;
    for (const part of parts) {
      // Whitespace joins add no token, so counts add up.
      const tokens = estimateTokens(part);
      if (current !== "" && currentTokens + tokens > maxTokens) {
        out.push(current);
        current = part;
        currentTokens = tokens;
      } else {
        current = current === "" ? part : current + joiner + part;
        currentTokens += tokens;
      }
    }
    if (current !== "") out.push(current);
    return out.flatMap((p) => splitOversized(p, maxTokens));
  }
  // A single "word" longer than the budget (a URL, a hash): cut by characters.
  const size = maxTokens * 6;
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

/** The last ~`tokens` tokens of a text, cut at a word boundary. */
function tail(text: string, tokens: number): string {
  if (tokens <= 0) return "";
  const parts = text.split(/\s+/);
  let taken = 0;
  let i = parts.length;
  while (i > 0) {
    const cost = estimateTokens(parts[i - 1]!);
    if (taken + cost > tokens) break;
    taken += cost;
    i--;
  }
  return parts.slice(i).join(" ");
}

/**
 * Structure-aware chunking: blocks are grouped by heading path (a heading closes the section
 * of its level and deeper ones), packed into token-bounded chunks that never cross a heading,
 * with overlap between consecutive chunks of one section. Ordinals restart at each section so
 * that an edit in one section does not change the ids of the others.
 */
export function chunkDocument(documentId: string, blocks: DocumentBlock[], options: ChunkOptions = {}): Chunk[] {
  const maxTokens = options.maxTokens ?? DEFAULT_MAX_TOKENS;
  const overlapTokens = Math.min(options.overlapTokens ?? DEFAULT_OVERLAP_TOKENS, Math.floor(maxTokens / 2));
  const chunks: Chunk[] = [];
  const ordinals = new Map<string, number>();
  let headings: { level: number; text: string }[] = [];
  let section: Piece[] = [];

  const flush = () => {
    if (section.length === 0) return;
    const headingPath = headings.map((h) => h.text);
    const key = headingPath.join("\u001f");
    let current: Piece[] = [];
    let currentTokens = 0;
    let overlap = "";
    let overlapCost = 0;
    const emit = () => {
      const body = current.map((p) => p.text).join("\n\n");
      const text = overlap === "" ? body : `${overlap} ${body}`;
      const ordinal = ordinals.get(key) ?? 0;
      ordinals.set(key, ordinal + 1);
      chunks.push({
        id: chunkId(documentId, headingPath, ordinal, text),
        documentId,
        headingPath,
        ordinal,
        page: current[0]!.page,
        text,
        tokenCount: overlapCost + currentTokens,
      });
      overlap = tail(body, overlapTokens);
      overlapCost = estimateTokens(overlap);
      current = [];
      currentTokens = 0;
    };
    for (const piece of section) {
      const budget = maxTokens - overlapCost;
      if (current.length > 0 && currentTokens + piece.tokens > budget) emit();
      current.push(piece);
      currentTokens += piece.tokens;
    }
    if (current.length > 0) emit();
    section = [];
  };

  for (const block of blocks) {
    const text = block.text.trim();
    if (text === "") continue;
    if (block.kind === "heading") {
      flush();
      const level = block.level ?? 1;
      headings = [...headings.filter((h) => h.level < level), { level, text }];
      continue;
    }
    // Leave room for the overlap so that a chunk stays within the budget.
    for (const part of splitOversized(text, maxTokens - overlapTokens)) {
      section.push({ text: part, page: block.page ?? null, tokens: estimateTokens(part) });
    }
  }
  flush();
  return chunks;
}
