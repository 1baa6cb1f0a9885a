import type { SearchResult } from "@atelier/knowledge";
import { describe, expect, it } from "vitest";
import { createKnowledgeSearchTool } from "./knowledge-search";
import type { ToolContext } from "./tool-definition";

const passage = (n: number, over: Partial<SearchResult> = {}): SearchResult => ({
  chunkId: `chunk-${n}`,
  documentId: `doc-${n}`,
  sourceId: "source-1",
  title: `Guide ${n}`,
  headingPath: ["Congés", "Congés payés"],
  page: n,
  language: "fr",
  text: `Chaque salarié bénéficie de ${n} semaines de congés.`,
  highlights: "",
  score: 10 - n,
  ...over,
});

type Retrieve = NonNullable<ToolContext["retrieve"]>;

function contextWith(retrieve?: Retrieve, over: Partial<ToolContext> = {}): ToolContext {
  return { userId: "u", assistantId: "a", conversationId: "c", signal: new AbortController().signal, retrieve, ...over };
}

describe("knowledge_search tool", () => {
  const tool = createKnowledgeSearchTool();

  it("passes the query, folder, language and limit to retrieve", async () => {
    const calls: Parameters<Retrieve>[] = [];
    const retrieve: Retrieve = async (...args) => {
      calls.push(args);
      return [];
    };
    await tool.run(tool.schema.parse({ query: "  congés payés ", folder: "RH/Congés", language: "fr", limit: 3 }), contextWith(retrieve));
    await tool.run(tool.schema.parse({ query: "leave" }), contextWith(retrieve));
    expect(calls).toEqual([
      ["congés payés", { limit: 3, folder: "RH/Congés", languages: ["fr"] }],
      ["leave", { limit: 5 }],
    ]);
  });

  it("refuses a limit above 10 and an empty query", () => {
    expect(tool.schema.safeParse({ query: "x", limit: 11 }).success).toBe(false);
    expect(tool.schema.safeParse({ query: "   " }).success).toBe(false);
  });

  it("formats passages with short references and returns them as citations", async () => {
    const long = "a".repeat(5000);
    const output = await tool.run(
      { query: "congés" },
      contextWith(async () => [passage(1), passage(2, { headingPath: [], page: null, text: long })]),
    );
    expect(output.content).toContain('2 passages found for "congés"');
    expect(output.content).toContain("[1] Guide 1 — Congés > Congés payés (page 1)\nChaque salarié bénéficie de 1 semaines de congés.");
    expect(output.content).toMatch(/\[2\] Guide 2\na{1999}…/);
    expect(output.content.length).toBeLessThan(2600);
    expect(output.citations).toEqual([
      { ref: 1, chunkId: "chunk-1", documentId: "doc-1", sourceId: "source-1", title: "Guide 1", headingPath: ["Congés", "Congés payés"], page: 1, excerpt: "Chaque salarié bénéficie de 1 semaines de congés." },
      expect.objectContaining({ ref: 2, chunkId: "chunk-2", page: null, headingPath: [] }),
    ]);
    expect(output.citations![1]!.excerpt).toHaveLength(600);
    expect(output.display).toEqual({ kind: "passages", citations: output.citations });
  });

  it("numbers passages with the answer's references when the context gives them", async () => {
    const refs = new Map<string, number>([["chunk-1", 1]]);
    const citationRef = (chunkId: string) => {
      if (!refs.has(chunkId)) refs.set(chunkId, refs.size + 1);
      return refs.get(chunkId)!;
    };
    const output = await tool.run({ query: "x" }, contextWith(async () => [passage(3), passage(1)], { citationRef }));
    expect(output.citations!.map((c) => [c.chunkId, c.ref])).toEqual([
      ["chunk-3", 2],
      ["chunk-1", 1],
    ]);
    expect(output.content).toContain("[2] Guide 3");
    expect(output.content).toContain("[1] Guide 1");
  });

  it("says that nothing was found without failing", async () => {
    const output = await tool.run({ query: "cantine", folder: "RH" }, contextWith(async () => []));
    expect(output.content).toMatch(/^Nothing was found for "cantine" in the folder "RH"/);
    expect(output.citations).toEqual([]);
  });

  it("is unavailable when the assistant has no retrieval", async () => {
    await expect(tool.run({ query: "x" }, contextWith(undefined))).rejects.toMatchObject({ code: "unavailable" });
  });
});
