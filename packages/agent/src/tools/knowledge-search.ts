import type { SearchResult } from "@atelier/knowledge";
import { z } from "zod";
import type { ReplyCitation } from "../stream-reply";
import { type AtelierTool, ToolError } from "./tool-definition";

export const MAX_PASSAGES = 10;
export const DEFAULT_PASSAGES = 5;
/** Characters of one passage given to the model; chunks are usually shorter. */
const MAX_PASSAGE_CHARS = 2000;
/** Characters of the excerpt shown with a citation. */
const MAX_EXCERPT_CHARS = 600;

function cut(text: string, max: number): string {
  const clean = text.trim();
  return clean.length <= max ? clean : `${clean.slice(0, max - 1).trimEnd()}…`;
}

/** "[2] Guide RH — Congés > Congés payés (page 4)" then the passage's text. */
export function formatPassage(ref: number, passage: SearchResult): string {
  const where = passage.headingPath.length > 0 ? ` — ${passage.headingPath.join(" > ")}` : "";
  const page = passage.page !== null ? ` (page ${passage.page})` : "";
  return `[${ref}] ${passage.title}${where}${page}\n${cut(passage.text, MAX_PASSAGE_CHARS)}`;
}

const knowledgeSearchInput = z.object({
  query: z.string().trim().min(1).max(500).describe("What to look for, in the words the documents would use."),
  folder: z.string().max(500).optional().describe("Only search the documents under this folder, e.g. \"RH/Congés\"."),
  language: z.enum(["fr", "en"]).optional().describe("Only search passages in this language."),
  limit: z.number().int().min(1).max(MAX_PASSAGES).optional().describe(`How many passages to return (default ${DEFAULT_PASSAGES}, at most ${MAX_PASSAGES}).`),
});
export type KnowledgeSearchInput = z.infer<typeof knowledgeSearchInput>;

export function createKnowledgeSearchTool(): AtelierTool<KnowledgeSearchInput> {
  return {
    name: "knowledge_search",
    description:
      "Searches the documents this assistant may use and returns the most relevant passages, each with a reference such as [1]. " +
      "Base factual answers on these passages and cite them with their reference; search again with other words when nothing fits.",
    schema: knowledgeSearchInput,
    requiresApproval: () => false,
    async run(input, context) {
      if (!context.retrieve) throw new ToolError("unavailable", "Knowledge search is not available for this assistant: it has no data sources.");
      const query = input.query.trim();
      const folder = input.folder?.trim() || undefined;
      const passages = await context.retrieve(query, {
        limit: Math.min(input.limit ?? DEFAULT_PASSAGES, MAX_PASSAGES),
        ...(folder ? { folder } : {}),
        ...(input.language ? { languages: [input.language] } : {}),
      });
      const scope = folder ? ` in the folder "${folder}"` : "";
      if (passages.length === 0) {
        const content = `Nothing was found for "${query}"${scope}. Say so rather than guessing, or search again with other words.`;
        return { content, display: { kind: "passages", citations: [] }, citations: [] };
      }
      const citations: ReplyCitation[] = passages.slice(0, MAX_PASSAGES).map((passage, index) => ({
        ref: context.citationRef?.(passage.chunkId) ?? index + 1,
        chunkId: passage.chunkId,
        documentId: passage.documentId,
        sourceId: passage.sourceId,
        title: passage.title,
        headingPath: passage.headingPath,
        page: passage.page,
        excerpt: cut(passage.text, MAX_EXCERPT_CHARS),
      }));
      const content = [
        `${citations.length} passage${citations.length === 1 ? "" : "s"} found for "${query}"${scope}. Cite them with their reference, e.g. [${citations[0]!.ref}].`,
        ...citations.map((citation, index) => formatPassage(citation.ref, passages[index]!)),
      ].join("\n\n");
      return { content, display: { kind: "passages", citations }, citations };
    },
  };
}
