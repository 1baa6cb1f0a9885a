import { z } from "zod";
import { type AtelierTool, describeTool, type ToolContext } from "../tools/tool-definition";

/** The OpenAI function-calling definition of a tool, as `bindTools` accepts it. */
export interface OpenAIFunctionTool {
  type: "function";
  function: { name: string; description: string; parameters: Record<string, unknown> };
}

/**
 * Converts a tool's zod schema to the JSON Schema of its arguments (the input side: fields with
 * defaults are optional for the model). Types JSON Schema cannot express become "any".
 */
export function toOpenAITool(tool: AtelierTool<any>, context?: Omit<ToolContext, "signal">): OpenAIFunctionTool {
  const { $schema: _ignored, ...parameters } = z.toJSONSchema(tool.schema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  // Some descriptions depend on the context (sql_query lists the assistant's tables).
  const description = context ? describeTool(tool, { ...context, signal: new AbortController().signal }) : tool.description;
  return { type: "function", function: { name: tool.name, description, parameters } };
}
