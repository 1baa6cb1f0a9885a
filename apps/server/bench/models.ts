/**
 * `pnpm bench models`: the overhead Atelier adds over calling the model server directly.
 *
 * The fake OpenAI-compatible server runs in its own process, like a real model server, and streams
 * 64-token answers at 100 tokens/s (a fast GPU server; set BENCH_TOKEN_MS=0 for a burst test).
 * Three paths stream the same answers, at 1 and at 50 concurrent streams:
 *  - direct: fetch + SSE parsing straight from the model server (the floor);
 *  - runtime: Atelier's chat service in-process — checks, model resolution, LangChain client,
 *    persistence of the question and answer, usage and cost record — without HTTP;
 *  - HTTP: the browser's path — tRPC mutation, then the SSE subscription carrying the tokens —
 *    against an Atelier server in its own process, with the clients in a third process
 *    (browsers are not on the server either).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { pino } from "pino";
import { createCaller, createContext } from "@atelier/api";
import { startAtelier } from "../src/app";
import { readEnv } from "../src/env";
import { browserLikeClient } from "../test/client";
import { lanes, ms, summarize, type Sample } from "./stats";

const TOKEN_MS = Number(process.env.BENCH_TOKEN_MS ?? 10);

/** The fake model server in its own process, streaming 64-token answers with `tokenMs` between tokens. */
export async function startModelProcess(tokenMs = TOKEN_MS) {
  const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(new URL("./fake-model-process.ts", import.meta.url)), "64", String(tokenMs)], { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once("line", resolve));
  const stop = () => child.kill("SIGTERM");
  process.once("exit", stop);
  return { url, stop };
}

/** One answer fetched straight from the model server (the floor every overhead is measured against). */
export async function direct(url: string): Promise<Sample> {
  const started = performance.now();
  const res = await fetch(`${url}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model: "fake-chat", stream: true, stream_options: { include_usage: true }, messages: [{ role: "user", content: "bench" }] }),
  });
  const decoder = new TextDecoder();
  let ttft = Number.NaN;
  let buffer = "";
  for await (const chunk of res.body as any as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let nl: number;
    while ((nl = buffer.indexOf("\n\n")) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 2);
      if (!line.startsWith("data: ") || line === "data: [DONE]") continue;
      const delta = JSON.parse(line.slice(6)).choices?.[0]?.delta?.content;
      if (delta && Number.isNaN(ttft)) ttft = performance.now() - started;
    }
  }
  return { ttft, total: performance.now() - started };
}

async function startAtelierProcess(modelUrl: string, dataDir: string) {
  const child = spawn(process.execPath, [...(process.env.BENCH_PROFILE ? ["--cpu-prof", "--cpu-prof-dir=/tmp/cpuprof2"] : []), "--import", "tsx", fileURLToPath(new URL("../src/main.ts", import.meta.url))], {
    env: { ...process.env, ATELIER_PORT: "0", ATELIER_DATA_DIR: dataDir, ATELIER_MODEL_BASE_URL: modelUrl, ATELIER_MODEL_NAME: "fake-chat", ATELIER_LOG_LEVEL: "silent" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve) => lines.on("line", (line) => { const m = /running at (http:\S+)/.exec(line); if (m) resolve(m[1]!.replace("localhost", "127.0.0.1")); }));
  const stop = () => child.kill("SIGTERM");
  process.once("exit", stop);
  return { url, stop };
}

export async function benchModels() {
  const model = await startModelProcess();
  const dir = mkdtempSync(join(tmpdir(), "atelier-bench-models-"));
  const env = readEnv({ ATELIER_PORT: "0", ATELIER_DATA_DIR: dir, ATELIER_MODEL_BASE_URL: model.url, ATELIER_MODEL_NAME: "fake-chat", ATELIER_LOG_LEVEL: "silent" }, []);
  const app = await startAtelier(env, pino({ level: "silent" }));
  const local = browserLikeClient(`http://127.0.0.1:${app.port}`);
  await local.client.auth.setup.mutate({ workspaceName: "Bench", name: "Bench", email: "bench@acme.test", password: "benchmark password" });
  const assistant = await local.client.assistants.create.mutate({ name: "Bench", visibility: "workspace" });
  const token = local.jar.get("atelier_session")!;

  const remoteDir = mkdtempSync(join(tmpdir(), "atelier-bench-models-http-"));
  const remote = await startAtelierProcess(model.url, remoteDir);
  const http = browserLikeClient(remote.url);
  await http.client.auth.setup.mutate({ workspaceName: "Bench", name: "Bench", email: "bench@acme.test", password: "benchmark password" });
  const remoteAssistant = await http.client.assistants.create.mutate({ name: "Bench", visibility: "workspace" });

  const runtime = async (): Promise<Sample> => {
    const api = createCaller(createContext(app.services, { sessionToken: token, ip: "127.0.0.1", userAgent: "bench", cookies: { setSession() {}, clearSession() {} } }));
    const started = performance.now();
    const sent = await api.chat.send({ assistantId: assistant.id, content: "bench" });
    let ttft = Number.NaN;
    for await (const tracked of await api.chat.onMessage({ messageId: sent.assistantMessageId })) {
      const event = (tracked as any)[1];
      if (event.type === "token" && Number.isNaN(ttft)) ttft = performance.now() - started;
      if (event.type === "done") {
        if (event.status !== "done") throw new Error(event.error);
        break;
      }
    }
    return { ttft, total: performance.now() - started };
  };

  /** The browser's path, measured by clients in another process (see http-client-process.ts). */
  const overHttp = async (concurrency: number, rounds: number): Promise<Sample[]> => {
    const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(new URL("./http-client-process.ts", import.meta.url)), remote.url, "bench@acme.test", remoteAssistant.id, String(concurrency), String(rounds)], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    for await (const chunk of child.stdout!) out += chunk;
    return JSON.parse(out.trim().split("\n").at(-1)!);
  };

  const paths = {
    direct: (c: number, r: number) => lanes(c, r, () => direct(model.url)),
    runtime: (c: number, r: number) => lanes(c, r, runtime),
    HTTP: overHttp,
  } as const;
  await paths.direct(4, 10); // warm up
  await paths.runtime(4, 10);

  console.log(`\nModels — overhead over the model server (64-token answers streamed at ${TOKEN_MS ? `${1000 / TOKEN_MS} tokens/s` : "full speed"}; the model server runs in its own process)`);
  console.log("streams  path        ttft p50   ttft p95  total p50  total p95   added ttft p50  ratio");
  for (const concurrency of [1, 50]) {
    const rounds = concurrency === 1 ? (TOKEN_MS ? 40 : 200) : 8;
    // Paths run one after another, never at the same time.
    const results: Record<string, ReturnType<typeof summarize>> = {};
    for (const [name, run] of Object.entries(paths)) results[name] = summarize(await run(concurrency, rounds));
    const base = results.direct!;
    for (const [name, r] of Object.entries(results)) {
      const added = r.ttftP50 - base.ttftP50;
      console.log(`${String(concurrency).padStart(7)}  ${name.padEnd(8)}${ms(r.ttftP50)}${ms(r.ttftP95)}${ms(r.totalP50)}${ms(r.totalP95)}   ${name === "direct" ? "".padStart(10) : ms(added)}  ${name === "direct" ? "" : `x${(r.totalP50 / base.totalP50).toFixed(2)}`}`);
    }
  }
  await app.close();
  remote.stop();
  model.stop();
  rmSync(dir, { recursive: true, force: true });
  rmSync(remoteDir, { recursive: true, force: true });
}
