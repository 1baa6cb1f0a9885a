import { describe, expect, it } from "vitest";
import { en } from "~/i18n/en";
import { fr } from "~/i18n/fr";
import { createTranslator } from "~/i18n/translate";
import { stepTitle, toolLabel } from "./tool-labels";

const t = createTranslator(en);

describe("tool step titles", () => {
  it("names built-in tools by their catalog label and actions by their operation", () => {
    expect(toolLabel("calculator", t)).toBe("Calculator");
    expect(toolLabel("sql_query", createTranslator(fr, en))).toBe("Requêtes sur tableaux (SQL)");
    expect(toolLabel("createTicket", t)).toBe("createTicket");
  });

  it("says what happened, or what is happening", () => {
    expect(stepTitle({ name: "knowledge_search", ok: true, approval: null }, t)).toBe("Searched knowledge");
    expect(stepTitle({ name: "knowledge_search", ok: null, approval: null }, t)).toBe("Searching knowledge…");
    expect(stepTitle({ name: "calculator", ok: true, approval: null }, t)).toBe("Used Calculator");
    expect(stepTitle({ name: "calculator", ok: false, approval: null }, t)).toBe("Used Calculator");
    expect(stepTitle({ name: "createTicket", ok: null, approval: null }, t)).toBe("Calling createTicket…");
    expect(stepTitle({ name: "createTicket", ok: true, approval: "approved" }, t)).toBe("Called createTicket");
    expect(stepTitle({ name: "createTicket", ok: null, approval: "refused" }, t)).toBe("Called createTicket");
    expect(stepTitle({ name: "createTicket", ok: null, approval: "pending" }, t)).toBe("Waiting for your approval to run createTicket");
  });
});
