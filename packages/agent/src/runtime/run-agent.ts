import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { AIMessage, type BaseMessage, SystemMessage, ToolMessage } from "@langchain/core/messages";
import { z } from "zod";
import { countTokens } from "../count-tokens";
import type { ModelTarget } from "../model-endpoint";
import { ProviderError } from "../provider-error";
import { type ChatTurn, type ReplyCitation, type ReplyUsage, toLangChainMessages } from "../stream-reply";
import type { AtelierTool, ToolContext, ToolOutput } from "../tools/tool-definition";
import { CitationRegistry, rewriteRefs } from "./citations";
import { abortError, type ChatRunnable, callModel, type ToolCallDraft } from "./model-call";
import { runTool, type ToolRunOutcome } from "./run-tool";
import { type OpenAIFunctionTool, toOpenAITool } from "./tool-schema";

/** What the runtime streams while an assistant answers; errors are thrown, not streamed. */
export type AgentEvent =
  | { type: "token"; text: string }
  | { type: "tool_call"; callId: string; name: string; arguments: unknown; requiresApproval: boolean }
  | { type: "approval_required"; callId: string; name: string; arguments: unknown }
  | { type: "tool_result"; callId: string; name: string; ok: boolean; content: string; display?: ToolOutput["display"]; durationMs: number; error?: string }
  /** The whole list each time it grows; refs are unique across the answer. */
  | { type: "citations"; citations: ReplyCitation[] }
  | { type: "done"; usage: ReplyUsage; steps: number };

export interface AgentRunInput {
  /** Must support bindTools when tools are given. */
  model: BaseChatModel;
  /** Timeouts, retries and the label errors name (see model-endpoint.ts). */
  target: ModelTarget;
  /** From assemblePrompt. */
  system: string;
  history: ChatTurn[];
  tools: AtelierTool<any>[];
  toolContext: Omit<ToolContext, "signal">;
  signal: AbortSignal;
  /** The prompt's passages (assemblePrompt's citations): announced first, tools' passages are numbered after them. */
  citations?: ReplyCitation[];
  /** Model calls with tools; default 6. When the last one still asks for tools, they run and the model is called once more WITHOUT tools to conclude. */
  maxSteps?: number;
  /** Per tool call, default 20 s; a tool that takes longer gets tool_result ok:false "timed out", never retried. */
  toolTimeoutMs?: number;
  /** Called when a tool needs approval; resolves true (approved) or false (refused). The runtime waits (the API resolves it from the user's click, or false on timeout). */
  approve?: (call: { callId: string; name: string; arguments: unknown }) => Promise<boolean>;
}

export const DEFAULT_MAX_STEPS = 6;
export const DEFAULT_TOOL_TIMEOUT_MS = 20_000;
export const REFUSED_CONTENT = "The user refused this action.";
const CONCLUDE_NOTE =
  "You have used all the tool calls available for this answer. Answer now with the information gathered so far, without calling any tool; if it is not enough, say what is missing.";

interface PreparedCall {
  callId: string;
  name: string;
  /** As the model sent them (parsed JSON, or the raw text when it is not JSON). */
  arguments: unknown;
  tool: AtelierTool<any> | undefined;
  /** The arguments validated by the tool's schema. */
  input: unknown;
  /** Why the call cannot run (unknown tool, invalid arguments); told to the model. */
  problem: string | null;
  requiresApproval: boolean;
}

interface ToolResult {
  ok: boolean;
  /** For the model's ToolMessage and the tool_result event. */
  content: string;
  display?: ToolOutput["display"];
  error?: string;
  durationMs: number;
}

function seconds(ms: number) {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function prepareCall(draft: ToolCallDraft, callId: string, tools: Map<string, AtelierTool<any>>): PreparedCall {
  const raw = draft.args.trim();
  let parsed: unknown;
  let problem: string | null = null;
  try {
    parsed = raw ? JSON.parse(raw) : {};
  } catch {
    parsed = draft.args;
    problem = `The arguments are not valid JSON: ${raw.slice(0, 200)}`;
  }
  const tool = tools.get(draft.name);
  let input: unknown;
  if (!tool) {
    problem = `There is no tool named "${draft.name}". The tools are: ${[...tools.keys()].join(", ") || "none"}.`;
  } else if (!problem) {
    const result = tool.schema.safeParse(parsed);
    if (result.success) input = result.data;
    else problem = `Invalid arguments for ${tool.name}: ${z.prettifyError(result.error)}`;
  }
  let requiresApproval = false;
  if (tool && !problem) {
    try {
      requiresApproval = tool.requiresApproval(input);
    } catch {
      requiresApproval = true; // when in doubt, ask
    }
  }
  return { callId, name: draft.name, arguments: parsed, tool, input, problem, requiresApproval };
}

/** Waits for the user's decision; Stop wins. A missing or failing approve function refuses. */
function decide(approve: AgentRunInput["approve"], call: PreparedCall, signal: AbortSignal): Promise<boolean> {
  if (!approve) return Promise.resolve(false);
  return new Promise<boolean>((resolve, reject) => {
    if (signal.aborted) return reject(abortError());
    const onAbort = () => reject(abortError());
    signal.addEventListener("abort", onAbort, { once: true });
    Promise.resolve()
      .then(() => approve({ callId: call.callId, name: call.name, arguments: call.arguments }))
      .then((approved) => resolve(approved === true), () => resolve(false))
      .finally(() => signal.removeEventListener("abort", onAbort));
  });
}

function resultOf(call: PreparedCall, outcome: Exclude<ToolRunOutcome, { status: "stopped" }>, timeoutMs: number): ToolResult {
  switch (outcome.status) {
    case "ok":
      return { ok: true, content: outcome.output.content, display: outcome.output.display, durationMs: outcome.durationMs };
    case "timeout": {
      const error = `The tool ${call.name} timed out after ${seconds(timeoutMs)}.`;
      return { ok: false, content: `Error: ${error}`, error, durationMs: outcome.durationMs };
    }
    case "error":
      return { ok: false, content: `Error: ${outcome.message}`, error: outcome.message, durationMs: outcome.durationMs };
  }
}

function estimateInput(messages: BaseMessage[], tools: OpenAIFunctionTool[] | null): number {
  const parts = messages.map((m) => {
    const content = typeof m.content === "string" ? m.content : JSON.stringify(m.content);
    const calls = (m as AIMessage).tool_calls?.length ? JSON.stringify((m as AIMessage).tool_calls) : "";
    return content + calls;
  });
  if (tools?.length) parts.push(JSON.stringify(tools));
  return countTokens(parts.join("\n"));
}

/**
 * Answers with an assistant's tools: calls the model with the tools bound, streams its text,
 * runs the tools it asks for (after the user's approval when a tool requires it, in parallel,
 * each once with its own timeout), gives the results back and loops until the model answers
 * without tools or the step budget is spent. Throws a ProviderError when the model fails and an
 * error named "AbortError" as soon as `signal` aborts (during the model call, an approval or a tool).
 */
export async function* runAgent(input: AgentRunInput): AsyncGenerator<AgentEvent> {
  const { model, target, signal } = input;
  const started = performance.now();
  const maxSteps = Math.max(1, Math.floor(input.maxSteps ?? DEFAULT_MAX_STEPS));
  const toolTimeoutMs = input.toolTimeoutMs ?? DEFAULT_TOOL_TIMEOUT_MS;
  const toolsByName = new Map(input.tools.map((tool) => [tool.name, tool]));
  const definitions = input.tools.length ? input.tools.map((tool) => toOpenAITool(tool, input.toolContext)) : null;
  let withTools: ChatRunnable | null = null;
  if (definitions) {
    if (typeof model.bindTools !== "function") {
      throw new ProviderError("not_configured", `The model "${target.modelName}" at ${target.label} cannot call tools. Choose another model or remove the assistant's tools.`);
    }
    withTools = model.bindTools(definitions) as ChatRunnable;
  }
  const conversation: BaseMessage[] = toLangChainMessages("", input.history);
  const citations = new CitationRegistry(input.citations);
  // The answer owns the numbering of passages: tools that can ask for a chunk's ref get it here.
  const toolContext: Omit<ToolContext, "signal"> = { ...input.toolContext, citationRef: (chunkId) => citations.refFor(chunkId) };
  const usedIds = new Set<string>();
  let inputTokens = 0;
  let outputTokens = 0;
  let tokensEstimated = false;
  let firstTokenMs: number | null = null;
  let lastChar = "";
  let steps = 0;

  if (signal.aborted) throw abortError();
  if (citations.size) yield { type: "citations", citations: citations.all() };

  for (;;) {
    const concluding = withTools === null || steps >= maxSteps;
    const system = concluding && withTools !== null ? `${input.system.trim()}\n\n${CONCLUDE_NOTE}`.trim() : input.system;
    const messages = system.trim() ? [new SystemMessage(system), ...conversation] : [...conversation];
    const runnable = concluding ? model : withTools!;
    const call = callModel({ model: runnable, messages, target, signal });
    let separated = false;
    let next = await call.next();
    while (!next.done) {
      let text = next.value;
      // Text of a previous step ("Let me look that up.") and this step's must not run together.
      if (!separated && steps > 0 && lastChar && !/\s/.test(lastChar)) text = `\n\n${text}`;
      separated = true;
      firstTokenMs ??= Math.round(performance.now() - started);
      lastChar = text.at(-1) ?? lastChar;
      yield { type: "token", text };
      next = await call.next();
    }
    const answer = next.value;
    steps++;
    // A model called without tools may still invent calls: they are ignored.
    const drafts = concluding ? [] : answer.toolCalls.filter((d) => d.name || d.args);
    if (answer.inputTokens === null || answer.outputTokens === null) tokensEstimated = true;
    inputTokens += answer.inputTokens ?? estimateInput(messages, concluding ? null : definitions);
    outputTokens += answer.outputTokens ?? countTokens(answer.text + drafts.map((d) => d.name + d.args).join(""));
    if (drafts.length === 0) break;

    const calls = drafts.map((draft, i) => {
      let id = draft.id || `call_${steps}_${i}`;
      while (usedIds.has(id)) id = `${id}_${steps}`;
      usedIds.add(id);
      return prepareCall(draft, id, toolsByName);
    });
    conversation.push(new AIMessage({ content: answer.text, tool_calls: calls.map((c) => ({ id: c.callId, name: c.name, args: isPlainObject(c.arguments) ? c.arguments : {}, type: "tool_call" as const })) }));
    for (const c of calls) yield { type: "tool_call", callId: c.callId, name: c.name, arguments: c.arguments, requiresApproval: c.requiresApproval };

    const results = new Map<string, ToolResult>();
    const toRun: PreparedCall[] = [];
    const immediate: PreparedCall[] = [];
    for (const c of calls) {
      if (c.problem) {
        results.set(c.callId, { ok: false, content: `Error: ${c.problem}`, error: c.problem, durationMs: 0 });
        immediate.push(c);
        continue;
      }
      if (c.requiresApproval) {
        yield { type: "approval_required", callId: c.callId, name: c.name, arguments: c.arguments };
        if (!(await decide(input.approve, c, signal))) {
          results.set(c.callId, { ok: false, content: REFUSED_CONTENT, error: REFUSED_CONTENT, durationMs: 0 });
          immediate.push(c);
          continue;
        }
      }
      toRun.push(c);
    }
    if (signal.aborted) throw abortError();
    const running = new Map(
      toRun.map((c) => [c.callId, runTool({ tool: c.tool!, input: c.input, context: toolContext, signal, timeoutMs: toolTimeoutMs }).then((outcome) => ({ c, outcome }))]),
    );
    for (const c of immediate) {
      const r = results.get(c.callId)!;
      yield { type: "tool_result", callId: c.callId, name: c.name, ok: r.ok, content: r.content, durationMs: r.durationMs, error: r.error };
    }
    // Results in the order they arrive: a slow tool does not hold back a fast one's.
    while (running.size) {
      const { c, outcome } = await Promise.race(running.values());
      running.delete(c.callId);
      if (outcome.status === "stopped" || signal.aborted) throw abortError();
      const result = resultOf(c, outcome, toolTimeoutMs);
      let grew = false;
      if (outcome.status === "ok" && outcome.output.citations?.length) {
        const absorbed = citations.absorb(outcome.output.citations);
        grew = absorbed.grew;
        result.content = rewriteRefs(result.content, absorbed.map);
        if (result.display?.kind === "passages") {
          result.display = { ...result.display, citations: result.display.citations.map((p) => ({ ...p, ref: absorbed.map.get(p.ref) ?? p.ref })) };
        } else if (result.display?.kind === "text") {
          result.display = { ...result.display, text: rewriteRefs(result.display.text, absorbed.map) };
        }
      }
      results.set(c.callId, result);
      yield { type: "tool_result", callId: c.callId, name: c.name, ok: result.ok, content: result.content, display: result.display, durationMs: result.durationMs, error: result.error };
      if (grew) yield { type: "citations", citations: citations.all() };
    }
    for (const c of calls) {
      const r = results.get(c.callId)!;
      conversation.push(new ToolMessage({ content: r.content, tool_call_id: c.callId, name: c.name, status: r.ok ? "success" : "error" }));
    }
    if (signal.aborted) throw abortError();
  }

  yield {
    type: "done",
    usage: { inputTokens, outputTokens, tokensEstimated, latencyMs: Math.round(performance.now() - started), firstTokenMs },
    steps,
  };
}
