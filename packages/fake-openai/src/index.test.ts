import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAI, tokenize, type FakeOpenAI } from "./index";

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI({ models: ["m1", "m2"], apiKey: "k" });
});
afterAll(() => fake.close());

const post = (body: object, key = "k") =>
  fetch(`${fake.url}/chat/completions`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${key}` }, body: JSON.stringify(body) });

describe("the fake OpenAI-compatible server (test double)", () => {
  it("lists its models and checks the key", async () => {
    const ok = await fetch(`${fake.url}/models`, { headers: { authorization: "Bearer k" } });
    expect(((await ok.json()) as any).data.map((m: any) => m.id)).toEqual(["m1", "m2"]);
    expect((await fetch(`${fake.url}/models`)).status).toBe(401);
  });

  it("answers without streaming, with usage, echoing by default", async () => {
    const body: any = await (await post({ model: "m1", messages: [{ role: "user", content: "hello" }] })).json();
    expect(body.choices[0].message.content).toBe("You said: hello");
    expect(body.usage.completion_tokens).toBeGreaterThan(0);
  });

  it("streams a scripted reply as SSE chunks, then usage and [DONE]", async () => {
    fake.enqueue({ reply: "one two three" });
    const text = await (await post({ model: "m1", stream: true, stream_options: { include_usage: true }, messages: [{ role: "user", content: "x" }] })).text();
    const events = text.split("\n\n").filter(Boolean);
    expect(events.at(-1)).toBe("data: [DONE]");
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e.slice(6)));
    expect(chunks.map((c) => c.choices[0]?.delta?.content ?? "").join("")).toBe("one two three");
    expect(chunks.at(-1).usage.total_tokens).toBeGreaterThan(0);
    expect(tokenize("one two three")).toEqual(["one ", "two ", "three"]);
  });

  it("fails on demand and refuses unknown models", async () => {
    fake.enqueue({ status: 429 });
    expect((await post({ model: "m1", messages: [] })).status).toBe(429);
    expect((await post({ model: "nope", messages: [] })).status).toBe(404);
  });
});

describe("embeddings and tool calls", () => {
  it("returns deterministic, normalised embeddings where shared words mean similar vectors", async () => {
    const res = await fetch(`${fake.url}/embeddings`, { method: "POST", headers: { "content-type": "application/json", authorization: "Bearer k" }, body: JSON.stringify({ model: "m1", input: ["congé parental", "le congé parental", "server room"] }) });
    const { data } = (await res.json()) as any;
    const [a, b, c] = data.map((d: any) => d.embedding as number[]);
    const dot = (x: number[], y: number[]) => x.reduce((s, v, i) => s + v * y[i]!, 0);
    expect(a).toHaveLength(64);
    expect(dot(a, a)).toBeCloseTo(1, 6);
    expect(dot(a, b)).toBeGreaterThan(dot(a, c));
    expect(a).toEqual(((await (await fetch(`${fake.url}/embeddings`, { method: "POST", headers: { "content-type": "application/json", authorization: "Bearer k" }, body: JSON.stringify({ model: "m1", input: "congé parental" }) })).json()) as any).data[0].embedding);
  });

  it("answers with scripted tool calls, streamed or not", async () => {
    fake.enqueue({ toolCalls: [{ name: "calculator", arguments: { expression: "2+2" } }] });
    const plain: any = await (await post({ model: "m1", messages: [{ role: "user", content: "2+2?" }] })).json();
    expect(plain.choices[0]).toMatchObject({ finish_reason: "tool_calls", message: { tool_calls: [{ function: { name: "calculator", arguments: '{"expression":"2+2"}' } }] } });
    fake.enqueue({ toolCalls: [{ name: "calculator", arguments: { expression: "2+2" } }] });
    const text = await (await post({ model: "m1", stream: true, messages: [{ role: "user", content: "2+2?" }] })).text();
    const deltas = text.split("\n\n").filter((e) => e.startsWith("data: {")).map((e) => JSON.parse(e.slice(6)).choices[0]);
    expect(deltas.flatMap((d: any) => d.delta.tool_calls ?? []).map((t: any) => t.function.arguments).join("")).toBe('{"expression":"2+2"}');
    expect(deltas.at(-1).finish_reason).toBe("tool_calls");
  });
});
