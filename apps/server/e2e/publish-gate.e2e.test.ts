/**
 * The Publish quality gate in a real browser (Debian's /usr/bin/chromium driven by playwright-core,
 * never a downloaded browser), with the demo model and the Atelier Guide: an assistant on the
 * built-in engine over the Atelier documentation, with a 3-case suite one case of which cannot
 * pass and a 90 % threshold (set up through the API) → Studio → Publish → the dialog follows the
 * check, then says it is blocked and lists the failing case → the admin publishes anyway with a
 * reason → History shows the override and the rate → in the chat, an answer of the Guide is added
 * to its test suite from the trace drawer → Monitoring shows the assistant's rate.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { completeSetup, fullScreenshot, runBrowserTests, startBrowserTest, trpc, type BrowserTest } from "./browser";

const shots = fileURLToPath(new URL("../test-results/publish-gate/", import.meta.url));

const ASSISTANT = "Atelier helpdesk";
const SUITE = "Helpdesk questions";
/** Not in the documentation: the built-in engine says it did not find it, so the case fails. */
const UNANSWERABLE = "What is the name of the cafeteria on the third floor?";
const OVERRIDE_REASON = "The cafeteria case is out of scope; it will be removed from the suite.";

describe.skipIf(!runBrowserTests)("the Publish quality gate in a browser", () => {
  let browserTest: BrowserTest;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    browserTest = await startBrowserTest({ name: "gate" });
    ({ page, base } = browserTest);
  }, 60_000);

  afterAll(() => browserTest?.close());

  it("blocks Publish on a failing check, publishes anyway with a reason, adds an answer to a suite and shows accuracy", async () => {
    const started = Date.now();
    await page.goto(base);
    await completeSetup(page);
    await page.getByTestId("new-conversation").waitFor();

    // The documentation is indexed in the background after setup.
    let docsId = "";
    await expect
      .poll(
        async () => {
          const sources = await trpc<{ id: string; name: string; chunkCount: number; activeJob: unknown }[]>(page, "knowledge.sources");
          const docs = sources.find((s) => s.name === "Atelier documentation");
          docsId = docs?.id ?? "";
          return !!docs && docs.chunkCount > 0 && !docs.activeJob;
        },
        { timeout: 60_000, interval: 500 },
      )
      .toBe(true);

    // Through the API: the assistant on the built-in engine, its suite (one case cannot pass) and a 90 % threshold.
    const models = await trpc<{ id: string; providerKind: string }[]>(page, "models.usable");
    const builtin = models.find((m) => m.providerKind === "builtin")!;
    const created = await trpc<{ id: string }>(
      page,
      "assistants.create",
      { name: ASSISTANT, emoji: "🛟", modelId: builtin.id, sourceIds: [docsId], tools: { knowledgeSearch: true } },
      "mutation",
    );
    const assistantId = created.id;
    const suite = await trpc<{ id: string }>(page, "evaluation.createSuite", { assistantId, name: SUITE }, "mutation");
    for (const c of [
      { question: "How do I connect a shared folder from our file server?", referenceAnswer: "Server folder" },
      { question: "What is the maximum size of a file I can upload?", referenceAnswer: "50 MB" },
      { question: UNANSWERABLE, referenceAnswer: "The Blue Heron" },
    ]) {
      await trpc(page, "evaluation.createCase", { suiteId: suite.id, case: { ...c, language: "en" } }, "mutation");
    }
    await trpc(page, "evaluation.updateQualitySettings", { assistantId, qualityThreshold: 0.9, qualityMargin: 0.05 }, "mutation");

    // Studio → Publish: the check runs, then Publish is blocked with the failing case.
    await page.goto(`${base}/studio/${assistantId}`);
    await expect.poll(() => page.getByTestId("version-status").getAttribute("data-state"), { timeout: 10_000 }).toBe("never");
    await page.getByTestId("publish").click();
    await page.getByTestId("publish-note").fill("First version, from the documentation");
    // The built-in engine answers 3 cases in milliseconds: the dialog's first poll of the run is held
    // back 2 seconds, so that the screenshot catches the check in progress.
    const runPoll = /\/trpc\/evaluation\.run\?/;
    await page.route(
      runPoll,
      async (route) => {
        await new Promise((resolve) => setTimeout(resolve, 2000));
        await route.continue();
      },
      { times: 1 },
    );
    await page.getByTestId("publish-confirm").click();
    const checking = page.getByTestId("publish-checking");
    await checking.waitFor({ timeout: 10_000 });
    expect(await checking.innerText()).toContain("Checking answer quality on 3 test cases");
    expect(await checking.getByTestId("gate-run-link").getAttribute("href")).toMatch(new RegExp(`^/studio/${assistantId}/quality/runs/`));
    await page.screenshot({ path: join(shots, "01-publish-checking.png") });
    const blocked = page.getByTestId("publish-blocked");
    await blocked.waitFor({ timeout: 60_000 });
    const reason = blocked.getByTestId("gate-reason").first();
    expect(await reason.getAttribute("data-kind")).toBe("threshold");
    expect(await reason.innerText()).toMatch(/of answers are correct, below the 90% required/);
    const failing = blocked.getByTestId("gate-failing-case");
    expect(await failing.allInnerTexts()).toContainEqual(expect.stringContaining(UNANSWERABLE));
    expect(await blocked.getByTestId("gate-run-link").first().getAttribute("href")).toMatch(/\/quality\/runs\//);
    await page.screenshot({ path: join(shots, "02-publish-blocked.png") });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(shots, "02-publish-blocked-mobile.png") });
    await page.setViewportSize({ width: 1280, height: 800 });

    // A reason that is too short is refused in the form; a real one publishes v1.
    await blocked.getByTestId("override-reason").fill("because");
    await blocked.getByTestId("override-confirm").click();
    expect(await blocked.getByTestId("field-error").innerText()).toContain("at least 10 characters");
    await blocked.getByTestId("override-reason").fill(OVERRIDE_REASON);
    await blocked.getByTestId("override-confirm").click();
    await expect.poll(() => page.getByTestId("version-status").getAttribute("data-state"), { timeout: 15_000 }).toBe("published");
    expect(await page.getByTestId("published-notice").innerText()).toContain("Published despite a failing quality check");
    await page.screenshot({ path: join(shots, "03-published-override.png") });

    // History: the override badge, its reason, and the check's rate next to v1.
    await page.getByTestId("studio-tab-history").click();
    const row = page.getByTestId("version-row").first();
    await row.getByTestId("version-override").waitFor();
    expect(await row.getByTestId("version-override-reason").innerText()).toContain(OVERRIDE_REASON);
    await row.getByTestId("version-rate").waitFor();
    expect(await row.getByTestId("version-rate").innerText()).toMatch(/\d+(\.\d)?% correct/);
    await fullScreenshot(page, join(shots, "04-history.png"), { maxHeight: 5000 });

    // Chat: the admin asks the Guide, opens the answer's details and adds it to the Guide's test suite.
    await page.getByTestId("nav-chat").click();
    await page.getByTestId("pick-assistant").filter({ hasText: "Atelier Guide" }).click();
    await page.getByTestId("chat-input").fill("How do I connect a folder?");
    await page.getByTestId("chat-send").click();
    const answer = page.getByTestId("message-assistant").last();
    await expect.poll(() => answer.getAttribute("data-status"), { timeout: 20_000 }).toBe("done");
    await answer.getByTestId("trace-open").click();
    const drawer = page.getByTestId("trace-drawer");
    await drawer.getByTestId("add-to-suite-button").click();
    const done = drawer.getByTestId("add-to-suite-done");
    await done.waitFor();
    expect(await done.innerText()).toMatch(/Added as a candidate to the suite “Atelier Guide — documentation questions”/);
    expect(await drawer.getByTestId("add-to-suite-link").getAttribute("href")).toMatch(/^\/studio\/[^/]+\/quality\/suites\/[^/]+$/);
    await page.screenshot({ path: join(shots, "05-trace-add-to-suite.png") });
    await page.keyboard.press("Escape");
    await drawer.waitFor({ state: "detached" });

    // Monitoring: the assistant's latest rate, with its interval.
    await page.getByTestId("nav-monitoring").click();
    const accuracy = page.locator(`[data-testid="accuracy-row"][data-assistant="${ASSISTANT}"]`);
    await accuracy.getByTestId("accuracy-rate").waitFor();
    expect(Number(await accuracy.getByTestId("accuracy-rate").getAttribute("data-rate"))).toBeLessThan(0.9);
    expect(await accuracy.innerText()).toContain(SUITE);
    expect(await accuracy.innerText()).toContain("v1");
    await fullScreenshot(page, join(shots, "06-monitoring.png"), { maxHeight: 5000 });

    // On a phone, the accuracy table becomes cards.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/monitoring`);
    await page.getByTestId("accuracy-card").first().waitFor();
    await fullScreenshot(page, join(shots, "07-monitoring-mobile.png"), { maxHeight: 5000 });
    expect(Date.now() - started).toBeLessThan(90_000);
  }, 120_000);
});
