import { describe, expect, it } from "vitest";
import { splitSentences, splitUnits } from "./split-sentences";

describe("splitSentences", () => {
  it("does not split after French titles and initials", () => {
    expect(
      splitSentences("M. Dupont est arrivé. Mme Martin aussi. Il a vu J. Récamier et MM. Durand à Paris.", "fr"),
    ).toEqual(["M. Dupont est arrivé.", "Mme Martin aussi.", "Il a vu J. Récamier et MM. Durand à Paris."]);
  });

  it("keeps decimals and percentages whole", () => {
    expect(splitSentences("Le taux passe de 3,5 % à 4.2 % en 2024. La hausse est de 0,7 point.", "fr")).toEqual([
      "Le taux passe de 3,5 % à 4.2 % en 2024.",
      "La hausse est de 0,7 point.",
    ]);
    expect(splitSentences("Revenue grew 3.5 percent. Costs fell.", "en")).toEqual([
      "Revenue grew 3.5 percent.",
      "Costs fell.",
    ]);
  });

  it("does not split after English abbreviations", () => {
    expect(
      splitSentences(
        "Use a manager, e.g. Bitwarden. Keys rotate yearly, i.e. every 12 months. St. Louis is in Missouri. See p. 12 for details.",
        "en",
      ),
    ).toEqual([
      "Use a manager, e.g. Bitwarden.",
      "Keys rotate yearly, i.e. every 12 months.",
      "St. Louis is in Missouri.",
      "See p. 12 for details.",
    ]);
  });

  it("ends a sentence at « etc. » only before a capital", () => {
    expect(splitSentences("Fruits, légumes, etc. sont vendus ici. On trouve des pommes, etc. Le marché ouvre.", "fr")).toEqual([
      "Fruits, légumes, etc. sont vendus ici.",
      "On trouve des pommes, etc.",
      "Le marché ouvre.",
    ]);
  });

  it("splits on question and exclamation marks, keeps closing quotes, not dotted abbreviations", () => {
    expect(splitSentences("En 52 av. J.-C. les Romains gagnent. Il est « célèbre ». Il part ! Pourquoi ? Parce que.", "fr")).toEqual([
      "En 52 av. J.-C. les Romains gagnent.",
      "Il est « célèbre ».",
      "Il part !",
      "Pourquoi ?",
      "Parce que.",
    ]);
  });

  it("makes each list item, table line and heading its own unit and joins wrapped prose lines", () => {
    const text = [
      "## Connect a folder",
      "To connect a folder:",
      "1. Open **Knowledge** in the sidebar.",
      "2. Click **Add source**",
      "   and choose **Folder**.",
      "- Pick the folder",
      "",
      "| Plan | Price |",
      "|---|---|",
      "| Pro | 10 € |",
      "A line wrapped by the PDF",
      "converter in the middle. Next sentence.",
    ].join("\n");
    expect(splitUnits(text, "en")).toEqual([
      { text: "## Connect a folder", kind: "heading" },
      { text: "To connect a folder:", kind: "sentence" },
      { text: "1. Open **Knowledge** in the sidebar.", kind: "list-item" },
      { text: "2. Click **Add source** and choose **Folder**.", kind: "list-item" },
      { text: "- Pick the folder", kind: "list-item" },
      { text: "| Plan | Price |", kind: "table-row" },
      { text: "| Pro | 10 € |", kind: "table-row" },
      { text: "A line wrapped by the PDF converter in the middle.", kind: "sentence" },
      { text: "Next sentence.", kind: "sentence" },
    ]);
    expect(splitSentences("Jour | Présence\nLundi | Bureau", "fr")).toEqual(["Jour | Présence", "Lundi | Bureau"]);
  });

  it("keeps a short title line apart from the sentence under it", () => {
    expect(splitSentences("Horaires d'été\nLes bureaux ferment à 16 heures.", "fr")).toEqual([
      "Horaires d'été",
      "Les bureaux ferment à 16 heures.",
    ]);
  });
});
