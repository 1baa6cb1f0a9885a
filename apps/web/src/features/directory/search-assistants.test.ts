import { describe, expect, it } from "vitest";
import { searchAssistants } from "./search-assistants";

const list = [
  { name: "HR policy assistant", description: "Leave, remote work and expenses", ownerName: "Ada Lovelace" },
  { name: "Résumé reviewer", description: "Reads CVs", ownerName: "Grace Hopper" },
  { name: "IT helpdesk", description: "VPN and printers", ownerName: "Ada Lovelace" },
];

describe("searchAssistants", () => {
  it("matches name, description and owner, every word, ignoring case and accents", () => {
    expect(searchAssistants(list, "resume").map((a) => a.name)).toEqual(["Résumé reviewer"]);
    expect(searchAssistants(list, "ada vpn").map((a) => a.name)).toEqual(["IT helpdesk"]);
    expect(searchAssistants(list, "  REMOTE ").map((a) => a.name)).toEqual(["HR policy assistant"]);
    expect(searchAssistants(list, "hopper").map((a) => a.name)).toEqual(["Résumé reviewer"]);
    expect(searchAssistants(list, "nothing like this")).toEqual([]);
  });

  it("returns everything for an empty query", () => {
    expect(searchAssistants(list, " ")).toHaveLength(3);
  });
});
