/**
 * `pnpm bench chat`: what a chat turn costs on top of the model, for an assistant with knowledge
 * and a tool (the agent path: retrieval over 100,000 chunks, prompt assembly with passages and
 * citations, tools bound, persistence, usage record), and 100 conversations streaming at once.
 *
 * The fake OpenAI-compatible server runs in its own process. Overhead = Atelier's time to the end
 * of the answer minus the same answer fetched straight from the model server (p50 and p95 of each,
 * measured one after the other).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { pino } from "pino";
import { createCaller, createContext } from "@atelier/api";
import { knowledgeSources, newId } from "@atelier/db";
import { startAtelier } from "../src/app";
import { readEnv } from "../src/env";
import { browserLikeClient } from "../test/client";
import { direct, startModelProcess } from "./models";
import { lanes, ms, percentile, type Sample } from "./stats";

const CHUNKS = Number(process.env.BENCH_CHAT_CHUNKS ?? 100_000);
const datasets = fileURLToPath(new URL("../../../../shared/datasets/", import.meta.url));

function corpusTexts(): { title: string; text: string }[] {
  const read = (file: string) =>
    readFileSync(file, "utf8")
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as { title: string; text: string });
  return [...read(join(datasets, "beir-scifact", "corpus.jsonl")), ...read(join(datasets, "piaf-fr-dev", "corpus.jsonl"))];
}

export async function benchChat() {
  const fast = await startModelProcess(0);
  const dir = mkdtempSync(join(tmpdir(), "atelier-bench-chat-"));
  const env = readEnv({ ATELIER_PORT: "0", ATELIER_DATA_DIR: dir, ATELIER_MODEL_BASE_URL: fast.url, ATELIER_MODEL_NAME: "fake-chat", ATELIER_LOG_LEVEL: "silent" }, []);
  const app = await startAtelier(env, pino({ level: "silent" }), { guideDocsPath: null });
  const browser = browserLikeClient(`http://127.0.0.1:${app.port}`);
  await browser.client.auth.setup.mutate({ workspaceName: "Bench", name: "Bench", email: "bench@acme.test", password: "benchmark password" });
  const token = browser.jar.get("atelier_session")!;

  // 100,000 one-chunk documents from the public datasets (texts reused with a distinct tag each).
  const t0 = performance.now();
  const sourceId = newId();
  app.services.db.insert(knowledgeSources).values({ id: sourceId, name: "Bench corpus", kind: "upload", config: {}, teamId: null }).run();
  const texts = corpusTexts();
  const batch: Parameters<typeof app.services.knowledge.index.indexDocuments>[0] = [];
  for (let i = 0; i < CHUNKS; i++) {
    const t = texts[i % texts.length]!;
    batch.push({ id: `doc${i}`, sourceId, title: `${t.title} #${i}`, blocks: [{ kind: "paragraph", text: `${t.text.slice(0, 900)} (ref ${i})` }] });
    if (batch.length === 2000) app.services.knowledge.index.indexDocuments(batch.splice(0));
  }
  if (batch.length) app.services.knowledge.index.indexDocuments(batch.splice(0));
  app.services.knowledge.index.optimize();
  console.log(`\nChat — knowledge corpus of ${CHUNKS.toLocaleString("en")} chunks built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const api = () => createCaller(createContext(app.services, { sessionToken: token, ip: "127.0.0.1", userAgent: "bench", cookies: { setSession() {}, clearSession() {} } }));
  const assistant = await api().assistants.create({
    name: "Bench agent",
    instructions: "You answer {{user.name}} from the passages.",
    visibility: "workspace",
    sourceIds: [sourceId],
    knowledgePassages: 5,
    tools: { calculator: true, currentDatetime: true },
  });
  const plain = await api().assistants.create({ name: "Bench plain", visibility: "workspace" });
  const questions = ["What reduces the risk of cardiovascular disease?", "Quelle est la capitale de la Bourgogne ?", "How do T cells respond to infection?", "Qui a fondé la ville de Lyon ?"];
  let q = 0;
  let errors = 0;
  const turn = (assistantId: string) => async (): Promise<Sample> => {
    const caller = api();
    const started = performance.now();
    const sent = await caller.chat.send({ assistantId, content: questions[q++ % questions.length]! });
    let ttft = Number.NaN;
    for await (const tracked of await caller.chat.onMessage({ messageId: sent.assistantMessageId })) {
      const event = (tracked as unknown as [string, { type: string; status?: string }])[1];
      if (event.type === "token" && Number.isNaN(ttft)) ttft = performance.now() - started;
      if (event.type === "done") {
        if (event.status !== "done") errors++;
        break;
      }
    }
    return { ttft, total: performance.now() - started };
  };

  await lanes(2, 10, turn(assistant.id)); // warm up
  await lanes(2, 10, () => direct(fast.url));
  const model = (await lanes(1, 100, () => direct(fast.url))).map((s) => s.total);
  const agent = (await lanes(1, 100, turn(assistant.id))).map((s) => s.total);
  const simple = (await lanes(1, 100, turn(plain.id))).map((s) => s.total);
  const search = [];
  for (let i = 0; i < 200; i++) {
    const s = performance.now();
    app.services.knowledge.index.search(questions[i % questions.length]!, { sourceIds: [sourceId], limit: 5 });
    search.push(performance.now() - s);
  }
  const p = (v: number[], n: number) => percentile(v, n);
  console.log("turn (64-token answer, model at full speed)        p50        p95   overhead p50  overhead p95");
  console.log(`model server alone                          ${ms(p(model, 50))} ${ms(p(model, 95))}`);
  console.log(`assistant, no knowledge, no tools           ${ms(p(simple, 50))} ${ms(p(simple, 95))}    ${ms(p(simple, 50) - p(model, 50))}  ${ms(p(simple, 95) - p(model, 95))}`);
  console.log(`assistant, knowledge (${CHUNKS / 1000}k chunks) + tools ${ms(p(agent, 50))} ${ms(p(agent, 95))}    ${ms(p(agent, 50) - p(model, 50))}  ${ms(p(agent, 95) - p(model, 95))}   (target < 30 ms at p50)`);
  console.log(`  of which retrieval over ${CHUNKS.toLocaleString("en")} chunks    ${ms(p(search, 50))} ${ms(p(search, 95))}`);

  // 100 conversations streaming at the same time, at 100 tokens/s.
  const slow = await startModelProcess(10);
  const app2Dir = mkdtempSync(join(tmpdir(), "atelier-bench-chat-100-"));
  const app2 = await startAtelier(readEnv({ ATELIER_PORT: "0", ATELIER_DATA_DIR: app2Dir, ATELIER_MODEL_BASE_URL: slow.url, ATELIER_MODEL_NAME: "fake-chat", ATELIER_LOG_LEVEL: "silent" }, []), pino({ level: "silent" }), { guideDocsPath: null });
  const b2 = browserLikeClient(`http://127.0.0.1:${app2.port}`);
  await b2.client.auth.setup.mutate({ workspaceName: "Bench", name: "Bench", email: "bench@acme.test", password: "benchmark password" });
  const token2 = b2.jar.get("atelier_session")!;
  const caller2 = () => createCaller(createContext(app2.services, { sessionToken: token2, ip: "127.0.0.1", userAgent: "bench", cookies: { setSession() {}, clearSession() {} } }));
  const a2 = await caller2().assistants.create({ name: "Bench", visibility: "workspace", tools: { calculator: true } });
  errors = 0;
  const concurrentTurn = async (): Promise<Sample> => {
    const caller = caller2();
    const started = performance.now();
    const sent = await caller.chat.send({ assistantId: a2.id, content: "bench" });
    let ttft = Number.NaN;
    for await (const tracked of await caller.chat.onMessage({ messageId: sent.assistantMessageId })) {
      const event = (tracked as unknown as [string, { type: string; status?: string }])[1];
      if (event.type === "token" && Number.isNaN(ttft)) ttft = performance.now() - started;
      if (event.type === "done") {
        if (event.status !== "done") errors++;
        break;
      }
    }
    return { ttft, total: performance.now() - started };
  };
  const concurrent = await lanes(100, 3, concurrentTurn);
  const totals = concurrent.map((s) => s.total);
  console.log(
    `100 concurrent conversations x3 turns (agent path, 100 tokens/s): ${concurrent.length} answers, ${errors} errors, total p50 ${ms(p(totals, 50)).trim()} p95 ${ms(p(totals, 95)).trim()} (model alone: 640 ms)`,
  );

  await app.close();
  await app2.close();
  fast.stop();
  slow.stop();
  rmSync(dir, { recursive: true, force: true });
  rmSync(app2Dir, { recursive: true, force: true });
}
