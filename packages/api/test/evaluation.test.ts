import { fileURLToPath } from "node:url";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evalResults, evalRuns, evalSuites, ingestionJobs, modelCalls, models, workspace } from "@atelier/db";
import { startFakeOpenAI, type FakeOpenAI } from "@atelier/fake-openai";
import { builtinModelId, createScheduledRuns, ensureBuiltinProvider, handleUploadRequest } from "../src";
import { codeOf, createHarness, modelEndpoint, type CookieJar, type Harness } from "./harness";

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI({
    models: ["fake-chat"],
    apiKey: "sk-test",
    // The judge's requests carry its rubric; every other request is the assistant answering.
    defaultScenario: (body) => {
      const system = String(body.messages?.[0]?.content ?? "");
      const user = String(body.messages?.at(-1)?.content ?? "");
      if (system.startsWith("You grade the answer")) {
        if (user.includes("MALFORMED")) return { reply: "I think it is fine." };
        return { reply: JSON.stringify({ verdict: user.includes("two days") ? "correct" : "incorrect", rationale: "Compared with the reference." }) };
      }
      if (system.startsWith("You check whether an assistant's answer is supported")) return { reply: JSON.stringify({ verdict: "grounded", rationale: "Supported." }) };
      if (system.startsWith("You check whether an assistant's answer addresses")) return { reply: JSON.stringify({ verdict: "relevant", rationale: "On topic." }) };
      if (user.includes("SLOW")) return { reply: "A slow answer that takes a while to stream out word by word.", chunkDelayMs: 150 };
      return { reply: user.includes("home") ? "You may work from home two days per week [1]." : "I did not find this in the documents." };
    },
  });
});
afterAll(() => fake.close());

const policy = `# Remote work policy

## Days at home

Employees may work from home two days per week with their manager's agreement.

## Equipment

The company lends a laptop and a headset to every remote worker.
`;

function upload(h: Harness, jar: CookieJar, sourceId: string, fileName: string, content: string) {
  return handleUploadRequest(h.services, { sessionToken: jar.token, ip: "10.0.0.1", userAgent: "vitest", sourceId, fileName, mimeType: null, bytes: new TextEncoder().encode(content) });
}

async function settle(h: Harness) {
  for (const job of h.services.db.select().from(ingestionJobs).all()) await h.services.knowledge.runner.waitFor(job.id);
}

const homeCase = { question: "How many days per week can I work from home?", referenceAnswer: "two days per week", expectedSources: ["remote-work.md"], tags: ["hr"], language: "en" as const };
const canteenCase = { question: "What is on the canteen menu on Friday?", referenceAnswer: "", expectAbstention: true, language: "en" as const };
const wrongCase = { question: "Which laptop brand does the company lend?", referenceAnswer: "Lenovo ThinkPad", language: "en" as const };

/** An HR assistant on the built-in engine (no LLM) over the remote-work policy, with a suite. */
async function hrAssistant(h: Harness, jar: CookieJar, options: { model?: string | null } = {}) {
  ensureBuiltinProvider(h.services.db);
  const api = h.as(jar);
  const { id: sourceId } = await api.knowledge.createSource({ name: "HR", config: { kind: "upload" } });
  upload(h, jar, sourceId, "remote-work.md", policy);
  await settle(h);
  const assistant = await api.assistants.create({ name: "HR helper", modelId: options.model === undefined ? builtinModelId(h.services)! : options.model, visibility: "workspace", sourceIds: [sourceId] });
  const { id: suiteId } = await api.evaluation.createSuite({ assistantId: assistant.id, name: "HR basics" });
  return { api, assistant, suiteId, sourceId };
}

/** Publish, again while the quality check runs, until it is published or blocked. */
async function publishUntilDecided(api: any, input: Record<string, unknown>) {
  for (let i = 0; i < 200; i++) {
    const result = await api.assistants.publish(input);
    if (result.status !== "checking") return result;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error("the check never finished");
}

async function finished(h: Harness, runId: string) {
  await h.services.evaluation.waitFor(runId);
  return h.services.db.select().from(evalRuns).where(eq(evalRuns.id, runId)).get()!;
}

describe("test suites and cases", () => {
  it("creates, edits and deletes cases; validates them like the form does", async () => {
    const h = createHarness();
    const jar = await h.setupAdmin();
    const { api, suiteId } = await hrAssistant(h, jar);
    const { id } = await api.evaluation.createCase({ suiteId, case: homeCase });
    expect(await api.evaluation.cases({ suiteId })).toMatchObject([{ id, question: homeCase.question, status: "active", origin: "manual", expectedSources: ["remote-work.md"] }]);
    await api.evaluation.updateCase({ id, case: { ...homeCase, tags: ["hr", "policy"] } });
    expect((await api.evaluation.cases({ suiteId }))[0]!.tags).toEqual(["hr", "policy"]);
    expect(await codeOf(api.evaluation.createCase({ suiteId, case: { question: "No reference?" } }))).toBe("BAD_REQUEST");
    expect(await codeOf(api.evaluation.createCase({ suiteId, case: { ...homeCase, tags: ["a|b"] } }))).toBe("BAD_REQUEST");
    await api.evaluation.deleteCase({ id });
    expect(await api.evaluation.cases({ suiteId })).toEqual([]);
  });

  it("imports CSV with a preview and per-row errors, never aborting on a bad row, and exports it back", async () => {
    const h = createHarness();
    const jar = await h.setupAdmin();
    const { api, suiteId } = await hrAssistant(h, jar);
    const csv = "\uFEFFquestion;réponse;should_abstain;tags;langue\r\nCombien de jours de télétravail ?;deux jours;non;rh|télétravail;fr\r\n;pas de question;non;;fr\r\nLe menu de la cantine ?;;oui;;fr\r\nQuestion sans réponse;;non;;fr\r\n";
    const preview = await api.evaluation.previewImport({ suiteId, fileName: "cases.csv", text: csv });
    expect(preview).toMatchObject({ format: "csv", valid: 2, invalid: 2 });
    expect(preview.rows.filter((r) => r.error).map((r) => r.line)).toEqual([3, 5]);
    expect(await api.evaluation.cases({ suiteId })).toEqual([]); // a preview changes nothing

    const imported = await api.evaluation.importCases({ suiteId, fileName: "cases.csv", text: csv });
    expect(imported.imported).toBe(2);
    expect(imported.errors.map((e) => e.line)).toEqual([3, 5]);
    const cases = await api.evaluation.cases({ suiteId });
    expect(cases.map((c) => [c.question, c.referenceAnswer, c.expectAbstention, c.tags, c.language, c.origin])).toEqual([
      ["Combien de jours de télétravail ?", "deux jours", false, ["rh", "télétravail"], "fr", "import"],
      ["Le menu de la cantine ?", "", true, [], "fr", "import"],
    ]);
    const exported = await api.evaluation.exportCases({ suiteId, format: "jsonl" });
    expect(exported.fileName).toBe("hr-basics.jsonl");
    const again = await api.evaluation.previewImport({ suiteId, fileName: exported.fileName, text: exported.content });
    expect(again.rows.map((r) => r.case?.question)).toEqual(cases.map((c) => c.question));
  });

  it("is only for the assistant's editors", async () => {
    const h = createHarness();
    const jar = await h.setupAdmin();
    const { assistant, suiteId } = await hrAssistant(h, jar);
    const member = await h.user("member");
    const builder = await h.user("builder");
    expect(await codeOf(h.anonymous().evaluation.overview({ assistantId: assistant.id }))).toBe("UNAUTHORIZED");
    expect(await codeOf(h.as(member.jar).evaluation.cases({ suiteId }))).toBe("FORBIDDEN");
    // A builder who may use the (workspace) assistant but not edit it.
    expect(await codeOf(h.as(builder.jar).evaluation.overview({ assistantId: assistant.id }))).toBe("FORBIDDEN");
    expect(await codeOf(h.as(builder.jar).evaluation.cases({ suiteId }))).toBe("FORBIDDEN");
    expect(await codeOf(h.as(builder.jar).evaluation.startRun({ suiteId, target: "current" }))).toBe("FORBIDDEN");
    expect(await codeOf(h.as(builder.jar).evaluation.createCase({ suiteId, case: homeCase }))).toBe("FORBIDDEN");
    // A co-editor may.
    await h.as(jar).assistants.setEditors({ id: assistant.id, userIds: [builder.id] });
    expect(await h.as(builder.jar).evaluation.cases({ suiteId })).toEqual([]);
    // But only the owner or an admin changes the Publish gate.
    expect(await codeOf(h.as(builder.jar).evaluation.updateQualitySettings({ assistantId: assistant.id, qualityThreshold: 0.1, qualityMargin: 0.5 }))).toBe("FORBIDDEN");
  });
});

describe("evaluation runs", () => {
  it("answers every case with the built-in engine, grades it, and records the rate with its Wilson interval", async () => {
    const h = createHarness();
    const jar = await h.setupAdmin();
    const { api, assistant, suiteId } = await hrAssistant(h, jar);
    for (const c of [homeCase, canteenCase, wrongCase]) await api.evaluation.createCase({ suiteId, case: c });
    const { runId, total } = await api.evaluation.startRun({ suiteId, target: "current" });
    expect(total).toBe(3);
    const run = await finished(h, runId);
    expect(run).toMatchObject({ status: "done", versionLabel: "draft", trigger: "manual", completed: 3, passed: 2, errored: 0 });
    expect(run.correctRate).toBeCloseTo(2 / 3, 5);
    expect(run.rateLow).toBeCloseTo(0.2077, 3); // Wilson 95 % for 2/3
    expect(run.rateHigh).toBeCloseTo(0.9385, 3);
    expect(run.metrics).toMatchObject({ containsReference: 0.5, sourceHitAt5: 1, abstentionAccuracy: 1, falseAbstentionRate: 0 });

    const { results, definition } = await api.evaluation.run({ runId });
    expect(definition).toMatch(/contains the reference answer/);
    const home = results.find((r) => r.question === homeCase.question)!;
    expect(home).toMatchObject({ status: "done", correct: true });
    expect(home.answer).toContain("two days per week");
    expect(home.passages?.[0]).toMatchObject({ title: "Remote work policy", location: "remote-work.md" });
    expect(home.scores).toMatchObject({ containsReference: 1, sourceHitAt5: 1, decidedBy: "deterministic", correctness: null });
    expect(results.find((r) => r.question === wrongCase.question)).toMatchObject({ correct: false });
    // The answers are billed to the assistant as evaluation calls.
    expect(h.services.db.select().from(modelCalls).where(and(eq(modelCalls.purpose, "eval"), eq(modelCalls.assistantId, assistant.id))).all()).toHaveLength(3);
  });

  it("hides, from a co-editor, the text of passages from sources they may not see", async () => {
    const h = createHarness();
    const jar = await h.setupAdmin();
    ensureBuiltinProvider(h.services.db);
    const api = h.as(jar);
    const hr = await api.teams.create({ name: "HR" });
    const { id: sourceId } = await api.knowledge.createSource({ name: "HR only", teamId: hr.id, config: { kind: "upload" } });
    upload(h, jar, sourceId, "remote-work.md", policy);
    await settle(h);
    const assistant = await api.assistants.create({ name: "HR helper", modelId: builtinModelId(h.services)!, visibility: "workspace", sourceIds: [sourceId] });
    const { id: suiteId } = await api.evaluation.createSuite({ assistantId: assistant.id, name: "HR basics" });
    await api.evaluation.createCase({ suiteId, case: homeCase });
    const { runId } = await api.evaluation.startRun({ suiteId, target: "current" });
    await finished(h, runId);
    expect((await api.evaluation.run({ runId })).results[0]!.passages?.[0]).toMatchObject({ title: "Remote work policy", excerpt: expect.stringContaining("two days") });
    const outsider = await h.user("builder");
    await api.assistants.setEditors({ id: assistant.id, userIds: [outsider.id] });
    const seen = (await h.as(outsider.jar).evaluation.run({ runId })).results[0]!.passages![0]!;
    expect(seen).toMatchObject({ ref: 1, hidden: true, title: "", excerpt: "", location: "" });
  });

  it("is pinned to the version it ran on: editing the draft or the suite later changes nothing in it", async () => {
    const h = createHarness();
    const jar = await h.setupAdmin();
    const { api, assistant, suiteId } = await hrAssistant(h, jar);
    const { id: caseId } = await api.evaluation.createCase({ suiteId, case: homeCase });
    expect(await publishUntilDecided(api, { id: assistant.id, note: "v1" })).toMatchObject({ status: "published", number: 1 });
    const { runId } = await api.evaluation.startRun({ suiteId, target: "current" });
    await api.assistants.update({ id: assistant.id, name: "Renamed" });
    await api.evaluation.updateCase({ id: caseId, case: { ...homeCase, question: "Changed question" } });
    const run = await finished(h, runId);
    expect(run.versionLabel).toBe("v1");
    expect(run.config.name).toBe("HR helper");
    const { results } = await api.evaluation.run({ runId });
    expect(results[0]!.question).toBe(homeCase.question);
  });

  it("grades with the workspace's judge through an OpenAI-compatible server: rationale, votes, and unreadable verdicts as errors", async () => {
    const h = createHarness({ model: modelEndpoint(fake.url) });
    const jar = await h.setupAdmin();
    const judgeId = h.services.db.select({ id: models.id }).from(models).where(eq(models.name, "fake-chat")).get()!.id;
    h.services.db.update(workspace).set({ defaultJudgeModelId: judgeId }).run();
    const { api, assistant, suiteId } = await hrAssistant(h, jar, { model: null });
    await api.evaluation.createCase({ suiteId, case: homeCase });
    await api.evaluation.createCase({ suiteId, case: { question: "MALFORMED verdict please: home?", referenceAnswer: "two days" } });
    const overview = await api.evaluation.overview({ assistantId: assistant.id });
    expect(overview.judge).toMatchObject({ modelId: judgeId, votes: 3, sameAsAssistantModel: false });
    expect(overview.judge.prompts.map((p) => p.version)).toEqual(["correctness-v1", "groundedness-v1", "relevance-v1"]);

    const { runId } = await api.evaluation.startRun({ suiteId, target: "current" });
    const run = await finished(h, runId);
    expect(run).toMatchObject({ status: "done", completed: 2, passed: 1, errored: 1 });
    expect(run.judge).toMatchObject({ modelId: judgeId, votes: 3, promptVersions: { correctness: "correctness-v1" } });
    const { results, definition } = await api.evaluation.run({ runId });
    expect(definition).toMatch(/judge/i);
    const home = results.find((r) => r.question === homeCase.question)!;
    expect(home.scores).toMatchObject({ decidedBy: "judge", correctness: { verdict: "correct", rationale: "Compared with the reference." } });
    expect(home.scores?.correctness?.votes).toHaveLength(3);
    const malformed = results.find((r) => r.question.startsWith("MALFORMED"))!;
    expect(malformed).toMatchObject({ status: "error", correct: false });
    expect(malformed.error).toMatch(/could not be read/);
    expect(malformed.answer).toContain("two days");
    // The judge's calls are accounted for, as the answers are.
    const judgeCalls = h.services.db.select().from(modelCalls).where(and(eq(modelCalls.purpose, "judge"), eq(modelCalls.assistantId, assistant.id))).all();
    expect(judgeCalls).toHaveLength(1);
    expect(judgeCalls[0]!.inputTokens).toBeGreaterThan(0);
  });

  it("records a model failure as that case's error, with a readable reason, and finishes the run", async () => {
    const h = createHarness({ model: modelEndpoint(fake.url) });
    const jar = await h.setupAdmin();
    const { api, suiteId } = await hrAssistant(h, jar, { model: null });
    await api.evaluation.createCase({ suiteId, case: homeCase });
    await api.evaluation.createCase({ suiteId, case: { question: "And on Fridays at home?", referenceAnswer: "two days" } });
    fake.enqueue({ status: 500 }); // the first answer's call fails
    const run = await finished(h, (await api.evaluation.startRun({ suiteId, target: "current" })).runId);
    expect(run).toMatchObject({ status: "done", completed: 2, errored: 1, passed: 1, correctRate: 0.5 });
    const { results } = await api.evaluation.run({ runId: run.id });
    const failed = results.find((r) => r.status === "error")!;
    expect(failed.correct).toBe(false);
    expect(failed.error).toMatch(/^The model server at .* failed \(HTTP 500\)\./);
    expect(failed.error).not.toMatch(/at .*\.ts/); // a sentence, not a stack trace
  });

  it("refuses to send confidential passages to a judge that is not on-premises", async () => {
    const h = createHarness({ model: modelEndpoint(fake.url) });
    const jar = await h.setupAdmin();
    const judgeId = h.services.db.select({ id: models.id }).from(models).where(eq(models.name, "fake-chat")).get()!.id;
    const { api, suiteId, sourceId } = await hrAssistant(h, jar);
    await api.knowledge.updateSource({ id: sourceId, sensitivity: "confidential" });
    await api.models.updateModel({ id: judgeId, sovereignty: "external" });
    h.services.db.update(workspace).set({ defaultJudgeModelId: judgeId }).run();
    await api.evaluation.createCase({ suiteId, case: homeCase });
    const before = fake.requests.length;
    const run = await finished(h, (await api.evaluation.startRun({ suiteId, target: "current" })).runId);
    expect(run.status).toBe("failed");
    expect(run.error).toMatch(/confidential/);
    expect(fake.requests.slice(before).filter((r) => JSON.stringify(r.body ?? "").includes("You grade the answer"))).toHaveLength(0);
  });

  it("resumes after a restart with only the pending cases, and can be cancelled keeping graded cases", async () => {
    const h = createHarness({ model: modelEndpoint(fake.url) });
    const jar = await h.setupAdmin();
    const { api, suiteId } = await hrAssistant(h, jar, { model: null });
    for (let i = 0; i < 4; i++) await api.evaluation.createCase({ suiteId, case: { question: `SLOW question ${i} about home?`, referenceAnswer: "slow answer" } });
    await h.services.evaluation.stop();
    const { runId } = await api.evaluation.startRun({ suiteId, target: "current" });
    // As if the previous process had answered the first case and died while running.
    const first = h.services.db.select().from(evalResults).where(and(eq(evalResults.runId, runId), eq(evalResults.position, 0))).get()!;
    h.services.db.update(evalResults).set({ status: "done", answer: "kept from before", correct: true, scores: { exactMatch: 0, tokenF1: 0, containsReference: 1, sourceHitAt5: null, abstained: false, correctAbstention: null, decidedBy: "deterministic" } }).where(eq(evalResults.id, first.id)).run();
    h.services.db.update(evalRuns).set({ status: "running" }).where(eq(evalRuns.id, runId)).run();
    const before = fake.requests.length;
    h.services.evaluation.start();
    const run = await finished(h, runId);
    expect(run).toMatchObject({ status: "done", completed: 4 });
    expect(fake.requests.slice(before).filter((r) => r.path.endsWith("/chat/completions"))).toHaveLength(3);
    expect(h.services.db.select().from(evalResults).where(eq(evalResults.id, first.id)).get()!.answer).toBe("kept from before");

    // Cancel: while the first cases are being answered.
    const second = await api.evaluation.startRun({ suiteId, target: "current" });
    await new Promise((r) => setTimeout(r, 300));
    await api.evaluation.cancelRun({ runId: second.runId });
    const cancelled = await finished(h, second.runId);
    expect(cancelled.status).toBe("cancelled");
    expect(cancelled.completed).toBeLessThan(4);
    const pending = h.services.db.select().from(evalResults).where(and(eq(evalResults.runId, second.runId), eq(evalResults.status, "pending"))).all();
    expect(pending.length).toBe(4 - cancelled.completed);
    expect(await codeOf(api.evaluation.cancelRun({ runId: second.runId }))).toBe("BAD_REQUEST");
  });

  it("runs scheduled suites when due, once", async () => {
    const h = createHarness();
    const jar = await h.setupAdmin();
    const { api, suiteId } = await hrAssistant(h, jar);
    await api.evaluation.createCase({ suiteId, case: homeCase });
    expect(createScheduledRuns(h.services)).toEqual([]); // no schedule
    await api.evaluation.updateSuite({ id: suiteId, scheduleMinutes: 60 });
    const [runId] = createScheduledRuns(h.services);
    expect(runId).toBeTruthy();
    expect(createScheduledRuns(h.services)).toEqual([]); // one in progress
    await finished(h, runId!);
    expect(createScheduledRuns(h.services)).toEqual([]); // not due yet
    expect(createScheduledRuns(h.services, new Date(Date.now() + 61 * 60_000))).toHaveLength(1);
    expect(h.services.db.select().from(evalRuns).where(eq(evalRuns.id, runId!)).get()!.trigger).toBe("schedule");
  });
});

describe("the Publish gate", () => {
  it("checks the draft, blocks below the threshold with the failing cases, and lets the owner override with a reason", async () => {
    const h = createHarness();
    const jar = await h.setupAdmin();
    const { api, assistant, suiteId } = await hrAssistant(h, jar);
    for (const c of [homeCase, canteenCase, wrongCase]) await api.evaluation.createCase({ suiteId, case: c });
    await api.evaluation.updateQualitySettings({ assistantId: assistant.id, qualityThreshold: 0.9, qualityMargin: 0.05 });

    const first = await api.assistants.publish({ id: assistant.id, note: "first" });
    expect(first.status).toBe("checking");
    const blocked = await publishUntilDecided(api, { id: assistant.id, note: "first" });
    expect(blocked).toMatchObject({ status: "blocked", canOverride: true, reasons: [{ kind: "threshold", threshold: 0.9, suiteName: "HR basics" }] });
    expect(blocked.reasons[0].rate).toBeCloseTo(2 / 3, 5);
    expect(blocked.failingCases.map((c: any) => c.question)).toEqual([wrongCase.question]);
    // The check is reused, not run again.
    expect(h.services.db.select().from(evalRuns).where(eq(evalRuns.trigger, "publish")).all()).toHaveLength(1);
    expect((await api.assistants.versions({ assistantId: assistant.id })).versions).toEqual([]);

    // A co-editor cannot override.
    const co = await h.user("builder");
    await api.assistants.setEditors({ id: assistant.id, userIds: [co.id] });
    expect(await codeOf(h.as(co.jar).assistants.publish({ id: assistant.id, overrideReason: "I know better than the suite" }))).toBe("FORBIDDEN");
    expect(await codeOf(api.assistants.publish({ id: assistant.id, overrideReason: "short" }))).toBe("BAD_REQUEST");

    const published: any = await api.assistants.publish({ id: assistant.id, note: "first", overrideReason: "The laptop case is outdated; fixing the suite next." });
    expect(published).toMatchObject({ status: "published", number: 1, overridden: true });
    const versions = await api.assistants.versions({ assistantId: assistant.id });
    expect(versions.versions[0]).toMatchObject({ number: 1, overrideReason: "The laptop case is outdated; fixing the suite next." });
    // The check is now v1's run: the baseline of the next Publish.
    expect(h.services.db.select().from(evalRuns).where(eq(evalRuns.trigger, "publish")).get()).toMatchObject({ versionLabel: "v1", assistantVersionId: published.id });
  });

  it("blocks a draft that answers worse than the current version by more than the margin, and passes once fixed", async () => {
    const h = createHarness();
    const jar = await h.setupAdmin();
    const { api, assistant, suiteId, sourceId } = await hrAssistant(h, jar);
    for (const c of [homeCase, canteenCase]) await api.evaluation.createCase({ suiteId, case: c });
    expect(await publishUntilDecided(api, { id: assistant.id })).toMatchObject({ status: "published", number: 1, overridden: false });

    // The draft loses its knowledge: the home question is no longer answered.
    await api.assistants.update({ id: assistant.id, sourceIds: [] });
    const blocked = await publishUntilDecided(api, { id: assistant.id });
    expect(blocked).toMatchObject({ status: "blocked", reasons: [{ kind: "regression", baseline: 1, baselineVersion: "v1", margin: 0.05 }] });
    expect(blocked.reasons[0].rate).toBe(0.5);

    await api.assistants.update({ id: assistant.id, sourceIds: [sourceId], name: "HR helper 2" });
    expect(await publishUntilDecided(api, { id: assistant.id })).toMatchObject({ status: "published", number: 2 });
  });

  it("publishes at once when the assistant has no suite", async () => {
    const h = createHarness();
    const jar = await h.setupAdmin();
    const { api, assistant } = await hrAssistant(h, jar);
    expect(await api.assistants.publish({ id: assistant.id })).toMatchObject({ status: "published", number: 1, checkedRunIds: [] });
  });
});

describe("cases from production", () => {
  it("turns a thumbs-down with a correction into a candidate the builder reviews, and one from the trace drawer", async () => {
    const h = createHarness();
    const jar = await h.setupAdmin();
    const { api, assistant, suiteId } = await hrAssistant(h, jar);
    const member = await h.user("member");
    const memberApi = h.as(member.jar);
    const sent = await memberApi.chat.send({ assistantId: assistant.id, content: "What does the company lend to remote workers?" });
    for await (const tracked of await memberApi.chat.onMessage({ messageId: sent.assistantMessageId })) if ((tracked as any)[1].type === "done") break;
    await memberApi.chat.feedback({ messageId: sent.assistantMessageId, rating: "down", comment: "Incomplete", correction: "A laptop and a headset" });
    // A member cannot make cases.
    expect(await codeOf(memberApi.evaluation.caseFromMessage({ messageId: sent.assistantMessageId }))).toBe("FORBIDDEN");

    const inbox = await api.evaluation.feedbackCandidates({ assistantId: assistant.id });
    expect(inbox).toMatchObject([{ messageId: sent.assistantMessageId, question: "What does the company lend to remote workers?", correction: "A laptop and a headset", comment: "Incomplete" }]);
    const made = await api.evaluation.caseFromMessage({ messageId: sent.assistantMessageId, suiteId });
    expect(made).toMatchObject({ suiteId, created: true });
    expect(await api.evaluation.caseFromMessage({ messageId: sent.assistantMessageId, suiteId })).toMatchObject({ id: made.id, created: false });
    expect(await api.evaluation.feedbackCandidates({ assistantId: assistant.id })).toEqual([]);
    const [candidate] = await api.evaluation.cases({ suiteId, status: "candidate" });
    expect(candidate).toMatchObject({ question: "What does the company lend to remote workers?", referenceAnswer: "A laptop and a headset", origin: "feedback", status: "candidate" });
    // Candidates do not count until accepted.
    expect(await codeOf(api.evaluation.startRun({ suiteId, target: "current" }))).toBe("BAD_REQUEST");
    await api.evaluation.acceptCase({ id: candidate!.id, case: { question: candidate!.question, referenceAnswer: "a laptop and a headset" } });
    expect((await api.evaluation.cases({ suiteId, status: "active" })).map((c) => c.origin)).toEqual(["feedback"]);

    // The admin's own answer, from the trace drawer, into the first suite.
    const own = await api.chat.send({ assistantId: assistant.id, content: "How many days at home?" });
    for await (const tracked of await api.chat.onMessage({ messageId: own.assistantMessageId })) if ((tracked as any)[1].type === "done") break;
    const fromTrace = await api.evaluation.caseFromMessage({ messageId: own.assistantMessageId });
    expect(fromTrace.suiteId).toBe(suiteId);
    // Another builder's answers stay private (no feedback, not theirs).
    const other = await h.user("builder");
    expect(await codeOf(h.as(other.jar).evaluation.caseFromMessage({ messageId: own.assistantMessageId }))).toBe("NOT_FOUND");
  });
});

describe("the Atelier Guide's suite", () => {
  it("is created and run on first start, over Atelier's own documentation", async () => {
    const docs = fileURLToPath(new URL("../../../docs/guide", import.meta.url));
    const suiteFile = fileURLToPath(new URL("../../../docs/guide-test-suite.jsonl", import.meta.url));
    const h = createHarness({ knowledge: { guideDocsPath: docs, guideSuiteFile: suiteFile } });
    ensureBuiltinProvider(h.services.db);
    await h.setupAdmin();
    const suite = h.services.db.select().from(evalSuites).get()!;
    expect(suite).toMatchObject({ name: "Atelier Guide — documentation questions", managedBy: "seed" });
    const run = h.services.db.select().from(evalRuns).where(eq(evalRuns.suiteId, suite.id)).get()!;
    expect(run.trigger).toBe("first_run");
    const done = await finished(h, run.id);
    expect(done.status).toBe("done");
    expect(done.total).toBeGreaterThanOrEqual(30);
    // Measured at 33/42 when the suite was written; far from 0 and from 100 %.
    expect(done.correctRate!).toBeGreaterThan(0.5);
    expect(done.correctRate!).toBeLessThan(1);
    expect(done.rateLow!).toBeLessThan(done.correctRate!);
  }, 60_000);
});

describe("generated candidates", () => {
  it("writes candidate cases from the assistant's passages with a language model, and says when there is none", async () => {
    const h = createHarness({ model: modelEndpoint(fake.url) });
    const jar = await h.setupAdmin();
    const { api, suiteId } = await hrAssistant(h, jar);
    // The built-in engine cannot write questions: the workspace's default chat model does.
    fake.enqueue({ reply: 'Sure:\n```json\n{"question": "How many days per week may employees work from home?", "answer": "two days per week"}\n```' });
    const made = await api.evaluation.generateCases({ suiteId, count: 1 });
    expect(made).toEqual({ created: 1, unreadable: 0 });
    const [candidate] = await api.evaluation.cases({ suiteId, status: "candidate" });
    expect(candidate).toMatchObject({ question: "How many days per week may employees work from home?", referenceAnswer: "two days per week", origin: "generated", expectedSources: ["remote-work.md"], language: "en" });
    fake.enqueue({ reply: "I cannot do that." });
    expect(await api.evaluation.generateCases({ suiteId, count: 1 })).toEqual({ created: 0, unreadable: 1 });

    const bare = createHarness();
    const bareJar = await bare.setupAdmin();
    const builtinOnly = await hrAssistant(bare, bareJar);
    const error = await builtinOnly.api.evaluation.generateCases({ suiteId: builtinOnly.suiteId, count: 1 }).catch((e: any) => e);
    expect(error.code).toBe("PRECONDITION_FAILED");
    expect(error.message).toMatch(/needs a language model/);
  });
});
