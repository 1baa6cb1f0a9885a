import { readFileSync } from "node:fs";
import { createServer as createHttpsServer } from "node:https";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeOpenAI } from "@atelier/fake-openai";
import { listHttpProviderModels } from "./http-provider";

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI({ models: ["mistral-small", "text-embed-1"], apiKey: "sk-right" });
});
afterAll(() => fake.close());

async function failure(p: Promise<unknown>): Promise<any> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error("expected a failure");
}

async function server(handler: Parameters<typeof createServer>[1]) {
  const s = createServer(handler);
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`, close: () => new Promise<void>((r) => { s.closeAllConnections(); s.close(() => r()); }) };
}

describe("listing a provider's models (Test connection)", () => {
  it("lists an OpenAI-compatible server's models", async () => {
    const models = await listHttpProviderModels({ kind: "openai_compatible", baseUrl: fake.url, apiKey: "sk-right" });
    expect(models.map((m) => m.name)).toEqual(["mistral-small", "text-embed-1"]);
    expect(models[1]!.embeddings).toBe(true);
  });

  it("lists an Ollama server's models from /api/tags", async () => {
    const ollama = await server((req, res) => {
      if (req.url === "/api/tags") res.end(JSON.stringify({ models: [{ name: "llama3.1:8b" }, { name: "nomic-embed-text:latest" }] }));
      else res.writeHead(404).end();
    });
    const models = await listHttpProviderModels({ kind: "ollama", baseUrl: ollama.url });
    expect(models.map((m) => m.name)).toEqual(["llama3.1:8b", "nomic-embed-text:latest"]);
    await ollama.close();
  });

  it("says the key was refused (401)", async () => {
    const e = await failure(listHttpProviderModels({ kind: "openai_compatible", baseUrl: fake.url, apiKey: "sk-wrong" }));
    expect(e.code).toBe("auth");
    expect(e.message).toContain("refused the API key (HTTP 401)");
    expect(e.message).not.toContain("sk-wrong");
  });

  it("says the connection was refused", async () => {
    const s = await server(() => {});
    const url = s.url;
    await s.close();
    const e = await failure(listHttpProviderModels({ kind: "openai_compatible", baseUrl: `${url}/v1` }));
    expect(e.code).toBe("unreachable");
    expect(e.message).toMatch(/refused the connection/);
  });

  it("says the name does not resolve (DNS)", async () => {
    const e = await failure(listHttpProviderModels({ kind: "openai_compatible", baseUrl: "http://vllm.atelier-test.invalid/v1" }));
    expect(e.code).toBe("unreachable");
    expect(e.message).toMatch(/could not be found \(DNS lookup failed\)/);
  });

  it("says the TLS certificate is not trusted", async () => {
    const dir = new URL("../../test-fixtures/", import.meta.url);
    const s = createHttpsServer({ key: readFileSync(new URL("self-signed.key", dir)), cert: readFileSync(new URL("self-signed.crt", dir)) }, (_req, res) => res.end("{}"));
    await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
    const e = await failure(listHttpProviderModels({ kind: "openai_compatible", baseUrl: `https://127.0.0.1:${(s.address() as AddressInfo).port}/v1` }));
    s.close();
    expect(e.code).toBe("tls");
    expect(e.message).toMatch(/TLS certificate .* was not accepted/);
  });

  it("says when the server does not answer in time", async () => {
    const s = await server(() => {}); // accepts, never answers
    const e = await failure(listHttpProviderModels({ kind: "openai_compatible", baseUrl: `${s.url}/v1` }, { timeoutMs: 300 }));
    await s.close();
    expect(e.code).toBe("timeout");
    expect(e.message).toMatch(/did not answer within 0.3 s/);
  });

  it("says when the answer is not JSON (wrong URL, e.g. a web page)", async () => {
    const s = await server((_req, res) => res.end("<!doctype html><title>Intranet</title>"));
    const e = await failure(listHttpProviderModels({ kind: "openai_compatible", baseUrl: `${s.url}/v1` }));
    await s.close();
    expect(e.code).toBe("bad_response");
    expect(e.message).toMatch(/not JSON/);
  });

  it("says when the URL has no model list (404)", async () => {
    const e = await failure(listHttpProviderModels({ kind: "openai_compatible", baseUrl: fake.url.replace(/\/v1$/, "/nope"), apiKey: "sk-right" }));
    expect(e.message).toMatch(/has no model list .* \(HTTP 404\)/);
  });

  it("refuses a malformed URL", async () => {
    const e = await failure(listHttpProviderModels({ kind: "openai_compatible", baseUrl: "vllm:8000" }));
    expect(e.message).toBe('"vllm:8000" is not a valid URL.');
  });
});

describe("ports that fetch refuses", () => {
  it("says the port is unsafe rather than that the connection was lost", async () => {
    const e = await failure(listHttpProviderModels({ kind: "openai_compatible", baseUrl: "http://127.0.0.1:1/v1" }));
    expect(e.code).toBe("unreachable");
    expect(e.message).toMatch(/unsafe port/);
  });
});
