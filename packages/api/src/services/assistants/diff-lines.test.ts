import { describe, expect, it } from "vitest";
import { diffLines } from "./diff-lines";

describe("diffLines", () => {
  it("keeps common lines and marks removed and added ones in order", () => {
    expect(diffLines("a\nb\nc", "a\nx\nc\nd")).toEqual([
      { kind: "same", text: "a" },
      { kind: "removed", text: "b" },
      { kind: "added", text: "x" },
      { kind: "same", text: "c" },
      { kind: "added", text: "d" },
    ]);
  });

  it("handles empty sides", () => {
    expect(diffLines("", "one")).toEqual([{ kind: "added", text: "one" }]);
    expect(diffLines("one", "")).toEqual([{ kind: "removed", text: "one" }]);
    expect(diffLines("", "")).toEqual([]);
  });
});
