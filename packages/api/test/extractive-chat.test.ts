import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { assistants, ingestionJobs, messages } from "@atelier/db";
import { afterEach, describe, expect, it } from "vitest";
import { builtinModelId, ensureBuiltinProvider, GUIDE_NAME, handleUploadRequest } from "../src";
import { createHarness, type CookieJar, type Harness } from "./harness";

async function follow(api: any, messageId: string) {
  const events: any[] = [];
  for await (const tracked of await api.chat.onMessage({ messageId })) {
    const event = tracked[1];
    events.push(event);
    if (event.type === "done") break;
  }
  return events;
}

async function settleAll(h: Harness) {
  for (const job of h.services.db.select().from(ingestionJobs).all()) await h.services.knowledge.runner.waitFor(job.id);
}

function upload(h: Harness, jar: CookieJar, sourceId: string, fileName: string, content: string) {
  return handleUploadRequest(h.services, { sessionToken: jar.token, ip: "10.0.0.1", userAgent: "vitest", sourceId, fileName, mimeType: null, bytes: new TextEncoder().encode(content) });
}

const policy = `# Remote work policy

## Days at home

Employees may work from home two days per week with their manager's agreement.

## Equipment

The company lends a laptop and a headset to every remote worker.
`;

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("the built-in extractive engine in the chat", () => {
  it("is a selectable model that answers from the assistant's sources with citations, without any LLM", async () => {
    const h = createHarness();
    ensureBuiltinProvider(h.services.db);
    const admin = await h.setupAdmin();
    const api = h.as(admin);
    const usable = await api.models.usable();
    const builtin = usable.find((m: any) => m.id === builtinModelId(h.services));
    expect(builtin?.displayName).toBe("Built-in, no LLM — answers only from knowledge");

    const { id: sourceId } = await api.knowledge.createSource({ name: "HR", teamId: null, config: { kind: "upload" } });
    upload(h, admin, sourceId, "remote-work.md", policy);
    await settleAll(h);
    const assistant = await api.assistants.create({ name: "HR helper", modelId: builtin!.id, visibility: "workspace", sourceIds: [sourceId] });
    expect(assistant.sourceIds).toEqual([sourceId]);

    const sent = await api.chat.send({ assistantId: assistant.id, content: "How many days per week can I work from home?" });
    const events = await follow(api, sent.assistantMessageId);
    const citations = events.find((e) => e.type === "citations")?.citations;
    expect(citations?.[0]).toMatchObject({ ref: 1, title: "Remote work policy", headingPath: ["Remote work policy", "Days at home"], location: "remote-work.md" });
    const done = events.at(-1);
    expect(done).toMatchObject({ type: "done", status: "done" });
    expect(done.content).toContain("two days per week");
    expect(done.content).toContain("[1]");

    const stored = h.services.db.select().from(messages).where(eq(messages.id, sent.assistantMessageId)).get()!;
    expect(stored.citations?.[0]?.excerpt).toContain("two days per week");
    expect(stored.model).toBe("Built-in, no LLM — answers only from knowledge");

    const unknown = await api.chat.send({ assistantId: assistant.id, content: "What is the canteen's menu on Friday?", conversationId: sent.conversationId });
    const reply = (await follow(api, unknown.assistantMessageId)).at(-1);
    expect(reply.content).toMatch(/did not find/i);
  });

  it("only uses sources the asking user may see", async () => {
    const h = createHarness();
    ensureBuiltinProvider(h.services.db);
    const admin = await h.setupAdmin();
    const hr = await h.as(admin).teams.create({ name: "HR" });
    const { id: sourceId } = await h.as(admin).knowledge.createSource({ name: "HR only", teamId: hr.id, config: { kind: "upload" } });
    upload(h, admin, sourceId, "remote-work.md", policy);
    await settleAll(h);
    const assistant = await h.as(admin).assistants.create({ name: "HR helper", modelId: builtinModelId(h.services), visibility: "workspace", sourceIds: [sourceId] });
    const outsider = await h.user("member");
    const api = h.as(outsider.jar);
    const sent = await api.chat.send({ assistantId: assistant.id, content: "How many days per week can I work from home?" });
    const reply = (await follow(api, sent.assistantMessageId)).at(-1);
    expect(reply.content).not.toContain("two days");
    expect(reply.content).toMatch(/did not find/i);
  });
});

describe("the Atelier Guide", () => {
  it("is created at first-run setup, shared with everyone, and answers from Atelier's documentation", async () => {
    const docs = mkdtempSync(join(tmpdir(), "atelier-guide-"));
    dirs.push(docs);
    writeFileSync(
      join(docs, "knowledge.md"),
      "# Knowledge sources\n\n## Connect a server folder\n\nTo connect a server folder, open Knowledge, click New source and choose Server folder.\n\n## Upload files\n\nTo upload files, create an upload source and drop your files on it.\n",
    );
    const h = createHarness({ knowledge: { guideDocsPath: docs } });
    ensureBuiltinProvider(h.services.db);
    await h.setupAdmin();
    await settleAll(h);
    const member = await h.user("member");
    const api = h.as(member.jar);
    const guide = (await api.assistants.list()).find((a: any) => a.name === GUIDE_NAME);
    expect(guide).toBeTruthy();
    const sent = await api.chat.send({ assistantId: guide!.id, content: "How do I connect a folder?" });
    const reply = (await follow(api, sent.assistantMessageId)).at(-1);
    expect(reply.content).toContain("New source");

    // Deleting the Guide is respected: it does not come back.
    h.services.db.delete(assistants).where(eq(assistants.id, guide!.id)).run();
    const { seedGuide } = await import("../src");
    expect(seedGuide(h.services)).toBeNull();
    expect((await api.assistants.list()).find((a: any) => a.name === GUIDE_NAME)).toBeUndefined();
  });
});
