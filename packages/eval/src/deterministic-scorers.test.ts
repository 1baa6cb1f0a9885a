import { NOT_FOUND_MESSAGES } from "@atelier/knowledge";
import { describe, expect, it } from "vitest";
import { containsReference, correctAbstention, exactMatch, isAbstention, sourceHitAtK, tokenF1, tokenF1Against } from "./deterministic-scorers";

describe("exact match and token F1 on SQuAD's worked examples (official script behaviour)", () => {
  it("« the Denver Broncos » vs « Denver Broncos »: EM 1, F1 1 (the article goes)", () => {
    expect(exactMatch("the Denver Broncos", ["Denver Broncos"], "en")).toBe(1);
    expect(tokenF1("the Denver Broncos", ["Denver Broncos"], "en")).toBe(1);
  });

  it("« Denver Broncos won » vs « Denver Broncos »: EM 0, F1 0.8 (precision 2/3, recall 1)", () => {
    expect(exactMatch("Denver Broncos won", ["Denver Broncos"], "en")).toBe(0);
    expect(tokenF1("Denver Broncos won", ["Denver Broncos"], "en")).toBeCloseTo(0.8, 12);
  });

  it("keeps the best score over several references", () => {
    // Super Bowl 50, « Where did Super Bowl 50 take place? », SQuAD v1.1 dev.
    const references = ["Levi's Stadium", "Levi's Stadium in the San Francisco Bay Area at Santa Clara, California.", "Santa Clara, California"];
    expect(exactMatch("Santa Clara, California", references, "en")).toBe(1);
    expect(exactMatch("Levi's Stadium.", references, "en")).toBe(1);
    // Against the second reference only: 3 common tokens, precision 1, recall 3/11 → F1 6/14.
    expect(tokenF1("Santa Clara, California", references.slice(0, 2), "en")).toBeCloseTo(3 / 7, 12);
    expect(exactMatch("Santa Clara, California", references.slice(0, 2), "en")).toBe(0);
  });

  it("counts tokens as a bag: « cat cat cat » vs « cat » has precision 1/3, recall 1 → F1 0.5", () => {
    expect(tokenF1Against("cat cat cat", "cat", "en")).toBeCloseTo(0.5, 12);
    expect(tokenF1Against("cat", "cat cat", "en")).toBeCloseTo(2 / 3, 12);
  });

  it("gives 0 without a common token, and 1 when both answers normalise to nothing", () => {
    expect(tokenF1("Carolina Panthers", ["Denver Broncos"], "en")).toBe(0);
    expect(tokenF1("the", ["a"], "en")).toBe(1);
    expect(exactMatch("the", ["a"], "en")).toBe(1);
    expect(tokenF1("the", ["Denver"], "en")).toBe(0);
  });

  it("ignores case and punctuation", () => {
    expect(exactMatch("DENVER, Broncos!", ["denver broncos"], "en")).toBe(1);
  });
});

describe("exact match and token F1 in French", () => {
  it("« Le château de Versailles » vs « château de Versailles »: EM 1", () => {
    expect(exactMatch("Le château de Versailles", ["château de Versailles"], "fr")).toBe(1);
    expect(tokenF1("Le château de Versailles", ["château de Versailles"], "fr")).toBe(1);
  });

  it("« en 1789 » vs « 1789 »: EM 0, F1 2/3 (2 tokens vs 1: precision 0.5, recall 1)", () => {
    expect(exactMatch("en 1789", ["1789"], "fr")).toBe(0);
    expect(tokenF1("en 1789", ["1789"], "fr")).toBeCloseTo(2 / 3, 12);
    expect(tokenF1("en 1789", ["1789"], "fr").toFixed(3)).toBe("0.667");
  });

  it("treats accents, elisions and quotes as equal", () => {
    expect(exactMatch("l'Assemblée nationale", ["Assemblee nationale"], "fr")).toBe(1);
    expect(exactMatch("« Élisabeth II »", ["Elisabeth II"], "fr")).toBe(1);
    expect(exactMatch("le 14 juillet 1789", ["14 juillet 1789"])).toBe(1);
  });

  it("keeps the best reference: « Louis XVI, roi de France » against two references", () => {
    // « louis xvi roi france » vs « louis xvi »: precision 2/4, recall 1 → 2/3; vs « roi »: 1/4, 1 → 0.4.
    expect(tokenF1("Louis XVI, roi de France", ["roi", "Louis XVI"], "fr")).toBeCloseTo(2 / 3, 12);
    expect(tokenF1Against("Louis XVI, roi de France", "roi", "fr")).toBeCloseTo(0.4, 12);
  });

  it("refuses an empty list of references", () => {
    expect(() => exactMatch("1789", [])).toThrow(/at least one reference answer/);
    expect(() => tokenF1("1789", [])).toThrow(RangeError);
    expect(() => containsReference("1789", [])).toThrow(RangeError);
  });
});

describe("containsReference", () => {
  it("finds a normalised reference inside a long answer", () => {
    expect(containsReference("La Révolution française commence en 1789, avec la prise de la Bastille.", ["1789"])).toBe(1);
    expect(containsReference("It was won by the Denver Broncos, 24–10.", ["Denver Broncos"], "en")).toBe(1);
    expect(containsReference("Selon les documents, c'est le Château de Versailles.", ["chateau de versailles"])).toBe(1);
  });

  it("matches whole tokens only", () => {
    expect(containsReference("en 17890", ["1789"])).toBe(0);
    expect(containsReference("Broncos", ["Denver Broncos"], "en")).toBe(0);
  });

  it("never matches a reference that normalises to nothing", () => {
    expect(containsReference("the answer", ["the"], "en")).toBe(0);
  });
});

describe("sourceHitAtK", () => {
  it("is 1 when an expected document is among the first k", () => {
    expect(sourceHitAtK(["d3", "d1", "d2"], ["d2"], 2)).toBe(0);
    expect(sourceHitAtK(["d3", "d1", "d2"], ["d2"], 3)).toBe(1);
    expect(sourceHitAtK(["d3", "d1", "d2"], ["d9", "d3"], 1)).toBe(1);
    expect(sourceHitAtK(["d3"], ["d2"], 10)).toBe(0);
    expect(sourceHitAtK([], ["d2"], 5)).toBe(0);
  });

  it("refuses a k below 1 and an empty expectation", () => {
    expect(() => sourceHitAtK(["d1"], ["d1"], 0)).toThrow(RangeError);
    expect(() => sourceHitAtK(["d1"], ["d1"], 1.5)).toThrow(RangeError);
    expect(() => sourceHitAtK(["d1"], [], 3)).toThrow(/at least one expected document/);
  });
});

describe("isAbstention", () => {
  it("recognises Atelier's own not-found messages", () => {
    expect(isAbstention(NOT_FOUND_MESSAGES.en, "en")).toBe(true);
    expect(isAbstention(NOT_FOUND_MESSAGES.fr, "fr")).toBe(true);
    expect(isAbstention(`${NOT_FOUND_MESSAGES.fr} Reformulez la question.`)).toBe(true);
  });

  it.each([
    "I did not find the answer in the documents.",
    "I didn’t find anything about this.",
    "I couldn't find that information.",
    "I don't know.",
    "Sorry, I do not know who won.",
    "That is not in the documents.",
    "The answer is not mentioned in the provided documents.",
    "The passages do not contain the date.",
    "The provided context doesn't mention the stadium.",
    "There is no information about the budget.",
  ])("English: %s", (text) => {
    expect(isAbstention(text, "en")).toBe(true);
  });

  it.each([
    "Je n'ai pas trouvé la réponse.",
    "Je n’ai rien trouvé à ce sujet.",
    "Désolé, je ne sais pas.",
    "Je ne trouve pas cette information dans les documents.",
    "Les documents ne précisent pas la date.",
    "Les documents fournis n'indiquent pas qui l'a construit.",
    "Ces documents ne donnent aucune information sur ce point.",
    "Le document ne mentionne rien à ce sujet.",
    "Cette information n'est pas mentionnée dans les documents.",
    "Il n'y a pas d'information sur le budget.",
    "Je ne dispose pas de cette information.",
  ])("French: %s", (text) => {
    expect(isAbstention(text, "fr")).toBe(true);
  });

  it.each([
    "Denver Broncos",
    "La Révolution française commence en 1789.",
    "Les documents mentionnent que la Révolution commence en 1789.",
    "Les documents ne mentionnent que 1789.",
    "The documents say it was 1789.",
    "I know: it was in 1789.",
    "Je sais que c'était en 1789.",
    "Le château n'est pas à Paris mais à Versailles.",
  ])("not an abstention: %s", (text) => {
    expect(isAbstention(text)).toBe(false);
  });

  it("counts a hedged answer as an abstention (the judge weighs that nuance)", () => {
    expect(isAbstention("I don't know the exact day, but it was in 1789.")).toBe(true);
  });

  it("looks in both languages unless told one", () => {
    expect(isAbstention("I don't know.")).toBe(true);
    expect(isAbstention("Je ne sais pas.")).toBe(true);
    expect(isAbstention("I don't know.", "fr")).toBe(false);
    expect(isAbstention("Je ne sais pas.", "en")).toBe(false);
  });
});

describe("correctAbstention", () => {
  it("is 1 when the answer declines a question the documents cannot answer", () => {
    expect(correctAbstention("Je ne sais pas.", { shouldAbstain: true })).toBe(1);
    expect(correctAbstention(NOT_FOUND_MESSAGES.en, { shouldAbstain: true, language: "en" })).toBe(1);
  });

  it("is 0 when the answer answers anyway", () => {
    expect(correctAbstention("Le budget est de 3 millions d'euros.", { shouldAbstain: true })).toBe(0);
  });

  it("is 1 when the answer answers a question the documents can answer, 0 when it declines", () => {
    expect(correctAbstention("En 1789.", { shouldAbstain: false })).toBe(1);
    expect(correctAbstention(NOT_FOUND_MESSAGES.fr, { shouldAbstain: false })).toBe(0);
  });
});
