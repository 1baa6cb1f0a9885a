import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alertRules, answerStatsDaily, evalRuns, evalSuites, newId, notifications, usageDaily, webhookDeliveries } from "@atelier/db";
import { AlertChecker, evaluateAlerts, readMetric } from "../src/services/monitoring/alerts";
import { WebhookSender } from "../src/services/monitoring/webhook-sender";
import { codeOf, createHarness, dataOf, type CookieJar, type Harness } from "./harness";

const DAY = 86_400_000;
/** Noon UTC on a fixed day, so that day numbers are known by hand. */
const NOW = new Date("2025-03-10T12:00:00Z");
const TODAY = Math.floor(NOW.getTime() / DAY);
const later = (ms: number) => new Date(NOW.getTime() + ms);

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A loopback webhook receiver: `script[path]` gives the statuses to answer in turn (then the last one again). */
interface Receiver {
  server: Server;
  port: number;
  received: Received[];
  script: Record<string, number[]>;
}

async function startReceiver(): Promise<Receiver> {
  const receiver = { received: [], script: {} } as unknown as Receiver;
  receiver.server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      const path = req.url ?? "/";
      receiver.received.push({ path, headers: req.headers, body });
      const statuses = receiver.script[path] ?? [200];
      const status = statuses.length > 1 ? statuses.shift()! : statuses[0]!;
      if (status === 302) res.setHeader("location", "/elsewhere");
      res.statusCode = status;
      res.end(status === 200 ? "ok" : "nope");
    });
  });
  await new Promise<void>((resolve) => receiver.server.listen(0, "127.0.0.1", resolve));
  receiver.port = (receiver.server.address() as { port: number }).port;
  return receiver;
}

let hook: Receiver;
/** Listening, but not in the allowed hosts: the guard must keep every request away from it. */
let forbidden: Receiver;
beforeAll(async () => {
  hook = await startReceiver();
  forbidden = await startReceiver();
});
afterAll(async () => {
  await Promise.all([hook, forbidden].map((r) => new Promise((resolve) => r.server.close(resolve))));
});

/** An admin, a builder owning a workspace assistant, a co-editor, another builder and a member. */
async function setup() {
  const h = createHarness({ knowledge: { allowedPrivateHosts: [`127.0.0.1:${hook.port}`] } });
  const admin = await h.setupAdmin();
  const owner = await h.user("builder");
  const coEditor = await h.user("builder");
  const other = await h.user("builder");
  const member = await h.user("member");
  const assistant = await h.as(owner.jar).assistants.create({ name: "HR helper", visibility: "workspace" });
  await h.as(owner.jar).assistants.setEditors({ id: assistant.id, userIds: [coEditor.id] });
  return { h, admin, owner, coEditor, other, member, assistant, api: h.as(owner.jar) };
}

function thumbs(h: Harness, assistantId: string, day: number, thumbsUp: number, thumbsDown: number, versionId = "") {
  h.services.db.insert(answerStatsDaily).values({ day, assistantId, versionId, thumbsUp, thumbsDown }).run();
}

function cost(h: Harness, assistantId: string, day: number, modelId: string, costMicroEur: number) {
  h.services.db.insert(usageDaily).values({ day, assistantId, modelId, costMicroEur }).run();
}

function suite(h: Harness, assistantId: string, name: string): string {
  const id = newId();
  h.services.db.insert(evalSuites).values({ id, assistantId, name }).run();
  return id;
}

function run(h: Harness, assistantId: string, suiteId: string, at: Date, over: Partial<typeof evalRuns.$inferInsert>) {
  h.services.db
    .insert(evalRuns)
    .values({ id: newId(), suiteId, assistantId, versionLabel: "v1", config: {} as any, judge: { modelId: null, modelName: null, votes: 1, promptVersions: {} }, trigger: "manual", status: "done", createdAt: at, finishedAt: at, ...over })
    .run();
}

function ruleRow(h: Harness, id: string) {
  return h.services.db.select().from(alertRules).where(eq(alertRules.id, id)).get()!;
}

function deliveriesOf(h: Harness, ruleId: string) {
  return h.services.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.ruleId, ruleId)).all();
}

async function inbox(h: Harness, jar: CookieJar) {
  return h.as(jar).alerts.notifications();
}

describe("alert metrics", () => {
  it("thumbs-up rate: last 7 days, at least 5 ratings, notifies only when it starts firing", async () => {
    const { h, owner, assistant, api } = await setup();
    const { id } = await api.alerts.createRule({ assistantId: assistant.id, metric: "thumbs_up_rate", threshold: 0.7 });
    // Outside the window (8 days ago counting today): 20 up would lift the rate above 70% if counted.
    thumbs(h, assistant.id, TODAY - 7, 20, 0);
    thumbs(h, assistant.id, TODAY, 2, 1);
    expect(evaluateAlerts(h.services, NOW)).toEqual({ checked: 1, fired: [], resolved: [] });
    expect(ruleRow(h, id)).toMatchObject({ firing: false, lastValue: null, lastCheckedAt: NOW });
    expect(readMetric(h.services, ruleRow(h, id), NOW)).toEqual({
      value: null,
      crossed: false,
      summary: "Not enough feedback: 3 ratings in the last 7 days (at least 5 needed).",
      summaryFr: "Pas assez d’avis : 3 sur les 7 derniers jours (au moins 5 nécessaires).",
    });

    // 6 days ago (inside), another version: 1 up, 2 down → 3 up of 6 = 50% < 70%.
    thumbs(h, assistant.id, TODAY - 6, 1, 2, "v1");
    expect(evaluateAlerts(h.services, NOW).fired).toEqual([id]);
    expect(ruleRow(h, id)).toMatchObject({ firing: true, lastValue: 0.5, lastFiredAt: NOW });
    let notes = await inbox(h, owner.jar);
    expect(notes.unreadCount).toBe(1);
    expect(notes.items[0]).toMatchObject({ kind: "alert", title: '"HR helper": thumbs-up rate below 70%', link: "/monitoring", readAt: null });
    expect(notes.items[0]!.body).toBe("Last 7 days: 3 thumbs up of 6 ratings (50%). Threshold: 70%.");

    // Still below: checked again, not notified again.
    evaluateAlerts(h.services, later(60_000));
    expect((await inbox(h, owner.jar)).items).toHaveLength(1);

    // 10 more up today: 13 of 16 = 81.25% → back within the threshold, silently.
    h.services.db.update(answerStatsDaily).set({ thumbsUp: 12 }).where(eq(answerStatsDaily.day, TODAY)).run();
    expect(evaluateAlerts(h.services, later(120_000))).toMatchObject({ fired: [], resolved: [id] });
    expect(ruleRow(h, id)).toMatchObject({ firing: false, lastValue: 13 / 16 });
    expect((await inbox(h, owner.jar)).items).toHaveLength(1);

    // Falls again (13 of 36): a second notification.
    thumbs(h, assistant.id, TODAY - 1, 0, 20);
    expect(evaluateAlerts(h.services, later(180_000)).fired).toEqual([id]);
    notes = await inbox(h, owner.jar);
    expect(notes.items).toHaveLength(2);
    expect(notes.items[0]!.body).toContain("13 thumbs up of 36 ratings (36.1%)");
  });

  it("cost per day: today so far or yesterday above the threshold in euros, from micro-euros", async () => {
    const { h, owner, assistant, api } = await setup();
    const { id } = await api.alerts.createRule({ assistantId: assistant.id, metric: "cost_per_day", threshold: 5 });
    cost(h, assistant.id, TODAY - 2, "m1", 100_000_000); // €100 two days ago: not looked at
    cost(h, assistant.id, TODAY - 1, "m1", 1_500_000);
    cost(h, assistant.id, TODAY - 1, "judge", 1_500_000); // yesterday €3.00 (chat + judge)
    cost(h, assistant.id, TODAY, "m1", 5_000_000); // today €5.00: equal is not above
    cost(h, "other-assistant", TODAY, "m1", 50_000_000);
    expect(evaluateAlerts(h.services, NOW).fired).toEqual([]);
    expect(ruleRow(h, id).lastValue).toBe(5);

    cost(h, assistant.id, TODAY, "m2", 500_000); // today €5.50
    expect(evaluateAlerts(h.services, NOW).fired).toEqual([id]);
    expect(ruleRow(h, id)).toMatchObject({ firing: true, lastValue: 5.5 });
    const [note] = (await inbox(h, owner.jar)).items;
    expect(note).toMatchObject({ title: '"HR helper": cost per day above €5.00', link: "/monitoring" });
    expect(note!.body).toBe("Today so far: €5.50; yesterday: €3.00 (UTC days). Threshold: €5.00 per day.");

    // Next day: yesterday's €5.50 still counts (no new notification); the day after, it is over.
    expect(evaluateAlerts(h.services, later(DAY))).toMatchObject({ fired: [], resolved: [] });
    expect(ruleRow(h, id)).toMatchObject({ firing: true, lastValue: 5.5 });
    expect(evaluateAlerts(h.services, later(2 * DAY))).toMatchObject({ fired: [], resolved: [id] });
    expect(ruleRow(h, id)).toMatchObject({ firing: false, lastValue: 0 });
    expect((await inbox(h, owner.jar)).items).toHaveLength(1);
  });

  it("correct-answer rate: the latest finished run of each suite, naming the suite below", async () => {
    const { h, owner, assistant, api } = await setup();
    const { id } = await api.alerts.createRule({ assistantId: assistant.id, metric: "correct_rate", threshold: 0.8 });
    expect(evaluateAlerts(h.services, NOW).fired).toEqual([]);
    expect((await api.alerts.rules({ assistantId: assistant.id })).rules[0]!.reading).toMatchObject({ value: null, summary: "No finished evaluation run yet." });

    const basics = suite(h, assistant.id, "HR basics");
    const edge = suite(h, assistant.id, "Edge cases");
    run(h, assistant.id, basics, later(-3 * DAY), { correctRate: 0.9, passed: 9, total: 10 });
    run(h, assistant.id, edge, later(-2 * DAY), { correctRate: 0.95, passed: 19, total: 20, versionLabel: "v2" });
    expect(evaluateAlerts(h.services, NOW).fired).toEqual([]);
    expect(ruleRow(h, id).lastValue).toBe(0.9);

    // The latest finished run of "HR basics" drops to 60%; newer unfinished or failed runs do not count.
    run(h, assistant.id, basics, later(-DAY), { correctRate: 0.6, passed: 6, total: 10, versionLabel: "v3" });
    run(h, assistant.id, basics, later(-3_600_000), { status: "failed", correctRate: null });
    run(h, assistant.id, basics, later(-60_000), { status: "running", correctRate: null });
    expect(evaluateAlerts(h.services, NOW).fired).toEqual([id]);
    expect(ruleRow(h, id)).toMatchObject({ firing: true, lastValue: 0.6 });
    const [note] = (await inbox(h, owner.jar)).items;
    expect(note).toMatchObject({ title: '"HR helper": correct-answer rate below 80%', link: `/studio/${assistant.id}/quality` });
    expect(note!.body).toBe('Latest run below 80%: "HR basics" 60% correct (v3, 6 of 10 cases). Other suites: "Edge cases" 95% correct (v2, 19 of 20 cases). Threshold: 80%.');

    // A new run back at 85%: resolved.
    run(h, assistant.id, basics, later(-1000), { correctRate: 0.85, passed: 17, total: 20, versionLabel: "v4" });
    expect(evaluateAlerts(h.services, NOW).resolved).toEqual([id]);
    expect(ruleRow(h, id).lastValue).toBe(0.85);
  });

  it("notifies the owner and co-editors only; a disabled rule is not checked; the checker runs on a timer", async () => {
    const { h, admin, owner, coEditor, other, member, assistant, api } = await setup();
    const { id } = await api.alerts.createRule({ assistantId: assistant.id, metric: "cost_per_day", threshold: 0 });
    // The owner reads Atelier in French: their notification is written in French.
    await h.as(owner.jar).auth.setLocale({ locale: "fr" });
    const off = await api.alerts.createRule({ assistantId: assistant.id, metric: "cost_per_day", threshold: 0, enabled: false });
    // `other` co-edits another assistant of the same owner: not this one's alerts.
    const second = await api.assistants.create({ name: "Second" });
    await api.assistants.setEditors({ id: second.id, userIds: [other.id] });
    cost(h, assistant.id, Math.floor(Date.now() / DAY), "m1", 10_000);
    const fired: string[][] = [];
    const checker = new AlertChecker(() => h.services, { intervalMs: 20, onFired: (r) => fired.push(r.fired) });
    checker.start();
    for (let i = 0; i < 100 && fired.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    checker.stop();
    expect(fired[0]).toEqual([id]);
    expect(ruleRow(h, off.id)).toMatchObject({ firing: false, lastCheckedAt: null });
    expect((await inbox(h, owner.jar)).unreadCount).toBe(1);
    expect((await inbox(h, owner.jar)).items[0]).toMatchObject({ title: "« HR helper » : coût par jour au-dessus de 0,00\u00a0€" });
    expect((await inbox(h, owner.jar)).items[0]!.body).toMatch(/^Aujourd’hui jusqu’ici : 0,01\u00a0€ ; hier : 0,00\u00a0€ \(jours UTC\)\. Seuil : 0,00\u00a0€ par jour\.$/);
    expect((await inbox(h, coEditor.jar)).items.map((n) => n.title)).toEqual(['"HR helper": cost per day above €0.00']);
    expect((await inbox(h, other.jar)).items).toEqual([]);
    expect((await inbox(h, admin)).items).toEqual([]);
    expect(await inbox(h, member.jar)).toEqual({ items: [], unreadCount: 0 });
  });

  it("keeps notifications private: another user's ids cannot be marked read", async () => {
    const { h, owner, coEditor, assistant, api } = await setup();
    await api.alerts.createRule({ assistantId: assistant.id, metric: "cost_per_day", threshold: 1 });
    await api.alerts.createRule({ assistantId: assistant.id, metric: "thumbs_up_rate", threshold: 0.9 });
    cost(h, assistant.id, TODAY, "m1", 2_000_000);
    thumbs(h, assistant.id, TODAY, 1, 4);
    expect(evaluateAlerts(h.services, NOW).fired).toHaveLength(2);
    const mine = await inbox(h, owner.jar);
    const theirs = await inbox(h, coEditor.jar);
    expect(mine.unreadCount).toBe(2);
    expect(await h.as(coEditor.jar).alerts.markRead({ ids: mine.items.map((n) => n.id) })).toEqual({ unreadCount: 2 });
    expect((await inbox(h, owner.jar)).unreadCount).toBe(2);
    expect(await h.as(owner.jar).alerts.markRead({ ids: [mine.items[0]!.id] })).toEqual({ unreadCount: 1 });
    expect(await h.as(owner.jar).alerts.markRead({ all: true })).toEqual({ unreadCount: 0 });
    expect((await inbox(h, coEditor.jar)).unreadCount).toBe(2);
    expect(theirs.items.every((n) => !mine.items.some((m) => m.id === n.id))).toBe(true);
    expect(await codeOf(h.as(owner.jar).alerts.markRead({ ids: [] }))).toBe("BAD_REQUEST");
    expect(await codeOf(h.anonymous().alerts.notifications())).toBe("UNAUTHORIZED");
  });
});

describe("webhooks", () => {
  it("POSTs the alert as JSON to a loopback receiver the administrator allowed", async () => {
    const { h, assistant, api } = await setup();
    const url = `http://127.0.0.1:${hook.port}/hooks/ok`;
    const { id } = await api.alerts.createRule({ assistantId: assistant.id, metric: "cost_per_day", threshold: 2.5, webhookUrl: url });
    cost(h, assistant.id, TODAY, "m1", 3_250_000);
    evaluateAlerts(h.services, NOW);
    expect(deliveriesOf(h, id)).toMatchObject([{ status: "pending", attempts: 0, url }]);
    const sender = new WebhookSender(() => h.services, { pollMs: 0 });
    expect(await sender.flush(NOW)).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    const got = hook.received.filter((r) => r.path === "/hooks/ok");
    expect(got).toHaveLength(1);
    expect(got[0]!.headers).toMatchObject({ "content-type": "application/json", "user-agent": "Atelier", "x-atelier-event": "alert" });
    expect(JSON.parse(got[0]!.body)).toEqual({
      event: "atelier.alert",
      rule: { id, metric: "cost_per_day", threshold: 2.5 },
      assistant: { id: assistant.id, name: "HR helper" },
      value: 3.25,
      firedAt: NOW.toISOString(),
      link: "/monitoring",
    });
    expect(deliveriesOf(h, id)).toMatchObject([{ status: "delivered", attempts: 1, lastError: null }]);
    expect(await sender.flush(later(DAY))).toEqual({ delivered: 0, retrying: 0, failed: 0 });
    expect((await api.alerts.rules({ assistantId: assistant.id })).rules[0]!.lastDelivery).toMatchObject({ status: "delivered", attempts: 1 });
  });

  it("retries with the configured delays: 500, 500, then 200 is delivered on the third attempt", async () => {
    const { h, assistant, api } = await setup();
    hook.script["/hooks/flaky"] = [500, 500, 200];
    const { id } = await api.alerts.createRule({ assistantId: assistant.id, metric: "cost_per_day", threshold: 0, webhookUrl: `http://127.0.0.1:${hook.port}/hooks/flaky` });
    cost(h, assistant.id, TODAY, "m1", 1);
    evaluateAlerts(h.services, NOW);
    const sender = new WebhookSender(() => h.services, { pollMs: 0, retryDelaysMs: [1000, 5000] });
    expect(await sender.flush(NOW)).toMatchObject({ retrying: 1 });
    expect(deliveriesOf(h, id)).toMatchObject([{ status: "pending", attempts: 1, lastError: "The webhook answered HTTP 500.", nextAttemptAt: later(1000) }]);
    expect(await sender.flush(later(999))).toEqual({ delivered: 0, retrying: 0, failed: 0 }); // not due yet
    expect(await sender.flush(later(1000))).toMatchObject({ retrying: 1 });
    expect(deliveriesOf(h, id)).toMatchObject([{ attempts: 2, nextAttemptAt: later(6000) }]);
    expect(await sender.flush(later(6000))).toMatchObject({ delivered: 1 });
    expect(deliveriesOf(h, id)).toMatchObject([{ status: "delivered", attempts: 3, lastError: null, nextAttemptAt: null }]);
    expect(hook.received.filter((r) => r.path === "/hooks/flaky")).toHaveLength(3);
  });

  it("fails after the last retry, and never follows a redirect", async () => {
    const { h, assistant, api } = await setup();
    hook.script["/hooks/down"] = [503];
    hook.script["/hooks/moved"] = [302];
    const down = await api.alerts.createRule({ assistantId: assistant.id, metric: "cost_per_day", threshold: 0, webhookUrl: `http://127.0.0.1:${hook.port}/hooks/down` });
    const moved = await api.alerts.createRule({ assistantId: assistant.id, metric: "cost_per_day", threshold: 0, webhookUrl: `http://127.0.0.1:${hook.port}/hooks/moved` });
    cost(h, assistant.id, TODAY, "m1", 1);
    evaluateAlerts(h.services, NOW);
    const sender = new WebhookSender(() => h.services, { pollMs: 0, retryDelaysMs: [0] });
    expect(await sender.flush(NOW)).toEqual({ delivered: 0, retrying: 2, failed: 0 });
    expect(deliveriesOf(h, moved.id)[0]!.lastError).toContain("redirect");
    expect(await sender.flush(NOW)).toEqual({ delivered: 0, retrying: 0, failed: 2 });
    expect(deliveriesOf(h, down.id)).toMatchObject([{ status: "failed", attempts: 2, lastError: "The webhook answered HTTP 503." }]);
    expect(deliveriesOf(h, moved.id)).toMatchObject([{ status: "failed", attempts: 2 }]);
    expect(hook.received.filter((r) => r.path === "/elsewhere")).toEqual([]);
    expect(await sender.flush(later(DAY))).toEqual({ delivered: 0, retrying: 0, failed: 0 });
  });

  it("refuses private addresses nobody allowed: when the rule is saved (IP address) and when sending (host name)", async () => {
    const { h, assistant, api } = await setup();
    const refused = await api.alerts.createRule({ assistantId: assistant.id, metric: "cost_per_day", threshold: 0, webhookUrl: `http://127.0.0.1:${forbidden.port}/hook` }).catch((e) => e);
    expect(refused.code).toBe("BAD_REQUEST");
    expect(dataOf(refused).fieldErrors?.webhookUrl?.[0]).toContain("private network");
    // "localhost" is only resolved when sending, where the guard checks the address it resolves to.
    const { id } = await api.alerts.createRule({ assistantId: assistant.id, metric: "cost_per_day", threshold: 0, webhookUrl: `http://localhost:${forbidden.port}/hook` });
    cost(h, assistant.id, TODAY, "m1", 1);
    evaluateAlerts(h.services, NOW);
    const sender = new WebhookSender(() => h.services, { pollMs: 0, retryDelaysMs: [0, 0] });
    expect(await sender.flush(NOW)).toEqual({ delivered: 0, retrying: 0, failed: 1 });
    const [delivery] = deliveriesOf(h, id);
    expect(delivery).toMatchObject({ status: "failed", attempts: 1 });
    expect(delivery!.lastError).toContain("private network");
    expect(forbidden.received).toEqual([]);
  });

  it("sends on its own timer once started", async () => {
    const { h, assistant, api } = await setup();
    const { id } = await api.alerts.createRule({ assistantId: assistant.id, metric: "cost_per_day", threshold: 0, webhookUrl: `http://127.0.0.1:${hook.port}/hooks/timer` });
    cost(h, assistant.id, Math.floor(Date.now() / DAY), "m1", 1);
    const sender = new WebhookSender(() => h.services, { pollMs: 20 });
    sender.start();
    evaluateAlerts(h.services);
    for (let i = 0; i < 200 && deliveriesOf(h, id)[0]?.status !== "delivered"; i++) await new Promise((r) => setTimeout(r, 10));
    await sender.stop();
    expect(deliveriesOf(h, id)).toMatchObject([{ status: "delivered" }]);
  });
});

describe("rules", () => {
  it("validates thresholds per metric and webhook addresses", async () => {
    const { assistant, api } = await setup();
    const bad = (input: Record<string, unknown>) => api.alerts.createRule({ assistantId: assistant.id, metric: "thumbs_up_rate", threshold: 0.5, ...input } as any).catch((e) => dataOf(e).fieldErrors);
    expect(await bad({ threshold: 1.5 })).toMatchObject({ threshold: ["Use a rate between 0 and 1"] });
    expect(await bad({ metric: "correct_rate", threshold: -0.1 })).toHaveProperty("threshold");
    expect(await bad({ metric: "cost_per_day", threshold: -1 })).toHaveProperty("threshold");
    expect(await bad({ metric: "latency" })).toHaveProperty("metric");
    expect(await bad({ webhookUrl: "ftp://hooks.example.com/x" })).toMatchObject({ webhookUrl: ["A webhook address starts with http:// or https://."] });
    expect(await bad({ webhookUrl: "https://user:secret@hooks.example.com/x" })).toHaveProperty("webhookUrl");
    expect(await bad({ webhookUrl: "not a url" })).toHaveProperty("webhookUrl");
    expect(await bad({ webhookUrl: "http://10.1.2.3/x" })).toHaveProperty("webhookUrl");

    const { id } = await api.alerts.createRule({ assistantId: assistant.id, metric: "cost_per_day", threshold: 12.5, webhookUrl: " https://hooks.example.com/atelier " });
    expect((await api.alerts.rules({ assistantId: assistant.id })).rules).toMatchObject([{ id, metric: "cost_per_day", threshold: 12.5, webhookUrl: "https://hooks.example.com/atelier", enabled: true, firing: false }]);
    // A rate threshold is checked against the new metric.
    expect(await codeOf(api.alerts.updateRule({ id, metric: "correct_rate" }))).toBe("BAD_REQUEST");
    await api.alerts.updateRule({ id, metric: "correct_rate", threshold: 0.75, webhookUrl: "" });
    expect((await api.alerts.rules({ assistantId: assistant.id })).rules).toMatchObject([{ id, metric: "correct_rate", threshold: 0.75, webhookUrl: null }]);
    await api.alerts.deleteRule({ id });
    expect((await api.alerts.rules({ assistantId: assistant.id })).rules).toEqual([]);
    expect(await codeOf(api.alerts.deleteRule({ id }))).toBe("NOT_FOUND");
  });

  it("belongs to the assistant's editors: members FORBIDDEN, other builders cannot read or change the rules", async () => {
    const { h, admin, coEditor, other, member, assistant, api } = await setup();
    const { id } = await api.alerts.createRule({ assistantId: assistant.id, metric: "thumbs_up_rate", threshold: 0.5 });
    const hidden = await h.as(other.jar).assistants.create({ name: "Private one" });

    expect(await codeOf(h.anonymous().alerts.rules({ assistantId: assistant.id }))).toBe("UNAUTHORIZED");
    expect(await codeOf(h.as(member.jar).alerts.rules({ assistantId: assistant.id }))).toBe("FORBIDDEN");
    expect(await codeOf(h.as(member.jar).alerts.createRule({ assistantId: assistant.id, metric: "cost_per_day", threshold: 1 }))).toBe("FORBIDDEN");
    // Another builder may use the workspace assistant but not edit it.
    expect(await codeOf(h.as(other.jar).alerts.rules({ assistantId: assistant.id }))).toBe("FORBIDDEN");
    expect(await codeOf(h.as(other.jar).alerts.createRule({ assistantId: assistant.id, metric: "cost_per_day", threshold: 1 }))).toBe("FORBIDDEN");
    expect(await codeOf(h.as(other.jar).alerts.updateRule({ id, threshold: 0.1 }))).toBe("FORBIDDEN");
    expect(await codeOf(h.as(other.jar).alerts.deleteRule({ id }))).toBe("FORBIDDEN");
    // The owner of a private assistant is the only one who knows it exists (besides admins).
    expect(await codeOf(api.alerts.rules({ assistantId: hidden.id }))).toBe("NOT_FOUND");
    expect(await codeOf(api.alerts.createRule({ assistantId: hidden.id, metric: "cost_per_day", threshold: 1 }))).toBe("NOT_FOUND");
    expect(ruleRow(h, id).threshold).toBe(0.5);

    // Co-editors and admins may.
    await h.as(coEditor.jar).alerts.updateRule({ id, threshold: 0.6 });
    expect((await h.as(admin).alerts.rules({ assistantId: assistant.id })).rules[0]!.threshold).toBe(0.6);
    expect((await h.as(admin).alerts.rules({ assistantId: hidden.id })).rules).toEqual([]);

    // Checking every rule now is for admins.
    expect(await codeOf(api.alerts.check())).toBe("FORBIDDEN");
    expect(await h.as(admin).alerts.check()).toEqual({ checked: 1, fired: [], resolved: [] });
  });

  it("disabling or changing the metric starts the rule afresh", async () => {
    const { h, owner, assistant, api } = await setup();
    const { id } = await api.alerts.createRule({ assistantId: assistant.id, metric: "cost_per_day", threshold: 0 });
    cost(h, assistant.id, TODAY, "m1", 1);
    evaluateAlerts(h.services, NOW);
    expect(ruleRow(h, id).firing).toBe(true);
    await api.alerts.updateRule({ id, enabled: false });
    expect(ruleRow(h, id)).toMatchObject({ firing: false, enabled: false, lastValue: null });
    expect(evaluateAlerts(h.services, NOW).checked).toBe(0);
    await api.alerts.updateRule({ id, enabled: true });
    expect(evaluateAlerts(h.services, NOW).fired).toEqual([id]);
    expect((await inbox(h, owner.jar)).items).toHaveLength(2);
    expect(h.services.db.select().from(notifications).all()).toHaveLength(4); // owner and co-editor, twice
  });
});
