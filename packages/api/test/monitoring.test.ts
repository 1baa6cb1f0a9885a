import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { answerStatsDaily, assistants, evalRuns, ingestionJobs, models, newId, usageDaily } from "@atelier/db";
import { builtinModelId, ensureBuiltinProvider, handleUploadRequest } from "../src";
import { emptyHistogram } from "../src/services/monitoring/answer-stats";
import { codeOf, createHarness, type CookieJar, type Harness } from "./harness";

const DAY = 86_400_000;
const today = Math.floor(Date.now() / DAY);
const iso = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);

const policy = `# Remote work policy

## Days at home

Employees may work from home two days per week with their manager's agreement.
`;

async function settle(h: Harness) {
  for (const job of h.services.db.select().from(ingestionJobs).all()) await h.services.knowledge.runner.waitFor(job.id);
}

async function hrAssistant(h: Harness, jar: CookieJar) {
  ensureBuiltinProvider(h.services.db);
  const api = h.as(jar);
  const { id: sourceId } = await api.knowledge.createSource({ name: "HR", config: { kind: "upload" } });
  handleUploadRequest(h.services, { sessionToken: jar.token, ip: "10.0.0.1", userAgent: "vitest", sourceId, fileName: "remote-work.md", mimeType: null, bytes: new TextEncoder().encode(policy) });
  await settle(h);
  const assistant = await api.assistants.create({ name: "HR helper", modelId: builtinModelId(h.services)!, visibility: "workspace", sourceIds: [sourceId] });
  return { api, assistant };
}

async function ask(api: any, assistantId: string, content: string, conversationId?: string) {
  const sent = await api.chat.send({ assistantId, content, conversationId });
  for await (const tracked of await api.chat.onMessage({ messageId: sent.assistantMessageId })) if ((tracked as any)[1].type === "done") break;
  return sent;
}

/** A day's aggregate row with `n` answers of the given latency bucket. */
function statsRow(day: number, assistantId: string, over: Partial<typeof answerStatsDaily.$inferInsert> & { bucket?: number; n?: number } = {}) {
  const { bucket = 1, n = 0, ...rest } = over;
  const h = emptyHistogram();
  h[bucket] = n;
  return { day, assistantId, versionId: "", modelId: "", latencyHistogram: h, firstTokenHistogram: emptyHistogram(), latencyCount: n, ...rest };
}

describe("monitoring aggregates from real chat traffic", () => {
  it("counts answers, abstentions, feedback changes and active users as they happen", async () => {
    const h = createHarness();
    const admin = await h.setupAdmin();
    const { api, assistant } = await hrAssistant(h, admin);
    const member = await h.user("member");
    const m = h.as(member.jar);
    const a1 = await ask(m, assistant.id, "How many days per week can I work from home?");
    const a2 = await ask(m, assistant.id, "What is the canteen menu on Friday?", a1.conversationId);
    await ask(api, assistant.id, "How many days at home?");
    await m.chat.feedback({ messageId: a1.assistantMessageId, rating: "down" });
    await m.chat.feedback({ messageId: a1.assistantMessageId, rating: "up" }); // changed its mind
    await m.chat.feedback({ messageId: a2.assistantMessageId, rating: "down", comment: "No answer" });

    const dash = await api.monitoring.assistant({ assistantId: assistant.id });
    expect(dash.totals).toMatchObject({ answers: 3, errors: 0, thumbsUp: 1, thumbsDown: 1, thumbsUpRate: 0.5, feedbackRate: 2 / 3 });
    expect(dash.totals.abstentionRate).toBeCloseTo(1 / 3, 5);
    expect(dash.totals.noPassageRate).toBeCloseTo(1 / 3, 5); // the canteen question found nothing to cite
    expect(dash.series).toHaveLength(30);
    expect(dash.series.at(-1)).toMatchObject({ date: iso(today), answers: 3 });
    expect(dash.topNegative).toMatchObject([{ question: "What is the canteen menu on Friday?", count: 1, lastComment: "No answer" }]);

    // The owner trying the draft in the Studio is not production traffic.
    const preview = await api.chat.send({ assistantId: assistant.id, content: "How many days at home?", preview: true });
    for await (const tracked of await api.chat.onMessage({ messageId: preview.assistantMessageId })) if ((tracked as any)[1].type === "done") break;
    expect((await api.monitoring.assistant({ assistantId: assistant.id })).totals.answers).toBe(3);

    await m.chat.removeFeedback({ messageId: a2.assistantMessageId });
    expect((await api.monitoring.assistant({ assistantId: assistant.id })).totals).toMatchObject({ thumbsUp: 1, thumbsDown: 0 });

    const overview = await api.monitoring.overview({});
    const row = overview.assistants.find((a) => a.assistantId === assistant.id)!;
    expect(row).toMatchObject({ answers: 3, conversations: 2, activeUsers7: 2, activeUsers30: 2, thumbsUpRate: 1, flags: ["no_suite"], correctRate: null });
  });

  it("is rebuilt from saved answers when the aggregates are empty", async () => {
    const h = createHarness();
    const admin = await h.setupAdmin();
    const { api, assistant } = await hrAssistant(h, admin);
    await ask(api, assistant.id, "How many days per week can I work from home?");
    h.services.db.delete(answerStatsDaily).run();
    const { backfillAnswerStats } = await import("../src");
    expect(backfillAnswerStats(h.services.db)).toBe(1);
    expect(backfillAnswerStats(h.services.db)).toBe(0); // only when empty
    expect((await api.monitoring.assistant({ assistantId: assistant.id })).totals.answers).toBe(1);
  });
});

describe("dashboards against hand-computed fixtures", () => {
  it("merges days, versions and models: rates and latency percentiles over the period", async () => {
    const h = createHarness();
    const admin = await h.setupAdmin();
    const api = h.as(admin);
    const assistant = await api.assistants.create({ name: "Fixture", visibility: "private" });
    const db = h.services.db;
    // Day -2: 10 answers in (100, 200] ms, 1 error, 3 up 1 down, 2 graded 1 grounded.
    db.insert(answerStatsDaily).values(statsRow(today - 2, assistant.id, { n: 10, answers: 11, errors: 1, abstentions: 2, thumbsUp: 3, thumbsDown: 1, graded: 2, grounded: 1, latencyMsSum: 1500, costMicroEur: 2_000_000 })).run();
    // Day 0, two versions: 10 answers in (500, 750] ms, and 0 in another version row.
    db.insert(answerStatsDaily).values(statsRow(today, assistant.id, { versionId: "v-a", n: 10, bucket: 4, answers: 10, thumbsDown: 2, latencyMsSum: 6000 })).run();
    db.insert(answerStatsDaily).values(statsRow(today, assistant.id, { versionId: "v-b", answers: 4, abstentions: 1 })).run();
    // Outside the period.
    db.insert(answerStatsDaily).values(statsRow(today - 40, assistant.id, { n: 5, answers: 5 })).run();

    const dash = await api.monitoring.assistant({ assistantId: assistant.id, from: iso(today - 6), to: iso(today) });
    expect(dash.series).toHaveLength(7);
    expect(dash.totals).toMatchObject({ answers: 25, errors: 1, thumbsUp: 3, thumbsDown: 3, thumbsUpRate: 0.5, graded: 2, groundedRate: 0.5 });
    expect(dash.totals.abstentionRate).toBeCloseTo(3 / 24, 6); // abstentions over answers that are not errors
    expect(dash.totals.feedbackRate).toBeCloseTo(6 / 25, 6);
    // 20 latencies: 10 in (100, 200], 10 in (500, 750]: p50 = rank 10 = 200 ms, p95 = rank 19 = 725 ms.
    expect(dash.totals).toMatchObject({ latencyP50Ms: 200, latencyP95Ms: 725, latencyMeanMs: 375 });
    const day0 = dash.series.at(-1)!;
    expect(day0).toMatchObject({ answers: 14, thumbsDown: 2, latencyP50Ms: 625 });
    expect(dash.series.at(-2)).toMatchObject({ answers: 0, latencyP50Ms: null, thumbsUpRate: null });
    expect(dash.series.at(-3)).toMatchObject({ answers: 11, errorRate: 1 / 11, answerCostEur: 2 });
  });

  it("flags falling accuracy and stale evaluations, and breaks cost down by team and model with a CSV", async () => {
    const h = createHarness();
    const admin = await h.setupAdmin();
    const api = h.as(admin);
    const db = h.services.db;
    const team = await api.teams.create({ name: "Finance" });
    const a = await api.assistants.create({ name: "Falling", visibility: "team", teamId: team.id });
    const b = await api.assistants.create({ name: "No team", visibility: "private" });
    const suite = await api.evaluation.createSuite({ assistantId: a.id, name: "S" });
    for (const question of ["One?", "Two?"]) await api.evaluation.createCase({ suiteId: suite.id, case: { question, referenceAnswer: "x" } });
    const run = (rate: number, daysAgo: number) =>
      db
        .insert(evalRuns)
        .values({ id: newId(), suiteId: suite.id, assistantId: a.id, versionLabel: "draft", config: {} as never, judge: { modelId: null, modelName: null, votes: 0, promptVersions: {} }, trigger: "manual", status: "done", total: 20, completed: 20, correctRate: rate, rateLow: rate - 0.1, rateHigh: rate + 0.1, finishedAt: new Date(Date.now() - daysAgo * DAY) })
        .run();
    run(0.9, 45);
    run(0.8, 40);
    const model = db.select({ id: models.id, name: models.displayName }).from(models).get();
    const modelId = model?.id ?? "m-gone";
    db.insert(usageDaily).values([
      { day: today - 1, assistantId: a.id, modelId, calls: 10, inputTokens: 1000, outputTokens: 500, costMicroEur: 1_500_000 },
      { day: today, assistantId: a.id, modelId, calls: 5, inputTokens: 100, outputTokens: 50, costMicroEur: 500_000 },
      { day: today, assistantId: b.id, modelId: "m-gone", calls: 1, inputTokens: 10, outputTokens: 5, costMicroEur: 250_000 },
      { day: today - 100, assistantId: b.id, modelId: "m-gone", calls: 1, costMicroEur: 9_000_000 },
    ]).run();

    const overview = await api.monitoring.overview({});
    const falling = overview.assistants.find((x) => x.assistantId === a.id)!;
    expect(falling).toMatchObject({ correctRate: 0.8, teamName: "Finance", costEur: 2, suites: 1, suiteCases: 2, flags: ["stale", "falling"] });
    expect(falling.trend).toBeCloseTo(-0.1, 6);
    expect(overview.assistants.find((x) => x.assistantId === b.id)!.flags).toEqual(["no_suite"]);

    const byTeam = await api.monitoring.usage({ by: "team" });
    expect(byTeam.rows).toEqual([
      { key: team.id, name: "Finance", calls: 15, errors: 0, inputTokens: 1100, outputTokens: 550, costEur: 2, assistants: 1 },
      { key: "", name: "Workspace", calls: 1, errors: 0, inputTokens: 10, outputTokens: 5, costEur: 0.25, assistants: 1 },
    ]);
    const byModel = await api.monitoring.usage({ by: "model" });
    expect(byModel.rows.reduce((s, r) => s + r.costEur, 0)).toBeCloseTo(2.25, 6);
    const csv = await api.monitoring.usageCsv({ by: "team" });
    expect(csv.fileName).toMatch(/^atelier-usage-by-team-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(csv.content).toBe("\uFEFFteam,assistants,calls,errors,input_tokens,output_tokens,cost_eur\r\nFinance,1,15,0,1100,550,2.000000\r\nWorkspace,1,1,0,10,5,0.250000\r\n");
    expect(await codeOf(api.monitoring.usage({ by: "team", from: "2026-02-01", to: "2026-01-01" }))).toBe("BAD_REQUEST");
  });

  it("compares two versions side by side", async () => {
    const h = createHarness();
    const admin = await h.setupAdmin();
    const api = h.as(admin);
    const assistant = await api.assistants.create({ name: "Versions", visibility: "private" });
    const v1 = await api.assistants.publish({ id: assistant.id });
    await api.assistants.update({ id: assistant.id, name: "Versions 2" });
    const v2 = await api.assistants.publish({ id: assistant.id });
    if (v1.status !== "published" || v2.status !== "published") throw new Error("not published");
    h.services.db.insert(answerStatsDaily).values([statsRow(today, assistant.id, { versionId: v1.id, answers: 10, thumbsUp: 1, thumbsDown: 3 }), statsRow(today, assistant.id, { versionId: v2.id, answers: 8, thumbsUp: 4 })]).run();
    const [first, second] = await api.monitoring.compareVersions({ assistantId: assistant.id, versionIds: [v1.id, v2.id] });
    expect(first).toMatchObject({ version: { label: "v1" }, answers: 10, thumbsUpRate: 0.25, latestRun: null });
    expect(second).toMatchObject({ version: { label: "v2" }, answers: 8, thumbsUpRate: 1 });
  });
});

describe("who sees monitoring", () => {
  it("builders see the assistants they edit, admins all, members nothing", async () => {
    const h = createHarness();
    const admin = await h.setupAdmin();
    const builder = await h.user("builder");
    const other = await h.user("builder");
    const member = await h.user("member");
    const mine = await h.as(builder.jar).assistants.create({ name: "Mine", visibility: "workspace" });
    await h.as(admin).assistants.create({ name: "Admin's", visibility: "workspace" });
    expect((await h.as(builder.jar).monitoring.overview({})).assistants.map((a) => a.name)).toEqual(["Mine"]);
    expect((await h.as(admin).monitoring.overview({})).assistants.map((a) => a.name).sort()).toEqual(["Admin's", "Mine"]);
    expect((await h.as(other.jar).monitoring.overview({})).assistants).toEqual([]);
    expect(await codeOf(h.as(other.jar).monitoring.assistant({ assistantId: mine.id }))).toBe("FORBIDDEN");
    expect(await codeOf(h.as(member.jar).monitoring.overview({}))).toBe("FORBIDDEN");
    expect(await codeOf(h.anonymous().monitoring.usage({ by: "model" }))).toBe("UNAUTHORIZED");
    // Cost of assistants one cannot edit is not counted in one's breakdown.
    h.services.db.insert(usageDaily).values({ day: today, assistantId: h.services.db.select().from(assistants).where(eq(assistants.name, "Admin's")).get()!.id, modelId: "x", calls: 1, costMicroEur: 1 }).run();
    expect((await h.as(builder.jar).monitoring.usage({ by: "model" })).rows).toEqual([]);
  });
});
