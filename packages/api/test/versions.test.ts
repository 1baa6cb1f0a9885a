import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { messages } from "@atelier/db";
import { startFakeOpenAI, type FakeOpenAI } from "@atelier/fake-openai";
import { parse } from "yaml";
import { codeOf, createHarness, dataOf, modelEndpoint } from "./harness";

/** Without a gating test suite, Publish goes straight through. */
function published<T extends { status: string }>(result: T): Extract<T, { status: "published" }> {
  expect(result.status).toBe("published");
  return result as Extract<T, { status: "published" }>;
}

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI({ models: ["fake-chat"], apiKey: "sk-test" });
});
afterAll(() => fake.close());

async function follow(api: any, messageId: string) {
  for await (const tracked of await api.chat.onMessage({ messageId })) if (tracked[1].type === "done") return tracked[1];
}

async function setup() {
  const h = createHarness({ model: modelEndpoint(fake.url) });
  const owner = await h.user("builder");
  const api = h.as(owner.jar);
  const assistant = await api.assistants.create({ name: "Helpdesk", instructions: "Answer briefly.\nBe kind.", visibility: "workspace" });
  return { h, owner, api, assistant };
}

describe("assistant versions", () => {
  it("publishes immutable versions; users chat with the published one; messages record it", async () => {
    const { h, api, assistant } = await setup();
    const v1 = published(await api.assistants.publish({ id: assistant.id, note: "first" }));
    expect(v1.number).toBe(1);
    await api.assistants.update({ id: assistant.id, instructions: "Answer in detail.\nBe kind." });

    const member = await h.user("member");
    const chat = h.as(member.jar);
    fake.enqueue({ reply: "Bonjour." });
    const sent = await chat.chat.send({ assistantId: assistant.id, content: "Salut" });
    await follow(chat, sent.assistantMessageId);
    // The published v1 answered, not the edited draft.
    const system = fake.requests.at(-1)!.body.messages[0];
    expect(system.content).toContain("Answer briefly.");
    const stored = h.services.db.select().from(messages).where(eq(messages.id, sent.assistantMessageId)).get()!;
    expect(stored.assistantVersionId).toBe(v1.id);
    expect(stored.assistantName).toBe("Helpdesk");

    // A member cannot preview the draft; the owner can.
    expect(await codeOf(chat.chat.send({ assistantId: assistant.id, content: "x", preview: true }))).toBe("FORBIDDEN");
    fake.enqueue({ reply: "Détaillé." });
    const preview = await api.chat.send({ assistantId: assistant.id, content: "Salut", preview: true });
    await follow(api, preview.assistantMessageId);
    expect(fake.requests.at(-1)!.body.messages[0].content).toContain("Answer in detail.");
    expect(h.services.db.select().from(messages).where(eq(messages.id, preview.assistantMessageId)).get()!.assistantVersionId).toBeNull();
    // A throwaway of the Studio: not in the chat's conversation list, still readable by its id.
    expect((await api.chat.conversations()).map((c) => c.id)).not.toContain(preview.conversationId);
    expect((await api.chat.conversation({ id: preview.conversationId })).messages).toHaveLength(2);
  });

  it("lists history, diffs any two versions or the draft, and restores one into the draft", async () => {
    const { api, assistant } = await setup();
    const v1 = published(await api.assistants.publish({ id: assistant.id }));
    await api.assistants.update({ id: assistant.id, instructions: "Answer in detail.\nBe kind.", temperature: 0.9 });
    const v2 = published(await api.assistants.publish({ id: assistant.id, note: "more detail" }));

    const history = await api.assistants.versions({ assistantId: assistant.id });
    expect(history.versions.map((v: any) => [v.number, v.isCurrent, v.note])).toEqual([
      [2, true, "more detail"],
      [1, false, ""],
    ]);
    expect(history.versions[0]!.authorName).toMatch(/builder/);
    expect(history.draftChanged).toBe(false);

    const diff = await api.assistants.diff({ assistantId: assistant.id, from: v1.id, to: v2.id });
    expect(diff.fields).toEqual([{ field: "temperature", before: 0.3, after: 0.9 }]);
    expect(diff.instructions).toEqual([
      { kind: "removed", text: "Answer briefly." },
      { kind: "added", text: "Answer in detail." },
      { kind: "same", text: "Be kind." },
    ]);

    await api.assistants.restore({ versionId: v1.id });
    const draft = await api.assistants.byId({ id: assistant.id });
    expect(draft.instructions).toBe("Answer briefly.\nBe kind.");
    expect((await api.assistants.versions({ assistantId: assistant.id })).draftChanged).toBe(true);
    // Restoring does not publish: v2 is still current.
    expect((await api.assistants.versions({ assistantId: assistant.id })).currentVersionId).toBe(v2.id);
  });

  it("lets co-editors edit and publish, but only the owner shares or deletes", async () => {
    const { h, api, assistant } = await setup();
    const coEditor = await h.user("builder");
    const other = await h.user("builder");
    const member = await h.user("member");
    expect(await codeOf(api.assistants.setEditors({ id: assistant.id, userIds: [member.id] }))).toBe("BAD_REQUEST");
    await api.assistants.setEditors({ id: assistant.id, userIds: [coEditor.id] });
    const co = h.as(coEditor.jar);
    await co.assistants.update({ id: assistant.id, instructions: "Co-edited." });
    expect(published(await co.assistants.publish({ id: assistant.id })).number).toBe(1);
    expect((await co.assistants.listEditable()).map((a: any) => a.id)).toContain(assistant.id);
    expect(await codeOf(co.assistants.update({ id: assistant.id, visibility: "private" }))).toBe("FORBIDDEN");
    expect(await codeOf(co.assistants.delete({ id: assistant.id }))).toBe("FORBIDDEN");
    expect(await codeOf(h.as(other.jar).assistants.update({ id: assistant.id, instructions: "Hijack" }))).toBe("FORBIDDEN");
    expect(await codeOf(h.as(other.jar).assistants.publish({ id: assistant.id }))).toBe("FORBIDDEN");
    expect(await codeOf(h.as(other.jar).assistants.versions({ assistantId: assistant.id }))).toBe("FORBIDDEN");
  });
});

describe("templates, duplicate, YAML", () => {
  it("creates an assistant from each template in both languages", async () => {
    const { api } = await setup();
    const en = await api.assistants.templates({ language: "en" });
    const fr = await api.assistants.templates({ language: "fr" });
    expect(en.length).toBeGreaterThanOrEqual(6);
    expect(fr.map((t: any) => t.id)).toEqual(en.map((t: any) => t.id));
    const created = await api.assistants.createFromTemplate({ templateId: "hr-policy", language: "fr" });
    expect(created.name).toBe("Assistant politique RH");
    expect(created.instructions).toContain("{{user.name}}");
    expect(created.tools).toMatchObject({ knowledgeSearch: true });
    expect(created.visibility).toBe("private");
  });

  it("round-trips an assistant through YAML without losing anything", async () => {
    const { api, assistant } = await setup();
    await api.assistants.update({
      id: assistant.id,
      emoji: "🛠️",
      temperature: 0.7,
      maxOutputTokens: 2048,
      knowledgePassages: 3,
      knowledgeStrictness: "knowledge_only",
      tools: { calculator: true, currentDatetime: true },
      starters: ["My VPN is down", "Reset my password"],
      instructions: "Line one: with a colon\n- a list item\n\"quoted\" # not a comment",
    });
    const exported = await api.assistants.exportYaml({ id: assistant.id });
    expect(parse(exported.yaml).format).toBe("atelier/assistant@1");
    const imported = await api.assistants.importYaml({ yaml: exported.yaml });
    expect(imported.warnings).toEqual([]);
    const again = await api.assistants.exportYaml({ id: imported.id });
    expect(again.yaml).toBe(exported.yaml);
  });

  it("explains why a file cannot be imported", async () => {
    const { api } = await setup();
    const broken = await api.assistants.importYaml({ yaml: "name: [unclosed" }).catch((e: unknown) => e);
    expect(dataOf(broken).appCode).toBe("assistants.import_invalid");
    const wrong = await api.assistants.importYaml({ yaml: "format: something-else\nname: X" }).catch((e: unknown) => e);
    expect((wrong as Error).message).toMatch(/Not an Atelier assistant file/);
  });

  it("duplicates an assistant as a private copy", async () => {
    const { api, assistant } = await setup();
    const copy = await api.assistants.duplicate({ id: assistant.id });
    expect(copy).toMatchObject({ name: "Helpdesk (copy)", visibility: "private", instructions: "Answer briefly.\nBe kind." });
    expect(copy.id).not.toBe(assistant.id);
  });
});

describe("Studio checks", () => {
  it("refuses an OpenAPI spec that does not parse when the assistant is saved, with a field error", async () => {
    const { api, assistant } = await setup();
    const refused = await api.assistants
      .update({ id: assistant.id, tools: { httpActions: [{ id: "x", name: "Broken", specText: "not: [an openapi", operationIds: ["op"] }] } })
      .catch((e: unknown) => e);
    expect(dataOf(refused).appCode).toBe("assistants.tools_invalid");
    expect(dataOf(refused).fieldErrors?.tools?.[0]).toBeTruthy();
  });

  it("lets a co-editor preview a private assistant's draft they cannot use", async () => {
    const { h, api } = await setup();
    const privateOne = await api.assistants.create({ name: "Secret draft", visibility: "private" });
    const coEditor = await h.user("builder");
    await api.assistants.setEditors({ id: privateOne.id, userIds: [coEditor.id] });
    fake.enqueue({ reply: "Preview answer." });
    const co = h.as(coEditor.jar);
    const sent = await co.chat.send({ assistantId: privateOne.id, content: "Hi", preview: true });
    expect(await follow(co, sent.assistantMessageId)).toMatchObject({ status: "done" });
    expect(await codeOf(co.chat.send({ assistantId: privateOne.id, content: "Hi" }))).toBe("NOT_FOUND");
  });
});
