/**
 * The Studio journey in a real browser (Debian's /usr/bin/chromium driven by playwright-core,
 * never a downloaded browser): an admin uploads a policy to Knowledge → creates an assistant from
 * the "HR policy assistant" template → switches it to the built-in engine on that source → tries
 * the draft in the live preview (answer quoted with a citation) → publishes v1 with a note → edits
 * the instructions and compares v1 with the draft → a member created in Admin → Users finds the
 * assistant in the directory, chats with it, opens the citation and corrects the answer.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { completeSetup, fullScreenshot, runBrowserTests, startBrowserTest, type BrowserTest } from "./browser";

const shots = fileURLToPath(new URL("../test-results/studio/", import.meta.url));

const SOURCE = "HR handbook";
const DISTINCTIVE = "Every employee may take a blorptastic sabbatical of exactly 17 days after five years of service.";
const MARKDOWN = `# Leave policy

## Blorptastic sabbatical

${DISTINCTIVE}

## Remote work

Remote work is allowed two days per week, agreed with your manager.
`;
const QUESTION = "How long is the blorptastic sabbatical?";
const NEW_RULE = "Always end with: “Questions? Write to hr@acme.test.”";

describe.skipIf(!runBrowserTests)("the Studio in a browser", () => {
  let browserTest: BrowserTest<null>;
  let page: Page;
  let filesDir: string;
  let base: string;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    filesDir = mkdtempSync(join(tmpdir(), "atelier-e2e-studio-files-"));
    writeFileSync(join(filesDir, "leave-policy.md"), MARKDOWN);
    // No language model: the built-in engine answers from the knowledge, with citations.
    browserTest = await startBrowserTest({ name: "studio", model: "none", atelierOptions: { guideDocsPath: null } });
    ({ page, base } = browserTest);
  }, 60_000);

  afterAll(async () => {
    await browserTest?.close();
    if (filesDir) rmSync(filesDir, { recursive: true, force: true });
  });

  it("builds an assistant from a template, previews, publishes, compares, and a member uses it", async () => {
    await page.goto(base);
    await completeSetup(page);

    // Knowledge: an upload source with the policy.
    await page.getByTestId("nav-knowledge").click();
    await page.getByTestId("new-source").first().click();
    await page.getByTestId("source-kind-upload").click();
    await page.getByTestId("source-name").fill(SOURCE);
    await page.getByTestId("source-submit").click();
    await page.getByTestId("upload-dropzone").waitFor();
    await page.getByTestId("upload-input").setInputFiles([join(filesDir, "leave-policy.md")]);
    await expect.poll(() => page.locator('[data-testid="document-row"][data-status="indexed"]').count(), { timeout: 30_000 }).toBe(1);

    // Studio → New assistant → From a template → HR policy assistant: the editor opens on the draft.
    await page.getByTestId("nav-studio").click();
    await page.getByTestId("new-assistant-menu").click();
    await page.getByTestId("new-from-template").click();
    const template = page.locator('[data-testid="template-card"][data-template="hr-policy"]');
    await template.waitFor();
    expect(await template.innerText()).toContain("HR policy assistant");
    await page.screenshot({ path: join(shots, "01-templates.png") });
    await template.click();
    await expect.poll(() => page.getByTestId("version-status").getAttribute("data-state"), { timeout: 10_000 }).toBe("never");
    expect(await page.getByTestId("assistant-name").inputValue()).toBe("HR policy assistant");
    expect(await page.getByTestId("tool-switch-knowledgeSearch").getAttribute("aria-checked")).toBe("true");
    expect(await page.getByTestId("starter-input").count()).toBe(2);

    // The built-in engine on the uploaded source; hidden sampling settings; shared with everyone.
    await page.getByTestId("studio-section-model").click();
    await page.getByTestId("assistant-model").selectOption({ label: "Built-in, no LLM — answers only from knowledge" });
    await page.getByTestId("builtin-model-note").waitFor();
    expect(await page.getByTestId("assistant-temperature").count()).toBe(0);
    await page.getByTestId("assistant-source-option").filter({ hasText: SOURCE }).click();
    await page.getByTestId("assistant-visibility").selectOption("workspace");
    await page.getByTestId("unsaved-changes").waitFor();
    await fullScreenshot(page, join(shots, "02-editor.png"), { maxHeight: 5000 });

    // Preview: unsaved changes are saved, then the draft answers with the sentence and a citation.
    const preview = page.getByTestId("preview-panel");
    await preview.getByTestId("preview-input").fill(QUESTION);
    await preview.getByTestId("preview-send").click();
    const previewAnswer = preview.getByTestId("message-assistant").last();
    await expect.poll(() => previewAnswer.getAttribute("data-status"), { timeout: 20_000 }).toBe("done");
    expect(await previewAnswer.innerText()).toContain("17 days");
    await previewAnswer.getByTestId("citation-ref").first().waitFor();
    expect(await page.getByTestId("unsaved-changes").count()).toBe(0);
    await page.screenshot({ path: join(shots, "03-preview.png") });

    // Publish v1 with a note.
    await page.getByTestId("publish").click();
    await page.getByTestId("publish-note").fill("First version: answers from the HR handbook");
    await page.screenshot({ path: join(shots, "04-publish-dialog.png") });
    await page.getByTestId("publish-confirm").click();
    await expect.poll(() => page.getByTestId("version-status").getAttribute("data-state"), { timeout: 10_000 }).toBe("published");
    expect(await page.getByTestId("version-status").innerText()).toContain("v1");

    // History lists v1, current, with its note and author.
    await page.getByTestId("studio-tab-history").click();
    const row = page.getByTestId("version-row");
    await row.first().waitFor();
    expect(await row.count()).toBe(1);
    expect(await row.first().getAttribute("data-current")).toBe("true");
    expect(await row.first().innerText()).toContain("First version: answers from the HR handbook");
    expect(await row.first().innerText()).toContain("Ada Lovelace");

    // Edit the instructions, save: the draft now differs from v1, and Compare shows the new line.
    await page.getByTestId("studio-tab-settings").click();
    const instructions = page.getByTestId("assistant-instructions");
    await instructions.fill(`${await instructions.inputValue()}\n${NEW_RULE}`);
    await page.getByTestId("assistant-save").click();
    await expect.poll(() => page.getByTestId("version-status").getAttribute("data-state"), { timeout: 10_000 }).toBe("changed");
    await page.getByTestId("studio-tab-history").click();
    await page.getByTestId("compare-from").selectOption({ label: "v1 · Live" });
    await page.getByTestId("compare-to").selectOption({ label: "Draft" });
    await page.getByTestId("compare").click();
    const added = page.locator('[data-testid="diff-instructions"] [data-kind="added"]');
    await added.first().waitFor();
    expect(await added.allInnerTexts()).toEqual([expect.stringContaining("hr@acme.test")]);
    expect(await page.getByTestId("diff-field").count()).toBe(0);
    await fullScreenshot(page, join(shots, "05-history-compare.png"), { maxHeight: 5000 });

    // Admin → Users: a member.
    await page.getByTestId("nav-admin").click();
    await page.getByTestId("add-user").click();
    await page.getByTestId("user-name").fill("Bob Member");
    await page.getByTestId("user-email").fill("bob@acme.test");
    await page.getByTestId("user-password").fill("another long password");
    await page.getByTestId("user-role-select").click();
    await page.getByRole("option", { name: "Member" }).click();
    await page.getByTestId("user-save").click();
    await page.getByTestId("user-row").filter({ hasText: "bob@acme.test" }).waitFor();
    await page.getByTestId("user-menu").click();
    await page.getByTestId("sign-out").click();

    // The member finds the published assistant in the directory and chats with it.
    await page.getByTestId("login-email").fill("bob@acme.test");
    await page.getByTestId("login-password").fill("another long password");
    await page.getByTestId("login-submit").click();
    await page.getByTestId("nav-assistants").click();
    await page.getByTestId("directory-card").first().waitFor();
    await page.getByTestId("directory-search").fill("hr polic");
    const card = page.getByTestId("directory-card");
    await expect.poll(() => card.count()).toBe(1);
    expect(await card.innerText()).toContain("HR policy assistant");
    expect(await card.innerText()).toContain("By Ada Lovelace");
    expect(await card.getByTestId("sovereignty-badge").getAttribute("data-sovereignty")).toBe("on_premises");
    await page.screenshot({ path: join(shots, "06-directory-member.png") });
    await page.getByTestId("directory-search").fill("quantum entanglement");
    await page.getByText("No assistant matches").waitFor();
    await page.getByTestId("directory-search").fill("Ada");
    await card.first().getByTestId("directory-chat").click();

    await page.getByTestId("chat-input").fill(QUESTION);
    await page.getByTestId("chat-send").click();
    const answer = page.getByTestId("message-assistant").last();
    await expect.poll(() => answer.getAttribute("data-status"), { timeout: 20_000 }).toBe("done");
    expect(await answer.innerText()).toContain("17 days");
    const ref = answer.getByTestId("citation-ref").first();
    await ref.click();
    const passage = page.getByTestId("citation-preview");
    await passage.waitFor();
    expect(await passage.innerText()).toContain("blorptastic sabbatical");
    await page.screenshot({ path: join(shots, "07-member-citation.png") });
    await page.keyboard.press("Escape");
    await passage.waitFor({ state: "detached" });

    // A thumbs down with the right answer, for the builders.
    await answer.getByTestId("feedback-down").click();
    await answer.getByTestId("feedback-correction").fill("Seventeen days, after five years of service.");
    await answer.getByTestId("feedback-submit").click();
    await expect.poll(() => answer.getByTestId("feedback-state").getAttribute("data-rating"), { timeout: 10_000 }).toBe("down");
    await page.screenshot({ path: join(shots, "08-member-feedback.png") });

    // On a phone, the directory stacks its cards.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/assistants`);
    await page.getByTestId("directory-card").first().waitFor();
    await page.screenshot({ path: join(shots, "09-directory-mobile.png") });
  }, 180_000);
});
