import { describe, expect, it } from "vitest";
import { asksBeforeRunning, outlineOpenApi } from "./openapi-outline";

const YAML = `openapi: 3.0.3
info:
  title: "Leave API" # the HR system
  version: 1.0.0
servers:
  - url: https://hr.example.com/api
paths:
  /leave/{employeeId}:
    parameters:
      - name: employeeId
        in: path
    get:
      operationId: getLeaveBalance
      summary: Remaining days of leave
      responses:
        "200":
          description: ok
    post:
      summary: 'Book days off'
      requestBody:
        content:
          application/json:
            schema:
              properties:
                operationId:
                  type: string
  "/holidays":
    get:
      operationId: listHolidays
components:
  schemas:
    Pet:
      type: object
`;

describe("outlineOpenApi", () => {
  it("lists the operations of a YAML specification, with the server's slug for those without an id", () => {
    const outline = outlineOpenApi(YAML);
    expect(outline.problem).toBeUndefined();
    expect(outline.title).toBe("Leave API");
    expect(outline.servers).toEqual(["https://hr.example.com/api"]);
    expect(outline.operations).toEqual([
      { operationId: "getLeaveBalance", method: "GET", path: "/leave/{employeeId}", summary: "Remaining days of leave" },
      { operationId: "post_leave_employeeId", method: "POST", path: "/leave/{employeeId}", summary: "Book days off" },
      { operationId: "listHolidays", method: "GET", path: "/holidays" },
    ]);
  });

  it("reads JSON, with server variables set to their defaults", () => {
    const outline = outlineOpenApi(
      JSON.stringify({
        openapi: "3.1.0",
        info: { title: "Pets" },
        servers: [{ url: "https://{region}.pets.test/v1", variables: { region: { default: "eu" } } }],
        paths: { "/pets": { get: { operationId: "listPets" }, delete: {} }, "/pets/{id}": { patch: { summary: "Rename" } } },
      }),
    );
    expect(outline.servers).toEqual(["https://eu.pets.test/v1"]);
    expect(outline.operations.map((o) => `${o.method} ${o.operationId}`)).toEqual(["GET listPets", "DELETE delete_pets", "PATCH patch_pets_id"]);
  });

  it("says why nothing is listed", () => {
    expect(outlineOpenApi("{ not json").problem).toBe("invalid_json");
    expect(outlineOpenApi('{"swagger": "2.0", "paths": {}}').problem).toBe("swagger");
    expect(outlineOpenApi("swagger: '2.0'\npaths:\n  /a:\n    get: {}\n").problem).toBe("swagger");
    expect(outlineOpenApi("openapi: 3.0.0\ninfo:\n  title: Empty\n").problem).toBe("no_paths");
    expect(outlineOpenApi("   ").problem).toBe("no_paths");
  });

  it("numbers two operations that would get the same slug", () => {
    const outline = outlineOpenApi(JSON.stringify({ openapi: "3.0.0", paths: { "/a-b": { get: {} }, "/a_b": { get: {} } } }));
    expect(outline.operations.map((o) => o.operationId)).toEqual(["get_a_b", "get_a_b_2"]);
  });
});

describe("asksBeforeRunning", () => {
  it("is true for methods that change data", () => {
    expect(asksBeforeRunning("get")).toBe(false);
    expect(asksBeforeRunning("HEAD")).toBe(false);
    expect(asksBeforeRunning("post")).toBe(true);
    expect(asksBeforeRunning("DELETE")).toBe(true);
  });
});
