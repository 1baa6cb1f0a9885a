import { describe, expect, it } from "vitest";
import { citationsOf, safeHttpUrl, splitRefs } from "./citation-refs";

describe("splitRefs", () => {
  it("turns known references into parts, adjacent ones included", () => {
    expect(splitRefs("Leave lasts three years. [1] Ask HR.[1][2]", new Set([1, 2]))).toEqual(["Leave lasts three years. ", { ref: 1 }, " Ask HR.", { ref: 1 }, { ref: 2 }]);
    expect(splitRefs("[2]", new Set([2]))).toEqual([{ ref: 2 }]);
  });

  it("leaves unknown numbers and other brackets as text", () => {
    expect(splitRefs("See [3] and [a] and [1]", new Set([1]))).toEqual(["See [3] and [a] and ", { ref: 1 }]);
    expect(splitRefs("No references", new Set())).toEqual(["No references"]);
  });
});

describe("citationsOf", () => {
  it("reads saved citations and ignores anything else", () => {
    const citation = { ref: 1, chunkId: "c", documentId: "d", sourceId: "s", title: "Guide", headingPath: ["A"], page: null, location: "/x", excerpt: "Quote." };
    expect(citationsOf({ citations: [citation, { ref: "bad" }] })).toEqual([citation]);
    expect(citationsOf({ citations: null })).toBeNull();
    expect(citationsOf({})).toBeNull();
  });
});

describe("safeHttpUrl", () => {
  it("links only http and https addresses", () => {
    expect(safeHttpUrl("https://intranet.example.com/a b")).toBe("https://intranet.example.com/a%20b");
    expect(safeHttpUrl("javascript:alert(1)")).toBeNull();
    expect(safeHttpUrl("/srv/shared/hr/leave.pdf")).toBeNull();
    expect(safeHttpUrl("file:///etc/passwd")).toBeNull();
  });
});
