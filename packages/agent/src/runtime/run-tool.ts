import type { AtelierTool, ToolContext, ToolOutput } from "../tools/tool-definition";

export type ToolRunOutcome =
  | { status: "ok"; output: ToolOutput; durationMs: number }
  | { status: "error"; message: string; durationMs: number }
  | { status: "timeout"; durationMs: number }
  /** The run was stopped (Stop, shutdown): the caller throws an AbortError. */
  | { status: "stopped"; durationMs: number };

function messageOf(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return typeof error === "string" && error ? error : "The tool failed without saying why.";
}

/**
 * Runs one tool call once (tools are never retried) with its own deadline: the tool gets a signal
 * aborted by Stop or by the timeout, and we stop waiting at that moment even if the tool ignores
 * its signal. Never rejects: failures come back as outcomes the model and the user can read.
 */
export async function runTool<Input>(args: {
  tool: AtelierTool<Input>;
  input: Input;
  context: Omit<ToolContext, "signal">;
  signal: AbortSignal;
  timeoutMs: number;
}): Promise<ToolRunOutcome> {
  const { tool, input, signal: runSignal } = args;
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  if (runSignal.aborted) return { status: "stopped", durationMs: 0 };
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new Error(`The tool ${tool.name} timed out.`)), args.timeoutMs);
  const signal = AbortSignal.any([runSignal, deadline.signal]);
  let onAbort: (() => void) | undefined;
  try {
    const output = await new Promise<ToolOutput>((resolve, reject) => {
      onAbort = () => reject(signal.reason);
      signal.addEventListener("abort", onAbort, { once: true });
      Promise.resolve()
        .then(() => tool.run(input, { ...args.context, signal }))
        .then(resolve, reject);
    });
    if (!output || typeof output.content !== "string") return { status: "error", message: `The tool ${tool.name} returned no content.`, durationMs: elapsed() };
    return { status: "ok", output, durationMs: elapsed() };
  } catch (error) {
    if (runSignal.aborted) return { status: "stopped", durationMs: elapsed() };
    if (deadline.signal.aborted) return { status: "timeout", durationMs: elapsed() };
    return { status: "error", message: messageOf(error), durationMs: elapsed() };
  } finally {
    clearTimeout(timer);
    if (onAbort) signal.removeEventListener("abort", onAbort);
  }
}
