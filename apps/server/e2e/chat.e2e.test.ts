/**
 * The chat in a real browser (Debian's /usr/bin/chromium driven by playwright-core, never a
 * downloaded browser), with the scripted demo model: the Atelier Guide answers with a citation →
 * trace drawer → thumbs down with a correction that survives a reload → regenerate → edit and
 * resend → search the conversations → @mention an assistant made in the Studio, whose answer is
 * labelled with its name. Then tool steps live (calculator), an approval refused, and a file
 * attached to a conversation that the answer quotes.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { FakeOpenAI } from "@atelier/fake-openai";
import { completeSetup, runBrowserTests, startBrowserTest, trpc, type BrowserTest } from "./browser";

const shots = fileURLToPath(new URL("../test-results/chat/", import.meta.url));

const HELPDESK_SPEC = `
openapi: 3.0.3
info: { title: Helpdesk, version: "1.0" }
servers:
  - url: https://helpdesk.example/api
paths:
  /tickets:
    post:
      operationId: createTicket
      summary: Open a support ticket
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              properties:
                title: { type: string }
                priority: { type: string, enum: [low, high] }
              required: [title]
      responses:
        "201": { description: Created }
`;

describe.skipIf(!runBrowserTests)("the chat in a browser", () => {
  let browserTest: BrowserTest;
  let fake: FakeOpenAI;
  let page: Page;
  let filesDir: string;
  let base: string;
  let conversationUrl = "";

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    // The demo model, as `--demo-model` starts it; tests queue tool calls in front of its script.
    browserTest = await startBrowserTest({ name: "chat" });
    ({ fake, page, base } = browserTest);
    filesDir = mkdtempSync(join(tmpdir(), "atelier-e2e-chat-files-"));
  }, 60_000);

  afterAll(async () => {
    await browserTest?.close();
    if (filesDir) rmSync(filesDir, { recursive: true, force: true });
  });

  const lastAnswer = () => page.getByTestId("message-assistant").last();
  const waitDone = () => expect.poll(() => lastAnswer().getAttribute("data-status"), { timeout: 20_000 }).toBe("done");

  it("answers from the guide with a citation, explains it, takes feedback, regenerates, edits, searches and @mentions", async () => {
    await page.goto(base);
    await completeSetup(page);
    await page.getByTestId("new-conversation").waitFor();

    // The guide's documentation is indexed in the background after setup.
    await expect
      .poll(
        async () => {
          const sources = await trpc<{ name: string; chunkCount: number; activeJob: unknown }[]>(page, "knowledge.sources");
          const guide = sources.find((s) => s.name === "Atelier documentation");
          return !!guide && guide.chunkCount > 0 && !guide.activeJob;
        },
        { timeout: 60_000, interval: 500 },
      )
      .toBe(true);

    // The Atelier Guide (built-in engine) answers with a citation.
    await page.getByTestId("pick-assistant").filter({ hasText: "Atelier Guide" }).click();
    await page.getByTestId("chat-input").fill("How do I connect a folder?");
    await page.getByTestId("chat-send").click();
    await page.waitForURL(/\/chat\/[^/]+$/);
    conversationUrl = page.url();
    await waitDone();
    await lastAnswer().getByTestId("citation-ref").first().waitFor();
    expect(await lastAnswer().getByTestId("message-assistant-name").innerText()).toContain("Atelier Guide");
    await page.screenshot({ path: join(shots, "01-guide-answer.png") });

    // The trace drawer: the built-in model and the passages used.
    await lastAnswer().getByTestId("trace-open").click();
    const drawer = page.getByTestId("trace-drawer");
    await drawer.getByTestId("trace-passage").first().waitFor();
    expect(await drawer.getByTestId("trace-model").innerText()).toMatch(/Built-in/);
    expect(await drawer.getByTestId("trace-version").innerText()).toMatch(/draft|v\d+/);
    expect(await drawer.getByTestId("trace-passage").count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(shots, "02-trace-drawer.png") });
    await page.keyboard.press("Escape");
    await drawer.waitFor({ state: "detached" });

    // Thumbs down with what was wrong and the right answer.
    await lastAnswer().getByTestId("feedback-down").click();
    await page.getByTestId("feedback-comment").fill("It does not say where the folder must be.");
    await page.getByTestId("feedback-correction").fill("Ask an administrator to allow the folder in ATELIER_FOLDER_ROOTS, then add a Server folder source.");
    await page.screenshot({ path: join(shots, "03-feedback-form.png") });
    await page.getByTestId("feedback-submit").click();
    await expect.poll(() => lastAnswer().getByTestId("feedback-state").getAttribute("data-rating")).toBe("down");

    // After a reload the rating is still there, and the trace shows it.
    await page.reload();
    await lastAnswer().getByTestId("feedback-down").waitFor();
    expect(await lastAnswer().getByTestId("feedback-down").getAttribute("aria-pressed")).toBe("true");
    await lastAnswer().getByTestId("trace-open").click();
    await expect.poll(async () => (await page.getByTestId("trace-feedback").innerText()).includes("ATELIER_FOLDER_ROOTS")).toBe(true);
    await page.keyboard.press("Escape");

    // Regenerate: a new answer replaces the rated one.
    const rated = await lastAnswer().getAttribute("data-message-id");
    await lastAnswer().getByTestId("message-regenerate").click();
    await expect.poll(() => lastAnswer().getAttribute("data-message-id")).not.toBe(rated);
    await waitDone();
    await expect.poll(() => lastAnswer().getByTestId("feedback-down").getAttribute("aria-pressed")).toBe("false");
    expect(await page.getByTestId("message-assistant").count()).toBe(1);

    // Edit the question and resend: the question and its answer are replaced.
    await page.getByTestId("message-user").first().hover();
    await page.getByTestId("message-edit").click();
    await page.getByTestId("message-edit-input").fill("How do I add a server folder as a knowledge source?");
    await page.screenshot({ path: join(shots, "04-edit-question.png") });
    await page.getByTestId("message-edit-send").click();
    await expect.poll(() => page.getByTestId("message-user").first().innerText()).toContain("server folder as a knowledge source");
    await waitDone();
    expect(await page.getByTestId("message-user").count()).toBe(1);
    expect(await page.getByTestId("message-assistant").count()).toBe(1);

    // A second conversation, then search the list.
    await page.getByTestId("new-conversation").click();
    await page.getByTestId("pick-assistant").filter({ hasText: "Atelier Guide" }).click();
    await page.getByTestId("chat-input").fill("What is the sovereignty label of a model?");
    await page.getByTestId("chat-send").click();
    await page.waitForURL((url) => url.toString() !== conversationUrl && /\/chat\/[^/]+$/.test(url.pathname) && !url.pathname.endsWith("/new"));
    await waitDone();
    await expect.poll(() => page.getByTestId("conversation-item").count()).toBe(2);
    await page.getByTestId("conversation-search").fill("server folder");
    await expect.poll(() => page.getByTestId("conversation-item").count()).toBe(1);
    expect(await page.getByTestId("conversation-item").innerText()).toMatch(/folder/i);
    await page.screenshot({ path: join(shots, "05-search.png") });
    await page.getByTestId("conversation-search").fill("quantum zebra");
    await page.getByTestId("conversation-search-empty").waitFor();
    await page.getByTestId("conversation-search").fill("");
    await expect.poll(() => page.getByTestId("conversation-item").count()).toBe(2);

    // A second assistant made in the Studio (the workspace default model: the demo).
    await page.getByTestId("nav-studio").click();
    await page.getByTestId("new-assistant").first().click();
    await page.getByTestId("assistant-name").fill("Travel desk");
    await page.getByTestId("assistant-save").click();
    await expect.poll(async () => (await trpc<{ name: string }[]>(page, "assistants.list")).some((a) => a.name === "Travel desk")).toBe(true);

    // @mention it in the first conversation: its answer comes in the same conversation, under its name.
    await page.goto(conversationUrl);
    await page.getByTestId("chat-input").waitFor();
    await page.getByTestId("chat-input").pressSequentially("@trav");
    await page.getByTestId("mention-list").waitFor();
    await page.screenshot({ path: join(shots, "06-mention-list.png") });
    await page.getByTestId("chat-input").press("Enter");
    await expect.poll(() => page.getByTestId("composer-assistant").getAttribute("data-assistant")).toBe("Travel desk");
    await page.getByTestId("chat-input").fill("Which trains can I book for the Lyon trip?");
    await page.getByTestId("chat-send").click();
    await expect.poll(() => page.getByTestId("message-assistant").count()).toBe(2);
    await waitDone();
    expect(await lastAnswer().getAttribute("data-assistant")).toBe("Travel desk");
    expect(await lastAnswer().innerText()).toContain("Demo model");
    expect(await page.getByTestId("message-assistant").first().getAttribute("data-assistant")).toBe("Atelier Guide");
    await page.screenshot({ path: join(shots, "07-mention-answer.png") });

    // Once the assistant is deleted its answer stays, labelled, and the next message goes back to the guide.
    const travel = (await trpc<{ id: string; name: string }[]>(page, "assistants.list")).find((a) => a.name === "Travel desk")!;
    await trpc(page, "assistants.delete", { id: travel.id }, "mutation");
    await page.reload();
    await expect.poll(() => lastAnswer().getByTestId("message-assistant-name").innerText()).toBe("Travel desk (deleted assistant)");
    expect(await lastAnswer().getByTestId("message-regenerate").count()).toBe(0);
    expect(await page.getByTestId("composer-assistant").getAttribute("data-assistant")).toBe("Atelier Guide");

    // The same conversation on a phone.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(shots, "08-mobile.png") });
    await page.getByTestId("message-assistant").first().getByTestId("trace-open").click();
    await page.getByTestId("trace-passage").first().waitFor();
    await page.screenshot({ path: join(shots, "09-mobile-trace.png") });
    await page.keyboard.press("Escape");
    await page.setViewportSize({ width: 1280, height: 800 });
  }, 180_000);

  it("shows tool steps live and asks before an action that changes data", async () => {
    // An assistant with the calculator and a Helpdesk action (its tools set through the API).
    const created = await trpc<{ id: string }>(
      page,
      "assistants.create",
      { name: "Helpdesk", emoji: "🛠️", description: "Opens tickets and does the maths.", starters: ["What is 20% of 1250 €?", "Open a ticket for a broken printer"] },
      "mutation",
    );
    await trpc(
      page,
      "assistants.update",
      {
        id: created.id,
        tools: { calculator: true, httpActions: [{ id: "helpdesk", name: "Helpdesk", specText: HELPDESK_SPEC, operationIds: ["createTicket"] }] },
      },
      "mutation",
    );

    fake.enqueue(
      { toolCalls: [{ name: "calculator", arguments: { expression: "1250 * 0.2" } }], chunkDelayMs: 20 },
      { reply: "The 20% share of 1,250 € is **250 €**.", chunkDelayMs: 40 },
    );
    // The Studio's "Chat with it" link opens a new conversation with the assistant and its starters.
    await page.goto(`${base}/chat/new?assistant=${created.id}`);
    await page.getByTestId("starter").first().waitFor();
    expect(await page.getByTestId("composer-assistant").getAttribute("data-assistant")).toBe("Helpdesk");
    await page.screenshot({ path: join(shots, "10a-starters.png") });
    await page.getByTestId("starter").filter({ hasText: "20% of 1250" }).click();
    const step = page.getByTestId("tool-step").first();
    await step.waitFor({ timeout: 15_000 });
    await waitDone();
    expect(await step.innerText()).toContain("Used Calculator");
    await step.getByTestId("tool-step-toggle").click();
    await expect.poll(() => step.getByTestId("tool-step-details").innerText()).toContain("1250 * 0.2");
    expect(await step.getByTestId("tool-step-details").innerText()).toContain("250");
    await page.screenshot({ path: join(shots, "10-tool-step.png") });

    // Arguments the action does not accept fail at once, in red; valid ones wait for the user's
    // decision (an action that changes data); refused, the action is not run.
    fake.enqueue(
      { toolCalls: [{ name: "createTicket", arguments: { title: "Printer on floor 2 is jammed" } }] },
      { toolCalls: [{ name: "createTicket", arguments: { body: { title: "Printer on floor 2 is jammed", priority: "high" } } }] },
      { reply: "Understood, I did not open the ticket.", chunkDelayMs: 30 },
    );
    await page.getByTestId("chat-input").fill("Open a ticket: the printer on floor 2 is jammed.");
    await page.getByTestId("chat-send").click();
    const card = page.getByTestId("approval-card");
    await card.waitFor({ timeout: 15_000 });
    expect(await card.innerText()).toContain("createTicket");
    expect(await card.innerText()).toContain("Printer on floor 2 is jammed");
    await page.screenshot({ path: join(shots, "11-approval.png") });
    await page.getByTestId("approval-refuse").click();
    await waitDone();
    const steps = lastAnswer().getByTestId("tool-step");
    expect(await steps.count()).toBe(2);
    expect(await steps.nth(0).getAttribute("data-status")).toBe("failed");
    expect(await steps.nth(0).innerText()).toMatch(/Invalid arguments/);
    expect(await steps.nth(1).getAttribute("data-status")).toBe("refused");
    expect(await lastAnswer().innerText()).toContain("did not open the ticket");
    await page.screenshot({ path: join(shots, "12-approval-refused.png") });

    // The trace lists both tool calls with their arguments.
    await lastAnswer().getByTestId("trace-open").click();
    await page.getByTestId("trace-tools").getByTestId("tool-step").first().waitFor();
    expect(await page.getByTestId("trace-tools").innerText()).toContain("Printer on floor 2 is jammed");
    await page.screenshot({ path: join(shots, "13-trace-tools.png") });
    await page.keyboard.press("Escape");
  }, 120_000);

  it("attaches a file to a conversation and answers from it", async () => {
    writeFileSync(join(filesDir, "expenses.md"), "# Expense policy\n\nTaxi rides are reimbursed up to 35 euros per trip when no train runs after 22:00.\n");
    writeFileSync(join(filesDir, "photo.jpeg"), "not really a photo");

    // Before the first message there is nothing to attach files to: the paperclip says so.
    await page.goto(`${base}/chat`);
    await page.getByTestId("pick-assistant").filter({ hasText: "Atelier Guide" }).click();
    await page.getByTestId("attach-button").click();
    await page.getByTestId("attach-hint").waitFor();

    await page.getByTestId("chat-input").fill("Hello");
    await page.getByTestId("chat-send").click();
    await page.waitForURL(/\/chat\/(?!new)[^/]+$/);
    await waitDone();
    await page.getByTestId("attach-input").setInputFiles([join(filesDir, "expenses.md"), join(filesDir, "photo.jpeg")]);
    await expect.poll(() => page.locator('[data-testid="attachment-chip"][data-name="expenses.md"]').getAttribute("data-status"), { timeout: 15_000 }).toBe("done");
    await expect.poll(() => page.locator('[data-testid="attachment-chip"][data-name="photo.jpeg"]').getAttribute("data-status")).toBe("failed");
    expect(await page.locator('[data-testid="attachment-chip"][data-name="photo.jpeg"]').innerText()).toMatch(/not supported/);
    expect(await page.getByTestId("conversation-files").innerText()).toContain("1 file");
    await page.screenshot({ path: join(shots, "14-attachments.png") });

    // The built-in engine finds the attached file's passage once it is indexed.
    await expect
      .poll(
        async () => {
          await page.getByTestId("chat-input").fill("How much is a taxi ride reimbursed?");
          await page.getByTestId("chat-send").click();
          await waitDone();
          return lastAnswer().innerText();
        },
        { timeout: 40_000, interval: 1_000 },
      )
      .toContain("35 euros");
    await lastAnswer().getByTestId("citation-ref").first().waitFor();
    await page.getByTestId("conversation-files").click();
    await page.getByTestId("conversation-files-list").waitFor();
    await page.screenshot({ path: join(shots, "15-attachment-answer.png") });
    await page.keyboard.press("Escape");

    // In French.
    await page.getByTestId("user-menu").click();
    await page.getByTestId("locale-fr").click();
    await page.getByText("Joindre des fichiers").or(page.getByPlaceholder(/Demandez à/)).first().waitFor();
    await page.getByTestId("chat-input").pressSequentially("@");
    await page.getByTestId("mention-list").waitFor();
    await page.screenshot({ path: join(shots, "16-french.png") });
    await page.getByTestId("chat-input").press("Escape");
    await lastAnswer().getByTestId("trace-open").click();
    await page.getByTestId("trace-passage").first().waitFor();
    await page.screenshot({ path: join(shots, "17-french-trace.png") });
    await page.keyboard.press("Escape");
    await page.getByTestId("user-menu").click();
    await page.getByTestId("locale-en").click();
  }, 120_000);
});
