/**
 * The Quality tab in a real browser (Debian's /usr/bin/chromium driven by playwright-core, never a
 * downloaded browser), with the demo model and the Atelier Guide: the Guide's test suite, run on
 * first start by the built-in engine, shows its correct-answer rate with an interval → its run,
 * filtered to the failed cases, shows a case's answer and reference → a new suite gets a case
 * written by hand and two imported from a CSV file whose third row is refused in the preview →
 * "Run now" measures the three cases. Then the tab on a phone, in French, an unknown run, and an
 * answer rated down in the chat that becomes a reviewed case, measured and compared with the first run.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { completeSetup, fullScreenshot, runBrowserTests, startBrowserTest, type BrowserTest } from "./browser";

const shots = fileURLToPath(new URL("../test-results/quality/", import.meta.url));

const SUITE = "Connecting knowledge";
const CASES_CSV = [
  "question,reference_answer,expect_abstention,expected_sources,tags,language",
  "How do I connect a website?,Knowledge,no,,knowledge | website,en",
  "Who won the 1998 World Cup?,,yes,,out-of-scope,en",
  // A bad row: the preview names its line and says why.
  "How do I add a user?,Admin,maybe,,admin,en",
  "",
].join("\r\n");

describe.skipIf(!runBrowserTests)("the Quality tab in a browser", () => {
  let browserTest: BrowserTest;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    browserTest = await startBrowserTest({ name: "quality" });
    ({ page, base } = browserTest);
  }, 60_000);

  afterAll(() => browserTest?.close());

  it("shows the Guide's correct-answer rate, its failed cases, and measures a new suite", async () => {
    await page.goto(base);
    await completeSetup(page);
    await page.getByTestId("new-conversation").waitFor();

    // Studio → Atelier Guide → Quality: the first-start run of its cases finishes within a minute.
    await page.getByTestId("nav-studio").click();
    await page.locator('[data-testid="assistant-card"][data-name="Atelier Guide"] a').first().click();
    await page.getByTestId("studio-tab-quality").click();
    const headline = page.locator('[data-testid="suite-headline"][data-suite="Atelier Guide — documentation questions"]');
    await headline.waitFor();
    await expect.poll(() => headline.getAttribute("data-state"), { timeout: 75_000, interval: 500 }).toBe("measured");
    expect(await headline.getByTestId("rate-value").innerText()).toMatch(/^\d{1,3}%$/);
    expect(await headline.getByTestId("rate-interval").innerText()).toMatch(/^\(\d{1,3}–\d{1,3}%\)$/);
    expect(await headline.innerText()).toMatch(/\d+ of \d+ cases/);
    expect(await headline.getByTestId("definition").innerText()).toContain("reference answer");
    await page.getByTestId("rate-chart").locator(".recharts-line-dot").first().waitFor();
    expect(await page.locator('[data-testid="run-row"][data-trigger="first_run"][data-status="done"]').count()).toBe(1);
    await page.getByTestId("judge-none").waitFor();
    await fullScreenshot(page, join(shots, "01-quality-tab.png"));

    // The run: only the failed cases; one opens on its answer and its reference.
    await headline.getByTestId("open-latest-run").click();
    await expect.poll(() => page.getByTestId("run-header").getAttribute("data-status")).toBe("done");
    await page.getByTestId("metric-exactMatch").waitFor();
    await page.getByTestId("run-filter-failed").click();
    const cases = page.getByTestId("run-case");
    expect(await cases.count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="run-case"]:not([data-outcome="failed"])').count()).toBe(0);
    await cases.first().getByTestId("run-case-toggle").click();
    const details = cases.first().getByTestId("run-case-details");
    expect((await details.getByTestId("case-reference").innerText()).length).toBeGreaterThan(10);
    expect((await details.getByTestId("case-answer").innerText()).length).toBeGreaterThan(6);
    await details.getByTestId("case-scores").waitFor();
    await fullScreenshot(page, join(shots, "02-run-failed-case.png"));

    // A new suite, on the Guide: one case by hand (an empty one is refused first)…
    await page.getByTestId("studio-tab-quality").click();
    await page.getByTestId("new-suite").click();
    await page.getByTestId("suite-name").fill(SUITE);
    await page.getByTestId("suite-gates").uncheck();
    await page.getByTestId("suite-submit").click();
    await expect.poll(() => page.getByTestId("suite-title").innerText().catch(() => "")).toBe(SUITE);
    await page.getByTestId("cases-empty").waitFor();
    await page.getByTestId("add-case").click();
    await page.getByTestId("case-submit").click();
    await expect.poll(() => page.getByTestId("field-error").count()).toBeGreaterThan(0);
    await page.getByTestId("case-question").fill("How do I connect a folder?");
    await page.getByTestId("case-reference").fill("Knowledge");
    await page.getByTestId("case-tags").fill("knowledge, folders");
    await page.getByTestId("case-submit").click();
    await expect.poll(() => page.getByTestId("case-row").count()).toBe(1);

    // …and a CSV file: the preview refuses the third row and says why; the two others are imported.
    await page.getByTestId("import-cases").click();
    await page.getByTestId("import-file").setInputFiles({ name: "cases.csv", mimeType: "text/csv", buffer: Buffer.from(CASES_CSV) });
    const preview = page.getByTestId("import-preview");
    await preview.waitFor();
    expect(await preview.getAttribute("data-valid")).toBe("2");
    expect(await preview.getAttribute("data-invalid")).toBe("1");
    expect(await preview.getByTestId("import-row-error").innerText()).toMatch(/Row 4: .*expect_abstention/);
    await page.screenshot({ path: join(shots, "03-import-preview.png") });
    await page.getByTestId("import-confirm").click();
    await expect.poll(() => page.getByTestId("toast").innerText().catch(() => "")).toContain("Cases imported: 2. Rows skipped: 1.");
    await expect.poll(() => page.getByTestId("case-row").count()).toBe(3);
    await fullScreenshot(page, join(shots, "04-suite-page.png"));

    // Run now: the run's page follows it to the end, three cases measured.
    await page.getByTestId("run-now").click();
    await page.waitForURL(/\/quality\/runs\/[^/]+$/);
    await expect.poll(() => page.getByTestId("run-header").getAttribute("data-status"), { timeout: 30_000 }).toBe("done");
    expect(await page.getByTestId("run-case").count()).toBe(3);
    expect(await page.getByTestId("run-headline").getByTestId("rate-value").innerText()).toMatch(/^\d{1,3}%$/);
    expect(await page.getByTestId("run-headline").innerText()).toMatch(/of 3 cases/);
    await fullScreenshot(page, join(shots, "05-new-run.png"));
  }, 150_000);

  let quality = "";

  it("fits a phone, speaks French and shows a not-found page for an unknown run", async () => {
    quality = page.url().replace(/\/runs\/[^/]+$/, "");
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(quality);
    await page.getByTestId("suite-headline").first().waitFor();
    // Nothing wider than the screen: neither the page nor its scrolling area.
    expect(await page.evaluate<number>("document.documentElement.scrollWidth - window.innerWidth")).toBeLessThanOrEqual(0);
    expect(await page.locator("main").evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(shots, "06-mobile.png") });

    await page.setViewportSize({ width: 1280, height: 800 });
    await page.evaluate('localStorage.setItem("atelier.locale", "fr")');
    await page.reload();
    await page.getByTestId("suite-headline").first().waitFor();
    expect(await page.getByTestId("studio-tab-quality").innerText()).toBe("Qualité");
    expect(await page.getByTestId("definition").first().innerText()).toContain("Réponse correcte");
    await page.screenshot({ path: join(shots, "07-french.png") });
    await page.evaluate('localStorage.setItem("atelier.locale", "en")');

    await page.goto(`${quality}/runs/aaaaaaaaaaaaaaaaaaaaa`);
    await page.getByTestId("not-found").waitFor();
  }, 60_000);

  it("turns a thumbs-down answer into a case, and compares two runs", async () => {
    // A user rates an answer of the Guide down, with a correction.
    await page.goto(`${base}/chat`);
    await page.getByTestId("new-conversation").click();
    await page.getByTestId("pick-assistant").filter({ hasText: "Atelier Guide" }).click();
    await page.getByTestId("chat-input").fill("How do I connect a folder?");
    await page.getByTestId("chat-send").click();
    const answer = page.getByTestId("message-assistant").last();
    await expect.poll(() => answer.getAttribute("data-status"), { timeout: 20_000 }).toBe("done");
    await answer.getByTestId("feedback-down").click();
    await page.getByTestId("feedback-comment").fill("It does not say where the folder must be.");
    await page.getByTestId("feedback-correction").fill("ATELIER_FOLDER_ROOTS");
    await page.getByTestId("feedback-submit").click();
    await expect.poll(() => answer.getByTestId("feedback-state").getAttribute("data-rating")).toBe("down");

    // The owner sets the Publish gate's minimum (shown in %, stored as a fraction).
    await page.goto(quality);
    await page.getByTestId("gate-threshold").fill("70");
    await page.getByTestId("gate-save").click();
    await page.getByTestId("gate-card").getByRole("status").waitFor();
    await page.reload();
    await expect.poll(() => page.getByTestId("gate-threshold").inputValue()).toBe("70");

    // The Quality tab offers the answer rated down; it becomes a candidate of the new suite, reviewed and accepted there.
    await page.getByTestId("production-item").first().waitFor();
    expect(await page.getByTestId("production-item").first().innerText()).toContain("ATELIER_FOLDER_ROOTS");
    await page.getByTestId("production-suite").selectOption({ label: SUITE });
    await page.getByTestId("add-candidate").first().click();
    await page.getByTestId("production-added").getByRole("link").click();
    const candidate = page.getByTestId("candidate");
    await candidate.waitFor();
    expect(await candidate.getByTestId("case-reference").inputValue()).toBe("ATELIER_FOLDER_ROOTS");
    await fullScreenshot(page, join(shots, "08-candidate.png"));
    await candidate.getByTestId("accept-candidate").click();
    await expect.poll(() => page.getByTestId("case-row").count()).toBe(4);
    expect(await page.getByTestId("candidate").count()).toBe(0);

    // A second run, compared with the first: the new case is only in the later one.
    await page.getByTestId("run-now").click();
    await page.waitForURL(/\/quality\/runs\/[^/]+$/);
    await expect.poll(() => page.getByTestId("run-header").getAttribute("data-status"), { timeout: 30_000 }).toBe("done");
    const previous = await page.locator('[data-testid="compare-with"] option', { hasText: SUITE }).first().getAttribute("value");
    await page.getByTestId("compare-with").selectOption(previous!);
    await page.getByTestId("compare-counts").waitFor();
    expect(await page.getByTestId("compare-row").count()).toBe(4);
    expect(await page.locator('[data-testid="compare-row"][data-change="only_second"]').count()).toBe(1);
    await fullScreenshot(page, join(shots, "09-compare.png"));
    // On a phone: the comparison and the run stack up without overflowing.
    const runUrl = page.url();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.getByTestId("compare-counts").waitFor();
    await page.screenshot({ path: join(shots, "10-compare-mobile.png") });
    await page.goBack();
    await page.getByTestId("run-case").first().getByTestId("run-case-toggle").click();
    await page.getByTestId("run-case-details").waitFor();
    expect(await page.locator("main").evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
    await fullScreenshot(page, join(shots, "11-run-mobile.png"));
    expect(runUrl).toContain("/compare?");
    await page.setViewportSize({ width: 1280, height: 800 });

    // Back on the tab: two suites on the chart, a point's tooltip names its run.
    await page.goto(quality);
    const dots = page.getByTestId("rate-chart").locator(".recharts-line-dot");
    await expect.poll(() => dots.count()).toBe(3);
    await fullScreenshot(page, join(shots, "12-quality-after.png"));
    await dots.last().hover();
    await page.locator(".recharts-tooltip-wrapper").getByText("Connecting knowledge").waitFor();
    await page.getByTestId("rate-chart").screenshot({ path: join(shots, "13-chart-tooltip.png") });
  }, 60_000);
});
