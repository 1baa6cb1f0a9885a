import { createAssistantInput } from "@atelier/validators";
import { describe, expect, it } from "vitest";
import { emptyAssistant, httpActionIssues, sameValues, toAssistantInput, type AssistantValues, type HttpActionValues } from "./assistant-values";

const action: HttpActionValues = {
  id: "act_1",
  name: "Leave API",
  specText: "openapi: 3.0.0",
  baseUrl: " ",
  operationIds: ["getLeave"],
  authType: "header",
  authName: " X-Api-Key ",
  secretId: "s1",
};

describe("toAssistantInput", () => {
  it("keeps only the tools that are on, so an untouched template stays equal to its version", () => {
    const input = toAssistantInput({ ...emptyAssistant, name: "HR", tools: { ...emptyAssistant.tools, knowledgeSearch: true } });
    expect(input.tools).toEqual({ knowledgeSearch: true });
    expect(createAssistantInput.safeParse(input).success).toBe(true);
  });

  it("turns an action's form strings into the API's configuration", () => {
    const input = toAssistantInput({ ...emptyAssistant, name: "HR", tools: { ...emptyAssistant.tools, httpActions: [action] } });
    expect(input.tools.httpActions).toEqual([{ id: "act_1", name: "Leave API", specText: "openapi: 3.0.0", operationIds: ["getLeave"], auth: { type: "header", name: "X-Api-Key", secretId: "s1" } }]);
    const none = toAssistantInput({ ...emptyAssistant, tools: { ...emptyAssistant.tools, httpActions: [{ ...action, authType: "none", baseUrl: "https://x.test" }] } });
    expect(none.tools.httpActions?.[0]).toEqual({ id: "act_1", name: "Leave API", specText: "openapi: 3.0.0", baseUrl: "https://x.test", operationIds: ["getLeave"] });
  });

  it("reports empty numbers instead of sending zero, accepts a decimal comma, and leaves sharing out for co-editors", () => {
    const values: AssistantValues = { ...emptyAssistant, name: "A", temperature: "0,7", knowledgePassages: "" };
    const input = toAssistantInput(values, { sharing: false });
    expect(input.temperature).toBe(0.7);
    expect(Number.isNaN(input.knowledgePassages)).toBe(true);
    expect("visibility" in input).toBe(false);
    expect(toAssistantInput({ ...values, visibility: "private", teamId: "t" }).teamId).toBeNull();
  });
});

describe("sameValues", () => {
  it("ignores differences that save the same assistant", () => {
    expect(sameValues({ ...emptyAssistant, starters: ["Hi "] }, { ...emptyAssistant, starters: ["Hi"] })).toBe(true);
    expect(sameValues(emptyAssistant, { ...emptyAssistant, instructions: "x" })).toBe(false);
  });
});

describe("httpActionIssues", () => {
  it("asks for a secret, the header's name and at least one operation", () => {
    expect(httpActionIssues(action, 0)).toEqual([]);
    const issues = httpActionIssues({ ...action, secretId: "", authName: "", operationIds: [] }, 2);
    expect(issues.map((i) => i.path.join("."))).toEqual(["tools.httpActions.2.operationIds", "tools.httpActions.2.auth.secretId", "tools.httpActions.2.auth.name"]);
    expect(httpActionIssues({ ...action, authType: "bearer", authName: "" }, 0)).toEqual([]);
  });
});
