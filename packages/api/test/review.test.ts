import { eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { answerGrades, answerStatsDaily, conversations, ingestionJobs, knowledgeSources, type MessageCitation, messageFeedback, messages, modelCalls, models, newId, reviewItems, users, workspace } from "@atelier/db";
import { startFakeOpenAI, type FakeOpenAI } from "@atelier/fake-openai";
import { builtinModelId, ensureBuiltinProvider, handleUploadRequest } from "../src";
import { hashDraw, LiveGrader, type LiveGraderOptions } from "../src/services/monitoring/live-grading";
import { codeOf, createHarness, modelEndpoint, type CookieJar, type Harness } from "./harness";

const GROUNDEDNESS_SYSTEM = "You check whether an assistant's answer is supported";

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI({
    models: ["fake-chat"],
    apiKey: "sk-test",
    // Only the judge calls this server (the assistant answers with the built-in engine): its
    // verdict depends on the answer it is shown.
    defaultScenario: (body) => {
      const user = String(body.messages?.at(-1)?.content ?? "");
      const answer = /<answer>([\s\S]*)<\/answer>/.exec(user)?.[1] ?? "";
      const verdict = answer.includes("laptop") ? "ungrounded" : answer.includes("euros") ? "partially_grounded" : "grounded";
      return { reply: JSON.stringify({ verdict, rationale: `Scripted: ${verdict}.` }) };
    },
  });
});
afterAll(() => fake.close());

const graders: LiveGrader[] = [];
afterEach(async () => {
  await Promise.all(graders.splice(0).map((g) => g.stop()));
});

const policy = `# Remote work policy

## Days at home

Employees may work from home two days per week with their manager's agreement.

## Equipment

The company lends a laptop and a headset to every remote worker.

## Expenses

Internet costs are reimbursed up to 20 euros per month.
`;

const HOME = "How many days per week can I work from home?";
const LEND = "What does the company lend to remote workers?";
const EXPENSES = "How much of my internet costs are reimbursed?";
const CANTEEN = "What is on the canteen menu on Friday?";

function judgeRequests() {
  return fake.requests.filter((r) => String(r.body?.messages?.[0]?.content ?? "").startsWith(GROUNDEDNESS_SYSTEM));
}

/**
 * A workspace whose judge is the fake OpenAI server's model (on-premises), and an HR assistant
 * answering with the built-in engine from the remote-work policy, visible to everyone.
 */
async function workspaceWithJudge() {
  const h = createHarness({ model: modelEndpoint(fake.url) });
  const jar = await h.setupAdmin();
  const api = h.as(jar);
  const judgeId = h.services.db.select({ id: models.id }).from(models).where(eq(models.name, "fake-chat")).get()!.id;
  h.services.db.update(workspace).set({ defaultJudgeModelId: judgeId }).run();
  ensureBuiltinProvider(h.services.db);
  const { id: sourceId } = await api.knowledge.createSource({ name: "HR", config: { kind: "upload" } });
  handleUploadRequest(h.services, { sessionToken: jar.token, ip: "10.0.0.1", userAgent: "vitest", sourceId, fileName: "remote-work.md", mimeType: null, bytes: new TextEncoder().encode(policy) });
  for (const job of h.services.db.select().from(ingestionJobs).all()) await h.services.knowledge.runner.waitFor(job.id);
  const assistant = await api.assistants.create({ name: "HR helper", modelId: builtinModelId(h.services)!, visibility: "workspace", sourceIds: [sourceId] });
  return { h, jar, api, judgeId, sourceId, assistant };
}

/** A grader attached to the harness's chat runs, as the server attaches it. */
function attachGrader(h: Harness, options: LiveGraderOptions = {}) {
  const grader = new LiveGrader(() => h.services, options);
  graders.push(grader);
  h.services.chatRuns.onFinished((answer) => grader.consider(answer));
  grader.start();
  return grader;
}

/** Asks a question and waits for the whole answer. */
async function ask(h: Harness, jar: CookieJar, assistantId: string, content: string): Promise<string> {
  const api = h.as(jar);
  const sent = await api.chat.send({ assistantId, content });
  for await (const tracked of await api.chat.onMessage({ messageId: sent.assistantMessageId })) if ((tracked as any)[1].type === "done") break;
  return sent.assistantMessageId;
}

function gradesOf(h: Harness) {
  return h.services.db.select().from(answerGrades).all();
}

describe("live grading", () => {
  it("grades sampled answers for groundedness in the background, within the daily budget", async () => {
    const { h, api, judgeId, assistant } = await workspaceWithJudge();
    expect(await api.review.liveGradingSettings()).toMatchObject({ rate: 0.1, dailyBudget: 200, gradedToday: 0, judge: { configured: true, modelId: judgeId } });
    await api.review.updateLiveGradingSettings({ rate: 1, dailyBudget: 2 });
    const grader = attachGrader(h);
    const member = await h.user("member");
    const before = judgeRequests().length;

    const canteen = await ask(h, member.jar, assistant.id, CANTEEN); // "I did not find…": not graded
    const home = await ask(h, member.jar, assistant.id, HOME);
    const lend = await ask(h, member.jar, assistant.id, LEND);
    const over = await ask(h, member.jar, assistant.id, EXPENSES); // over the budget of 2
    await grader.idle();

    const grades = gradesOf(h);
    expect(grades.map((g) => [g.messageId, g.verdict, g.passed]).sort()).toEqual(
      [
        [home, "grounded", true],
        [lend, "ungrounded", false],
      ].sort(),
    );
    expect(grades[0]).toMatchObject({ assistantId: assistant.id, judgeModelId: judgeId, promptVersion: "groundedness-v1" });
    expect(grades.find((g) => g.messageId === lend)!.rationale).toBe("Scripted: ungrounded.");
    expect(grades.map((g) => g.messageId)).not.toContain(canteen);
    expect(grades.map((g) => g.messageId)).not.toContain(over);
    // One vote per answer, with the answer's passages.
    const sent = judgeRequests().slice(before);
    expect(sent).toHaveLength(2);
    expect(String(sent[0]!.body.messages.at(-1).content)).toMatch(/\[1\] .*(two days per week|laptop)/);

    // The ungrounded answer waits for a reviewer; the daily aggregates count both grades.
    expect(h.services.db.select().from(reviewItems).all()).toMatchObject([{ messageId: lend, reason: "low_groundedness", status: "pending" }]);
    const stats = h.services.db
      .select({ graded: sql<number>`sum(${answerStatsDaily.graded})`, grounded: sql<number>`sum(${answerStatsDaily.grounded})` })
      .from(answerStatsDaily)
      .where(eq(answerStatsDaily.assistantId, assistant.id))
      .get();
    expect(stats).toEqual({ graded: 2, grounded: 1 });
    // The judge's tokens are billed to the assistant graded.
    const calls = h.services.db.select().from(modelCalls).where(eq(modelCalls.purpose, "judge")).all();
    expect(calls).toHaveLength(2);
    expect(calls.every((c) => c.assistantId === assistant.id && c.modelId === judgeId && c.inputTokens! > 0 && c.messageId === null)).toBe(true);
    expect(await api.review.liveGradingSettings()).toMatchObject({ gradedToday: 2 });

    // A larger budget the same day lets the next answers through.
    await api.review.updateLiveGradingSettings({ rate: 1, dailyBudget: 3 });
    const expenses = await ask(h, member.jar, assistant.id, EXPENSES);
    await grader.idle();
    expect(gradesOf(h).find((g) => g.messageId === expenses)).toMatchObject({ verdict: "partially_grounded", passed: false });
    expect(h.services.db.select().from(reviewItems).where(eq(reviewItems.messageId, expenses)).get()).toMatchObject({ reason: "low_groundedness" });
  });

  it("samples answers at the workspace's rate, and only when a judge is configured", async () => {
    const { h, jar, api, assistant } = await workspaceWithJudge();
    await api.review.updateLiveGradingSettings({ rate: 0.5, dailyBudget: 100 });
    const draws = [0.2, 0.7, 0.4];
    const grader = attachGrader(h, { random: () => draws.shift() ?? 0.99 });
    const first = await ask(h, jar, assistant.id, HOME);
    const second = await ask(h, jar, assistant.id, HOME);
    const third = await ask(h, jar, assistant.id, HOME);
    await grader.idle();
    expect(gradesOf(h).map((g) => g.messageId).sort()).toEqual([first, third].sort());
    expect(gradesOf(h).map((g) => g.messageId)).not.toContain(second);

    // Rate 0: nothing. No judge: nothing, and no call.
    await api.review.updateLiveGradingSettings({ rate: 0, dailyBudget: 100 });
    draws.push(0);
    await ask(h, jar, assistant.id, HOME);
    await api.review.updateLiveGradingSettings({ rate: 1, dailyBudget: 100 });
    h.services.db.update(workspace).set({ defaultJudgeModelId: null }).run();
    const before = judgeRequests().length;
    await ask(h, jar, assistant.id, HOME);
    await grader.idle();
    expect(gradesOf(h)).toHaveLength(2);
    expect(judgeRequests().length).toBe(before);
    expect(await api.review.liveGradingSettings()).toMatchObject({ judge: { configured: false } });
  });

  it("draws by message id: the same answer always gets the same draw, spread evenly", () => {
    const ids = Array.from({ length: 2000 }, () => newId());
    expect(ids.map(hashDraw)).toEqual(ids.map(hashDraw));
    const draws = ids.map(hashDraw);
    expect(draws.every((d) => d >= 0 && d < 1)).toBe(true);
    expect(draws.filter((d) => d < 0.1).length / draws.length).toBeGreaterThan(0.07);
    expect(draws.filter((d) => d < 0.1).length / draws.length).toBeLessThan(0.13);
  });

  it("never sends confidential passages to an external judge, and skips answers whose grading fails", async () => {
    const { h, jar, api, judgeId, sourceId, assistant } = await workspaceWithJudge();
    await api.review.updateLiveGradingSettings({ rate: 1, dailyBudget: 100 });
    await api.knowledge.updateSource({ id: sourceId, sensitivity: "confidential" });
    await api.models.updateModel({ id: judgeId, sovereignty: "external" });
    const grader = attachGrader(h);
    let before = judgeRequests().length;
    await ask(h, jar, assistant.id, HOME);
    await grader.idle();
    expect(judgeRequests().length).toBe(before);
    expect(gradesOf(h)).toEqual([]);

    // On-premises again: confidential passages may go to it.
    await api.models.updateModel({ id: judgeId, sovereignty: "on_premises" });
    const graded = await ask(h, jar, assistant.id, HOME);
    await grader.idle();
    expect(gradesOf(h).map((g) => g.messageId)).toEqual([graded]);

    // A failing judge (server error, then an unreadable verdict): logged and skipped, never retried.
    before = judgeRequests().length;
    fake.enqueue({ status: 500 });
    const failed = await ask(h, jar, assistant.id, HOME);
    await grader.idle();
    fake.enqueue({ reply: "It looks fine to me." });
    const unreadable = await ask(h, jar, assistant.id, HOME);
    await grader.idle();
    const next = await ask(h, jar, assistant.id, HOME);
    await grader.idle();
    expect(judgeRequests().length - before).toBe(3);
    expect(gradesOf(h).map((g) => g.messageId)).not.toContain(failed);
    expect(gradesOf(h).map((g) => g.messageId)).not.toContain(unreadable);
    expect(gradesOf(h).map((g) => g.messageId)).toContain(next);
  });

  it("finds at start the sampled answers of the last 24 hours that were never graded", async () => {
    const { h, jar, api, assistant } = await workspaceWithJudge();
    await api.review.updateLiveGradingSettings({ rate: 1, dailyBudget: 100 });
    // Answered while no grader ran (as before a restart).
    const recent = await ask(h, jar, assistant.id, HOME);
    const old = await ask(h, jar, assistant.id, LEND);
    await ask(h, jar, assistant.id, CANTEEN);
    h.services.db
      .update(messages)
      .set({ createdAt: new Date(Date.now() - 30 * 3_600_000) })
      .where(eq(messages.id, old))
      .run();

    const grader = new LiveGrader(() => h.services);
    graders.push(grader);
    grader.start();
    await grader.idle();
    expect(gradesOf(h).map((g) => g.messageId)).toEqual([recent]);

    // Another start grades nothing twice.
    const before = judgeRequests().length;
    await grader.stop();
    grader.start();
    await grader.idle();
    expect(judgeRequests().length).toBe(before);
  });
});

type Fixture = { citations?: MessageCitation[]; verdict?: "grounded" | "partially_grounded" | "ungrounded"; feedback?: "up" | "down"; correction?: string; status?: "done" | "error"; daysAgo?: number; answer?: string };

const passage: MessageCitation = { ref: 1, chunkId: "c1", documentId: "d1", sourceId: "s1", title: "Remote work policy", headingPath: ["Days at home"], page: null, location: "remote-work.md", excerpt: "Employees may work from home two days per week." };

/** An answer written straight into the database: a conversation of `userId`, its question and answer. */
function answerFixture(h: Harness, assistantId: string, userId: string, question: string, f: Fixture = {}): string {
  const db = h.services.db;
  const at = Date.now() - (f.daysAgo ?? 0) * 86_400_000;
  const conversationId = newId();
  const answerId = newId();
  db.insert(conversations).values({ id: conversationId, userId, assistantId, title: question }).run();
  db.insert(messages).values({ id: newId(), conversationId, role: "user", content: question, createdAt: new Date(at - 1000) }).run();
  db.insert(messages)
    .values({ id: answerId, conversationId, role: "assistant", content: f.answer ?? "You may work from home two days per week [1].", status: f.status ?? "done", assistantId, citations: f.citations ?? [passage], createdAt: new Date(at) })
    .run();
  if (f.feedback) db.insert(messageFeedback).values({ messageId: answerId, userId, assistantId, rating: f.feedback, correction: f.correction ?? "" }).run();
  if (f.verdict) db.insert(answerGrades).values({ messageId: answerId, assistantId, verdict: f.verdict, passed: f.verdict === "grounded", rationale: "Fixture.", promptVersion: "groundedness-v1" }).run();
  return answerId;
}

function idOf(h: Harness, email: string) {
  return h.services.db.select({ id: users.id }).from(users).where(eq(users.email, email)).get()!.id;
}

describe("the review queue", () => {
  it("is filled with a stratified sample: thumbs-down first, then low groundedness, then uniformly at random", async () => {
    const h = createHarness();
    const jar = await h.setupAdmin();
    const api = h.as(jar);
    const assistant = await api.assistants.create({ name: "HR helper", visibility: "workspace" });
    const other = await api.assistants.create({ name: "Other", visibility: "workspace" });
    const member = await h.user("member");
    const add = (question: string, f?: Fixture) => answerFixture(h, assistant.id, member.id, question, f);
    // The fixtures' passages come from a workspace source.
    h.services.db.insert(knowledgeSources).values({ id: passage.sourceId, name: "HR policies", kind: "upload", config: {} }).run();

    const down = [add("Down 1?", { feedback: "down", correction: "Three days" }), add("Down 2?", { feedback: "down" }), add("Down 3?", { feedback: "down", verdict: "ungrounded" })];
    add("Down, too old?", { feedback: "down", daysAgo: 40 });
    const low = [add("Low 1?", { verdict: "ungrounded" }), add("Low 2?", { verdict: "partially_grounded" })];
    const plain = [add("Grounded?", { verdict: "grounded" }), add("Up?", { feedback: "up" }), ...["A?", "B?", "C?", "D?"].map((q) => add(q))];
    add("Failed?", { status: "error" });
    const queued = add("Already reviewed?");
    h.services.db.insert(reviewItems).values({ messageId: queued, assistantId: assistant.id, reason: "sample", status: "reviewed", verdict: "correct" }).run();
    answerFixture(h, other.id, member.id, "Another assistant?", { feedback: "down" });

    expect(await api.review.fill({ assistantId: assistant.id, size: 4 })).toEqual({ added: 4, byReason: { thumbs_down: 3, low_groundedness: 1, sample: 0 } });
    expect(await api.review.fill({ assistantId: assistant.id, size: 10 })).toEqual({ added: 7, byReason: { thumbs_down: 0, low_groundedness: 1, sample: 6 } });
    expect(await api.review.fill({ assistantId: assistant.id, size: 10 })).toEqual({ added: 0, byReason: { thumbs_down: 0, low_groundedness: 0, sample: 0 } });

    const queue = await api.review.queue({ assistantId: assistant.id });
    expect(queue.map((q) => q.reason)).toEqual([...Array(3).fill("thumbs_down"), ...Array(2).fill("low_groundedness"), ...Array(6).fill("sample")]);
    expect(new Set(queue.slice(0, 3).map((q) => q.messageId))).toEqual(new Set(down));
    expect(new Set(queue.slice(3, 5).map((q) => q.messageId))).toEqual(new Set(low));
    expect(new Set(queue.slice(5).map((q) => q.messageId))).toEqual(new Set(plain));
    const first = queue.find((q) => q.messageId === down[0])!;
    expect(first).toMatchObject({
      question: "Down 1?",
      answer: "You may work from home two days per week [1].",
      passages: [{ ref: 1, title: "Remote work policy", excerpt: "Employees may work from home two days per week.", location: "remote-work.md" }],
      feedback: { rating: "down", correction: "Three days" },
      judge: null,
      review: null,
      assistant: { id: assistant.id, name: "HR helper" },
    });
    expect(queue.find((q) => q.messageId === low[1])!.judge).toMatchObject({ verdict: "partially_grounded", rationale: "Fixture." });
    // Who asked is never shown, nor the text of a file they attached to their conversation.
    const sourceId = newId();
    const withFile = add("About my file?", { feedback: "down", citations: [passage, { ...passage, ref: 2, sourceId, title: "my-payslip.pdf", excerpt: "Salary: 4,200 euros" }] });
    const conversationId = h.services.db.select({ id: messages.conversationId }).from(messages).where(eq(messages.id, withFile)).get()!.id;
    h.services.db.insert(knowledgeSources).values({ id: sourceId, name: "Attached files", kind: "upload", config: {}, conversationId }).run();
    await api.review.fill({ assistantId: assistant.id, size: 1 });
    const [fileItem] = (await api.review.queue({ assistantId: assistant.id })).filter((q) => q.messageId === withFile);
    expect(fileItem!.passages).toEqual([
      expect.objectContaining({ ref: 1, attachedFile: false, hidden: false, excerpt: passage.excerpt }),
      expect.objectContaining({ ref: 2, attachedFile: true, hidden: true, title: "", excerpt: "" }),
    ]);
    expect(JSON.stringify(await api.review.queue({ assistantId: assistant.id }))).not.toContain("4,200");
    expect(JSON.stringify(queue)).not.toContain(member.id);
    expect(JSON.stringify(queue)).not.toContain(member.email);
    // Without an assistant: every assistant the admin edits.
    expect(await api.review.queue({})).toHaveLength(12);
    expect(await api.review.queue({ status: "reviewed" })).toMatchObject([{ messageId: queued }]);
    // Nor that of a team's source the reviewer is not in.
    const hr = await api.teams.create({ name: "HR" });
    const teamSource = await api.knowledge.createSource({ name: "HR only", teamId: hr.id, config: { kind: "upload" } });
    const withTeam = add("About pay?", { feedback: "down", citations: [{ ...passage, sourceId: teamSource.id, excerpt: "Pay grid: secret" }] });
    const coEditor = await h.user("builder");
    await api.assistants.setEditors({ id: assistant.id, userIds: [coEditor.id] });
    await api.review.fill({ assistantId: assistant.id, size: 1 });
    const asCoEditor = (await h.as(coEditor.jar).review.queue({ assistantId: assistant.id })).find((q) => q.messageId === withTeam)!;
    expect(asCoEditor.passages).toEqual([expect.objectContaining({ ref: 1, hidden: true, excerpt: "" })]);
    expect((await api.review.queue({ assistantId: assistant.id })).find((q) => q.messageId === withTeam)!.passages[0]!.excerpt).toBe("Pay grid: secret");
  });

  it("records reviews and skips, and turns reviewed answers into candidate cases", async () => {
    const h = createHarness();
    const jar = await h.setupAdmin();
    const api = h.as(jar);
    const assistant = await api.assistants.create({ name: "HR helper", visibility: "workspace" });
    const { id: suiteId } = await api.evaluation.createSuite({ assistantId: assistant.id, name: "HR basics" });
    const adminId = idOf(h, "ada@acme.test");
    const good = answerFixture(h, assistant.id, adminId, "How many days at home?");
    const corrected = answerFixture(h, assistant.id, adminId, "What is lent?", { feedback: "down", correction: "A laptop and a headset", answer: "A bicycle [1]." });
    const wrong = answerFixture(h, assistant.id, adminId, "Who approves?", { answer: "The CEO [1]." });
    const declined = answerFixture(h, assistant.id, adminId, "Canteen menu?", { answer: "I did not find this in the documents." });
    const skipped = answerFixture(h, assistant.id, adminId, "Skip me?");
    await api.review.fill({ assistantId: assistant.id, size: 10 });

    expect(await codeOf(api.review.toCase({ messageId: good }))).toBe("BAD_REQUEST"); // not reviewed yet
    expect(await api.review.submit({ messageId: good, verdict: "partial", comment: "Misses the manager's agreement" })).toMatchObject({ status: "reviewed", verdict: "partial" });
    await api.review.submit({ messageId: good, verdict: "correct", comment: "Fine after all" }); // a later verdict replaces it
    await api.review.submit({ messageId: corrected, verdict: "incorrect" });
    await api.review.submit({ messageId: wrong, verdict: "incorrect", comment: "It is the manager" });
    await api.review.submit({ messageId: declined, verdict: "correct" });
    expect(await api.review.skip({ messageId: skipped })).toEqual({ messageId: skipped, status: "skipped" });
    expect(await codeOf(api.review.skip({ messageId: good }))).toBe("BAD_REQUEST");
    expect(await codeOf(api.review.submit({ messageId: newId(), verdict: "correct" }))).toBe("NOT_FOUND");
    expect(await codeOf(api.review.submit({ messageId: good, verdict: "maybe" as any }))).toBe("BAD_REQUEST");

    expect(await api.review.queue({ assistantId: assistant.id })).toEqual([]);
    expect((await api.review.queue({ assistantId: assistant.id, status: "skipped" })).map((q) => q.messageId)).toEqual([skipped]);
    const reviewed = await api.review.queue({ assistantId: assistant.id, status: "reviewed" });
    expect(reviewed).toHaveLength(4);
    expect(reviewed.find((q) => q.messageId === good)!.review).toMatchObject({ verdict: "correct", comment: "Fine after all", reviewerName: "Ada Admin" });

    expect(await api.review.toCase({ messageId: good })).toMatchObject({ suiteId, created: true, needsReference: false });
    expect(await api.review.toCase({ messageId: good })).toMatchObject({ suiteId, created: false });
    expect(await api.review.toCase({ messageId: corrected, suiteId })).toMatchObject({ created: true, needsReference: false });
    expect(await api.review.toCase({ messageId: wrong, suiteId })).toMatchObject({ created: true, needsReference: true });
    expect(await api.review.toCase({ messageId: declined, suiteId })).toMatchObject({ created: true, needsReference: false });
    const cases = await api.evaluation.cases({ suiteId, status: "candidate" });
    const byQuestion = Object.fromEntries(cases.map((c) => [c.question, c]));
    expect(byQuestion["How many days at home?"]).toMatchObject({ referenceAnswer: "You may work from home two days per week.", expectAbstention: false, origin: "review", originMessageId: good, tags: ["review-correct"] });
    expect(byQuestion["What is lent?"]).toMatchObject({ referenceAnswer: "A laptop and a headset", tags: ["review-incorrect", "thumbs-down"] });
    expect(byQuestion["Who approves?"]).toMatchObject({ referenceAnswer: "", tags: ["review-incorrect", "needs-reference"] });
    expect(byQuestion["Canteen menu?"]).toMatchObject({ referenceAnswer: "", expectAbstention: true });
    // Another assistant's suite is refused.
    const other = await api.assistants.create({ name: "Other", visibility: "workspace" });
    const { id: otherSuite } = await api.evaluation.createSuite({ assistantId: other.id, name: "Other suite" });
    const third = answerFixture(h, assistant.id, adminId, "Third?");
    await api.review.fill({ assistantId: assistant.id, size: 1 });
    await api.review.submit({ messageId: third, verdict: "correct" });
    expect(await codeOf(api.review.toCase({ messageId: third, suiteId: otherSuite }))).toBe("BAD_REQUEST");
  });

  it("is only for the assistant's editors; the live grading settings are the admins'", async () => {
    const h = createHarness();
    const jar = await h.setupAdmin();
    const api = h.as(jar);
    const shared = await api.assistants.create({ name: "Shared", visibility: "workspace" });
    const hidden = await api.assistants.create({ name: "Private", visibility: "private" });
    const member = await h.user("member");
    const builder = await h.user("builder");
    const sharedAnswer = answerFixture(h, shared.id, member.id, "Shared?", { feedback: "down" });
    const hiddenAnswer = answerFixture(h, hidden.id, idOf(h, "ada@acme.test"), "Private?");
    await api.review.fill({ assistantId: shared.id, size: 5 });
    await api.review.fill({ assistantId: hidden.id, size: 5 });

    const m = h.as(member.jar);
    expect(await codeOf(m.review.queue({}))).toBe("FORBIDDEN");
    expect(await codeOf(m.review.fill({ assistantId: shared.id, size: 5 }))).toBe("FORBIDDEN");
    expect(await codeOf(m.review.submit({ messageId: sharedAnswer, verdict: "correct" }))).toBe("FORBIDDEN");
    expect(await codeOf(m.review.agreement({ assistantId: shared.id }))).toBe("FORBIDDEN");
    expect(await codeOf(m.review.liveGradingSettings())).toBe("FORBIDDEN");
    expect(await codeOf(h.anonymous().review.queue({}))).toBe("UNAUTHORIZED");

    // A builder who may use the shared assistant but not edit it; the private one is invisible.
    const b = h.as(builder.jar);
    expect(await b.review.queue({})).toEqual([]);
    expect(await codeOf(b.review.queue({ assistantId: shared.id }))).toBe("FORBIDDEN");
    expect(await codeOf(b.review.queue({ assistantId: hidden.id }))).toBe("NOT_FOUND");
    expect(await codeOf(b.review.fill({ assistantId: shared.id, size: 5 }))).toBe("FORBIDDEN");
    expect(await codeOf(b.review.submit({ messageId: sharedAnswer, verdict: "correct" }))).toBe("FORBIDDEN");
    expect(await codeOf(b.review.submit({ messageId: hiddenAnswer, verdict: "correct" }))).toBe("NOT_FOUND");
    expect(await codeOf(b.review.skip({ messageId: hiddenAnswer }))).toBe("NOT_FOUND");
    expect(await codeOf(b.review.toCase({ messageId: sharedAnswer }))).toBe("FORBIDDEN");
    expect(await codeOf(b.review.agreement({ assistantId: shared.id }))).toBe("FORBIDDEN");
    expect(await codeOf(b.review.agreement({ assistantId: hidden.id }))).toBe("NOT_FOUND");
    // Builders see the live grading settings; only admins change them, within bounds.
    expect(await b.review.liveGradingSettings()).toMatchObject({ rate: 0.1, dailyBudget: 200 });
    expect(await codeOf(b.review.updateLiveGradingSettings({ rate: 0.5, dailyBudget: 10 }))).toBe("FORBIDDEN");
    expect(await codeOf(api.review.updateLiveGradingSettings({ rate: 1.5, dailyBudget: 10 }))).toBe("BAD_REQUEST");
    expect(await codeOf(api.review.updateLiveGradingSettings({ rate: 0.5, dailyBudget: 100_001 }))).toBe("BAD_REQUEST");
    expect(await api.review.updateLiveGradingSettings({ rate: 0.25, dailyBudget: 0 })).toMatchObject({ rate: 0.25, dailyBudget: 0 });

    // A co-editor works on the queue.
    await api.assistants.setEditors({ id: shared.id, userIds: [builder.id] });
    expect((await b.review.queue({})).map((q) => q.messageId)).toEqual([sharedAnswer]);
    expect(await b.review.submit({ messageId: sharedAnswer, verdict: "incorrect" })).toMatchObject({ status: "reviewed" });
  });
});

describe("judge–human agreement", () => {
  it("compares the live judge's verdicts with the reviewers' on the same answers", async () => {
    const h = createHarness();
    const jar = await h.setupAdmin();
    const api = h.as(jar);
    const assistant = await api.assistants.create({ name: "HR helper", visibility: "workspace" });
    const adminId = idOf(h, "ada@acme.test");
    const add = (f: Fixture) => answerFixture(h, assistant.id, adminId, "Question?", f);
    expect(await api.review.agreement({ assistantId: assistant.id })).toMatchObject({ assistantId: assistant.id, n: 0, percentAgreement: null, kappa: null });

    const pairs: [Fixture["verdict"], "correct" | "partial" | "incorrect"][] = [
      ["grounded", "correct"],
      ["grounded", "correct"],
      ["ungrounded", "incorrect"],
      ["grounded", "incorrect"],
    ];
    for (const [verdict, human] of pairs) {
      const messageId = add({ verdict });
      await api.review.fill({ assistantId: assistant.id, size: 1 });
      await api.review.submit({ messageId, verdict: human });
    }
    // Not counted: reviewed without a grade, graded and skipped, graded and pending.
    const ungraded = add({});
    await api.review.fill({ assistantId: assistant.id, size: 1 });
    await api.review.submit({ messageId: ungraded, verdict: "correct" });
    const skipped = add({ verdict: "ungrounded" });
    await api.review.fill({ assistantId: assistant.id, size: 1 });
    await api.review.skip({ messageId: skipped });
    add({ verdict: "grounded" });
    await api.review.fill({ assistantId: assistant.id, size: 1 });

    // po = 3/4; the judge says acceptable 3 times, the reviewers twice: pe = (3·2 + 1·2) / 16 = 0.5,
    // κ = (0.75 − 0.5) / (1 − 0.5) = 0.5.
    const result = await api.review.agreement({ assistantId: assistant.id });
    expect(result.n).toBe(4);
    expect(result.percentAgreement).toBeCloseTo(0.75, 10);
    expect(result.kappa).toBeCloseTo(0.5, 10);
    expect(result.binary.kappa).toBeCloseTo(0.5, 10);
    expect(result.counts.grounded).toEqual({ correct: 2, partial: 0, incorrect: 1 });
    expect(result.counts.ungrounded).toEqual({ correct: 0, partial: 0, incorrect: 1 });
    // The unbiased figure: only the randomly sampled answers (the ungrounded one came in as poorly
    // grounded). The judge said grounded all 3 times, the reviewers correct twice: po = 2/3 = pe, κ = 0.
    expect(result.randomSample.n).toBe(3);
    expect(result.randomSample.percentAgreement).toBeCloseTo(2 / 3, 10);
    expect(result.randomSample.kappa).toBeCloseTo(0, 10);
  });
});
