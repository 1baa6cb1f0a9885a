import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeOpenAI } from "@atelier/fake-openai";
import { closedPort, codeOf, createHarness, dataOf, modelEndpoint } from "./harness";

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI({ models: ["fake-chat"], apiKey: "sk-test" });
});
afterAll(() => fake.close());

async function follow(api: any, messageId: string) {
  const events: any[] = [];
  const iterable = await api.chat.onMessage({ messageId });
  for await (const tracked of iterable) {
    const event = tracked[1]; // tracked(id, data) is an [id, data] tuple
    events.push(event);
    if (event.type === "done") break;
  }
  return events;
}

async function setup(config = {}) {
  const h = createHarness({ model: modelEndpoint(fake.url), ...config });
  const builder = await h.user("builder");
  const api = h.as(builder.jar);
  const assistant = await api.assistants.create({ name: "Helper", instructions: "You answer in one sentence.", visibility: "workspace" });
  return { h, builder, api, assistant };
}

describe("chat", () => {
  it("streams an answer token by token and keeps the conversation", async () => {
    const { api, assistant } = await setup();
    // A model writing at 20 tokens/s: every token reaches the subscriber as its own event.
    fake.enqueue({ reply: "Le congé parental dure jusqu'à trois ans.", chunkDelayMs: 50 });
    const sent = await api.chat.send({ assistantId: assistant.id, content: "Combien dure le congé parental ?" });
    const events = await follow(api, sent.assistantMessageId);
    const tokens = events.filter((e) => e.type === "token");
    expect(tokens.length).toBeGreaterThan(3);
    expect(events.at(-1)).toMatchObject({ type: "done", status: "done", content: "Le congé parental dure jusqu'à trois ans." });

    const convo = await api.chat.conversation({ id: sent.conversationId });
    expect(convo.title).toBe("Combien dure le congé parental ?");
    expect(convo.messages.map((m) => [m.role, m.status])).toEqual([["user", "done"], ["assistant", "done"]]);
    expect(convo.messages[1]).toMatchObject({ content: "Le congé parental dure jusqu'à trois ans.", assistantName: "Helper", model: "fake-chat" });
    expect((await api.chat.conversations()).map((c) => c.id)).toEqual([sent.conversationId]);
    // The request carried the assistant's instructions and the question.
    expect(fake.requests.at(-1)!.body.messages).toEqual([
      { role: "system", content: "You answer in one sentence." },
      { role: "user", content: "Combien dure le congé parental ?" },
    ]);
  });

  it("sends earlier turns as history in the same conversation", async () => {
    const { api, assistant } = await setup();
    fake.enqueue({ reply: "First answer." });
    const first = await api.chat.send({ assistantId: assistant.id, content: "First question" });
    await follow(api, first.assistantMessageId);
    fake.enqueue({ reply: "Second answer." });
    const second = await api.chat.send({ conversationId: first.conversationId, assistantId: assistant.id, content: "Second question" });
    await follow(api, second.assistantMessageId);
    expect(fake.requests.at(-1)!.body.messages.map((m: any) => m.content)).toEqual(["You answer in one sentence.", "First question", "First answer.", "Second question"]);
  });

  it("merges tokens that arrive faster than the send interval, without losing any", async () => {
    const { api, assistant } = await setup();
    const reply = Array.from({ length: 200 }, (_, i) => `t${i}`).join(" ");
    fake.enqueue({ reply });
    const sent = await api.chat.send({ assistantId: assistant.id, content: "burst" });
    const events = await follow(api, sent.assistantMessageId);
    const tokens = events.filter((e) => e.type === "token");
    expect(tokens.map((e) => e.text).join("")).toBe(reply);
    expect(tokens.length).toBeLessThan(50);
  });

  it("a late subscriber replays the whole answer", async () => {
    const { api, assistant } = await setup();
    fake.enqueue({ reply: "one two three" });
    const sent = await api.chat.send({ assistantId: assistant.id, content: "count" });
    await new Promise((r) => setTimeout(r, 200));
    const events = await follow(api, sent.assistantMessageId);
    expect(events.filter((e) => e.type === "token").map((e) => e.text).join("")).toBe("one two three");
  });

  it("a reconnecting subscriber resumes after the last event it saw", async () => {
    const { api, assistant } = await setup();
    fake.enqueue({ reply: "one two three four five" });
    const sent = await api.chat.send({ assistantId: assistant.id, content: "count" });
    await follow(api, sent.assistantMessageId);
    const events: any[] = [];
    for await (const tracked of await api.chat.onMessage({ messageId: sent.assistantMessageId, lastEventId: "2" })) {
      const event = (tracked as unknown as [string, any])[1];
      events.push(event);
      if (event.type === "done") break;
    }
    expect(events.filter((e) => e.type === "token").map((e) => e.text).join("")).toBe("four five");
    expect(events.at(-1)).toMatchObject({ type: "done", content: "one two three four five" });
  });

  it("Stop aborts the upstream model call and keeps the partial answer", async () => {
    const { api, assistant } = await setup();
    fake.enqueue({ reply: "word ".repeat(200), chunkDelayMs: 20 });
    const sent = await api.chat.send({ assistantId: assistant.id, content: "talk a lot" });
    const iterable = await api.chat.onMessage({ messageId: sent.assistantMessageId });
    let tokens = 0;
    let done: any;
    for await (const tracked of iterable) {
      const event = (tracked as any)[1];
      if (event.type === "token" && ++tokens === 5) expect((await api.chat.stop({ messageId: sent.assistantMessageId })).stopped).toBe(true);
      if (event.type === "done") { done = event; break; }
    }
    expect(done.status).toBe("stopped");
    expect(done.content.length).toBeGreaterThan(0);
    expect(done.content.length).toBeLessThan("word ".repeat(200).length);
    const upstream = fake.requests.at(-1)!;
    await upstream.finished;
    expect(upstream.aborted).toBe(true);
    const saved = (await api.chat.conversation({ id: sent.conversationId })).messages[1]!;
    expect(saved).toMatchObject({ status: "stopped", content: done.content });
  });

  it("nobody reads, follows, stops, renames or deletes another user's conversation", async () => {
    const { h, api, assistant } = await setup();
    const eve = await h.user("member");
    const admin = await h.setupAdmin().catch(() => null);
    fake.enqueue({ reply: "secret answer" });
    const sent = await api.chat.send({ assistantId: assistant.id, content: "my salary is 100k" });
    await follow(api, sent.assistantMessageId);
    const spy = h.as(eve.jar);
    expect(await codeOf(spy.chat.conversation({ id: sent.conversationId }))).toBe("NOT_FOUND");
    expect(await codeOf(follow(spy, sent.assistantMessageId))).toBe("NOT_FOUND");
    expect(await codeOf(spy.chat.stop({ messageId: sent.assistantMessageId }))).toBe("NOT_FOUND");
    expect(await codeOf(spy.chat.rename({ id: sent.conversationId, title: "pwned" }))).toBe("NOT_FOUND");
    expect(await codeOf(spy.chat.delete({ id: sent.conversationId }))).toBe("NOT_FOUND");
    expect(await codeOf(spy.chat.send({ conversationId: sent.conversationId, assistantId: assistant.id, content: "hi" }))).toBe("NOT_FOUND");
    expect(await spy.chat.conversations()).toEqual([]);
    expect(admin).toBeNull(); // setup already done: even admins have no path to other people's chats
    expect((await api.chat.conversation({ id: sent.conversationId })).title).toBe("my salary is 100k");
  });

  it("cannot chat with an assistant the user may not use", async () => {
    const { h, api } = await setup();
    const priv = await api.assistants.create({ name: "Private" });
    const other = await h.user("member");
    expect(await codeOf(h.as(other.jar).chat.send({ assistantId: priv.id, content: "hi" }))).toBe("NOT_FOUND");
  });

  it("says plainly when no model is configured, and saves nothing", async () => {
    const { api, assistant, h } = await setup({ model: null });
    const error = await api.chat.send({ assistantId: assistant.id, content: "hello?" }).catch((e) => e);
    expect(error.code).toBe("PRECONDITION_FAILED");
    expect(dataOf(error).appCode).toBe("model.not_configured");
    expect(await api.chat.conversations()).toEqual([]);
    expect(h.services.db.query.messages.findMany().sync()).toEqual([]);
  });

  it("refuses empty and oversized messages with a clear reason", async () => {
    const { api, assistant } = await setup({ maxMessageChars: 100 });
    const empty = await api.chat.send({ assistantId: assistant.id, content: "   " }).catch((e) => e);
    expect(empty.code).toBe("BAD_REQUEST");
    expect(dataOf(empty).fieldErrors?.content).toEqual(["Write a message first"]);
    const long = await api.chat.send({ assistantId: assistant.id, content: "x".repeat(101) }).catch((e) => e);
    expect(long.code).toBe("BAD_REQUEST");
    expect(long.message).toBe("Messages are limited to 100 characters.");
    expect(await api.chat.conversations()).toEqual([]);
  });

  it("a model server that is down gives a readable error saved with the answer; the question is kept", async () => {
    const port = await closedPort();
    const { api, assistant } = await setup({ model: modelEndpoint(`http://127.0.0.1:${port}/v1`) });
    const sent = await api.chat.send({ assistantId: assistant.id, content: "anyone there?" });
    const events = await follow(api, sent.assistantMessageId);
    expect(events.at(-1)).toMatchObject({ type: "done", status: "error", errorCode: "provider.unreachable" });
    expect(events.at(-1).error).toBe(`The model server at 127.0.0.1:${port} refused the connection. Is it running?`);
    const convo = await api.chat.conversation({ id: sent.conversationId });
    expect(convo.messages[0]).toMatchObject({ role: "user", content: "anyone there?" });
    expect(convo.messages[1]).toMatchObject({ status: "error", errorCode: "provider.unreachable" });
  });

  it("a model returning garbage gives a readable error", async () => {
    const { api, assistant } = await setup();
    fake.enqueue({ rawBody: "<html>502 Bad Gateway</html>" });
    const sent = await api.chat.send({ assistantId: assistant.id, content: "hello" });
    const events = await follow(api, sent.assistantMessageId);
    expect(events.at(-1)).toMatchObject({ status: "error", errorCode: "provider.bad_response" });
  });

  it("an answer left streaming by a crash reads as interrupted", async () => {
    const { api, assistant, h } = await setup();
    fake.enqueue({ reply: "done" });
    const sent = await api.chat.send({ assistantId: assistant.id, content: "q" });
    await follow(api, sent.assistantMessageId);
    const { messages } = await import("@atelier/db");
    const { eq } = await import("drizzle-orm");
    h.services.db.update(messages).set({ status: "streaming" }).where(eq(messages.id, "aaaaaaaaaaaaaaaaaaaa")).run();
    const { markInterruptedAnswers } = await import("../src");
    h.services.db.update(messages).set({ status: "streaming", content: "partial" }).where(eq(messages.id, sent.assistantMessageId)).run();
    expect(markInterruptedAnswers(h.services.db)).toBe(1);
    expect((await api.chat.conversation({ id: sent.conversationId })).messages[1]).toMatchObject({ status: "interrupted", content: "partial" });
  });

  it("renames and deletes a conversation", async () => {
    const { api, assistant } = await setup();
    fake.enqueue({ reply: "ok" });
    const sent = await api.chat.send({ assistantId: assistant.id, content: "q" });
    await follow(api, sent.assistantMessageId);
    await api.chat.rename({ id: sent.conversationId, title: "Renamed" });
    expect((await api.chat.conversations())[0]!.title).toBe("Renamed");
    await api.chat.delete({ id: sent.conversationId });
    expect(await codeOf(api.chat.conversation({ id: sent.conversationId }))).toBe("NOT_FOUND");
  });
});
