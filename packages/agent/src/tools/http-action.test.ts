import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createSafeFetch, type SafeFetch } from "@atelier/knowledge";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createHttpActionTool, type HttpActionOptions, jsonSchemaToZod, toolNameFor } from "./http-action";
import { OpenApiError, parseOpenApi } from "./openapi";
import { petstoreYaml } from "./petstore.fixture";
import type { ToolContext, ToolOutput } from "./tool-definition";

interface Received {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

const SECRET = "s3cret/token+value";
let server: Server;
let baseUrl: string;
let safeFetch: SafeFetch;
const received: Received[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      const url = request.url ?? "";
      received.push({ method: request.method ?? "", url, headers: request.headers, body });
      const json = (status: number, value: unknown) => {
        response.writeHead(status, { "content-type": "application/json" });
        response.end(JSON.stringify(value));
      };
      if (url.startsWith("/v1/pets/404")) return json(404, { error: "Pet not found" });
      if (url.startsWith("/v1/pets/500")) return json(500, { error: "boom", detail: "x".repeat(1000) });
      if (url.startsWith("/v1/pets/42")) return json(200, { id: 42, name: "Rex" });
      if (url.startsWith("/v1/pets/7")) return setTimeout(() => json(200, { id: 7 }), 2000);
      if (url.startsWith("/v1/files/")) {
        response.writeHead(200, { "content-type": "image/png" });
        return response.end(Buffer.alloc(10));
      }
      if (url.startsWith("/v1/pets") && request.method === "POST") return json(201, { created: JSON.parse(body) });
      if (url.startsWith("/v1/pets?limit=99")) return json(200, Array.from({ length: 2000 }, (_, i) => ({ id: i })));
      // Echoes the request, as some APIs do: the secret must still not reach the model.
      return json(200, { url, authorization: request.headers.authorization ?? null, apiKey: request.headers["x-api-key"] ?? null });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}/v1/`;
  safeFetch = createSafeFetch({ allowedHosts: [`127.0.0.1:${port}`] });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const spec = parseOpenApi(petstoreYaml);
const operation = (id: string) => spec.operations.find((o) => o.operationId === id)!;
const tool = (id: string, options: Partial<HttpActionOptions> = {}) => createHttpActionTool(operation(id), { baseUrl, ...options });

function context(over: Partial<ToolContext> = {}): ToolContext {
  return {
    userId: "u",
    assistantId: "a",
    conversationId: "c",
    signal: new AbortController().signal,
    fetch: safeFetch,
    secret: (id) => (id === "petstore-key" ? SECRET : null),
    ...over,
  };
}

async function call(id: string, input: Record<string, unknown>, options: Partial<HttpActionOptions> = {}, over: Partial<ToolContext> = {}): Promise<{ output: ToolOutput; request: Received }> {
  const before = received.length;
  const output = await tool(id, options).run(input, context(over));
  expect(received.length).toBe(before + 1);
  return { output, request: received.at(-1)! };
}

describe("createHttpActionTool", () => {
  it("names the tool after the operationId and asks approval for anything but GET and HEAD", () => {
    expect(tool("listPets").name).toBe("listPets");
    expect(tool("delete_pets_petId").name).toBe("delete_pets_petId");
    expect(toolNameFor("pets.list / all (v2)")).toBe("pets_list_all_v2");
    expect(toolNameFor("x".repeat(100))).toHaveLength(64);
    expect(toolNameFor("…")).toBe("http_action");
    expect(tool("listPets").requiresApproval({})).toBe(false);
    expect(tool("createPet").requiresApproval({ body: { name: "Rex" } })).toBe(true);
    expect(tool("delete_pets_petId").requiresApproval({ petId: 1 })).toBe(true);
    expect(tool("showPetById").description).toBe(`Info for a specific pet. (HTTP GET /pets/{petId} on ${new URL(baseUrl).host})`);
  });

  it("builds the input schema from the parameters and the body", () => {
    const listPets = z.toJSONSchema(tool("listPets").schema) as any;
    expect(listPets.required ?? []).toEqual([]);
    expect(listPets.properties.limit).toMatchObject({ type: "integer", description: "How many pets to return (Query parameter)" });
    expect(listPets.properties.status).toMatchObject({ enum: ["available", "sold"] });
    expect(listPets.properties.tags).toMatchObject({ type: "array", items: { type: "string" } });
    const createPet = z.toJSONSchema(tool("createPet").schema) as any;
    expect(createPet.required).toEqual(["body"]);
    const body = createPet.properties.body;
    expect(body.required).toEqual(["name"]);
    expect(Object.keys(body.properties)).toEqual(["name", "tag", "birth", "owner"]);
    expect(body.properties.name).toMatchObject({ type: "string", description: "The pet's name" });
    expect(body.properties.birth.description).toBe("(format: date)");
    expect(body.properties.owner.properties.email).toMatchObject({ type: "string" });
    const showPet = z.toJSONSchema(tool("showPetById").schema) as any;
    expect(showPet.required).toEqual(["petId"]);
    expect(showPet.properties["X-Request-Id"].description).toBe("HTTP header X-Request-Id");
  });

  it("refuses operations it cannot call and base URLs that are not http(s)", () => {
    expect(() => tool("uploadPhoto")).toThrow(OpenApiError);
    expect(() => tool("listPets", { baseUrl: "/v2" })).toThrow(/not an absolute web address/);
    expect(() => tool("listPets", { baseUrl: "file:///etc" })).toThrow(/must start with http/);
  });

  it("GET: fills path parameters and headers and returns the JSON body", async () => {
    const { output, request } = await call("showPetById", { petId: 42, "X-Request-Id": "req-1" });
    expect(request).toMatchObject({ method: "GET", url: "/v1/pets/42", body: "" });
    expect(request.headers["x-request-id"]).toBe("req-1");
    expect(output.content).toBe('HTTP 200 (GET /pets/42)\n{\n  "id": 42,\n  "name": "Rex"\n}');
    expect(output.display).toEqual({ kind: "text", text: output.content });
  });

  it("GET: encodes path parameters and repeats array query parameters", async () => {
    const { request } = await call("listPets", { limit: 2, status: "sold", tags: ["a", "b c"] });
    expect(request.url).toBe("/v1/pets?limit=2&status=sold&tags=a&tags=b+c");
    const file = await call("getFile", { name: "a/b c?.txt" });
    expect(file.request.url).toBe("/v1/files/a%2Fb%20c%3F.txt");
    expect(file.output.content).toBe("HTTP 200 (GET /files/a%2Fb%20c%3F.txt)\n(image/png body of 10 bytes, not shown)");
  });

  it("refuses invalid arguments and path parameters that would climb the path", async () => {
    await expect(tool("showPetById").run({ petId: "abc" }, context())).rejects.toMatchObject({ code: "invalid_input", message: expect.stringContaining("petId") });
    await expect(tool("getFile").run({ name: ".." }, context())).rejects.toMatchObject({ code: "invalid_input", message: 'The path parameter name cannot be "..".' });
    await expect(tool("showPetById").run({ petId: 42, "X-Request-Id": "a\r\nX-Evil: 1" }, context())).rejects.toMatchObject({ code: "invalid_input" });
  });

  it("POST: sends the JSON body", async () => {
    const pet = { name: "Rex", tag: null, owner: { email: "a@example.com", pets: [{ anything: true }] } };
    const { output, request } = await call("createPet", { body: pet });
    expect(request.method).toBe("POST");
    expect(request.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(request.body)).toEqual(pet);
    expect(output.content).toMatch(/^HTTP 201 \(POST \/pets\)\n\{\n {2}"created": \{/);
  });

  it("sends the secret as a bearer token, a header or a query parameter, and never gives it back", async () => {
    const bearer = await call("listPets", {}, { auth: { type: "bearer", secretId: "petstore-key" } });
    expect(bearer.request.headers.authorization).toBe(`Bearer ${SECRET}`);
    const header = await call("listPets", {}, { auth: { type: "header", name: "X-API-Key", secretId: "petstore-key" } });
    expect(header.request.headers["x-api-key"]).toBe(SECRET);
    const query = await call("listPets", { status: "sold" }, { auth: { type: "query", secretId: "petstore-key" } });
    expect(new URL(query.request.url, "http://x").searchParams.get("api_key")).toBe(SECRET);
    for (const { output } of [bearer, header, query]) {
      const shown = JSON.stringify(output);
      expect(shown).not.toContain(SECRET);
      expect(shown).not.toContain(encodeURIComponent(SECRET));
      expect(shown).toContain("[secret]");
    }
    expect(JSON.parse(bearer.output.content.split("\n").slice(1).join("\n")).authorization).toBe("Bearer [secret]");
  });

  it("is unavailable when the secret is missing or there is no guarded fetch", async () => {
    await expect(tool("listPets", { auth: { type: "bearer", secretId: "deleted" } }).run({}, context())).rejects.toMatchObject({ code: "unavailable", message: expect.stringMatching(/secret of the listPets action is missing/) });
    await expect(tool("listPets").run({}, context({ fetch: undefined }))).rejects.toMatchObject({ code: "unavailable" });
  });

  it("refuses a private address that is not allowed", async () => {
    const before = received.length;
    const error = await tool("listPets").run({}, context({ fetch: createSafeFetch() })).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "blocked_address", message: expect.stringMatching(/^The address 127\.0\.0\.1 is on a private network/) });
    expect(received.length).toBe(before);
  });

  it("turns 4xx and 5xx answers into http_error with a short excerpt", async () => {
    await expect(tool("showPetById").run({ petId: 404 }, context())).rejects.toMatchObject({ code: "http_error", message: 'GET /pets/404 failed with HTTP 404: { "error": "Pet not found" }' });
    const error = (await tool("showPetById").run({ petId: 500 }, context()).catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/^GET \/pets\/500 failed with HTTP 500: \{ "error": "boom", "detail": "x+…$/);
    expect(error.message.length).toBeLessThan(400);
  });

  it("cuts long answers to about 8 KB for the model", async () => {
    const { output } = await call("listPets", { limit: 99 });
    expect(output.content.length).toBeLessThan(8200);
    expect(output.content).toMatch(/\n… \(truncated: \d+ characters in all\)$/);
  });

  it("stops when the context signal aborts", async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(new Error("Stopped by the user")), 50);
    await expect(tool("showPetById").run({ petId: 7 }, context({ signal: controller.signal }))).rejects.toThrow("Stopped by the user");
    expect(Date.now() - started).toBeLessThan(1500);
  });
});

describe("jsonSchemaToZod", () => {
  it("converts the JSON Schema subset and leaves the unknown as any value", () => {
    const schema = jsonSchemaToZod({
      type: "object",
      required: ["kind", "count"],
      properties: {
        kind: { enum: ["a", "b", null] },
        count: { type: "integer", description: "How many" },
        ratio: { type: ["number", "null"] },
        either: { oneOf: [{ type: "string" }, { type: "boolean" }] },
        flags: { type: "array", items: { type: "boolean" } },
        extra: { type: "object", additionalProperties: { type: "number" } },
        weird: { type: "file" as string, description: "Something" },
        id: { type: "string", readOnly: true },
      },
    });
    expect(schema.parse({ kind: null, count: 2, ratio: null, either: true, flags: [true], extra: { x: 1 }, weird: [1], id: "dropped" })).toEqual({
      kind: null,
      count: 2,
      ratio: null,
      either: true,
      flags: [true],
      extra: { x: 1 },
      weird: [1],
    });
    expect(schema.safeParse({ kind: "c", count: 1 }).success).toBe(false);
    expect(schema.safeParse({ kind: "a", count: 1.5 }).success).toBe(false);
    expect(schema.safeParse({ kind: "a" }).success).toBe(false);
    expect(schema.safeParse({ kind: "a", count: 1, extra: { x: "no" } }).success).toBe(false);
    expect((z.toJSONSchema(schema) as any).properties.weird.description).toBe("Something");
  });
});
