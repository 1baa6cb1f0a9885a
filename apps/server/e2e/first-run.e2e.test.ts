/**
 * The newcomer's journey in a real browser (Debian's /usr/bin/chromium driven by playwright-core,
 * never a downloaded browser): first-run setup → create an assistant → chat → streamed answer →
 * reload → the history is still there.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { FakeOpenAI } from "@atelier/fake-openai";
import { completeSetup, runBrowserTests, startBrowserTest, type BrowserTest } from "./browser";

const shots = fileURLToPath(new URL("../test-results/", import.meta.url));

describe.skipIf(!runBrowserTests)("first run in a browser", () => {
  let browserTest: BrowserTest;
  let fake: FakeOpenAI;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    // A model configured through the environment, as an operator would (ATELIER_MODEL_BASE_URL).
    browserTest = await startBrowserTest({ name: "first-run", model: "environment" });
    ({ fake, page, base } = browserTest);
  }, 60_000);

  afterAll(() => browserTest?.close());

  it("sets up the workspace, builds an assistant and chats with it", async () => {
    await page.goto(base);
    await page.getByTestId("setup-workspace").waitFor();
    await completeSetup(page, { screenshot: join(shots, "01-setup.png") });

    await page.getByTestId("nav-studio").click();
    await page.getByTestId("new-assistant").first().click();
    // The form refuses an empty name and says so.
    await page.getByTestId("assistant-save").click();
    await expect.poll(() => page.getByTestId("field-error").count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(shots, "02-studio-validation.png") });
    await page.getByTestId("assistant-name").fill("HR policy assistant");
    await page.getByTestId("assistant-description").fill("Answers questions about leave and benefits");
    await page.getByTestId("assistant-instructions").fill("Answer from the HR policy. Be brief.");
    await page.getByTestId("assistant-save").click();
    await page.getByTestId("nav-studio").click();
    await page.getByTestId("assistant-card").filter({ hasText: "HR policy assistant" }).waitFor();

    fake.enqueue({ reply: "Parental leave lasts **up to three years** in total.", chunkDelayMs: 60 });
    await page.getByTestId("nav-chat").click();
    await page.getByTestId("new-conversation").click();
    await page.getByTestId("pick-assistant").filter({ hasText: "HR policy assistant" }).click();
    await page.getByTestId("chat-input").fill("How long is parental leave?");
    await page.getByTestId("chat-send").click();

    const answer = page.getByTestId("message-assistant").last();
    // Tokens arrive while the answer is still streaming: partial text, Stop button visible.
    await expect.poll(async () => (await answer.getAttribute("data-status")) === "streaming" && (await answer.innerText()).trim().length > 0, { timeout: 10_000 }).toBe(true);
    await page.screenshot({ path: join(shots, "03-chat-streaming.png") });
    await expect.poll(() => answer.getAttribute("data-status"), { timeout: 15_000 }).toBe("done");
    expect(await answer.innerText()).toContain("up to three years");
    expect(await answer.locator("strong").innerText()).toBe("up to three years");
    await page.screenshot({ path: join(shots, "04-chat-done.png") });

    await page.reload();
    await page.getByTestId("message-user").first().waitFor();
    expect(await page.getByTestId("message-user").first().innerText()).toContain("How long is parental leave?");
    expect(await page.getByTestId("message-assistant").last().innerText()).toContain("up to three years");
    expect(await page.getByTestId("conversation-item").count()).toBe(1);
    await page.screenshot({ path: join(shots, "05-after-reload.png") });
  }, 90_000);

  it("Stop ends a long answer and keeps what was written", async () => {
    fake.enqueue({ reply: "blah ".repeat(400), chunkDelayMs: 30 });
    await page.getByTestId("chat-input").fill("Tell me everything");
    await page.getByTestId("chat-send").click();
    const answer = page.getByTestId("message-assistant").last();
    await expect.poll(async () => (await answer.innerText()).includes("blah"), { timeout: 10_000 }).toBe(true);
    await page.getByTestId("chat-stop").click();
    await expect.poll(() => answer.getAttribute("data-status"), { timeout: 10_000 }).toBe("stopped");
    const upstream = fake.requests.at(-1)!;
    await upstream.finished;
    expect(upstream.aborted).toBe(true);
  }, 60_000);

  it("shows a not-found page for unknown routes and ids", async () => {
    await page.goto(`${base}/chat/aaaaaaaaaaaaaaaaaaaa`);
    await expect.poll(async () => /not found|introuvable/i.test(await page.innerText("body")), { timeout: 10_000 }).toBe(true);
    await page.goto(`${base}/no/such/page`);
    await expect.poll(async () => /not found|introuvable/i.test(await page.innerText("body")), { timeout: 10_000 }).toBe(true);
    await page.screenshot({ path: join(shots, "06-not-found.png") });
  }, 30_000);
});
