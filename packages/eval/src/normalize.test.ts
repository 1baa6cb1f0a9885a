import { describe, expect, it } from "vitest";
import { answerTokens, normalizeAnswer } from "./normalize";

describe("normalizeAnswer, English (the official SQuAD v1.1 script)", () => {
  it("lower-cases, removes punctuation and the articles a, an, the, and collapses whitespace", () => {
    expect(normalizeAnswer("The Denver Broncos!", "en")).toBe("denver broncos");
    expect(normalizeAnswer("  a   Super Bowl,\n an  MVP ", "en")).toBe("super bowl mvp");
    expect(normalizeAnswer("U.S. (Army)", "en")).toBe("us army");
  });

  it("removes articles only as whole words", () => {
    expect(normalizeAnswer("Theater and anthem", "en")).toBe("theater and anthem");
    // JavaScript's ASCII \b would see a word boundary after « é » and drop the « a ».
    expect(normalizeAnswer("éa", "en")).toBe("éa");
  });

  it("keeps accents and non-ASCII punctuation, like the Python script", () => {
    expect(normalizeAnswer("Été", "en")).toBe("été");
    expect(normalizeAnswer("1789–1799", "en")).toBe("1789–1799");
    expect(normalizeAnswer("l'armée", "en")).toBe("larmée");
  });
});

describe("normalizeAnswer, French and by default", () => {
  it("removes the French articles and the elided l' and d'", () => {
    expect(normalizeAnswer("Le château de Versailles", "fr")).toBe("chateau versailles");
    expect(normalizeAnswer("la tour Eiffel", "fr")).toBe("tour eiffel");
    expect(normalizeAnswer("les États-Unis", "fr")).toBe("etatsunis");
    expect(normalizeAnswer("l'Assemblée nationale", "fr")).toBe("assemblee nationale");
    expect(normalizeAnswer("L’armée du Nord", "fr")).toBe("armee nord");
    expect(normalizeAnswer("d'Artagnan", "fr")).toBe("artagnan");
    expect(normalizeAnswer("un roi, une reine, des princes", "fr")).toBe("roi reine princes");
  });

  it("keeps a d' that is inside a word", () => {
    expect(normalizeAnswer("aujourd'hui", "fr")).toBe("aujourdhui");
  });

  it("folds accents and ligatures, so « é » and « e » are equal", () => {
    expect(normalizeAnswer("Élisabeth", "fr")).toBe(normalizeAnswer("Elisabeth", "fr"));
    expect(normalizeAnswer("Cœur", "fr")).toBe("coeur");
    expect(normalizeAnswer("ÇA ÎLE", "fr")).toBe("ca ile");
  });

  it("removes French punctuation and symbols, including non-breaking spaces", () => {
    expect(normalizeAnswer("« Les Misérables »", "fr")).toBe("miserables");
    expect(normalizeAnswer("100\u00a0€ !", "fr")).toBe("100");
    expect(normalizeAnswer("1789–1799…", "fr")).toBe("17891799");
  });

  it("removes English articles too (« The Beatles ») and « à », folded to « a »", () => {
    expect(normalizeAnswer("The Beatles", "fr")).toBe("beatles");
    expect(normalizeAnswer("à Paris", "fr")).toBe("paris");
  });

  it("is the French flavour when no language is given", () => {
    for (const text of ["Le château de Versailles", "l'armée", "The Denver Broncos", "« Été »"]) {
      expect(normalizeAnswer(text)).toBe(normalizeAnswer(text, "fr"));
    }
  });

  it("can leave nothing", () => {
    expect(normalizeAnswer("The", "fr")).toBe("");
    expect(answerTokens("la !")).toEqual([]);
    expect(answerTokens("en 1789")).toEqual(["en", "1789"]);
  });
});
