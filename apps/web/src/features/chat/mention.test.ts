import { describe, expect, it } from "vitest";
import { matchAssistants, mentionAt, removeMention } from "./mention";

describe("mentionAt", () => {
  it("finds an @ at the start or after a space, up to the caret", () => {
    expect(mentionAt("@", 1)).toEqual({ start: 0, query: "" });
    expect(mentionAt("@hr", 3)).toEqual({ start: 0, query: "hr" });
    expect(mentionAt("ask @gui", 8)).toEqual({ start: 4, query: "gui" });
    expect(mentionAt("ask @gui please", 8)).toEqual({ start: 4, query: "gui" });
  });

  it("ignores e-mail addresses, finished words and a caret elsewhere", () => {
    expect(mentionAt("ada@acme", 8)).toBeNull();
    expect(mentionAt("@hr is", 6)).toBeNull();
    expect(mentionAt("@hr", 0)).toBeNull();
    expect(mentionAt("no mention", 10)).toBeNull();
  });
});

describe("removeMention", () => {
  it("removes the mention and one surrounding space", () => {
    expect(removeMention("@gui", { start: 0, query: "gui" }, 4)).toEqual({ text: "", caret: 0 });
    expect(removeMention("ask @gui", { start: 4, query: "gui" }, 8)).toEqual({ text: "ask", caret: 3 });
    expect(removeMention("ask @gui now", { start: 4, query: "gui" }, 8)).toEqual({ text: "ask now", caret: 3 });
    expect(removeMention("@gui now", { start: 0, query: "gui" }, 4)).toEqual({ text: "now", caret: 0 });
  });
});

describe("matchAssistants", () => {
  const list = [{ name: "Atelier Guide" }, { name: "HR policy assistant" }, { name: "Équipe juridique" }, { name: "Travel desk" }];

  it("lists everyone for an empty query", () => {
    expect(matchAssistants(list, "")).toHaveLength(4);
  });

  it("prefers names starting with the query, then words, then anywhere; accents ignored", () => {
    expect(matchAssistants(list, "gui").map((a) => a.name)).toEqual(["Atelier Guide"]);
    expect(matchAssistants(list, "equipe").map((a) => a.name)).toEqual(["Équipe juridique"]);
    expect(matchAssistants(list, "t").map((a) => a.name)).toEqual(["Travel desk", "Atelier Guide", "HR policy assistant"]);
    expect(matchAssistants(list, "a").map((a) => a.name)).toEqual(["Atelier Guide", "HR policy assistant", "Travel desk"]);
    expect(matchAssistants(list, "elierg").map((a) => a.name)).toEqual(["Atelier Guide"]);
    expect(matchAssistants(list, "zzz")).toEqual([]);
  });
});
