import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { randomBytes } from "node:crypto";
import { HumanMessage, SystemMessage, type AIMessageChunk } from "@langchain/core/messages";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { LocalGgufRuntime, LocalModelError } from "./index";

// Repo root is /work/main: five folders above packages/agent/src/providers/local-gguf.
const repoRoot = fileURLToPath(new URL("../../../../../", import.meta.url));
const modelPath = process.env.ATELIER_TEST_GGUF ?? join(repoRoot, "..", "shared", "models", "stories260K.gguf");
const modelMissing = !existsSync(modelPath);
if (modelMissing) console.warn(`Skipping the local GGUF tests: no model at ${modelPath} (set ATELIER_TEST_GGUF).`);

// One thread: on these 2-core sandboxes llama.cpp's multi-threaded decode is ~1000x slower than single-threaded.
const base = { idleUnloadMs: 60_000, threads: 1 } as const;
const question = [new SystemMessage("You tell short stories."), new HumanMessage("Tell me a story about a cat.")];

async function caught(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a failure");
}

describe.skipIf(modelMissing)("local GGUF provider (real model)", () => {
  let runtime: LocalGgufRuntime;
  let scratch: string;
  beforeAll(async () => {
    runtime = new LocalGgufRuntime(base);
    scratch = await mkdtemp(join(tmpdir(), "atelier-gguf-"));
  });
  afterAll(async () => {
    await runtime.dispose();
    await rm(scratch, { recursive: true, force: true });
  });

  it("lists the .gguf files of a folder with their size", async () => {
    const models = await runtime.listModels(dirname(modelPath));
    const found = models.find((m) => m.path === modelPath);
    expect(found).toBeDefined();
    if (!process.env.ATELIER_TEST_GGUF) expect(found).toEqual({ name: "stories260K", path: modelPath, sizeBytes: 1_185_376 });
    expect(await runtime.listModels(modelPath)).toEqual([found]);
    expect((await caught(runtime.listModels(join(scratch, "nope")))).code).toBe("not_found");
  });

  it("probes the model", async () => {
    const facts = await runtime.probe(modelPath);
    expect(facts.trainContextSize).toBeGreaterThan(0);
    expect(facts.loadMs).toBeGreaterThanOrEqual(0);
    if (!process.env.ATELIER_TEST_GGUF) expect(facts).toMatchObject({ trainContextSize: 2048, embeddingSize: 64, hasChatTemplate: false });
  });

  it("streams text chunks, then finish reason and usage counted by the model's tokenizer", async () => {
    const model = runtime.chatModel({ modelPath, temperature: 0.8, maxTokens: 40 });
    expect(model._llmType()).toBe("local-gguf");
    const chunks: AIMessageChunk[] = [];
    for await (const chunk of await model.stream(question)) chunks.push(chunk);
    expect(chunks.length).toBeGreaterThanOrEqual(2);
    const last = chunks.at(-1)!;
    expect(["stop", "length"]).toContain(last.response_metadata.finish_reason);
    expect(last.usage_metadata!.input_tokens).toBeGreaterThan(5);
    expect(last.usage_metadata!.output_tokens).toBeGreaterThan(0);
    expect(last.usage_metadata!.output_tokens).toBeLessThanOrEqual(40);
    expect(last.usage_metadata!.total_tokens).toBe(last.usage_metadata!.input_tokens + last.usage_metadata!.output_tokens);
    const text = chunks.map((c) => c.text).join("");
    expect(text.trim()).not.toBe("");
    expect(text).toMatch(/\w+ \w+/);
  });

  it("stops at maxTokens with finish reason length (non-streaming invoke)", async () => {
    const reply = await runtime.chatModel({ modelPath, temperature: 0, maxTokens: 5 }).invoke(question);
    expect(reply.response_metadata.finish_reason).toBe("length");
    expect(reply.usage_metadata!.output_tokens).toBeGreaterThan(0);
    expect(reply.usage_metadata!.output_tokens).toBeLessThanOrEqual(5);
    expect(reply.text).not.toBe("");
  });

  it("aborting after the first chunk rejects with AbortError and frees the sequence", async () => {
    const model = runtime.chatModel({ modelPath, temperature: 0.8, maxTokens: 500 });
    const controller = new AbortController();
    let abortedAt = 0;
    const error = await caught(
      (async () => {
        for await (const _chunk of await model.stream(question, { signal: controller.signal })) {
          if (!abortedAt) {
            abortedAt = performance.now();
            controller.abort();
          }
        }
      })(),
    );
    expect(error.name).toBe("AbortError");
    expect(performance.now() - abortedAt).toBeLessThan(1000);
    // LangChain rejects as soon as the signal fires; the generation stops and releases its sequence right after.
    await vi.waitFor(() => expect(runtime.loadedModels()[0]?.activeRequests).toBe(0), { timeout: 1000, interval: 5 });
    // With one sequence per model, a leaked sequence would make this request fail or hang.
    const reply = await runtime.chatModel({ modelPath, temperature: 0, maxTokens: 5 }).invoke(question);
    expect(reply.text).not.toBe("");
  });

  it("an already aborted signal rejects at once", async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await caught(runtime.chatModel({ modelPath, temperature: 0, maxTokens: 5 }).invoke(question, { signal: controller.signal }));
    expect(error.name).toBe("AbortError");
  });

  it("embeds texts into vectors of the model's size, deterministically", async () => {
    const embeddings = runtime.embeddings({ modelPath });
    const vectors = await embeddings.embedDocuments(["The cat sat on the mat.", "A dog ran in the park with a red ball."]);
    expect(vectors).toHaveLength(2);
    expect(vectors[0]!.length).toBe(vectors[1]!.length);
    if (!process.env.ATELIER_TEST_GGUF) expect(vectors[0]).toHaveLength(64);
    expect(vectors[0]!.every((x) => typeof x === "number" && Number.isFinite(x))).toBe(true);
    expect(await embeddings.embedQuery("The cat sat on the mat.")).toEqual(vectors[0]);
    expect(vectors[0]).not.toEqual(vectors[1]);
  });

  it("names a missing file, a file that is not GGUF and a damaged GGUF file", async () => {
    const missing = join(scratch, "missing.gguf");
    const notFound = await caught(runtime.probe(missing));
    expect(notFound).toBeInstanceOf(LocalModelError);
    expect(notFound.code).toBe("not_found");
    expect(notFound.message).toBe(`The model file "${missing}" does not exist.`);

    const random = join(scratch, "x.gguf");
    await writeFile(random, randomBytes(4096));
    const notGguf = await caught(runtime.chatModel({ modelPath: random, temperature: 0, maxTokens: 5 }).invoke(question));
    expect(notGguf.code).toBe("not_gguf");
    expect(notGguf.message).toBe(`"${random}" is not a GGUF model file.`);

    const damaged = join(scratch, "damaged.gguf");
    await writeFile(damaged, Buffer.concat([Buffer.from("GGUF"), randomBytes(4096)]));
    const loadFailed = await caught(runtime.embeddings({ modelPath: damaged }).embedQuery("hello"));
    expect(loadFailed).toBeInstanceOf(LocalModelError);
    expect(loadFailed.code).toBe("load_failed");
    expect(loadFailed.message).toMatch(/^The model ".*damaged\.gguf" could not be loaded; .*\.$/);
    // A failed load is not cached: the next call tries (and fails) again rather than returning a stale promise.
    expect((await caught(runtime.probe(damaged))).code).toBe("load_failed");
    expect(runtime.loadedModels().map((m) => m.path)).toEqual([modelPath]);
  });
});

describe.skipIf(modelMissing)("local GGUF runtime sharing and lifecycle", () => {
  it("loads once for concurrent first calls and queues beyond maxParallel", async () => {
    const runtime = new LocalGgufRuntime({ ...base, maxParallel: 1 });
    try {
      const model = runtime.chatModel({ modelPath, temperature: 0.8, maxTokens: 20 });
      const replies = await Promise.all([1, 2, 3, 4].map(() => model.invoke(question)));
      for (const reply of replies) {
        expect(reply.text).not.toBe("");
        expect(reply.usage_metadata!.output_tokens).toBeGreaterThan(0);
      }
      expect(runtime.loadCount).toBe(1);
      expect(runtime.loadedModels()).toEqual([{ path: modelPath, activeRequests: 0, idleForMs: expect.any(Number) }]);
    } finally {
      await runtime.dispose();
    }
  });

  it("fails a request that waits in the queue longer than queueTimeoutMs", async () => {
    const runtime = new LocalGgufRuntime({ ...base, maxParallel: 1, queueTimeoutMs: 1 });
    try {
      await runtime.probe(modelPath);
      const model = runtime.chatModel({ modelPath, temperature: 0.8, maxTokens: 200 });
      const results = await Promise.allSettled([model.invoke(question), model.invoke(question)]);
      expect(results[0].status).toBe("fulfilled");
      expect(results[1].status).toBe("rejected");
      const reason = (results[1] as PromiseRejectedResult).reason;
      expect(reason).toBeInstanceOf(LocalModelError);
      expect(reason.code).toBe("busy_timeout");
    } finally {
      await runtime.dispose();
    }
  });

  it("unloads an idle model and reloads it on the next request", async () => {
    const runtime = new LocalGgufRuntime({ ...base, idleUnloadMs: 200 });
    try {
      const model = runtime.chatModel({ modelPath, temperature: 0, maxTokens: 5 });
      await model.invoke(question);
      expect(runtime.loadedModels()).toHaveLength(1);
      await new Promise((r) => setTimeout(r, 600));
      expect(runtime.loadedModels()).toEqual([]);
      const reply = await model.invoke(question);
      expect(reply.text).not.toBe("");
      expect(runtime.loadCount).toBe(2);
    } finally {
      await runtime.dispose();
    }
  });
});
