import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAtelier, type RunningAtelier } from "../src/app";
import { evalRunCommand } from "../src/cli/eval-run";
import { readCliEnv, readEnv } from "../src/env";
import { browserLikeClient } from "./client";

const run = promisify(execFile);
let app: RunningAtelier;
let dir: string;
let base: string;
const credentials = { ATELIER_EMAIL: "ada@acme.test", ATELIER_PASSWORD: "correct horse battery" };
const suite = "Atelier Guide — documentation questions";

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "atelier-cli-"));
  app = await startAtelier(readEnv({ ATELIER_PORT: "0", ATELIER_DATA_DIR: dir }, []), pino({ level: "silent" }));
  base = `http://127.0.0.1:${app.port}`;
  const { client } = browserLikeClient(base);
  await client.auth.setup.mutate({ workspaceName: "ACME", name: "Ada", email: credentials.ATELIER_EMAIL, password: credentials.ATELIER_PASSWORD });
}, 30_000);
afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("atelier eval run (for external CI)", () => {
  it("runs the suite on the server, prints the rate with its interval, and exits 0 at or above the threshold, 1 below", async () => {
    const lines: string[] = [];
    const env = { ATELIER_URL: base, ...credentials };
    const code = await evalRunCommand(["--assistant", "Atelier Guide", "--suite", suite, "--threshold", "0.5", "--json"], env, (l) => lines.push(l));
    const result = JSON.parse(lines.join("\n"));
    expect(code).toBe(0);
    expect(result).toMatchObject({ status: "passed", assistant: { name: "Atelier Guide" }, suite: { name: suite }, threshold: 0.5 });
    expect(result.total).toBeGreaterThanOrEqual(30);
    expect(result.correctRate).toBeGreaterThan(0.5);
    expect(result.interval[0]).toBeLessThan(result.correctRate);
    expect(result.runUrl).toBe(`${base}/studio/${result.assistant.id}/quality/runs/${result.runId}`);
    const overview = await app.services.db.query.evalRuns.findFirst({ where: (r, { eq }) => eq(r.id, result.runId) });
    expect(overview?.trigger).toBe("api");

    const readable: string[] = [];
    expect(await evalRunCommand(["--assistant", "atelier guide", "--suite", suite, "--threshold", "0.999"], env, (l) => readable.push(l))).toBe(1);
    expect(readable.join("\n")).toMatch(/BELOW THRESHOLD: threshold 99\.9 %/);
  }, 60_000);

  it("says which setting is missing when the account is not given", () => {
    expect(() => readCliEnv({})).toThrow(/ATELIER_EMAIL is required: the e-mail of an Atelier account that may edit the assistant\nATELIER_PASSWORD is required/);
    expect(() => readCliEnv({ ATELIER_URL: "not a url", ATELIER_EMAIL: "a@b.c", ATELIER_PASSWORD: "x" })).toThrow(/ATELIER_URL must be a URL/);
    expect(readCliEnv({ ATELIER_EMAIL: "a@b.c", ATELIER_PASSWORD: "x" }).ATELIER_URL).toBe("http://127.0.0.1:3000");
  });

  it("exits 2 with a sentence on wrong credentials, an unknown suite, or bad options", async () => {
    const out: string[] = [];
    expect(await evalRunCommand(["--assistant", "Atelier Guide", "--suite", suite], { ATELIER_URL: base, ATELIER_EMAIL: "ada@acme.test", ATELIER_PASSWORD: "wrong password" }, (l) => out.push(l))).toBe(2);
    expect(out.at(-1)).toMatch(/^Error: .*(password|credentials)/i);
    expect(await evalRunCommand(["--assistant", "Atelier Guide", "--suite", "Nope"], { ATELIER_URL: base, ...credentials }, (l) => out.push(l))).toBe(2);
    expect(out.at(-1)).toBe('Error: No test suite named "Nope" that this account may edit.');
    expect(await evalRunCommand(["--assistant", "Atelier Guide", "--suite", suite, "--threshold", "85"], { ATELIER_URL: base, ...credentials }, (l) => out.push(l))).toBe(2);
    expect(out.at(-1)).toMatch(/--threshold must be a number between 0 and 1/);
  }, 30_000);

  it("accepts case files far larger than a chat message over HTTP (and only there)", async () => {
    const { client } = browserLikeClient(base);
    await client.auth.login.mutate({ email: credentials.ATELIER_EMAIL, password: credentials.ATELIER_PASSWORD });
    const guide = (await client.assistants.listEditable.query()).find((a) => a.name === "Atelier Guide")!;
    const suiteId = (await client.evaluation.overview.query({ assistantId: guide.id })).suites[0]!.id;
    const rows = Array.from({ length: 4000 }, (_, i) => `Question number ${i} about a rather long topic to make the file big?,Answer ${i} ${"x".repeat(200)}`);
    const text = `question,reference_answer\n${rows.join("\n")}\n`;
    expect(text.length).toBeGreaterThan(800_000);
    const preview = await client.evaluation.previewImport.mutate({ suiteId, fileName: "big.csv", text });
    expect(preview).toMatchObject({ valid: 4000, invalid: 0 });
    // Other procedures keep the message-sized limit.
    const res = await fetch(`${base}/trpc/auth.login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ json: { email: "a@b.c", password: text } }) });
    expect(res.status).toBe(413);
  }, 30_000);

  it("is the `atelier` binary's eval command, with its exit code", async () => {
    const bin = fileURLToPath(new URL("../bin/atelier.mjs", import.meta.url));
    const failure = await run(process.execPath, [bin, "eval", "run", "--assistant", "Atelier Guide", "--suite", suite, "--threshold", "1", "--json"], {
      env: { ...process.env, ATELIER_URL: base, ...credentials },
    }).catch((e) => e);
    expect(failure.code).toBe(1);
    expect(JSON.parse(failure.stdout)).toMatchObject({ status: "below_threshold", threshold: 1 });
  }, 60_000);
});
