import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContextOptions, type Locator, type Page } from "playwright-core";
import { pino } from "pino";
import { demoScenario, startFakeOpenAI, type FakeOpenAI, type FakeOpenAIOptions } from "@atelier/fake-openai";
import { startAtelier, webDist, type RunningAtelier } from "../src/app";
import { readEnv } from "../src/env";

/** Debian's Chromium, never a browser downloaded by a test tool. */
export const CHROMIUM = process.env.ATELIER_CHROMIUM ?? "/usr/bin/chromium";
/** CI sets ATELIER_REQUIRE_BROWSER=1: the browser tests must run there, not skip. */
export const browserRequired = process.env.ATELIER_REQUIRE_BROWSER === "1";
export const browserAvailable = existsSync(CHROMIUM) && existsSync(join(webDist, "index.html"));
/** Whether the browser tests run here (logs why once when they are skipped). */
export const runBrowserTests = browserAvailable || browserRequired;
if (!runBrowserTests) {
  console.warn(`[e2e] skipped: ${existsSync(CHROMIUM) ? "the web app is not built" : `${CHROMIUM} is missing (apt-get install chromium)`}`);
}

/** Headless Chromium with the flags these machines need (no sandbox, no GPU, no background traffic). */
export function launchChromium() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** A desktop browser in English: what every journey starts with. */
export const DESKTOP: BrowserContextOptions = { locale: "en-US", viewport: { width: 1280, height: 800 } };

type AtelierOptions = NonNullable<Parameters<typeof startAtelier>[2]>;

export interface BrowserTestOptions {
  /** Names the temporary data directory (atelier-e2e-<name>-…). */
  name: string;
  /**
   * The language model Atelier talks to, always a scripted fake on loopback:
   * - "demo" (default): the demo model, as `--demo-model` starts it ("atelier-demo", scripted answers);
   * - "environment": a "fake-chat" model configured through ATELIER_MODEL_BASE_URL and ATELIER_MODEL_NAME
   *   (it echoes the question unless a test queues an answer);
   * - "none": no language model at all, only the built-in engine answering from knowledge.
   */
  model?: "demo" | "environment" | "none";
  /** The fake model's answer when no test queued one (default for the demo model: its script, demoScenario). */
  defaultScenario?: FakeOpenAIOptions["defaultScenario"];
  /** More ATELIER_* settings (the port is picked by the system, the data directory is the temporary one). */
  env?: Record<string, string>;
  /** Other options of startAtelier (the demo model is set from `model`). */
  atelierOptions?: Omit<AtelierOptions, "demoModel">;
  /** Options of the page, on top of DESKTOP. */
  pageOptions?: BrowserContextOptions;
}

/** A running Atelier on a fresh data directory, its fake model and a browser page on it. */
export interface BrowserTest<Fake extends FakeOpenAI | null = FakeOpenAI> {
  app: RunningAtelier;
  /** http://127.0.0.1:<port> */
  base: string;
  /** The scripted model, to queue answers and read the requests it got (null with `model: "none"`). */
  fake: Fake;
  browser: Browser;
  /** A desktop page in English (DESKTOP), not yet on Atelier. */
  page: Page;
  dataDir: string;
  /** Closes the browser, Atelier and the fake model, and deletes the data directory. */
  close(): Promise<void>;
}

/**
 * Starts what a browser test needs: the fake model, Atelier on a temporary data directory (port
 * picked by the system, silent logs) and Chromium with a desktop page. If a step fails, what was
 * started is closed before the error is thrown.
 */
export function startBrowserTest(options: BrowserTestOptions & { model: "none" }): Promise<BrowserTest<null>>;
export function startBrowserTest(options: BrowserTestOptions): Promise<BrowserTest>;
export async function startBrowserTest(options: BrowserTestOptions): Promise<BrowserTest<FakeOpenAI | null>> {
  const model = options.model ?? "demo";
  const dataDir = mkdtempSync(join(tmpdir(), `atelier-e2e-${options.name}-`));
  let fake: FakeOpenAI | null = null;
  let app: RunningAtelier | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await app?.close();
    await fake?.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const env: Record<string, string> = { ...options.env, ATELIER_PORT: "0", ATELIER_DATA_DIR: dataDir };
    const atelierOptions: AtelierOptions = { ...options.atelierOptions };
    if (model === "demo") {
      fake = await startFakeOpenAI({ models: ["atelier-demo"], defaultScenario: options.defaultScenario ?? demoScenario });
      atelierOptions.demoModel = { managedBy: "demo", name: "Demo (scripted, not a model)", baseUrl: fake.url, modelName: "atelier-demo" };
    } else if (model === "environment") {
      fake = await startFakeOpenAI({ models: ["fake-chat"], defaultScenario: options.defaultScenario });
      env.ATELIER_MODEL_BASE_URL = fake.url;
      env.ATELIER_MODEL_NAME = "fake-chat";
    }
    app = await startAtelier(readEnv(env, []), pino({ level: "silent" }), atelierOptions);
    browser = await launchChromium();
    const page = await browser.newPage({ ...DESKTOP, ...options.pageOptions });
    return { app, base: `http://127.0.0.1:${app.port}`, fake, browser, page, dataDir, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The first-run form's values; tests that check the admin's name or e-mail rely on these defaults. */
export interface SetupValues {
  workspace?: string;
  name?: string;
  email?: string;
  password?: string;
  /** Where to save a screenshot of the filled form, before it is sent. */
  screenshot?: string;
}

/** Fills the first-run setup form (the page must be on it) and sends it: the workspace and its first admin. */
export async function completeSetup(
  page: Page,
  { workspace = "ACME Assurances", name = "Ada Lovelace", email = "ada@acme.test", password = "correct horse battery", screenshot }: SetupValues = {},
) {
  await page.getByTestId("setup-workspace").fill(workspace);
  await page.getByTestId("setup-name").fill(name);
  await page.getByTestId("setup-email").fill(email);
  await page.getByTestId("setup-password").fill(password);
  if (screenshot) await page.screenshot({ path: screenshot });
  await page.getByTestId("setup-submit").click();
}

/** Calls a tRPC procedure from the page, with its session cookie (superjson without special types). */
export async function trpc<T>(page: Page, path: string, input?: unknown, kind: "query" | "mutation" = "query"): Promise<T> {
  return page.evaluate(
    async ({ path, input, kind }) => {
      const payload = JSON.stringify({ json: input });
      const res =
        kind === "mutation"
          ? await fetch(`/trpc/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: payload })
          : await fetch(`/trpc/${path}?input=${encodeURIComponent(payload)}`);
      const body = (await res.json()) as { result: { data: { json: T } } };
      if (!res.ok) throw new Error(`${path}: ${JSON.stringify(body)}`);
      return body.result.data.json;
    },
    { path, input, kind },
  );
}

/**
 * Saves a screenshot of the whole page at `path`. The app scrolls inside <main>, so for the shot the
 * viewport is made as tall as `content` (default: <main>), at most `maxHeight`, then restored.
 */
export async function fullScreenshot(page: Page, path: string, { maxHeight = 6000, content }: { maxHeight?: number; content?: Locator } = {}) {
  const size = page.viewportSize()!;
  const height = await (content ?? page.locator("main")).evaluate((el) => el.scrollHeight);
  await page.setViewportSize({ width: size.width, height: Math.min(maxHeight, Math.max(size.height, height + 20)) });
  await page.screenshot({ path });
  await page.setViewportSize(size);
}
