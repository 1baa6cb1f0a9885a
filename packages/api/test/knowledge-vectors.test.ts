import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestionJobs, workspace } from "@atelier/db";
import { startFakeOpenAI, type FakeOpenAI } from "@atelier/fake-openai";
import { handleUploadRequest } from "../src";
import { createHarness, type CookieJar, type Harness } from "./harness";

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI({ models: ["mistral-small", "mistral-embed"], apiKey: "sk-test" });
});
afterAll(() => fake.close());

function upload(h: Harness, jar: CookieJar, sourceId: string, fileName: string, content: string) {
  return handleUploadRequest(h.services, { sessionToken: jar.token, ip: "10.0.0.1", userAgent: "vitest", sourceId, fileName, mimeType: null, bytes: new TextEncoder().encode(content) });
}

async function settle(h: Harness) {
  for (const job of h.services.db.select().from(ingestionJobs).all()) await h.services.knowledge.runner.waitFor(job.id);
  await h.services.knowledge.vectors.backfill();
}

function vectorCount(h: Harness) {
  return (h.services.db as any).$client.prepare("SELECT count(*) AS n FROM knowledge_vectors").get().n as number;
}

async function withEmbeddingModel(sovereignty: "eu_hosted" | "external" = "eu_hosted") {
  const h = createHarness();
  const jar = await h.setupAdmin();
  const admin = h.as(jar);
  const { id: providerId } = await admin.models.createProvider({ name: "Embeddings", kind: "mistral", baseUrl: fake.url, apiKey: "sk-test", maxRetries: 0, sovereignty });
  await admin.models.testProvider({ id: providerId });
  const embed = (await admin.models.providers())[0]!.models.find((m: any) => m.name === "mistral-embed")!;
  await admin.models.updateSettings({ defaultEmbeddingModelId: embed.id });
  return { h, jar, admin };
}

describe("knowledge: vectors when an embedding model is configured", () => {
  it("embeds chunks as they are indexed and searches in hybrid mode", async () => {
    const { h, jar, admin } = await withEmbeddingModel();
    const { id } = await admin.knowledge.createSource({ name: "Docs", config: { kind: "upload" } });
    upload(h, jar, id, "vpn.md", "# VPN\n\nThe VPN needs a hardware security key since March.\n\n## Travel\n\nAbroad, call the helpdesk before you leave.");
    await settle(h);
    const chunks = (await admin.knowledge.document({ id: (await admin.knowledge.documents({ sourceId: id })).items[0]!.id })).chunks;
    expect(vectorCount(h)).toBe(chunks.length);
    expect(fake.requests.some((r) => r.path === "/v1/embeddings")).toBe(true);

    const found = await admin.knowledge.search({ query: "hardware security key" });
    expect(found.mode).toBe("hybrid");
    expect(found.results[0]!.text).toContain("hardware security key");

    await admin.knowledge.deleteSource({ id });
    expect(vectorCount(h)).toBe(0);
  });

  it("sends nothing to an embedding model the sovereignty policy forbids", async () => {
    const { h, jar, admin } = await withEmbeddingModel("external");
    // The settings page refuses to forbid external models while the default is one; the runtime
    // must hold even if the data says otherwise (e.g. a label edited in the database).
    h.services.db.update(workspace).set({ forbidExternalModels: true }).run();
    const before = fake.requests.filter((r) => r.path === "/v1/embeddings").length;
    const { id } = await admin.knowledge.createSource({ name: "Secret", sensitivity: "secret", config: { kind: "upload" } });
    upload(h, jar, id, "plan.md", "# Plan\n\nThe merger closes in June.");
    await settle(h);
    expect(fake.requests.filter((r) => r.path === "/v1/embeddings").length).toBe(before);
    const found = await admin.knowledge.search({ query: "merger" });
    expect(found.mode).toBe("lexical");
    expect(found.results).toHaveLength(1);
  });

  it("falls back to lexical search, and says so, when the embedding server is down", async () => {
    const { h, jar, admin } = await withEmbeddingModel();
    const { id } = await admin.knowledge.createSource({ name: "Docs", config: { kind: "upload" } });
    upload(h, jar, id, "a.md", "# Canteen\n\nThe canteen opens at noon.");
    await settle(h);
    const providers = await admin.models.providers();
    await admin.models.updateProvider({ id: providers[0]!.id, baseUrl: "http://127.0.0.1:9/v1" });
    const found = await admin.knowledge.search({ query: "canteen" });
    expect(found.mode).toBe("lexical");
    expect(found.vectorError).toBeTruthy();
    expect(found.results).toHaveLength(1);
  });
});
