import { citationsOf, type Citation } from "./citation-refs";

/** One tool call of an answer: saved with the message (toolSteps) or followed live. */
export interface ToolStep {
  callId: string;
  name: string;
  arguments: unknown;
  requiresApproval: boolean;
  /** "pending" only while the user's decision is awaited (live). */
  approval: "pending" | "approved" | "refused" | null;
  /** null while the tool runs (or waits for approval). */
  ok: boolean | null;
  content: string | null;
  display?: unknown;
  error?: string | null;
  durationMs: number | null;
}

/** The events of `chat.onMessage` this module reads (the server's ChatEvent). */
export type AnswerEvent =
  | { type: "token"; text: string }
  | { type: "citations"; citations: unknown[] }
  | { type: "tool_call"; callId: string; name: string; arguments: unknown; requiresApproval: boolean }
  | { type: "approval_required"; callId: string; name: string; arguments: unknown }
  | { type: "approval_resolved"; callId: string; approved: boolean }
  | { type: "tool_result"; callId: string; name: string; ok: boolean; content: string; display?: unknown; durationMs: number; error?: string }
  | { type: "done" };

/** What is known of an answer while it is being written. */
export interface LiveAnswer {
  text: string;
  citations: Citation[];
  steps: ToolStep[];
}

export const emptyLiveAnswer: LiveAnswer = { text: "", citations: [], steps: [] };

function updateStep(steps: ToolStep[], callId: string, change: (step: ToolStep) => ToolStep): ToolStep[] {
  return steps.map((s) => (s.callId === callId ? change(s) : s));
}

function newStep(callId: string, name: string, args: unknown, requiresApproval: boolean): ToolStep {
  return { callId, name, arguments: args, requiresApproval, approval: null, ok: null, content: null, durationMs: null };
}

/**
 * Folds one streamed event into the answer. Events replayed after a reconnection are applied
 * again from the start, so every case is written to give the same state when repeated in order.
 */
export function applyEvent(state: LiveAnswer, event: AnswerEvent): LiveAnswer {
  switch (event.type) {
    case "token":
      return { ...state, text: state.text + event.text };
    case "citations":
      return { ...state, citations: citationsOf(event) ?? [] };
    case "tool_call":
      if (state.steps.some((s) => s.callId === event.callId)) return state;
      return { ...state, steps: [...state.steps, newStep(event.callId, event.name, event.arguments, event.requiresApproval)] };
    case "approval_required": {
      const known = state.steps.some((s) => s.callId === event.callId);
      const steps = known ? state.steps : [...state.steps, newStep(event.callId, event.name, event.arguments, true)];
      return { ...state, steps: updateStep(steps, event.callId, (s) => (s.approval === null ? { ...s, approval: "pending" } : s)) };
    }
    case "approval_resolved":
      return { ...state, steps: updateStep(state.steps, event.callId, (s) => ({ ...s, approval: event.approved ? "approved" : "refused" })) };
    case "tool_result": {
      const known = state.steps.some((s) => s.callId === event.callId);
      const steps = known ? state.steps : [...state.steps, newStep(event.callId, event.name, undefined, false)];
      return {
        ...state,
        steps: updateStep(steps, event.callId, (s) => ({
          ...s,
          ok: event.ok,
          content: event.content,
          display: event.display,
          error: event.error ?? null,
          durationMs: event.durationMs,
        })),
      };
    }
    default:
      return state;
  }
}

/** Tool steps as saved with a message (the API sends `unknown`-typed JSON); [] when absent. */
export function toolStepsOf(message: { toolSteps?: unknown }): ToolStep[] {
  if (!Array.isArray(message.toolSteps)) return [];
  return message.toolSteps.filter((s): s is ToolStep => typeof s === "object" && s !== null && typeof (s as ToolStep).callId === "string" && typeof (s as ToolStep).name === "string");
}

export type ToolDisplay =
  | { kind: "table"; columns: string[]; rows: unknown[][]; truncated: boolean }
  | { kind: "text"; text: string }
  | { kind: "passages"; citations: Citation[] };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

/** A tool result's display, checked (it is JSON from the server); null when absent or unknown. */
export function displayOf(display: unknown): ToolDisplay | null {
  if (!isRecord(display)) return null;
  if (display.kind === "table" && Array.isArray(display.columns) && Array.isArray(display.rows)) {
    return {
      kind: "table",
      columns: display.columns.map(String),
      rows: display.rows.filter(Array.isArray),
      truncated: display.truncated === true,
    };
  }
  if (display.kind === "text" && typeof display.text === "string") return { kind: "text", text: display.text };
  if (display.kind === "passages") return { kind: "passages", citations: citationsOf(display) ?? [] };
  return null;
}

/** A table cell as text: numbers and strings as they are, other values as JSON, null as empty. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  return JSON.stringify(value);
}

/** Tool arguments as indented JSON (a string argument that is itself JSON is shown parsed). */
export function prettyArguments(args: unknown): string {
  if (args === undefined) return "";
  if (typeof args === "string") {
    try {
      return JSON.stringify(JSON.parse(args), null, 2);
    } catch {
      return args;
    }
  }
  return JSON.stringify(args, null, 2) ?? "";
}
