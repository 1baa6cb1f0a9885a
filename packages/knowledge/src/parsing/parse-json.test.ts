import { describe, expect, it } from "vitest";
import { ParseError } from "./parse-error";
import { parseDocument } from "./parse-document";

const encode = (value: unknown) => new TextEncoder().encode(typeof value === "string" ? value : JSON.stringify(value));

describe("parseDocument (json)", () => {
  it("lists leaf values with their key paths, one block per top-level entry", async () => {
    const json = {
      company: "Exemple SA",
      employees: [
        { name: "Anne", roles: ["RH", "Paie"], remote: true },
        { name: "Bruno", manager: null, "date d'entrée": "2021-09-01" },
      ],
      "a.b": { "": 1, empty: {} },
      note: "  sur\nplusieurs   lignes ",
    };
    const parsed = await parseDocument({ bytes: encode(json), fileName: "org.json" });
    expect(parsed.format).toBe("json");
    expect(parsed.blocks.map((b) => b.text)).toEqual([
      "company: Exemple SA",
      [
        "employees[0].name: Anne",
        "employees[0].roles[0]: RH",
        "employees[0].roles[1]: Paie",
        "employees[0].remote: true",
        "employees[1].name: Bruno",
        "employees[1].manager: null",
        "employees[1].date d'entrée: 2021-09-01",
      ].join("\n"),
      '["a.b"][""]: 1',
      "note: sur plusieurs lignes",
    ]);
  });

  it("reads a top-level array and a bare value", async () => {
    expect((await parseDocument({ bytes: encode([{ q: "Horaires ?" }]), fileName: "faq.json" })).blocks[0]!.text).toBe(
      "[0].q: Horaires ?",
    );
    expect((await parseDocument({ bytes: encode('"Bonjour"'), fileName: "s.json" })).blocks[0]!.text).toBe("Bonjour");
  });

  it("survives deep nesting", async () => {
    const deep = `${"[".repeat(5000)}"fond"${"]".repeat(5000)}`;
    const parsed = await parseDocument({ bytes: encode(deep), fileName: "deep.json" });
    expect(parsed.blocks[0]!.text).toBe(`${"[0]".repeat(5000)}: fond`);
  });

  it("calls invalid JSON corrupt", async () => {
    const error = await parseDocument({ bytes: encode('{"a": 1,'), fileName: "broken.json" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ParseError);
    expect((error as ParseError).code).toBe("corrupt");
    expect((error as ParseError).message).toBe("This JSON file is not valid JSON; check that it is complete and well formed.");
  });
});
