/**
 * Monitoring in a real browser (Debian's /usr/bin/chromium driven by playwright-core, never a
 * downloaded browser), with the demo model and the Atelier Guide, whose test suite runs at first
 * start. Set up through the API: the Guide published twice (v1, v2), a member who asks it three
 * questions and rates one answer down, and an alert on its correct-answer rate. Then in the
 * browser: Monitoring → the Guide's row with its rate → filtered by name → its page, whose
 * correct-answer chart marks the versions → the review queue, filled, an answer labelled Incorrect
 * with a comment → the agreement panel counts the review → Usage, exported as CSV → the bell
 * shows the alert. Then the overview on a phone, in French, and what a member sees.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { demoScenario } from "@atelier/fake-openai";
import { completeSetup, DESKTOP, fullScreenshot, runBrowserTests, startBrowserTest, trpc, type BrowserTest } from "./browser";

const shots = fileURLToPath(new URL("../test-results/monitoring/", import.meta.url));

const GUIDE = "Atelier Guide";
const MEMBER = { name: "Grace Hopper", email: "grace@acme.test", password: "another horse battery" };
const QUESTIONS = ["How do I connect a folder?", "How do I upload a file?", "What is the capital of Peru?"];
const REVIEW_COMMENT = "It quotes the guide but misses the folder roots setting.";

describe.skipIf(!runBrowserTests)("Monitoring in a browser", () => {
  let browserTest: BrowserTest;
  let browser: Browser;
  let page: Page;
  let memberContext: BrowserContext;
  let base: string;
  let guideId = "";

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    // The demo model, which also plays the judge here: a groundedness prompt gets a scripted verdict.
    browserTest = await startBrowserTest({
      name: "monitoring",
      defaultScenario: (body) =>
        String(body?.messages?.[0]?.content ?? "").startsWith("You check whether an assistant's answer is supported")
          ? { reply: JSON.stringify({ verdict: "grounded", rationale: "Every statement is in passage [1]." }) }
          : demoScenario(body),
      pageOptions: { acceptDownloads: true },
    });
    ({ browser, page, base } = browserTest);
  }, 60_000);

  afterAll(async () => {
    await memberContext?.close();
    await browserTest?.close();
  });

  it("shows the Guide's figures, its versions, a reviewed answer, usage as CSV and an alert", async () => {
    const started = Date.now();
    await page.goto(base);
    await completeSetup(page);
    await page.getByTestId("new-conversation").waitFor();

    // The documentation is indexed and the Guide's first-start run finishes in the background.
    guideId = (await trpc<{ id: string; name: string }[]>(page, "assistants.list")).find((a) => a.name === GUIDE)!.id;
    await expect
      .poll(
        async () => {
          const runs = await trpc<{ status: string }[]>(page, "evaluation.runs", { assistantId: guideId });
          return runs.length > 0 && runs.every((r) => r.status === "done" || r.status === "failed");
        },
        { timeout: 75_000, interval: 500 },
      )
      .toBe(true);

    // Published twice: each Publish first checks the draft on the suite (the second reuses that check).
    for (const note of ["First version", "Second version"]) {
      await expect
        .poll(async () => (await trpc<{ status: string }>(page, "assistants.publish", { id: guideId, note }, "mutation")).status, { timeout: 60_000, interval: 500 })
        .not.toBe("checking");
    }
    const versions = await trpc<{ versions: { number: number }[] }>(page, "assistants.versions", { assistantId: guideId });
    expect(versions.versions.map((v) => v.number).sort()).toEqual([1, 2]);

    // An alert that fires: the Guide's correct-answer rate is below 100%.
    await trpc(page, "alerts.createRule", { assistantId: guideId, metric: "correct_rate", threshold: 1 }, "mutation");
    await trpc(page, "alerts.check", undefined, "mutation");

    // Live grading: the demo model is the workspace's judge and every answer is sampled.
    const demo = (await trpc<{ id: string; name: string }[]>(page, "models.usable")).find((m) => m.name === "atelier-demo")!;
    await trpc(page, "models.updateSettings", { defaultJudgeModelId: demo.id }, "mutation");
    await trpc(page, "review.updateLiveGradingSettings", { rate: 1, dailyBudget: 100 }, "mutation");

    // A member asks the Guide three questions and rates one answer down.
    await trpc(page, "users.create", { ...MEMBER, role: "member", teamIds: [] }, "mutation");
    memberContext = await browser.newContext(DESKTOP);
    const member = await memberContext.newPage();
    await member.goto(`${base}/login`);
    await trpc(member, "auth.login", { email: MEMBER.email, password: MEMBER.password }, "mutation");
    const answers: string[] = [];
    for (const content of QUESTIONS) {
      const sent = await trpc<{ conversationId: string; assistantMessageId: string }>(member, "chat.send", { assistantId: guideId, content }, "mutation");
      await expect
        .poll(async () => {
          const conversation = await trpc<{ messages: { id: string; status: string }[] }>(member, "chat.conversation", { id: sent.conversationId });
          return conversation.messages.find((m) => m.id === sent.assistantMessageId)?.status;
        }, { timeout: 20_000, interval: 300 })
        .toBe("done");
      answers.push(sent.assistantMessageId);
    }
    await trpc(member, "chat.feedback", { messageId: answers[0], rating: "down", comment: "Where must the folder be?", correction: "Under ATELIER_FOLDER_ROOTS" }, "mutation");

    // Monitoring: the Guide's row with its correct-answer rate and the member's traffic.
    await page.getByTestId("nav-monitoring").click();
    const row = page.locator(`[data-testid="overview-row"][data-assistant="${GUIDE}"]`);
    await row.getByTestId("overview-rate").waitFor();
    const rate = Number(await row.getByTestId("overview-rate").getAttribute("data-rate"));
    expect(rate).toBeGreaterThan(0);
    expect(rate).toBeLessThan(1);
    expect(await row.getByTestId("overview-rate").innerText()).toMatch(/\d+(\.\d)?%/);
    expect(await row.innerText()).toContain("of 1 rating");
    await fullScreenshot(page, join(shots, "01-overview.png"));

    // Filtered by assistant: nothing for an unknown name, the Guide for part of its name (kept in the URL).
    await page.getByTestId("overview-filter").fill("payroll");
    await page.getByTestId("overview-no-match").waitFor();
    await page.getByTestId("overview-filter").fill("guide");
    await row.waitFor();
    expect(await page.getByTestId("overview-row").count()).toBe(1);
    expect(page.url()).toContain("q=guide");

    // The assistant page: the correct-answer chart marks v1 and v2; the headline counts the answers.
    await row.getByTestId("overview-assistant").click();
    await page.waitForURL(new RegExp(`/monitoring/assistants/${guideId}`));
    const chart = page.getByTestId("rate-over-time");
    await chart.locator(".recharts-line-dot").first().waitFor();
    await expect.poll(() => chart.locator("text.recharts-label").allTextContents()).toEqual(expect.arrayContaining(["v1", "v2"]));
    expect(await page.getByTestId("version-marker").count()).toBe(2);
    expect(await page.getByTestId("card-answers").innerText()).toMatch(/Answers\s+3/);
    await page.getByTestId("chart-answers").locator(".recharts-bar-rectangle").first().waitFor();
    expect(await page.getByTestId("negative-row").first().innerText()).toContain(QUESTIONS[0]);
    await page.getByTestId("alert-rule").getByTestId("alert-crossed").waitFor();
    await fullScreenshot(page, join(shots, "02-assistant.png"));

    // A second alert from the card: a webhook that is not http(s) is refused, then the rule is saved and switched off.
    await page.getByTestId("new-alert").click();
    await page.getByTestId("alert-metric").selectOption("thumbs_up_rate");
    await page.getByTestId("alert-threshold").fill("50");
    await page.getByTestId("alert-webhook").fill("ftp://hooks.example.com/atelier");
    await page.getByTestId("alert-submit").click();
    expect(await page.getByTestId("alert-form").getByTestId("field-error").innerText()).toContain("http:// or https://");
    await page.screenshot({ path: join(shots, "02b-alert-dialog.png") });
    await page.getByTestId("alert-webhook").fill("https://hooks.example.com/atelier");
    await page.getByTestId("alert-submit").click();
    const thumbsRule = page.locator('[data-testid="alert-rule"][data-metric="thumbs_up_rate"]');
    await thumbsRule.waitFor();
    expect(await thumbsRule.innerText()).toContain("Thumbs-up rate below 50%");
    expect(await thumbsRule.getByTestId("alert-reading").innerText()).toContain("Not enough ratings");
    await thumbsRule.getByTestId("alert-toggle").click();
    await expect.poll(() => thumbsRule.getAttribute("data-enabled")).toBe("false");

    // The review queue: filled (the answer rated down first), the judge's verdict hidden, labelled Incorrect.
    await page.getByTestId("open-review").click();
    await page.getByTestId("review-fill").click();
    const item = page.getByTestId("review-item").first();
    await item.waitFor();
    expect(await item.getByTestId("review-reason").getAttribute("data-reason")).toBe("thumbs_down");
    expect(await item.getByTestId("review-question").innerText()).toBe(QUESTIONS[0]);
    await item.getByTestId("judge-hidden").waitFor();
    const panel = page.getByTestId("agreement-panel");
    await expect.poll(() => panel.getAttribute("data-reviewed")).toBe("0");
    await fullScreenshot(page, join(shots, "03-review-queue.png"));
    await item.getByTestId("review-comment").fill(REVIEW_COMMENT);
    await item.getByTestId("review-incorrect").click();
    const reveal = page.getByTestId("review-reveal");
    await reveal.waitFor();
    expect(await reveal.getByTestId("your-verdict").innerText()).toBe("Incorrect");
    await reveal.getByTestId("judge-verdict").waitFor();
    await expect.poll(() => panel.getAttribute("data-reviewed")).toBe("1");
    expect(await panel.getByTestId("agreement-reviewed").innerText()).toBe("1");
    // The live judge found that answer grounded; the reviewer says incorrect: one pair, in disagreement.
    await expect.poll(() => panel.getAttribute("data-n")).toBe("1");
    expect(await panel.getByTestId("agreement-percent").innerText()).toMatch(/^0\s?%$/);
    await reveal.getByTestId("to-case").click();
    await reveal.getByTestId("case-created").waitFor();
    expect(await reveal.getByTestId("case-suite-link").getAttribute("href")).toMatch(new RegExp(`^/studio/${guideId}/quality/suites/`));
    await fullScreenshot(page, join(shots, "04-reviewed.png"));

    // Usage by team, exported as CSV.
    await page.getByTestId("monitoring-tab-usage").click();
    await page.getByTestId("usage-row").first().waitFor();
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("usage-export").click()]);
    expect(download.suggestedFilename()).toMatch(/^atelier-usage-by-team-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync((await download.path())!, "utf8");
    expect(csv.replace(/^\uFEFF/, "").split("\r\n")[0]).toBe("team,assistants,calls,errors,input_tokens,output_tokens,cost_eur");
    expect(csv).toContain("Workspace");
    await page.getByTestId("usage-by-model").click();
    await expect.poll(() => page.getByTestId("usage-row").first().getAttribute("data-name")).toContain("Built-in");
    await fullScreenshot(page, join(shots, "05-usage.png"));

    // The bell: the alert, read.
    // (The bell checks every 30 seconds, and whenever it is opened.)
    const bell = page.getByTestId("notifications-bell");
    await bell.click();
    await expect.poll(() => bell.getAttribute("data-unread")).toBe("1");
    const notification = page.getByTestId("notification").first();
    expect(await notification.innerText()).toContain("correct-answer rate below 100%");
    await page.screenshot({ path: join(shots, "06-notifications.png") });
    await page.getByTestId("notifications-mark-all").click();
    await expect.poll(() => bell.getAttribute("data-unread")).toBe("0");
    await page.keyboard.press("Escape");
    expect(Date.now() - started).toBeLessThan(90_000);
  }, 120_000);

  it("fits a phone, speaks French, and tells a member Monitoring is for builders", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/monitoring`);
    await page.getByTestId("overview-card").first().waitFor();
    // A string, evaluated in the page (this package is compiled without the DOM's types).
    const overflow = await page.evaluate<{ page: number; main: number }>(
      `(() => { const main = document.getElementById("main"); return { page: document.documentElement.scrollWidth - window.innerWidth, main: main.scrollWidth - main.clientWidth }; })()`,
    );
    expect(overflow.page).toBeLessThanOrEqual(0);
    expect(overflow.main).toBeLessThanOrEqual(0);
    await page.getByTestId("notifications-bell").waitFor();
    await fullScreenshot(page, join(shots, "07-overview-mobile.png"));
    await page.goto(`${base}/monitoring/assistants/${guideId}`);
    await page.getByTestId("rate-over-time").locator(".recharts-line-dot").first().waitFor();
    await fullScreenshot(page, join(shots, "08-assistant-mobile.png"));
    await page.goto(`${base}/monitoring/review?assistant=${guideId}&status=reviewed`);
    await page.getByTestId("reviewed-item").first().waitFor();
    await fullScreenshot(page, join(shots, "09-review-mobile.png"));

    await page.setViewportSize({ width: 1280, height: 800 });
    await page.evaluate('localStorage.setItem("atelier.locale", "fr")');
    await page.goto(`${base}/monitoring/assistants/${guideId}?period=7d`);
    await page.getByTestId("rate-over-time").locator(".recharts-line-dot").first().waitFor();
    expect(await page.getByTestId("range-period").inputValue()).toBe("7d");
    expect(await page.getByTestId("rate-over-time").locator("h3").innerText()).toBe("Réponses correctes dans le temps");
    await fullScreenshot(page, join(shots, "10-assistant-french.png"));
    await page.evaluate('localStorage.setItem("atelier.locale", "en")');

    // An assistant nobody uses yet and nobody measures: flagged, and a helpful empty page instead of empty charts.
    const models = await trpc<{ id: string; providerKind: string }[]>(page, "models.usable");
    const quiet = await trpc<{ id: string }>(page, "assistants.create", { name: "Travel desk", emoji: "🧳", modelId: models.find((m) => m.providerKind === "builtin")!.id }, "mutation");
    await page.goto(`${base}/monitoring`);
    const travel = page.locator('[data-testid="overview-row"][data-assistant="Travel desk"]');
    await travel.waitFor();
    expect(await travel.getByTestId("overview-flag").getAttribute("data-flag")).toBe("no_suite");
    await page.getByTestId("flags-legend").waitFor();
    await fullScreenshot(page, join(shots, "12-overview-two.png"));
    await page.goto(`${base}/monitoring/assistants/${quiet.id}`);
    await page.getByTestId("rate-empty").waitFor();
    await page.getByTestId("compare-one-version").waitFor();
    await fullScreenshot(page, join(shots, "13-assistant-quiet.png"));

    // A custom period, kept in the URL.
    await page.goto(`${base}/monitoring/usage`);
    await page.getByTestId("range-period").selectOption("custom");
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    await page.getByTestId("range-from").fill(day(-10));
    await page.getByTestId("range-to").fill(day(0));
    await page.getByTestId("range-apply").click();
    await page.waitForURL(new RegExp(`period=custom&from=${day(-10)}&to=${day(0)}`));
    await page.getByTestId("usage-row").first().waitFor();

    // A member: a sentence instead of the dashboards, and a bell without errors.
    const member = memberContext.pages()[0]!;
    await member.goto(`${base}/monitoring`);
    await member.getByTestId("monitoring-members").waitFor();
    expect(await member.getByTestId("monitoring-members").innerText()).toContain("for builders and admins");
    expect(await member.getByTestId("notifications-bell").getAttribute("data-unread")).toBe("0");
    await member.screenshot({ path: join(shots, "11-member.png") });
  }, 60_000);
});
