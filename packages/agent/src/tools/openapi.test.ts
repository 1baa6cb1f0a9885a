import { describe, expect, it } from "vitest";
import { OpenApiError, parseOpenApi } from "./openapi";
import { petstoreJson, petstoreYaml } from "./petstore.fixture";

function errorOf(source: string): OpenApiError {
  try {
    parseOpenApi(source);
  } catch (error) {
    expect(error).toBeInstanceOf(OpenApiError);
    return error as OpenApiError;
  }
  throw new Error("the specification was accepted");
}

const minimal = (paths: string, components = "") => `openapi: 3.1.0\ninfo: { title: T, version: '1' }\npaths:\n${paths}\n${components}`;

describe("parseOpenApi", () => {
  const doc = parseOpenApi(petstoreYaml);
  const op = (id: string) => doc.operations.find((o) => o.operationId === id)!;

  it("reads the title, the servers with their variables, and every operation", () => {
    expect(doc.title).toBe("Petstore");
    expect(doc.version).toBe("1.2.0");
    expect(doc.servers).toEqual(["https://api.petstore.example/v1", "/v2"]);
    expect(doc.operations.map((o) => `${o.method} ${o.path} ${o.operationId}`)).toEqual([
      "GET /pets listPets",
      "POST /pets createPet",
      "GET /pets/{petId} showPetById",
      "DELETE /pets/{petId} delete_pets_petId",
      "GET /files/{name} getFile",
      "PUT /pets/{petId}/photo uploadPhoto",
    ]);
  });

  it("reads JSON and YAML alike", () => {
    expect(parseOpenApi(petstoreJson)).toEqual(doc);
  });

  it("resolves parameter $refs, merges path-level parameters and skips cookies and reserved headers", () => {
    expect(op("listPets").parameters).toEqual([
      { name: "limit", in: "query", required: false, description: "How many pets to return", schema: { type: "integer", maximum: 100 } },
      { name: "status", in: "query", required: false, schema: { type: "string", enum: ["available", "sold"] } },
      { name: "tags", in: "query", required: false, schema: { type: "array", items: { type: "string" } } },
    ]);
    expect(op("showPetById").parameters).toEqual([
      { name: "petId", in: "path", required: true, description: "The pet's id", schema: { type: "integer" } },
      { name: "X-Request-Id", in: "header", required: false, schema: { type: "string" } },
    ]);
    expect(op("delete_pets_petId").parameters.map((p) => p.name)).toEqual(["petId"]);
    expect(op("listPets")).toMatchObject({ summary: "List pets", description: "Returns the pets, newest first.", requestBody: null });
  });

  it("inlines the JSON request body schema and cuts recursive structures", () => {
    const body = op("createPet").requestBody!;
    expect(body).toMatchObject({ required: true, contentType: "application/json" });
    expect(body.schema.properties!.name).toEqual({ type: "string", description: "The pet's name" });
    const owner = body.schema.properties!.owner!;
    expect(owner.allOf![0]).toEqual({ type: "object", required: ["email"], properties: { email: { type: "string", format: "email" } } });
    // NewPet → owner → pets → NewPet: the inner NewPet becomes "any value".
    expect(owner.allOf![1]!.properties!.pets!.items).toEqual({ description: "A NewPet (nested structure, given as any JSON value)" });
  });

  it("marks an operation whose required body is not JSON as unsupported", () => {
    expect(op("uploadPhoto")).toMatchObject({ requestBody: null, unsupported: "its request body is image/png, not JSON" });
  });

  it("refuses documents that are not OpenAPI 3.x", () => {
    expect(errorOf('{"swagger": "2.0", "paths": {}}').message).toMatch(/^This is a Swagger 2.0 specification; Atelier reads OpenAPI 3.x/);
    expect(errorOf("info: { title: T }\npaths: {}").message).toBe('This is not an OpenAPI 3.x specification: its "openapi" field is missing.');
    expect(errorOf("openapi: 2.5.0\npaths: {}").message).toMatch(/field is "2.5.0"/);
    expect(errorOf("openapi: 4.0.0\npaths: {}").message).toMatch(/field is "4.0.0"/);
    expect(parseOpenApi("openapi: 3.0\npaths:\n  /a:\n    get: {}").operations).toHaveLength(1);
    expect(errorOf("just some text").message).toMatch(/is empty or is not a JSON or YAML object/);
    expect(errorOf("").message).toMatch(/is empty/);
  });

  it("reports syntax errors of JSON and YAML", () => {
    expect(errorOf('{"openapi": "3.0.0",').message).toMatch(/^The specification is not valid JSON: /);
    expect(errorOf("openapi: 3.0.0\npaths:\n  /a: [\n").message).toMatch(/^The specification is not valid YAML: /);
  });

  it("refuses a specification without operations", () => {
    expect(errorOf("openapi: 3.0.0\ninfo: { title: T }").message).toBe("The specification has no paths, so no operation to call.");
    expect(errorOf("openapi: 3.0.0\npaths: {}").message).toBe("The specification has no paths, so no operation to call.");
    expect(errorOf(minimal("  /a:\n    summary: nothing")).message).toMatch(/have no operations/);
  });

  it("refuses $ref cycles, dangling and external $refs", () => {
    const cycle = minimal(
      "  /a:\n    get:\n      parameters:\n        - $ref: '#/components/parameters/A'",
      "components:\n  parameters:\n    A: { $ref: '#/components/parameters/B' }\n    B: { $ref: '#/components/parameters/A' }",
    );
    expect(errorOf(cycle).message).toBe("paths › /a: $ref cycle #/components/parameters/A → #/components/parameters/B → #/components/parameters/A.");
    const self = minimal("  /a:\n    get:\n      requestBody: { $ref: '#/components/requestBodies/R' }", "components:\n  requestBodies:\n    R: { $ref: '#/components/requestBodies/R' }");
    expect(errorOf(self).message).toMatch(/\$ref cycle #\/components\/requestBodies\/R → #\/components\/requestBodies\/R/);
    expect(errorOf(minimal("  /a:\n    get:\n      parameters:\n        - $ref: '#/components/parameters/Nope'")).message).toBe(
      'paths › /a: the $ref "#/components/parameters/Nope" points to nothing.',
    );
    expect(errorOf(minimal("  /a:\n    get:\n      parameters:\n        - $ref: 'common.yaml#/Limit'")).message).toMatch(/points outside the specification/);
  });

  it("refuses malformed parameters and duplicate operationIds", () => {
    expect(errorOf(minimal("  /a:\n    get:\n      parameters:\n        - { in: query }")).message).toMatch(/a parameter has no "name"/);
    expect(errorOf(minimal("  /a:\n    get:\n      parameters:\n        - { name: x, in: body }")).message).toMatch(/is in "body"/);
    expect(errorOf(minimal("  /a:\n    get: { operationId: same }\n    post: { operationId: same }")).message).toBe('The operationId "same" is used by two operations.');
  });

  it("adds path parameters the spec forgot, keeps __proto__ as a plain key, and decodes JSON pointers", () => {
    const parsed = parseOpenApi(
      minimal(
        "  /items/{id}:\n    post:\n      requestBody:\n        content:\n          application/vnd.api+json:\n            schema: { $ref: '#/components/schemas/a~1b' }",
        "components:\n  schemas:\n    a/b:\n      type: object\n      properties:\n        __proto__: { type: string }",
      ),
    );
    const operation = parsed.operations[0]!;
    expect(operation.parameters).toEqual([{ name: "id", in: "path", required: true, schema: { type: "string" } }]);
    expect(operation.requestBody).toMatchObject({ required: false, contentType: "application/vnd.api+json" });
    const properties = operation.requestBody!.schema.properties!;
    expect(Object.keys(properties)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(properties)).toBe(Object.prototype);
  });
});
