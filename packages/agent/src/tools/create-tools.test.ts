import { describe, expect, it } from "vitest";
import { createTools, ToolConfigError, toolCatalog } from "./create-tools";
import { petstoreJson, petstoreYaml } from "./petstore.fixture";

function errorOf(build: () => unknown): ToolConfigError {
  try {
    build();
  } catch (error) {
    expect(error).toBeInstanceOf(ToolConfigError);
    return error as ToolConfigError;
  }
  throw new Error("the configuration was accepted");
}

describe("createTools", () => {
  it("builds the enabled built-in tools only", () => {
    expect(createTools({}).map((t) => t.name)).toEqual([]);
    expect(createTools({ calculator: true, sqlQuery: false, currentDatetime: true }).map((t) => t.name)).toEqual(["calculator", "current_datetime"]);
    expect(createTools({ knowledgeSearch: true, calculator: true, currentDatetime: true, sqlQuery: true }).map((t) => t.name)).toEqual(toolCatalog.map((entry) => entry.name));
  });

  it("adds the chosen operations of each specification, with the first server as default base URL", () => {
    const tools = createTools({
      calculator: true,
      httpActions: [
        { specText: petstoreYaml, operationIds: ["listPets", "createPet"], auth: { type: "bearer", secretId: "k" } },
        { specText: petstoreJson, baseUrl: "https://staging.petstore.example/v1", operationIds: ["delete_pets_petId"] },
      ],
    });
    expect(tools.map((t) => t.name)).toEqual(["calculator", "listPets", "createPet", "delete_pets_petId"]);
    expect(tools[1]!.description).toContain("on api.petstore.example");
    expect(tools[3]!.description).toContain("on staging.petstore.example");
    expect(tools[2]!.requiresApproval({})).toBe(true);
  });

  it("refuses two tools with the same name", () => {
    const twice = errorOf(() =>
      createTools({
        httpActions: [
          { specText: petstoreYaml, operationIds: ["listPets"] },
          { specText: petstoreYaml, baseUrl: "https://other.example", operationIds: ["listPets"] },
        ],
      }),
    );
    expect(twice.message).toBe('Two tools would be named "listPets": the listPets operation of Petstore and the listPets operation of Petstore. Leave one of them out.');
    const clash = errorOf(() => createTools({ calculator: true, httpActions: [{ specText: "openapi: 3.0.0\ninfo: { title: Maths }\npaths:\n  /c:\n    get: { operationId: calculator }", baseUrl: "https://m.example", operationIds: ["calculator"] }] }));
    expect(clash.message).toMatch(/^Two tools would be named "calculator": the built-in Calculator tool and the calculator operation of Maths/);
  });

  it("explains invalid specifications, unknown operations and missing base URLs", () => {
    expect(errorOf(() => createTools({ httpActions: [{ specText: '{"swagger": "2.0"}', operationIds: [] }] })).message).toMatch(/^HTTP actions 1: This is a Swagger 2.0 specification/);
    expect(errorOf(() => createTools({ httpActions: [{ specText: petstoreYaml, operationIds: ["adoptPet"] }] })).message).toMatch(/^Petstore has no operation "adoptPet". Its operations: listPets, createPet, /);
    const noServer = "openapi: 3.0.0\ninfo: { title: Bare }\npaths:\n  /a:\n    get: { operationId: a }";
    expect(errorOf(() => createTools({ httpActions: [{ specText: noServer, operationIds: ["a"] }] })).message).toBe("Bare: the specification names no server, so the base URL of the API must be given.");
    const relative = "openapi: 3.0.0\ninfo: { title: Rel }\nservers: [{ url: /api }]\npaths:\n  /a:\n    get: { operationId: a }";
    expect(errorOf(() => createTools({ httpActions: [{ specText: relative, operationIds: ["a"] }] })).message).toMatch(/^Rel: The base URL of a is not an absolute web address/);
    expect(errorOf(() => createTools({ httpActions: [{ specText: petstoreYaml, operationIds: ["uploadPhoto"] }] })).message).toMatch(/request body is image\/png, not JSON/);
  });
});

describe("toolCatalog", () => {
  it("labels and describes every built-in tool in English and French", () => {
    for (const entry of toolCatalog) {
      for (const text of [entry.label.en, entry.label.fr, entry.description.en, entry.description.fr]) expect(text.trim().length, entry.name).toBeGreaterThan(3);
      expect(entry.label.fr).not.toBe(entry.label.en);
      expect(createTools({ [entry.configKey]: true }).map((t) => t.name)).toEqual([entry.name]);
    }
  });
});
