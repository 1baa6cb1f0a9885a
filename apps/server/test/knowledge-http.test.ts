import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { startAtelier, type RunningAtelier } from "../src/app";
import { readEnv } from "../src/env";
import { browserLikeClient, followAnswer } from "./client";

const dirs: string[] = [];
const running: RunningAtelier[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((a) => a.close()));
});

function tempDir() {
  const dir = mkdtempSync(join(tmpdir(), "atelier-knowledge-http-"));
  dirs.push(dir);
  return dir;
}

async function start(extra: Record<string, string> = {}, guideDocsPath: string | null = null) {
  const env = readEnv({ ATELIER_PORT: "0", ATELIER_DATA_DIR: tempDir(), ...extra }, []);
  const app = await startAtelier(env, pino({ level: "silent" }), { guideDocsPath });
  running.push(app);
  const base = `http://127.0.0.1:${app.port}`;
  const browser = browserLikeClient(base);
  await browser.client.auth.setup.mutate({ workspaceName: "ACME", name: "Ada", email: "ada@acme.test", password: "correct horse battery" });
  return { app, base, browser };
}

function uploadRequest(browser: ReturnType<typeof browserLikeClient>, base: string, sourceId: string, name: string, body: string, headers: Record<string, string> = {}) {
  return browser.fetch(`${base}/api/knowledge/sources/${sourceId}/files`, {
    method: "POST",
    headers: { "x-file-name": encodeURIComponent(name), "content-type": "application/octet-stream", ...headers },
    body,
  });
}

describe("knowledge over HTTP", () => {
  it("uploads files with the session cookie, refuses oversized and cross-site uploads", async () => {
    const { base, browser, app } = await start({ ATELIER_MAX_UPLOAD_MB: "1" });
    const { id } = await browser.client.knowledge.createSource.mutate({ name: "RH", config: { kind: "upload" } });

    const ok = await uploadRequest(browser, base, id, "congés été.md", "# Congés\n\nLes congés d'été se posent avant le 31 mars.");
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ name: "congés été.md" });

    const big = await uploadRequest(browser, base, id, "big.txt", "x".repeat(1024 * 1024 + 10));
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: { appCode: string } }).error.appCode).toBe("knowledge.too_large");

    const anonymous = await fetch(`${base}/api/knowledge/sources/${id}/files`, { method: "POST", headers: { "x-file-name": "a.md" }, body: "# a" });
    expect(anonymous.status).toBe(401);

    const crossSite = await uploadRequest(browser, base, id, "evil.md", "# evil", { origin: "https://evil.example" });
    expect(crossSite.status).toBe(403);

    const unknown = await uploadRequest(browser, base, "0123456789abcdefghij", "a.md", "# a");
    expect(unknown.status).toBe(404);

    for (;;) {
      const source = await browser.client.knowledge.source.query({ id });
      if (!source.activeJob && source.documentCount === 1) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const found = await browser.client.knowledge.search.query({ query: "quand poser les congés d'été" });
    expect(found.results[0]?.location).toBe("congés été.md");
    expect(app.services.knowledge.settings.maxFileBytes).toBe(1024 * 1024);
  });

  it("opens onto the Atelier Guide, which answers from the documentation without any model", async () => {
    const docs = tempDir();
    writeFileSync(join(docs, "knowledge.md"), "# Knowledge\n\n## Connect a server folder\n\nTo connect a server folder, open Knowledge, click New source and choose Server folder.\n");
    const { browser } = await start({}, docs);
    const guide = (await browser.client.assistants.list.query()).find((a) => a.name === "Atelier Guide");
    expect(guide?.model?.displayName).toBe("Built-in, no LLM — answers only from knowledge");
    let answer = "";
    for (let attempt = 0; attempt < 100 && !answer.includes("New source"); attempt++) {
      // The documentation is indexed in the background right after setup.
      const sent = await browser.client.chat.send.mutate({ assistantId: guide!.id, content: "How do I connect a folder?" });
      answer = (await followAnswer(browser.client, sent.assistantMessageId)).done.content;
      if (!answer.includes("New source")) await new Promise((r) => setTimeout(r, 50));
    }
    expect(answer).toContain("New source");
  });
});
