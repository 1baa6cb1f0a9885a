import { describe, expect, it } from "vitest";
import { applyEvent, cellText, displayOf, emptyLiveAnswer, prettyArguments, toolStepsOf, type AnswerEvent } from "./live-answer";

const replay = (events: AnswerEvent[]) => events.reduce(applyEvent, emptyLiveAnswer);

describe("applyEvent", () => {
  it("appends tokens and replaces citations", () => {
    const citation = { ref: 1, chunkId: "c", documentId: "d", sourceId: "s", title: "Guide", headingPath: [], page: null, location: "", excerpt: "x" };
    const state = replay([
      { type: "token", text: "Hello " },
      { type: "token", text: "world" },
      { type: "citations", citations: [citation] },
    ]);
    expect(state.text).toBe("Hello world");
    expect(state.citations.map((c) => c.title)).toEqual(["Guide"]);
  });

  it("follows a tool call from the call to its result", () => {
    const running = replay([{ type: "tool_call", callId: "a", name: "calculator", arguments: { expression: "2+2" }, requiresApproval: false }]);
    expect(running.steps).toEqual([expect.objectContaining({ callId: "a", ok: null, approval: null })]);
    const done = applyEvent(running, { type: "tool_result", callId: "a", name: "calculator", ok: true, content: "4", durationMs: 3 });
    expect(done.steps[0]).toMatchObject({ ok: true, content: "4", durationMs: 3, error: null });
  });

  it("waits for approval, then records the decision and a refusal's error", () => {
    const waiting = replay([
      { type: "tool_call", callId: "t", name: "createTicket", arguments: { title: "Printer" }, requiresApproval: true },
      { type: "approval_required", callId: "t", name: "createTicket", arguments: { title: "Printer" } },
    ]);
    expect(waiting.steps[0]?.approval).toBe("pending");
    const refused = replay([
      { type: "tool_call", callId: "t", name: "createTicket", arguments: {}, requiresApproval: true },
      { type: "approval_required", callId: "t", name: "createTicket", arguments: {} },
      { type: "approval_resolved", callId: "t", approved: false },
      { type: "tool_result", callId: "t", name: "createTicket", ok: false, content: "Refused", error: "The user refused", durationMs: 0 },
    ]);
    expect(refused.steps[0]).toMatchObject({ approval: "refused", ok: false, error: "The user refused" });
  });

  it("gives the same state when events are replayed (a reconnection)", () => {
    const events: AnswerEvent[] = [
      { type: "tool_call", callId: "a", name: "calculator", arguments: {}, requiresApproval: false },
      { type: "tool_call", callId: "a", name: "calculator", arguments: {}, requiresApproval: false },
    ];
    expect(replay(events).steps).toHaveLength(1);
  });
});

describe("saved steps and displays", () => {
  it("reads saved tool steps and ignores malformed ones", () => {
    expect(toolStepsOf({ toolSteps: null })).toEqual([]);
    expect(toolStepsOf({ toolSteps: [{ callId: "a", name: "calculator" }, { nope: true }] })).toHaveLength(1);
  });

  it("checks displays", () => {
    expect(displayOf({ kind: "table", columns: ["a", 2], rows: [[1, null], "bad"], truncated: true })).toEqual({ kind: "table", columns: ["a", "2"], rows: [[1, null]], truncated: true });
    expect(displayOf({ kind: "text", text: "hi" })).toEqual({ kind: "text", text: "hi" });
    expect(displayOf({ kind: "passages", citations: [] })).toEqual({ kind: "passages", citations: [] });
    expect(displayOf({ kind: "video" })).toBeNull();
    expect(displayOf(undefined)).toBeNull();
  });

  it("formats cells and arguments", () => {
    expect(cellText(null)).toBe("");
    expect(cellText(3.5)).toBe("3.5");
    expect(cellText({ a: 1 })).toBe('{"a":1}');
    expect(prettyArguments({ a: 1 })).toBe('{\n  "a": 1\n}');
    expect(prettyArguments('{"a":1}')).toBe('{\n  "a": 1\n}');
    expect(prettyArguments("not json")).toBe("not json");
  });
});
