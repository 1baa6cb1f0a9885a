import { type FakeOpenAI, startFakeOpenAI } from "@atelier/fake-openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { ModelTarget } from "../model-endpoint";
import { openAICompatibleModel } from "../stream-reply";
import type { AtelierTool } from "../tools/tool-definition";
import { type AgentEvent, runAgent } from "./run-agent";

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI({ models: ["fake-chat"], apiKey: "sk-test" });
});
afterAll(() => fake.close());

const model = () => openAICompatibleModel({ baseUrl: fake.url, apiKey: "sk-test", model: "fake-chat", temperature: 0, maxOutputTokens: 200 });
const target = (): ModelTarget => ({ label: new URL(fake.url).host, modelName: "fake-chat", firstTokenTimeoutMs: 3000, totalTimeoutMs: 5000, maxRetries: 0 });
const toolContext = { userId: "u1", assistantId: "a1", conversationId: "c1" };

const lookups: unknown[] = [];
const lookupEmployee: AtelierTool<{ name: string; fields?: string[] }> = {
  name: "lookup_employee",
  description: "Finds an employee in the directory.",
  schema: z.object({ name: z.string(), fields: z.array(z.string()).optional() }),
  requiresApproval: () => false,
  run: async (input) => {
    lookups.push(input);
    return { content: `${input.name}: office 4.12, extension 5521.` };
  },
};

describe("runAgent through an OpenAI-compatible server", () => {
  it("does a real tool-call round trip: the second request carries the tool message", async () => {
    const before = fake.requests.length;
    fake.enqueue({ toolCalls: [{ name: "lookup_employee", arguments: { name: "Léa Dubois", fields: ["office", "phone"] } }] }, { reply: "Léa Dubois is in office 4.12." });
    const events: AgentEvent[] = [];
    for await (const e of runAgent({ model: model(), target: target(), system: "You help with the directory.", history: [{ role: "user", content: "Where is Léa?" }], tools: [lookupEmployee], toolContext, signal: new AbortController().signal })) events.push(e);

    expect(lookups).toEqual([{ name: "Léa Dubois", fields: ["office", "phone"] }]);
    expect(events.find((e) => e.type === "tool_call")).toMatchObject({ callId: "call_0", name: "lookup_employee", arguments: { name: "Léa Dubois", fields: ["office", "phone"] } });
    expect(events.find((e) => e.type === "tool_result")).toMatchObject({ callId: "call_0", ok: true, content: "Léa Dubois: office 4.12, extension 5521." });
    expect(events.filter((e) => e.type === "token").map((e) => (e as { text: string }).text).join("")).toBe("Léa Dubois is in office 4.12.");
    const done = events.at(-1)!;
    expect(done).toMatchObject({ type: "done", steps: 2, usage: { tokensEstimated: false } });

    const [first, second] = fake.requests.slice(before);
    expect(fake.requests.length - before).toBe(2);
    expect(first!.body.stream).toBe(true);
    expect(first!.body.tools).toEqual([
      { type: "function", function: expect.objectContaining({ name: "lookup_employee", description: "Finds an employee in the directory.", parameters: expect.objectContaining({ type: "object", required: ["name"] }) }) },
    ]);
    const messages: any[] = second!.body.messages;
    expect(messages.map((m) => m.role)).toEqual(["system", "user", "assistant", "tool"]);
    expect(messages[2].tool_calls).toEqual([
      expect.objectContaining({ id: "call_0", type: "function", function: expect.objectContaining({ name: "lookup_employee" }) }),
    ]);
    expect(JSON.parse(messages[2].tool_calls[0].function.arguments)).toEqual({ name: "Léa Dubois", fields: ["office", "phone"] });
    expect(messages[3]).toMatchObject({ role: "tool", tool_call_id: "call_0", content: "Léa Dubois: office 4.12, extension 5521." });
  });

  it("cancels the upstream request when stopped while the model streams", async () => {
    const before = fake.requests.length;
    fake.enqueue({ reply: "one two three four five six seven eight nine ten eleven twelve", chunkDelayMs: 60 });
    const stop = new AbortController();
    const tokens: string[] = [];
    const started = performance.now();
    let error: any;
    try {
      for await (const e of runAgent({ model: model(), target: target(), system: "", history: [{ role: "user", content: "Count." }], tools: [lookupEmployee], toolContext, signal: stop.signal })) {
        if (e.type === "token") {
          tokens.push(e.text);
          if (tokens.length === 2) stop.abort();
        }
      }
    } catch (e) {
      error = e;
    }
    expect(error?.name).toBe("AbortError");
    expect(tokens).toEqual(["one ", "two "]);
    expect(performance.now() - started).toBeLessThan(600); // the whole answer would take 12 × 60 ms
    const request = fake.requests[before]!;
    await request.finished;
    expect(request.aborted).toBe(true);
  });
});
