import { describe, expect, it } from "vitest";
import { en } from "./en";
import { fr } from "./fr";
import { browserLocale } from "./index";
import { createTranslator, interpolate, leafKeys, lookup } from "./translate";

describe("interpolate", () => {
  it("replaces named parameters and leaves unknown ones as written", () => {
    expect(interpolate("{count} / {max} characters", { count: 12, max: 10 })).toBe("12 / 10 characters");
    expect(interpolate("Hello {name} and {other}", { name: "Ada" })).toBe("Hello Ada and {other}");
    expect(interpolate("No params")).toBe("No params");
  });
});

describe("lookup", () => {
  it("finds nested keys, including keys that contain dots", () => {
    expect(lookup(en, "chat.send")).toBe("Send");
    expect(lookup(en, "errors.app.auth.invalid_credentials")).toBe("Wrong email or password.");
    expect(lookup(en, "errors.app.not_found")).toMatch(/not found/);
    expect(lookup(en, "chat.nope")).toBeUndefined();
  });
});

describe("dictionaries", () => {
  it("French has every key of English, and no key English lacks", () => {
    expect(leafKeys(fr).sort()).toEqual(leafKeys(en).sort());
  });

  it("French keeps every parameter of the English sentence", () => {
    const params = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const key of leafKeys(en)) {
      expect(params(lookup(fr, key)!), key).toEqual(params(lookup(en, key)!));
    }
  });

  it("no French sentence is left empty", () => {
    for (const key of leafKeys(fr)) expect(lookup(fr, key)!.trim(), key).not.toBe("");
  });
});

describe("createTranslator", () => {
  it("translates with parameters and falls back to the key when unknown", () => {
    const t = createTranslator(fr, en);
    expect(t("chat.tooLong", { count: 5000, max: 4000 })).toBe("5000 / 4000 caractères — trop long");
    expect(t("nope.missing" as never)).toBe("nope.missing");
  });
});

describe("browserLocale", () => {
  it("picks the first supported language", () => {
    expect(browserLocale(["fr-FR", "en-US"])).toBe("fr");
    expect(browserLocale(["de-DE", "en-GB"])).toBe("en");
    expect(browserLocale(["de-DE"])).toBe("en");
  });
});
