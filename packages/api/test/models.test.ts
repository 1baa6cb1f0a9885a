import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { modelCalls, providers, usageDaily } from "@atelier/db";
import { startFakeOpenAI, type FakeOpenAI } from "@atelier/fake-openai";
import { codeOf, createHarness, dataOf } from "./harness";
import { ScriptedChatModel } from "./scripted-chat-model";

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI({ models: ["mistral-small", "mistral-embed"], apiKey: "sk-live-1234567890" });
});
afterAll(() => fake.close());

async function follow(api: any, messageId: string) {
  const events: any[] = [];
  for await (const tracked of await api.chat.onMessage({ messageId })) {
    events.push(tracked[1]);
    if (tracked[1].type === "done") break;
  }
  return events;
}

async function adminWithProvider(over: Record<string, unknown> = {}) {
  const h = createHarness();
  const admin = h.as(await h.setupAdmin());
  const { id } = await admin.models.createProvider({ name: "Mistral EU", kind: "mistral", baseUrl: fake.url, apiKey: "sk-live-1234567890", maxRetries: 0, ...over });
  return { h, admin, providerId: id };
}

describe("providers (Admin → Models)", () => {
  it("encrypts the API key at rest and never returns it", async () => {
    const { h, admin, providerId } = await adminWithProvider();
    const row = h.services.db.select().from(providers).where(eq(providers.id, providerId)).get()!;
    expect(row.apiKeyEncrypted).toMatch(/^v1:/);
    expect(row.apiKeyEncrypted).not.toContain("sk-live");
    const listed = await admin.models.providers();
    expect(listed[0]).toMatchObject({ name: "Mistral EU", kind: "mistral", sovereignty: "eu_hosted", apiKeyMasked: "sk-…7890" });
    expect(JSON.stringify(listed)).not.toContain("sk-live-1234567890");
    expect(listed[0]).not.toHaveProperty("apiKeyEncrypted");
  });

  it("Test connection lists the models and adds them, flagging embedding models", async () => {
    const { admin, providerId } = await adminWithProvider();
    const result = await admin.models.testProvider({ id: providerId });
    expect(result).toMatchObject({ ok: true, models: ["mistral-small", "mistral-embed"], added: ["mistral-small", "mistral-embed"] });
    const again = await admin.models.testProvider({ id: providerId });
    expect(again).toMatchObject({ ok: true, added: [] });
    const models = (await admin.models.providers())[0]!.models;
    expect(models.find((m) => m.name === "mistral-embed")).toMatchObject({ chat: false, embeddings: true, effectiveSovereignty: "eu_hosted" });
  });

  it("Test connection reports a wrong key in plain words, as data", async () => {
    const { admin, providerId } = await adminWithProvider({ apiKey: "sk-wrong" });
    const result = await admin.models.testProvider({ id: providerId });
    expect(result).toMatchObject({ ok: false, code: "auth" });
    expect(result.ok === false && result.message).toMatch(/refused the API key \(HTTP 401\)/);
  });

  it("keeps, replaces or removes the key on update", async () => {
    const { h, admin, providerId } = await adminWithProvider();
    const key = () => h.services.db.select().from(providers).where(eq(providers.id, providerId)).get()!.apiKeyEncrypted;
    const before = key();
    await admin.models.updateProvider({ id: providerId, name: "Mistral" });
    expect(key()).toBe(before);
    await admin.models.updateProvider({ id: providerId, apiKey: "sk-new-abcdefgh" });
    expect(h.services.secrets.decrypt(key()!)).toBe("sk-new-abcdefgh");
    await admin.models.updateProvider({ id: providerId, apiKey: null });
    expect(key()).toBeNull();
  });

  it("deleting a provider clears the defaults that used its models", async () => {
    const { admin, providerId } = await adminWithProvider();
    await admin.models.testProvider({ id: providerId });
    const m = (await admin.models.providers())[0]!.models.find((x) => x.name === "mistral-small")!;
    await admin.models.updateSettings({ defaultChatModelId: m.id, defaultJudgeModelId: m.id });
    await admin.models.deleteProvider({ id: providerId });
    expect(await admin.models.settings()).toMatchObject({ defaultChatModelId: null, defaultJudgeModelId: null });
    expect((await admin.workspace.info()).model.configured).toBe(false);
  });

  it("validates the URL and the path", async () => {
    const h = createHarness();
    const admin = h.as(await h.setupAdmin());
    const bad = await admin.models.createProvider({ name: "x", kind: "openai_compatible", baseUrl: "ftp://x" }).catch((e) => e);
    expect(dataOf(bad).fieldErrors).toHaveProperty("baseUrl");
    const noPath = await admin.models.createProvider({ name: "y", kind: "local_gguf" }).catch((e) => e);
    expect(dataOf(noPath).fieldErrors).toHaveProperty("path");
  });

  it("only admins manage providers; builders only see usable models", async () => {
    const { h, admin, providerId } = await adminWithProvider();
    await admin.models.testProvider({ id: providerId });
    const builder = await h.user("builder");
    expect(await codeOf(h.as(builder.jar).models.providers())).toBe("FORBIDDEN");
    expect(await codeOf(h.as(builder.jar).models.createProvider({ name: "x", kind: "ollama", baseUrl: "http://localhost:11434" }))).toBe("FORBIDDEN");
    expect(await codeOf(h.as(builder.jar).models.testProvider({ id: providerId }))).toBe("FORBIDDEN");
    const usable = await h.as(builder.jar).models.usable();
    expect(usable.map((m) => m.name)).toEqual(["mistral-small"]); // the embedding model is not a chat model
    expect(usable[0]).toMatchObject({ sovereignty: "eu_hosted", providerName: "Mistral EU" });
  });
});

describe("sovereignty policy", () => {
  it("forbidding external models hides them from the Studio and refuses them at run time", async () => {
    const { h, admin, providerId } = await adminWithProvider({ sovereignty: "external", name: "US cloud" });
    await admin.models.testProvider({ id: providerId });
    const chatModel = (await admin.models.providers())[0]!.models.find((m) => m.name === "mistral-small")!;
    await admin.models.updateSettings({ defaultChatModelId: chatModel.id });
    const builder = await h.user("builder");
    const api = h.as(builder.jar);
    const assistant = await api.assistants.create({ name: "Uses US model", modelId: chatModel.id, visibility: "workspace" });

    await admin.models.updateSettings({ forbidExternalModels: true, defaultChatModelId: null });
    expect(await api.models.usable()).toEqual([]);
    const refused = await api.assistants.create({ name: "Another", modelId: chatModel.id }).catch((e) => e);
    expect(dataOf(refused).fieldErrors?.modelId?.[0]).toMatch(/forbidden by the workspace policy/);
    // An assistant saved before the policy changed is refused when it runs.
    const error = await api.chat.send({ assistantId: assistant.id, content: "hi" }).catch((e) => e);
    expect(error.code).toBe("PRECONDITION_FAILED");
    expect(dataOf(error).appCode).toBe("model.forbidden_by_policy");
    expect(await api.chat.conversations()).toEqual([]);
    // And the policy cannot be bypassed through the defaults.
    const bypass = await admin.models.updateSettings({ defaultChatModelId: chatModel.id }).catch((e) => e);
    expect(dataOf(bypass).fieldErrors?.defaultChatModelId?.[0]).toMatch(/forbidden/);
  });

  it("a model marked on-premises overrides its provider's external label", async () => {
    const { admin, providerId } = await adminWithProvider({ sovereignty: "external", name: "Gateway" });
    await admin.models.testProvider({ id: providerId });
    const m = (await admin.models.providers())[0]!.models.find((x) => x.name === "mistral-small")!;
    await admin.models.updateModel({ id: m.id, sovereignty: "on_premises" });
    await admin.models.updateSettings({ forbidExternalModels: true });
    expect((await admin.models.usable()).map((x) => x.name)).toEqual(["mistral-small"]);
  });
});

describe("usage and cost", () => {
  it("records each answer's tokens, latency and cost, and aggregates per day", async () => {
    const { h, admin, providerId } = await adminWithProvider();
    await admin.models.testProvider({ id: providerId });
    const m = (await admin.models.providers())[0]!.models.find((x) => x.name === "mistral-small")!;
    await admin.models.updateModel({ id: m.id, inputPricePerMTokEur: 2, outputPricePerMTokEur: 6 });
    await admin.models.updateSettings({ defaultChatModelId: m.id });
    const assistant = await admin.assistants.create({ name: "Costly", visibility: "workspace" });
    for (const reply of ["One two three.", "Four five six seven."]) {
      fake.enqueue({ reply });
      const sent = await admin.chat.send({ assistantId: assistant.id, content: "count please" });
      await follow(admin, sent.assistantMessageId);
    }
    const calls = h.services.db.select().from(modelCalls).all();
    expect(calls).toHaveLength(2);
    for (const call of calls) {
      expect(call).toMatchObject({ purpose: "chat", status: "ok", assistantId: assistant.id, modelId: m.id, modelName: "mistral-small", tokensEstimated: false });
      expect(call.inputTokens).toBeGreaterThan(0);
      expect(call.costMicroEur).toBe(call.inputTokens * 2 + call.outputTokens * 6);
    }
    const daily = h.services.db.select().from(usageDaily).all();
    expect(daily).toHaveLength(1);
    expect(daily[0]).toMatchObject({ calls: 2, inputTokens: calls[0]!.inputTokens + calls[1]!.inputTokens, costMicroEur: calls[0]!.costMicroEur + calls[1]!.costMicroEur });
    const listed = (await admin.assistants.listEditable())[0]!;
    expect(listed.usage30d.calls).toBe(2);
    expect(listed.usage30d.costEur).toBeCloseTo(daily[0]!.costMicroEur / 1e6, 9);
    expect(listed.model).toMatchObject({ displayName: "mistral-small", sovereignty: "eu_hosted" });
    const usage = await admin.models.usage({ days: 7 });
    expect(usage.perDay).toHaveLength(1);
    expect(usage.perModel[0]).toMatchObject({ modelId: m.id, calls: 2 });
  });

  it("counts tokens with a tokenizer when the provider reports none, and records failures", async () => {
    const scripted = new ScriptedChatModel("Bonjour à tous, voici la réponse.");
    const h = createHarness({}, { createModel: () => scripted });
    const admin = h.as(await h.setupAdmin());
    const { id } = await admin.models.createProvider({ name: "Local", kind: "openai_compatible", baseUrl: "http://127.0.0.1:1/v1" });
    const { id: modelId } = await admin.models.addModel({ providerId: id, name: "scripted" });
    await admin.models.updateSettings({ defaultChatModelId: modelId });
    const assistant = await admin.assistants.create({ name: "A" });
    const sent = await admin.chat.send({ assistantId: assistant.id, content: "Salut" });
    const events = await follow(admin, sent.assistantMessageId);
    expect(events.at(-1)).toMatchObject({ status: "done", content: "Bonjour à tous, voici la réponse." });
    const call = h.services.db.select().from(modelCalls).get()!;
    expect(call.tokensEstimated).toBe(true);
    expect(call.outputTokens).toBeGreaterThan(5);
    expect(call.outputTokens).toBeLessThan(20);
    expect(scripted.received[0]!.map((m) => m.content)).toEqual(["Salut"]);
  });

  it("records a failed call with its error code", async () => {
    const { h, admin, providerId } = await adminWithProvider({ apiKey: "sk-wrong" });
    const { id: modelId } = await admin.models.addModel({ providerId, name: "mistral-small" });
    await admin.models.updateSettings({ defaultChatModelId: modelId });
    const assistant = await admin.assistants.create({ name: "A" });
    const sent = await admin.chat.send({ assistantId: assistant.id, content: "x" });
    const events = await follow(admin, sent.assistantMessageId);
    expect(events.at(-1)).toMatchObject({ status: "error", errorCode: "provider.auth" });
    expect(h.services.db.select().from(modelCalls).get()).toMatchObject({ status: "error", errorCode: "provider.auth", costMicroEur: 0 });
    expect(h.services.db.select().from(usageDaily).get()).toMatchObject({ calls: 1, errors: 1 });
  });

  it("a disabled model is refused at run time with a clear reason", async () => {
    const { admin, providerId } = await adminWithProvider();
    const { id: modelId } = await admin.models.addModel({ providerId, name: "mistral-small" });
    const assistant = await admin.assistants.create({ name: "A", modelId });
    await admin.models.updateModel({ id: modelId, enabled: false });
    const error = await admin.chat.send({ assistantId: assistant.id, content: "x" }).catch((e) => e);
    expect(dataOf(error).appCode).toBe("model.disabled");
    expect(error.message).toMatch(/"mistral-small" is disabled/);
  });
});
