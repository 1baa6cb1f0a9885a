/**
 * Chat streaming overhead: the same scripted answers streamed directly from the model server and
 * through Atelier (tRPC mutation + SSE subscription + SQLite persistence), sequentially and with
 * concurrent users. Prints time to first token and total time (p50 / p95) and the ratios.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { startFakeOpenAI } from "@atelier/fake-openai";
import { startAtelier } from "../src/app";
import { readEnv } from "../src/env";
import { browserLikeClient } from "../test/client";

const REPLY = "Atelier streams every token of this scripted answer to the browser as soon as it arrives. ".repeat(4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);

function pct(values: number[], p: number) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

async function direct(url: string) {
  const started = performance.now();
  const res = await fetch(`${url}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model: "fake-chat", stream: true, messages: [{ role: "user", content: "bench" }] }),
  });
  const reader = res.body!.getReader();
  let first: number | null = null;
  const decoder = new TextDecoder();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (first === null && decoder.decode(value).includes('"content":"A')) first = performance.now() - started;
  }
  return { ttft: first ?? Number.NaN, total: performance.now() - started };
}

export async function benchChatStreaming() {
  const fake = await startFakeOpenAI({ models: ["fake-chat"], defaultScenario: () => ({ reply: REPLY }) });
  const dir = mkdtempSync(join(tmpdir(), "atelier-bench-"));
  const env = readEnv({ ATELIER_PORT: "0", ATELIER_DATA_DIR: dir, ATELIER_MODEL_BASE_URL: fake.url, ATELIER_MODEL_NAME: "fake-chat" }, []);
  const app = await startAtelier(env, pino({ level: "silent" }));
  const base = `http://127.0.0.1:${app.port}`;
  const admin = browserLikeClient(base);
  await admin.client.auth.setup.mutate({ workspaceName: "Bench", name: "Bench", email: "bench@acme.test", password: "benchmark password" });
  const assistant = await admin.client.assistants.create.mutate({ name: "Bench", visibility: "workspace" });

  const viaAtelier = async (client: typeof admin.client) => {
    const started = performance.now();
    const sent = await client.chat.send.mutate({ assistantId: assistant.id, content: "bench" });
    return new Promise<{ ttft: number; total: number }>((resolve, reject) => {
      let first: number | null = null;
      const sub = client.chat.onMessage.subscribe(
        { messageId: sent.assistantMessageId },
        {
          onData: ({ data }) => {
            if (data.type === "token" && first === null) first = performance.now() - started;
            if (data.type === "done") {
              sub.unsubscribe();
              if (data.status !== "done") reject(new Error(`answer ${data.status}: ${data.error}`));
              else resolve({ ttft: first ?? Number.NaN, total: performance.now() - started });
            }
          },
          onError: reject,
        },
      );
    });
  };

  // Warm up both paths.
  for (let i = 0; i < 3; i++) {
    await direct(fake.url);
    await viaAtelier(admin.client);
  }
  const rows: { path: string; ttft: number[]; total: number[]; wall: number }[] = [];
  for (const [name, fn] of [["model server directly", () => direct(fake.url)], ["through Atelier (1 user)", () => viaAtelier(admin.client)]] as const) {
    const ttft: number[] = [], total: number[] = [];
    const wall = performance.now();
    for (let i = 0; i < ROUNDS; i++) {
      const r = await fn();
      ttft.push(r.ttft);
      total.push(r.total);
    }
    rows.push({ path: name, ttft, total, wall: performance.now() - wall });
  }
  const users = 8;
  {
    const ttft: number[] = [], total: number[] = [];
    const wall = performance.now();
    await Promise.all(
      Array.from({ length: users }, async () => {
        for (let i = 0; i < ROUNDS / 4; i++) {
          const r = await viaAtelier(admin.client);
          ttft.push(r.ttft);
          total.push(r.total);
        }
      }),
    );
    rows.push({ path: `through Atelier (${users} concurrent)`, ttft, total, wall: performance.now() - wall });
  }

  console.log(`\nChat streaming — ${ROUNDS} answers of ${REPLY.split(" ").length} tokens each`);
  console.log("path                              ttft p50   ttft p95   total p50  total p95  answers/s");
  for (const r of rows) {
    console.log(
      `${r.path.padEnd(34)}${pct(r.ttft, 50).toFixed(1).padStart(7)} ms${pct(r.ttft, 95).toFixed(1).padStart(8)} ms${pct(r.total, 50).toFixed(1).padStart(8)} ms${pct(r.total, 95).toFixed(1).padStart(8)} ms${((r.total.length / r.wall) * 1000).toFixed(1).padStart(10)}`,
    );
  }
  const [d, a] = rows;
  console.log(`ratio Atelier / direct: time to first token x${(pct(a!.ttft, 50) / pct(d!.ttft, 50)).toFixed(2)}, total x${(pct(a!.total, 50) / pct(d!.total, 50)).toFixed(2)} (p50)`);
  await app.close();
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
}
