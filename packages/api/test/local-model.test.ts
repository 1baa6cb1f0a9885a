/** The local GGUF path end to end: Admin adds a folder, Test connection lists the file, chat streams from llama.cpp. */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { modelCalls } from "@atelier/db";
import { LocalGgufRuntime } from "../src";
import { createHarness } from "./harness";

const folder = fileURLToPath(new URL("../../../../shared/models/", import.meta.url));
const available = existsSync(`${folder}stories260K.gguf`);
if (!available) console.warn(`[local model] skipped: ${folder}stories260K.gguf is missing`);
const runtime = new LocalGgufRuntime({ idleUnloadMs: 60_000, threads: 1 });
afterAll(() => runtime.dispose());

describe.skipIf(!available)("local GGUF models", () => {
  it("lists the folder's models and answers with one, recording its real token counts", async () => {
    const h = createHarness({}, { localModels: runtime });
    const admin = h.as(await h.setupAdmin());
    const { id } = await admin.models.createProvider({ name: "On this server", kind: "local_gguf", path: folder });
    expect((await admin.models.providers())[0]).toMatchObject({ sovereignty: "on_premises", kind: "local_gguf" });
    const test = await admin.models.testProvider({ id });
    expect(test).toMatchObject({ ok: true, added: [`${folder}stories260K.gguf`] });
    const model = (await admin.models.providers())[0]!.models[0]!;
    expect(model.displayName).toBe("stories260K");
    await admin.models.updateSettings({ defaultChatModelId: model.id });
    const assistant = await admin.assistants.create({ name: "Storyteller", maxOutputTokens: 24 });
    const sent = await admin.chat.send({ assistantId: assistant.id, content: "Once upon a time" });
    const events: any[] = [];
    for await (const tracked of await admin.chat.onMessage({ messageId: sent.assistantMessageId })) {
      const event = (tracked as unknown as [string, any])[1]; // tracked(id, data) is an [id, data] tuple at run time
      events.push(event);
      if (event.type === "done") break;
    }
    const done = events.at(-1);
    expect(done.status).toBe("done");
    expect(events.filter((e) => e.type === "token").length).toBeGreaterThan(1);
    expect(done.content.trim().length).toBeGreaterThan(0);
    const call = h.services.db.select().from(modelCalls).get()!;
    expect(call).toMatchObject({ status: "ok", tokensEstimated: false, modelName: `${folder}stories260K.gguf` });
    expect(call.outputTokens).toBeGreaterThan(0);
    expect(call.outputTokens).toBeLessThanOrEqual(24);
  });

  it("reports a missing folder in plain words", async () => {
    const h = createHarness({}, { localModels: runtime });
    const admin = h.as(await h.setupAdmin());
    const { id } = await admin.models.createProvider({ name: "Wrong", kind: "local_gguf", path: "/nonexistent/models" });
    const result = await admin.models.testProvider({ id });
    expect(result.ok).toBe(false);
    expect(result.ok === false && result.message).toMatch(/\/nonexistent\/models/);
  });
});
