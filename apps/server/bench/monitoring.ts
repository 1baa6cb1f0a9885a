/**
 * `pnpm bench monitoring`: a year of synthetic production traffic — 1,000,000 messages (500,000
 * questions and their answers) from 500 users to 50 assistants, 2 versions and 3 models each,
 * (each assistant on one of 3 models, a new version half-way through the year), with feedback on 6 % of answers and model-call records — folded into the monitoring aggregates
 * the way the chat does it, then the dashboard queries timed through the tRPC caller as an admin
 * (30-day and one-year ranges). `--messages=N` changes the volume.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Context, createCaller, recordFeedbackChange, recordFinishedAnswer, recordModelCall, SecretBox, type Services, silentLogger } from "@atelier/api";
import { assistantVersions, assistants, databaseFile, messageFeedback, openDatabase, users, workspace } from "@atelier/db";
import { ms, percentile, time } from "./stats";

const DAY = 86_400_000;


const id = (prefix: string, i: number) => `${prefix}${String(i).padStart(20 - prefix.length, "0")}`;

export async function benchMonitoring() {
  const flag = process.argv.find((a) => a.startsWith("--messages="));
  const total = flag ? Number(flag.slice("--messages=".length)) : 1_000_000;
  const answers = Math.floor(total / 2);
  const dir = mkdtempSync(join(tmpdir(), "atelier-bench-monitoring-"));
  const { db, sqlite, close } = openDatabase(databaseFile(dir));
  try {
    const assistantCount = 50;
    const userCount = 500;
    const start = Date.now() - 365 * DAY;
    db.insert(workspace).values({ id: 1, name: "Bench" }).run();
    sqlite.exec("BEGIN");
    for (let u = 0; u < userCount; u++) db.insert(users).values({ id: id("u", u), email: `user${u}@bench.test`, name: `User ${u}`, passwordHash: "x", role: u === 0 ? "admin" : "member" }).run();
    for (let a = 0; a < assistantCount; a++) {
      db.insert(assistants).values({ id: id("a", a), name: `Assistant ${a}`, ownerId: id("u", 0), visibility: "workspace" }).run();
      for (const n of [1, 2]) db.insert(assistantVersions).values({ id: id(`v${n}`, a), assistantId: id("a", a), number: n, config: {} as never, createdAt: new Date(start + (n - 1) * 180 * DAY) }).run();
    }
    sqlite.exec("COMMIT");

    // Messages: one conversation per 10 questions.
    const t0 = performance.now();
    const insertConversation = sqlite.prepare("INSERT INTO conversations (id, user_id, assistant_id, title, created_at, updated_at) VALUES (?, ?, ?, 'q', ?, ?)");
    const insertMessage = sqlite.prepare(
      "INSERT INTO messages (id, conversation_id, role, content, status, assistant_id, assistant_version_id, model_id, latency_ms, first_token_ms, input_tokens, output_tokens, created_at) VALUES (?, ?, ?, ?, 'done', ?, ?, ?, ?, ?, ?, ?, ?)",
    );
    const finished: Parameters<typeof recordFinishedAnswer>[1][] = [];
    sqlite.exec("BEGIN");
    let conversationId = "";
    for (let i = 0; i < answers; i++) {
      const at = start + Math.floor((i / answers) * 365 * DAY);
      const a = (i * 7) % assistantCount;
      const user = id("u", i % userCount);
      if (i % 10 === 0) {
        conversationId = id("c", i);
        insertConversation.run(conversationId, user, id("a", a), at, at);
      }
      const version = at < start + 180 * DAY ? id("v1", a) : id("v2", a);
      // Each assistant answers with one of three models, as in production (one model per assistant).
      const model = `model-${a % 3}`;
      const latency = 400 + ((i * 37) % 6000);
      const content = i % 9 === 0 ? "I did not find this in the documents." : "The answer, with a citation [1].";
      insertMessage.run(id("q", i), conversationId, "user", `Question ${i % 5000}`, null, null, null, null, null, null, null, at);
      insertMessage.run(id("m", i), conversationId, "assistant", content, id("a", a), version, model, latency, 150 + (i % 900), 800, 120, at + 1);
      finished.push({
        messageId: id("m", i),
        userId: user,
        assistantId: id("a", a),
        assistantVersionId: version,
        modelId: model,
        createdAt: new Date(at),
        status: i % 97 === 0 ? "error" : "done",
        content,
        citations: i % 9 === 0 ? [] : [{ ref: 1 } as never],
        hasKnowledge: true,
        latencyMs: latency,
        firstTokenMs: 150 + (i % 900),
        inputTokens: 800,
        outputTokens: 120,
        costMicroEur: 800 * 2 + 120 * 6,
      });
    }
    sqlite.exec("COMMIT");
    const insertMs = performance.now() - t0;

    // The aggregates, maintained answer by answer as the chat does.
    const t1 = performance.now();
    sqlite.exec("BEGIN");
    for (const answer of finished) {
      recordFinishedAnswer(db, answer);
      recordModelCall(db, {
        createdAt: answer.createdAt,
        purpose: "chat",
        status: answer.status === "done" ? "ok" : "error",
        userId: answer.userId,
        assistantId: answer.assistantId,
        messageId: answer.messageId,
        modelId: answer.modelId,
        modelName: answer.modelId,
        inputTokens: answer.inputTokens,
        outputTokens: answer.outputTokens,
        latencyMs: answer.latencyMs ?? 0,
        costMicroEur: answer.costMicroEur,
      });
    }
    const feedback = finished.filter((_, i) => i % 17 === 0);
    for (const [k, f] of feedback.entries()) {
      db.insert(messageFeedback).values({ messageId: f.messageId, userId: f.userId, assistantId: f.assistantId, assistantVersionId: f.assistantVersionId, rating: k % 3 === 0 ? "down" : "up", createdAt: f.createdAt, updatedAt: f.createdAt }).run();
    }
    sqlite.exec("COMMIT");
    sqlite.exec("BEGIN");
    for (const [k, f] of feedback.entries()) recordFeedbackChange(db, f.messageId, null, k % 3 === 0 ? "down" : "up");
    sqlite.exec("COMMIT");
    const aggregateMs = performance.now() - t1;

    const statRows = (sqlite.prepare("SELECT count(*) AS n FROM answer_stats_daily").get() as { n: number }).n;
    const admin = db.select({ id: users.id, email: users.email, name: users.name, role: users.role, locale: users.locale }).from(users).get()!;
    const services = { db, logger: silentLogger, secrets: new SecretBox(Buffer.alloc(32)) } as unknown as Services;
    const ctx = { ...services, sessionToken: null, ip: "bench", userAgent: null, cookies: { setSession() {}, clearSession() {} }, user: admin } as unknown as Context;
    const api = createCaller(ctx);
    const today = new Date().toISOString().slice(0, 10);
    const yearAgo = new Date(Date.now() - 364 * DAY).toISOString().slice(0, 10);
    const runs = 20;
    const results: [string, { p50: number; p95: number }][] = [];
    const measure = async (name: string, fn: () => Promise<unknown>) => {
      await fn();
      const t: number[] = [];
      for (let i = 0; i < runs; i++) {
        const s = performance.now();
        await fn();
        t.push(performance.now() - s);
      }
      results.push([name, { p50: percentile(t, 50), p95: percentile(t, 95) }]);
    };
    await measure("overview, 30 days, 50 assistants", () => api.monitoring.overview({}));
    await measure("overview, one year", () => api.monitoring.overview({ from: yearAgo, to: today }));
    await measure("assistant dashboard, 30 days", () => api.monitoring.assistant({ assistantId: id("a", 3) }));
    await measure("assistant dashboard, one year", () => api.monitoring.assistant({ assistantId: id("a", 3), from: yearAgo, to: today }));
    await measure("compare two versions, one year", () => api.monitoring.compareVersions({ assistantId: id("a", 3), versionIds: [id("v1", 3), id("v2", 3)], from: yearAgo, to: today }));
    await measure("usage by team, one year", () => api.monitoring.usage({ by: "team", from: yearAgo, to: today }));
    await measure("usage by model, one year (CSV)", () => api.monitoring.usageCsv({ by: "model", from: yearAgo, to: today }));
    const raw = time(() => sqlite.prepare("SELECT assistant_id, count(*), sum(latency_ms) FROM messages WHERE role = 'assistant' AND created_at >= ? GROUP BY assistant_id").all(Date.now() - 365 * DAY), 5);

    console.log(`monitoring: ${(answers * 2).toLocaleString("en")} messages (${answers.toLocaleString("en")} answers), ${feedback.length.toLocaleString("en")} ratings, ${assistantCount} assistants, ${userCount} users, one year`);
    console.log(`  inserting messages ${(insertMs / 1000).toFixed(1)} s; aggregating as the chat does ${(aggregateMs / 1000).toFixed(1)} s (${((aggregateMs * 1000) / answers).toFixed(0)} µs per answer incl. its usage record); ${statRows.toLocaleString("en")} daily aggregate rows`);
    for (const [name, r] of results) console.log(`  ${name.padEnd(36)} p50 ${ms(r.p50)}  p95 ${ms(r.p95)}  (target p95 < 200 ms)`);
    console.log(`  for comparison, one year of answers per assistant straight from the messages: p50 ${ms(raw.p50)} (${(raw.p50 / (results[1]?.[1].p50 ?? 1)).toFixed(0)}× the one-year overview)`);
  } finally {
    close();
    rmSync(dir, { recursive: true, force: true });
  }
}
