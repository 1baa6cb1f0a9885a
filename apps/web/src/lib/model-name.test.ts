import { describe, expect, it } from "vitest";
import { en } from "~/i18n/en";
import { fr } from "~/i18n/fr";
import { createTranslator } from "~/i18n/translate";
import { localModelName } from "./model-name";

describe("localModelName", () => {
  it("translates the built-in engine's name only", () => {
    const t = createTranslator(fr, en);
    expect(localModelName("Built-in, no LLM — answers only from knowledge", t)).toBe("Intégré, sans LLM — répond uniquement à partir des connaissances");
    expect(localModelName("mistral-small-latest", t)).toBe("mistral-small-latest");
  });
});
