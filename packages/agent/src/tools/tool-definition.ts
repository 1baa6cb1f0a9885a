import type { SafeFetch, SearchResult } from "@atelier/knowledge";
import type { z } from "zod";
import type { ReplyCitation } from "../stream-reply";

/** What a tool may use at run time, injected by the API per answer (never read from globals). */
export interface ToolContext {
  userId: string;
  assistantId: string;
  conversationId: string;
  /** Aborted by Stop, by the per-tool timeout, or by the server shutting down. */
  signal: AbortSignal;
  /** Knowledge retrieval over the sources this assistant AND this user may use. */
  retrieve?: (query: string, options: { limit: number; folder?: string; languages?: ("fr" | "en")[] }) => Promise<SearchResult[]>;
  /** Read-only SQL over the tables attached to the assistant (see sql-query tool). */
  tables?: TableStore;
  /** HTTP through the private-address guard. */
  fetch?: SafeFetch;
  /** Decrypts a stored secret by its id (HTTP action auth); null when unknown. */
  secret?: (secretId: string) => string | null;
  now?: () => Date;
  /** IANA time zone of the user, e.g. "Europe/Paris". */
  timeZone?: string;
  /**
   * The short reference [n] of a passage in this answer, so that several knowledge_search calls
   * in one answer do not both use [1]: the same chunk keeps its number, a new chunk gets the next
   * one. When missing, each call numbers its passages 1, 2, 3…
   */
  citationRef?: (chunkId: string) => number;
}

/** A table an assistant can query: its SQL name and columns, for the tool description. */
export interface TableInfo {
  name: string;
  columns: { name: string; type: "INTEGER" | "REAL" | "TEXT" }[];
  rowCount: number;
  description?: string;
}

export interface TableStore {
  list(): TableInfo[];
  /** Runs one read-only SELECT with row and time limits; throws a ToolError on anything else. */
  query(sql: string, options: { maxRows: number; timeoutMs: number }): Promise<{ columns: string[]; rows: unknown[][]; truncated: boolean }>;
}

/** What a tool returns: text for the model, and optionally something the chat shows. */
export interface ToolOutput {
  /** Given back to the model (keep it compact). */
  content: string;
  /** Shown in the chat's tool step. */
  display?: { kind: "table"; columns: string[]; rows: unknown[][]; truncated: boolean } | { kind: "text"; text: string } | { kind: "passages"; citations: ReplyCitation[] };
  /** Passages the answer may cite with [n]. */
  citations?: ReplyCitation[];
}

/** A readable failure the model and the user see as the tool step's result; tools are never retried. */
export class ToolError extends Error {
  constructor(
    readonly code: "invalid_input" | "not_allowed" | "timeout" | "http_error" | "blocked_address" | "unavailable" | "too_large",
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** One tool: a name the model calls, a description, a zod schema for its arguments, and run. */
export interface AtelierTool<Input = unknown> {
  name: string;
  description: string;
  schema: z.ZodType<Input>;
  /** True when the user must approve this call before it runs (e.g. a non-GET HTTP action). */
  requiresApproval(input: Input): boolean;
  run(input: Input, context: ToolContext): Promise<ToolOutput>;
  /**
   * The description for one answer when it depends on the context (sql_query lists the tables the
   * assistant can query). Optional: bind tools with `describeTool(tool, context)`.
   */
  describe?(context: ToolContext): string;
}

/** The description to give the model for this answer: `describe(context)` when the tool has one. */
export function describeTool(tool: AtelierTool<any>, context: ToolContext): string {
  return tool.describe?.(context) ?? tool.description;
}
