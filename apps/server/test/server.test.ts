import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { pino } from "pino";
import { startFakeOpenAI, type FakeOpenAI } from "@atelier/fake-openai";
import { startAtelier, type RunningAtelier } from "../src/app";
import { readEnv } from "../src/env";
import { browserLikeClient, followAnswer } from "./client";

let fake: FakeOpenAI;
const dirs: string[] = [];
const running: RunningAtelier[] = [];
beforeAll(async () => {
  fake = await startFakeOpenAI({ models: ["fake-chat"] });
});
afterAll(async () => {
  await fake.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((a) => a.close()));
});

async function start(dataDir?: string, extra: Record<string, string> = {}) {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), "atelier-test-"));
  if (!dataDir) dirs.push(dir);
  const env = readEnv({ ATELIER_PORT: "0", ATELIER_DATA_DIR: dir, ATELIER_MODEL_BASE_URL: fake.url, ATELIER_MODEL_NAME: "fake-chat", ATELIER_MODEL_MAX_RETRIES: "0", ...extra }, []);
  const app = await startAtelier(env, pino({ level: "silent" }));
  running.push(app);
  return { app, dir, base: `http://127.0.0.1:${app.port}` };
}

async function setupWithAssistant(base: string) {
  const browser = browserLikeClient(base);
  await browser.client.auth.setup.mutate({ workspaceName: "ACME", name: "Ada", email: "ada@acme.test", password: "correct horse battery" });
  const assistant = await browser.client.assistants.create.mutate({ name: "Helper", visibility: "workspace" });
  return { browser, assistant };
}

describe("the HTTP server", () => {
  it("answers /healthz", async () => {
    const { base } = await start();
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
  });

  it("sets an httpOnly SameSite session cookie at setup and clears it at logout", async () => {
    const { base } = await start();
    const res = await fetch(`${base}/trpc/auth.setup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ json: { workspaceName: "ACME", name: "Ada", email: "ada@acme.test", password: "correct horse battery" } }),
    });
    expect(res.status).toBe(200);
    const cookie = res.headers.getSetCookie()[0]!;
    expect(cookie).toMatch(/^atelier_session=[\w-]{40,};/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    const out = await fetch(`${base}/trpc/auth.logout`, { method: "POST", headers: { "content-type": "application/json", cookie: cookie.split(";")[0]! }, body: "{}" });
    expect(out.headers.getSetCookie()[0]).toContain("Max-Age=0");
  });

  it("refuses cross-site POSTs", async () => {
    const { base } = await start();
    const res = await fetch(`${base}/trpc/auth.login`, { method: "POST", headers: { "content-type": "application/json", origin: "https://evil.example" }, body: "{}" });
    expect(res.status).toBe(403);
  });

  it("refuses bodies over the size limit", async () => {
    const { base } = await start(undefined, { ATELIER_MAX_MESSAGE_CHARS: "1000" });
    const res = await fetch(`${base}/trpc/auth.login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ json: { email: "a@b.c", password: "x".repeat(200_000) } }) });
    expect(res.status).toBe(413);
  });

  it("streams an answer over SSE, and the conversation survives a restart", async () => {
    const { base, dir, app } = await start();
    const { browser, assistant } = await setupWithAssistant(base);
    fake.enqueue({ reply: "Streaming over server-sent events works.", chunkDelayMs: 50 });
    const sent = await browser.client.chat.send.mutate({ assistantId: assistant.id, content: "Does streaming work?" });
    const { tokens, done } = await followAnswer(browser.client, sent.assistantMessageId);
    expect(tokens.length).toBeGreaterThan(3);
    expect(done).toMatchObject({ status: "done", content: "Streaming over server-sent events works." });

    await app.close();
    running.splice(running.indexOf(app), 1);
    const again = await start(dir);
    const client2 = browserLikeClient(`http://127.0.0.1:${again.app.port}`);
    for (const [k, v] of browser.jar) client2.jar.set(k, v); // same browser, same cookie
    const convo = await client2.client.chat.conversation.query({ id: sent.conversationId });
    expect(convo.messages.map((m) => m.content)).toEqual(["Does streaming work?", "Streaming over server-sent events works."]);
  });

  it("graceful shutdown ends in-flight streams cleanly and saves the partial answer", async () => {
    const { base, dir, app } = await start();
    const { browser, assistant } = await setupWithAssistant(base);
    fake.enqueue({ reply: "word ".repeat(300), chunkDelayMs: 10 });
    const sent = await browser.client.chat.send.mutate({ assistantId: assistant.id, content: "long answer please" });
    let closing: Promise<void> | null = null;
    const result = await followAnswer(browser.client, sent.assistantMessageId, (n) => {
      if (n === 5) closing = app.close();
    });
    await closing;
    running.splice(running.indexOf(app), 1);
    expect(result.done.status).toBe("interrupted");
    expect(result.done.content.length).toBeGreaterThan(0);
    const upstream = fake.requests.at(-1)!;
    await upstream.finished;
    expect(upstream.aborted).toBe(true);

    const again = await start(dir);
    const client2 = browserLikeClient(`http://127.0.0.1:${again.app.port}`);
    for (const [k, v] of browser.jar) client2.jar.set(k, v);
    const saved = (await client2.client.chat.conversation.query({ id: sent.conversationId })).messages[1]!;
    expect(saved.status).toBe("interrupted");
    expect(saved.content).toBe(result.done.content);
  });

  it("serves the web app with a SPA fallback and never files outside it", async () => {
    const { base } = await start();
    const deep = await fetch(`${base}/studio/does-not-exist`);
    expect([200, 503]).toContain(deep.status);
    const traversal = await fetch(`${base}/..%2f..%2fpackage.json`);
    const text = await traversal.text();
    expect(text).not.toContain('"name": "@atelier/server"');
    expect(deep.headers.get("x-frame-options")).toBe("DENY");
  });
});

describe("configuration", () => {
  it("lists every wrong value with a clear message", () => {
    expect(() => readEnv({ ATELIER_PORT: "abc", ATELIER_MODEL_BASE_URL: "not a url", ATELIER_SECURE_COOKIES: "maybe" }, [])).toThrowError(
      /ATELIER_PORT: must be a number \(got "abc"\)[\s\S]*ATELIER_SECURE_COOKIES: must be true or false[\s\S]*ATELIER_MODEL_BASE_URL: must be a URL/,
    );
  });

  it("needs a model name with a model URL", () => {
    expect(() => readEnv({ ATELIER_MODEL_BASE_URL: "http://localhost:11434/v1" }, [])).toThrowError(/ATELIER_MODEL_NAME: is required when ATELIER_MODEL_BASE_URL is set/);
  });

  it("has working defaults and the --demo-model flag", () => {
    const env = readEnv({}, ["--demo-model"]);
    expect(env.ATELIER_PORT).toBe(3000);
    expect(env.ATELIER_DATA_DIR).toMatch(/data$/);
    expect(env.ATELIER_DEMO_MODEL).toBe(true);
  });
});
