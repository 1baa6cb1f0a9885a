import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeOpenAI } from "@atelier/fake-openai";
import { openAICompatibleModel, streamReply, type ChatTurn, type ReplyEvent } from "./stream-reply";
import { ProviderError } from "./provider-error";
import { hostOf, type ModelEndpoint } from "./model-endpoint";

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI({ models: ["fake-chat"], apiKey: "sk-test" });
});
afterAll(() => fake.close());

const endpoint = (over: Partial<ModelEndpoint> = {}): ModelEndpoint => ({
  baseUrl: fake.url,
  apiKey: "sk-test",
  model: "fake-chat",
  firstTokenTimeoutMs: 5000,
  totalTimeoutMs: 10000,
  maxRetries: 2,
  ...over,
});
const settings = { instructions: "Be brief.", model: "fake-chat", temperature: 0, maxOutputTokens: 100 };

/** streamReply through the real OpenAI-compatible client. */
function reply(args: { endpoint: ModelEndpoint; settings: typeof settings; history: ChatTurn[]; signal: AbortSignal }) {
  const { endpoint, settings: s } = args;
  return streamReply({
    model: openAICompatibleModel({ baseUrl: endpoint.baseUrl, apiKey: endpoint.apiKey, model: s.model, temperature: s.temperature, maxOutputTokens: s.maxOutputTokens }),
    target: { label: hostOf(endpoint.baseUrl), modelName: s.model, firstTokenTimeoutMs: endpoint.firstTokenTimeoutMs, totalTimeoutMs: endpoint.totalTimeoutMs, maxRetries: endpoint.maxRetries },
    instructions: s.instructions,
    history: args.history,
    signal: args.signal,
  });
}

async function collect(gen: AsyncGenerator<ReplyEvent>) {
  const events: ReplyEvent[] = [];
  for await (const e of gen) events.push(e);
  return events;
}

async function failure(gen: AsyncGenerator<ReplyEvent>): Promise<any> {
  try {
    await collect(gen);
  } catch (error) {
    return error;
  }
  throw new Error("expected the stream to fail");
}

describe("streamReply through an OpenAI-compatible server", () => {
  it("streams the answer token by token and reports usage", async () => {
    fake.enqueue({ reply: "Bonjour, je suis là pour aider." });
    const events = await collect(reply({ endpoint: endpoint(), settings, history: [{ role: "user", content: "Salut" }], signal: new AbortController().signal }));
    const tokens = events.filter((e) => e.type === "token").map((e) => (e as any).text);
    expect(tokens.length).toBeGreaterThan(3);
    expect(tokens.join("")).toBe("Bonjour, je suis là pour aider.");
    const done = events.at(-1)!;
    expect(done.type).toBe("done");
    if (done.type === "done") {
      expect(done.usage.outputTokens).toBeGreaterThan(0);
      expect(done.usage.inputTokens).toBeGreaterThan(0);
      expect(done.usage.firstTokenMs).not.toBeNull();
    }
    const request = fake.requests.at(-1)!;
    expect(request.body.messages[0]).toMatchObject({ role: "system", content: "Be brief." });
    expect(request.body.stream).toBe(true);
  });

  it("names a refused connection", async () => {
    const { createServer } = await import("node:net");
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const error = await failure(reply({ endpoint: endpoint({ baseUrl: `http://127.0.0.1:${port}/v1`, maxRetries: 0 }), settings, history: [{ role: "user", content: "x" }], signal: new AbortController().signal }));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.code).toBe("unreachable");
    expect(error.message).toBe(`The model server at 127.0.0.1:${port} refused the connection. Is it running?`);
  });

  it("reports a wrong API key without echoing it", async () => {
    const error = await failure(reply({ endpoint: endpoint({ apiKey: "sk-wrong-secret" }), settings, history: [{ role: "user", content: "x" }], signal: new AbortController().signal }));
    expect(error.code).toBe("auth");
    expect(error.message).not.toContain("sk-wrong-secret");
  });

  it("reports an unknown model", async () => {
    const error = await failure(reply({ endpoint: endpoint(), settings: { ...settings, model: "gpt-nope" }, history: [{ role: "user", content: "x" }], signal: new AbortController().signal }));
    expect(error.code).toBe("unknown_model");
    expect(error.message).toContain("gpt-nope");
  });

  it("retries a 429 before the first token, then succeeds", async () => {
    const before = fake.requests.length;
    fake.enqueue({ status: 429 }, { reply: "ok now" });
    const events = await collect(reply({ endpoint: endpoint(), settings, history: [{ role: "user", content: "x" }], signal: new AbortController().signal }));
    expect(events.filter((e) => e.type === "token").map((e: any) => e.text).join("")).toBe("ok now");
    expect(fake.requests.length - before).toBe(2);
  });

  it("gives up on repeated 500s after the configured retries", async () => {
    const before = fake.requests.length;
    fake.enqueue({ status: 500 }, { status: 500 }, { status: 500 });
    const error = await failure(reply({ endpoint: endpoint({ maxRetries: 2 }), settings, history: [{ role: "user", content: "x" }], signal: new AbortController().signal }));
    expect(error.code).toBe("server_error");
    expect(fake.requests.length - before).toBe(3);
  });

  it("does not retry once tokens have been streamed", async () => {
    const before = fake.requests.length;
    fake.enqueue({ reply: "one two three four five", dropAfterChunks: 2 });
    const events: ReplyEvent[] = [];
    let error: any;
    try {
      for await (const e of reply({ endpoint: endpoint(), settings, history: [{ role: "user", content: "x" }], signal: new AbortController().signal })) events.push(e);
    } catch (e) {
      error = e;
    }
    expect(events.length).toBeGreaterThanOrEqual(1);
    expect(error).toBeInstanceOf(ProviderError);
    expect(fake.requests.length - before).toBe(1);
  });

  it("reports a stream that is not JSON", async () => {
    fake.enqueue({ reply: "a b c", garbageAfterChunks: 1 });
    const error = await failure(reply({ endpoint: endpoint(), settings, history: [{ role: "user", content: "x" }], signal: new AbortController().signal }));
    expect(error.code).toBe("bad_response");
  });

  it("times out a server that never answers, naming the delay", async () => {
    fake.enqueue({ headerDelayMs: 3000 });
    const error = await failure(reply({ endpoint: endpoint({ firstTokenTimeoutMs: 300, maxRetries: 0 }), settings, history: [{ role: "user", content: "x" }], signal: new AbortController().signal }));
    expect(error.code).toBe("timeout");
    expect(error.message).toMatch(/did not answer within 0\.3 s/);
  });

  it("aborting stops the upstream HTTP request", async () => {
    fake.enqueue({ reply: "slow ".repeat(50), chunkDelayMs: 50 });
    const controller = new AbortController();
    const seen: string[] = [];
    let error: any;
    try {
      for await (const e of reply({ endpoint: endpoint(), settings, history: [{ role: "user", content: "x" }], signal: controller.signal })) {
        if (e.type === "token") seen.push(e.text);
        if (seen.length === 3) controller.abort();
      }
    } catch (e) {
      error = e;
    }
    expect(error?.name).toBe("AbortError");
    const request = fake.requests.at(-1)!;
    await request.finished;
    expect(request.aborted).toBe(true);
  });
});
