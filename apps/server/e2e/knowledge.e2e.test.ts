/**
 * A builder's knowledge journey in a real browser (Debian's /usr/bin/chromium driven by
 * playwright-core, never a downloaded browser): first-run setup → Knowledge → an upload source
 * with a Markdown file and a fake .txt → one document indexed, one failed with its reason →
 * the search playground finds the sentence → an assistant on the built-in engine → a chat
 * answer with a citation whose passage opens in a preview.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { completeSetup, fullScreenshot, runBrowserTests, startBrowserTest, type BrowserTest } from "./browser";

const shots = fileURLToPath(new URL("../test-results/knowledge/", import.meta.url));

const SOURCE = "Travel handbook";
const DISTINCTIVE = "Every employee receives a zorblax allowance of 42 euros per day when travelling abroad.";
const MARKDOWN = `# Travel policy

## Zorblax allowance

${DISTINCTIVE}

## Booking trains

Book trains through the travel desk at least five days before leaving.
`;

/** This journey's whole-page screenshots: measured on the content of <main>, at most 4000 px tall. */
const fullShot = (page: Page, name: string) => fullScreenshot(page, join(shots, name), { maxHeight: 4000, content: page.locator("main > *").first() });

describe.skipIf(!runBrowserTests)("knowledge in a browser", () => {
  let browserTest: BrowserTest<null>;
  let page: Page;
  let filesDir: string;
  let base: string;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    filesDir = mkdtempSync(join(tmpdir(), "atelier-e2e-files-"));
    writeFileSync(join(filesDir, "travel-policy.md"), MARKDOWN);
    // Named .txt, but binary: the upload is accepted and the parser refuses it with a reason.
    writeFileSync(join(filesDir, "scan.txt"), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37) % 256)));
    // No language model at all: the built-in engine answers from the knowledge.
    browserTest = await startBrowserTest({ name: "knowledge", model: "none", env: { ATELIER_FOLDER_ROOTS: filesDir }, atelierOptions: { guideDocsPath: null } });
    ({ page, base } = browserTest);
  }, 60_000);

  afterAll(async () => {
    await browserTest?.close();
    if (filesDir) rmSync(filesDir, { recursive: true, force: true });
  });

  it("indexes uploaded files, finds a passage and cites it in the chat", async () => {
    await page.goto(base);
    await completeSetup(page);

    // Knowledge: the empty state explains what a source is.
    await page.getByTestId("nav-knowledge").click();
    await page.getByText("No data source yet").waitFor();
    await page.screenshot({ path: join(shots, "01-knowledge-empty.png") });

    // New source → Upload files; the form refuses an empty name first.
    await page.getByTestId("new-source").first().click();
    await page.getByTestId("source-kind-upload").click();
    await page.getByTestId("source-submit").click();
    await expect.poll(() => page.getByTestId("field-error").count()).toBeGreaterThan(0);
    await page.getByTestId("source-name").fill(SOURCE);
    await page.getByTestId("source-description").fill("Travel rules and allowances.");
    await page.screenshot({ path: join(shots, "02-new-source.png") });
    await page.getByTestId("source-submit").click();
    await page.getByTestId("upload-dropzone").waitFor();
    expect(await page.getByTestId("source-title").innerText()).toBe(SOURCE);

    // Two files at once: both upload; the Markdown is indexed, the fake .txt fails with a reason.
    await page.getByTestId("upload-input").setInputFiles([join(filesDir, "travel-policy.md"), join(filesDir, "scan.txt")]);
    await expect.poll(() => page.locator('[data-testid="upload-item"][data-status="done"]').count(), { timeout: 15_000 }).toBe(2);
    const indexed = page.locator('[data-testid="document-row"][data-status="indexed"]');
    const failed = page.locator('[data-testid="document-row"][data-status="failed"]');
    await expect.poll(() => indexed.count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => failed.count(), { timeout: 30_000 }).toBe(1);
    expect(await indexed.getAttribute("data-title")).toMatch(/Travel policy|travel-policy/);
    const reason = await failed.getByTestId("document-error").innerText();
    expect(reason).toMatch(/binary/i);
    await fullShot(page, "03-source-page.png");

    // An unsupported type is refused in the browser, before anything is sent.
    writeFileSync(join(filesDir, "photo.jpeg"), "not really a photo");
    await page.getByTestId("upload-input").setInputFiles([join(filesDir, "photo.jpeg")]);
    const refused = page.locator('[data-testid="upload-item"][data-name="photo.jpeg"]');
    await expect.poll(() => refused.getAttribute("data-status")).toBe("failed");
    expect(await refused.innerText()).toMatch(/not supported/);

    // The document page shows its passages in order.
    await indexed.getByRole("link").first().click();
    await page.getByTestId("document-chunk").first().waitFor();
    expect(await page.locator("main").innerText()).toContain(DISTINCTIVE);
    await fullShot(page, "04-document.png");

    // The list shows the source with its counts; on a phone too.
    await page.getByTestId("nav-knowledge").click();
    const row = page.getByTestId("source-row").filter({ hasText: SOURCE });
    await row.waitFor();
    await expect.poll(async () => (await row.innerText()).includes("Internal")).toBe(true);
    expect(await row.getByTestId("source-failed").innerText()).toMatch(/1/);
    await page.screenshot({ path: join(shots, "05-knowledge-list.png") });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(400); // the side bar slides away
    await page.screenshot({ path: join(shots, "06-knowledge-list-mobile.png") });
    await page.setViewportSize({ width: 1280, height: 800 });

    // Search playground: the distinctive sentence, its matched word highlighted.
    await page.getByTestId("knowledge-tab-search").click();
    await page.getByTestId("search-input").fill("zorblax allowance abroad");
    await page.getByTestId("search-input").press("Enter");
    const result = page.getByTestId("search-result").first();
    await result.waitFor({ timeout: 10_000 });
    expect(await result.innerText()).toContain("42 euros");
    expect((await result.locator("mark").allInnerTexts()).map((w) => w.toLowerCase())).toContain("zorblax");
    expect(await page.getByTestId("search-meta").innerText()).toMatch(/took \d+ ms/);
    await page.screenshot({ path: join(shots, "07-search.png") });
    await page.getByTestId("search-input").fill("quantum entanglement");
    await page.getByTestId("search-input").press("Enter");
    await page.getByText("No passage matches. Try other words.").waitFor();

    // Studio: an assistant on the built-in engine, answering from that source.
    await page.getByTestId("nav-studio").click();
    await page.getByTestId("new-assistant").first().click();
    await page.getByTestId("assistant-name").fill("Travel desk");
    await page.getByTestId("assistant-model").selectOption({ label: "Built-in, no LLM — answers only from knowledge" });
    await page.getByTestId("builtin-needs-sources").waitFor();
    await fullShot(page, "08-assistant-form-warning.png");
    await page.getByTestId("assistant-source-option").filter({ hasText: SOURCE }).click();
    await expect.poll(() => page.getByTestId("builtin-needs-sources").count()).toBe(0);
    await page.getByTestId("assistant-sources").screenshot({ path: join(shots, "08b-assistant-sources.png") });
    await page.getByTestId("assistant-save").click();
    await page.getByTestId("assistant-card").filter({ hasText: "Travel desk" }).waitFor();

    // Chat: the answer quotes the sentence with a reference that opens the passage.
    await page.getByTestId("nav-chat").click();
    await page.getByTestId("pick-assistant").filter({ hasText: "Travel desk" }).click();
    await page.getByTestId("chat-input").fill("How much is the zorblax allowance per day abroad?");
    await page.getByTestId("chat-send").click();
    const answer = page.getByTestId("message-assistant").last();
    await expect.poll(() => answer.getAttribute("data-status"), { timeout: 20_000 }).toBe("done");
    expect(await answer.innerText()).toContain("42 euros");
    const ref = answer.getByTestId("citation-ref").first();
    await ref.waitFor();
    expect(await answer.getByTestId("message-sources").innerText()).toMatch(/Travel policy|travel-policy/);
    await page.screenshot({ path: join(shots, "09-chat-answer.png") });
    await ref.click();
    const preview = page.getByTestId("citation-preview");
    await preview.waitFor();
    expect(await preview.innerText()).toContain("zorblax allowance");
    await page.screenshot({ path: join(shots, "10-citation-preview.png") });
    await preview.getByTestId("citation-open-document").click();
    await page.getByTestId("document-title").waitFor();
  }, 150_000);

  it("syncs a server folder with a progress bar, in French too", async () => {
    const folder = join(filesDir, "handbook");
    mkdirSync(folder);
    for (let i = 1; i <= 300; i++) {
      const body = Array.from({ length: 12 }, (_, p) => `Paragraph ${p + 1} of chapter ${i} explains rule ${i}.${p + 1} of the shared handbook in plain words.`).join("\n\n");
      writeFileSync(join(folder, `chapter-${String(i).padStart(3, "0")}.md`), `# Chapter ${i}\n\n${body}\n`);
    }
    await page.getByTestId("nav-knowledge").click();
    await page.getByTestId("new-source").first().click();
    await page.getByTestId("source-kind-folder").click();
    await page.getByTestId("source-name").fill("Shared handbook");
    await page.getByTestId("source-path").fill(folder);
    await page.getByTestId("source-interval").selectOption({ label: "Every day" });
    await page.screenshot({ path: join(shots, "11-new-folder-source.png") });
    await page.getByTestId("source-submit").click();
    await page.getByTestId("source-title").waitFor();
    // The sync runs at once; the page follows it while it runs (often too fast to see on a small folder).
    await expect.poll(async () => (await page.getByTestId("source-progress").count()) > 0 || (await page.getByTestId("document-row").count()) > 0, { timeout: 15_000 }).toBe(true);
    await page.screenshot({ path: join(shots, "12-folder-syncing.png") });
    await page.getByTestId("nav-knowledge").click();
    const row = page.getByTestId("source-row").filter({ hasText: "Shared handbook" });
    await row.waitFor();
    await page.screenshot({ path: join(shots, "13-list-syncing.png") });
    await expect.poll(async () => (await row.innerText()).includes("Done"), { timeout: 90_000 }).toBe(true);
    expect(await row.innerText()).toContain("300");
    expect(await row.getByTestId("source-progress").count()).toBe(0);

    await page.getByTestId("user-menu").click();
    await page.getByTestId("locale-fr").click();
    await page.getByText("Sources de données").first().waitFor();
    await page.screenshot({ path: join(shots, "14-list-fr.png") });
    await row.getByRole("link").click();
    await page.getByTestId("source-title").waitFor();
    await page.getByText("Synchronisations").waitFor();
    await fullShot(page, "15-folder-source-fr.png");
    await page.getByTestId("source-edit").click();
    await page.getByTestId("source-form").waitFor();
    await page.screenshot({ path: join(shots, "16-edit-folder-fr.png") });
    await page.keyboard.press("Escape");

    // Admin → Models: the built-in engine is listed read-only.
    await page.goto(`${base}/admin/models`);
    const builtin = page.getByTestId("provider-card").filter({ hasText: "Moteur intégré" });
    await builtin.waitFor();
    expect(await builtin.getByTestId("provider-test").count()).toBe(0);
    expect(await builtin.getByTestId("provider-delete").count()).toBe(0);
    await fullShot(page, "17-admin-models-fr.png");
  }, 150_000);

  it("shows the not-found page for unknown sources and documents", async () => {
    await page.goto(`${base}/knowledge/sources/aaaaaaaaaaaaaaaaaaaa`);
    await page.getByTestId("not-found").waitFor({ timeout: 10_000 });
    await page.goto(`${base}/knowledge/documents/not-an-id`);
    await page.getByTestId("not-found").waitFor({ timeout: 10_000 });
  }, 30_000);
});
