import { describe, expect, it } from "vitest";
import { splitHighlights } from "./highlight-parts";

describe("splitHighlights", () => {
  it("marks the words between the markers", () => {
    expect(splitHighlights("Report <mark>car</mark> <mark>insurance</mark> claims")).toEqual([
      { text: "Report ", marked: false },
      { text: "car", marked: true },
      { text: " ", marked: false },
      { text: "insurance", marked: true },
      { text: " claims", marked: false },
    ]);
  });

  it("keeps any other markup as plain text", () => {
    const parts = splitHighlights('<img src=x onerror="alert(1)"> and <b><mark>bold</mark></b>');
    expect(parts).toEqual([
      { text: '<img src=x onerror="alert(1)"> and <b>', marked: false },
      { text: "bold", marked: true },
      { text: "</b>", marked: false },
    ]);
    expect(splitHighlights("plain")).toEqual([{ text: "plain", marked: false }]);
    expect(splitHighlights("")).toEqual([]);
    expect(splitHighlights("end <mark>open")).toEqual([
      { text: "end ", marked: false },
      { text: "open", marked: true },
    ]);
  });
});
