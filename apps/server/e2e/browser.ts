import { existsSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { webDist } from "../src/app";

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
